export { main, buildProgram } from "./main.js";
export { UsageError } from "./errors.js";

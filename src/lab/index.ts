export { STAGES, type Stage } from "./stages.js";
export { threadReport, currentThreadReport, type ThreadReport } from "./environment.js";

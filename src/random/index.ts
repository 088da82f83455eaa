export { createRng, hashString, type Rng } from "./rng.js";

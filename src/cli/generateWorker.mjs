// Worker-thread entry of `vessel-lab generate`. A worker does not inherit the tsx loader that
// bin/vessel-lab.js registered, so it registers tsx itself (resolved from this file, so it works
// whatever the current folder) and then loads the TypeScript worker.
import { register } from "tsx/esm/api";

register();
await import("./generateWorker.ts");

#!/usr/bin/env node
// The vessel-lab command. The engine is TypeScript in src/; tsx compiles it on load, so the
// CLI, the pages and the tests run the same source.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv);

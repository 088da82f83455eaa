#!/usr/bin/env node
// The vessel-lab command. The engine is TypeScript in src/; tsx compiles it on load, so the
// CLI, the pages and the tests run the same source.
import { register } from "tsx/esm/api";

// A reader that stops early (`vessel-lab generate --help | head`) closes the pipe under us: stop quietly, without an
// unhandled-error stack (a Unix tool dies of SIGPIPE there, status 141; this ends with the exit code set so far, 0
// when none). Any other write error stays an error.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv);

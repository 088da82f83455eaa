#!/usr/bin/env node
// The vessel-lab command. The engine is TypeScript in src/; tsx compiles it on load, so the
// CLI, the pages and the tests run the same source.
import { register } from "tsx/esm/api";

// A reader that stops early (`vessel-lab generate --help | head`) closes the pipe under us: stop quietly, as a
// Unix tool does, rather than print an unhandled-error stack. Any other write error stays an error.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv);

import { Command } from "commander";
import { readFileSync } from "node:fs";
import { COMMANDS } from "./commands.js";
import { runProgram } from "./runProgram.js";

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

/** The vessel-lab program with every command registered. */
export function buildProgram(): Command {
  const program = new Command("vessel-lab")
    .description("Grow vessel trees, voxelise them, synthesise angiograms, segment and evaluate scans: vessel segmentation learned from simulation alone.")
    .version(version(), "-v, --version", "print the version")
    .showHelpAfterError("(run with --help for usage)")
    .configureHelp({ sortSubcommands: false })
    // before the commands are added, so they inherit it: commander's own usage errors throw instead of exiting
    .exitOverride();
  for (const register of COMMANDS) register(program);
  return program;
}

/** Runs the CLI on `argv` (as process.argv) and returns the exit code. Errors print one clear line, never a stack. */
export async function main(argv: string[]): Promise<number> {
  return runProgram(buildProgram(), argv);
}

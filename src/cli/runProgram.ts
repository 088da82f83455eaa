import { Command, CommanderError } from "commander";
import { UsageError } from "./errors.js";

/**
 * Parses `argv` (as process.argv) with `program` and returns the exit code: errors print one clear line, never a
 * stack (`VESSEL_LAB_DEBUG` adds it), and a usage mistake exits 2. Shared by the CLI (`main`) and the generator
 * bundled alone for a lent GPU machine (models/train/gpu), so it imports nothing but commander.
 */
export async function runProgram(program: Command, argv: string[]): Promise<number> {
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    // commander has printed its own message; a usage mistake exits 2 like the commands' own (help and --version: 0)
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof UsageError || error instanceof RangeError) {
      process.stderr.write(`vessel-lab: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`vessel-lab: ${(error as Error).message ?? String(error)}\n`);
    if (process.env.VESSEL_LAB_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    return 1;
  }
}

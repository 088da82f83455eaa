// `vessel-lab generate` alone, for a machine that has Node but not this repository's node_modules (a GPU
// machine lent for a training run): gpu/bundle.sh bundles this file and the generator's worker with esbuild.
// The bundle writes the same samples, byte for byte, as `npx vessel-lab generate` (sample i depends on the seed,
// the size, the preset and i alone), and ends as the CLI does: one line for an error, exit 2 for a usage mistake.
import { Command, CommanderError } from "commander";
import { UsageError } from "../../../src/cli/errors.ts";
import { registerGenerate } from "../../../src/cli/generate.ts";

const program = new Command("vessel-lab").exitOverride();
registerGenerate(program);
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2; // commander has printed its own message
  } else {
    process.stderr.write(`vessel-lab: ${(error as Error).message ?? String(error)}\n`);
    process.exitCode = error instanceof UsageError || error instanceof RangeError ? 2 : 1;
  }
}

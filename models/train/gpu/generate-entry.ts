// `vessel-lab generate` alone, for a machine that has Node but not this repository's node_modules (a GPU
// machine lent for a training run): gpu/bundle.sh bundles this file and the generator's worker with esbuild.
// The bundle writes the same samples, byte for byte, as `npx vessel-lab generate` (sample i depends on the seed,
// the size, the preset and i alone), and ends as the CLI does (runProgram: one line for an error, 2 for a usage mistake).
import { Command } from "commander";
import { registerGenerate } from "../../../src/cli/generate.ts";
import { runProgram } from "../../../src/cli/runProgram.ts";

const program = new Command("vessel-lab").exitOverride();
registerGenerate(program);
process.exitCode = await runProgram(program, process.argv);

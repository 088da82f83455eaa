import type { Command } from "commander";
import os from "node:os";

/** `vessel-lab info`: what this machine offers the lab, as JSON. */
export function registerInfo(program: Command): void {
  program
    .command("info")
    .description("print what this machine offers the lab (Node, cores, memory) as JSON")
    .action(() => {
      const info = {
        node: process.version,
        platform: `${process.platform}-${process.arch}`,
        cores: os.availableParallelism?.() ?? os.cpus().length,
        memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
      };
      process.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
    });
}

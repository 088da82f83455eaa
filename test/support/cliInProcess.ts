import { main } from "../../src/cli/index.js";

/** main(argv) in this process with stderr captured: what `vessel-lab ARGS` prints and returns, without a process start per case. */
export async function cliInProcess(args: string[]): Promise<{ code: number; stderr: string }> {
  const chunks: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array) => (chunks.push(String(chunk)), true)) as typeof process.stderr.write;
  try {
    const code = await main(["node", "vessel-lab", ...args]);
    return { code, stderr: chunks.join("") };
  } finally {
    process.stderr.write = write;
  }
}

import { spawnSync } from "node:child_process";

/** Runs `node bin/vessel-lab.js ARGS` and returns its exit code and output. */
export function cli(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ["bin/vessel-lab.js", ...args], { encoding: "utf8", input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

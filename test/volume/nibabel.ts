// Runs scripts/nibabel-check.py under Debian's /usr/bin/python3 (which has python3-nibabel; the python3 first on
// PATH may be another interpreter without it). A missing nibabel FAILS the calling test, with the install line.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";

const PYTHON = "/usr/bin/python3";
const INSTALL = "apt-get install -y python3-nibabel";

/** `read` gives one description per path, in order; `write` a record of the reference files it wrote into the folder. */
export function nibabel(mode: "read" | "write", ...paths: string[]): any {
  const r = spawnSync(PYTHON, ["scripts/nibabel-check.py", mode, ...paths], { encoding: "utf8" });
  if (r.error) assert.fail(`cannot run ${PYTHON} (${r.error.message}): the NIfTI cross-check needs Debian's python3 with nibabel: ${INSTALL}`);
  if (r.status === 3 || /No module named/.test(r.stderr)) assert.fail(`${PYTHON} has no nibabel: ${INSTALL}\n${r.stderr}`);
  assert.equal(r.status, 0, `nibabel-check.py ${mode} ${paths.join(" ")} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** A row-major nested 4×4 (nibabel's affine.tolist()) as vessel-lab's flat Affine. */
export function flat(m: number[][]): number[] {
  return m.flat();
}

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A fresh folder of scripts/dicom-check.py's DICOM series (pydicom and GDCM write them with Debian's python3), one
 * subfolder each. A missing module FAILS the test with the install line.
 */
export function writeDicomFolders(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const r = spawnSync("/usr/bin/python3", ["scripts/dicom-check.py", "write", dir], { encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
  assert.equal(
    r.status,
    0,
    `scripts/dicom-check.py write (apt-get install -y python3-pydicom python3-nibabel dcm2niix libgdcm-tools python3-gdcm): ${r.stderr}`,
  );
  return dir;
}

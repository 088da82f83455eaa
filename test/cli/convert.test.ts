import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { axisCodes, createVolume, readVolume, writeNifti } from "../../src/volume/index.js";
import { cliInProcess } from "../support/cliInProcess.js";
import { nibabel } from "../volume/nibabel.js";

// an oblique, left-handed grid (axes permuted and flipped), 0.6 × 0.5 × 1.5 mm, int16 values
const OBLIQUE = [0, -0.5, 0, 12, 0.6, 0, 0, -8, 0, 0, -1.5, 40, 0, 0, 0, 1];

test("vessel-lab convert: NIfTI → MetaImage → NRRD → NIfTI keeps every voxel, the type and the placement (nibabel reads the last file so)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "vessel-lab-convert-"));
  try {
    const v = createVolume(Int16Array, [7, 5, 4], [0.6, 0.5, 1.5], OBLIQUE);
    v.data.forEach((_, n) => (v.data[n] = ((n * 37) % 301) - 150));
    writeFileSync(join(dir, "a.nii.gz"), writeNifti(v));
    const steps = [
      ["a.nii.gz", "b.mha", /a\.nii\.gz \(NIfTI\) → .*b\.mha \(MetaImage\), 7×5×4 int16/],
      ["b.mha", "c.nrrd", /\(MetaImage\) → .*c\.nrrd \(NRRD\)/],
      ["c.nrrd", "d.nii", /\(NRRD\) → .*d\.nii \(NIfTI\)/],
    ] as const;
    for (const [from, to, said] of steps) {
      const r = await cliInProcess(["convert", "--in", join(dir, from), "--out", join(dir, to)]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, said);
    }
    for (const name of ["b.mha", "c.nrrd", "d.nii"]) {
      const w = readVolume(readFileSync(join(dir, name)));
      assert.ok(w.data instanceof Int16Array, name);
      assert.deepEqual(Array.from(w.data), Array.from(v.data), name);
      w.affine.forEach((x, n) => assert.ok(Math.abs(x - OBLIQUE[n]) < 1e-6, `${name}: ${w.affine}`));
    }
    const [ref] = nibabel("read", join(dir, "d.nii"));
    assert.deepEqual(ref.shape, [7, 5, 4]);
    ref.affine.flat().forEach((x: number, n: number) => assert.ok(Math.abs(x - OBLIQUE[n]) < 1e-5, `nibabel: ${ref.affine}`));
    assert.deepEqual(axisCodes(OBLIQUE), ["A", "L", "I"]);
    // a TIFF stack keeps the voxels and their size, not the placement, and says so
    const tif = await cliInProcess(["convert", "--in", join(dir, "a.nii.gz"), "--out", join(dir, "e.tif")]);
    assert.equal(tif.code, 0, tif.stderr);
    assert.match(tif.stderr, /\(NIfTI\) → .*e\.tif \(TIFF\), 7×5×4 int16/);
    assert.match(tif.stderr, /keeps the voxels and their size but not the scan's orientation or origin/);
    const back = await cliInProcess(["convert", "--in", join(dir, "e.tif"), "--out", join(dir, "f.nii.gz")]);
    assert.equal(back.code, 0, back.stderr);
    assert.doesNotMatch(back.stderr, /orientation/);
    const [f] = nibabel("read", join(dir, "f.nii.gz"));
    assert.deepEqual(f.shape, [7, 5, 4]);
    assert.deepEqual(f.data, Array.from(v.data));
    assert.deepEqual(
      f.zooms.map((z: number) => +z.toFixed(5)),
      [0.6, 0.5, 1.5],
    );
    const same = await cliInProcess(["convert", "--in", join(dir, "b.mha"), "--out", join(dir, "b.mha")]);
    assert.equal(same.code, 2);
    assert.match(same.stderr, /is the --in file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

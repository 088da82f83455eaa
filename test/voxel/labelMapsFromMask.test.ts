import { test } from "node:test";
import assert from "node:assert/strict";
import { checkMask, imagingLabelsFromMask, labelMapsFromMask, maskFlow, maskVoxels, MAX_MASK_VOXELS } from "../../src/voxel/index.js";
import { createVolume, type Affine, type Vec3, type Volume } from "../../src/volume/index.js";

const SPACING: Vec3 = [0.5, 0.5, 0.8];
// x flipped and shifted, as a scanner's affine may be
const AFFINE: Affine = [-0.5, 0, 0, 20, 0, 0.5, 0, -7, 0, 0, 0.8, 3, 0, 0, 0, 1];

/** A tube along x through (·, 12, 10) on a 40×24×20 grid: radius (mm) from `r0` at x = 4 to `r1` at x = 35, inside = `value`. */
function cone(r0: number, r1: number, value = 255, ArrayType: { new (n: number): Uint8Array | Float32Array } = Uint8Array): Volume {
  const dims: Vec3 = [40, 24, 20];
  const mask = createVolume(ArrayType, dims, SPACING, AFFINE);
  for (let k = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++)
      for (let i = 4; i <= 35; i++) {
        const r = r0 + ((r1 - r0) * (i - 4)) / 31;
        if (((j - 12) * SPACING[1]) ** 2 + ((k - 10) * SPACING[2]) ** 2 <= r * r) mask.data[i + dims[0] * (j + dims[1] * k)] = value;
      }
  return mask;
}

const count = (a: ArrayLike<number>) => {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i]) n++;
  return n;
};

test("labelMapsFromMask(mask) keeps the grid; fraction, binary and classes are the mask as 0/1; centreline is its skeleton inside it", () => {
  const mask = cone(2.5, 2.5);
  const maps = labelMapsFromMask(mask);
  for (const key of ["fraction", "binary", "classes", "centreline", "flow"] as const) {
    assert.deepEqual(maps[key].dims, mask.dims, key);
    assert.deepEqual(maps[key].spacing, mask.spacing, key);
    assert.deepEqual(maps[key].affine, AFFINE, key);
  }
  assert.ok(maps.fraction.data instanceof Float32Array && maps.flow.data instanceof Float32Array);
  for (let v = 0; v < mask.data.length; v++) {
    const inside = mask.data[v] > 0 ? 1 : 0;
    assert.equal(maps.binary.data[v], inside);
    assert.equal(maps.fraction.data[v], inside);
    assert.equal(maps.classes.data[v], inside);
    if (maps.centreline.data[v]) assert.equal(inside, 1, `centreline voxel ${v} outside the mask`);
    if (!inside) assert.equal(maps.flow.data[v], 0);
  }
  // a straight tube thins to a line along x, near its axis (j = 12, k = 10)
  const line = count(maps.centreline.data);
  assert.ok(line >= 25 && line <= 40, `centreline voxels ${line}`);
  for (let v = 0; v < mask.data.length; v++) {
    if (!maps.centreline.data[v]) continue;
    const j = Math.floor(v / 40) % 24,
      k = Math.floor(v / (40 * 24));
    assert.ok(Math.abs(j - 12) <= 1 && Math.abs(k - 10) <= 1, `centreline at j=${j}, k=${k}`);
  }
});

test("imagingLabelsFromMask(mask) binarises at value > 0: 0/255, float labels, negative and NaN values", () => {
  const mask = createVolume(Float32Array, [4, 3, 2], [1, 1, 1]);
  mask.data.set([0, 255, 0.25, -3, NaN, 1e-7, 0, 0, 1, 0, -0, 2]);
  const maps = imagingLabelsFromMask(mask);
  assert.deepEqual([...maps.binary.data], [0, 1, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual([...maps.fraction.data], [...maps.binary.data]);
  assert.ok(!("centreline" in maps));
});

test("maskFlow(binary) is 0 at the thickest point and grows with the distance from it in mm (anisotropic spacing)", () => {
  const binary = imagingLabelsFromMask(cone(3.5, 1)).binary;
  const { flow, root } = maskFlow(binary);
  assert.ok(root);
  const [ri, rj, rk] = root;
  assert.ok(ri < 15, `root at x = ${ri}, not in the thick third`); // the radius is largest at x = 4 (the end cap limits the depth there)
  assert.ok(Math.abs(rj - 12) <= 1 && Math.abs(rk - 10) <= 1, `root (${root}) off the axis`);
  const at = (i: number, j: number, k: number) => flow.data[i + 40 * (j + 24 * k)];
  assert.equal(at(ri, rj, rk), 0);
  // exact Euclidean distance in mm along each axis
  assert.ok(Math.abs(at(30, rj, rk) - (30 - ri) * 0.5) < 1e-5);
  assert.ok(Math.abs(at(ri, rj, rk + 2) - 2 * 0.8) < 1e-5);
  assert.ok(at(35, 12, 10) > at(20, 12, 10) && at(20, 12, 10) > at(10, 12, 10));
  // with the mask empty there is no root
  const empty = maskFlow(createVolume(Uint8Array, [3, 3, 3]));
  assert.equal(empty.root, null);
  assert.equal(count(empty.flow.data), 0);
  assert.equal(maskVoxels(new Uint8Array([0, 1, 0, 7])).join(), "1,3");
});

test("checkMask(mask, name) refuses an empty mask, one over MAX_MASK_VOXELS and a non-Volume, naming it and the fix", () => {
  assert.throws(() => imagingLabelsFromMask(createVolume(Uint8Array, [8, 8, 8])), /^RangeError: mask: no voxel is > 0.*give a binary vessel mask/);
  const negative = createVolume(Float32Array, [2, 2, 2]);
  negative.data.fill(-1);
  assert.throws(() => checkMask(negative, "--label m.nii"), /^RangeError: --label m.nii: no voxel is > 0/);
  const huge = { data: new Uint8Array(1), dims: [1024, 1024, 129] as Vec3, spacing: [1, 1, 1] as Vec3, affine: AFFINE };
  assert.ok(1024 * 1024 * 129 > MAX_MASK_VOXELS);
  assert.throws(
    () => checkMask(huge, "--label big.nii.gz"),
    /^RangeError: --label big.nii.gz: 1024×1024×129 = 135,266,304 voxels, more than the 134,217,728 a mask may hold; crop it/,
  );
  assert.throws(() => checkMask({ ...huge, dims: [2, 2, 2] }), /^RangeError: mask: 1 values for dims 2×2×2/);
  assert.throws(() => checkMask({ data: [1, 2] } as unknown as Volume), /^TypeError: mask: not a Volume/);
  assert.equal(checkMask(cone(1, 1, 1)), count(cone(1, 1, 1).data));
});

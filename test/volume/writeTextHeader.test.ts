import { test } from "node:test";
import assert from "node:assert/strict";
import { type Volume, type VoxelArray, createVolume, readVolume, writeMetaImage, writeNrrd } from "../../src/volume/index.js";

// voxel (i, j, k) → RAS: an oblique, left-handed grid (axes permuted and flipped), 0.6 × 0.5 × 1.5 mm
const OBLIQUE = [0, -0.5, 0, 12, 0.6, 0, 0, -8, 0, 0, -1.5, 40, 0, 0, 0, 1];

function volumes(): Volume[] {
  const types: Array<new (n: number) => VoxelArray> = [Uint8Array, Int16Array, Float32Array, Float64Array, Uint16Array, Int32Array];
  return types.map((T) => {
    const v = createVolume(T, [5, 4, 3], [0.6, 0.5, 1.5], OBLIQUE);
    v.data.forEach((_, n) => (v.data[n] = T === Float32Array || T === Float64Array ? n / 7 - 3 : (n * 13) % 120));
    return v;
  });
}

function header(bytes: Uint8Array): string {
  return new TextDecoder("latin1").decode(bytes.subarray(0, 600));
}

test("writeMetaImage and writeNrrd read back (readVolume) to the same voxels, type and RAS+ affine, compressed or not", () => {
  for (const v of volumes()) {
    for (const bytes of [writeMetaImage(v), writeMetaImage(v, { compress: false }), writeNrrd(v), writeNrrd(v, { compress: false })]) {
      const back = readVolume(bytes);
      assert.equal(back.data.constructor, v.data.constructor);
      assert.deepEqual(Array.from(back.data), Array.from(v.data));
      assert.deepEqual(back.dims, v.dims);
      back.affine.forEach((x, n) => assert.ok(Math.abs(x - OBLIQUE[n]) < 1e-12, `${back.affine} vs ${OBLIQUE}`));
      back.spacing.forEach((s, a) => assert.ok(Math.abs(s - v.spacing[a]) < 1e-12));
    }
  }
});

test("the headers say what the formats' specifications ask: LPS directions, origin and spacing, by hand for an axis-aligned RAS grid", () => {
  // RAS: x = 10 + 0.5 i, y = 20 + 0.6 j, z = 30 + 0.7 k  →  LPS: (−10 − 0.5 i, −20 − 0.6 j, 30 + 0.7 k)
  const v = createVolume(Int16Array, [2, 3, 4], [0.5, 0.6, 0.7], [0.5, 0, 0, 10, 0, 0.6, 0, 20, 0, 0, 0.7, 30, 0, 0, 0, 1]);
  const mha = header(writeMetaImage(v));
  for (const line of [
    "NDims = 3",
    "TransformMatrix = -1 0 0 0 -1 0 0 0 1",
    "Offset = -10 -20 30",
    "ElementSpacing = 0.5 0.6 0.7",
    "DimSize = 2 3 4",
    "ElementType = MET_SHORT",
    "CompressedData = True",
  ])
    assert.ok(mha.includes(`\n${line}\n`), `${line} in\n${mha}`);
  assert.ok(/\nElementDataFile = LOCAL\n/.test(mha));
  const nrrd = header(writeNrrd(v, { content: "vessel" }));
  assert.ok(nrrd.startsWith("NRRD0004\n"));
  for (const line of [
    "type: int16",
    "space: left-posterior-superior",
    "sizes: 2 3 4",
    "space directions: (-0.5,0,0) (0,-0.6,0) (0,0,0.7)",
    "space origin: (-10,-20,30)",
    "encoding: gzip",
    "content: vessel",
  ])
    assert.ok(nrrd.includes(`\n${line}\n`), `${line} in\n${nrrd}`);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { affineColumnNorms, affinesClose, axisCodes, invertAffine, multiplyAffines, transformPoint } from "../../src/volume/index.js";

const M = [0, -0.75, 0, 12.5, 0.5, 0, 0.1, -8.25, 0, 0, -2, 40, 0, 0, 0, 1];
const I = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

test("invertAffine(m) gives the inverse: m · m⁻¹ = I, and rejects a singular matrix", () => {
  assert.ok(affinesClose(multiplyAffines(M, invertAffine(M)), I, 1e-12));
  assert.ok(affinesClose(multiplyAffines(invertAffine(M), M), I, 1e-12));
  assert.throws(() => invertAffine([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]), /singular/);
});

test("transformPoint(m, p) maps voxel to world and multiplyAffines(a, b) applies b first", () => {
  assert.deepEqual(transformPoint(M, [0, 0, 0]), [12.5, -8.25, 40]);
  assert.deepEqual(transformPoint(M, [2, 4, 1]), [12.5 - 3, -8.25 + 1 + 0.1, 38]);
  const shift = [1, 0, 0, 1, 0, 1, 0, 2, 0, 0, 1, 3, 0, 0, 0, 1];
  assert.deepEqual(transformPoint(multiplyAffines(M, shift), [0, 0, 0]), transformPoint(M, [1, 2, 3]));
});

test("affineColumnNorms(m) is the voxel size an affine implies; affinesClose(a, b, tol) compares entrywise", () => {
  const norms = affineColumnNorms(M);
  assert.deepEqual(
    norms.map((x) => +x.toFixed(6)),
    [0.5, 0.75, +Math.hypot(0.1, 2).toFixed(6)],
  );
  assert.ok(
    affinesClose(
      M,
      M.map((x) => x + 1e-5),
    ),
  );
  assert.ok(
    !affinesClose(
      M,
      M.map((x) => x + 1e-3),
    ),
  );
  assert.ok(!affinesClose(M, M.slice(0, 12)));
});

test("axisCodes(m) names where each voxel axis points, as nibabel's aff2axcodes does (its answers for these affines, by hand)", () => {
  assert.deepEqual(axisCodes([0.5, 0, 0, 1, 0, 0.6, 0, 2, 0, 0, 0.7, 3, 0, 0, 0, 1]), ["R", "A", "S"]);
  assert.deepEqual(axisCodes([-0.5, 0, 0, 1, 0, -0.6, 0, 2, 0, 0, 0.7, 3, 0, 0, 0, 1]), ["L", "P", "S"]);
  assert.deepEqual(axisCodes([0, -0.5, 0, 12, 0.6, 0, 0, -8, 0, 0, -1.5, 40, 0, 0, 0, 1]), ["A", "L", "I"]);
  // oblique: each axis gets the world direction its column leans on most (nibabel: R A I, and A R S)
  assert.deepEqual(axisCodes([0.9, 0.3, 0, 0, -0.3, 0.9, 0, 0, 0, 0, -1, 0, 0, 0, 0, 1]), ["R", "A", "I"]);
  assert.deepEqual(axisCodes([-0.2, 1, 0, 0, 1, 0.2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]), ["A", "R", "S"]);
  // a pure rotation, an oblique anisotropic grid and a sheared one: nibabel 5's aff2axcodes gives R S P, I A R and R A S
  assert.deepEqual(axisCodes([0.9077, -0.2432, 0.342, 0, 0.4106, 0.683, -0.604, 0, -0.0867, 0.6887, 0.7198, 0, 0, 0, 0, 1]), ["R", "S", "P"]);
  assert.deepEqual(axisCodes([0.313753, -0.286788, 2.632704, 0, 0.219693, 0.409576, 1.843439, 0, -0.321394, 0, 3.830222, 0, 0, 0, 0, 1]), ["I", "A", "R"]);
  assert.deepEqual(axisCodes([0.5, 0.4, 0, 0, 0, 0.5, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]), ["R", "A", "S"]);
  assert.deepEqual(axisCodes([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]), ["?", "?", "?"]);
});

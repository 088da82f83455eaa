import { test } from "node:test";
import assert from "node:assert/strict";
import { affineToQform, qformToAffine, multiplyAffines } from "../../src/volume/index.js";

function rotation(axis: [number, number, number], angle: number): number[] {
  const n = Math.hypot(...axis);
  const [x, y, z] = axis.map((a) => a / n);
  const c = Math.cos(angle),
    s = Math.sin(angle),
    t = 1 - c;
  return [
    t * x * x + c,
    t * x * y - s * z,
    t * x * z + s * y,
    0,
    t * x * y + s * z,
    t * y * y + c,
    t * y * z - s * x,
    0,
    t * x * z - s * y,
    t * y * z + s * x,
    t * z * z + c,
    0,
    0,
    0,
    0,
    1,
  ];
}

function close(a: number[], b: number[], tol = 1e-9) {
  a.forEach((x, n) => assert.ok(Math.abs(x - b[n]) < tol, `entry ${n}: ${x} vs ${b[n]}\n${a}\n${b}`));
}

test("affineToQform(affine) and qformToAffine(qform) round-trip rotations, scalings and both handednesses", () => {
  const axes: Array<[number, number, number]> = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
    [1, 2, 3],
    [-2, 0.5, 1],
  ];
  for (const axis of axes) {
    for (const angle of [0, 0.3, 1.7, Math.PI, -2.9]) {
      for (const flip of [1, -1]) {
        const scale = [0.7, 0, 0, 0, 0, 1.3, 0, 0, 0, 0, 2.1 * flip, 0, 0, 0, 0, 1];
        const m = multiplyAffines(rotation(axis, angle), scale);
        m[3] = 4;
        m[7] = -5;
        m[11] = 6.5;
        const q = affineToQform(m);
        assert.equal(q.qfac, flip);
        close(q.pixdim, [0.7, 1.3, 2.1]);
        close(qformToAffine(q), m);
      }
    }
  }
});

test("affineToQform(affine) handles the 180° rotations (quaternion a = 0) of axis flips", () => {
  for (const diag of [
    [-1, -1, 1],
    [-1, 1, -1],
    [1, -1, -1],
    [-1, 1, 1],
    [1, -1, 1],
  ]) {
    const m = [diag[0], 0, 0, 0, 0, diag[1], 0, 0, 0, 0, diag[2], 0, 0, 0, 0, 1];
    close(qformToAffine(affineToQform(m)), m);
  }
});

test("affineToQform(affine) replaces shear by the nearest rotation and rejects a singular affine", () => {
  const sheared = [1, 0.1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
  const back = qformToAffine(affineToQform(sheared));
  close(back, sheared, 0.06);
  const cols = [0, 1, 2].map((c) => [back[c], back[4 + c], back[8 + c]]);
  assert.ok(Math.abs(cols[0][0] * cols[1][0] + cols[0][1] * cols[1][1] + cols[0][2] * cols[1][2]) < 1e-9, "columns orthogonal");
  assert.throws(() => affineToQform([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]), /zero or non-finite column/);
});

test("qformToAffine(qform) treats zero pixdim as 1 and renormalises a quaternion just over unit length", () => {
  const m = qformToAffine({ quatern: [1.0000001, 0, 0], offset: [0, 0, 0], pixdim: [0, 2, 3], qfac: 1 });
  close(m, [1, 0, 0, 0, 0, -2, 0, 0, 0, 0, -3, 0, 0, 0, 0, 1], 1e-6);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { createVolume, type Vec3, type Volume } from "../../src/volume/index.js";
import { defaultRadii, frangiContrast, hessianAtScale, resolveVesselnessOptions, vesselness } from "../../src/vesselness/index.js";

/**
 * A straight tube along `axis` through the grid's centre, radius `r` mm, intensity 1 inside and 0 outside, its
 * boundary anti-aliased over one voxel (the cross-section's finest side), on a grid of `spacing` mm.
 */
function tube(dims: Vec3, spacing: Vec3, r: number, axis: 0 | 1 | 2 = 2, contrast = 1, background = 0): Volume<Float32Array> {
  const v = createVolume(Float32Array, dims, spacing);
  const [a, b] = [0, 1, 2].filter((k) => k !== axis);
  const h = Math.min(spacing[a], spacing[b]);
  const centre = dims.map((d, k) => ((d - 1) / 2) * spacing[k]);
  for (let z = 0; z < dims[2]; z++)
    for (let y = 0; y < dims[1]; y++)
      for (let x = 0; x < dims[0]; x++) {
        const p = [x * spacing[0], y * spacing[1], z * spacing[2]];
        const d = Math.hypot(p[a] - centre[a], p[b] - centre[b]);
        const inside = Math.min(1, Math.max(0, (r - d) / h + 0.5));
        v.data[x + dims[0] * (y + dims[1] * z)] = background + contrast * inside;
      }
  return v;
}

const centreIndex = (dims: Vec3) => (dims[0] >> 1) + dims[0] * ((dims[1] >> 1) + dims[1] * (dims[2] >> 1));
const RADII = [1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7];

test("hessianAtScale(quadratic) gives σ² times its constant second derivatives, in mm, on anisotropic voxels", () => {
  const dims: Vec3 = [20, 18, 16];
  const spacing: Vec3 = [0.5, 1, 1.5];
  const v = createVolume(Float32Array, dims, spacing);
  // f(x, y, z) = 0.3x² − 0.2y² + 0.1z² + 0.25xy − 0.15xz + 0.05yz with x, y, z in mm (centred)
  const [A, B, C, D, E, F] = [0.3, -0.2, 0.1, 0.25, -0.15, 0.05];
  for (let k = 0; k < 16; k++)
    for (let j = 0; j < 18; j++)
      for (let i = 0; i < 20; i++) {
        const x = (i - 10) * 0.5,
          y = (j - 9) * 1,
          z = (k - 8) * 1.5;
        v.data[i + 20 * (j + 18 * k)] = A * x * x + B * y * y + C * z * z + D * x * y + E * x * z + F * y * z;
      }
  const sigma = 1.2;
  const h = hessianAtScale(v.data, dims, spacing, sigma);
  const want = { xx: 2 * A, yy: 2 * B, zz: 2 * C, xy: D, xz: E, yz: F };
  const s2 = sigma * sigma;
  // far from the edges (the reflected edge changes the quadratic): 3σ is 8 voxels along x, 4 along y, 3 along z
  for (let k = 5; k < 11; k++)
    for (let j = 5; j < 13; j++)
      for (let i = 8; i < 12; i++) {
        const n = i + 20 * (j + 18 * k);
        for (const [key, value] of Object.entries(want)) {
          const got = h[key as keyof typeof want][n];
          assert.ok(Math.abs(got - s2 * value) < 2e-3, `${key} at (${i}, ${j}, ${k}): ${got}, want ${s2 * value}`);
        }
      }
});

test("vesselness(tube of radius r) answers most at the scale theory predicts: its scale map reads r at the centreline", () => {
  for (const r of [2, 3, 4.5]) {
    const dims: Vec3 = [24, 48, 48];
    const v = tube(dims, [1, 1, 1], r, 0);
    const { vesselness: V, radius } = vesselness(v, { radii: RADII });
    const c = centreIndex(dims);
    assert.ok(V.data[c] > 0.5, `vesselness at the centre ${V.data[c]}`);
    assert.ok(Math.abs(radius.data[c] - r) <= 0.25 * r + 1e-9, `r = ${r}: the scale map reads ${radius.data[c]}`);
    // and the outside is quiet: far from the tube nothing answers
    assert.equal(V.data[(dims[0] >> 1) + dims[0] * (2 + dims[1] * 2)], 0);
  }
});

test("vesselness respects anisotropic voxels: a 1.5 mm tube reads 1.5 mm on 0.5 × 1 × 0.5 mm voxels, across and along", () => {
  for (const axis of [0, 1] as const) {
    const dims: Vec3 = axis === 0 ? [16, 24, 48] : [48, 16, 48];
    const spacing: Vec3 = axis === 0 ? [1, 1, 0.5] : [0.5, 1, 0.5];
    const v = tube(dims, spacing, 1.5, axis);
    const { radius, vesselness: V } = vesselness(v, { radii: [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.5, 3] });
    const c = centreIndex(dims);
    assert.ok(V.data[c] > 0.4, `axis ${axis}: vesselness ${V.data[c]}`);
    assert.ok(Math.abs(radius.data[c] - 1.5) <= 0.375, `axis ${axis}: the scale map reads ${radius.data[c]} mm`);
  }
});

test("vesselness({bright: false}) of the inverted tube equals the bright tube's, for Frangi and Sato", () => {
  const dims: Vec3 = [16, 28, 28];
  const bright = tube(dims, [1, 1, 1], 2.5, 0, 100, 20);
  const dark = tube(dims, [1, 1, 1], 2.5, 0, -100, 120);
  for (const method of ["frangi", "sato"] as const) {
    const a = vesselness(bright, { method, radii: [1.5, 2.5, 3.5] });
    const b = vesselness(dark, { method, radii: [1.5, 2.5, 3.5], bright: false });
    assert.ok(a.vesselness.data[centreIndex(dims)] > 0, `${method} answers`);
    for (let i = 0; i < a.vesselness.data.length; i++)
      assert.ok(Math.abs(a.vesselness.data[i] - b.vesselness.data[i]) < 1e-4 * (method === "sato" ? 100 : 1), `${method} voxel ${i}`);
    // and the bright filter on dark vessels finds nothing at the centre
    assert.equal(vesselness(dark, { method, radii: [2.5] }).vesselness.data[centreIndex(dims)], 0);
  }
});

test("Frangi's measure prefers a tube to a plate and a blob of the same contrast and size", () => {
  const dims: Vec3 = [32, 32, 32];
  const plate = createVolume(Float32Array, dims);
  const blob = createVolume(Float32Array, dims);
  for (let z = 0; z < 32; z++)
    for (let y = 0; y < 32; y++)
      for (let x = 0; x < 32; x++) {
        const n = x + 32 * (y + 32 * z);
        plate.data[n] = Math.min(1, Math.max(0, 3 - Math.abs(z - 15.5) + 0.5));
        blob.data[n] = Math.min(1, Math.max(0, 3 - Math.hypot(x - 15.5, y - 15.5, z - 15.5) + 0.5));
      }
  const t = tube(dims, [1, 1, 1], 3, 0);
  const options = { radii: [2, 3, 4], c: 0.25 };
  const at = (v: Volume) => vesselness(v, options).vesselness.data[16 + 32 * (16 + 32 * 16)];
  const [tubeV, plateV, blobV] = [at(t), at(plate), at(blob)];
  assert.ok(tubeV > 0.5, `tube ${tubeV}`);
  assert.ok(plateV < 0.1 * tubeV, `plate ${plateV} against tube ${tubeV}`);
  assert.ok(blobV < 0.25 * tubeV, `blob ${blobV} against tube ${tubeV}`);
});

test("vesselness of a constant volume is 0 everywhere, and its scale map too", () => {
  const v = createVolume(Float32Array, [10, 10, 10]);
  v.data.fill(7);
  const r = vesselness(v);
  assert.ok(r.vesselness.data.every((x) => x === 0));
  assert.ok(r.radius.data.every((x) => x === 0));
});

test("vesselness reports progress per scale and stops when its signal is aborted", () => {
  const v = tube([12, 12, 12], [1, 1, 1], 2, 0);
  const seen: string[] = [];
  vesselness(v, { radii: [1, 2, 3], onProgress: (d, t) => seen.push(`${d}/${t}`) });
  assert.deepEqual(seen, ["1/3", "2/3", "3/3"]);
  const ac = new AbortController();
  ac.abort(new Error("cancelled by the user"));
  assert.throws(() => vesselness(v, { signal: ac.signal }), /cancelled by the user/);
});

test("resolveVesselnessOptions fills the defaults and names a bad option and its fix", () => {
  const v = tube([12, 12, 12], [0.5, 0.5, 1], 1, 2, 10, 5);
  const r = resolveVesselnessOptions(v);
  assert.equal(r.method, "frangi");
  assert.deepEqual(r.radii, defaultRadii([0.5, 0.5, 1]));
  assert.ok(Math.abs(r.radii[0] - 0.5) < 1e-12 && Math.abs(r.radii[3] - 3) < 1e-12, "1 to 6 finest voxel sides");
  assert.deepEqual(
    r.sigmas,
    r.radii.map((x) => x / Math.SQRT2),
  );
  assert.equal(r.c, 0.25 * frangiContrast(v));
  assert.throws(() => resolveVesselnessOptions(v, { radii: [] }), /radii is empty/);
  assert.throws(() => resolveVesselnessOptions(v, { radii: [1, -2] }), /a radius = -2/);
  assert.throws(() => resolveVesselnessOptions(v, { radii: [1, 1] }), /given twice/);
  assert.throws(() => resolveVesselnessOptions(v, { method: "hessian" as "frangi" }), /method = "hessian"; give one of frangi, sato/);
  assert.throws(() => resolveVesselnessOptions(v, { c: 0 }), /c = 0/);
  assert.throws(() => resolveVesselnessOptions(v, { within: new Uint8Array(3) }), /field-of-view mask has 3 voxels/);
});

test("frangiContrast(volume) is p99.5 − p50 (bright) or p50 − p0.5 (dark), inside the mask when given", () => {
  const v = createVolume(Float32Array, [10, 10, 2]);
  v.data.forEach((_, i) => (v.data[i] = i)); // 0…199
  // numpy: np.percentile(range(200), [0.5, 50, 99.5]) = 0.995, 99.5, 198.005
  assert.ok(Math.abs(frangiContrast(v) - (198.005 - 99.5)) < 1e-9);
  assert.ok(Math.abs(frangiContrast(v, undefined, false) - (99.5 - 0.995)) < 1e-9);
  const within = new Uint8Array(200);
  within.fill(1, 0, 100); // 0…99: p50 = 49.5, p99.5 = 98.505
  assert.ok(Math.abs(frangiContrast(v, within) - (98.505 - 49.5)) < 1e-9);
});

test("vesselness with its pyramid (the default) agrees with every scale at full resolution (pyramid: false) on tubes of 2 to 7 mm", () => {
  const dims: Vec3 = [20, 64, 64];
  const radii = [1, 1.5, 2, 3, 4, 5, 6, 7];
  for (const r of [2, 4, 7]) {
    const v = tube(dims, [1, 1, 1], r, 0, 100, 10);
    const fast = vesselness(v, { radii });
    const full = vesselness(v, { radii, pyramid: false });
    assert.equal(fast.options.pyramid, true);
    const a = fast.vesselness.data,
      b = full.vesselness.data;
    let sab = 0,
      saa = 0,
      sbb = 0;
    const ma = a.reduce((s, x) => s + x, 0) / a.length,
      mb = b.reduce((s, x) => s + x, 0) / b.length;
    for (let i = 0; i < a.length; i++) ((sab += (a[i] - ma) * (b[i] - mb)), (saa += (a[i] - ma) ** 2), (sbb += (b[i] - mb) ** 2));
    assert.ok(sab / Math.sqrt(saa * sbb) > 0.98, `r = ${r}: correlation ${sab / Math.sqrt(saa * sbb)}`);
    const c = centreIndex(dims);
    const step = (x: number) => radii.indexOf(x);
    assert.ok(
      Math.abs(step(fast.radius.data[c]) - step(full.radius.data[c])) <= 1,
      `r = ${r}: ${fast.radius.data[c]} mm with the pyramid, ${full.radius.data[c]} mm without`,
    );
  }
});

// maskSurface and exportSurfaceMesh against shapes whose surface is known: a ball and a torus as smooth fields (each
// voxel 0.5 + half the signed distance to the surface in mm, clamped to 0…1, so the 0.5 level is the true surface up to
// linear interpolation), on anisotropic voxels and oblique grids of both handedness; a tube cut by the grid's faces.
import { test } from "node:test";
import assert from "node:assert/strict";
import { exportSurfaceMesh, maskSurface, surfaceMeasures, type Surface } from "../../src/rendering/index.js";
import { createVolume, transformPoint, type Affine, type Vec3 } from "../../src/volume/index.js";

const SPACING: Vec3 = [0.6, 0.5, 0.8];
// right-handed: axis-aligned with an origin; left-handed: axes permuted and one flipped (as convert's test grid)
const RIGHT: Affine = [0.6, 0, 0, -10, 0, 0.5, 0, 4, 0, 0, 0.8, 20, 0, 0, 0, 1];
const LEFT: Affine = [0, -0.5, 0, 12, 0.6, 0, 0, -8, 0, 0, -0.8, 40, 0, 0, 0, 1];

/** A volume of 0.5 + signed distance (mm, inside positive) / 2 mm, clamped to 0…1: the 0.5 level is the shape's surface, and the
 * values are linear in the distance over the two voxels either side of it (voxels are at most 0.8 mm). */
function field(dims: Vec3, affine: Affine, inside: (p: Vec3) => number): ReturnType<typeof createVolume<Float32Array>> {
  const v = createVolume(Float32Array, dims, SPACING, affine);
  for (let k = 0, n = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++)
      for (let i = 0; i < dims[0]; i++, n++) v.data[n] = Math.min(1, Math.max(0, 0.5 + inside([i * SPACING[0], j * SPACING[1], k * SPACING[2]]) / 2));
  return v;
}

/** Closed and oriented: each directed edge once, its reverse once. Returns the Euler characteristic V − E + F. */
function closedEuler(s: Surface): number {
  const edges = new Map<string, number>();
  for (let t = 0; t < s.indices.length; t += 3)
    for (let e = 0; e < 3; e++) {
      const key = `${s.indices[t + e]},${s.indices[t + ((e + 1) % 3)]}`;
      edges.set(key, (edges.get(key) ?? 0) + 1);
    }
  for (const [key, count] of edges) {
    assert.equal(count, 1, `edge ${key} is used ${count} times in one direction`);
    const [a, b] = key.split(",");
    assert.ok(edges.has(`${b},${a}`), `edge ${key} has no triangle on its other side`);
  }
  const used = new Set(s.indices);
  return used.size - edges.size / 2 + s.indices.length / 3;
}

const near = (got: number, want: number, rel: number, what: string) =>
  assert.ok(Math.abs(got - want) <= rel * Math.abs(want), `${what}: ${got}, expected ${want} ± ${rel * 100} %`);

for (const [name, affine] of [
  ["right-handed", RIGHT],
  ["left-handed", LEFT],
] as const) {
  test(`maskSurface: a ball of radius 5 mm on a ${name} grid of 0.6 × 0.5 × 0.8 mm voxels: closed, a sphere (V − E + F = 2), its area and volume within 1 %, wound outward, placed by the affine`, async () => {
    const c: Vec3 = [9, 10, 9.6],
      r = 5;
    const v = field([30, 40, 24], affine, (p) => r - Math.hypot(p[0] - c[0], p[1] - c[1], p[2] - c[2]));
    const s = await maskSurface(v);
    assert.equal(closedEuler(s), 2);
    const { area, volume } = surfaceMeasures(s);
    near(area, 4 * Math.PI * r * r, 0.01, "area");
    near(volume, (4 / 3) * Math.PI * r ** 3, 0.01, "volume"); // positive: the normals point out
    // every vertex 5 mm from the centre, where the affine puts it
    const centre = transformPoint(affine, [c[0] / SPACING[0], c[1] / SPACING[1], c[2] / SPACING[2]]);
    for (let p = 0; p < s.positions.length; p += 3) {
      const d = Math.hypot(s.positions[p] - centre[0], s.positions[p + 1] - centre[1], s.positions[p + 2] - centre[2]);
      assert.ok(Math.abs(d - r) < 0.05, `vertex ${p / 3} lies ${d} mm from the centre`);
    }
  });
}

test("maskSurface: a torus (R 6, r 3 mm) has one hole (V − E + F = 0) and the volume 2π²Rr² within 1.5 %", async () => {
  const [R, r] = [6, 3];
  const v = field([34, 40, 17], RIGHT, ([x, y, z]) => r - Math.hypot(Math.hypot(x - 10, y - 10) - R, z - 6));
  const s = await maskSurface(v);
  assert.equal(closedEuler(s), 0);
  near(surfaceMeasures(s).volume, 2 * Math.PI ** 2 * R * r * r, 0.015, "volume");
});

test("maskSurface: a binary tube through the whole grid is closed at the grid's faces, half a voxel beyond its last voxels", async () => {
  const v = createVolume(Uint8Array, [20, 16, 16], [1, 1, 1]);
  let voxels = 0;
  for (let k = 0, n = 0; k < 16; k++)
    for (let j = 0; j < 16; j++) for (let i = 0; i < 20; i++, n++) if (Math.hypot(j - 7.5, k - 7.5) < 4) ((v.data[n] = 1), voxels++);
  const s = await maskSurface(v);
  assert.equal(closedEuler(s), 2);
  let lo = Infinity,
    hi = -Infinity;
  for (let p = 0; p < s.positions.length; p += 3) ((lo = Math.min(lo, s.positions[p])), (hi = Math.max(hi, s.positions[p])));
  assert.deepEqual([lo, hi], [-0.5, 19.5]);
  // marching cubes at 0.5 on 0/1 voxels cuts the corners: the volume a little under the voxels' (within 5 %)
  const { volume } = surfaceMeasures(s);
  assert.ok(volume < voxels && volume > 0.95 * voxels, `${volume} against ${voxels} voxels`);
});

test("maskSurface: whole values are meshed as inside or not, half-way between: a 0/255 mask, and a 0/1 mask at level 1, give the 0/1 mask's surface at 0.5", async () => {
  const ones = createVolume(Uint8Array, [12, 10, 9], [0.6, 0.5, 0.8], LEFT);
  ones.data.forEach((_, n) => (ones.data[n] = Math.hypot((n % 12) - 5.5, (Math.floor(n / 12) % 10) - 4.5, Math.floor(n / 120) - 4) < 3.5 ? 1 : 0));
  const at05 = await maskSurface(ones);
  const at1 = await maskSurface(ones, { level: 1 });
  const scaled = await maskSurface({ ...ones, data: ones.data.map((x) => 255 * x) });
  assert.ok(surfaceMeasures(at05).area > 0);
  for (const other of [at1, scaled]) {
    assert.deepEqual(other.indices, at05.indices);
    assert.deepEqual(other.positions, at05.positions);
  }
});

test("maskSurface: fractional values above the level everywhere are closed half a voxel beyond the grid; a float64 value just under the level stays outside", async () => {
  const flat = createVolume(Float32Array, [5, 4, 3]);
  flat.data.fill(0.8);
  const s = await maskSurface(flat);
  assert.equal(closedEuler(s), 2);
  for (let a = 0; a < 3; a++) {
    const coords = Array.from({ length: s.positions.length / 3 }, (_, p) => s.positions[3 * p + a]);
    assert.deepEqual([Math.min(...coords), Math.max(...coords)], [-0.5, flat.dims[a] - 0.5]);
  }
  const v = createVolume(Float64Array, [9, 9, 9]);
  v.data[4 + 9 * (4 + 9 * 4)] = 1;
  v.data[4 + 9 * (4 + 9 * 5)] = 0.3 - 1e-12; // beside it, in the ring around the box of voxels ≥ 0.3: float32 would round it up to 0.3
  v.data[0] = 0.1;
  assert.equal(closedEuler(await maskSurface(v, { level: 0.3 })), 2);
});

test("maskSurface: smooth 0.5 takes a binary ball's staircase off: its area from +9.7 % to within 2 % of 4πr², its vertices' spread about the radius more than halved, the volume within 3 %, the same closed triangles", async () => {
  const r = 6;
  const v = createVolume(Uint8Array, [36, 40, 30], SPACING, LEFT);
  const c = [17.5, 19.5, 14.5];
  v.data.forEach(
    (_, n) =>
      (v.data[n] =
        Math.hypot(((n % 36) - c[0]) * SPACING[0], ((Math.floor(n / 36) % 40) - c[1]) * SPACING[1], (Math.floor(n / 1440) - c[2]) * SPACING[2]) < r ? 1 : 0),
  );
  const centre = transformPoint(LEFT, c as Vec3);
  const spread = (s: Surface) => {
    const d = Array.from({ length: s.positions.length / 3 }, (_, p) =>
      Math.hypot(s.positions[3 * p] - centre[0], s.positions[3 * p + 1] - centre[1], s.positions[3 * p + 2] - centre[2]),
    );
    const mean = d.reduce((a, b) => a + b) / d.length;
    return Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length);
  };
  const raw = await maskSurface(v);
  const smooth = await maskSurface(v, { smooth: 0.5 });
  assert.deepEqual(smooth.indices, raw.indices);
  assert.equal(closedEuler(smooth), 2);
  const [before, after] = [surfaceMeasures(raw), surfaceMeasures(smooth)];
  assert.ok(before.area > 1.05 * 4 * Math.PI * r * r, `marching cubes alone: area ${before.area}`);
  near(after.area, 4 * Math.PI * r * r, 0.02, "smoothed area");
  near(after.volume, (4 / 3) * Math.PI * r ** 3, 0.03, "smoothed volume");
  assert.ok(spread(smooth) < 0.5 * spread(raw), `spread ${spread(smooth)} against ${spread(raw)}`);
  await assert.rejects(maskSurface(v, { smooth: 2 }), /smooth = 2; give a factor from 0 \(none\) to 1/);
});

test("maskSurface: an empty mask or a level that is not a number is refused with what to do", async () => {
  const v = createVolume(Uint8Array, [4, 4, 4]);
  await assert.rejects(maskSurface(v), /no voxel reaches level 0\.5 \(the largest value is 0\): the mask is empty/);
  v.data[5] = 1;
  await assert.rejects(maskSurface(v, { level: NaN }), /level = NaN; give a finite value/);
  assert.equal((await maskSurface(v)).indices.length / 3, 8); // one voxel: an octahedron
});

test("exportSurfaceMesh: binary STL in LPS (x and y turned, the header says SPACE=LPS, normals still outward); OBJ in RAS says so", async () => {
  const v = field([20, 20, 16], RIGHT, (p) => 3 - Math.hypot(p[0] - 6, p[1] - 5, p[2] - 6));
  const s = await maskSurface(v);
  const stl = exportSurfaceMesh(s, "stl");
  const view = new DataView(stl.buffer, stl.byteOffset, stl.byteLength);
  const triangles = view.getUint32(80, true);
  assert.equal(triangles, s.indices.length / 3);
  assert.equal(stl.byteLength, 84 + 50 * triangles);
  assert.match(new TextDecoder().decode(stl.subarray(0, 80)), /^vessel-lab surface, mm\. SPACE=LPS\0+$/);
  const centre = transformPoint(RIGHT, [6 / 0.6, 5 / 0.5, 6 / 0.8]);
  for (let t = 0; t < triangles; t++) {
    const at = 84 + 50 * t;
    const f = (o: number) => view.getFloat32(at + 4 * o, true);
    const normal = [f(0), f(1), f(2)],
      vertex = [f(3), f(4), f(5)];
    if (t === 0) {
      const a = 3 * s.indices[0];
      assert.deepEqual(vertex, [-s.positions[a], -s.positions[a + 1], s.positions[a + 2]]);
    }
    const out = [vertex[0] + centre[0], vertex[1] + centre[1], vertex[2] - centre[2]]; // from the centre, in LPS
    assert.ok(normal[0] * out[0] + normal[1] * out[1] + normal[2] * out[2] > 0, `triangle ${t}'s normal points in`);
  }
  const obj = new TextDecoder().decode(exportSurfaceMesh(s, "obj", { space: "ras" })).split("\n");
  assert.equal(obj[0], "# vessel-lab surface, mm. SPACE=RAS");
  assert.equal(obj.filter((l) => l.startsWith("v ")).length, s.positions.length / 3);
  assert.equal(obj.filter((l) => l.startsWith("f ")).length, s.indices.length / 3);
  assert.throws(() => exportSurfaceMesh(s, "glb" as "stl"), /a surface is written as stl or obj/);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { placeBody, sampleGeometry, sampleSpec } from "../../src/dataset/index.js";
import { growTree } from "../../src/geometry/index.js";
import { bodyRegion, sampleImagingParams, type ImagingParams } from "../../src/imaging/index.js";
import { createRng } from "../../src/random/index.js";
import { createVolume, type Vec3 } from "../../src/volume/index.js";
import type { GridSpec } from "../../src/voxel/index.js";

const MARGIN = 1.12; // placeBody's default, given explicitly
const tree = growTree({ preset: "brain", seed: 3 }); // an ellipsoid domain 140 × 170 × 120 mm about the origin
const half: Vec3 = [70, 85, 60];
const drawn: ImagingParams = sampleImagingParams("brain-tof", createRng("body"), { body: { enabled: true, shell: { thickness: 0 }, outside: 0 } });

/** The ellipsoid coordinate of voxel (i, j, k) where bodyRegion puts it: centre and radii are fractions of the field of view. */
function fromParams(p: ImagingParams, g: GridSpec, i: number, j: number, k: number): number {
  const { center, radii } = p.body;
  return [i, j, k].reduce((s, x, a) => s + (((x + 0.5) / g.dims[a] - center[a]) / radii[a]) ** 2, 0);
}
/** The same from the voxel's place in the world: the growth domain's ellipsoid, enlarged by the margin. */
function fromWorld(g: GridSpec, i: number, j: number, k: number): number {
  return [i, j, k].reduce((s, x, a) => s + ((g.origin[a] + x * g.spacing[a]) / (half[a] * MARGIN)) ** 2, 0);
}

const grids: Record<string, GridSpec> = {
  "the whole head": { dims: [32, 32, 32], spacing: [6, 6, 6], origin: [-93, -93, -93] },
  "a 1.3 mm patch deep inside": { dims: [16, 16, 16], spacing: [0.08, 0.08, 0.08], origin: [20, -15, 10] },
  "a 0.6 mm patch of thin voxels": { dims: [16, 16, 8], spacing: [0.02, 0.02, 0.06], origin: [-40, 30, 5] },
  "a patch across the surface": { dims: [16, 16, 16], spacing: [0.5, 0.5, 0.5], origin: [70 * MARGIN - 4, -4, -4] },
};

test("placeBody(params, tree, grid) puts the growth domain's ellipsoid, enlarged by the margin, where the grid lies in the world, however small the field of view", () => {
  for (const [name, g] of Object.entries(grids)) {
    const p = placeBody(drawn, tree, g, MARGIN);
    for (const [i, j, k] of [
      [0, 0, 0],
      [g.dims[0] - 1, 3, 1],
      [5, g.dims[1] - 1, g.dims[2] - 1],
      [7, 7, 7],
    ] as Vec3[]) {
      const want = fromWorld(g, i, j, k);
      assert.ok(
        Math.abs(fromParams(p, g, i, j, k) - want) <= 1e-9 * Math.max(1, want),
        `${name}, voxel ${[i, j, k]}: ${fromParams(p, g, i, j, k)} against ${want}`,
      );
    }
    assert.deepEqual(placeBody(p, tree, g, MARGIN), p, `${name}: placing it again changes nothing`);
  }
  const off = { ...drawn, body: { ...drawn.body, enabled: false } };
  assert.equal(placeBody(off, tree, grids["the whole head"]), off);
});

test("placeBody's body fills a patch inside the organ with tissue and cuts a patch across its surface where the world's ellipsoid does", () => {
  for (const [name, g] of Object.entries(grids)) {
    const p = placeBody(drawn, tree, g, MARGIN);
    const tissue = bodyRegion(filled(g.dims), p.body);
    // the soft edge: within two of the grid's widest voxel sides of the surface
    const edge = (2 * Math.max(...g.spacing)) / (Math.min(...half) * MARGIN);
    let checked = 0;
    for (let k = 0, v = 0; k < g.dims[2]; k++)
      for (let j = 0; j < g.dims[1]; j++)
        for (let i = 0; i < g.dims[0]; i++, v++) {
          const f = Math.sqrt(fromWorld(g, i, j, k));
          if (Math.abs(f - 1) < edge) continue;
          assert.equal(tissue.data[v], f < 1 ? 1 : 0, `${name}: voxel ${[i, j, k]} (ellipsoid coordinate ${f.toFixed(3)})`);
          checked++;
        }
    assert.ok(checked > 0.5 * tissue.data.length, `${name}: ${checked} voxels away from the surface`);
  }
});

function filled(dims: Vec3) {
  const v = createVolume(Float32Array, dims, [1, 1, 1]);
  v.data.fill(1);
  return v;
}

test("a wide-voxel sample of a few millimetres draws its vessels inside the body, not in the air (stop 58: liver #2 of seed 7 was all air)", () => {
  for (const index of [2, 8, 12]) {
    const g = sampleGeometry(sampleSpec(index, { seed: 7, size: 32, voxels: "wide" }));
    assert.ok(g.imaging.body.enabled, `sample ${index} draws a body`);
    let vessel = 0,
      inside = 0;
    const [nx, ny] = g.label.dims;
    for (let v = 0; v < g.label.data.length; v++) {
      if (!g.label.data[v]) continue;
      vessel++;
      if (fromParams(g.imaging, g.grid, v % nx, Math.floor(v / nx) % ny, Math.floor(v / (nx * ny))) < 1) inside++;
    }
    assert.ok(vessel > 0, `sample ${index} has vessels`);
    assert.equal(
      inside,
      vessel,
      `sample ${index} (${g.spec.tree.preset}, ${g.grid.spacing[0].toFixed(3)} mm voxels): ${vessel - inside} of ${vessel} vessel voxels in the air`,
    );
  }
});

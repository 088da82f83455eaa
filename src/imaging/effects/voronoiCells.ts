/**
 * Voronoi cells (Worley's cellular texture): one seed point at a uniform position in each cube
 * of a lattice of spacing `scale` voxels, each with a standard normal value; every voxel takes
 * the value of its nearest seed among the cubes whose y and z lattice index are within one of its
 * own (any x), the 27 around it included. The texture is piecewise
 * constant with sharp polyhedral borders (lobules, tissue compartments, cell territories),
 * unlike the smooth noises. Squared distances only: the same bits in every engine.
 *
 * Speed: per row of voxels, the nearest seed all along it is read from the lower envelope of
 * the seeds' distance parabolas: a few operations per seed and per voxel, whatever the scale.
 */
import type { Rng } from "../../random/index.js";
import type { Vec3, Volume } from "../../volume/index.js";
import { perAxis } from "../internal/axisOperator.js";
import { checkFinite, checkRange, outputFor } from "../internal/grid.js";
import type { VoronoiParams } from "../params.js";

/** The smallest cell spacing, voxels. */
export const MIN_VORONOI_SCALE = 2;

export function checkVoronoiParams(p: VoronoiParams, fn: string): void {
  checkRange(fn, "voronoi.amplitude", p.amplitude, 0, 1e6, "standard deviation of the cells' values, 0 for none");
  checkRange(fn, "voronoi.scale", p.scale, MIN_VORONOI_SCALE, 1024, "distance between cell seeds in voxels");
}

/** Each voxel's cell value (standard normal per cell) on a grid of `dims`. */
export function voronoiNoise(dims: Vec3, params: Pick<VoronoiParams, "scale">, rng: Rng): Float32Array {
  checkRange("voronoiNoise", "voronoi.scale", params.scale, MIN_VORONOI_SCALE, 1024, "distance between cell seeds in voxels");
  const s = params.scale;
  const [nx, ny, nz] = dims;
  // Lattice cube c covers voxel coordinates [(c − 1)·s − phase, c·s − phase); one cube of margin on each side.
  const phase: Vec3 = [rng.uniform(0, s), rng.uniform(0, s), rng.uniform(0, s)];
  const L: Vec3 = perAxis((a) => Math.floor((dims[a] - 1 + phase[a]) / s) + 3);
  const count = L[0] * L[1] * L[2];
  const px = new Float64Array(count),
    py = new Float64Array(count),
    pz = new Float64Array(count),
    value = new Float32Array(count);
  for (let c = 0, v = 0; c < L[2]; c++) {
    for (let b = 0; b < L[1]; b++) {
      for (let a = 0; a < L[0]; a++, v++) {
        px[v] = (a - 1 + rng.next()) * s - phase[0];
        py[v] = (b - 1 + rng.next()) * s - phase[1];
        pz[v] = (c - 1 + rng.next()) * s - phase[2];
        value[v] = rng.normal();
      }
    }
  }
  const cube = (a: number, x: number): number => Math.floor((x + phase[a]) / s) + 1;
  const out = new Float32Array(nx * ny * nz);
  // A row (j, k) takes its nearest seed from the 9 columns of cubes around it (cube rows cj ± 1,
  // ck ± 1), all along x. Seeds of x-cube a lie in [(a − 1)·s, a·s) − phase, so sorting each
  // group of 9 by x (once per cube row) sorts them all.
  const L0 = L[0],
    G = 9 * L0;
  const order = new Int32Array(G),
    own = new Uint8Array(G),
    gd = new Float64Array(G);
  const envX = new Float64Array(G),
    envF = new Float64Array(G),
    envV = new Int32Array(G),
    z = new Float64Array(G + 1);
  let lastJ = -1,
    lastK = -1;
  for (let k = 0; k < nz; k++) {
    const ck = cube(2, k);
    for (let j = 0; j < ny; j++) {
      const cj = cube(1, j);
      if (cj !== lastJ || ck !== lastK) {
        sortColumns(order, own, px, L0, L[1], cj, ck);
        lastJ = cj;
        lastK = ck;
      }
      voronoiRow(out, (k * ny + j) * nx, nx, j, k, s, order, own, px, py, pz, gd, envX, envF, envV, z, value);
    }
  }
  return out;
}

/** order[a·9 …]: the seeds of the 9 cubes (a, cj ± 1, ck ± 1), sorted by x within each a; own: 1 for those of (a, cj, ck). */
function sortColumns(order: Int32Array, own: Uint8Array, px: Float64Array, L0: number, L1: number, cj: number, ck: number): void {
  for (let a = 0; a < L0; a++) {
    const e0 = a * 9;
    let m = 0;
    for (let dc = -1; dc <= 1; dc++) {
      for (let db = -1; db <= 1; db++) {
        const v = a + L0 * (cj + db + L1 * (ck + dc)),
          x = px[v],
          o = db === 0 && dc === 0 ? 1 : 0;
        let q = e0 + m++;
        while (q > e0 && px[order[q - 1]] > x) {
          order[q] = order[q - 1];
          own[q] = own[q - 1];
          q--;
        }
        order[q] = v;
        own[q] = o;
      }
    }
  }
}

/**
 * One row: along it the squared distance to a seed is a parabola (x − sx)² + d, all of the same
 * curvature, so the nearest seed at each voxel is read from their lower envelope (Felzenszwalb
 * and Huttenlocher's distance transform), built in one pass over the seeds sorted by sx. Seeds
 * farther from the row than any voxel can be from the seed of its own cube are skipped.
 */
function voronoiRow(
  out: Float32Array,
  row: number,
  nx: number,
  j: number,
  k: number,
  s: number,
  order: Int32Array,
  own: Uint8Array,
  px: Float64Array,
  py: Float64Array,
  pz: Float64Array,
  gd: Float64Array,
  envX: Float64Array,
  envF: Float64Array,
  envV: Int32Array,
  z: Float64Array,
  value: Float32Array,
): void {
  // Every voxel of the row has a seed within its own cube: within (its distance across the row)² + s².
  let bound = 0;
  for (let e = 0; e < order.length; e++) {
    const v = order[e],
      ey = py[v] - j,
      ez = pz[v] - k,
      d = ey * ey + ez * ez;
    gd[e] = d;
    if (own[e] === 1 && d > bound) bound = d;
  }
  bound += s * s;
  let t = -1;
  for (let e = 0; e < order.length; e++) {
    if (gd[e] > bound) continue;
    const v = order[e],
      x = px[v];
    const f = gd[e] + x * x;
    let c = -Infinity;
    while (t >= 0) {
      c = (f - envF[t]) / (2 * (x - envX[t]));
      if (c !== c) c = Infinity; // the same x twice and the same distance: keep the first
      if (c <= z[t]) {
        t--;
        c = -Infinity;
        continue;
      }
      break;
    }
    t++;
    envX[t] = x;
    envF[t] = f;
    envV[t] = v;
    z[t] = c;
  }
  z[t + 1] = Infinity;
  let q = 0;
  for (let i = 0; i < nx; i++) {
    while (z[q + 1] <= i) q++;
    out[row + i] = value[envV[q]];
  }
}

/** Adds amplitude · (the cells' values) to the image, clipped at the floor; amplitude 0 changes nothing and draws nothing. */
export function voronoiTexture(
  image: Volume<Float32Array>,
  params: VoronoiParams & { floor: number },
  rng: Rng,
  out?: Volume<Float32Array>,
): Volume<Float32Array> {
  checkVoronoiParams(params, "voronoiTexture");
  checkFinite("voronoiTexture", "floor", params.floor);
  const o = outputFor(image, out, "voronoiTexture");
  if (params.amplitude === 0) return o;
  const field = voronoiNoise(o.dims, params, rng);
  const d = o.data,
    a = params.amplitude,
    floor = params.floor;
  for (let v = 0; v < d.length; v++) {
    const x = d[v] + a * field[v];
    d[v] = x > floor ? x : floor;
  }
  return o;
}

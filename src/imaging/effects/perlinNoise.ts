/**
 * Perlin (gradient) noise: a random gradient at each lattice point, and at a voxel the
 * fade-weighted sum over its cell's 8 corners of gradient · (voxel − corner), in lattice units
 * (fade 6t⁵ − 15t⁴ + 10t³). Unlike value noise it is 0 at every lattice point and has its
 * energy in a band around 1 / scale, so it makes folds and ridges rather than blobs. Octaves
 * halve the spacing (down to MIN_LATTICE_SPACING voxels) and share the lattice origin; the sum
 * is rescaled to mean 0 and standard deviation 1. Gradients are the 12 edge directions
 * (±1, ±1, 0)… of improved Perlin noise.
 *
 * The weights of the 8 corners factor per axis, so each octave is three separable resamplings
 * of the lattice (gradient x with the offset weight along x and fades along y, z; likewise y and
 * z): x and y are carried onto x–y planes (one per lattice z; the x and y components summed
 * there, as both take the fade along z), and each slice blends 4 planes per octave. Only +, −,
 * × and ÷: the same bits in every engine.
 */
import type { Rng } from "../../random/index.js";
import type { Vec3, Volume } from "../../volume/index.js";
import { applySteps } from "../internal/applyAxis.js";
import { buildOperator, perAxis, type AxisOperator } from "../internal/axisOperator.js";
import { checkFinite, checkRange, outputFor } from "../internal/grid.js";
import type { PerlinParams } from "../params.js";
import { checkTextureParams, MIN_LATTICE_SPACING } from "./valueNoise.js";

const GRADIENTS: readonly Vec3[] = [
  [1, 1, 0],
  [-1, 1, 0],
  [1, -1, 0],
  [-1, -1, 0],
  [1, 0, 1],
  [-1, 0, 1],
  [1, 0, -1],
  [-1, 0, -1],
  [0, 1, 1],
  [0, -1, 1],
  [0, 1, -1],
  [0, -1, -1],
];

export function checkPerlinParams(p: PerlinParams, fn: string): void {
  checkRange(fn, "perlin.amplitude", p.amplitude, 0, 1e6, "standard deviation in intensity units, 0 for none");
  checkRange(fn, "perlin.scale", p.scale, MIN_LATTICE_SPACING, 1024, "lattice spacing in voxels");
  checkRange(fn, "perlin.octaves", p.octaves, 1, 8);
  if (!Number.isInteger(p.octaves)) throw new RangeError(`${fn}: perlin.octaves = ${p.octaves}; give an integer from 1 to 8`);
  checkRange(fn, "perlin.persistence", p.persistence, 0, 1);
}

const fade = (t: number): number => t * t * t * (t * (t * 6 - 15) + 10);

/**
 * Along one axis of n voxels, lattice spacing s, voxel o at lattice coordinate (o + phase) / s:
 * the fade weights ("fade") or the fade weights times the offset from each corner ("offset").
 */
function perlinOperator(nLattice: number, n: number, s: number, phase: number, kind: "fade" | "offset"): AxisOperator {
  return buildOperator(nLattice, n, (o, idx, w) => {
    const u = (o + phase) / s;
    const p = Math.floor(u),
      t = u - p,
      f = fade(t);
    idx.push(p, p + 1);
    if (kind === "fade") w.push(1 - f, f);
    else w.push(t * (1 - f), (t - 1) * f);
  });
}

/**
 * A zero-mean, unit-variance Perlin field on a grid of `dims` (all zeros when it cannot vary).
 * `phase` (voxels, per axis) puts lattice points at voxel −phase + m · scale; by default it is
 * drawn from `rng` in [0, finest spacing).
 */
export function perlinNoise(dims: Vec3, texture: Pick<PerlinParams, "scale" | "octaves" | "persistence">, rng: Rng, phase?: Vec3): Float32Array {
  const { field, mean, scale } = perlinRaw(dims, texture, rng, phase);
  for (let v = 0; v < field.length; v++) field[v] = (field[v] - mean) * scale;
  return field;
}

/** The summed octaves before normalisation, with their mean and 1 / standard deviation (0 for a flat field). */
function perlinRaw(
  dims: Vec3,
  texture: Pick<PerlinParams, "scale" | "octaves" | "persistence">,
  rng: Rng,
  phase?: Vec3,
): { field: Float32Array; mean: number; scale: number } {
  checkTextureParams(texture, "perlinNoise");
  let octaves = 1;
  while (octaves < texture.octaves && texture.scale / 2 ** octaves >= MIN_LATTICE_SPACING) octaves++;
  const fine = texture.scale / 2 ** (octaves - 1);
  const ph: Vec3 = phase ?? [rng.uniform(0, fine), rng.uniform(0, fine), rng.uniform(0, fine)];
  if (!ph.every((x) => x >= 0 && Number.isFinite(x))) throw new RangeError(`perlinNoise: phase = [${ph.join(", ")}]; give three numbers ≥ 0 (voxels)`);
  const [nx, ny, nz] = dims;
  const slice = nx * ny;
  const out = new Float32Array(slice * nz);
  // Per octave: x–y planes (one per lattice z) of the x and y components together (both take
  // the fade along z) and of the z component (the offset weights along z).
  const octs: Array<{ fadePlanes: Float32Array; offsetPlanes: Float32Array; fade: AxisOperator; offset: AxisOperator; weight: number }> = [];
  let weight = 1;
  for (let o = 0; o < octaves; o++) {
    const s = texture.scale / 2 ** o;
    const L: Vec3 = perAxis((a) => Math.floor((dims[a] - 1 + ph[a]) / s) + 2);
    const count = L[0] * L[1] * L[2];
    const g = [new Float32Array(count), new Float32Array(count), new Float32Array(count)];
    for (let v = 0; v < count; v++) {
      const d = GRADIENTS[rng.int(0, 11)];
      g[0][v] = d[0];
      g[1][v] = d[1];
      g[2][v] = d[2];
    }
    const fade = perAxis((a) => perlinOperator(L[a], dims[a], s, ph[a], "fade"));
    const offset = perAxis((a) => perlinOperator(L[a], dims[a], s, ph[a], "offset"));
    const fadePlanes = applySteps(g[0], L, [
      { axis: 0, op: offset[0] },
      { axis: 1, op: fade[1] },
    ]).data.slice();
    const py = applySteps(g[1], L, [
      { axis: 0, op: fade[0] },
      { axis: 1, op: offset[1] },
    ]).data;
    for (let v = 0; v < fadePlanes.length; v++) fadePlanes[v] += py[v];
    const offsetPlanes = applySteps(g[2], L, [
      { axis: 0, op: fade[0] },
      { axis: 1, op: fade[1] },
    ]).data.slice();
    octs.push({ fadePlanes, offsetPlanes, fade: fade[2], offset: offset[2], weight });
    weight *= texture.persistence;
  }
  let sum = 0,
    sum2 = 0;
  for (let k = 0; k < nz; k++) {
    const d0 = k * slice;
    for (const { fadePlanes, offsetPlanes, fade, offset, weight: w } of octs) {
      const t = fade.start[k];
      addOctave(
        out,
        d0,
        slice,
        fadePlanes,
        offsetPlanes,
        fade.index[t] * slice,
        fade.index[t + 1] * slice,
        w * fade.weight[t],
        w * fade.weight[t + 1],
        w * offset.weight[t],
        w * offset.weight[t + 1],
      );
    }
    for (let i = d0; i < d0 + slice; i++) {
      const x = out[i];
      sum += x;
      sum2 += x * x;
    }
  }
  const N = out.length;
  const mean = sum / N,
    sd = Math.sqrt(Math.max(0, sum2 / N - mean * mean));
  return { field: out, mean, scale: sd > 1e-9 ? 1 / sd : 0 };
}

/** One octave into a slice: out[d0 + i] += a0·A[p0 + i] + a1·A[p1 + i] + b0·B[p0 + i] + b1·B[p1 + i] (arguments as locals, for the JIT). */
function addOctave(
  out: Float32Array,
  d0: number,
  m: number,
  A: Float32Array,
  B: Float32Array,
  p0: number,
  p1: number,
  a0: number,
  a1: number,
  b0: number,
  b1: number,
): void {
  for (let i = 0; i < m; i++) out[d0 + i] += a0 * A[p0 + i] + a1 * A[p1 + i] + b0 * B[p0 + i] + b1 * B[p1 + i];
}

/** Adds amplitude · (a Perlin field) to the image, clipped at the floor; amplitude 0 changes nothing and draws nothing. */
export function perlinTexture(
  image: Volume<Float32Array>,
  params: PerlinParams & { floor: number },
  rng: Rng,
  out?: Volume<Float32Array>,
): Volume<Float32Array> {
  checkPerlinParams(params, "perlinTexture");
  checkFinite("perlinTexture", "floor", params.floor);
  const o = outputFor(image, out, "perlinTexture");
  if (params.amplitude === 0) return o;
  const { field, mean, scale } = perlinRaw(o.dims, params, rng);
  const d = o.data,
    a = params.amplitude,
    floor = params.floor;
  // The same float32 values as perlinNoise, added.
  for (let v = 0; v < d.length; v++) {
    const x = d[v] + a * Math.fround((field[v] - mean) * scale);
    d[v] = x > floor ? x : floor;
  }
  return o;
}

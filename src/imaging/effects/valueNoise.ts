/**
 * Multi-scale value noise: random normal values on lattices whose spacing halves from octave
 * to octave, summed on the finest lattice (coarser octaves interpolated linearly onto it,
 * exactly, since the lattices nest) and carried to the voxels by a cubic B-spline, which is
 * smooth and does not overshoot. The field is rescaled to mean 0 and standard deviation 1.
 * Cost: one 4-tap separable pass over the full grid plus work on small lattices.
 */
import type { Rng } from "../../random/index.js";
import type { Vec3 } from "../../volume/index.js";
import { bsplineUpsampleOperator, linearUpsampleOperator, perAxis, resample3 } from "../internal/axisOperator.js";
import { checkRange } from "../internal/grid.js";
import { normalDeviate } from "../internal/normalDeviate.js";
import type { TextureParams } from "../params.js";

/** The finest lattice spacing used (voxels). */
export const MIN_LATTICE_SPACING = 3;

export function checkTextureParams(t: Pick<TextureParams, "scale" | "octaves" | "persistence">, fn: string): void {
  checkRange(fn, "texture.scale", t.scale, MIN_LATTICE_SPACING, 1024, "lattice spacing in voxels");
  checkRange(fn, "texture.octaves", t.octaves, 1, 8);
  if (!Number.isInteger(t.octaves)) throw new RangeError(`${fn}: texture.octaves = ${t.octaves}; give an integer from 1 to 8`);
  checkRange(fn, "texture.persistence", t.persistence, 0, 1);
}

/** A zero-mean, unit-variance smooth random field on a grid of `dims` (all zeros if the grid is too small to vary). */
export function valueNoise(dims: Vec3, texture: Pick<TextureParams, "scale" | "octaves" | "persistence">, rng: Rng): Float32Array {
  const out = new Float32Array(dims[0] * dims[1] * dims[2]);
  const { mean, sd } = rawValueNoise(dims, texture, rng, out);
  if (!(sd > 1e-6)) return out.fill(0);
  const k = 1 / sd;
  for (let v = 0; v < out.length; v++) out[v] = (out[v] - mean) * k;
  return out;
}

/** The field before rescaling, written to `out`, with its mean and standard deviation (so callers can fold the rescale into their own pass). */
export function rawValueNoise(dims: Vec3, texture: Pick<TextureParams, "scale" | "octaves" | "persistence">, rng: Rng, out: Float32Array): { mean: number; sd: number } {
  checkTextureParams(texture, "valueNoise");
  // Octave o has spacing scale / 2^o; keep those at least MIN_LATTICE_SPACING.
  let octaves = 1;
  while (octaves < texture.octaves && texture.scale / 2 ** octaves >= MIN_LATTICE_SPACING) octaves++;
  const fine = texture.scale / 2 ** (octaves - 1);
  const phase: Vec3 = [rng.uniform(0, fine), rng.uniform(0, fine), rng.uniform(0, fine)];
  const L: Vec3 = perAxis((a) => Math.ceil((dims[a] + phase[a]) / fine) + 3);
  const lattice = new Float32Array(L[0] * L[1] * L[2]);
  let weight = 1;
  for (let o = 0; o < octaves; o++) {
    const ratio = 2 ** (octaves - 1 - o);
    const Lo: Vec3 = perAxis((a) => Math.ceil((L[a] - 1) / ratio) + 1);
    const values = new Float32Array(Lo[0] * Lo[1] * Lo[2]);
    for (let v = 0; v < values.length; v++) values[v] = weight * normalDeviate(rng);
    if (ratio === 1) {
      for (let v = 0; v < lattice.length; v++) lattice[v] += values[v];
    } else {
      const up = new Float32Array(lattice.length);
      resample3(values, Lo, perAxis((a) => linearUpsampleOperator(Lo[a], L[a], ratio)), up);
      for (let v = 0; v < lattice.length; v++) lattice[v] += up[v];
    }
    weight *= texture.persistence;
  }
  resample3(lattice, L, perAxis((a) => bsplineUpsampleOperator(L[a], dims[a], fine, phase[a])), out);
  let s = 0, s2 = 0;
  for (let v = 0; v < out.length; v++) {
    const x = out[v];
    s += x;
    s2 += x * x;
  }
  const mean = s / out.length;
  return { mean, sd: Math.sqrt(Math.max(0, s2 / out.length - mean * mean)) };
}

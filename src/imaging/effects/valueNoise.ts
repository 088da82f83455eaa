/**
 * Multi-scale value noise: random normal values on lattices whose spacing halves from octave
 * to octave, summed on the finest lattice (coarser octaves interpolated linearly onto it,
 * exactly, since the lattices nest) and carried to the voxels by a cubic B-spline, which is
 * smooth and does not overshoot. The field is rescaled to mean 0 and standard deviation 1.
 * Cost: one 4-tap pass writing the full grid, plus work on lattices and x–y planes.
 */
import type { Rng } from "../../random/index.js";
import type { Vec3 } from "../../volume/index.js";
import { applySteps, resample3 } from "../internal/applyAxis.js";
import { bsplineUpsampleOperator, linearUpsampleOperator, perAxis } from "../internal/axisOperator.js";
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
  valueNoiseInto(dims, texture, rng, out, 0, 1);
  return out;
}

/**
 * Writes level + amplitude · (the normalised field) to `out` and returns its minimum. The mean
 * and variance are computed exactly from the B-spline's x–y planes before the last pass (the
 * variance through the planes' Gram matrix), so the full grid is written once and never re-read.
 */
export function valueNoiseInto(
  dims: Vec3,
  texture: Pick<TextureParams, "scale" | "octaves" | "persistence">,
  rng: Rng,
  out: Float32Array,
  level: number,
  amplitude: number,
): number {
  checkTextureParams(texture, "valueNoise");
  const N = dims[0] * dims[1] * dims[2];
  if (out.length !== N) throw new RangeError(`valueNoise: out.length = ${out.length} but dims ${dims.join("×")} hold ${N} voxels`);
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
      resample3(
        values,
        Lo,
        perAxis((a) => linearUpsampleOperator(Lo[a], L[a], ratio)),
        up,
      );
      for (let v = 0; v < lattice.length; v++) lattice[v] += up[v];
    }
    weight *= texture.persistence;
  }
  // x and y onto full planes, one per lattice z.
  const planes = applySteps(lattice, L, [
    { axis: 0, op: bsplineUpsampleOperator(L[0], dims[0], fine, phase[0]) },
    { axis: 1, op: bsplineUpsampleOperator(L[1], dims[1], fine, phase[1]) },
  ]).data;
  const zop = bsplineUpsampleOperator(L[2], dims[2], fine, phase[2]);
  const slice = dims[0] * dims[1],
    Lz = L[2];
  // Plane sums and Gram entries <P_t, P_t+d> for d = 0..3 (the B-spline's reach).
  const sums = new Float64Array(Lz),
    gram = new Float64Array(Lz * 4);
  for (let t = 0; t < Lz; t++) {
    const a = t * slice;
    let s = 0;
    for (let i = 0; i < slice; i++) s += planes[a + i];
    sums[t] = s;
    for (let d = 0; d < 4 && t + d < Lz; d++) {
      const b = (t + d) * slice;
      let g = 0;
      for (let i = 0; i < slice; i++) g += planes[a + i] * planes[b + i];
      gram[t * 4 + d] = g;
    }
  }
  let total = 0,
    total2 = 0;
  for (let k = 0; k < dims[2]; k++) {
    for (let x = zop.start[k]; x < zop.start[k + 1]; x++) {
      const tx = zop.index[x],
        wx = zop.weight[x];
      total += wx * sums[tx];
      for (let y = zop.start[k]; y < zop.start[k + 1]; y++) {
        const ty = zop.index[y];
        const lo = Math.min(tx, ty),
          d = Math.abs(tx - ty);
        total2 += wx * zop.weight[y] * gram[lo * 4 + d];
      }
    }
  }
  const mean = total / N;
  const sd = Math.sqrt(Math.max(0, total2 / N - mean * mean));
  const k = sd > 1e-6 * Math.max(1, Math.abs(mean)) ? amplitude / sd : 0;
  const shift = level - k * mean;
  let min = Infinity;
  for (let z = 0; z < dims[2]; z++) {
    const t = zop.start[z];
    const p0 = zop.index[t] * slice,
      p1 = zop.index[t + 1] * slice,
      p2 = zop.index[t + 2] * slice,
      p3 = zop.index[t + 3] * slice;
    const w0 = k * zop.weight[t],
      w1 = k * zop.weight[t + 1],
      w2 = k * zop.weight[t + 2],
      w3 = k * zop.weight[t + 3];
    const d0 = z * slice;
    for (let i = 0; i < slice; i++) {
      const x = shift + w0 * planes[p0 + i] + w1 * planes[p1 + i] + w2 * planes[p2 + i] + w3 * planes[p3 + i];
      out[d0 + i] = x;
      if (x < min) min = x;
    }
  }
  return min;
}

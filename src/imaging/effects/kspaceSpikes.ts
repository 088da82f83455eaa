/**
 * k-space spikes (MR "herringbone" or corduroy artefact): a few corrupt, very bright samples
 * of k-space. A spike at frequency f (cycles per voxel along x, y, z) adds one plane wave to
 * the image, so the effect is written directly as a sum of real sinusoids instead of an
 * FFT, an edit of k-space and an inverse FFT (the codebase has no FFT, and a handful of waves
 * costs less than one):
 *
 *   out = in + amplitude · Σ_s weight_s · cos(2π (f_s · (i, j, k) + phase_s))
 *
 * with (i, j, k) the voxel indices and phase in cycles. The real part of the complex wave a
 * spike makes: in a magnitude image the Rician noise stage that follows folds its negative
 * half up again, as a scanner's magnitude does. Each wave is a product of a table along x and
 * one per (y, z) row (cos(a + b) = cos a cos b − sin a sin b), so a voxel costs two
 * multiplies per spike; the tables use sin and cos from src/math (the same bits everywhere).
 */
import type { Vec3, Volume } from "../../volume/index.js";
import { checkFinite, checkRange, outputFor } from "../internal/grid.js";
import type { PointwiseKernel } from "../internal/kernel.js";
import type { SpikeParams } from "../params.js";
import { cos, sin } from "../../math/index.js";

/** At most this many spikes. */
export const MAX_SPIKES = 16;

export function checkSpikeParams(p: SpikeParams, fn: string): void {
  checkRange(fn, "spikes.amplitude", p.amplitude, 0, 1e6, "peak of the stripes in intensity units, 0 for none");
  if (!Array.isArray(p.points)) throw new TypeError(`${fn}: spikes.points must be an array`);
  if (p.points.length > MAX_SPIKES) throw new RangeError(`${fn}: spikes.points has ${p.points.length} spikes; give at most ${MAX_SPIKES}`);
  p.points.forEach((s, n) => {
    for (let a = 0; a < 3; a++) checkRange(fn, `spikes.points[${n}].frequency[${a}]`, s.frequency[a], -0.5, 0.5, "cycles per voxel");
    checkFinite(fn, `spikes.points[${n}].phase`, s.phase);
    checkRange(fn, `spikes.points[${n}].weight`, s.weight, 0, 1, "relative amplitude");
  });
}

/** The effect as a kernel over voxel ranges of a grid of `dims` (null when the amplitude is 0 or there are no spikes). */
export function spikeKernel(dims: Vec3, params: SpikeParams): PointwiseKernel | null {
  checkSpikeParams(params, "kspaceSpikes");
  const waves = params.points.filter((s) => s.weight > 0);
  if (params.amplitude === 0 || waves.length === 0) return null;
  const [nx, ny, nz] = dims;
  const TWO_PI = 2 * Math.PI;
  // Per spike: cos and sin along x, and of the (y, z, phase) part per row, amplitude folded in.
  const tables = waves.map((s) => {
    const a = params.amplitude * s.weight;
    const cx = new Float64Array(nx),
      sx = new Float64Array(nx);
    for (let i = 0; i < nx; i++) {
      const t = TWO_PI * (s.frequency[0] * i);
      cx[i] = cos(t);
      sx[i] = sin(t);
    }
    const cr = new Float64Array(ny * nz),
      sr = new Float64Array(ny * nz);
    for (let k = 0, r = 0; k < nz; k++) {
      for (let j = 0; j < ny; j++, r++) {
        // The phase reduced to one cycle first, so that large indices lose no precision in sin and cos.
        const c = s.frequency[1] * j + s.frequency[2] * k + s.phase;
        const t = TWO_PI * (c - Math.floor(c));
        cr[r] = a * cos(t);
        sr[r] = a * sin(t);
      }
    }
    return { cx, sx, cr, sr };
  });
  return (data, v0, v1) => {
    for (let v = v0; v < v1;) {
      const row = Math.floor(v / nx),
        i0 = v - row * nx,
        end = Math.min(v1, (row + 1) * nx);
      for (const { cx, sx, cr, sr } of tables) addWave(data, v, end, i0, cx, sx, cr[row], sr[row]);
      v = end;
    }
  };
}

/** data[u] += c · cx[i] − s · sx[i] along a stretch of one row (arguments as locals, for the JIT). */
function addWave(data: Float32Array, v: number, end: number, i0: number, cx: Float64Array, sx: Float64Array, c: number, s: number): void {
  for (let i = i0, u = v; u < end; i++, u++) data[u] += c * cx[i] - s * sx[i];
}

export function kspaceSpikes(image: Volume<Float32Array>, params: SpikeParams, out?: Volume<Float32Array>): Volume<Float32Array> {
  const kernel = spikeKernel(image.dims, params);
  const o = outputFor(image, out, "kspaceSpikes");
  kernel?.(o.data, 0, o.data.length);
  return o;
}

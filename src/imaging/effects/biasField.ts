/**
 * Bias field (coil sensitivity, illumination): a smooth multiplicative field
 * b = exp(strength · p / max|p|), p a low-order Legendre polynomial in x, y, z (each scaled to
 * [−1, 1] over the grid), so b lies in [e^−strength, e^strength]. It is evaluated on a lattice
 * of at most 12 points per axis and carried to the voxels by a cubic B-spline (smooth, and a
 * convex combination of lattice values, so the range holds), then applied above the floor:
 * out = floor + b · (in − floor).
 */
import type { Vec3, Volume } from "../../volume/index.js";
import { applySteps, resample3 } from "../internal/applyAxis.js";
import { bsplineUpsampleOperator, perAxis } from "../internal/axisOperator.js";
import { checkFinite, checkRange, outputFor } from "../internal/grid.js";
import type { PointwiseKernel } from "../internal/kernel.js";
import type { BiasParams } from "../params.js";
import { exp } from "../../math/index.js";

const LATTICE = 12;

/** Exponents [a, b, c] of the non-constant Legendre terms P_a(x)P_b(y)P_c(z) with a + b + c ≤ order, by degree then lexicographically. */
export function biasTerms(order: number): Array<[number, number, number]> {
  const terms: Array<[number, number, number]> = [];
  for (let deg = 1; deg <= order; deg++) {
    for (let a = deg; a >= 0; a--) for (let b = deg - a; b >= 0; b--) terms.push([a, b, deg - a - b]);
  }
  return terms;
}

/** The polynomial order a coefficient list stands for (3 → 1, 9 → 2, 19 → 3). */
export function biasOrder(count: number): number {
  for (let order = 0; order <= 3; order++) if (biasTerms(order).length === count) return order;
  throw new RangeError(`bias.coefficients has ${count} numbers; give 0, 3, 9 or 19 (order 0 to 3)`);
}

export function checkBiasParams(p: BiasParams, fn: string): void {
  checkRange(fn, "bias.strength", p.strength, 0, 5, "log of the largest gain");
  if (!Array.isArray(p.coefficients)) throw new TypeError(`${fn}: bias.coefficients must be an array`);
  biasOrder(p.coefficients.length);
  p.coefficients.forEach((c, n) => checkFinite(fn, `bias.coefficients[${n}]`, c));
}

function legendre(n: number, t: number): number {
  return n === 0 ? 1 : n === 1 ? t : n === 2 ? 1.5 * t * t - 0.5 : 2.5 * t * t * t - 1.5 * t;
}

/** The field on the lattice (at most LATTICE points per axis spanning the grid), or null when it is 1 everywhere. */
function biasLattice(dims: Vec3, params: BiasParams): { lattice: Float32Array; G: Vec3; step: Vec3 } | null {
  const terms = biasTerms(biasOrder(params.coefficients.length));
  const G: Vec3 = perAxis((a) => Math.min(dims[a], LATTICE));
  const step: Vec3 = perAxis((a) => (G[a] > 1 ? (dims[a] - 1) / (G[a] - 1) : 1));
  const coord = (a: number, g: number): number => (dims[a] > 1 ? (2 * g * step[a]) / (dims[a] - 1) - 1 : 0);
  const lattice = new Float32Array(G[0] * G[1] * G[2]);
  let maxAbs = 0;
  for (let k = 0, v = 0; k < G[2]; k++) {
    for (let j = 0; j < G[1]; j++) {
      for (let i = 0; i < G[0]; i++, v++) {
        const x = coord(0, i),
          y = coord(1, j),
          z = coord(2, k);
        let p = 0;
        terms.forEach(([a, b, c], t) => {
          p += params.coefficients[t] * legendre(a, x) * legendre(b, y) * legendre(c, z);
        });
        lattice[v] = p;
        maxAbs = Math.max(maxAbs, Math.abs(p));
      }
    }
  }
  if (!(maxAbs > 1e-12) || params.strength === 0) return null;
  const s = params.strength / maxAbs;
  for (let v = 0; v < lattice.length; v++) lattice[v] = exp(s * lattice[v]);
  return { lattice, G, step };
}

/** The multiplicative field itself, on a grid of `dims` (all ones when strength is 0 or the polynomial is flat). */
export function biasFieldValues(dims: Vec3, params: BiasParams): Float32Array {
  checkBiasParams(params, "biasFieldValues");
  const out = new Float32Array(dims[0] * dims[1] * dims[2]);
  const l = biasLattice(dims, params);
  if (!l) return out.fill(1);
  return resample3(
    l.lattice,
    l.G,
    perAxis((a) => bsplineUpsampleOperator(l.G[a], dims[a], l.step[a])),
    out,
  );
}

/** The effect as a kernel over voxel ranges of a grid of `dims` (null when the field is 1 everywhere). */
export function biasKernel(dims: Vec3, params: BiasParams & { floor: number }): PointwiseKernel | null {
  checkBiasParams(params, "biasField");
  checkFinite("biasField", "floor", params.floor);
  const l = params.strength === 0 ? null : biasLattice(dims, params);
  if (!l) return null;
  // The lattice carried to full x–y planes; each slice blends four of them (the z B-spline).
  const planes = applySteps(l.lattice, l.G, [
    { axis: 0, op: bsplineUpsampleOperator(l.G[0], dims[0], l.step[0]) },
    { axis: 1, op: bsplineUpsampleOperator(l.G[1], dims[1], l.step[1]) },
  ]).data;
  const zop = bsplineUpsampleOperator(l.G[2], dims[2], l.step[2]);
  const slice = dims[0] * dims[1],
    floor = params.floor;
  return (data, v0, v1) => {
    for (let v = v0; v < v1;) {
      const k = Math.floor(v / slice),
        i0 = v - k * slice,
        end = Math.min(v1, (k + 1) * slice);
      const t = zop.start[k];
      const p0 = zop.index[t] * slice,
        p1 = zop.index[t + 1] * slice,
        p2 = zop.index[t + 2] * slice,
        p3 = zop.index[t + 3] * slice;
      const w0 = zop.weight[t],
        w1 = zop.weight[t + 1],
        w2 = zop.weight[t + 2],
        w3 = zop.weight[t + 3];
      for (let i = i0; v < end; i++, v++) {
        const b = w0 * planes[p0 + i] + w1 * planes[p1 + i] + w2 * planes[p2 + i] + w3 * planes[p3 + i];
        data[v] = floor + b * (data[v] - floor);
      }
    }
  };
}

export function biasField(image: Volume<Float32Array>, params: BiasParams & { floor: number }, out?: Volume<Float32Array>): Volume<Float32Array> {
  const kernel = biasKernel(image.dims, params);
  const o = outputFor(image, out, "biasField");
  kernel?.(o.data, 0, o.data.length);
  return o;
}

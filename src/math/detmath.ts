/**
 * Elementary functions computed from +, −, ×, ÷ and √ alone (IEEE 754 makes those exact to
 * the bit everywhere), so that results are identical in Node and in every browser. JavaScript
 * engines do not promise that for Math.sin, Math.exp, Math.pow and friends, and they differ in
 * practice: Node 20 and Chromium 156 disagree in the last bit for about 1 in 10 arguments of
 * Math.exp, Math.pow (even a ** 3) or Math.atan2. Seeded simulation must not depend on them.
 *
 * Accuracy: within a few ulp of the true value over the ranges the lab uses (|x| < 1e5 for
 * sin/cos); not a replacement for Math where bit-reproducibility does not matter.
 */

const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.442695040888963387;
const PIO2_1 = 1.57079632673412561417; // first 33 bits of π/2
const PIO2_1T = 6.07710050650619224932e-11; // π/2 − PIO2_1
const TWO_OVER_PI = 6.36619772367581382433e-1;

const view = new DataView(new ArrayBuffer(8));

/** x = m · 2^e with m in [1, 2) (x finite and > 0). Exact. */
function frexp(x: number): [number, number] {
  view.setFloat64(0, x);
  let hi = view.getUint32(0);
  let e = (hi >>> 20) & 0x7ff;
  if (e === 0) {
    // Subnormal: scale into the normal range first (exact).
    const [m, e2] = frexp(x * 18014398509481984); // 2^54
    return [m, e2 - 54];
  }
  hi = (hi & 0x800fffff) | (1023 << 20);
  view.setUint32(0, hi);
  return [view.getFloat64(0), e - 1023];
}

/** 2^k for an integer k, exactly. */
export function pow2(k: number): number {
  if (k > 1023) return pow2(1023) * pow2(k - 1023);
  if (k < -1022) return pow2(-1022) * pow2(Math.max(k + 1022, -60));
  view.setUint32(0, (k + 1023) << 20);
  view.setUint32(4, 0);
  return view.getFloat64(0);
}

export function exp(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x > 709.782712893384) return Infinity;
  if (x < -745.1332191019412) return 0;
  const k = Math.round(x * INV_LN2);
  const r = x - k * LN2_HI - k * LN2_LO;
  // Taylor series of e^r for |r| ≤ ln2/2, Horner form (terms to r^14/14! ≈ 1e-17).
  let p = 1 / 87178291200;
  p = p * r + 1 / 6227020800;
  p = p * r + 1 / 479001600;
  p = p * r + 1 / 39916800;
  p = p * r + 1 / 3628800;
  p = p * r + 1 / 362880;
  p = p * r + 1 / 40320;
  p = p * r + 1 / 5040;
  p = p * r + 1 / 720;
  p = p * r + 1 / 120;
  p = p * r + 1 / 24;
  p = p * r + 1 / 6;
  p = p * r + 0.5;
  p = p * r + 1;
  p = p * r + 1;
  return p * pow2(k);
}

export function log(x: number): number {
  if (Number.isNaN(x) || x < 0) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return Infinity;
  let [m, e] = frexp(x);
  if (m > Math.SQRT2) {
    m /= 2;
    e += 1;
  }
  // log(m) = 2·atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.1716.
  const s = (m - 1) / (m + 1);
  const s2 = s * s;
  let t = 0;
  for (let n = 41; n >= 3; n -= 2) t = t * s2 + 1 / n;
  const logm = 2 * s + 2 * s * s2 * t;
  return e * LN2_HI + (logm + e * LN2_LO);
}

/** x^n for an integer n, by repeated squaring (exact order of operations everywhere). */
export function powi(x: number, n: number): number {
  if (n < 0) return 1 / powi(x, -n);
  let result = 1,
    base = x,
    k = n;
  while (k > 0) {
    if (k & 1) result *= base;
    base *= base;
    k = Math.floor(k / 2);
  }
  return result;
}

export function pow(x: number, y: number): number {
  if (y === 0) return 1;
  if (Number.isInteger(y) && Math.abs(y) <= 64) return powi(x, y);
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x === 0) return y > 0 ? 0 : Infinity;
  if (x < 0) {
    if (!Number.isInteger(y)) return NaN;
    const r = exp(y * log(-x));
    return y % 2 === 0 ? r : -r;
  }
  return exp(y * log(x));
}

export function cbrt(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const a = Math.abs(x);
  let r = exp(log(a) / 3);
  r = r - (r * r * r - a) / (3 * r * r); // one Newton step
  return x < 0 ? -r : r;
}

// sin and cos on [−π/4, π/4] (fdlibm's kernel coefficients).
function kernelSin(x: number): number {
  const z = x * x;
  const r =
    8.33333333332248946124e-3 +
    z * (-1.98412698298579493134e-4 + z * (2.75573137070700676789e-6 + z * (-2.50507602534068634195e-8 + z * 1.58969099521155010221e-10)));
  return x + x * z * (-1.66666666666666324348e-1 + z * r);
}
function kernelCos(x: number): number {
  const z = x * x;
  const r =
    z *
    (4.16666666666666019037e-2 +
      z *
        (-1.38888888888741095749e-3 +
          z * (2.48015872894767294178e-5 + z * (-2.75573143513906633035e-7 + z * (2.0875723212981748279e-9 + z * -1.13596475577881948265e-11)))));
  const hz = 0.5 * z;
  const w = 1 - hz;
  return w + (1 - w - hz + z * r);
}

/** x reduced to [−π/4, π/4] and the quadrant. Cody–Waite reduction, accurate for |x| < ~1e5. */
function reduce(x: number): [number, number] {
  const n = Math.round(x * TWO_OVER_PI);
  const r = x - n * PIO2_1 - n * PIO2_1T;
  return [r, ((n % 4) + 4) % 4];
}

export function sin(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  const [r, q] = reduce(x);
  return q === 0 ? kernelSin(r) : q === 1 ? kernelCos(r) : q === 2 ? -kernelSin(r) : -kernelCos(r);
}

export function cos(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  const [r, q] = reduce(x);
  return q === 0 ? kernelCos(r) : q === 1 ? -kernelSin(r) : q === 2 ? -kernelCos(r) : kernelSin(r);
}

const PI_4 = Math.PI / 4;
const TAN_PI_8 = 0.41421356237309503;

export function atan(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return -atan(-x);
  if (x > 1) return Math.PI / 2 - atan(1 / x);
  if (x > TAN_PI_8) return PI_4 + atan((x - 1) / (x + 1));
  // Taylor series for |x| ≤ tan(π/8): x − x³/3 + x⁵/5 − …
  const z = x * x;
  let t = 0;
  for (let n = 45; n >= 3; n -= 2) t = (n % 4 === 1 ? 1 : -1) / n + z * t;
  return x + x * z * t;
}

export function atan2(y: number, x: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x === 0) return y > 0 ? Math.PI / 2 : y < 0 ? -Math.PI / 2 : Object.is(x, -0) ? (Object.is(y, -0) ? -Math.PI : Math.PI) : y;
  const a = atan(Math.abs(y / x));
  if (x > 0) return y < 0 || Object.is(y, -0) ? -a : a;
  return y < 0 || Object.is(y, -0) ? -(Math.PI - a) : Math.PI - a;
}

export function acos(x: number): number {
  if (!(x >= -1 && x <= 1)) return NaN;
  return atan2(Math.sqrt((1 - x) * (1 + x)), x);
}

export function asin(x: number): number {
  if (!(x >= -1 && x <= 1)) return NaN;
  return atan2(x, Math.sqrt((1 - x) * (1 + x)));
}

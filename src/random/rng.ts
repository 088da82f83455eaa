/**
 * Seeded pseudo-random numbers, identical bit for bit in Node and in the browser: integer
 * arithmetic, plus log/sin/cos from src/math (engines disagree in the last bit of Math.log and
 * Math.sin, so those are never used for anything seeded).
 * Generator: xoshiro128** seeded through splitmix32; normals by Box–Muller.
 * `fork(label)` derives an independent stream, so that adding a draw in one stage does not
 * shift the numbers of another.
 */
import { cos, log, sin } from "../math/index.js";

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [a, b). */
  uniform(a: number, b: number): number;
  /** Integer uniform in [a, b] (inclusive). */
  int(a: number, b: number): number;
  /** Normal with mean mu and standard deviation sigma. */
  normal(mu?: number, sigma?: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** An independent generator derived from this one's seed and `label`. */
  fork(label: string | number): Rng;
  /** The 32-bit seed this generator was made from. */
  readonly seed: number;
}

/** 32-bit FNV-1a hash of a string, for turning labels into seeds. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A generator from an integer or string seed. Throws a RangeError on a non-finite number. */
export function createRng(seed: number | string): Rng {
  let s32: number;
  if (typeof seed === "string") s32 = hashString(seed);
  else {
    if (!Number.isFinite(seed)) throw new RangeError(`createRng: seed = ${seed}; give a finite number or a string`);
    // Mix both halves of large integers so that seeds beyond 2^32 still differ.
    s32 = (Math.trunc(seed) ^ Math.trunc(seed / 4294967296) ^ hashString(String(seed))) >>> 0;
  }
  const sm = splitmix32(s32);
  let a = sm(),
    b = sm(),
    c = sm(),
    d = sm();
  if ((a | b | c | d) === 0) a = 1;
  let spare: number | null = null;

  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  const next = (): number => nextU32() / 4294967296;

  const rng: Rng = {
    seed: s32,
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    normal(mu = 0, sigma = 1) {
      if (spare !== null) {
        const v = spare;
        spare = null;
        return mu + sigma * v;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const mag = Math.sqrt(-2 * log(u));
      spare = mag * sin(2 * Math.PI * v);
      return mu + sigma * mag * cos(2 * Math.PI * v);
    },
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError("pick: the array is empty");
      return items[Math.floor(next() * items.length)];
    },
    fork: (label) => createRng(`${s32}:${label}`),
  };
  return rng;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

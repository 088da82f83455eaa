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
  return new Xoshiro128(s32);
}

/**
 * xoshiro128** with Box–Muller normals. The methods live on the class, not in closures made per generator: a sample
 * forks thousands of generators (one per branch), and a closure per method each time cost more than the draws.
 */
class Xoshiro128 implements Rng {
  readonly seed: number;
  #a: number;
  #b: number;
  #c: number;
  #d: number;
  #spare: number | null = null;

  constructor(s32: number) {
    this.seed = s32;
    const sm = splitmix32(s32);
    this.#a = sm();
    this.#b = sm();
    this.#c = sm();
    this.#d = sm();
    if ((this.#a | this.#b | this.#c | this.#d) === 0) this.#a = 1;
  }

  #nextU32(): number {
    let a = this.#a,
      b = this.#b,
      c = this.#c,
      d = this.#d;
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    this.#a = a;
    this.#b = b;
    this.#c = c;
    this.#d = d;
    return result;
  }

  next(): number {
    return this.#nextU32() / 4294967296;
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  normal(mu = 0, sigma = 1): number {
    if (this.#spare !== null) {
      const v = this.#spare;
      this.#spare = null;
      return mu + sigma * v;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const mag = Math.sqrt(-2 * log(u));
    this.#spare = mag * sin(2 * Math.PI * v);
    return mu + sigma * mag * cos(2 * Math.PI * v);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("pick: the array is empty");
    return items[Math.floor(this.next() * items.length)];
  }

  fork(label: string | number): Rng {
    return createRng(`${this.seed}:${label}`);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

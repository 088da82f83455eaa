import { quantileSorted } from "d3-array";

/** A sample summarised: its values, p10 / p50 / p90, mean, min and max (all 0 when empty). */
export interface Distribution {
  values: number[];
  /** [p10, p50, p90]. */
  percentiles: [number, number, number];
  mean: number;
  min: number;
  max: number;
}

/**
 * The distribution of `values`; with `weights`, percentiles are weighted (the value at which
 * the cumulative weight first reaches p of the total) and so is the mean. Unweighted
 * percentiles interpolate linearly between order statistics (d3-array's quantileSorted, numpy's default).
 */
export function distribution(values: number[], weights?: number[]): Distribution {
  if (values.length === 0) return { values, percentiles: [0, 0, 0], mean: 0, min: 0, max: 0 };
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  let min = Infinity,
    max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!weights) {
    const sorted = order.map((i) => values[i]);
    const q = (p: number) => quantileSorted(sorted, p) as number;
    return { values, percentiles: [q(0.1), q(0.5), q(0.9)], mean: sum(values) / values.length, min, max };
  }
  const total = sum(weights);
  if (!(total > 0)) return distribution(values);
  const q = (p: number) => {
    let acc = 0;
    for (const i of order) {
      acc += weights[i];
      if (acc >= p * total) return values[i];
    }
    return values[order[order.length - 1]];
  };
  let mean = 0;
  for (let i = 0; i < values.length; i++) mean += values[i] * weights[i];
  return { values, percentiles: [q(0.1), q(0.5), q(0.9)], mean: mean / total, min, max };
}

function sum(xs: number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

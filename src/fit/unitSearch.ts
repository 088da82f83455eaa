/**
 * Minimising a function over the unit cube [0, 1]^n by a coarse grid and then a compass search from the grid's best
 * point: deterministic, bounded, and for a handful of parameters that each move their own statistic (fit's imaging
 * factors) it finds the basin a grid sees and then its floor.
 *
 * - grid: `grid` points per axis at (i + ½) / grid, all grid^n of them measured;
 * - compass: from the best point so far, each axis is stepped by ±step (clamped to the cube); the first point lower
 *   than the best is taken at once; a sweep that lowers nothing halves the step; it ends when the step falls below
 *   `minStep` or `budget` measurements have been made in all. A point measured once is not measured again.
 */
export interface UnitSearchOptions {
  /** Points per axis of the first grid (≥ 1). */
  grid?: number;
  /** The compass search stops once its step is below this (> 0). */
  minStep?: number;
  /** The most measurements in all, grid included (≥ grid^n). */
  budget?: number;
}

export interface UnitSearchResult {
  x: number[];
  value: number;
  /** Measurements made (distinct points). */
  evaluations: number;
  /** Every point measured and its value, in the order measured (the grid's grid^n first). */
  measured: { x: number[]; value: number }[];
}

export const UNIT_SEARCH_DEFAULTS = { grid: 3, minStep: 1 / 96, budget: 80 } as const;

export function unitCubeSearch(f: (x: readonly number[]) => number, n: number, o: UnitSearchOptions = {}): UnitSearchResult {
  const { grid, minStep, budget } = { ...UNIT_SEARCH_DEFAULTS, ...o };
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`unitCubeSearch: n = ${n}; give the number of parameters, an integer ≥ 1`);
  if (!Number.isSafeInteger(grid) || grid < 1) throw new RangeError(`unitCubeSearch: grid = ${grid}; give an integer ≥ 1 (points per axis)`);
  if (!(minStep > 0 && minStep < 1)) throw new RangeError(`unitCubeSearch: minStep = ${minStep}; give a step between 0 and 1`);
  const cells = grid ** n;
  if (!Number.isSafeInteger(budget) || budget < cells)
    throw new RangeError(`unitCubeSearch: budget = ${budget}; give an integer ≥ ${cells} (the grid's ${grid}^${n} points)`);
  // every point measured, by its coordinates, in the order measured
  const seen = new Map<string, { x: number[]; value: number }>();
  let best = { x: [] as number[], value: Infinity };
  const measure = (x: number[]): void => {
    const key = x.join(",");
    if (seen.has(key)) return;
    let value = f(x);
    if (Number.isNaN(value)) value = Infinity; // a point that cannot be measured is never the best
    seen.set(key, { x, value });
    if (value < best.value || best.x.length === 0) best = { x, value };
  };
  for (let c = 0; c < cells; c++) {
    const x: number[] = [];
    for (let i = 0, r = c; i < n; i++, r = Math.floor(r / grid)) x.push(((r % grid) + 0.5) / grid);
    measure(x);
  }
  let step = 1 / (2 * grid);
  while (step >= minStep && seen.size < budget) {
    let moved = false;
    for (let i = 0; i < n && seen.size < budget; i++)
      for (const sign of [1, -1]) {
        if (seen.size >= budget) break;
        const x = best.x.slice();
        x[i] = Math.min(1, Math.max(0, x[i] + sign * step));
        const before = best.value;
        measure(x);
        if (best.value < before) {
          moved = true;
          break;
        }
      }
    if (!moved) step /= 2;
  }
  return { x: best.x, value: best.value, evaluations: seen.size, measured: [...seen.values()] };
}

/**
 * x rounded to the nearest integer, ties to even: Python's `round` (and numpy's), which the training code uses where
 * the engine must cut or count alike (tile starts, the number of masked cubes). `Math.round` rounds ties up instead.
 */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

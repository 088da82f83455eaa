/** Median wall time in seconds of `runs` calls of `fn` (after `warmup` unmeasured calls). */
export async function medianSeconds(fn: () => unknown, { runs = 5, warmup = 1 } = {}): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push((performance.now() - t0) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

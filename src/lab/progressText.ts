/**
 * What a progress line says: "3 of 8 tiles, about 12 s left". The time left is the mean time per step so far times the
 * steps still to run; it is not guessed before the first step ends.
 */

/** Seconds left after `done` of `total` steps took `elapsedSeconds`; null before the first step ends or when there is nothing to run. */
export function timeLeft(done: number, total: number, elapsedSeconds: number): number | null {
  if (!(done > 0) || !(total > 0) || !(elapsedSeconds >= 0)) return null;
  return (elapsedSeconds / done) * Math.max(0, total - done);
}

/** "about 40 s", "about 2 min 10 s": rounded so that the line does not flicker (to 5 s past a minute). */
export function describeSeconds(seconds: number): string {
  if (seconds < 1) return "under a second";
  if (seconds < 60) return `about ${Math.round(seconds)} s`;
  const rounded = Math.round(seconds / 5) * 5;
  const min = Math.floor(rounded / 60);
  const s = rounded % 60;
  return `about ${min} min${s ? ` ${s} s` : ""}`;
}

/**
 * "3 of 8 tiles, about 12 s left"; "0 of 8 tiles" before the first ends; "8 of 8 tiles" at the end; "1 of 1 tile". `unit`
 * is a plural that drops its "s" for one (tiles, steps, volumes, samples).
 */
export function progressText(done: number, total: number, elapsedSeconds: number, unit = "steps"): string {
  const head = `${done} of ${total} ${total === 1 ? unit.replace(/s$/, "") : unit}`;
  const left = timeLeft(done, total, elapsedSeconds);
  return left === null || done >= total ? head : `${head}, ${describeSeconds(left)} left`;
}

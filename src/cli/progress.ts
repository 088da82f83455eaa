/**
 * Progress of a long run on stderr, the one wrapper every command uses: a bar with the count, the rate and the time
 * left (cli-progress) when stderr is a terminal; nothing otherwise (a log file gets the final summary only), and
 * nothing at all when quiet. The bar appears with the first update, so a run that learns its total late (tiles,
 * scales) needs nothing special.
 */
import cliProgress from "cli-progress";

export interface Progress {
  /**
   * `done` of `total` finished. The rate and the time left are measured from when the progress was created, unless
   * `timing` gives them (`rate` per second, `eta` seconds left; NaN: not known yet).
   */
  update(done: number, total: number, timing?: { rate: number; eta: number }): void;
  stop(): void;
}

export interface ProgressOptions {
  /** before the bar, e.g. "generate " */
  label?: string;
  /** after the count, e.g. "tiles" */
  unit?: string;
  /** no bar even on a terminal */
  quiet?: boolean;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "…";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600),
    m = Math.floor((s % 3600) / 60),
    r = s % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, "0")}m` : m > 0 ? `${m}m${String(r).padStart(2, "0")}s` : `${r}s`;
}

export function createProgress({ label = "", unit = "", quiet = false }: ProgressOptions = {}): Progress {
  const stream = process.stderr;
  if (quiet || !stream.isTTY) return { update() {}, stop() {} };
  const t0 = performance.now();
  let bar: cliProgress.SingleBar | null = null;
  return {
    update(done, total, timing) {
      const seconds = (performance.now() - t0) / 1000;
      const rate = timing ? timing.rate : done / seconds;
      const eta = timing ? timing.eta : done > 0 ? ((total - done) * seconds) / done : NaN;
      const payload = { rate: Number.isFinite(rate) && rate > 0 ? rate.toPrecision(3) : "…", left: formatDuration(eta) };
      if (!bar) {
        bar = new cliProgress.SingleBar(
          { stream, format: `${label}{bar} {value}/{total}${unit ? ` ${unit}` : ""} | {rate}/s | ETA {left}`, hideCursor: true, barsize: 30, fps: 5 },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done, payload);
        return;
      }
      if (bar.getTotal() !== total) bar.setTotal(total);
      bar.update(done, payload);
    },
    stop() {
      bar?.stop();
    },
  };
}

/**
 * Progress of a long run on stderr: a bar with the count, the rate and the time left
 * (cli-progress) when stderr is a terminal; nothing otherwise (a log file gets the final
 * summary only), and nothing at all when quiet.
 */
import cliProgress from "cli-progress";

export interface Progress {
  /** `done` of `total` finished; `rate` per second; `eta` seconds left (NaN: not known yet). */
  update(done: number, rate: number, eta: number): void;
  stop(): void;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "…";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, "0")}m` : m > 0 ? `${m}m${String(r).padStart(2, "0")}s` : `${r}s`;
}

export function createProgress(total: number, { quiet = false, label = "" } = {}): Progress {
  const stream = process.stderr;
  if (quiet || !stream.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${label}{bar} {value}/{total} | {rate}/s | ETA {left}`,
      hideCursor: true,
      barsize: 30,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { rate: "…", left: "…" });
  return {
    update(done, rate, eta) {
      bar.update(done, { rate: Number.isFinite(rate) && rate > 0 ? rate.toPrecision(3) : "…", left: formatDuration(eta) });
    },
    stop() {
      bar.stop();
    },
  };
}

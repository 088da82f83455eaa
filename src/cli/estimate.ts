import { totalmem } from "node:os";
import { UsageError } from "./errors.js";

/** What the CLI lets one process spend: 80 % of this machine's memory. */
export const MEMORY_LIMIT_BYTES = Math.floor(totalmem() * 0.8);
/** Work from which a command says what it is about to spend before spending it: 1 GiB or a minute. */
export const ANNOUNCE_BYTES = 2 ** 30;
export const ANNOUNCE_SECONDS = 60;

/** Making one synthetic sample (tree, voxels, image, label), per voxel of its volume: peak memory and time on one core,
 * measured with `synth --size 128` (≈ 105 MB over Node's own, ≈ 4 s on a 2-core machine), rounded up. */
export const SAMPLE_BYTES_PER_VOXEL = 56;
export const SAMPLE_SECONDS_PER_VOXEL = 2.5e-6;

export interface WorkEstimate {
  /** Peak memory, bytes. */
  bytes: number;
  /** Rough wall time, seconds (null when unknown). */
  seconds: number | null;
}

/** "1.4 GiB", "310 MiB". */
export function formatBytes(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${Math.ceil(bytes / 2 ** 20)} MiB`;
}

/** "45 s", "12 min", "3.5 h", "2.0 days". */
export function formatSeconds(s: number): string {
  return s < 90 ? `${Math.ceil(s)} s` : s < 5400 ? `${Math.round(s / 60)} min` : s < 172800 ? `${(s / 3600).toFixed(1)} h` : `${(s / 86400).toFixed(1)} days`;
}

/**
 * Refuses work whose memory would pass `limit` (a UsageError: what, the estimate, the limit, `fix`), and says on
 * stderr what large work (ANNOUNCE_BYTES, ANNOUNCE_SECONDS) is about to take before it starts.
 */
export function checkWork(what: string, estimate: WorkEstimate, fix: string, limit = MEMORY_LIMIT_BYTES): void {
  const time = estimate.seconds === null ? "" : `, roughly ${formatSeconds(estimate.seconds)}`;
  if (estimate.bytes > limit) {
    throw new UsageError(
      `${what} would need about ${formatBytes(estimate.bytes)} of memory${time}, over the ${formatBytes(limit)} allowed (80 % of this machine's); ${fix}`,
    );
  }
  if (estimate.bytes > ANNOUNCE_BYTES || (estimate.seconds ?? 0) > ANNOUNCE_SECONDS) {
    process.stderr.write(`${what}: about ${formatBytes(estimate.bytes)} of memory${time} (a rough estimate)\n`);
  }
}

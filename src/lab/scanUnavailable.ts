/**
 * A real scan that could not be downloaded (offline, a failing address, a server that no longer serves a NIfTI): the
 * error loadVolume throws for it, so that a page can say so once and offer the demo volume the lab ships instead.
 */
import type { RealScan } from "./realScans.js";

export class ScanUnavailableError extends Error {
  override name = "ScanUnavailableError";
  readonly scan: RealScan;
  /** Why, in a few words: the browser's network error, the HTTP status, or the reader's complaint. */
  readonly reason: string;

  constructor(scan: RealScan, reason: string) {
    super(`${scan.name} could not be downloaded from ${hostOf(scan.url)} (${reason}): this browser may be offline, or the address no longer answers.`);
    this.scan = scan;
    this.reason = reason;
  }
}

/** True for the error loadVolume throws when a real scan cannot be downloaded (also across a worker or realm). */
export function isScanUnavailable(error: unknown): error is ScanUnavailableError {
  return error instanceof ScanUnavailableError || (typeof error === "object" && error !== null && (error as Error).name === "ScanUnavailableError");
}

/**
 * The error for a real scan whose download failed with `error`: a ScanUnavailableError with the reason in a few words,
 * or `error` itself when it was an abort (the page moved on; there is nothing to say).
 */
export function scanUnavailable(scan: RealScan, error: unknown): unknown {
  if ((error as Error | null)?.name === "AbortError" || isScanUnavailable(error)) return error;
  return new ScanUnavailableError(scan, reasonOf(error));
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const status = message.match(/the server answered (\d{3}[^.]*)/);
  if (status) return `the server answered ${status[1].trim()}`;
  const network = message.match(/^Could not download \S+ \((.*)\): are you offline\?/);
  if (network) return network[1];
  // the bytes came but are not a scan (a captive portal's page, a moved file): the reader's first sentence
  return message.split(/(?<=\.)\s/)[0].replace(/\.$/, "");
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * A byte count as a message or a listing gives it, in binary units (a GiB is 2³⁰ bytes, as the limits are):
 * "812 bytes", "326 KiB", "12.4 MiB", "3.1 GiB". One place, so that the CLI and the pages name sizes alike.
 */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  const whole = Math.round(bytes);
  if (whole < 1024) return `${whole} byte${whole === 1 ? "" : "s"}`;
  // the unit chosen after rounding, so that 2²⁰ − 1 bytes read "1.0 MiB", not "1024 KiB"
  if (Math.round(bytes / 1024) < 1024) return `${Math.round(bytes / 1024)} KiB`;
  const mib = (bytes / 2 ** 20).toFixed(1);
  return Number(mib) < 1024 ? `${mib} MiB` : `${(bytes / 2 ** 30).toFixed(1)} GiB`;
}

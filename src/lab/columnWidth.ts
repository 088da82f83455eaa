/**
 * The width, in CSS pixels, of one of `columns` figures side by side in a page `width` wide.
 *
 * Framework's `width` is the main column's width, and it is 0 (or tiny) while a page is laid
 * out in a hidden or narrow window. `width / 3 - 30` then gave Plot and the SVG a negative width,
 * which Chromium reports as a console error and draws as nothing. This keeps every figure between
 * `min` and `max` whatever the window does.
 *
 * - `reserve`: pixels taken from `width` before it is shared (a sidebar of inputs, say).
 * - `gap`: pixels each figure gives up to the gap beside it.
 */
export function columnWidth(
  width: number,
  columns: number,
  { reserve = 0, gap = 0, min = 160, max = Infinity }: { reserve?: number; gap?: number; min?: number; max?: number } = {},
): number {
  if (!Number.isInteger(columns) || columns < 1) throw new RangeError(`columnWidth: columns must be a whole number ≥ 1 (got ${columns})`);
  if (!(min > 0) || !(max >= min)) throw new RangeError(`columnWidth: need 0 < min ≤ max (got min ${min}, max ${max})`);
  const share = Number.isFinite(width) ? (width - reserve) / columns - gap : min;
  return Math.round(Math.min(max, Math.max(min, share)));
}

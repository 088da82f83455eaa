/**
 * A vertical colour bar: a colour scale from its low end (bottom) to its high end (top), round ticks with their values,
 * the quantity's name along its side, and an optional marker (a triangle on its left) at one value, such as a score.
 */
import { tickStep, ticks } from "d3-array";
import type { Rgb } from "./confusionCanvas.js";
import { svg } from "./html.js";

export interface ColorBarTick {
  value: number;
  /** The value as printed: as many decimals as the tick step needs, the same for every tick. */
  label: string;
  /** Where it lies along the bar: 0 at the low end, 1 at the high end. */
  offset: number;
}

/** Round ticks over `range` (about `count` intervals, d3's ticks: 1, 2 or 5 times a power of ten), labelled alike. */
export function colorBarTicks([lo, hi]: [number, number], count = 5): ColorBarTick[] {
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo))
    throw new RangeError(`colorBarTicks: range = [${lo}, ${hi}]; give finite ends with the top above the bottom`);
  if (!(count >= 1)) throw new RangeError(`colorBarTicks: count = ${count}; give at least 1 interval`);
  const step = Math.abs(tickStep(lo, hi, count));
  const decimals = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
  const label = (v: number) => (decimals > 6 ? (v === 0 ? "0" : v.toExponential(1)) : v.toFixed(decimals));
  return ticks(lo, hi, count).map((value) => ({ value, label: label(value), offset: (value - lo) / (hi - lo) }));
}

export interface ColorBarOptions {
  range: [number, number];
  /** The colour at a position t in [0, 1] along the scale. */
  color: (t: number) => Rgb;
  /** The quantity, written along the bar. */
  label: string;
  /** A value marked beside the bar (clamped to the range), and its description (the marker's tooltip). */
  marker?: { value: number; label: string };
  /** About how many tick intervals; default 5. */
  ticks?: number;
}

let gradients = 0;

/**
 * The bar as an SVG element `width` × `height` CSS pixels, with data-low and data-high (the range) and, with a marker,
 * data-marker (its value); each tick's text has the class vl-color-bar-tick.
 */
export function colorBar(
  { range, color, label, marker, ticks: count = 5 }: ColorBarOptions,
  { width = 86, height = 200 }: { width?: number; height?: number } = {},
): SVGSVGElement {
  const tickList = colorBarTicks(range, count);
  const [lo, hi] = range;
  const top = 6,
    bottom = height - 6,
    barX = 9,
    barW = 14;
  const y = (offset: number) => bottom - offset * (bottom - top);
  const id = `vl-color-bar-${++gradients}`;
  const stops = Array.from({ length: 17 }, (_, n) => n / 16);
  const at = marker && Math.min(1, Math.max(0, (marker.value - lo) / (hi - lo)));
  const node =
    svg`<svg class="vl-color-bar" width=${width} height=${height} viewBox="0 0 ${width} ${height}" role="img" aria-label=${`colour scale of ${label}, ${tickList[0].label} to ${tickList[tickList.length - 1].label}`} style="font:10px sans-serif;overflow:visible;flex:none">
    <defs><linearGradient id=${id} x1="0" y1="1" x2="0" y2="0">${stops.map((t) => svg`<stop offset=${t} stop-color=${`rgb(${color(t).join(",")})`} />`)}</linearGradient></defs>
    <rect x=${barX} y=${top} width=${barW} height=${bottom - top} fill=${`url(#${id})`} stroke="currentColor" stroke-opacity="0.4" />
    ${tickList.map((t) => svg`<line x1=${barX + barW} x2=${barX + barW + 4} y1=${y(t.offset)} y2=${y(t.offset)} stroke="currentColor" /><text class="vl-color-bar-tick" x=${barX + barW + 6} y=${y(t.offset)} dy="0.32em" fill="currentColor">${t.label}</text>`)}
    ${marker ? svg`<path class="vl-color-bar-marker" d=${`M${barX - 1},${y(at!)} l-7,-4.5 v9 z`} fill="currentColor"><title>${marker.label}</title></path>` : null}
    <text x=${width - 2} y=${(top + bottom) / 2} transform=${`rotate(-90 ${width - 2} ${(top + bottom) / 2})`} text-anchor="middle" fill="currentColor">${label}</text>
  </svg>` as SVGSVGElement;
  node.dataset.low = String(lo);
  node.dataset.high = String(hi);
  if (marker) node.dataset.marker = String(marker.value);
  return node;
}

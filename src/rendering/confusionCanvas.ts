/**
 * Draws an error map: the scan in dimmed grey, each true positive, false positive and false negative in its own
 * opaque colour. The colours (a blue, Okabe and Ito's vermillion and yellow) stay at least 33 CIELAB units apart
 * from each other under simulated protanopia, deuteranopia and tritanopia (Machado et al. 2009), and 35 from the
 * dimmed greys; they differ in lightness too (dark vermillion, middle blue, light yellow).
 */
import { pixelCanvas } from "./imageCanvas.js";
import type { Image2D } from "./sliceData.js";

export type Rgb = [number, number, number];

/** Colours of classes 1 (true positive), 2 (false positive) and 3 (false negative). */
export const CONFUSION_COLORS: Readonly<{ truePositive: Rgb; falsePositive: Rgb; falseNegative: Rgb }> = {
  truePositive: [100, 143, 255],
  falsePositive: [213, 94, 0],
  falseNegative: [240, 228, 66],
};
const PALETTE: ReadonlyArray<Rgb | null> = [null, CONFUSION_COLORS.truePositive, CONFUSION_COLORS.falsePositive, CONFUSION_COLORS.falseNegative];
/** The brightest grey of the scan under an error map, so that no grey reads as a class colour. */
const DIMMED = 140;

export interface ConfusionCanvasOptions {
  /** The scan's display window. */
  window: [number, number];
  /** Display width in CSS pixels (height follows the aspect ratio). */
  displayWidth?: number;
  title?: string;
  /** Colour of each class value, null: the scan shows through; default: none for 0, then CONFUSION_COLORS. */
  colors?: ReadonlyArray<Rgb | null>;
}

/** `scan` in dimmed grey with `classes` (same size; values 0–3, or indices into `colors`) painted over it. */
export function confusionCanvas(
  scan: Image2D,
  classes: Image2D,
  { window: [lo, hi], displayWidth = 256, title, colors = PALETTE }: ConfusionCanvasOptions,
): HTMLCanvasElement {
  if (classes.width !== scan.width || classes.height !== scan.height)
    throw new RangeError(`confusionCanvas: classes are ${classes.width}×${classes.height}, the scan ${scan.width}×${scan.height}; give them on one grid`);
  const scale = DIMMED / (hi - lo || 1);
  return pixelCanvas(scan, { displayWidth, title }, (rgba) => {
    for (let i = 0; i < scan.data.length; i++) {
      const colour = colors[classes.data[i]];
      let g = (scan.data[i] - lo) * scale;
      g = g < 0 || Number.isNaN(g) ? 0 : g > DIMMED ? DIMMED : g;
      rgba.set(colour ?? [g, g, g], 4 * i);
      rgba[4 * i + 3] = 255;
    }
  });
}

/** The legend of the three colours. */
export function confusionLegend(): HTMLElement {
  const legend = document.createElement("p");
  legend.className = "vl-confusion-legend";
  legend.dataset.reportLegend = ""; // a page's report copies it as a colour key (src/rendering pageReport)
  legend.style.display = "flex";
  legend.style.gap = "1em";
  legend.style.flexWrap = "wrap";
  const entries: Array<[Rgb, string]> = [
    [CONFUSION_COLORS.truePositive, "true positive (vessel found)"],
    [CONFUSION_COLORS.falsePositive, "false positive (marked, not in the label)"],
    [CONFUSION_COLORS.falseNegative, "false negative (in the label, missed)"],
  ];
  for (const [rgb, text] of entries) {
    const item = document.createElement("span");
    const swatch = document.createElement("span");
    swatch.style.cssText = `display:inline-block;width:0.9em;height:0.9em;margin-right:0.35em;vertical-align:-0.1em;border:1px solid #0006;background:rgb(${rgb.join(",")})`;
    item.append(swatch, text);
    legend.append(item);
  }
  return legend;
}

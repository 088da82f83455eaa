/**
 * The Segment page's comparison figures: one row of views of the same plane (a slice, or the maximum-intensity
 * projection), first the label (white on the dimmed scan), then each method's error map against it (true positives,
 * false positives and false negatives in CONFUSION_COLORS), or each method's mask where no label is known.
 */
import type { Volume } from "../volume/index.js";
import { methodLabel } from "./compareInput.js";
import { type Rgb, confusionCanvas } from "./confusionCanvas.js";
import { confusionMip, confusionSlice } from "./confusionImages.js";
import { imageCanvas } from "./imageCanvas.js";
import { type Axis, type Image2D, mipOf, sliceOf, windowOf } from "./sliceData.js";

export type ComparisonPlane = { kind: "slice"; axis: Axis; index: number } | { kind: "mip"; axis: Axis };

export interface ComparisonViewsOptions {
  scan: Volume;
  /** The label on the scan's grid, or null. */
  label: Volume | null;
  /** Each method ("model", or a baseline's name) and its mask on the scan's grid. */
  masks: ReadonlyArray<{ method: string; mask: Volume }>;
  plane: ComparisonPlane;
  /** Display width of each view in CSS pixels. */
  width?: number;
}

const LABEL_COLORS: ReadonlyArray<Rgb | null> = [null, [255, 255, 255]];

function figure(canvas: HTMLCanvasElement, caption: string, method: string): HTMLElement {
  const fig = document.createElement("figure");
  fig.style.margin = "0";
  canvas.dataset.method = method;
  const cap = document.createElement("figcaption");
  cap.textContent = caption;
  fig.append(canvas, cap);
  return fig;
}

export function comparisonViews({ scan, label, masks, plane, width = 200 }: ComparisonViewsOptions): HTMLElement {
  const onPlane = (v: Volume): Image2D => (plane.kind === "slice" ? sliceOf(v, plane.axis, plane.index) : mipOf(v, plane.axis));
  const image = onPlane(scan);
  const window = plane.kind === "slice" ? windowOf(image.data, 0.5, 99.5) : windowOf(image.data, 1, 99.8);
  const where = plane.kind === "slice" ? `slice ${plane.index}` : "MIP";
  const row = document.createElement("div");
  row.style.cssText = "display:flex;gap:10px;flex-wrap:wrap";
  if (label) {
    const drawn = onPlane(label);
    const classes = { ...drawn, data: drawn.data.map((v) => (v > 0 ? 1 : 0)) };
    row.append(figure(confusionCanvas(image, classes, { window, displayWidth: width, colors: LABEL_COLORS }), `label, ${where}`, "label"));
  }
  for (const { method, mask } of masks) {
    const canvas = label
      ? confusionCanvas(image, plane.kind === "slice" ? confusionSlice(mask, label, plane.axis, plane.index) : confusionMip(mask, label, plane.axis), {
          window,
          displayWidth: width,
        })
      : imageCanvas(image, { window, overlay: onPlane(mask), displayWidth: width });
    row.append(figure(canvas, `${methodLabel(method)}${label ? ": errors" : ": mask"}, ${where}`, method));
  }
  return row;
}

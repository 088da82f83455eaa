/**
 * Draws a HiddenErrorImage: the scan in dimmed grey where the decoder saw it, the squared error in viridis on the
 * hidden pixels, and, when the canvas has room (at least 3 canvas pixels per voxel), a light outline on the inner
 * edge of each hidden region. Viridis holds no grey (its darkest colour is a purple), so a hidden voxel with no error
 * still reads as hidden; the greys stop at HIDDEN_ERROR_GREY so that the white outline stands apart from them.
 */
import { interpolateViridis } from "d3-scale-chromatic";
import type { Rgb } from "./confusionCanvas.js";
import { colorBar } from "./colorBar.js";
import type { HiddenErrorImage } from "./hiddenErrorImage.js";
import { pixelCanvas } from "./imageCanvas.js";

/** The brightest grey of the visible scan. */
export const HIDDEN_ERROR_GREY = 150;
/** The outline of the hidden regions. */
export const HIDDEN_ERROR_OUTLINE: Rgb = [255, 255, 255];

const LUT: Rgb[] = Array.from({ length: 256 }, (_, n) => {
  const hex = interpolateViridis(n / 255); // "#rrggbb"
  return [1, 3, 5].map((o) => parseInt(hex.slice(o, o + 2), 16)) as Rgb;
});

/** The colour of a position t in [0, 1] along the error scale (viridis in 256 steps; t clamped, NaN as 0). */
export function hiddenErrorColor(t: number): Rgb {
  const n = Math.round(255 * (t > 0 ? Math.min(1, t) : 0));
  return LUT[n];
}

export interface HiddenErrorPixelOptions {
  /** The error mapped to the ends of the colour scale; errors above the top take its colour. */
  range: [number, number];
  /** The scan's grey window; default [0, 1] (the model's normalised intensities). */
  window?: [number, number];
  /** Canvas pixels per voxel along each side (a positive integer); default 1. */
  scale?: number;
}

/**
 * The RGBA bytes of `image` drawn `scale` canvas pixels per voxel (row-major, width · scale wide): grey from the scan
 * on visible pixels (NaN error), hiddenErrorColor of the error on hidden ones, and HIDDEN_ERROR_OUTLINE on the canvas
 * pixels of a hidden voxel that touch a visible neighbour's side, when scale ≥ 3.
 */
export function hiddenErrorPixels(
  image: HiddenErrorImage,
  { range: [lo, hi], window: [wlo, whi] = [0, 1], scale = 1 }: HiddenErrorPixelOptions,
): Uint8ClampedArray {
  if (!Number.isInteger(scale) || scale < 1)
    throw new RangeError(`hiddenErrorPixels: scale = ${scale}; give a whole number of canvas pixels per voxel, at least 1`);
  if (!(hi > lo)) throw new RangeError(`hiddenErrorPixels: range = [${lo}, ${hi}]; give a range whose top is above its bottom`);
  const { width, height, data, scan } = image;
  const W = width * scale;
  const rgba = new Uint8ClampedArray(W * height * scale * 4);
  const grey = HIDDEN_ERROR_GREY / (whi - wlo || 1);
  const hiddenAt = (u: number, v: number) => u >= 0 && v >= 0 && u < width && v < height && !Number.isNaN(data[v * width + u]);
  const outline = scale >= 3;
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++) {
      const i = v * width + u;
      const hidden = !Number.isNaN(data[i]);
      let colour: Rgb;
      if (hidden) colour = hiddenErrorColor((data[i] - lo) / (hi - lo));
      else {
        let g = (scan[i] - wlo) * grey;
        g = g > 0 ? Math.min(HIDDEN_ERROR_GREY, g) : 0;
        colour = [g, g, g];
      }
      // which sides border a visible pixel inside the image (left, right, top, bottom)
      const edge =
        hidden && outline
          ? [!hiddenAt(u - 1, v) && u > 0, !hiddenAt(u + 1, v) && u < width - 1, !hiddenAt(u, v - 1) && v > 0, !hiddenAt(u, v + 1) && v < height - 1]
          : null;
      for (let b = 0; b < scale; b++) {
        for (let a = 0; a < scale; a++) {
          const onEdge = edge !== null && ((edge[0] && a === 0) || (edge[1] && a === scale - 1) || (edge[2] && b === 0) || (edge[3] && b === scale - 1));
          const o = 4 * ((v * scale + b) * W + u * scale + a);
          rgba.set(onEdge ? HIDDEN_ERROR_OUTLINE : colour, o);
          rgba[o + 3] = 255;
        }
      }
    }
  }
  return rgba;
}

export interface HiddenErrorCanvasOptions {
  range: [number, number];
  window?: [number, number];
  /** Display width in CSS pixels (height follows the aspect ratio); the canvas holds up to 8 pixels per voxel to fit it. */
  displayWidth?: number;
  title?: string;
}

/**
 * The map on a canvas, with what it shows in data attributes: data-low and data-high (the range), data-scale (canvas
 * pixels per voxel), data-hidden (hidden pixels) and data-mean (their mean squared error; "" when none).
 */
export function hiddenErrorCanvas(image: HiddenErrorImage, { range, window, displayWidth = 256, title }: HiddenErrorCanvasOptions): HTMLCanvasElement {
  const scale = Math.max(1, Math.min(8, Math.floor(displayWidth / image.width)));
  const pixels = hiddenErrorPixels(image, { range, window, scale });
  const canvas = pixelCanvas({ width: image.width * scale, height: image.height * scale, pixelSpacing: image.pixelSpacing }, { displayWidth, title }, (rgba) =>
    rgba.set(pixels),
  );
  canvas.className = "vl-hidden-error";
  Object.assign(canvas.dataset, {
    low: String(range[0]),
    high: String(range[1]),
    scale: String(scale),
    hidden: String(image.hidden),
    mean: Number.isNaN(image.mean) ? "" : String(image.mean),
  });
  return canvas;
}

export interface HiddenErrorViewOptions extends HiddenErrorCanvasOptions {
  /** The volume's score (mean squared error over every hidden voxel), marked on the colour bar. */
  score?: number;
}

/** The map with its colour bar beside it, as tall as the map: the scale in the score's units, the score marked. */
export function hiddenErrorView(image: HiddenErrorImage, options: HiddenErrorViewOptions): HTMLElement {
  const canvas = hiddenErrorCanvas(image, options);
  const wrap = document.createElement("div");
  wrap.className = "vl-hidden-error-view";
  wrap.style.cssText = "display:flex;gap:4px;align-items:flex-start";
  const height = parseFloat(canvas.style.height);
  const marker =
    options.score === undefined || !Number.isFinite(options.score)
      ? undefined
      : { value: options.score, label: `the score, ${options.score.toFixed(5)}: the mean over every hidden voxel of the volume` };
  wrap.append(
    canvas,
    colorBar({ range: options.range, color: hiddenErrorColor, label: "(reconstruction − input)²", marker }, { height: Math.max(120, height) }),
  );
  return wrap;
}

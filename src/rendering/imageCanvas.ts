/**
 * Draws an Image2D into a canvas, grey-scale through a window, with an optional label overlay
 * in colour; the canvas is displayed at the image's physical aspect ratio.
 */
import type { Image2D } from "./sliceData.js";

export interface ImageCanvasOptions {
  window: [number, number];
  /** A second image (same size): pixels > 0 are tinted with `overlayColor`. */
  overlay?: Image2D | null;
  overlayColor?: [number, number, number];
  overlayAlpha?: number;
  /** Display width in CSS pixels (height follows the aspect ratio). */
  displayWidth?: number;
  title?: string;
}

/** The tint of a label drawn over its scan beside masks in the default red: Okabe–Ito sky blue, told apart from red by every common colour vision. */
export const LABEL_OVERLAY_COLOR: [number, number, number] = [86, 180, 233];

export function imageCanvas(
  image: Image2D,
  { window: [lo, hi], overlay = null, overlayColor = [255, 60, 50], overlayAlpha = 0.55, displayWidth = 256, title }: ImageCanvasOptions,
): HTMLCanvasElement {
  const scale = 255 / (hi - lo || 1);
  return pixelCanvas(image, { displayWidth, title }, (rgba) => {
    for (let i = 0; i < image.data.length; i++) {
      let g = (image.data[i] - lo) * scale;
      g = g < 0 ? 0 : g > 255 ? 255 : g;
      let r = g,
        gg = g,
        b = g;
      if (overlay && overlay.data[i] > 0) {
        const a = overlayAlpha * Math.min(1, overlay.data[i]);
        r = r * (1 - a) + overlayColor[0] * a;
        gg = gg * (1 - a) + overlayColor[1] * a;
        b = b * (1 - a) + overlayColor[2] * a;
      }
      rgba[4 * i] = r;
      rgba[4 * i + 1] = gg;
      rgba[4 * i + 2] = b;
      rgba[4 * i + 3] = 255;
    }
  });
}

/**
 * A canvas of `image`'s size whose RGBA pixels `paint` fills, displayed `displayWidth` CSS pixels wide at the image's
 * physical aspect ratio, pixelated: the frame every 2D view of a slice or projection shares.
 */
export function pixelCanvas(
  image: Pick<Image2D, "width" | "height" | "pixelSpacing">,
  { displayWidth = 256, title }: { displayWidth?: number; title?: string },
  paint: (rgba: Uint8ClampedArray) => void,
): HTMLCanvasElement {
  const canvas = document.createElement("canvas");
  canvas.width = image.width;
  canvas.height = image.height;
  const ctx = canvas.getContext("2d")!;
  const pixels = ctx.createImageData(image.width, image.height);
  paint(pixels.data);
  ctx.putImageData(pixels, 0, 0);
  const aspect = (image.height * image.pixelSpacing[1]) / (image.width * image.pixelSpacing[0]);
  canvas.style.width = `${displayWidth}px`;
  canvas.style.height = `${Math.round(displayWidth * aspect)}px`;
  canvas.style.imageRendering = "pixelated";
  canvas.style.maxWidth = "100%";
  if (title) canvas.title = title;
  return canvas;
}

// Writes a PNG-ready PGM/PPM figure of a scan and its segmentation: the image's MIP beside the
// mask's MIP (axial, along z), for looking at results without a browser.
//   npx tsx scripts/mip-figure.ts scan.nii.gz mask.nii.gz out.ppm   (then: convert out.ppm out.png)
import { readFileSync, writeFileSync } from "node:fs";
import { readNifti } from "../src/volume/index.js";
import { mipOf, windowOf } from "../src/rendering/sliceData.js";

const [scanPath, maskPath, out] = process.argv.slice(2);
if (!scanPath || !maskPath || !out) {
  console.error("usage: tsx scripts/mip-figure.ts scan.nii.gz mask.nii.gz out.ppm");
  process.exit(2);
}
const scan = readNifti(readFileSync(scanPath));
const mask = readNifti(readFileSync(maskPath));
const a = mipOf(scan, 2),
  b = mipOf(mask, 2);
const [lo, hi] = windowOf(a.data, 1, 99.8);
const w = a.width,
  h = a.height,
  gap = 4;
const W = 2 * w + gap;
const rgb = Buffer.alloc(W * h * 3, 255);
for (let y = 0; y < h; y++)
  for (let x = 0; x < w; x++) {
    const g = Math.max(0, Math.min(255, ((a.data[y * w + x] - lo) / (hi - lo)) * 255));
    const o = 3 * (y * W + x);
    rgb[o] = rgb[o + 1] = rgb[o + 2] = g;
    const m = b.data[y * w + x] > 0;
    const o2 = 3 * (y * W + w + gap + x);
    rgb[o2] = m ? 230 : g * 0.35;
    rgb[o2 + 1] = m ? 70 : g * 0.35;
    rgb[o2 + 2] = m ? 60 : g * 0.35;
  }
writeFileSync(out, Buffer.concat([Buffer.from(`P6 ${W} ${h} 255\n`), rgb]));
console.error(`mip-figure: ${scan.dims.join("×")} → ${out}`);

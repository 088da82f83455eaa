// Writes src/lab/realRadii.ts: the centreline-radius histogram (voxels of the finest side; src/lab's RADIUS_BINS) of
// each real vessel mask in the folder named by VESSEL_LAB_DATA (real-labels-only/*.nii.gz and real-labeled/*label*),
// so the Synthesise page can draw a sample's radii against real ones. Only these derived numbers are kept, never the
// masks. Run again when the masks or the bins change:
//   VESSEL_LAB_DATA=/path/to/real/data npx tsx scripts/real-radii.ts
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { radiusHistogram } from "../src/lab/radiusHistogram.js";
import { centrelineRadii } from "../src/metrics/index.js";
import { readNifti } from "../src/volume/index.js";

const data = process.env.VESSEL_LAB_DATA;
if (!data) {
  console.error("real-radii: set VESSEL_LAB_DATA to the folder of real scans (it holds real-labels-only/ and real-labeled/)");
  process.exit(2);
}
const files: string[] = [];
for (const [sub, pattern] of [
  ["real-labels-only", /\.nii(\.gz)?$/i],
  ["real-labeled", /label\.nii(\.gz)?$/i],
] as const) {
  const dir = join(data, sub);
  if (existsSync(dir))
    for (const f of readdirSync(dir)
      .filter((f) => pattern.test(f))
      .sort())
      files.push(join(dir, f));
}
if (files.length === 0) {
  console.error(`real-radii: no masks under ${data}/real-labels-only or ${data}/real-labeled`);
  process.exit(2);
}
const masks = files.map((path) => {
  const mask = readNifti(readFileSync(path));
  const name = path
    .split("/")
    .pop()!
    .replace(/\.nii(\.gz)?$/i, "");
  const h = radiusHistogram(centrelineRadii(mask, { inVoxels: true }));
  console.error(`real-radii: ${name} ${mask.dims.join("×")}: ${h.count} centreline voxels`);
  return { name, dims: mask.dims, spacing: mask.spacing.map((s) => +s.toPrecision(4)), ...h, fractions: h.fractions.map((f) => +f.toFixed(5)) };
});
const text = [
  "// Written by scripts/real-radii.ts (do not edit): the centreline-radius histograms (voxels of the finest side, on",
  "// RADIUS_BINS) of real vessel masks, for the Synthesise page to draw a sample's radii against. Derived numbers only.",
  'import type { RadiusHistogram } from "./radiusHistogram.js";',
  "",
  `export const REAL_RADII: ReadonlyArray<RadiusHistogram & { name: string; dims: number[]; spacing: number[] }> = ${JSON.stringify(masks)};`,
  "",
].join("\n");
writeFileSync("src/lab/realRadii.ts", text);
console.error("real-radii: wrote src/lab/realRadii.ts");

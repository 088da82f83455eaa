// Does the reconstruction error tell which intensity gamma a scan needs? A forward-only adaptation could search an
// input gamma (x ↦ x^γ on the percentile-normalised scan) for the lowest masked-reconstruction error, as `--spacing
// auto` could search a scale. For each scan of each folder (images/ as scripts/offdomain-set.ts --unshifted writes
// them: none/, gamma-2-5/, ...), the committed reconstructor's error at each γ of GAMMAS, on its own grid, same mask
// seed: the γ of lowest absolute error (MSE on the hidden voxels) and of lowest relative error (that MSE over the
// hidden voxels' variance). A usable signal picks γ = 1 on unshifted scans and γ < 1 on scans darkened by gamma 2.5.
//   npx tsx scripts/recon-gamma-probe.ts --dir OUT [--folders none gamma-2-5 ...] [--json out.json]
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parseModelCard, percentileNormalise, reconstructVolume } from "../src/infer/index.js";
import { OrtNodeModel } from "../src/infer/node.js";
import { readNifti } from "../src/volume/index.js";

const GAMMAS = [0.4, 0.5, 0.63, 0.8, 1, 1.25, 1.6, 2, 2.5];
const { values } = parseArgs({
  options: { dir: { type: "string" }, folders: { type: "string", multiple: true }, json: { type: "string" } },
  allowPositionals: true,
});
if (!values.dir) {
  console.error("recon-gamma-probe: give --dir DIR (from scripts/offdomain-set.ts --unshifted)");
  process.exit(2);
}
const folders = values.folders ?? readdirSync(values.dir).sort();
const card = parseModelCard(JSON.parse(readFileSync("models/reconstructor.json", "utf8")));
card.spacing = "native";
const model = await OrtNodeModel.load("models/reconstructor.onnx", { card, threads: 2 });
const out: { folder: string; scan: string; absolute: number; relative: number; errors: { gamma: number; mse: number; relative: number }[] }[] = [];
try {
  for (const folder of folders) {
    for (const scan of readdirSync(join(values.dir, folder, "images")).sort()) {
      const normalised = percentileNormalise(readNifti(readFileSync(join(values.dir, folder, "images", scan)))).volume;
      const errors: { gamma: number; mse: number; relative: number }[] = [];
      for (const gamma of GAMMAS) {
        const data = Float32Array.from(normalised.data, (x) => Math.max(0, x) ** gamma);
        const r = await reconstructVolume({ ...normalised, data }, { card, runTile: model.runTile, seed: 1 });
        let sum = 0,
          sum2 = 0,
          n = 0;
        for (let i = 0; i < r.mask.data.length; i++) {
          if (!r.mask.data[i]) continue;
          sum += r.input.data[i];
          sum2 += r.input.data[i] ** 2;
          n++;
        }
        const variance = sum2 / n - (sum / n) ** 2;
        errors.push({ gamma, mse: r.loss, relative: r.loss / variance });
      }
      const argmin = (key: "mse" | "relative") => errors.reduce((a, b) => (b[key] < a[key] ? b : a)).gamma;
      out.push({ folder, scan, absolute: argmin("mse"), relative: argmin("relative"), errors });
      console.log(`${folder}/${scan}: lowest error at γ ${argmin("mse")}, lowest relative error at γ ${argmin("relative")}`);
    }
  }
} finally {
  await model.dispose();
}
if (values.json) writeFileSync(values.json, JSON.stringify(out, null, 1) + "\n");

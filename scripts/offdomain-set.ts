// Writes the off-domain adaptation set: held-out synthetic samples (data set seed 99 by default, never a training seed) of
// three presets, each pushed off the training domain by three of src/lab's domain shifts (the Reconstruct page's
// experiment), as NIfTI pairs for models/train/adapt_eval.py:
//   OUT/<shift>/images/<preset>-<i>.nii.gz   float32 image
//   OUT/<shift>/labels/<preset>-<i>.nii.gz   uint8 label (--label-convention: the model's training convention)
//   OUT/none/...                             with --unshifted: the same samples as made, to measure what each shift costs
//   npx tsx scripts/offdomain-set.ts --out DIR [--count 5] [--size 64] [--voxels wide|scanner] [--label-convention visible|lumen] [--unshifted]
//     [--seed 99]   another seed makes a development set to choose adaptation settings on (training used 1, 2, 11-14)
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { OFF_DOMAIN_PRESETS as PRESETS, OFF_DOMAIN_SHIFTS as SHIFTS, offDomainCase } from "../src/lab/offDomainSet.js";
import { writeNifti } from "../src/volume/index.js";

const { values } = parseArgs({
  options: {
    out: { type: "string" },
    count: { type: "string", default: "5" },
    size: { type: "string", default: "64" },
    voxels: { type: "string", default: "wide" },
    "label-convention": { type: "string", default: "visible" },
    unshifted: { type: "boolean", default: false },
    seed: { type: "string", default: "99" },
  },
});
if (!values.out) {
  console.error("offdomain-set: give --out DIR");
  process.exit(2);
}
const count = Number(values.count),
  size = Number(values.size),
  seed = Number(values.seed);
if (!Number.isInteger(seed) || [1, 2, 11, 12, 13, 14].includes(seed)) {
  console.error(`offdomain-set: --seed ${values.seed}: give an integer that no training set used (not 1, 2, 11-14)`);
  process.exit(2);
}
for (const shift of values.unshifted ? (["none", ...SHIFTS] as const) : SHIFTS) {
  const dir = join(values.out, shift.replace(/[^a-z0-9]+/gi, "-"));
  mkdirSync(join(dir, "images"), { recursive: true });
  mkdirSync(join(dir, "labels"), { recursive: true });
  for (const preset of PRESETS) {
    for (let i = 0; i < count; i++) {
      const { image, label } = offDomainCase(preset, i, shift, {
        seed,
        size,
        voxels: values.voxels as "wide" | "scanner",
        labelConvention: values["label-convention"] as "visible" | "lumen",
      });
      const name = `${preset}-${i}.nii.gz`;
      writeFileSync(join(dir, "images", name), writeNifti(image));
      writeFileSync(join(dir, "labels", name), writeNifti(label));
    }
  }
  console.error(`offdomain-set: ${shift}: ${PRESETS.length * count} pairs in ${dir}`);
}

// Writes the demo volume the lab ships (notebooks/demo/): a small synthetic angiogram and its label, made by the
// lab's own simulator from src/lab's DEMO_VOLUME recipe (brain-tof sample 7 of seed 4242, 48³, scanner voxels).
//   npx tsx scripts/make-demo-volume.ts           # (re)write the files
//   npx tsx scripts/make-demo-volume.ts --check   # exit 1 if the shipped files are not these bytes
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEMO_VOLUME, demoVolumeFiles } from "../src/lab/index.js";

const ROOT = "notebooks";
const files = demoVolumeFiles();
const check = process.argv.includes("--check");
let differ = 0;
for (const kind of ["image", "label"] as const) {
  const path = join(ROOT, DEMO_VOLUME.files[kind]);
  if (check) {
    let shipped: Uint8Array | null = null;
    try {
      shipped = readFileSync(path);
    } catch {
      // missing: counted below
    }
    const same = shipped !== null && Buffer.compare(Buffer.from(shipped), Buffer.from(files[kind])) === 0;
    if (!same) differ++;
    console.error(`${path}: ${same ? "as made" : shipped ? "differs from what the recipe makes" : "missing"} (${files[kind].length} bytes)`);
  } else {
    writeFileSync(path, files[kind]);
    console.error(`wrote ${path} (${files[kind].length} bytes)`);
  }
}
if (differ) {
  console.error("make-demo-volume: run `npx tsx scripts/make-demo-volume.ts` to write them again");
  process.exit(1);
}

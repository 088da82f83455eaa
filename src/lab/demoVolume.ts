/**
 * The demo volume the lab ships (notebooks/demo/): one small synthetic angiogram and its label, made by the lab's own
 * simulator from a fixed recipe, so a page has a volume to offer when a real scan cannot be downloaded (offline, or
 * its address fails). `scripts/make-demo-volume.ts` writes its files with demoVolumeFiles; a test checks that the
 * shipped files are these bytes.
 */
import { encodeSample, makeSample, sampleSpec, type SampleOptions } from "../dataset/index.js";

export const DEMO_VOLUME = {
  /** What the picker and the status line call it. */
  name: "the lab's demo volume",
  /** The sample it is: `vessel-lab synth --preset brain-tof --seed 4242 --index 7 --size 48 --voxels scanner`. */
  recipe: { preset: "brain-tof", seed: 4242, index: 7, size: 48, voxels: "scanner" } satisfies SampleOptions & { index: number },
  /** The files, relative to the site's root (notebooks/). */
  files: { image: "demo/angiogram.nii.gz", label: "demo/angiogram-label.nii.gz" },
  stem: "demo-angiogram",
  /** What it is, for the picker. */
  description:
    "a 48³ synthetic brain TOF angiogram with its vessel label, made by vessel-lab's own simulator and shipped with the lab: it loads without network",
} as const;

/** Where it comes from, for the status line (after the page says what it is). */
export function demoVolumeDetail(): string {
  const r = DEMO_VOLUME.recipe;
  return `made by the lab's own simulator (${r.preset} sample ${r.index} of seed ${r.seed}, ${r.size}³ on ${r.voxels} voxels) and shipped with the lab: no network needed`;
}

/** The command that makes the same sample from the command line (the files differ only in gzip's bytes: the CLI uses Node's zlib). */
export function demoVolumeCommand(): string {
  const r = DEMO_VOLUME.recipe;
  return `npx vessel-lab synth --preset ${r.preset} --seed ${r.seed} --index ${r.index} --size ${r.size} --voxels ${r.voxels} --out angiogram.nii.gz --label-out angiogram-label.nii.gz`;
}

/** The demo volume's two files, byte for byte: the image (int16 + scaling) and the label (uint8), gzipped by fflate. */
export function demoVolumeFiles(): { image: Uint8Array; label: Uint8Array } {
  const { index, ...options } = DEMO_VOLUME.recipe;
  const [image, label] = encodeSample(makeSample(sampleSpec(index, options)));
  return { image: image.bytes, label: label.bytes };
}

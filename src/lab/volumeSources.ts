/**
 * Where the Segment, Reconstruct and Fit pages take a volume from: a synthetic sample made in the page (exactly the
 * CLI's `generate` sample for that index), a sample kept in IndexedDB by the Synthesise page, a real scan from its
 * public URL, the demo volume the lab ships (no network needed), or the user's own scan file: NIfTI, MetaImage, NRRD or TIFF (with an optional
 * label). One loader for every page.
 */
import type { LabelConvention } from "../dataset/index.js";
import type { SampleStore } from "../storage/index.js";
import { VOLUME_NAME, type Volume, type VolumeFormat } from "../volume/index.js";
import { DEMO_VOLUME, demoVolumeDetail } from "./demoVolume.js";
import { type RealScan, fetchNifti, readScanFile } from "./realScans.js";
import { scanUnavailable } from "./scanUnavailable.js";
import { type SynthesisRequest, synthesisFromSearch } from "./synthesis.js";
import { checkFileBudget } from "./volumeBudget.js";

export const VOLUME_SOURCES = ["synthetic sample", "synthesised image", "kept sample", "real scan", "demo volume", "your file"] as const;
export type VolumeSource = (typeof VOLUME_SOURCES)[number];

export interface LoadedVolume {
  volume: Volume;
  /** The vessel label when one is known (synthetic samples, or a label file the user gave). */
  label: Volume | null;
  /** What it is, for captions (text, never HTML). */
  name: string;
  /** A file-name-safe stem for downloads. */
  stem: string;
  detail: string;
  /** The format of the user's own file (MetaImage, NRRD or NIfTI), so a page can offer its outputs in it too; absent for the lab's own volumes. */
  format?: VolumeFormat;
}

/** The engine worker's sampleBatch, as EngineClient.call gives it. */
export type SampleMaker = (
  options: { seed: number; preset: string; size: number; labelConvention?: LabelConvention },
  index: number,
) => Promise<{ image: Volume; label: Volume; record: Record<string, unknown> }>;

export type VolumeRequest =
  | { source: "synthetic sample"; preset: string; seed: number; index: number; size: number }
  | { source: "synthesised image"; request: SynthesisRequest }
  | { source: "kept sample"; id: string }
  | { source: "real scan"; scan: RealScan }
  | { source: "demo volume"; insteadOf?: string | null }
  | { source: "your file"; file: File | File[]; labelFile?: File | null };

/** Where the page serves the demo volume's files (FileAttachment URLs: the built site renames files). */
export interface DemoVolumeUrls {
  image: string;
  label: string;
}

/** The engine worker's synthesise (the Synthesise page's image for a request). */
export type Synthesiser = (request: SynthesisRequest) => Promise<{ image: Volume; maps: { binary: Volume }; label?: Volume }>;

/**
 * The volume a request names. A real scan that cannot be downloaded throws a ScanUnavailableError (its message says
 * which scan, from where and why, once), so that the page can offer the demo volume, which loads from `demo`, the
 * page's own files.
 */
export async function loadVolume(
  request: VolumeRequest,
  {
    makeSample,
    synthesise,
    store,
    signal,
    demo,
    labelConvention = "lumen",
  }: {
    makeSample: SampleMaker;
    synthesise?: Synthesiser;
    store?: SampleStore | null;
    signal?: AbortSignal;
    demo?: DemoVolumeUrls | null;
    /** The label a synthetic sample carries: the page's model's convention (labelConventionOf(card), src/infer), so its Dice is scored as it learnt. */
    labelConvention?: LabelConvention;
  },
): Promise<LoadedVolume> {
  switch (request.source) {
    case "synthetic sample": {
      const { preset, seed, index, size } = request;
      const visible = labelConvention === "visible";
      const s = await makeSample(visible ? { seed, preset, size, labelConvention } : { seed, preset, size }, index);
      const name = `synthetic ${preset} sample ${index} (seed ${seed}, ${size}³)`;
      return {
        volume: s.image,
        label: s.label,
        name,
        stem: `${preset}-s${seed}-${size}-${index}`,
        detail: `made in this page exactly as "npx vessel-lab generate --preset ${preset} --seed ${seed} --size ${size}${visible ? " --label-convention visible" : ""}" makes sample ${index}`,
      };
    }
    case "synthesised image": {
      if (!synthesise) throw new Error("this page cannot synthesise images");
      const r = request.request;
      const s = await synthesise(r);
      const name = `the Synthesise page's ${r.modality} image (tree ${r.tree.preset} seed ${r.tree.seed}, imaging seed ${r.seed}, ${r.size}³)`;
      return {
        volume: s.image,
        label: s.label ?? s.maps.binary,
        name,
        stem: `${r.modality}-${r.tree.preset}-${r.tree.seed}-${r.seed}`,
        detail: "made from the URL's tree and imaging settings, exactly as the Synthesise page shows it",
      };
    }
    case "kept sample": {
      if (!store) throw new Error("IndexedDB is not available in this browser, so there are no kept samples; make a synthetic sample instead");
      const s = await store.get(request.id);
      if (!s) throw new Error(`no kept sample "${request.id}": it was deleted or the browser cleared its storage; make samples on the Synthesise page`);
      return { volume: s.image, label: s.label, name: `kept sample ${s.id}`, stem: s.id, detail: "kept in this browser by the Synthesise page" };
    }
    case "real scan": {
      const r = await fetchNifti(request.scan.url, { signal }).catch((error) => {
        throw scanUnavailable(request.scan, error);
      });
      return {
        volume: r.volume,
        label: null,
        name: request.scan.name,
        stem: request.scan.id,
        detail: `${request.scan.description}; ${request.scan.credit} (${request.scan.licence})`,
      };
    }
    case "demo volume": {
      if (!demo) throw new Error("this page does not serve the demo volume; make a synthetic sample instead");
      const [image, label] = await Promise.all([fetchNifti(demo.image, { signal }), fetchNifti(demo.label, { signal })]);
      const instead = request.insteadOf ? `offered instead of ${request.insteadOf}, which could not be downloaded; ` : "";
      return { volume: image.volume, label: label.volume, name: DEMO_VOLUME.name, stem: DEMO_VOLUME.stem, detail: `${instead}${demoVolumeDetail()}` };
    }
    case "your file": {
      // the header first: a file the page cannot even read within its budget is refused before it is decoded
      const scanLayout = await checkFileBudget(request.file);
      const labelLayout = request.labelFile ? await checkFileBudget(request.labelFile) : undefined;
      const r = await readScanFile(request.file, scanLayout);
      let label: Volume | null = null;
      if (request.labelFile) {
        const l = await readScanFile(request.labelFile, labelLayout);
        if (l.volume.dims.some((d, a) => d !== r.volume.dims[a])) {
          throw new Error(`the label ${l.name} is ${l.volume.dims.join("×")}, the scan ${r.volume.dims.join("×")}; give the label drawn on this scan's grid`);
        }
        label = l.volume;
      }
      return {
        volume: r.volume,
        label,
        name: r.name,
        stem: r.name.replace(VOLUME_NAME, "").replace(/[^\w.-]+/g, "_") || "scan",
        detail: `your ${r.format === "dicom" ? "files" : "file"}, ${(r.bytes / 2 ** 20).toFixed(1)} MB${r.note ? `; ${r.note}` : ""}`,
        format: r.format,
      };
    }
  }
}

/** What the page's volume picker (src/rendering/volumePicker.ts) holds. */
export interface VolumeChoice {
  source: VolumeSource;
  sample: { preset: string; index: number; size: number; seed: number };
  keptId: string | null;
  scan: RealScan;
  /** The scan file, or the files of a DICOM series chosen together. */
  file: File | File[] | null;
  labelFile: File | null;
  /** With the demo volume: the real scan it was offered for, when the page offered it because that scan could not be downloaded. */
  insteadOf?: string | null;
}

/** The request loadVolume takes for a choice; null while it needs more (no file yet, no kept sample). */
export function volumeRequestOf(choice: VolumeChoice, search: string | URLSearchParams): VolumeRequest | null {
  switch (choice.source) {
    case "synthetic sample":
      return { source: choice.source, ...choice.sample };
    case "synthesised image":
      return { source: choice.source, request: synthesisFromSearch(search) };
    case "kept sample":
      return choice.keptId ? { source: choice.source, id: choice.keptId } : null;
    case "real scan":
      return { source: choice.source, scan: choice.scan };
    case "demo volume":
      return { source: choice.source, insteadOf: choice.insteadOf ?? null };
    case "your file":
      return choice.file ? { source: choice.source, file: choice.file, labelFile: choice.labelFile } : null;
  }
}

/** The choice in URL parameters (files cannot be; the Synthesise page's parameters are left as they are). */
export function writeVolumeChoice(choice: Pick<VolumeChoice, "source"> & Partial<VolumeChoice>, params: URLSearchParams): URLSearchParams {
  params.set("source", choice.source);
  if (choice.source === "synthetic sample" && choice.sample) {
    params.set("sample", choice.sample.preset);
    params.set("index", String(choice.sample.index));
    params.set("ssize", String(choice.sample.size));
    params.set("dseed", String(choice.sample.seed));
  }
  if (choice.source === "real scan" && choice.scan) params.set("scan", choice.scan.id);
  if (choice.source === "kept sample" && choice.keptId) params.set("kept", choice.keptId);
  return params;
}

/**
 * Where the Segment, Reconstruct and Fit pages take a volume from: a synthetic sample made in the page (exactly the
 * CLI's `generate` sample for that index), a sample kept in IndexedDB by the Synthesise page, a real scan from its
 * public URL, the demo volume the lab ships (no network needed), or the user's own scan file: NIfTI, MetaImage, NRRD or TIFF (with an optional
 * label). One loader for every page.
 */
import type { LabelConvention } from "../dataset/index.js";
import type { SampleStore } from "../storage/index.js";
import { type SeriesSummary, SeveralSeries, VOLUME_NAME, type Volume, type VolumeFormat, damagedNote, formatSize } from "../volume/index.js";
import { DEMO_VOLUME, demoVolumeDetail } from "./demoVolume.js";
import { type RealScan, fetchNifti } from "./realScans.js";
import { scanUnavailable } from "./scanUnavailable.js";
import { type SynthesisRequest, synthesisFromSearch } from "./synthesis.js";
import { type YourFiles, readYourFiles } from "./yourFiles.js";

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
  | { source: "your file"; file: File | File[]; labelFile?: File | null; series?: string };

/** The read worker's readFiles (readYourFiles off the page's thread: src/rendering/readingView.ts), stopped when `signal` aborts. */
export type FilesReader = (file: File | File[], labelFile: File | null, series?: string, signal?: AbortSignal) => Promise<YourFiles>;

/** Where the page serves the demo volume's files (FileAttachment URLs: the built site renames files). */
export interface DemoVolumeUrls {
  image: string;
  label: string;
}

/** The engine worker's synthesise (the Synthesise page's image for a request). */
export type Synthesiser = (request: SynthesisRequest) => Promise<{ image: Volume; maps: { binary: Volume }; label?: Volume }>;

/** Where loadVolume makes, finds or reads a volume. */
export interface LoadOptions {
  makeSample: SampleMaker;
  synthesise?: Synthesiser;
  store?: SampleStore | null;
  signal?: AbortSignal;
  demo?: DemoVolumeUrls | null;
  /** The label a synthetic sample carries: the page's model's convention (labelConventionOf(card), src/infer), so its Dice is scored as it learnt. */
  labelConvention?: LabelConvention;
  /** How the user's own files are read: the read worker's (src/rendering/readingView.ts) in a page, so the page stays responsive; readYourFiles here otherwise. */
  readFiles?: FilesReader;
}

/**
 * A page's volume as it loads: a reason to wait (with what to do, or what is being read; where the user's files hold
 * several DICOM series, the series to choose from and `choose`), then the volume or what went wrong.
 */
export type VolumeState = LoadedVolume | { waiting: string } | SeriesChoice | { error: Error };

/** Files that hold several DICOM series: which there are, and how the page reads the one the user picks. */
export interface SeriesChoice {
  waiting: string;
  choices: SeriesSummary[];
  choose(uid: string): void;
  /** Why the series chosen before could not be read, where one was: the user picks another. */
  problem?: string;
  /** The files skipped as damaged, too damaged to tell their series (damagedNote), where there were: shown with the refusals. */
  skipped?: string;
}

/**
 * The states of a page's volume for a top-level `const loaded = loadingVolume(…)`: Framework gives the page each state
 * the generator yields. {waiting} when there is nothing to load yet, with what to do; {waiting} while the user's own
 * files are read, which can take seconds (a compressed series is decoded slice by slice); then the volume, or {error}.
 */
export async function* loadingVolume(request: VolumeRequest | null, source: VolumeSource, options: LoadOptions): AsyncGenerator<VolumeState> {
  if (request === null) {
    yield {
      waiting:
        source === "kept sample"
          ? "No kept samples yet: make some on the Synthesise page."
          : "Choose or drop a scan file (NIfTI, MetaImage, NRRD or TIFF), or a DICOM series: its files or its folder.",
    };
    return;
  }
  if (request.source === "your file") yield { waiting: readingWords(request.file, request.labelFile ?? null) };
  try {
    yield await loadVolume(request, options);
  } catch (error) {
    if (!(error instanceof SeveralSeries) || request.source !== "your file") {
      yield { error: error instanceof Error ? error : new Error(String(error)) };
      return;
    }
    // an exam's folder: the user picks a series, which is then read alone; one that cannot be read brings the choice back
    const waiting = `These files hold ${error.series.length} DICOM series: choose the one to read.`;
    const skipped = error.damaged.length ? { skipped: damagedNote(error.damaged) } : {};
    let problem: string | undefined;
    for (;;) {
      let choose: (uid: string) => void = () => {};
      const chosen = new Promise<string>((resolve) => (choose = resolve));
      yield { waiting, choices: error.series, choose, ...(problem ? { problem } : {}), ...skipped };
      const series = await chosen;
      yield { waiting: readingWords(request.file, request.labelFile ?? null) };
      try {
        yield await loadVolume({ ...request, series }, options);
        return;
      } catch (again) {
        if (again instanceof Error && again.name === "CancelledError") {
          yield { error: again };
          return;
        }
        problem = again instanceof Error ? again.message : String(again);
      }
    }
  }
}

/** "Reading your 200 files (80.8 MiB)…": what a page says while the user's files are read. */
export function readingWords(file: File | readonly File[], labelFile: File | null): string {
  const files = Array.isArray(file) ? file : [file as File];
  const what = files.length === 1 ? "your file" : `your ${files.length} files`;
  return `Reading ${what} (${formatSize(files.reduce((n, f) => n + f.size, 0))})${labelFile ? " and its label" : ""}…`;
}

/**
 * The volume a request names. A real scan that cannot be downloaded throws a ScanUnavailableError (its message says
 * which scan, from where and why, once), so that the page can offer the demo volume, which loads from `demo`, the
 * page's own files.
 */
export async function loadVolume(
  request: VolumeRequest,
  { makeSample, synthesise, store, signal, demo, labelConvention = "lumen", readFiles }: LoadOptions,
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
      const r = readFiles
        ? await readFiles(request.file, request.labelFile ?? null, request.series, signal)
        : await readYourFiles(request.file, request.labelFile ?? null, { series: request.series });
      return {
        volume: r.volume,
        label: r.label,
        name: r.name,
        stem: r.name.replace(VOLUME_NAME, "").replace(/[^\w.-]+/g, "_") || "scan",
        detail: `your ${r.format === "dicom" ? "files" : "file"}, ${formatSize(r.bytes)}${r.note ? `; ${r.note}` : ""}`,
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

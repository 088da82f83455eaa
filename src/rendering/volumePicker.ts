/**
 * The control with which the Segment, Reconstruct and Fit pages choose a volume: a source (synthetic sample, the
 * Synthesise page's image, a kept sample, a real scan, the lab's demo volume, your file) and the controls of that
 * source alone. Its `value` is a VolumeChoice and it emits "input" events, so a page can `view()` it; src/lab's
 * volumeRequestOf turns the choice into what loadVolume loads. Initial values come from the page's URL.
 * `chooseDemo(insteadOf)` switches it to the demo volume, as the page's offer does when a real scan cannot be
 * downloaded.
 */
import * as Inputs from "@observablehq/inputs";
import { SAMPLE_PRESET_NAMES } from "../dataset/index.js";
import { DEMO_VOLUME, queryNumber, REAL_SCANS, VOLUME_SOURCES, type VolumeChoice, type VolumeSource } from "../lab/index.js";
import { fileDrop } from "./fileDrop.js";

export type VolumePicker = HTMLElement & {
  readonly value: VolumeChoice;
  /** Switches to the demo volume, offered instead of the real scan named `insteadOf` (which could not be downloaded). */
  chooseDemo(insteadOf?: string | null): void;
};

export function volumePicker({
  query,
  kept = [],
  withLabel = false,
  labelPrompt = "Optional: its vessel label, for Dice",
}: {
  query: URLSearchParams;
  kept?: readonly string[];
  withLabel?: boolean;
  labelPrompt?: string;
}): VolumePicker {
  const root = document.createElement("div") as unknown as VolumePicker;
  root.className = "vl-volume-picker";
  const initial = (VOLUME_SOURCES as readonly string[]).includes(query.get("source") ?? "") ? (query.get("source") as VolumeSource) : "synthetic sample";
  const source = Inputs.radio(VOLUME_SOURCES, { label: "Volume", value: initial });
  const sample = Inputs.form<VolumeChoice["sample"]>({
    preset: Inputs.select(SAMPLE_PRESET_NAMES, {
      label: "Preset",
      value: SAMPLE_PRESET_NAMES.includes(query.get("sample") as never) ? query.get("sample") : "brain-tof",
    }),
    // Sample 0 of the default data set has inverted contrast (dark vessels), which the model does not segment:
    // a first visit starts on sample 1, where it does.
    index: Inputs.number([0, 1e6], { label: "Sample index", step: 1, value: queryNumber(query, "index", 1) }),
    size: Inputs.range([32, 128], { label: "Size", step: 16, value: queryNumber(query, "ssize", 64) || 64 }),
    seed: Inputs.number([0, 2 ** 31], { label: "Data set seed", step: 1, value: queryNumber(query, "dseed", 4242) }),
  });
  const keptNote = document.createElement("p");
  keptNote.className = "vl-note";
  keptNote.textContent = kept.length ? "" : "No kept samples yet: make some on the Synthesise page.";
  const keptSelect = Inputs.select(kept, { label: "Kept sample", value: query.get("kept") ?? undefined, disabled: kept.length === 0 });
  const real = Inputs.select(REAL_SCANS, { label: "Real scan", format: (s) => s.name, value: REAL_SCANS.find((s) => s.id === query.get("scan")) });
  const file = fileDrop({
    label: "Drop your scan here (.nii, .nii.gz, .mha, .nrrd, .tif, or a DICOM series: its files or its folder), or choose it",
    accept: ".nii,.nii.gz,.gz,.mha,.nrrd,.tif,.tiff,.dcm",
    purpose: "your scan",
    multiple: true,
  });
  file.id = "scan-file";
  const labelFile = fileDrop({ label: labelPrompt, purpose: "its label" });
  labelFile.id = "label-file";
  const synthesised = document.createElement("p");
  synthesised.className = "vl-note";
  synthesised.textContent = "The image the Synthesise page shows for this page's URL (open it from the Synthesise page's link).";
  const demo = document.createElement("p");
  demo.className = "vl-note";
  demo.textContent = `The demo volume: ${DEMO_VOLUME.description}.`;

  const groups: Record<VolumeSource, HTMLElement[]> = {
    "synthetic sample": [sample],
    "synthesised image": [synthesised],
    "kept sample": [keptNote, keptSelect],
    "real scan": [real],
    "demo volume": [demo],
    "your file": withLabel ? [file, labelFile] : [file],
  };
  const all = [...new Set(Object.values(groups).flat())];
  root.append(source, ...all);
  let insteadOf: string | null = null;
  let offering = false;
  const read = (): VolumeChoice => ({
    source: source.value,
    sample: { ...sample.value },
    keptId: kept.length ? (keptSelect.value as string) : null,
    scan: real.value,
    file: file.value,
    labelFile: withLabel ? (labelFile.value as File | null) : null, // one file: its picker takes one
    insteadOf: source.value === "demo volume" ? insteadOf : null,
  });
  // The value is read from the controls whenever it is asked for (one object while they stay as they are): Inputs'
  // radio, number and range update their own values in their own "input" listeners, and a value computed before
  // those ran (as a capture listener here once did) lagged one interaction behind what the controls showed.
  let last = read();
  Object.defineProperty(root, "value", {
    get(): VolumeChoice {
      const next = read();
      if (!sameChoice(last, next)) last = next;
      return last;
    },
  });
  const show = () => {
    for (const el of all) el.style.display = groups[source.value].includes(el) ? "" : "none";
  };
  // bubbling: the controls inside have taken the interaction by the time it reaches this element
  root.addEventListener("input", () => {
    if (!offering) insteadOf = null; // the user's own choice: no longer the page's offer
    show();
  });
  root.chooseDemo = (instead = null) => {
    source.value = "demo volume";
    insteadOf = instead;
    offering = true;
    try {
      root.dispatchEvent(new Event("input", { bubbles: true }));
    } finally {
      offering = false;
    }
  };
  show();
  return root;
}

function sameChoice(a: VolumeChoice, b: VolumeChoice): boolean {
  const keys = ["source", "keptId", "scan", "file", "labelFile", "insteadOf"] as const;
  return keys.every((k) => a[k] === b[k]) && (Object.keys(a.sample) as (keyof VolumeChoice["sample"])[]).every((k) => a.sample[k] === b.sample[k]);
}

/**
 * The control with which the Segment, Reconstruct and Fit pages choose a volume: a source (synthetic sample, the
 * Synthesise page's image, a kept sample, a real scan, your file) and the controls of that source alone. Its `value`
 * is a VolumeChoice and it emits "input" events, so a page can `view()` it; src/lab's volumeRequestOf turns the
 * choice into what loadVolume loads. Initial values come from the page's URL.
 */
import * as Inputs from "@observablehq/inputs";
import { SAMPLE_PRESET_NAMES } from "../dataset/index.js";
import { queryNumber, REAL_SCANS, VOLUME_SOURCES, type VolumeChoice, type VolumeSource } from "../lab/index.js";
import { fileDrop } from "./fileDrop.js";

export function volumePicker({ query, kept = [], withLabel = false, labelPrompt = "Optional: its vessel label, for Dice" }: { query: URLSearchParams; kept?: readonly string[]; withLabel?: boolean; labelPrompt?: string }): HTMLElement & { value: VolumeChoice } {
  const root = document.createElement("div") as unknown as HTMLElement & { value: VolumeChoice };
  root.className = "vl-volume-picker";
  const initial = (VOLUME_SOURCES as readonly string[]).includes(query.get("source") ?? "") ? (query.get("source") as VolumeSource) : "synthetic sample";
  const source = Inputs.radio(VOLUME_SOURCES, { label: "Volume", value: initial });
  const sample = Inputs.form<VolumeChoice["sample"]>({
    preset: Inputs.select(SAMPLE_PRESET_NAMES, { label: "Preset", value: SAMPLE_PRESET_NAMES.includes(query.get("sample") as never) ? query.get("sample") : "brain-tof" }),
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
  const file = fileDrop({ label: "Drop your NIfTI scan here (.nii, .nii.gz), or choose it" });
  file.id = "scan-file";
  const labelFile = fileDrop({ label: labelPrompt });
  labelFile.id = "label-file";
  const synthesised = document.createElement("p");
  synthesised.className = "vl-note";
  synthesised.textContent = "The image the Synthesise page shows for this page's URL (open it from the Synthesise page's link).";

  const groups: Record<VolumeSource, HTMLElement[]> = {
    "synthetic sample": [sample],
    "synthesised image": [synthesised],
    "kept sample": [keptNote, keptSelect],
    "real scan": [real],
    "your file": withLabel ? [file, labelFile] : [file],
  };
  const all = [...new Set(Object.values(groups).flat())];
  root.append(source, ...all);
  const update = () => {
    for (const el of all) el.style.display = groups[source.value].includes(el) ? "" : "none";
    root.value = {
      source: source.value,
      sample: { ...sample.value },
      keptId: kept.length ? (keptSelect.value as string) : null,
      scan: real.value,
      file: file.value,
      labelFile: withLabel ? labelFile.value : null,
    };
  };
  // capture: the value is current before the event reaches the page's listener on this element
  root.addEventListener("input", update, { capture: true });
  update();
  return root;
}

/**
 * A file picker that also takes a file dropped on it: an Observable-style input whose `value` is the chosen File (or
 * null) and which fires "input" when it changes. With `multiple`, several files may be chosen or dropped together (the
 * files of a DICOM series): `value` is then the array of them, a single file still a File. File names are set as text,
 * never parsed as HTML. `purpose` is what a page's report says the file was for.
 */
import { REPORT_FILE_ATTRIBUTE } from "./pageReport.js";

export function fileDrop({
  label = "Drop a scan file here (NIfTI, MetaImage, NRRD or TIFF), or choose one",
  accept = ".nii,.nii.gz,.gz,.mha,.nrrd,.tif,.tiff",
  purpose = "a file",
  multiple = false,
}: { label?: string; accept?: string; purpose?: string; multiple?: boolean } = {}): HTMLElement & { value: File | File[] | null } {
  const root = document.createElement("div") as unknown as HTMLElement & { value: File | File[] | null };
  root.className = "vl-drop";
  // a page's report names the chosen file (name, size, SHA-256), never its content (src/rendering/pageReport.ts)
  root.setAttribute(REPORT_FILE_ATTRIBUTE, purpose);
  root.style.cssText = "border:2px dashed var(--theme-foreground-faint,#999);border-radius:8px;padding:14px;text-align:center;cursor:pointer";
  const text = document.createElement("div");
  text.textContent = label;
  const input = document.createElement("input");
  input.type = "file";
  input.accept = accept;
  input.multiple = multiple;
  input.style.marginTop = "6px";
  const chosen = document.createElement("small");
  chosen.style.display = "block";
  root.append(text, input, chosen);
  root.value = null;
  const size = (bytes: number) => (bytes < 2 ** 20 ? `${(bytes / 1024).toFixed(0)} kB` : `${(bytes / 2 ** 20).toFixed(1)} MB`);
  const choose = (files: File[]) => {
    const kept = multiple ? files : files.slice(0, 1);
    root.value = kept.length === 0 ? null : kept.length === 1 ? kept[0] : kept;
    const bytes = kept.reduce((n, f) => n + f.size, 0);
    chosen.textContent = kept.length === 0 ? "" : kept.length === 1 ? `${kept[0].name} (${size(bytes)})` : `${kept.length} files (${size(bytes)})`;
    root.dispatchEvent(new Event("input", { bubbles: true }));
  };
  input.addEventListener("change", (e) => {
    e.stopPropagation();
    choose([...(input.files ?? [])]);
  });
  input.addEventListener("input", (e) => e.stopPropagation());
  root.addEventListener("dragover", (e) => {
    e.preventDefault();
    root.style.background = "var(--theme-background-alt,#eee)";
  });
  root.addEventListener("dragleave", () => (root.style.background = ""));
  root.addEventListener("drop", (e) => {
    e.preventDefault();
    root.style.background = "";
    // a dropped folder comes as a File that cannot be read: say what to drop instead, keeping what was chosen
    const folder = [...(e.dataTransfer?.items ?? [])].map((item) => item.webkitGetAsEntry?.()).find((entry) => entry?.isDirectory);
    if (folder) {
      chosen.textContent = `${folder.name} is a folder: open it and drop its files together, or choose them all with the picker`;
      return;
    }
    const files = [...(e.dataTransfer?.files ?? [])];
    if (files.length) choose(files);
  });
  return root;
}

/**
 * A file picker that also takes a file dropped on it: an Observable-style input whose `value` is the chosen File (or
 * null) and which fires "input" when it changes. File names are set as text, never parsed as HTML. `purpose` is what a
 * page's report says the file was for.
 */
import { REPORT_FILE_ATTRIBUTE } from "./pageReport.js";

export function fileDrop({
  label = "Drop a scan file here (NIfTI, MetaImage, NRRD or TIFF), or choose one",
  accept = ".nii,.nii.gz,.gz,.mha,.nrrd,.tif,.tiff",
  purpose = "a file",
}: { label?: string; accept?: string; purpose?: string } = {}): HTMLElement & { value: File | null } {
  const root = document.createElement("div") as unknown as HTMLElement & { value: File | null };
  root.className = "vl-drop";
  // a page's report names the chosen file (name, size, SHA-256), never its content (src/rendering/pageReport.ts)
  root.setAttribute(REPORT_FILE_ATTRIBUTE, purpose);
  root.style.cssText = "border:2px dashed var(--theme-foreground-faint,#999);border-radius:8px;padding:14px;text-align:center;cursor:pointer";
  const text = document.createElement("div");
  text.textContent = label;
  const input = document.createElement("input");
  input.type = "file";
  input.accept = accept;
  input.style.marginTop = "6px";
  const chosen = document.createElement("small");
  chosen.style.display = "block";
  root.append(text, input, chosen);
  root.value = null;
  const choose = (file: File | null) => {
    root.value = file;
    chosen.textContent = file ? `${file.name} (${file.size < 2 ** 20 ? `${(file.size / 1024).toFixed(0)} kB` : `${(file.size / 2 ** 20).toFixed(1)} MB`})` : "";
    root.dispatchEvent(new Event("input", { bubbles: true }));
  };
  input.addEventListener("change", (e) => {
    e.stopPropagation();
    choose(input.files?.[0] ?? null);
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
    const file = e.dataTransfer?.files?.[0];
    if (file) choose(file);
  });
  return root;
}

/**
 * What the Segment, Reconstruct and Fit pages say when a real scan cannot be downloaded: one sentence (the scan, where
 * from, why), then a button that opens the demo volume the lab ships instead, through the page's volume picker.
 */
import type { ScanUnavailableError } from "../lab/index.js";
import type { VolumePicker } from "./volumePicker.js";

export function scanUnavailableNote(error: ScanUnavailableError, picker: Pick<VolumePicker, "chooseDemo">, { id = "volume-status" } = {}): HTMLElement {
  const root = document.createElement("div");
  root.id = id;
  root.className = "vl-scan-unavailable";
  root.setAttribute("role", "alert");
  const said = document.createElement("p");
  said.className = "vl-error";
  said.textContent = error.message;
  const offer = document.createElement("p");
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = "Open the demo volume";
  button.onclick = () => picker.chooseDemo(error.scan.name);
  const what = document.createElement("span");
  what.className = "vl-note";
  what.textContent =
    " a small synthetic angiogram with its label that the lab ships (no network needed); or open a scan file (NIfTI, MetaImage, NRRD or TIFF) from your computer.";
  offer.append(button, what);
  root.append(said, offer);
  return root;
}

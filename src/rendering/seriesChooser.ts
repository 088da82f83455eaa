/**
 * What a page shows when the user's files hold several DICOM series (an exam's folder): the sentence, and a button per
 * series ("series 5 'TOF': 120 slices of 512×512") that reads that one. Labels are set as text, never HTML.
 */
import type { SeriesChoice } from "../lab/index.js";

export function seriesChooser({ waiting, choices, choose }: SeriesChoice, { id = "volume-status" }: { id?: string } = {}): HTMLElement {
  const root = document.createElement("div");
  root.className = "vl-series-choice";
  const text = document.createElement("p");
  text.id = id;
  text.className = "vl-note";
  text.textContent = waiting;
  const buttons = choices.map((s) => {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = `${s.label}: ${s.slices} slice${s.slices === 1 ? "" : "s"} of ${s.columns}×${s.rows}`;
    button.dataset.series = s.uid;
    button.style.cssText = "display:block;margin:4px 0";
    button.onclick = () => {
      for (const b of buttons) b.disabled = true;
      choose(s.uid);
    };
    return button;
  });
  root.append(text, ...buttons);
  return root;
}

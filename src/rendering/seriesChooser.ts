/**
 * What a page shows when the user's files hold several DICOM series (an exam's folder): the sentence, why the series
 * picked before could not be read (if it could not), and a button per series ("series 5 'TOF': 120 slices of 512×512")
 * that reads that one. A series vessel-lab cannot read (a colour screenshot, a MONOCHROME1 image) or the page cannot
 * hold (more than its budget) has its button disabled, its reason on hover and in a list under the buttons, where files skipped as damaged are told too; labels two series share are numbered. Labels are set as text, never HTML.
 */
import type { SeriesChoice } from "../lab/index.js";

export function seriesChooser({ waiting, choices, choose, problem, skipped }: SeriesChoice, { id = "volume-status" }: { id?: string } = {}): HTMLElement {
  const root = document.createElement("div");
  root.className = "vl-series-choice";
  if (problem) {
    const error = document.createElement("p");
    error.className = "vl-error";
    error.setAttribute("role", "alert");
    error.textContent = problem;
    root.append(error);
  }
  const text = document.createElement("p");
  text.id = id;
  text.className = "vl-note";
  text.textContent = waiting;
  const shared = new Map<string, number>();
  for (const s of choices) shared.set(s.label, (shared.get(s.label) ?? 0) + 1);
  const seen = new Map<string, number>();
  const labels = choices.map((s) => {
    const nth = (seen.get(s.label) ?? 0) + 1;
    seen.set(s.label, nth);
    return shared.get(s.label)! > 1 ? `${s.label} (#${nth})` : s.label;
  });
  const buttons = choices.map((s, n) => {
    const button = document.createElement("button");
    button.type = "button";
    const label = labels[n];
    const files = `${s.slices} ${s.refused ? "file" : "slice"}${s.slices === 1 ? "" : "s"}`;
    button.textContent = s.refused
      ? `${label}: ${files}, ${s.tooLarge ? "too large for the page" : "not readable"}`
      : `${label}: ${files} of ${s.columns}×${s.rows}`;
    button.dataset.series = s.uid;
    button.style.cssText = "display:block;margin:4px 0";
    if (s.refused) {
      button.disabled = true;
      button.title = s.refused;
    }
    button.onclick = () => {
      for (const b of buttons) b.disabled = true;
      choose(s.uid);
    };
    return button;
  });
  root.append(text, ...buttons);
  // each refusal also as text under the buttons: a disabled button's title shows on hover only, never on a touch screen;
  // and the files skipped as damaged, which no button stands for
  const reasons = [...choices.flatMap((s, n) => (s.refused ? [`${labels[n]}: ${s.refused}`] : [])), ...(skipped ? [skipped] : [])];
  if (reasons.length > 0) {
    const why = document.createElement("ul");
    why.className = "vl-note vl-series-refusals";
    why.style.cssText = "font-size:13px;margin:4px 0 0;padding-left:1.2em";
    for (const reason of reasons) why.append(Object.assign(document.createElement("li"), { textContent: reason }));
    root.append(why);
  }
  return root;
}

/**
 * A run's progress line for a page: a progress bar, "3 of 8 tiles, about 12 s left", and a Cancel button that aborts
 * the run's AbortSignal. `start()` begins a run (enables Cancel, starts the clock) and returns its signal; `update`
 * takes the worker's progress (and, for a run in phases, what this phase counts: with a new unit the clock restarts
 * from the previous update, so the time left is this phase's); `finish()` disables Cancel and keeps the line where the run stopped.
 * `startText` is what the line says until the first update ("starting…").
 */
import { progressText } from "../lab/progressText.js";

export interface ProgressView extends HTMLElement {
  start(): AbortSignal;
  update(done: number, total: number, unit?: string): void;
  finish(): void;
  /** Aborts the running run, as the Cancel button does (for a cell that is invalidated). */
  cancel(): void;
}

export function progressView({
  id,
  unit = "steps",
  width = 240,
  startText = "starting…",
}: { id?: string; unit?: string; width?: number; startText?: string } = {}): ProgressView {
  const root = document.createElement("p") as unknown as ProgressView;
  if (id) root.id = id;
  root.className = "vl-progress";
  const bar = document.createElement("progress");
  bar.value = 0;
  bar.max = 1;
  bar.style.width = `${width}px`;
  const text = document.createElement("span");
  text.className = "vl-progress-text";
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = "Cancel";
  button.disabled = true;
  root.append(bar, " ", text, " ", button);
  let controller: AbortController | null = null;
  let t0 = 0;
  let last = 0;
  let current = unit;
  root.start = () => {
    current = unit;
    controller?.abort();
    controller = new AbortController();
    t0 = last = performance.now();
    bar.value = 0;
    delete root.dataset.done;
    delete root.dataset.total;
    text.textContent = startText;
    button.disabled = false;
    return controller.signal;
  };
  root.update = (done, total, phaseUnit) => {
    const now = performance.now();
    if (phaseUnit && phaseUnit !== current) {
      current = phaseUnit;
      t0 = last;
    }
    last = now;
    bar.max = total;
    bar.value = done;
    root.dataset.done = String(done);
    root.dataset.total = String(total);
    text.textContent = progressText(done, total, (now - t0) / 1000, current);
  };
  root.cancel = () => controller?.abort();
  root.finish = () => {
    button.disabled = true;
    controller = null;
  };
  button.onclick = () => root.cancel();
  return root;
}

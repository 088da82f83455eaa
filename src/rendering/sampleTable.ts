/**
 * The list of stored samples as a table with one row per sample and its actions. Every string
 * from a record goes in as text, never as HTML.
 */
import type { SampleSummary } from "../storage/index.js";

export interface SampleTableActions {
  onView(id: string): void;
  onDelete(id: string): void;
  onDownload(id: string): void;
}

export function sampleTable(samples: readonly SampleSummary[], actions: SampleTableActions): HTMLElement {
  if (samples.length === 0) {
    const p = document.createElement("p");
    p.className = "vl-note";
    p.textContent = "No samples stored in this browser yet.";
    return p;
  }
  const table = document.createElement("table");
  table.className = "vl-sample-table";
  const head = table.createTHead().insertRow();
  for (const h of ["Sample", "Preset", "Seed", "Size", "Vessel %", "Stored", "MiB", ""]) {
    const th = document.createElement("th");
    th.textContent = h;
    head.append(th);
  }
  const body = table.createTBody();
  for (const s of samples) {
    const r = s.record as { index?: number; preset?: string; seed?: number; content?: { vesselFraction?: number } };
    const row = body.insertRow();
    row.dataset.id = s.id;
    const cells = [
      s.id,
      r.preset ?? "",
      String(r.seed ?? ""),
      s.dims.join("×"),
      r.content?.vesselFraction !== undefined ? (100 * r.content.vesselFraction).toFixed(2) : "",
      new Date(s.createdAt).toLocaleTimeString(),
      (s.bytes / 2 ** 20).toFixed(1),
    ];
    for (const c of cells) row.insertCell().textContent = c;
    const act = row.insertCell();
    for (const [label, fn] of [
      ["View", actions.onView],
      ["Download", actions.onDownload],
      ["Delete", actions.onDelete],
    ] as const) {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = label;
      b.onclick = () => fn(s.id);
      act.append(b, " ");
    }
  }
  return table;
}

/**
 * The Segment page's comparison table: one row per method with its Dice and clDice against the label (a dash where
 * no label is known), the percentage of voxels it marks, and the seconds it took. Cells are set as text; each row
 * carries its method in `data-method`.
 */
import { tableHead } from "./tableHead.js";
import { methodLabel } from "./compareInput.js";

export interface ComparisonRow {
  /** "model", or a baseline's method name (shown as methodLabel gives it). */
  method: string;
  dice: number | null;
  clDice: number | null;
  /** Fraction of the volume's voxels marked vessel, 0–1. */
  vessel: number;
  seconds: number;
}

export function comparisonTable(rows: readonly ComparisonRow[], { caption }: { caption?: string } = {}): HTMLTableElement {
  const table = document.createElement("table");
  if (caption) table.createCaption().textContent = caption;
  tableHead(table, ["method", "Dice", "clDice", "% vessel", "seconds"]);
  const body = table.createTBody();
  const score = (x: number | null) => (x === null ? "—" : x.toFixed(3));
  for (const row of rows) {
    const tr = body.insertRow();
    tr.dataset.method = row.method;
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = methodLabel(row.method);
    tr.append(th);
    for (const text of [score(row.dice), score(row.clDice), (100 * row.vessel).toFixed(2), row.seconds.toFixed(2)]) {
      const td = tr.insertCell();
      td.textContent = text;
      td.style.textAlign = "right";
    }
  }
  return table;
}

/**
 * The Fit page's table: one row per statistic (src/fit fitTable) with the scan's value, the default mix's and the
 * fit's, each sample column followed by its distance term, and a last row with the distances (the root mean square of
 * each column of terms). A term is shaded by its size (0: none; 1, a factor of e: full). Cells are set as text; each
 * row carries its statistic in `data-stat`.
 */
import { tableHead } from "./tableHead.js";
import type { FitTableRow } from "../fit/index.js";

const value = (x: number) => (Number.isFinite(x) ? (Math.abs(x) >= 1000 ? x.toFixed(0) : x.toPrecision(3)) : "—");
const term = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : "—");

export function fitStatsTable(
  rows: readonly FitTableRow[],
  { distance, caption }: { distance: { default: number; fit: number }; caption?: string },
): HTMLTableElement {
  const table = document.createElement("table");
  table.className = "vl-fit-table";
  if (caption) table.createCaption().textContent = caption;
  tableHead(table, ["statistic", "scan", "default", "term", "fit", "term"]);
  const body = table.createTBody();
  const cell = (tr: HTMLTableRowElement, text: string, shade?: number) => {
    const td = tr.insertCell();
    td.textContent = text;
    td.style.textAlign = "right";
    if (shade !== undefined && Number.isFinite(shade)) td.style.background = `rgba(216, 70, 60, ${Math.min(1, shade) * 0.45})`;
    return td;
  };
  for (const row of rows) {
    const tr = body.insertRow();
    tr.dataset.stat = row.name;
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = row.label;
    th.style.fontWeight = "normal";
    tr.append(th);
    cell(tr, value(row.scan));
    cell(tr, value(row.default));
    cell(tr, term(row.defaultTerm), row.defaultTerm).dataset.term = "default";
    cell(tr, value(row.fit));
    cell(tr, term(row.fitTerm), row.fitTerm).dataset.term = "fit";
  }
  const foot = table.createTFoot().insertRow();
  foot.dataset.stat = "distance";
  const th = document.createElement("th");
  th.scope = "row";
  th.textContent = "distance (root mean square of the terms)";
  foot.append(th);
  cell(foot, "");
  cell(foot, "");
  cell(foot, term(distance.default)).style.fontWeight = "600";
  cell(foot, "");
  cell(foot, term(distance.fit)).style.fontWeight = "600";
  return table;
}

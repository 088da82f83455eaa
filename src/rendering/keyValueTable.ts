/**
 * A two-column table of facts. Keys and values are set as text, never parsed as HTML, so
 * strings from a device, a file header or a URL cannot inject markup.
 */
export function keyValueTable(rows: ReadonlyArray<readonly [string, string | number | boolean]>, { caption }: { caption?: string } = {}): HTMLTableElement {
  const table = document.createElement("table");
  if (caption) table.createCaption().textContent = caption;
  const body = table.createTBody();
  for (const [key, value] of rows) {
    const tr = body.insertRow();
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = key;
    tr.append(th);
    tr.insertCell().textContent = typeof value === "boolean" ? (value ? "yes" : "no") : String(value);
  }
  return table;
}

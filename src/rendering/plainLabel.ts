/**
 * Names in plain words with the technical name one click away: a label whose tooltip gives the technical name and what
 * it does, and a closed "Technical names" disclosure listing them (src/lab plainNames holds the words). Text only,
 * never parsed as HTML.
 */
import type { PlainName } from "../lab/index.js";

/** The plain name as a span; hovering shows the technical name and what it does. */
export function plainLabel(name: PlainName): HTMLSpanElement {
  const span = document.createElement("span");
  span.textContent = name.plain;
  span.title = `${name.technical}: ${name.what}`;
  span.dataset.technical = name.technical;
  return span;
}

/** A closed disclosure: for each group (a heading and its names), a table of plain name, technical name and what it does. */
export function technicalNames(
  groups: ReadonlyArray<{ heading: string; names: readonly PlainName[] }>,
  { summary = "Technical names", id }: { summary?: string; id?: string } = {},
): HTMLDetailsElement {
  const details = document.createElement("details");
  if (id) details.id = id;
  details.className = "vl-technical-names";
  details.append(Object.assign(document.createElement("summary"), { textContent: summary }));
  for (const { heading, names } of groups) {
    const table = document.createElement("table");
    table.createCaption().textContent = heading;
    const head = table.createTHead().insertRow();
    for (const h of ["shown as", "technical name", "what it does"]) head.append(Object.assign(document.createElement("th"), { textContent: h }));
    const body = table.createTBody();
    for (const n of names) {
      const tr = body.insertRow();
      tr.insertCell().textContent = n.plain;
      const code = document.createElement("code");
      code.textContent = n.technical;
      tr.insertCell().append(code);
      tr.insertCell().textContent = n.what;
    }
    details.append(table);
  }
  return details;
}

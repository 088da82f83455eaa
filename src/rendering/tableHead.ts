/** A table's header row: one column header per name (scope "col"), the first left-aligned and the rest right-aligned (numbers). */
export function tableHead(table: HTMLTableElement, names: readonly string[]): HTMLTableRowElement {
  const head = table.createTHead().insertRow();
  names.forEach((name, i) => {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = name;
    if (i > 0) th.style.textAlign = "right";
    head.append(th);
  });
  return head;
}

/**
 * Reads the page a user sees into src/lab's report description, then the report's HTML: what the page's main column
 * shows in order (headings, text, tables; canvases as PNG data: URLs, or JPEG where a PNG would weigh too much; SVG
 * copied without scripts, handlers or outside links), every visible control's label and value (Framework Inputs are
 * <form>s with a <label>), the models a page declares on `data-report-model`, and the files a `data-report-file`
 * control holds (name, size, SHA-256; never the bytes). Hidden elements are left out; the report control itself
 * (`data-report-skip`) too. If the report would pass REPORT_BUDGET_BYTES, its figures are made smaller and it is
 * built again.
 */
import {
  LAB_VERSION,
  REPORT_BUDGET_BYTES,
  describeBytes,
  figureSize,
  parseReportModels,
  reportBytes,
  reportFileName,
  reportHtml,
  sha256Hex,
  svgProblem,
  type ReportBlock,
  type ReportDescription,
  type ReportFile,
  type ReportModel,
  type ReportSetting,
} from "../lab/index.js";

/** On an element whose JSON names the models the page ran (src/lab's reportModelOf). */
export const REPORT_MODEL_ATTRIBUTE = "data-report-model";
/** On a control whose `value` is a File the user gave (fileDrop); the attribute's value says what it is for. */
export const REPORT_FILE_ATTRIBUTE = "data-report-file";
/** On what the report leaves out (its own control). */
export const REPORT_SKIP_ATTRIBUTE = "data-report-skip";
/** On a colour key: each child is one entry, its first element the swatch (its background the colour), the rest its text. */
export const REPORT_LEGEND_ATTRIBUTE = "data-report-legend";

/** The longest side, in pixels, a figure is copied at: tried in turn until the report fits its budget. */
const MAX_SIDES = [1024, 512, 256] as const;
const TEXT_TAGS = new Set(["P", "LI", "PRE", "BLOCKQUOTE", "DT", "DD", "SUMMARY", "CAPTION"]);
const NOT_TEXT = "button, select, input, textarea, progress, script, style, canvas, svg, table, form, figcaption, [data-report-skip]";
const hashes = new WeakMap<Blob, Promise<string>>();

export interface PageReport {
  html: string;
  bytes: number;
  fileName: string;
  description: ReportDescription;
}

/** The report of the page `doc` shows, within REPORT_BUDGET_BYTES (throws, with the size, when it cannot be). */
export async function pageReport(doc: Document = document, { exportedAt = new Date().toISOString() }: { exportedAt?: string } = {}): Promise<PageReport> {
  let bytes = 0;
  for (const maxSide of MAX_SIDES) {
    const description = await describePage(doc, { maxSide, exportedAt });
    const html = reportHtml(description);
    bytes = reportBytes(html);
    if (bytes <= REPORT_BUDGET_BYTES) return { html, bytes, fileName: reportFileName(description.title, exportedAt), description };
  }
  throw new Error(
    `the report would weigh ${describeBytes(bytes)} even with its figures at ${MAX_SIDES.at(-1)} px, over the ${describeBytes(REPORT_BUDGET_BYTES)} a report may weigh; hide some figures (close their sections) and export again`,
  );
}

/** What the page shows, as a report description; figures copied at most `maxSide` pixels on their longer side. */
export async function describePage(
  doc: Document = document,
  { maxSide = MAX_SIDES[0], exportedAt = new Date().toISOString() }: { maxSide?: number; exportedAt?: string } = {},
): Promise<ReportDescription> {
  const root = doc.querySelector("#observablehq-main") ?? doc.querySelector("main") ?? doc.body;
  const view = doc.defaultView ?? window;
  const blocks: ReportBlock[] = [];
  const settings: ReportSetting[] = [];
  const models: ReportModel[] = [];
  const chosen: { label: string; file: File | File[] }[] = [];
  const notes: string[] = [];
  const canvases = [...root.querySelectorAll("canvas")].filter((c) => c.width > 0 && c.height > 0).length;
  // a share of the budget per canvas, less room for the text: over it, a figure is tried as JPEG
  const figureBytes = (0.8 * REPORT_BUDGET_BYTES) / Math.max(1, canvases);

  const shown = (el: Element): boolean => {
    if ((el as HTMLElement).hidden) return false;
    const style = view.getComputedStyle(el);
    return style.display !== "none" && style.visibility !== "hidden";
  };
  const visit = (el: Element, inText: boolean): void => {
    if (!shown(el) || el.matches(`[${REPORT_SKIP_ATTRIBUTE}], script, style, template, noscript, button`)) return;
    const models0 = el.getAttribute(REPORT_MODEL_ATTRIBUTE);
    if (models0 !== null) {
      try {
        models.push(...parseReportModels(models0));
      } catch (error) {
        notes.push(`A model the page ran could not be named: ${(error as Error).message}.`);
      }
    }
    if (el.hasAttribute(REPORT_FILE_ATTRIBUTE)) {
      const file = (el as HTMLElement & { value?: unknown }).value;
      const label = el.getAttribute(REPORT_FILE_ATTRIBUTE) || "a file";
      const given = (Array.isArray(file) ? file : [file]).filter((one): one is File => one instanceof File);
      // a DICOM series: each of its files; a folder of more (an exam, a CD): one row for them all
      if (given.length > MAX_FILE_ROWS) chosen.push({ label, file: given });
      else for (const one of given) chosen.push({ label, file: one });
      return;
    }
    if (el instanceof HTMLInputElement && el.type === "file") {
      for (const file of el.files ?? []) chosen.push({ label: labelOf(el) || "a file", file });
      return;
    }
    const tag = el.tagName.toUpperCase();
    if (el.hasAttribute(REPORT_LEGEND_ATTRIBUTE)) return void blocks.push(legendOf(el));
    if (tag === "FORM" && !el.querySelector("form")) {
      const setting = settingOf(el as HTMLFormElement);
      if (setting) settings.push(setting);
      return;
    }
    if (tag === "TABLE") return void blocks.push(tableOf(el as HTMLTableElement));
    if (tag === "CANVAS") {
      const block = canvasOf(el as HTMLCanvasElement, doc, maxSide, figureBytes);
      if (typeof block === "string") notes.push(block);
      else if (block) blocks.push(block);
      return;
    }
    if (tag === "SVG") {
      const block = svgOf(el as SVGSVGElement);
      if (typeof block === "string") notes.push(block);
      else blocks.push(block);
      return;
    }
    if (tag === "FIGCAPTION" && el.closest("figure")) return; // its figure's caption
    if (!inText) {
      const heading = /^H([1-4])$/.exec(tag);
      if (heading) {
        const text = textOf(el);
        if (text) blocks.push({ kind: "heading", level: Number(heading[1]) as 1 | 2 | 3 | 4, text });
        return;
      }
      if (TEXT_TAGS.has(tag) || ownText(el)) {
        const text = textOf(el);
        if (text) blocks.push({ kind: "text", text });
        inText = true; // figures and tables inside still come, their text once
      }
    }
    for (const child of el.children) visit(child, inText);
  };
  for (const child of root.children) visit(child, false);

  if (doc.querySelector(".observablehq--running, .observablehq--loading"))
    notes.push("The page was still computing when this report was made: some of its results may be missing.");
  const files: ReportFile[] = [];
  for (const { label, file } of chosen)
    files.push(Array.isArray(file) ? await folderRow(label, file) : { label, name: file.name, bytes: file.size, sha256: await hashOf(file) });
  return {
    title: pageTitle(doc),
    url: doc.location.href,
    labVersion: LAB_VERSION,
    exportedAt,
    models: dedupe(models, (m) => `${m.role}\n${m.name}\n${m.sha256}`),
    files: dedupe(files, (f) => `${f.label}\n${f.name}\n${f.sha256}`),
    settings,
    notes,
    blocks,
  };
}

/** A colour key's entries: each child's swatch colour (its computed background) and text. */
function legendOf(el: Element): ReportBlock {
  const view = el.ownerDocument.defaultView ?? window;
  const items = [...el.children].map((entry) => ({
    colour: rgbOf(entry.firstElementChild ? view.getComputedStyle(entry.firstElementChild).backgroundColor : ""),
    text: clean(entry.textContent),
  }));
  return { kind: "legend", items };
}

/** A computed colour ("rgb(…)" or "rgba(…)") as the report takes it; grey when it is neither. */
function rgbOf(computed: string): string {
  const m = /^rgba?\(\s*(\d+),\s*(\d+),\s*(\d+)/.exec(computed);
  return m ? `rgb(${m[1]}, ${m[2]}, ${m[3]})` : "rgb(128, 128, 128)";
}

/** The most files of one control the report lists one a row; more (an exam's folder) are one row. */
const MAX_FILE_ROWS = 12;

/**
 * Many files given together as one row: their count and total size, and the SHA-256 of their names and SHA-256s, one
 * "name  sha256" line each in name order (as `sha256sum * | sort -k2` lists them), so that the same files give the same row.
 */
async function folderRow(label: string, files: File[]): Promise<ReportFile> {
  const lines = await Promise.all(files.map(async (f) => `${await hashOf(f)}  ${f.webkitRelativePath || f.name}`));
  lines.sort((a, b) => (a.slice(66) < b.slice(66) ? -1 : a.slice(66) > b.slice(66) ? 1 : 0));
  return {
    label: `${label}: ${files.length} files, one SHA-256 of their "sha256  name" lines in name order`,
    name: `${files.length} files`,
    bytes: files.reduce((n, f) => n + f.size, 0),
    sha256: await sha256Hex(new TextEncoder().encode(lines.join("\n") + "\n")),
  };
}

function hashOf(file: Blob): Promise<string> {
  let hash = hashes.get(file);
  if (!hash) hashes.set(file, (hash = file.arrayBuffer().then(sha256Hex)));
  return hash;
}

function dedupe<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(key(item)) && Boolean(seen.add(key(item))));
}

function pageTitle(doc: Document): string {
  const title = doc.title.replace(/\s*\|\s*vessel-lab\s*$/, "").trim();
  return title || doc.querySelector("h1")?.textContent?.trim() || "vessel-lab";
}

function clean(text: string | null | undefined): string {
  return (text ?? "").replace(/\s+/g, " ").trim();
}

/**
 * An element's text as laid out, without its controls, figures and tables (they come as their own blocks) or hidden
 * parts: an element that is not inline (a block, a flex item) is set apart by spaces, as the page shows it apart.
 */
function textOf(el: Element): string {
  const view = el.ownerDocument.defaultView ?? window;
  const parts: string[] = [];
  const walk = (node: Node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) parts.push(child.textContent ?? "");
      else if (child.nodeType === Node.ELEMENT_NODE && !(child as Element).matches(NOT_TEXT)) {
        const display = view.getComputedStyle(child as Element).display;
        if (display === "none") continue;
        const apart = display !== "inline" && display !== "contents";
        if (apart) parts.push(" ");
        walk(child);
        if (apart) parts.push(" ");
      }
    }
  };
  walk(el);
  return clean(parts.join(""));
}

/** Whether `el` holds text of its own (not only inside child elements): a div or span a cell displays. */
function ownText(el: Element): boolean {
  return [...el.childNodes].some((n) => n.nodeType === 3 && clean(n.textContent) !== "");
}

function labelOf(input: HTMLInputElement): string {
  return clean(input.labels?.[0]?.textContent ?? input.getAttribute("aria-label"));
}

/** A Framework input's label and value as it shows it; null for a form of buttons alone. */
function settingOf(form: HTMLFormElement): ReportSetting | null {
  const values: string[] = [];
  const controls = [...form.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>("input, select, textarea")];
  const hasNumber = controls.some((c) => c instanceof HTMLInputElement && c.type === "number");
  for (const c of controls) {
    if (c instanceof HTMLSelectElement) values.push([...c.selectedOptions].map((o) => clean(o.textContent)).join(", "));
    else if (c instanceof HTMLTextAreaElement) values.push(c.value);
    else if (c.type === "radio" || c.type === "checkbox") {
      if (c.checked) values.push(clean(c.closest("label")?.textContent) || c.value);
    } else if (c.type === "range" && hasNumber)
      continue; // a range's number box says the same
    else if (!["button", "submit", "reset", "file", "hidden", "image"].includes(c.type)) values.push(c.value);
  }
  const choices = controls.some((c) => c instanceof HTMLInputElement && (c.type === "radio" || c.type === "checkbox"));
  if (!values.length && !choices) return null;
  const label = clean(form.querySelector(":scope > label")?.textContent) || clean(form.getAttribute("aria-label")) || "(unlabelled)";
  return { label, value: values.length ? values.join(", ") : "none" };
}

function tableOf(table: HTMLTableElement): ReportBlock {
  const cells = (row: HTMLTableRowElement) => [...row.cells].map((c) => textOf(c));
  const headRows = table.tHead ? [...table.tHead.rows] : [];
  const bodyRows = [...table.rows].filter((r) => !headRows.includes(r));
  return { kind: "table", caption: clean(table.caption?.textContent) || null, head: headRows.length ? cells(headRows[0]) : [], rows: bodyRows.map(cells) };
}

function captionOf(el: Element): string | null {
  return clean(el.closest("figure")?.querySelector("figcaption")?.textContent) || clean(el.getAttribute("aria-label") ?? el.getAttribute("title")) || null;
}

/** A canvas as an image block at the size the page shows it; a sentence for the notes when it cannot be copied. */
function canvasOf(canvas: HTMLCanvasElement, doc: Document, maxSide: number, figureBytes: number): ReportBlock | string | null {
  if (canvas.width === 0 || canvas.height === 0) return null;
  const caption = captionOf(canvas);
  try {
    const size = figureSize(canvas.width, canvas.height, maxSide);
    let source = canvas;
    if (size.width !== canvas.width || size.height !== canvas.height) {
      source = doc.createElement("canvas");
      source.width = size.width;
      source.height = size.height;
      const ctx = source.getContext("2d");
      if (!ctx) throw new Error("no 2D context to scale it down");
      ctx.drawImage(canvas, 0, 0, size.width, size.height);
    }
    let src = source.toDataURL("image/png");
    if (src.length > figureBytes) src = source.toDataURL("image/jpeg", 0.85);
    if (!src.startsWith("data:image/")) throw new Error("the browser gave no image of it");
    const shown = canvas.getBoundingClientRect();
    const width = shown.width > 0 ? shown.width : canvas.width;
    const height = shown.height > 0 ? shown.height : canvas.height;
    return { kind: "image", caption, src, width, height };
  } catch (error) {
    return `A figure${caption ? ` (${caption})` : ""} could not be copied: ${(error as Error).message}.`;
  }
}

/** An SVG figure without scripts, event handlers, embedded HTML or links out (a link keeps its text, not its target). */
function svgOf(svg: SVGSVGElement): ReportBlock | string {
  const caption = captionOf(svg);
  const copy = svg.cloneNode(true) as SVGSVGElement;
  for (const el of copy.querySelectorAll("script, foreignObject")) el.remove();
  for (const el of [copy, ...copy.querySelectorAll("*")]) {
    for (const attr of [...el.attributes]) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on") || ((name === "href" || name.endsWith(":href") || name === "src") && !/^\s*(#|data:)/i.test(attr.value)))
        el.removeAttributeNode(attr);
    }
  }
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  const box = svg.getBoundingClientRect();
  if (!copy.getAttribute("width") && box.width > 0) copy.setAttribute("width", String(Math.round(box.width)));
  if (!copy.getAttribute("height") && box.height > 0) copy.setAttribute("height", String(Math.round(box.height)));
  const markup = new XMLSerializer().serializeToString(copy);
  const problem = svgProblem(markup);
  return problem ? `A figure${caption ? ` (${caption})` : ""} was left out: its SVG ${problem}.` : { kind: "svg", caption, markup };
}

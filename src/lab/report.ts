/**
 * A page's report as one self-contained HTML file: the page's title and its state as a link, the lab's version, the
 * models it ran (name, training step, SHA-256 of the ONNX bytes), every setting and URL parameter (seeds included),
 * the files the user gave (name, size and SHA-256, never their content), and what the page showed in order: headings,
 * text, tables and figures (canvases as data: URLs, SVG inline). Built from a plain description (src/rendering's
 * pageReport reads it from the page), checked in one place (checkReport), and fenced by a Content-Security-Policy
 * that lets it load nothing: it opens offline, and a figure that would need the network is refused, not dropped.
 */
import { isSha256Hex } from "./sha256.js";

/** What a report may weigh: the goal is a Segment report of a 128³ volume under 5 MB. */
export const REPORT_BUDGET_BYTES = 5_000_000;

export interface ReportModel {
  /** What the page uses it for ("segmenter"). */
  role: string;
  /** The model card's name. */
  name: string;
  /** The training step the weights come from (the card's training.train_step), when the card says. */
  step: number | null;
  /** SHA-256 of the ONNX bytes the page ran, when known. */
  sha256: string | null;
}

/** A file the user gave the page: named, never copied. */
export interface ReportFile {
  /** What the page asked for ("your NIfTI scan"). */
  label: string;
  name: string;
  bytes: number;
  sha256: string;
}

/** One of the page's controls as it was set. */
export interface ReportSetting {
  label: string;
  value: string;
}

export type ReportBlock =
  | { kind: "heading"; level: 1 | 2 | 3 | 4; text: string }
  | { kind: "text"; text: string }
  | { kind: "table"; caption: string | null; head: string[]; rows: string[][] }
  /** A canvas as an image: `width`×`height` CSS pixels as the page showed it. */
  | { kind: "image"; caption: string | null; src: string; width: number; height: number }
  /** An SVG figure, its markup inline. */
  | { kind: "svg"; caption: string | null; markup: string }
  /** A colour key: what each colour of the figures means (a page's swatches, `data-report-legend`). */
  | { kind: "legend"; items: { colour: string; text: string }[] };

export interface ReportDescription {
  title: string;
  /** The page's address with its state: opening it shows the same page again. */
  url: string;
  labVersion: string;
  /** When it was exported (ISO 8601). */
  exportedAt: string;
  models: ReportModel[];
  files: ReportFile[];
  settings: ReportSetting[];
  /** What the reader should know about the export itself ("the page was still computing"). */
  notes: string[];
  blocks: ReportBlock[];
}

const DATA_IMAGE = /^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/]+=*$/;
const COLOUR = /^(#[0-9a-f]{6}|rgb\(\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*\))$/i;

/**
 * Throws, naming the field and the fix, when `report` would not make a self-contained report: an image that is not a
 * data: URL (it would need the network), SVG with a script, an event handler or an outside reference, a file without
 * a SHA-256, a size that is not a byte count.
 */
export function checkReport(report: ReportDescription): void {
  const text = (value: unknown, field: string) => {
    if (typeof value !== "string" || value.trim() === "") throw new Error(`report.${field} must be a non-empty string`);
  };
  text(report.title, "title");
  text(report.labVersion, "labVersion");
  if (Number.isNaN(Date.parse(report.exportedAt)))
    throw new Error(`report.exportedAt must be an ISO 8601 date, e.g. new Date().toISOString(); got ${JSON.stringify(report.exportedAt)}`);
  let url: URL;
  try {
    url = new URL(report.url);
  } catch {
    throw new Error(`report.url must be the page's absolute address (location.href); got ${JSON.stringify(report.url)}`);
  }
  if (!["http:", "https:", "file:"].includes(url.protocol)) throw new Error(`report.url must be an http(s) or file address; got ${url.protocol}`);
  report.models.forEach((m, i) => {
    text(m.role, `models[${i}].role`);
    text(m.name, `models[${i}].name`);
    if (m.step !== null && !(Number.isInteger(m.step) && m.step >= 0))
      throw new Error(`report.models[${i}].step must be a whole number ≥ 0 or null; got ${m.step}`);
    if (m.sha256 !== null && !isSha256Hex(m.sha256))
      throw new Error(`report.models[${i}].sha256 must be 64 lower-case hex digits (sha256Hex of the ONNX bytes) or null`);
  });
  report.files.forEach((f, i) => {
    text(f.name, `files[${i}].name`);
    if (!(Number.isInteger(f.bytes) && f.bytes >= 0)) throw new Error(`report.files[${i}].bytes must be the file's size in bytes (File.size); got ${f.bytes}`);
    if (!isSha256Hex(f.sha256)) throw new Error(`report.files[${i}].sha256 must be 64 lower-case hex digits: hash the file with sha256Hex`);
  });
  report.settings.forEach((s, i) => text(s.label, `settings[${i}].label`));
  report.blocks.forEach((b, i) => {
    if (b.kind === "image") {
      if (!DATA_IMAGE.test(b.src))
        throw new Error(
          `report.blocks[${i}].src must be a base64 data:image/png, jpeg or webp URL (canvas.toDataURL), so the report shows it offline; got ${JSON.stringify(b.src.slice(0, 40))}`,
        );
      if (!(b.width > 0 && b.height > 0))
        throw new Error(`report.blocks[${i}] must have a width and height > 0 (the figure's size on the page); got ${b.width}×${b.height}`);
    } else if (b.kind === "svg") {
      const problem = svgProblem(b.markup);
      if (problem) throw new Error(`report.blocks[${i}].markup ${problem}`);
    } else if (b.kind === "table") {
      if (b.rows.some((r) => !Array.isArray(r))) throw new Error(`report.blocks[${i}].rows must be arrays of cell texts`);
    } else if (b.kind === "legend") {
      b.items.forEach((item, j) => {
        if (!COLOUR.test(item.colour))
          throw new Error(`report.blocks[${i}].items[${j}].colour must be a colour as #rrggbb or rgb(r, g, b); got ${JSON.stringify(item.colour)}`);
      });
    }
  });
}

/** Why SVG markup cannot go into a report as it is, or null when it can. */
export function svgProblem(markup: string): string | null {
  if (!/^<svg[\s>]/i.test(markup.trimStart())) return "must be one <svg> element (XMLSerializer of the figure)";
  if (/<script[\s>/]/i.test(markup)) return "must hold no <script> (remove it from the figure's copy)";
  if (/<foreignObject[\s>/]/i.test(markup)) return "must hold no <foreignObject> (HTML inside SVG is not a figure the report can vouch for)";
  if (/<[^>]*\son[a-z]+\s*=/i.test(markup)) return "must hold no event handler attribute (on…=)";
  if (/<[^>]*\s(?:[a-z]+:)?(?:href|src)\s*=\s*["']?\s*(?!#|data:)[^\s"'>]/i.test(markup))
    return "must hold no reference outside itself (href or src other than #id or data:)";
  if (/url\(\s*["']?\s*(?!#|data:)/i.test(markup)) return "must hold no url() outside itself";
  return null;
}

/** `text` safe as HTML text and inside a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** The URL's parameters in order (a key may repeat): the page's state, seeds included. */
export function urlParameters(url: string): [string, string][] {
  return [...new URL(url).searchParams.entries()];
}

/** "1,234,567 bytes (1.2 MB)". */
export function describeBytes(bytes: number): string {
  const unit = bytes < 1e3 ? "" : bytes < 1e6 ? ` (${(bytes / 1e3).toFixed(1)} kB)` : ` (${(bytes / 1e6).toFixed(1)} MB)`;
  return `${bytes.toLocaleString("en-US")} byte${bytes === 1 ? "" : "s"}${unit}`;
}

/** The size of `html` in bytes as it is saved (UTF-8). */
export function reportBytes(html: string): number {
  return new TextEncoder().encode(html).length;
}

/**
 * A figure's size scaled down (aspect kept, whole pixels ≥ 1) so that its longer side is at most `maxSide`; a figure
 * already within it keeps its size.
 */
export function figureSize(width: number, height: number, maxSide: number): { width: number; height: number } {
  if (!(width > 0 && height > 0)) throw new Error(`figureSize: width and height must be > 0; got ${width}×${height}`);
  if (!(maxSide >= 1)) throw new Error(`figureSize: maxSide must be ≥ 1 pixel; got ${maxSide}`);
  const k = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * k)), height: Math.max(1, Math.round(height * k)) };
}

/** The report's file name: the lab, the page and the time, e.g. `vessel-lab-segment-2025-03-04T10-20-30.html`. */
export function reportFileName(title: string, exportedAt: string): string {
  const page =
    title
      .toLowerCase()
      .replace(/\|.*$/, "")
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "page";
  const time = new Date(exportedAt).toISOString().slice(0, 19).replace(/:/g, "-");
  return `vessel-lab-${page}-${time}.html`;
}

const STYLE = `
:root { color-scheme: light; --theme-foreground: #1b1e23; --theme-foreground-muted: #6d6d6d; --theme-foreground-faint: #bbb; --theme-foreground-faintest: #eee; --theme-background: #fff; --theme-background-alt: #f5f5f5; --theme-red: #c33; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--theme-foreground); background: var(--theme-background); max-width: 1100px; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.8rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid var(--theme-foreground-faintest); }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 14px; }
th, td { text-align: left; padding: 3px 10px 3px 0; border-bottom: 1px solid var(--theme-foreground-faintest); vertical-align: top; }
caption { text-align: left; font-weight: 600; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13px; word-break: break-all; }
figure { display: inline-block; margin: 0 10px 10px 0; vertical-align: top; }
figure img { image-rendering: pixelated; max-width: 100%; height: auto; }
figcaption { font-size: 13px; color: var(--theme-foreground-muted); max-width: 320px; }
.vl-meta { color: var(--theme-foreground-muted); }
.vl-note { background: #fff6dd; padding: 4px 8px; border-radius: 4px; }
.vl-legend { display: flex; flex-wrap: wrap; gap: 1em; }
.vl-swatch { display: inline-block; width: 0.9em; height: 0.9em; margin-right: 0.35em; vertical-align: -0.1em; border: 1px solid #0006; }
`;

/** The report as one HTML document that loads nothing (checkReport first; every text escaped). */
export function reportHtml(report: ReportDescription): string {
  checkReport(report);
  const e = escapeHtml;
  const table = (head: string[], rows: string[][], { caption = null, id }: { caption?: string | null; id?: string } = {}) =>
    `<table${id ? ` id="${e(id)}"` : ""}>${caption ? `<caption>${e(caption)}</caption>` : ""}${head.length ? `<thead><tr>${head.map((h) => `<th>${e(h)}</th>`).join("")}</tr></thead>` : ""}<tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${e(c)}</td>`).join("")}</tr>`).join("")}</tbody></table>`;
  const caption = (c: string | null) => (c ? `<figcaption>${e(c)}</figcaption>` : "");
  const block = (b: ReportBlock): string => {
    switch (b.kind) {
      case "heading":
        return `<h${b.level + 1}>${e(b.text)}</h${b.level + 1}>`;
      case "text":
        return `<p>${e(b.text)}</p>`;
      case "table":
        return table(b.head, b.rows, { caption: b.caption });
      case "image":
        return `<figure class="vl-figure"><img src="${b.src}" width="${Math.round(b.width)}" height="${Math.round(b.height)}" alt="${e(b.caption ?? "figure")}">${caption(b.caption)}</figure>`;
      case "svg":
        return `<figure class="vl-figure">${b.markup}${caption(b.caption)}</figure>`;
      case "legend":
        return `<p class="vl-legend">${b.items.map((item) => `<span><span class="vl-swatch" style="background:${item.colour}"></span>${e(item.text)}</span>`).join(" ")}</p>`;
    }
  };
  const params = urlParameters(report.url);
  const parts = [
    `<!DOCTYPE html>`,
    `<html lang="en"><head><meta charset="utf-8">`,
    // nothing may load: no script, no font, no image but data: URLs
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<meta name="generator" content="vessel-lab ${e(report.labVersion)}">`,
    `<title>${e(report.title)} — vessel-lab report</title><style>${STYLE}</style></head><body>`,
    `<h1>${e(report.title)}</h1>`,
    `<p class="vl-meta">A report exported from <strong>vessel-lab <span id="lab-version">${e(report.labVersion)}</span></strong> on <time id="exported-at" datetime="${e(report.exportedAt)}">${e(report.exportedAt)}</time>.</p>`,
    `<p>The page in the same state: <a id="state-link" href="${e(report.url)}">${e(report.url)}</a></p>`,
    ...report.notes.map((n) => `<p class="vl-note" role="note">${e(n)}</p>`),
    `<h2>Models</h2>`,
    report.models.length
      ? table(
          ["role", "model card", "training step", "SHA-256 of the ONNX file"],
          report.models.map((m) => [m.role, m.name, m.step === null ? "—" : String(m.step), m.sha256 ?? "not known"]),
          { id: "report-models" },
        )
      : `<p id="report-models">This page ran no model.</p>`,
    `<h2>Your files</h2>`,
    report.files.length
      ? `${table(
          ["for", "name", "size", "SHA-256"],
          report.files.map((f) => [f.label, f.name, describeBytes(f.bytes), f.sha256]),
          { id: "report-files" },
        )}<p class="vl-meta">Their content is not in this report: the SHA-256 says whether a file you hold is the one used.</p>`
      : `<p id="report-files">No file of yours was used.</p>`,
    `<h2>Settings</h2>`,
    report.settings.length
      ? table(
          ["control", "value"],
          report.settings.map((s) => [s.label, s.value]),
          { id: "report-settings" },
        )
      : `<p id="report-settings">This page has no controls.</p>`,
    `<h2>Link parameters</h2>`,
    params.length
      ? table(["parameter", "value"], params, { id: "report-parameters" })
      : `<p id="report-parameters">The link holds no parameter: the page's defaults.</p>`,
    `<h2>The page</h2>`,
    `<div id="report-page">${report.blocks.map(block).join("\n")}</div>`,
    `</body></html>`,
  ];
  return parts.join("\n");
}

/** A model as a report names it, from its card (name, training.train_step) and the SHA-256 of its ONNX bytes. */
export function reportModelOf(role: string, card: { name?: unknown; training?: { train_step?: unknown } | null }, sha256: string | null = null): ReportModel {
  const step = card.training?.train_step;
  return {
    role,
    name: typeof card.name === "string" && card.name ? card.name : `the ${role}`,
    step: Number.isInteger(step) && (step as number) >= 0 ? (step as number) : null,
    sha256: isSha256Hex(sha256) ? sha256 : null,
  };
}

/**
 * The models a page declares on an element's `data-report-model` (JSON: one ReportModel or a list of them, as
 * JSON.stringify(reportModelOf(…)) writes it). Throws, naming the attribute, on anything else.
 */
export function parseReportModels(json: string): ReportModel[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error(`data-report-model must be JSON (JSON.stringify(reportModelOf(role, card, sha256))); got ${JSON.stringify(json.slice(0, 60))}`);
  }
  const list = Array.isArray(value) ? value : [value];
  return list.map((m, i) => {
    if (!m || typeof m !== "object" || typeof (m as ReportModel).role !== "string" || typeof (m as ReportModel).name !== "string")
      throw new Error(`data-report-model[${i}] must have a role and a name (reportModelOf writes them)`);
    const { role, name, step = null, sha256 = null } = m as ReportModel;
    return { role, name, step: Number.isInteger(step) && (step as number) >= 0 ? step : null, sha256: isSha256Hex(sha256) ? sha256 : null };
  });
}

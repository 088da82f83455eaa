import type { Stage } from "../lab/index.js";

const SVG = "http://www.w3.org/2000/svg";

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * The pipeline as a row of boxes joined by arrows (wrapping to two rows when narrow), with
 * the adaptation loop drawn back from Adapt to Segment. A stage whose page exists is a link.
 */
export function pipelineFigure(stages: readonly Stage[], { width = 720 }: { width?: number } = {}): SVGSVGElement {
  const perRow = width < 520 ? 3 : stages.length;
  const rows = Math.ceil(stages.length / perRow);
  const gap = 28;
  const boxW = Math.min(150, (width - gap * (perRow - 1) - 8) / perRow);
  const boxH = 58;
  const rowH = boxH + 56;
  const height = rows * rowH + 24;
  const svg = el("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "The vessel-lab pipeline" });
  svg.style.maxWidth = "100%";
  svg.style.font = "13px var(--sans-serif, system-ui)";
  const defs = el("defs", {});
  const marker = el("marker", { id: "vl-arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" });
  marker.append(el("path", { d: "M0,0L10,5L0,10z", fill: "currentColor" }));
  defs.append(marker);
  svg.append(defs);
  const pos = stages.map((_, i) => ({ x: 4 + (i % perRow) * (boxW + gap), y: 8 + Math.floor(i / perRow) * rowH }));
  stages.forEach((stage, i) => {
    const { x, y } = pos[i];
    const g = el("g", { "data-stage": stage.id });
    const box = el("rect", {
      x,
      y,
      width: boxW,
      height: boxH,
      rx: 8,
      fill: stage.page ? "var(--theme-foreground-focus, #3b5fc0)" : "var(--theme-background-alt, #eee)",
      "fill-opacity": stage.page ? 0.15 : 1,
      stroke: "currentColor",
      "stroke-opacity": 0.5,
    });
    const title = el("text", { x: x + boxW / 2, y: y + 24, "text-anchor": "middle", "font-weight": 600 }, stage.name);
    const sub = el(
      "text",
      { x: x + boxW / 2, y: y + 43, "text-anchor": "middle", "fill-opacity": 0.7, "font-size": 11 },
      stage.page ? "open page →" : "coming",
    );
    g.append(box, title, sub);
    if (stage.page) {
      const a = el("a", { href: stage.page });
      a.append(g);
      svg.append(a);
    } else svg.append(g);
    if (i + 1 < stages.length) {
      const n = pos[i + 1];
      const sameRow = n.y === y;
      const d = sameRow ? `M${x + boxW},${y + boxH / 2}H${n.x - 2}` : `M${x + boxW / 2},${y + boxH}V${y + boxH + 24}H${n.x + boxW / 2}V${n.y - 2}`;
      svg.append(el("path", { d, fill: "none", stroke: "currentColor", "marker-end": "url(#vl-arrow)" }));
    }
  });
  // The adaptation loop: the reconstruction loss tunes the segmenter on the target scan.
  const a = pos[stages.length - 1];
  const s = pos[stages.length - 2];
  if (a && s && a.y === s.y) {
    const yLoop = a.y + boxH + 18;
    svg.append(
      el("path", {
        d: `M${a.x + boxW / 2},${a.y + boxH}V${yLoop}H${s.x + boxW / 2}V${s.y + boxH + 2}`,
        fill: "none",
        stroke: "currentColor",
        "stroke-dasharray": "4 3",
        "marker-end": "url(#vl-arrow)",
      }),
    );
    svg.append(
      el(
        "text",
        { x: (a.x + s.x + boxW) / 2, y: yLoop + 15, "text-anchor": "middle", "font-size": 11, "fill-opacity": 0.8 },
        "test-time adaptation (masked reconstruction)",
      ),
    );
  }
  return svg;
}

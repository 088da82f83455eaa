/**
 * Mean Dice per preset (in the order the bars give them), one bar per method, in the lab's method colours: the chart the sim-to-real report draws from
 * the quality bench's rows and the Evaluate page from its batch.
 */
import * as Plot from "@observablehq/plot";
import { methodLabel } from "./compareInput.js";

export const METHOD_COLOURS: Readonly<Record<string, string>> = { model: "#d8463c", otsu: "#3b7dd8", frangi: "#6a9a3a" };

export function presetDiceChart(
  bars: readonly { preset: string; method: string; dice: number }[],
  { title, width, className }: { title: string; width: number; className?: string },
): SVGSVGElement | HTMLElement {
  const methods = Object.keys(METHOD_COLOURS).filter((m) => bars.some((b) => b.method === m));
  const chart = Plot.plot({
    title,
    height: 240,
    width: Math.max(360, Math.min(900, width)),
    marginBottom: 50,
    fx: { label: null, tickRotate: -20, domain: [...new Set(bars.map((b) => b.preset))] }, // the presets in the order given, as the tables list them
    x: { axis: null, domain: methods },
    y: { domain: [0, 1], grid: true, label: "Dice" },
    color: { domain: methods, range: methods.map((m) => METHOD_COLOURS[m]), legend: true, tickFormat: methodLabel },
    marks: [Plot.barY(bars, { fx: "preset", x: "method", y: "dice", fill: "method", tip: true }), Plot.ruleY([0])],
  });
  if (className) chart.classList.add(className);
  return chart;
}

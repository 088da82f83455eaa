// npm run bench -- infer
// Segmenting a 128³ volume (the CLI's synthetic sample brain-tof #1, seed 4242) with the trained segmenter in the page
// (onnxruntime-web, WASM provider, multi-threaded: the bench page is cross-origin isolated, threads = min(4, cores))
// against onnxruntime-node on the same model and input with the same thread count, in the same run. The goal:
// in-page ≤ 1.5× node (infer_web_vs_node ≤ 1.5). Also the peak resident memory of Chromium's renderer processes while
// the page segments (the WASM heap lives in the inference worker, so the page's JS heap says little).
// Last, where the gap comes from: one 64³ tile on one thread, onnxruntime-web's WASM build (the page's .wasm, run in
// Node) against onnxruntime-node's native kernels (infer_tile_wasm_vs_node_1t): the kernels' own ratio, with no page,
// worker or threading in it.
// First, the model's size in compute: convolution multiply-adds per voxel (model_kmac_per_voxel), counted from the ONNX
// graph by models/train/onnx_stats.py, for models/segmenter.onnx and for a candidate when one exists
// (models/candidate/segmenter.onnx, or the file VESSEL_LAB_CANDIDATE_MODEL names): model_kmac_per_voxel_candidate.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { makeSample, sampleSpec } from "../src/dataset/index.js";
import { type ModelCard, type OrtModule, OrtModel, parseModelCard, percentileNormalise, segmentVolume } from "../src/infer/index.js";
import { OrtNodeModel } from "../src/infer/node.js";
import { resolveAutoSpacing } from "../src/scale/index.js";
import { openBrowserModule } from "../test/support/browserModule.js";
import { INFER_FILES, INFER_WORKERS } from "../test/support/inferFiles.js";
import type { Report } from "./run.js";

const PRESET = "brain-tof";
const INDEX = 1;
const SIZE = 128;
const WARMUP_SIZE = 64;
const RUNS = 3;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** pid → parent pid for every process now in /proc (those that vanish while read are skipped). */
function parents(): Map<number, number> {
  const map = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ")".
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      map.set(Number(name), ppid);
    } catch {
      /* gone */
    }
  }
  return map;
}

/**
 * The renderer processes of the browser this benchmark launched: processes descending from this Node process (playwright
 * spawns Chromium as our child; its zygote forks the renderers) whose command line has --type=renderer. Dedicated
 * workers (the inference worker and onnxruntime-web's em-pthreads) are threads of the page's renderer, so they count.
 */
function rendererPids(): number[] {
  const ppid = parents();
  const mine = (pid: number): boolean => {
    for (let p = ppid.get(pid), hops = 0; p !== undefined && p > 1 && hops < 64; p = ppid.get(p), hops++) if (p === process.pid) return true;
    return false;
  };
  const out: number[] = [];
  for (const pid of ppid.keys()) {
    if (!mine(pid)) continue;
    try {
      // Zygote-forked children rewrite their argv into one space-separated string, so look for the flag as text.
      if (/(^|[\s\0])--type=renderer([\s\0]|$)/.test(readFileSync(`/proc/${pid}/cmdline`, "utf8"))) out.push(pid);
    } catch {
      /* gone */
    }
  }
  return out;
}

/** Summed VmRSS (MB) of the given processes. */
function rssMb(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (m) kb += Number(m[1]);
    } catch {
      /* gone */
    }
  }
  return kb / 1024;
}

/** Samples the renderers' summed RSS every ~100 ms until stopped; returns the peak (MB). The renderer list is refreshed each second. */
function sampleRenderers(): { stop(): number } {
  let pids = rendererPids();
  let peak = rssMb(pids);
  let ticks = 0;
  const timer = setInterval(() => {
    if (++ticks % 10 === 0) pids = rendererPids();
    peak = Math.max(peak, rssMb(pids));
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, rssMb(pids));
    },
  };
}

interface WebRun {
  seconds: number;
  wall: number;
  provider: string;
  threads: number;
  dice: number;
}

/** Conv multiply-adds per input voxel (thousands) of each ONNX file, from models/train/onnx_stats.py (Python's onnx package). */
export function modelKmac(report: Report): void {
  const candidate = process.env.VESSEL_LAB_CANDIDATE_MODEL || "models/candidate/segmenter.onnx";
  const files: [string, string][] = [["model_kmac_per_voxel", "models/segmenter.onnx"]];
  if (existsSync(candidate)) files.push(["model_kmac_per_voxel_candidate", candidate]);
  let lines: string[];
  try {
    lines = execFileSync(process.env.VESSEL_LAB_PYTHON ?? "/usr/bin/python3", ["models/train/onnx_stats.py", ...files.map((f) => f[1])], { encoding: "utf8" })
      .trim()
      .split("\n");
  } catch (error) {
    console.error(
      `infer bench: model_kmac_per_voxel skipped: models/train/onnx_stats.py failed (/usr/bin/python3 with python3-onnx needed): ${(error as Error).message.split("\n")[0]}`,
    );
    return;
  }
  files.forEach(([figure, path], i) => {
    const d = JSON.parse(lines[i]) as { kmac_per_voxel: number; channels: number[] | null; stride: number | null; bytes: number };
    console.error(`infer bench: ${path}: ${d.kmac_per_voxel.toFixed(2)} kMAC/voxel, widths ${d.channels?.join("/")}, stride ${d.stride}, ${d.bytes} bytes`);
    report(figure, d.kmac_per_voxel, "kMAC/voxel");
  });
}

export async function run(report: Report): Promise<void> {
  modelKmac(report);
  const card = parseModelCard(JSON.parse(readFileSync("models/segmenter.json", "utf8")));
  const m = await openBrowserModule("test/browser/infer.entry.ts", { workers: INFER_WORKERS, files: INFER_FILES });
  let model: OrtNodeModel | null = null;
  try {
    // The page: onnxruntime-web (WASM) in the inference worker, threads = min(4, cores) as the page picks them.
    const setup = await m.call<{ choice: { provider: string; threads: number; reason: string }; isolated: boolean }>("setup", "wasm");
    const threads = setup.choice.threads;
    console.error(`infer bench (Chromium): ${setup.choice.reason}; cross-origin isolated: ${setup.isolated}`);
    if (setup.choice.provider !== "wasm") throw new Error(`infer bench: wanted the WASM provider, got ${setup.choice.provider}`);
    // Node: onnxruntime-node on the same model with the same number of threads.
    model = await OrtNodeModel.load("models/segmenter.onnx", { card, threads });
    const nodeModel = model;
    const nodeSegment = async (size: number): Promise<number> => {
      const image = makeSample(sampleSpec(INDEX, { seed: 4242, preset: PRESET, size })).image;
      const t0 = performance.now();
      // the card's spacing as the page's worker applies it ("auto" resolved for this image, src/scale): the same grid
      await segmentVolume(image, { card: resolveAutoSpacing(card, image).card, runTile: nodeModel.runTile });
      return (performance.now() - t0) / 1000;
    };

    // One warm-up each, at 64³.
    const warmWeb = await m.call<WebRun>("segmentSample", PRESET, INDEX, WARMUP_SIZE);
    const warmNode = await nodeSegment(WARMUP_SIZE);
    console.error(`infer bench: warm-up ${WARMUP_SIZE}³: page ${warmWeb.wall.toFixed(2)} s, node ${warmNode.toFixed(2)} s`);

    const renderers = rendererPids();
    if (renderers.length === 0) throw new Error("infer bench: found no Chromium renderer process under this Node process");
    const baseline = rssMb(renderers);
    console.error(`infer bench (Chromium): renderer processes ${renderers.join(", ")}; summed RSS before the ${SIZE}³ runs ${baseline.toFixed(0)} MB`);

    // The 128³ runs, page and node alternating so that both see the same load on a shared machine. The page's time is
    // the wall time it measures around the worker's `segment` call (the sample is made before the clock starts); node's
    // is segmentVolume on the same image. infer_peak_mb is the peak, over the page runs, of the summed RSS of the
    // renderers (absolute, not above the baseline; it includes the 128³ sample the page makes and holds while it segments).
    const webTimes: number[] = [];
    const nodeTimes: number[] = [];
    let peakMb = 0;
    for (let i = 0; i < RUNS; i++) {
      const sampler = sampleRenderers();
      let r: WebRun;
      try {
        r = await m.call<WebRun>("segmentSample", PRESET, INDEX, SIZE);
      } finally {
        peakMb = Math.max(peakMb, sampler.stop());
      }
      webTimes.push(r.wall);
      console.error(
        `infer bench (Chromium): ${SIZE}³ run ${i + 1}: wall ${r.wall.toFixed(2)} s (worker ${r.seconds.toFixed(2)} s), ${r.provider}, ${r.threads} threads, Dice ${r.dice.toFixed(3)}`,
      );
      nodeTimes.push(await nodeSegment(SIZE));
      console.error(`infer bench (node): ${SIZE}³ run ${i + 1}: ${nodeTimes[i].toFixed(2)} s, ${threads} threads`);
    }
    if (m.consoleErrors.length) console.error(`infer bench (Chromium): console errors: ${m.consoleErrors.join(" | ")}`);

    const web = median(webTimes);
    const node = median(nodeTimes);
    report("infer_web_threads", threads, "threads");
    report("infer_node_threads", threads, "threads");
    report("infer_web_128_s", web, "s");
    report("infer_node_128_s", node, "s");
    report("infer_web_vs_node", web / node, "ratio");
    report("infer_peak_mb", peakMb, "MB");

    await model.dispose();
    model = null;
    const kernels = await tileKernels(card);
    report("infer_tile_wasm_1t_s", kernels.wasm, "s");
    report("infer_tile_node_1t_s", kernels.node, "s");
    report("infer_tile_wasm_vs_node_1t", kernels.wasm / kernels.node, "ratio");
  } finally {
    await model?.dispose();
    await m.close();
  }
}

/**
 * Median seconds for one 64³ tile of the segmenter on one thread: onnxruntime-web's WASM backend (the .wasm the page
 * loads, run here in Node) and onnxruntime-node, alternating, after a warm-up each.
 */
async function tileKernels(card: ModelCard): Promise<{ wasm: number; node: number }> {
  const web = (await import("onnxruntime-web/wasm")) as unknown as OrtModule & { env: { wasm: { numThreads: number } } };
  web.env.wasm.numThreads = 1;
  const bytes = readFileSync("models/segmenter.onnx");
  const wasmModel = await OrtModel.open(web, bytes, {
    card,
    runtime: "onnxruntime-web (WASM, in Node)",
    session: { executionProviders: ["wasm"], graphOptimizationLevel: "all" },
  });
  const nodeModel = await OrtNodeModel.load(bytes, { card, threads: 1 });
  try {
    const tile = makeSample(sampleSpec(INDEX, { seed: 4242, preset: PRESET, size: WARMUP_SIZE })).image;
    const input = percentileNormalise(tile).volume.data;
    const dims = [1, 1, WARMUP_SIZE, WARMUP_SIZE, WARMUP_SIZE] as const;
    const time = async (m: OrtModel) => {
      const t0 = performance.now();
      await m.runTile(input.slice(), dims);
      return (performance.now() - t0) / 1000;
    };
    await time(wasmModel);
    await time(nodeModel);
    const wasm: number[] = [];
    const node: number[] = [];
    for (let i = 0; i < 5; i++) {
      wasm.push(await time(wasmModel));
      node.push(await time(nodeModel));
    }
    console.error(
      `infer bench: one ${WARMUP_SIZE}³ tile on one thread: onnxruntime-web WASM ${wasm.map((t) => t.toFixed(3)).join(", ")} s; onnxruntime-node ${node.map((t) => t.toFixed(3)).join(", ")} s`,
    );
    return { wasm: median(wasm), node: median(node) };
  } finally {
    await wasmModel.dispose();
    await nodeModel.dispose();
  }
}

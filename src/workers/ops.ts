/** The operations the engine worker offers. Each is a thin call into a stage. */
import { growTree, type GrowOptions } from "../geometry/index.js";
import { gridForTree, voxeliseCpu } from "../voxel/index.js";
import type { VesselTree } from "../geometry/tree.js";
import type { Op } from "./serve.js";
import { CancelledError, type OpContext } from "./protocol.js";
import { synthesiseFromTree, type SynthesisRequest } from "../lab/synthesis.js";
import { makeSample, sampleSpec, type SampleOptions } from "../dataset/index.js";
import { compareBaselines } from "../lab/compareBaselines.js";
import { labelRadiusHistogram } from "../lab/radiusHistogram.js";
import { fitScan, type FitScanOptions } from "../lab/fitScan.js";
import { lessonSample, randomisationExperiment, type LessonSampleOptions, type RandomisationOptions } from "../lab/lesson.js";
import type { BaselineMethod } from "../baselines/index.js";
import type { Volume } from "../volume/index.js";
import { vesselPolarity } from "../infer/index.js";

export const ENGINE_OPS: Record<string, Op> = {
  /** The worker's own clock and identity, for tests and the page's status line. */
  ping: (_ctx: OpContext) => ({ pong: true, isWorker: typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== "undefined" }),
  grow: (_ctx: OpContext, options: GrowOptions) => growTree(options),
  voxelise: (_ctx: OpContext, tree: VesselTree, size: number) => voxeliseCpu(tree, gridForTree(tree, { size })),
  synthesise: (_ctx: OpContext, req: SynthesisRequest) => synthesiseFromTree(req),
  /**
   * Samples `first … first + count − 1` of a data set, each exactly what `vessel-lab generate`
   * makes for that index: image, label and record. Progress after each; cancel between samples.
   */
  sampleBatch: async (ctx: OpContext, options: SampleOptions, first: number, count: number) => {
    const out = [];
    for (let i = 0; i < count; i++) {
      if (ctx.cancelled) throw new CancelledError(`cancelled after ${i} of ${count} samples`);
      const s = makeSample(sampleSpec(first + i, options));
      out.push({ record: s.record, image: s.image, label: s.label, timings: s.timings });
      ctx.progress(i + 1, count);
      await new Promise((r) => setTimeout(r, 0));
    }
    return out;
  },
  /**
   * The classical baselines (Otsu, Frangi) on a volume, each timed and scored against its label (or null): masks,
   * seconds, Dice, clDice. Progress within each; cancel between steps.
   */
  baselines: (ctx: OpContext, volume: Volume, label: Volume | null, methods: BaselineMethod[]) =>
    compareBaselines(volume, label, methods, { onProgress: (done, total, note) => ctx.progress(done, total, note), signal: ctx.signal }),
  /**
   * The simulator fitted to a volume (the Fit page): its mask (the label, or the vesselness mask), its statistics, the
   * search, and the radii and branch lengths of the scan and of the samples before and after. Progress per scale,
   * candidate and sample; the signal is checked between samples. The search itself is one synchronous loop, which
   * reads no cancel message until it ends: a page that must stop it at once runs it with callInOwnWorker.
   */
  fit: (ctx: OpContext, volume: Volume, label: Volume | null, options: FitScanOptions) =>
    fitScan(volume, label, options, { onProgress: (done, total, unit) => ctx.progress(done, total, unit), signal: ctx.signal }),
  /** Which way a scan's tubes look (src/infer's vesselPolarity; about a second): the Segment and Fit pages' hint. */
  vesselPolarity: (_ctx: OpContext, volume: Volume) => vesselPolarity(volume),
  /** The Lesson page's scan: a small synthetic sample and its label, with chosen imaging effects off (src/lab/lesson.ts). */
  lessonSample: (_ctx: OpContext, options: LessonSampleOptions) => lessonSample(options),
  /**
   * The Lesson page's randomisation experiment: one threshold learnt on samples with some effects off, tested on samples
   * with every effect on. Progress after each sample; cancel between samples.
   */
  randomisation: (ctx: OpContext, options: RandomisationOptions) =>
    randomisationExperiment(options, { onProgress: (done, total, note) => ctx.progress(done, total, note), signal: ctx.signal }),
  /** The histogram of a vessel label's centreline radii in voxels (skeleton + distance transform: a second at 128³). */
  radii: (_ctx: OpContext, label: Volume) => labelRadiusHistogram(label),
  /** Busy-waits in steps, reporting progress and stopping when cancelled (for tests of the protocol). */
  spin: async (ctx: OpContext, steps: number, msPerStep: number) => {
    for (let i = 0; i < steps; i++) {
      if (ctx.cancelled) return { stoppedAt: i };
      const t = performance.now();
      while (performance.now() - t < msPerStep);
      ctx.progress(i + 1, steps);
      await new Promise((r) => setTimeout(r, 0));
    }
    return { stoppedAt: steps };
  },
};

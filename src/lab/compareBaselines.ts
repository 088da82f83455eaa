/**
 * The Segment page's "compare with": the classical baselines (src/baselines) on the same volume as the model, each
 * timed and scored like the model's mask (Dice, clDice, share of voxels marked). Runs in the engine worker (its
 * `baselines` op): Frangi takes seconds at 128³, and clDice of a baseline's wide mask can take longer still.
 */
import { type BaselineMethod, BASELINE_METHODS, baselineMask } from "../baselines/index.js";
import { clDiceAgainst, confusionCounts, overlapScores } from "../metrics/index.js";
import type { Volume } from "../volume/index.js";

export interface MaskScore {
  /** Fraction of voxels marked, 0–1. */
  vessel: number;
  /** Against the label; null without one. */
  dice: number | null;
  clDice: number | null;
}

export interface BaselineRun extends MaskScore {
  method: BaselineMethod;
  mask: Volume<Uint8Array>;
  /** Seconds the mask took (not its scoring). */
  seconds: number;
  threshold: number;
}

export interface CompareOptions {
  /** Called after each step; `done` counts methods (fractions within Frangi's scales), `note` names the step. */
  onProgress?: (done: number, total: number, note?: string) => void;
  /** Checked between steps (each mask, each scoring): an aborted signal stops the run with its reason. */
  signal?: AbortSignal;
}

/**
 * A mask's share of vessel voxels, and its Dice and clDice against `label` (null without one). `clDiceOf`, a scorer
 * from clDiceAgainst(label), saves skeletonising the label again when several masks are scored against it.
 */
export function scoreMask(mask: Volume, label: Volume | null, clDiceOf: ((pred: Volume) => number) | null = label ? clDiceAgainst(label) : null): MaskScore {
  if (!label) {
    let marked = 0;
    for (let i = 0; i < mask.data.length; i++) if (mask.data[i] > 0) marked++;
    return { vessel: mask.data.length ? marked / mask.data.length : 0, dice: null, clDice: null };
  }
  const counts = confusionCounts(mask, label);
  return {
    vessel: mask.data.length ? (counts.truePositive + counts.falsePositive) / mask.data.length : 0,
    dice: overlapScores(counts).dice,
    clDice: clDiceOf!(mask),
  };
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Each of `methods` (in the order given) on `volume`, scored against `label`. Yields to the event loop between steps
 * so that a worker hears a cancel; a run inside one step (Frangi's scales) is not interrupted.
 */
export async function compareBaselines(
  volume: Volume,
  label: Volume | null,
  methods: readonly BaselineMethod[],
  { onProgress, signal }: CompareOptions = {},
): Promise<BaselineRun[]> {
  for (const m of methods)
    if (!BASELINE_METHODS.includes(m)) throw new RangeError(`compareBaselines: method = ${JSON.stringify(m)}; give some of ${BASELINE_METHODS.join(", ")}`);
  if (label && label.dims.some((d, a) => d !== volume.dims[a]))
    throw new RangeError(
      `compareBaselines: the label is ${label.dims.join("×")} voxels, the volume ${volume.dims.join("×")}; give the label on the volume's grid`,
    );
  const runs: BaselineRun[] = [];
  const total = methods.length;
  const clDiceOf = label ? clDiceAgainst(label) : null; // the label skeletonised once for every method
  for (const [i, method] of methods.entries()) {
    signal?.throwIfAborted();
    onProgress?.(i, total, method);
    const start = performance.now();
    const result = baselineMask(volume, { method, signal, onProgress: (done, of) => onProgress?.(i + (0.8 * done) / of, total, method) });
    const seconds = (performance.now() - start) / 1000;
    await pause();
    signal?.throwIfAborted();
    onProgress?.(i + 0.8, total, `${method}: scoring`);
    runs.push({ method, mask: result.mask, seconds, threshold: result.threshold, ...scoreMask(result.mask, label, clDiceOf) });
    onProgress?.(i + 1, total, method);
    await pause();
  }
  return runs;
}

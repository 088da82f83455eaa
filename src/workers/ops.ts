/** The operations the engine worker offers. Each is a thin call into a stage. */
import { growTree, type GrowOptions } from "../geometry/index.js";
import { gridForTree, voxelizeCpu } from "../voxel/index.js";
import type { VesselTree } from "../geometry/tree.js";
import type { Op } from "./serve.js";
import type { OpContext } from "./protocol.js";

export const ENGINE_OPS: Record<string, Op> = {
  /** The worker's own clock and identity, for tests and the page's status line. */
  ping: (_ctx: OpContext) => ({ pong: true, isWorker: typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== "undefined" }),
  grow: (_ctx: OpContext, options: GrowOptions) => growTree(options),
  voxelize: (_ctx: OpContext, tree: VesselTree, size: number) => voxelizeCpu(tree, gridForTree(tree, { size })),
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

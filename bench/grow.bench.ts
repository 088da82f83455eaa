// npm run bench -- grow
// Seconds to grow brain-preset trees of about 1,000 segments (the default tree) and 10,000
// segments (more terminals, thinner smallest vessels), median of several runs on one core, and
// the growth rate. Each tree is grown once first so that the JIT has warmed up.
import { growTree, type GrowParams } from "../src/geometry/index.js";
import type { Report } from "./run.js";
import { medianSeconds } from "./timing.js";

const segments = (params: Partial<GrowParams>) => growTree({ preset: "brain", seed: 7, params }).nodes.filter((n) => n.parent >= 0).length;

/** Brain parameters whose tree has about `target` segments (terminals scaled until within 5 %). */
function paramsFor(target: number): Partial<GrowParams> {
  let terminals = Math.round(target / 8);
  for (let i = 0; i < 10; i++) {
    const n = segments({ terminals, minRadius: 0.1 });
    if (Math.abs(n - target) <= 0.05 * target) break;
    terminals = Math.max(1, Math.round((terminals * target) / Math.max(1, n)));
  }
  return { terminals, minRadius: 0.1 };
}

export async function run(report: Report): Promise<void> {
  const oneK = {};
  const n1 = segments(oneK);
  const t1 = await medianSeconds(() => growTree({ preset: "brain", seed: 7 }), { runs: 15, warmup: 3 });
  report("grow_1k_s", t1, "s");
  report("grow_1k_segments", n1, "segments");

  const tenK = paramsFor(10_000);
  const n10 = segments(tenK);
  const t10 = await medianSeconds(() => growTree({ preset: "brain", seed: 7, params: tenK }), { runs: 7, warmup: 1 });
  report("grow_10k_s", t10, "s");
  report("grow_10k_segments", n10, "segments");
  report("grow_segments_per_s", n10 / t10, "segments/s");
}

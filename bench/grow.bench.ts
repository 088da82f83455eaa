// npm run bench -- grow
// Seconds to grow brain-preset trees of about 1,000 segments (the default tree) and 10,000
// segments (more terminals, thinner smallest vessels), median of several runs on one core, and
// the growth rate. Each tree is grown once first so that the JIT has warmed up.
import { growTree, type GrowParams } from "../src/geometry/index.js";
import type { Report } from "./run.js";
import { medianSeconds } from "./timing.js";
import { paramsForSegments, segmentsOf } from "./trees.js";

const segments = (params: Partial<GrowParams>) => segmentsOf(growTree({ preset: "brain", seed: 7, params }));

export async function run(report: Report): Promise<void> {
  const oneK = {};
  const n1 = segments(oneK);
  const t1 = await medianSeconds(() => growTree({ preset: "brain", seed: 7 }), { runs: 15, warmup: 3 });
  report("grow_1k_s", t1, "s");
  report("grow_1k_segments", n1, "segments");

  const tenK = paramsForSegments(10_000);
  const n10 = segments(tenK);
  const t10 = await medianSeconds(() => growTree({ preset: "brain", seed: 7, params: tenK }), { runs: 7, warmup: 1 });
  report("grow_10k_s", t10, "s");
  report("grow_10k_segments", n10, "segments");
  report("grow_segments_per_s", n10 / t10, "segments/s");
}

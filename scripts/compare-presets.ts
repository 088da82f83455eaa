// Grows every preset for a few seeds and prints, as a Markdown table, the radius and branch-length
// percentiles (p10 / p50 / p90, in the preset's unit) next to those of real vessel masks
// (measured with a vessel-statistics tool outside this repository, which --tool names; the reference
// figures below are what it measured on the real masks).
//   npx tsx scripts/compare-presets.ts [--seeds 5] [--measure --tool PATH/vessel-stats.py]
// Radii are per segment, weighted by segment length (as a skeleton samples a vessel); the vessel
// fraction is the tree's volume over its domain's.
// --measure also voxelises the trees of the presets that have a real counterpart at that mask's
// voxel size and measures them with the same tool as the real masks (skeleton, distance
// transform), so that both sides carry the same resolution limits. It needs Debian's Python
// with nibabel, scipy and scikit-image (/usr/bin/python3) and the tool given by --tool.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PRESETS, createDomain, distribution, growTree, treeStats } from "../src/geometry/index.js";
import { gridFromBox, voxeliseCpu } from "../src/voxel/index.js";
import type { Vec3 } from "../src/volume/index.js";
import { writeNifti } from "../src/volume/index.js";

interface Reference {
  name: string;
  /** Voxel size of the real mask, in the preset's unit. */
  spacing: Vec3;
  radius: [number, number, number];
  length: [number, number, number];
  fraction: number;
  branches: number;
}

/** Real masks: brain TOF-MRA (OpenNeuro ds003949, sub-000) and MiniVess mv68 (two-photon mouse cortex). */
const REAL: Record<string, Reference> = {
  brain: { name: "TOF-MRA brain (real)", spacing: [0.47, 0.47, 0.7], radius: [0.47, 0.66, 1.05], length: [0.94, 2.8, 14.5], fraction: 0.0035, branches: 421 },
  microvascular: { name: "MiniVess mouse cortex (real)", spacing: [0.99, 0.99, 2], radius: [1, 2, 3.2], length: [1, 5, 22.9], fraction: 0.054, branches: 3290 },
};

const seedsArg = process.argv.indexOf("--seeds");
const seeds = seedsArg >= 0 ? Number(process.argv[seedsArg + 1]) : 3;
if (!Number.isInteger(seeds) || seeds < 1) {
  console.error("compare-presets: --seeds takes a positive integer");
  process.exit(2);
}

const fmt = (xs: readonly number[]) => xs.map((x) => (x >= 10 ? x.toFixed(1) : x.toFixed(2))).join(" / ");
const rows: string[] = [
  "| preset | unit | segments | terminals | branches | radius p10 / p50 / p90 | branch length p10 / p50 / p90 | vessel fraction | grow ms |",
  "|---|---|---|---|---|---|---|---|---|",
];
for (const [name, preset] of Object.entries(PRESETS)) {
  const radii: number[] = [],
    weights: number[] = [],
    lengths: number[] = [];
  let segments = 0,
    terminals = 0,
    branches = 0,
    volume = 0,
    ms = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const t0 = performance.now();
    const tree = growTree({ preset: name, seed });
    ms += performance.now() - t0;
    const s = treeStats(tree);
    tree.nodes.forEach((n) => {
      if (n.parent < 0) return;
      const a = tree.nodes[n.parent];
      radii.push((a.r + n.r) / 2);
      weights.push(Math.hypot(n.p[0] - a.p[0], n.p[1] - a.p[1], n.p[2] - a.p[2]));
    });
    lengths.push(...s.branchLength.values);
    segments += s.segments;
    terminals += s.terminals;
    branches += s.branches;
    volume += s.volume;
  }
  const domainVolume = createDomain(preset.params).volume;
  const unit = preset.unit === "um" ? "µm" : "mm";
  rows.push(
    `| ${name} | ${unit} | ${Math.round(segments / seeds)} | ${Math.round(terminals / seeds)} | ${Math.round(branches / seeds)} | ${fmt(distribution(radii, weights).percentiles)} | ${fmt(distribution(lengths).percentiles)} | ${((100 * volume) / seeds / domainVolume).toFixed(2)} % | ${(ms / seeds).toFixed(0)} |`,
  );
  const real = REAL[name];
  if (real)
    rows.push(`| ↳ ${real.name} | ${unit} | | | ${real.branches} | ${fmt(real.radius)} | ${fmt(real.length)} | ${(100 * real.fraction).toFixed(2)} % | |`);
}
console.log(`Presets grown with seeds 1–${seeds} (means per tree; percentiles over all seeds pooled).\n`);
console.log(rows.join("\n"));

const toolArg = process.argv.indexOf("--tool");
const TOOL = toolArg >= 0 ? (process.argv[toolArg + 1] ?? "") : "";
if (process.argv.includes("--measure")) {
  if (!TOOL || !existsSync(TOOL) || !existsSync("/usr/bin/python3")) {
    console.log(`\n(--measure: ${TOOL ? `${TOOL} or /usr/bin/python3 is missing` : "give the vessel-statistics tool with --tool PATH"}; skipped)`);
  } else {
    const dir = mkdtempSync(join(tmpdir(), "compare-presets-"));
    const measured = [
      "| preset, measured as a mask | voxel | segments | branches (skeleton) | radius p10 / p50 / p90 | branch length p10 / p50 / p90 | vessel fraction (box) |",
      "|---|---|---|---|---|---|---|",
    ];
    for (const [name, real] of Object.entries(REAL)) {
      for (let seed = 1; seed <= seeds; seed++) {
        const tree = growTree({ preset: name, seed });
        const maps = voxeliseCpu(tree, gridFromBox(tree.bounds, real.spacing));
        const file = join(dir, `${name}-${seed}.nii.gz`);
        writeFileSync(file, writeNifti(maps.binary));
        const r = spawnSync("/usr/bin/python3", [TOOL, file], { encoding: "utf8" });
        if (r.status !== 0) throw new Error(`vessel-stats.py failed on ${file}: ${r.stderr}`);
        const m = JSON.parse(r.stdout);
        measured.push(
          `| ${name} seed ${seed} | ${real.spacing.join("×")} | ${treeStats(tree).segments} | ${m.branches} | ${fmt(m.radius_p10_50_90)} | ${fmt(m.branch_length_p10_50_90)} | ${(100 * m.vessel_fraction).toFixed(2)} % |`,
        );
      }
      measured.push(
        `| ↳ ${real.name} | ${real.spacing.join("×")} | | ${real.branches} | ${fmt(real.radius)} | ${fmt(real.length)} | ${(100 * real.fraction).toFixed(2)} % |`,
      );
    }
    rmSync(dir, { recursive: true, force: true });
    console.log(
      `\nThe same trees voxelised at the real mask's voxel size and measured with ${TOOL} (vessel fraction over the tree's bounding box, not the domain):\n`,
    );
    console.log(measured.join("\n"));
  }
}

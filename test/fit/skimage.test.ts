// src/fit's mask statistics against scikit-image and scipy (Debian's python3-skimage under /usr/bin/python3, through
// scripts/vessel-stats-reference.py) on synthetic vessel labels: a branching brain-TOF patch and a brain-CTA patch
// with thick slices. Stated agreement: the two thin by different implementations of Lee's conditions (the order in
// which border voxels are removed differs), so skeletons differ by a few voxels per branch. The vessel fraction is
// equal; the radius percentiles (read from the same exact distance transform) within 10 %; the skeleton's voxel count
// within 10 %; branch and end-point counts within 25 %; the branch-length median within 25 %.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeSample, sampleSpec } from "../../src/dataset/index.js";
import { maskStats } from "../../src/fit/index.js";
import type { Volume } from "../../src/volume/index.js";

const PYTHON = "/usr/bin/python3";
const INSTALL = "apt-get install -y python3-skimage";

interface Reference {
  skeletonVoxels: number;
  junctions: number;
  endpoints: number;
  branches: number;
  radius: number[];
  branchLength: number[];
  vesselFraction: number;
}

function reference(mask: Volume): Reference {
  const dir = mkdtempSync(join(tmpdir(), "vessel-lab-stats-"));
  try {
    writeFileSync(join(dir, "request.json"), JSON.stringify({ dims: mask.dims, spacing: mask.spacing }));
    writeFileSync(
      join(dir, "mask.u8"),
      Uint8Array.from(mask.data, (v) => (v > 0 ? 1 : 0)),
    );
    const r = spawnSync(PYTHON, ["scripts/vessel-stats-reference.py", dir], { encoding: "utf8" });
    if (r.error) assert.fail(`cannot run ${PYTHON} (${r.error.message}); the scikit-image cross-check needs Debian's python3 with scikit-image: ${INSTALL}`);
    assert.equal(r.status, 0, `scripts/vessel-stats-reference.py failed (is python3-skimage installed? ${INSTALL}):\n${r.stderr}`);
    return JSON.parse(readFileSync(join(dir, "stats.json"), "utf8")) as Reference;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const within = (ours: number, theirs: number, rel: number, what: string) =>
  assert.ok(Math.abs(ours - theirs) <= rel * Math.abs(theirs), `${what}: ours ${ours}, scikit-image ${theirs} (allowed ${100 * rel} %)`);

for (const [name, options] of [
  ["a brain-TOF patch", { seed: 4, preset: "brain-tof", size: 64 }],
  ["a brain-CTA patch with slices 1.7 times the in-plane voxel", { seed: 5, preset: "brain-cta", size: 48 }],
] as const) {
  test(`maskStats(label) of ${name} agrees with scikit-image's skeleton and scipy's distance transform`, () => {
    const { label } = makeSample(sampleSpec(0, { ...options, labelConvention: "visible" }));
    const ours = maskStats(label),
      theirs = reference(label);
    assert.ok(theirs.branches >= 5, `the fixture branches (${theirs.branches} branches)`);
    assert.ok(Math.abs(ours.vesselFraction - theirs.vesselFraction) < 1e-12);
    for (let i = 0; i < 3; i++) within(ours.radius[i], theirs.radius[i], 0.1, `radius p${[10, 50, 90][i]}`);
    within(ours.skeletonVoxels, theirs.skeletonVoxels, 0.1, "skeleton voxels");
    within(ours.branches, theirs.branches, 0.25, "branches");
    within(ours.endpoints, theirs.endpoints, 0.25, "end points");
    within(ours.branchLength[1], theirs.branchLength[1], 0.25, "branch length p50");
  });
}

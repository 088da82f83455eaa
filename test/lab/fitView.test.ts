import { test } from "node:test";
import assert from "node:assert/strict";
import { fitTable, likeSummary, shareHistogram } from "../../src/lab/index.js";

const term = (name: string, label: string, scan: number, samples: number, t: number) => ({ name, label, scan, samples, term: t });

test("fitTable(fit) gives a row per statistic: the scan's value, the default's and the fit's, each with its term; a statistic one side left out reads NaN there", () => {
  const fit = {
    before: {
      distance: 1,
      terms: [term("radius_vox_p50", "radius p50 (voxels)", 2, 4, Math.log(2)), term("contrast", "vessel-to-background contrast", 0.5, 0.25, Math.log(2))],
    },
    after: {
      distance: 0.1,
      terms: [term("radius_vox_p50", "radius p50 (voxels)", 2, 2.2, 0.0953), term("branch_density", "branches per 1000 voxels", 3, 3, 0)],
    },
  };
  const rows = fitTable(fit as never);
  assert.deepEqual(
    rows.map((r) => r.name),
    ["radius_vox_p50", "branch_density", "contrast"],
  );
  assert.deepEqual(rows[0], {
    name: "radius_vox_p50",
    label: "radius p50 (voxels)",
    kind: "geometry",
    scan: 2,
    default: 4,
    defaultTerm: Math.log(2),
    fit: 2.2,
    fitTerm: 0.0953,
  });
  assert.ok(Number.isNaN(rows[1].default) && Number.isNaN(rows[1].defaultTerm));
  assert.equal(rows[1].fitTerm, 0);
  assert.equal(rows[2].kind, "image");
  assert.ok(Number.isNaN(rows[2].fit));
  assert.deepEqual(fitTable({ before: { distance: NaN, terms: [] }, after: { distance: NaN, terms: [] } } as never), []);
});

test("shareHistogram(series, {binWidth}) counts each series on shared bins from 0 as shares of its own values", () => {
  const h = shareHistogram({ scan: [0.2, 0.7, 1.1, 1.4], fit: [0.1, 0.3, 0.4, 1.2, 1.6, 1.9, 0.9, 0.8] }, { binWidth: 0.5, upTo: 1 });
  // the largest value, 1.9, lies in bin 3 ([1.5, 2)): four bins
  assert.deepEqual(h.edges, [0, 0.5, 1, 1.5, 2]);
  assert.deepEqual(h.counts, { scan: 4, fit: 8 });
  const of = (series: string) => h.rows.filter((r) => r.series === series);
  assert.deepEqual(
    of("scan").map((r) => r.count),
    [1, 1, 2, 0],
  );
  assert.deepEqual(
    of("scan").map((r) => r.share),
    [0.25, 0.25, 0.5, 0],
  );
  assert.deepEqual(
    of("fit").map((r) => r.count),
    [3, 2, 1, 2],
  );
  assert.deepEqual(of("fit")[1], { series: "fit", bin: 1, x1: 0.5, x2: 1, x: 0.75, count: 2, share: 0.25 });
});

test("shareHistogram stops its bins at the upTo quantile of all values and counts larger ones in the last bin; it leaves out negative and non-finite values", () => {
  // 0 … 99 and one outlier at 1000: the 98th percentile of the 101 is 98, so bins of 10 up to 100
  const values = [...Array.from({ length: 100 }, (_, i) => i), 1000, NaN, -1, Infinity];
  const h = shareHistogram({ a: values }, { binWidth: 10 });
  assert.equal(h.edges.length, 11);
  assert.equal(h.edges.at(-1), 100);
  assert.equal(h.counts.a, 101);
  assert.equal(h.rows.at(-1)!.count, 11, "90 … 99 and the outlier");
  assert.equal(shareHistogram({ a: values }, { binWidth: 1, maxBins: 5 }).edges.length, 6);
});

test("shareHistogram with no values gives one bin of zeros per series; a bad width, quantile or bin count throws a RangeError naming it", () => {
  const h = shareHistogram({ scan: [], fit: new Float64Array(0) }, { binWidth: 1 });
  assert.deepEqual(h.edges, [0, 1]);
  assert.deepEqual(
    h.rows.map((r) => [r.series, r.count, r.share]),
    [
      ["scan", 0, 0],
      ["fit", 0, 0],
    ],
  );
  assert.throws(() => shareHistogram({}, { binWidth: 0 }), /binWidth = 0; give a positive width/);
  assert.throws(() => shareHistogram({}, { binWidth: 1, upTo: 0 }), /upTo = 0/);
  assert.throws(() => shareHistogram({}, { binWidth: 1, maxBins: 0 }), /maxBins = 0/);
});

test("likeSummary(like) says the fitted preset, voxel size (in the tree's unit), depth and factors; without the image the imaging reads not fitted", () => {
  const like = {
    format: "vessel-lab/like",
    version: 1,
    preset: "microscopy",
    growth: { terminals: 2.5, lengthRatio: 0.75, curvature: 1, tortuosity: 3 },
    imaging: { contrast: 1.25, noise: 0.5, blur: 2 },
    voxelSize: 1.2345,
    anisotropy: 2,
    depth: 0.5,
  } as const;
  assert.deepEqual(likeSummary(like), [
    ["Sample preset", "microscopy: cortical microvessels, two-photon / light-sheet microscopy at 1–2.5 µm"],
    ["Voxel size", "1.23 µm in-plane, slices 2.00 times as thick"],
    ["Depth", "0.50 slices per in-plane voxel of side"],
    ["Growth factors", "terminals ×2.50, length/radius ×0.75, curvature ×1.00, tortuosity ×3.00"],
    ["Imaging factors", "contrast ×1.25, noise ×0.50, blur ×2.00"],
  ]);
  assert.equal(likeSummary({ ...like, preset: "brain-tof" }, { imaged: false })[4][1], "not fitted (the geometry only): ×1");
  assert.match(likeSummary({ ...like, preset: "brain-tof" })[1][1], /^1\.23 mm in-plane/);
  // a tree imaged as another preset's modality (fit --modality): said under the preset, the voxel size in the tree's unit
  const imaged = likeSummary({ ...like, version: 2, preset: "brain-cemra", modality: "microscopy" });
  assert.deepEqual(imaged[0], ["Sample preset", "brain-cemra's tree (brain)"]);
  assert.deepEqual(imaged[1], ["Imaged as", "microscopy: its imaging on brain-cemra's tree"]);
  assert.match(imaged[2][1], /^1\.23 mm in-plane/);
  // a fit of dark vessels (like.dark, version 3): one more row, last
  const dark = likeSummary({ ...like, version: 3, dark: true });
  assert.equal(dark.length, 6);
  assert.deepEqual(dark[5], ["Vessels", "dark in every sample (a fit of dark vessels: the scan and the samples read mirrored)"]);
  assert.ok(!likeSummary(like).some(([k]) => k === "Vessels"));
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { FIT_STATISTICS, MISSING_TERM, fitTableText, statDistance, type ImageStats, type MaskStats, type ScanStats } from "../../src/fit/index.js";

function mask(over: Partial<MaskStats> = {}): MaskStats {
  return {
    dims: [64, 64, 64],
    spacing: [1, 1, 1],
    voxel: 1,
    vesselFraction: 0.05,
    vesselVoxels: 13107,
    components: 1,
    skeletonVoxels: 900,
    junctions: 10,
    endpoints: 12,
    branches: 20,
    radius: [1, 2, 4],
    radiusVox: [1, 2, 4],
    branchLength: [3, 10, 30],
    branchLengthVox: [3, 10, 30],
    tortuosity: [1.05, 1.2, 1.5],
    branchDensity: 20 / 262144,
    branchDensityVox: 20000 / 262144,
    ...over,
  };
}
const image = (over: Partial<ImageStats> = {}): ImageStats => ({ range: [0, 1], vessel: 0.8, background: 0.2, contrast: 0.6, noise: 0.05, blur: 1, ...over });

test("statDistance(scan, samples) is 0 for equal statistics, and one statistic off by a factor e gives a term of 1 and the RMS over the terms", () => {
  const scan: ScanStats = { mask: mask(), image: image() };
  assert.equal(statDistance(scan, scan).distance, 0);
  const off = statDistance(scan, { mask: mask({ radiusVox: [1, 2 * Math.E + 1e-3 * (Math.E - 1), 4] }), image: image() });
  // |ln((2 + ε) / (2e + ε(e − 1) + ε))| = |ln(1 / e)| = 1 with ε = 1e-3
  const term = off.terms.find((t) => t.name === "radius_vox_p50")!;
  assert.ok(Math.abs(term.term - 1) < 1e-9, `term ${term.term}`);
  assert.equal(off.terms.length, FIT_STATISTICS.length);
  assert.ok(Math.abs(off.distance - Math.sqrt(1 / FIT_STATISTICS.length)) < 1e-9);
});

test("statDistance(scan, samples) compares tortuosity by its excess over 1, leaves out what the scan lacks and counts MISSING_TERM for what the samples lack", () => {
  const scan: ScanStats = { mask: mask(), image: null };
  const straighter = statDistance(scan, { mask: mask({ tortuosity: [1.02, 1.1, 1.3] }), image: null });
  const t = straighter.terms.find((x) => x.name === "tortuosity_p50")!;
  assert.ok(Math.abs(t.term - Math.log((0.2 + 0.01) / (0.1 + 0.01))) < 1e-9);
  assert.ok(
    straighter.terms.every((x) => x.name !== "contrast"),
    "no image on the scan's side: no image terms",
  );
  const none = statDistance(scan, { mask: mask({ tortuosity: [NaN, NaN, NaN] }), image: null });
  assert.equal(none.terms.find((x) => x.name === "tortuosity_p50")!.term, MISSING_TERM);
  const noScanTortuosity = statDistance({ mask: mask({ tortuosity: [NaN, NaN, NaN] }), image: null }, scan);
  assert.ok(noScanTortuosity.terms.every((x) => x.name !== "tortuosity_p50"));
});

test("statDistance(scan, samples, {kinds}) keeps the geometry or the image terms alone", () => {
  const scan: ScanStats = { mask: mask(), image: image() };
  const other: ScanStats = { mask: mask({ vesselFraction: 0.1 }), image: image({ noise: 0.1 }) };
  const g = statDistance(scan, other, { kinds: ["geometry"] }),
    i = statDistance(scan, other, { kinds: ["image"] });
  assert.deepEqual(
    i.terms.map((t) => t.name),
    ["contrast", "noise", "blur"],
  );
  assert.ok(g.terms.every((t) => !["contrast", "noise", "blur"].includes(t.name)));
  assert.ok(Math.abs(i.distance - Math.log((0.1 + 1e-3) / (0.05 + 1e-3)) / Math.sqrt(3)) < 1e-9);
});

test("fitTableText lines its columns up whatever a term's width (0.0835 or 1.04), the terms in a column of their own", () => {
  const scan: ScanStats = { mask: mask(), image: image() };
  // the default off by varied factors, so its terms take 4 to 6 characters; the fit nearer
  // terms of 0.0040 (9 characters as "(0.00399)") to 1.71
  const defaults: ScanStats = { mask: mask({ radiusVox: [1.004, 2.5, 11.7], vesselFraction: 0.2 }), image: image({ noise: 0.0641 }) };
  const fitted: ScanStats = { mask: mask({ radiusVox: [1, 2.2, 4.5] }), image: image({ contrast: 0.5 }) };
  const before = { ...statDistance(scan, defaults), stats: defaults },
    after = { ...statDistance(scan, fitted), stats: fitted };
  const lines = fitTableText({ before, after }).split("\n");
  assert.equal(lines.length, 1 + before.terms.length);
  // every row's fit value ends where the header's "fit" ends, and its term opens one space after
  const fitEnd = lines[0].indexOf("fit") + 3;
  for (const line of lines.slice(1)) {
    assert.match(line.slice(fitEnd - 9, fitEnd), /^ *[\d.–]+$/, line);
    assert.equal(line[fitEnd + 1], "(", line);
  }
  const widths = before.terms.map((t) => t.term.toPrecision(3).length);
  assert.ok(Math.min(...widths) <= 4 && Math.max(...widths) >= 7, `terms of several widths: ${widths}`);
});

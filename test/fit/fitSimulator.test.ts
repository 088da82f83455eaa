import { test } from "node:test";
import assert from "node:assert/strict";
import { LIKE_BOUNDS, LIKE_FORMAT, checkLike, likeImaging, sampleGeometry, sampleSpec, withDarkVessels, type LikeParams } from "../../src/dataset/index.js";
import { VALIDATION_SEED_OFFSET, fitSimulator, medianImageStats, presetsAlike, sampleImageStats, sampleSetStats, statDistance } from "../../src/fit/index.js";

// The scan: six samples drawn like a known brain TOF at coarse voxels (0.8 mm: vessels 1–2 voxels in radius, 2–3 % of
// the volume), read as fit reads a scan, image included. A small search (2 presets, 2 rounds of 6, samples of 24³) must come out seeded,
// within bounds, and nearer the scan than the simulator's default mix.
const TRUTH: LikeParams = {
  format: LIKE_FORMAT,
  version: 1,
  preset: "brain-tof",
  growth: { terminals: 1, lengthRatio: 1.5, curvature: 1, tortuosity: 1 },
  imaging: { contrast: 1, noise: 2, blur: 1.5 },
  voxelSize: 0.8,
  anisotropy: 1,
  depth: 1,
};
const scan = sampleSetStats(TRUTH, { indices: [100, 101, 102, 103, 104, 105], seed: 5, size: 24, labelConvention: "visible", image: true });
const options = { seed: 3, size: 24, samples: 2, finalSamples: 4, population: 6, rounds: 2, elites: 2, presets: ["kidney-cta", "brain-tof"] as const };
const progress: number[] = [];
const fit = fitSimulator(scan, { ...options, onProgress: (done, total) => progress.push(done / total) });

test("fitSimulator(scan, options) is seeded and bounded: the same scan and options give the same fit, with every factor in LIKE_BOUNDS", () => {
  const a = fit,
    b = fitSimulator(scan, options);
  assert.deepEqual(a.like, b.like);
  assert.equal(a.after.distance, b.after.distance);
  checkLike(a.like);
  assert.ok(options.presets.includes(a.like.preset as never));
  for (const [key, [lo, hi]] of Object.entries(LIKE_BOUNDS)) {
    const v = (a.like.growth as Record<string, number>)[key] ?? (a.like.imaging as Record<string, number>)[key];
    assert.ok(v >= lo && v <= hi, `${key} = ${v}`);
  }
  const [imaging] = a.search.modalities;
  assert.ok(
    imaging.evaluations > 7 && imaging.evaluations <= 30,
    `${imaging.evaluations} imaging factors measured: the centre and at least one sweep, at most 30 in all`,
  );
  assert.equal(a.search.candidates, 2 * 6 + imaging.evaluations);
  assert.equal(progress.at(-1), 1);
  assert.ok(
    progress.every((p, i) => i === 0 || p > progress[i - 1]),
    "progress rises",
  );
});

test("fitSimulator(scan) comes nearer the scan than the default mix, and its before and after are statDistance of the stats it returns", () => {
  assert.ok(fit.after.distance < fit.before.distance, `before ${fit.before.distance}, after ${fit.after.distance}`);
  assert.equal(fit.after.distance, statDistance(scan, fit.after.stats).distance);
  assert.equal(fit.geometry.before, statDistance(scan, fit.before.stats, { kinds: ["geometry"] }).distance);
  assert.equal(fit.after.terms.length, 11, "geometry and image terms: the scan had an image");
});

test("fitSimulator(scan) with the scan's image fits the imaging of each preset searched that grows the fitted tree, measures each whole and keeps the nearest; presets in any order or repeated give the same fit; a mask alone tries none", () => {
  const alike = { ...options, presets: ["brain-cemra", "brain-tof", "brain-cemra"] as const };
  const steps: number[] = [];
  const a = fitSimulator(scan, { ...alike, onProgress: (done, total) => steps.push(done / total) });
  assert.deepEqual(a.search.presets, ["brain-tof", "brain-cemra"], "the simulator's order, each once");
  const tried = a.search.modalities;
  assert.deepEqual(tried.map((t) => t.preset).sort(), ["brain-cemra", "brain-tof"]);
  for (const t of tried) assert.ok(Number.isFinite(t.distance) && t.imageDistance >= 0, JSON.stringify(t));
  const nearest = tried.reduce((m, t) => (t.distance! < m.distance! ? t : m));
  assert.equal(a.like.preset, nearest.preset, "the nearest whole distance kept");
  assert.equal(a.search.candidates, 2 * 6 + tried[0].evaluations + tried[1].evaluations, "the imaging searched twice");
  assert.equal(steps.at(-1), 1);
  assert.ok(
    steps.every((p, i) => i === 0 || p > steps[i - 1]),
    "progress rises",
  );
  assert.deepEqual(fitSimulator(scan, { ...options, presets: ["brain-tof", "brain-cemra"] }).like, a.like, "the same presets in another order");
  const maskOnly = fitSimulator({ mask: scan.mask }, alike);
  assert.deepEqual(maskOnly.search.modalities, []);
  assert.deepEqual(maskOnly.like.imaging, { contrast: 1, noise: 1, blur: 1 });
  // kidney-cta's tree is its own: one imaging search, no whole measure
  assert.deepEqual(
    fit.search.modalities.map((t) => [t.preset, t.distance]),
    [[fit.like.preset, null]],
  );
});

test("fitSimulator's progress rises to its total whichever tree is fitted, when a tree searched has several modalities and another has one", () => {
  const presets = ["kidney-cta", "brain-tof", "brain-cemra"] as const;
  const steps: number[] = [];
  const f = fitSimulator(scan, { ...options, presets, onProgress: (done, total) => steps.push(done / total) });
  assert.equal(f.search.modalities.length, presetsAlike(f.like.preset, presets).length);
  assert.equal(steps.at(-1), 1);
  assert.ok(
    steps.every((p, i) => i === 0 || p > steps[i - 1]),
    "progress rises",
  );
});

test("fitSimulator(scan, {modality}) fits the tree over the presets searched and images its samples as the modality asked for, with or without the image", () => {
  const steps: number[] = [];
  const imaged = fitSimulator(scan, { ...options, modality: "microscopy", onProgress: (done, total) => steps.push(done / total) });
  assert.equal(imaged.like.modality, "microscopy", "another tree's modality named beside the fitted preset");
  assert.ok((options.presets as readonly string[]).includes(imaged.like.preset), "the tree still one of those searched");
  assert.equal(imaged.search.modality, "microscopy");
  assert.deepEqual(
    imaged.search.modalities.map((t) => [t.preset, t.distance]),
    [["microscopy", null]],
    "the image fits microscopy's imaging only",
  );
  assert.equal(imaged.search.candidates, 2 * 6 + imaged.search.modalities[0].evaluations);
  assert.equal(steps.at(-1), 1);
  // the distance after is that of samples made from the like it returns, microscopy's imaging included
  const after = sampleSetStats(imaged.like, {
    indices: [1_000_000, 1_000_001, 1_000_002, 1_000_003],
    seed: 3,
    size: 24,
    labelConvention: "visible",
    image: true,
  });
  assert.equal(statDistance(scan, after).distance, imaged.after.distance);
  // a modality of the fitted tree takes the preset's place; a mask alone keeps the factors at 1
  const sameTree = fitSimulator({ mask: scan.mask }, { ...options, presets: ["brain-tof"], modality: "brain-cemra" });
  assert.equal(sameTree.like.preset, "brain-cemra");
  assert.ok(!("modality" in sameTree.like));
  assert.deepEqual(sameTree.like.imaging, { contrast: 1, noise: 1, blur: 1 });
  assert.equal(fit.search.modality, null, "none asked for");
  checkLike(JSON.parse(JSON.stringify(imaged.like)));
  // the geometry search's samples are imaged as the modality asked for (their visible labels follow its blur)
  const firstBest = (o: { modality?: "microscopy" }) => {
    let best = NaN;
    fitSimulator(scan, {
      ...options,
      rounds: 1,
      population: 2,
      elites: 1,
      finalSamples: 1,
      ...o,
      onProgress: (done, _total, b) => (done === 1 ? (best = b) : 0),
    });
    return best;
  };
  assert.notEqual(firstBest({ modality: "microscopy" }), firstBest({}));
  // the imaging is fitted on the returned tree imaged as microscopy: its distance is that of the like's own samples on
  // the validation seeds (12 of them: twice the search's images, max(samples + 1, 6))
  const geometries = Array.from({ length: 12 }, (_, i) => VALIDATION_SEED_OFFSET + i).map((i) =>
    sampleGeometry(sampleSpec(i, { seed: 3, size: 24, labelConvention: "visible", like: { ...imaged.like, imaging: { contrast: 1, noise: 1, blur: 1 } } })),
  );
  const image = medianImageStats(geometries.map((g) => sampleImageStats(g, likeImaging(g.imaging, imaged.like))));
  assert.equal(statDistance(scan, { mask: scan.mask, image }, { kinds: ["image"] }).distance, imaged.search.modalities[0].imageDistance);
});

test("fitSimulator(scan, {dark}) on a dark-vessel scan read mirrored draws its samples dark and reads them mirrored: its imaging search finds what it draws", () => {
  // the scan: the same six samples drawn with dark vessels and read mirrored, as fit --dark reads a black-blood scan
  const darkScan = sampleSetStats(withDarkVessels(TRUTH), {
    indices: [100, 101, 102, 103, 104, 105],
    seed: 5,
    size: 24,
    labelConvention: "visible",
    image: true,
    dark: true,
  });
  assert.ok(
    darkScan.image && Number.isFinite(darkScan.image.contrast) && darkScan.image.contrast > 0,
    "mirrored, its vessels read brighter than their background",
  );
  const d = fitSimulator(darkScan, { ...options, presets: ["brain-tof"], dark: true });
  assert.equal(d.like.dark, true);
  // each imaging tried has a distance (read unmirrored, a dark sample's contrast counts as 0 and its noise and blur as missing: still finite)
  assert.equal(d.search.modalities.length, 1);
  for (const t of d.search.modalities) assert.ok(Number.isFinite(t.imageDistance), JSON.stringify(t));
  // the fitted imaging, its samples drawn dark and read mirrored, is nearer the scan's image than the default imaging
  const image = (like: LikeParams) =>
    sampleSetStats(like, {
      indices: Array.from({ length: 12 }, (_, i) => VALIDATION_SEED_OFFSET + i),
      seed: 3,
      size: 24,
      labelConvention: "visible",
      image: true,
      dark: true,
    }).image!;
  const imageDistance = (like: LikeParams) => statDistance(darkScan, { mask: darkScan.mask, image: image(like) }, { kinds: ["image"] }).distance;
  const fitted = imageDistance(d.like),
    unfitted = imageDistance({ ...d.like, imaging: { contrast: 1, noise: 1, blur: 1 } });
  assert.ok(fitted < unfitted, `image distance ${fitted} fitted, ${unfitted} at the default imaging`);
  // the search's own image distance is this one: its validation samples (the fit's seed) drawn dark and read mirrored
  assert.ok(Math.abs(d.search.modalities[0].imageDistance - fitted) < 1e-9, `search ${d.search.modalities[0].imageDistance}, read mirrored ${fitted}`);
});

test("fitSimulator(scan, options) refuses bad options and an empty mask, naming the option and the fix", () => {
  assert.throws(() => fitSimulator(scan, { ...options, elites: 6 }), /elites = 6 of population = 6/);
  assert.throws(() => fitSimulator(scan, { ...options, presets: ["nope" as never] }), /presets = \["nope"\]/);
  assert.throws(() => fitSimulator(scan, { ...options, samples: 0 }), /samples = 0; give an integer ≥ 1/);
  assert.throws(() => fitSimulator(scan, { ...options, modality: "ultrasound" as never }), /modality = "ultrasound"; give a sample preset's name/);
  const empty = { ...scan, mask: { ...scan.mask, radiusVox: [NaN, NaN, NaN] as [number, number, number] } };
  assert.throws(() => fitSimulator(empty, options), /no centreline/);
  const controller = new AbortController();
  controller.abort();
  assert.throws(() => fitSimulator(scan, { ...options, signal: controller.signal }), /abort/i);
});

test("fitSimulator's imaging search recovers a scan's imaging: samples made with the fitted factors read nearly as near the scan's image as samples made with the true ones", () => {
  // the scan: brain TOF at 0.5 mm with a strong contrast, little noise and sharp edges, far from the factors 1
  const truth: LikeParams = { ...TRUTH, imaging: { contrast: 3, noise: 0.4, blur: 0.6 }, voxelSize: 0.5 };
  const sharp = sampleSetStats(truth, { indices: [100, 101, 102, 103, 104, 105], seed: 5, size: 24, labelConvention: "visible", image: true });
  const f = fitSimulator(sharp, { ...options, presets: ["brain-tof"] });
  // read on 16 fresh samples of the fitted tree, imaged with the fitted factors, the true ones and the factors 1
  const imageDistance = (imaging: LikeParams["imaging"]) => {
    const stats = sampleSetStats(
      { ...f.like, imaging },
      { indices: Array.from({ length: 16 }, (_, i) => 2_000_000 + i), seed: 3, size: 24, labelConvention: "visible", image: true },
    );
    return statDistance(sharp, stats, { kinds: ["image"] }).distance;
  };
  const fitted = imageDistance(f.like.imaging),
    true_ = imageDistance(truth.imaging),
    unfitted = imageDistance({ contrast: 1, noise: 1, blur: 1 });
  // the scan is six samples and the tree a fitted one: the true factors read 0.12 from it; the search before stop 59 gave 1.30
  assert.ok(fitted < true_ + 0.15, `image distance ${fitted} with the fitted factors ${JSON.stringify(f.like.imaging)}, ${true_} with the true ones`);
  assert.ok(fitted < unfitted / 3, `image distance ${fitted} fitted, ${unfitted} with the factors 1`);
});

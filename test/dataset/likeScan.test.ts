import { test } from "node:test";
import assert from "node:assert/strict";
import {
  LIKE_FORMAT,
  VOXEL_JITTER,
  checkLike,
  incompatibility,
  likeDims,
  likeGrowth,
  likeImaging,
  likeModality,
  makeSample,
  manifestHeader,
  sampleSpec,
  withDarkVessels,
  withModality,
  type DatasetSettings,
  type LikeParams,
} from "../../src/dataset/index.js";
import { resolveParams } from "../../src/geometry/index.js";
import { sampleImagingParams } from "../../src/imaging/index.js";
import { createRng } from "../../src/random/index.js";

const LIKE: LikeParams = {
  format: LIKE_FORMAT,
  version: 1,
  preset: "kidney-cta",
  growth: { terminals: 2, lengthRatio: 0.5, curvature: 1.5, tortuosity: 3 },
  imaging: { contrast: 0.5, noise: 2, blur: 1.5 },
  voxelSize: 0.3,
  anisotropy: 2.5,
  depth: 0.5,
};

test("checkLike(like) names the first bad field and where to get a good one", () => {
  assert.equal(checkLike(LIKE), LIKE);
  assert.throws(() => checkLike({ ...LIKE, format: "x" }), /like\.format .*vessel-lab fit/);
  assert.throws(() => checkLike({ ...LIKE, preset: "lung" }), /preset = "lung"; valid presets/);
  assert.throws(() => checkLike({ ...LIKE, growth: { ...LIKE.growth, terminals: 100 } }), /like\.growth\.terminals .*factor in \[0\.25, 8\]/);
  assert.throws(() => checkLike({ ...LIKE, voxelSize: -1 }), /like\.voxelSize/);
  assert.throws(() => checkLike({ ...LIKE, depth: 2 }), /like\.depth/);
  assert.throws(() => checkLike(null), /not an object/);
  // a modality: version 2, another tree's preset (an older reader of version 1 alone refuses the record, not drops the field)
  assert.equal(checkLike({ ...LIKE, version: 2, modality: "microscopy" }).modality, "microscopy");
  assert.throws(
    () => checkLike({ ...LIKE, modality: "microscopy" }),
    /like\.modality = "microscopy"; a version 1 record names no modality; a record that does is version 2/,
  );
  assert.throws(() => checkLike({ ...LIKE, version: 2 }), /like\.modality = undefined; give the sample preset whose imaging .* in a version 2 record/);
  assert.throws(() => checkLike({ ...LIKE, version: 2, modality: "ultrasound" }), /like\.modality = "ultrasound"; give the sample preset/);
  assert.throws(
    () => checkLike({ ...LIKE, preset: "liver-cta", version: 2, modality: "liver-cemra" }),
    /liver-cemra grows liver-cta's tree: set preset to liver-cemra and leave modality out/,
  );
  assert.throws(
    () => checkLike({ ...LIKE, version: 4 }),
    /give a vessel-lab\/like version 1, 2, 3 record \(a newer vessel-lab may write what this one cannot read\)/,
  );
  // dark vessels: version 3, with or without a modality (an older reader of versions 1 and 2 refuses it, not drops the field)
  assert.equal(checkLike({ ...LIKE, version: 3, dark: true }).dark, true);
  assert.equal(checkLike({ ...LIKE, version: 3, dark: true, modality: "microscopy" }).modality, "microscopy");
  assert.throws(() => checkLike({ ...LIKE, version: 3 }), /like\.dark = undefined; a version 3 record has dark vessels: give true/);
  assert.throws(() => checkLike({ ...LIKE, version: 3, dark: "yes" }), /like\.dark = "yes"; a version 3 record has dark vessels: give true/);
  assert.throws(() => checkLike({ ...LIKE, dark: true }), /like\.dark = true; a version 1 record has no dark vessels; a record that does is version 3/);
  assert.throws(() => checkLike({ ...LIKE, version: 3, dark: true, modality: "ultrasound" }), /like\.modality = "ultrasound"; .* in a version 3 record/);
  assert.throws(
    () => checkLike({ ...LIKE, version: 2, modality: "microscopy", dark: true }),
    /a version 2 record has no dark vessels; a record that does is version 3/,
  );
  assert.throws(
    () => checkLike({ ...LIKE, preset: "liver-cta", version: 3, dark: true, modality: "liver-cemra" }),
    /liver-cemra grows liver-cta's tree: set preset to liver-cemra and leave modality out/,
  );
});

test("withDarkVessels(like) marks every sample's vessels dark (version 3), which withModality keeps; sampleSpec then draws them dark unless darkVessels is given", () => {
  const dark = withDarkVessels(LIKE);
  assert.deepEqual(dark, { ...LIKE, version: 3, dark: true });
  assert.equal(checkLike(dark), dark);
  const brain = withDarkVessels({ ...LIKE, preset: "brain-cemra" });
  assert.deepEqual(withModality(brain, "microscopy"), { ...brain, version: 3, modality: "microscopy" });
  assert.deepEqual(withModality(brain, "brain-tof"), { ...brain, preset: "brain-tof" });
  for (let i = 0; i < 6; i++) {
    const plain = sampleSpec(i, { seed: 4, size: 32, like: LIKE }),
      drawnDark = sampleSpec(i, { seed: 4, size: 32, like: dark });
    assert.equal(drawnDark.imaging.params.vessels.invert, true, `sample ${i}`);
    // nothing else drawn changes: the same as darkVessels 1 on the plain record
    assert.deepEqual(drawnDark, sampleSpec(i, { seed: 4, size: 32, like: LIKE, darkVessels: 1 }));
    assert.deepEqual(drawnDark.tree, plain.tree);
    // the chance given wins over the record
    assert.equal(sampleSpec(i, { seed: 4, size: 32, like: dark, darkVessels: 0 }).imaging.params.vessels.invert, false);
  }
});

test("withModality(like, preset): a preset of the same tree takes the preset's place; another is named as the modality beside the tree's", () => {
  const brain: LikeParams = { ...LIKE, preset: "brain-cemra" };
  assert.deepEqual(withModality(brain, "brain-tof"), { ...brain, preset: "brain-tof" });
  const imaged = withModality(brain, "microscopy");
  assert.deepEqual(imaged, { ...brain, version: 2, modality: "microscopy" });
  assert.equal(checkLike(imaged), imaged);
  assert.equal(likeModality(imaged), "microscopy");
  assert.equal(likeModality(brain), "brain-cemra");
  // back to a preset of its own tree: the modality field goes
  assert.deepEqual(withModality(imaged, "brain-cta"), { ...brain, version: 1, preset: "brain-cta" });
  assert.ok(!("modality" in withModality(imaged, "brain-cta")));
});

test("sampleSpec(i, {like}) with a modality grows the like's tree and draws the other preset's imaging, from the same forks", () => {
  const brain: LikeParams = { ...LIKE, preset: "brain-cemra" };
  const plain = sampleSpec(5, { seed: 4, size: 32, like: brain }),
    imaged = sampleSpec(5, { seed: 4, size: 32, like: withModality(brain, "microscopy") });
  assert.equal(imaged.preset, "brain-cemra");
  assert.deepEqual(imaged.tree, plain.tree, "the same tree, grown the same way");
  assert.deepEqual(imaged.voxel, plain.voxel, "on the same voxels");
  assert.equal(plain.modality, "ce-mra");
  assert.equal(imaged.modality, "microscopy");
  // the imaging: microscopy's own draw from the sample's imaging fork, with the fit's factors applied
  const seed = imaged.seed;
  const drawn = sampleImagingParams("microscopy", createRng(seed).fork("imaging"));
  assert.deepEqual(imaged.imaging.params, likeImaging(drawn, brain));
  // the record makes it again
  const sample = makeSample(imaged);
  assert.equal(sample.record.modality, "microscopy");
  assert.deepEqual(makeSample(sample.record).image.data, sample.image.data);
});

test("likeGrowth(preset, params, like) multiplies the fitted parameters, rounds integers and clamps to their ranges; likeImaging scales contrast about the background, noise and blur", () => {
  const base = resolveParams("kidney");
  const g = likeGrowth("kidney", base, LIKE);
  assert.equal(g.terminals, Math.round(base.terminals * 2));
  assert.ok(Math.abs(g.lengthRatio - Math.max(1, base.lengthRatio * 0.5)) < 1e-12);
  assert.ok(Math.abs(g.tortuosity - Math.min(1, base.tortuosity * 3)) < 1e-12);
  assert.equal(g.murrayExponent, base.murrayExponent, "the rest untouched");
  const p = sampleImagingParams("cta", createRng(1));
  const q = likeImaging(p, LIKE);
  const b = p.background.level;
  assert.ok(Math.abs(q.vessels.level - b - 0.5 * (p.vessels.level - b)) < 1e-9);
  assert.equal(q.noise.gaussian, p.noise.gaussian * 2);
  assert.equal(q.noise.poisson, p.noise.poisson / 4);
  assert.deepEqual(
    q.blur.sigma,
    p.blur.sigma.map((s) => s * 1.5),
  );
});

test("sampleSpec(i, {like}) draws the fitted preset on the fitted voxels (size × size × size·depth, slices × anisotropy), the same bytes every time", () => {
  const spec = sampleSpec(3, { seed: 4, size: 32, like: LIKE });
  assert.equal(spec.preset, "kidney-cta");
  assert.equal(spec.voxel.kind, "like");
  const v = spec.voxel as Extract<typeof spec.voxel, { kind: "like" }>;
  assert.ok(v.voxelSize >= 0.3 * Math.exp(-VOXEL_JITTER) && v.voxelSize <= 0.3 * Math.exp(VOXEL_JITTER));
  assert.deepEqual(sampleSpec(3, { seed: 4, size: 32, like: LIKE }), spec);
  const a = makeSample(spec),
    b = makeSample(spec);
  assert.deepEqual(a.record.grid.dims, likeDims(32, 0.5));
  assert.deepEqual(a.record.grid.dims, [32, 32, 16]);
  assert.ok(Math.abs(a.record.grid.spacing[2] / a.record.grid.spacing[0] - 2.5) < 1e-12);
  assert.deepEqual(a.image.data, b.image.data);
  // a record makes the same sample again, as every manifest record does
  assert.deepEqual(makeSample(a.record).image.data, a.image.data);
});

test("incompatibility(header, generator, settings) tells a data set made like a scan from one made without, and from another fit", () => {
  const settings: DatasetSettings = {
    seed: 1,
    preset: "kidney-cta",
    size: 32,
    fit: false,
    fraction: false,
    centerline: false,
    imageDtype: "int16",
    labelConvention: "visible",
    voxels: "wide",
    like: LIKE,
  };
  const header = manifestHeader("g", settings, 4, { index: 0, count: 1 });
  assert.equal(incompatibility(header, "g", settings), null);
  assert.equal(incompatibility(header, "g", { ...settings, like: structuredClone(LIKE) }), null, "compared by value");
  const { like: _, ...plain } = settings;
  assert.match(incompatibility(header, "g", { ...plain, preset: "mix" }) ?? "", /like a fit of kidney-cta \(now none\)/);
  assert.match(incompatibility(header, "g", { ...settings, like: { ...LIKE, voxelSize: 0.4 } }) ?? "", /like/);
  assert.match(incompatibility(manifestHeader("g", { ...plain }, 4, { index: 0, count: 1 }), "g", settings) ?? "", /like none \(now a fit of kidney-cta\)/);
  assert.match(
    incompatibility(header, "g", { ...settings, like: withModality(LIKE, "microscopy") }) ?? "",
    /like a fit of kidney-cta \(now a fit of kidney-cta imaged as microscopy\)/,
  );
  assert.match(
    incompatibility(header, "g", { ...settings, like: withDarkVessels(LIKE) }) ?? "",
    /like a fit of kidney-cta \(now a fit of kidney-cta with dark vessels\)/,
  );
});

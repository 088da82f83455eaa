import { test } from "node:test";
import assert from "node:assert/strict";
import { PARAM_SPECS, PRESETS, resolveParams } from "../../src/geometry/index.js";
import { validateImagingParams } from "../../src/imaging/index.js";
import { createRng } from "../../src/random/index.js";
import { GROWTH_RANDOMISATION, SAMPLE_PRESETS, SAMPLE_PRESET_NAMES, randomiseGrowth, sampleSeed, sampleSpec } from "../../src/dataset/index.js";

test("sampleSpec(index, options) depends on the index and options alone, and is plain JSON", () => {
  const a = sampleSpec(17, { seed: 5, preset: "mix", size: 32 });
  const b = sampleSpec(17, { seed: 5, preset: "mix", size: 32 });
  assert.deepEqual(a, b);
  assert.deepEqual(JSON.parse(JSON.stringify(a)), a);
  assert.equal(a.index, 17);
  assert.equal(a.datasetSeed, 5);
  assert.equal(a.seed, sampleSeed(5, 17));
  assert.equal(a.tree.seed, a.seed);
  assert.equal(a.imaging.seed, a.seed);
  validateImagingParams(a.imaging.params);
  assert.notDeepEqual(sampleSpec(18, { seed: 5, size: 32 }), a);
  assert.notEqual(sampleSpec(17, { seed: 6, size: 32 }).seed, a.seed);
});

test("sampleSpec(index, {preset: 'mix'}) draws every preset from the index's own stream, the same whatever other indices are drawn", () => {
  const presets = Array.from({ length: 80 }, (_, i) => sampleSpec(i, { seed: 3 }).preset);
  assert.deepEqual(new Set(presets), new Set(SAMPLE_PRESET_NAMES));
  // Drawn alone or in a different order, an index gets the same preset.
  for (const i of [79, 3, 40]) assert.equal(sampleSpec(i, { seed: 3 }).preset, presets[i]);
});

test("sampleSpec(index, {preset, voxels: 'scanner'}) uses the preset's tree, modality and voxel size range; {fit: true} fits the whole tree", () => {
  for (const name of SAMPLE_PRESET_NAMES) {
    const s = sampleSpec(2, { preset: name, size: 24, voxels: "scanner" });
    const p = SAMPLE_PRESETS[name];
    assert.equal(s.preset, name);
    assert.equal(s.tree.preset, p.tree);
    assert.equal(s.modality, p.modality);
    assert.equal(s.imaging.params.modality, p.modality);
    assert.equal(s.voxel.kind, "patch");
    if (s.voxel.kind === "patch") {
      assert.ok(s.voxel.voxelSize >= p.voxel.voxelSize[0] && s.voxel.voxelSize < p.voxel.voxelSize[1]);
      assert.ok(s.voxel.node >= 0 && s.voxel.node < 1);
    }
  }
  assert.deepEqual(sampleSpec(2, { preset: "brain-tof", fit: true }).voxel, { kind: "fit" });
});

test("sampleSpec rejects a negative or fractional index, a bad seed, an unknown preset and a size out of range, naming each", () => {
  assert.throws(() => sampleSpec(-1), /index = -1/);
  assert.throws(() => sampleSpec(1.5), /index = 1.5/);
  assert.throws(() => sampleSpec(0, { seed: -2 }), /seed = -2/);
  assert.throws(() => sampleSpec(0, { seed: NaN }), /seed = NaN/);
  assert.throws(() => sampleSpec(0, { preset: "nope" as "mix" }), /preset = "nope"; valid presets: brain-tof/);
  assert.throws(() => sampleSpec(0, { size: 4 }), /size = 4/);
  assert.throws(() => sampleSpec(0, { size: 2000 }), /size = 2000/);
});

test("randomiseGrowth(preset, rng) moves only the listed parameters, within their ranges, and gives valid parameters", () => {
  for (const tree of ["brain", "microvascular", "coronary"]) {
    const base = PRESETS[tree].params;
    for (let k = 0; k < 20; k++) {
      const p = randomiseGrowth(tree, createRng(k));
      assert.deepEqual(resolveParams(tree, p), p);
      for (const spec of PARAM_SPECS) {
        const range = GROWTH_RANDOMISATION[spec.key];
        const x = p[spec.key],
          b = base[spec.key];
        if (!range) {
          assert.equal(x, b, `${tree}.${spec.key} stays the preset's`);
          continue;
        }
        const [lo, hi] = range.scale
          ? [(b as number) * range.scale[0], (b as number) * range.scale[1]]
          : [(b as number) + range.shift![0], (b as number) + range.shift![1]];
        const slack = spec.type === "integer" ? 0.5 : 1e-12;
        assert.ok(
          (x as number) >= Math.max(spec.min!, lo) - slack && (x as number) <= Math.min(spec.max!, hi) + slack,
          `${tree}.${spec.key} = ${x} in [${lo}, ${hi}]`,
        );
      }
    }
  }
  // A preset without a pathology never gets one.
  assert.equal(randomiseGrowth("kidney", createRng(1)).aneurysmProbability, 0);
});

test("sampleSpec(index) draws 'wide' voxels by default: a centre radius of 0.7–24 voxels, half of them 6 or more, thick slices and thin stacks by the preset's policy", () => {
  const radii: number[] = [];
  let aniso = 0,
    thin = 0,
    n = 0;
  for (const name of SAMPLE_PRESET_NAMES)
    for (let i = 0; i < 40; i++) {
      const s = sampleSpec(i, { preset: name, size: 32 });
      assert.equal(s.voxel.kind, "wide");
      if (s.voxel.kind !== "wide") continue;
      n++;
      radii.push(s.voxel.targetRadius);
      assert.ok(s.voxel.targetRadius >= 0.7 && s.voxel.targetRadius <= 24);
      const policy = SAMPLE_PRESETS[name].wide;
      if (s.voxel.anisotropy > 1) {
        aniso++;
        assert.ok(s.voxel.anisotropy >= 1.25 && s.voxel.anisotropy <= policy.anisotropy.max, `${name}: ratio ${s.voxel.anisotropy}`);
      }
      if (s.voxel.thin) {
        thin++;
        assert.ok(policy.thin > 0, `${name} has no thin stacks`);
      }
    }
  radii.sort((a, b) => a - b);
  // half log-uniform on [0.7, 6], half on [6, 24]: the median near 6
  const large = radii.filter((r) => r >= 6).length;
  assert.ok(large > 0.38 * n && large < 0.62 * n, `${large} of ${n} centred on a vessel of 6 voxels or more`);
  assert.ok(aniso > 0.25 * n && aniso < 0.6 * n, `${aniso} of ${n} anisotropic`);
  assert.ok(thin > 0 && thin < 0.1 * n, `${thin} of ${n} thin`);
  assert.throws(() => sampleSpec(0, { voxels: "odd" as "wide" }), /voxels = "odd"; give "wide"/);
});

test("sampleSpec(index, {darkVessels: p}) makes a sample's vessels dark with chance p and changes nothing else it draws", () => {
  const n = 400;
  const own = Array.from({ length: n }, (_, i) => sampleSpec(i, { seed: 9, size: 32 }));
  // the modalities' own chance is 3–5 %: a few of 400, far from all
  const ownDark = own.filter((s) => s.imaging.params.vessels.invert).length;
  assert.ok(ownDark > 0 && ownDark < 0.1 * n, `${ownDark} of ${n} dark by the modalities' own chance`);
  for (const p of [0, 0.5, 1]) {
    const made = Array.from({ length: n }, (_, i) => sampleSpec(i, { seed: 9, size: 32, darkVessels: p }));
    const dark = made.filter((s) => s.imaging.params.vessels.invert).length;
    if (p === 0) assert.equal(dark, 0);
    else if (p === 1) assert.equal(dark, n);
    // binomial(400, 0.5): sd 10, so ±50 is five of them
    else assert.ok(Math.abs(dark - n * p) < 50, `${dark} of ${n} dark at chance ${p}`);
    made.forEach((s, i) => {
      validateImagingParams(s.imaging.params);
      const invert = s.imaging.params.vessels.invert;
      const same = { ...own[i], imaging: { ...own[i].imaging, params: { ...own[i].imaging.params, vessels: { ...own[i].imaging.params.vessels, invert } } } };
      assert.deepEqual(s, same, `sample ${i} at chance ${p} differs from its default in more than vessels.invert`);
    });
  }
  // absent and null are the modalities' own chance: the samples made before the option existed
  assert.deepEqual(sampleSpec(3, { seed: 9, size: 32, darkVessels: null }), own[3]);
  for (const bad of [-0.1, 1.5, Number.NaN, "1" as unknown as number])
    assert.throws(() => sampleSpec(0, { darkVessels: bad }), /darkVessels = .*; give the chance of dark vessels, a number from 0 to 1/);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { TUNABLES, darkVesselsIn, tunedOverrides, tunedValues, tunableStep, synthesiseFromTree, withDarkVesselsOverride } from "../../src/lab/index.js";
import { MODALITIES, sampleImagingParams, mergeDeep, type ImagingParams } from "../../src/imaging/index.js";
import { createRng } from "../../src/random/index.js";

test("TUNABLES: every drawn value lies in its slider's range, for every modality", () => {
  for (const m of MODALITIES)
    for (let seed = 0; seed < 20; seed++) {
      const p = sampleImagingParams(m, createRng(seed));
      for (const t of TUNABLES) {
        const [lo, hi] = t.range(m);
        const v = t.get(p);
        assert.ok(v >= lo && v <= hi, `${m} seed ${seed}: ${t.key} = ${v} outside [${lo}, ${hi}]`);
      }
    }
});

test("tunedOverrides(drawn, values) changes only what was tuned, and the blur sliders keep each other's axis", () => {
  const drawn = sampleImagingParams("brain-tof", createRng(4));
  assert.deepEqual(tunedOverrides(drawn, Object.fromEntries(TUNABLES.map((t) => [t.key, t.get(drawn)]))), {});
  const o = tunedOverrides(drawn, { blurXY: 1.25, blurZ: 2.5, gamma: 0.8 });
  const merged = mergeDeep(drawn, o) as ImagingParams;
  assert.deepEqual(merged.blur.sigma, [1.25, 1.25, 2.5]);
  assert.equal(merged.intensity.gamma, 0.8);
  assert.deepEqual(merged.noise, drawn.noise);
});

test("tunedValues(drawn, overrides) gives the sliders' values that tunedOverrides turns back into the same overrides; unknown parameters are ignored", () => {
  const drawn = sampleImagingParams("cta", createRng(2));
  const o = tunedOverrides(drawn, { gaussianNoise: 7.5, blurZ: 2.25, spikes: 30 });
  const values = tunedValues(drawn, o);
  assert.equal(values.gaussianNoise, 7.5);
  assert.equal(values.blurXY, drawn.blur.sigma[0]);
  assert.deepEqual(tunedOverrides(drawn, values), o);
  assert.deepEqual(tunedValues(drawn, {}), Object.fromEntries(TUNABLES.map((t) => [t.key, t.get(drawn)])));
  assert.deepEqual(tunedValues(drawn, { nonsense: { x: 1 } } as never), tunedValues(drawn, {}));
});

test("tunedOverrides(drawn, values, modality) takes a slider within half a step of the drawn value as untouched, and one step away as tuned", () => {
  const drawn = sampleImagingParams("brain-tof", createRng(3));
  const snapped = Object.fromEntries(
    TUNABLES.map((t) => {
      const [lo] = t.range("brain-tof");
      const step = tunableStep(t, "brain-tof");
      return [t.key, Math.min(t.range("brain-tof")[1], lo + step * Math.round((t.get(drawn) - lo) / step))];
    }),
  );
  assert.deepEqual(tunedOverrides(drawn, snapped, "brain-tof"), {}, "the sliders as a page shows the draw");
  const gamma = TUNABLES.find((t) => t.key === "gamma")!;
  const moved = { ...snapped, gamma: snapped.gamma + tunableStep(gamma, "brain-tof") };
  assert.deepEqual(Object.keys(tunedOverrides(drawn, moved, "brain-tof")), ["intensity"]);
  assert.ok(Object.keys(tunedOverrides(drawn, snapped)).length > 0, "without a modality every difference counts");
});

test("synthesiseFromTree(request) with every effect off but the vessels gives a clean image where vessels are brighter than background", () => {
  const r = synthesiseFromTree({
    tree: { preset: "brain", seed: 3, overrides: { terminals: 20 } },
    size: 32,
    field: "fit",
    modality: "brain-tof",
    seed: 1,
    off: [
      "texture",
      "blobs",
      "cells",
      "body",
      "distractors",
      "bias",
      "attenuation",
      "dropouts",
      "motion",
      "blur",
      "resolution",
      "noise",
      "inversion",
      "flowFade",
    ],
    overrides: {},
  });
  let inside = 0,
    nIn = 0,
    outside = 0,
    nOut = 0;
  r.maps.binary.data.forEach((b, i) => {
    if (b) {
      inside += r.image.data[i];
      nIn++;
    } else if (r.maps.fraction.data[i] === 0) {
      outside += r.image.data[i];
      nOut++;
    }
  });
  assert.ok(nIn > 0);
  assert.ok(inside / nIn > outside / nOut + 1e-6, `vessel mean ${inside / nIn} vs background ${outside / nOut}`);
  assert.deepEqual(r.image.dims, [32, 32, 32]);
});

test("TUNABLES: a rare effect's slider switches it on over the seed's drawn geometry (k-space spikes, Gibbs, histogram shift)", () => {
  const drawn = sampleImagingParams("brain-tof", createRng(0));
  assert.equal(drawn.spikes.amplitude, 0, "off in this draw");
  const merged = mergeDeep(drawn, tunedOverrides(drawn, { spikes: 0.05, gibbs: 0.5, histogram: 1 })) as ImagingParams;
  assert.equal(merged.spikes.amplitude, 0.05);
  assert.deepEqual(merged.spikes.points, drawn.spikes.points);
  assert.deepEqual(merged.gibbs, { ...drawn.gibbs, cutoff: 0.5 });
  assert.deepEqual(merged.histogram, { ...drawn.histogram, strength: 1 });
  for (const key of ["perlin", "voronoi", "addedVessels", "gibbs", "spikes", "histogram"])
    assert.ok(
      TUNABLES.some((t) => t.key === key),
      key,
    );
});

test("withDarkVesselsOverride(overrides, dark) sets vessels.invert beside the tuned overrides, or takes it out; darkVesselsIn reads it", () => {
  const tuned = { vessels: { level: 0.9 }, noise: { gaussian: 0.02 } };
  const dark = withDarkVesselsOverride(tuned, true);
  assert.deepEqual(dark, { vessels: { level: 0.9, invert: true }, noise: { gaussian: 0.02 } });
  assert.deepEqual(tuned, { vessels: { level: 0.9 }, noise: { gaussian: 0.02 } }, "the input is not changed");
  assert.equal(darkVesselsIn(dark), true);
  assert.equal(darkVesselsIn(tuned), false);
  assert.deepEqual(withDarkVesselsOverride(dark, false), tuned);
  assert.deepEqual(withDarkVesselsOverride({}, true), { vessels: { invert: true } });
  assert.deepEqual(withDarkVesselsOverride({ vessels: { invert: true } }, false), {}, "no empty vessels object left");
  // applied over a drawn bright imaging, the vessels are dark and the tuned level kept
  const drawn = sampleImagingParams("cta", createRng(1));
  const params = mergeDeep(drawn, dark) as ImagingParams;
  assert.equal(params.vessels.invert, true);
  assert.equal(params.vessels.level, 0.9);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import {
  DEFAULT_FIT_SETTINGS,
  defaultFitLabel,
  fitLabelOf,
  fitMaskOf,
  readFitModality,
  readFitPresets,
  readFitSettings,
  withFitDefaults,
  writeFitModality,
  writeFitPresets,
  writeFitChoice,
  writeFitSettings,
} from "../../src/lab/index.js";

test("readFitSettings(search) reads the budget, seed and imaging switch; a value out of range or not whole falls back to vessel-lab fit's default", () => {
  assert.deepEqual(DEFAULT_FIT_SETTINGS, { rounds: 6, population: 8, samples: 5, finalSamples: 48, seed: 1, image: true });
  assert.deepEqual(readFitSettings(""), DEFAULT_FIT_SETTINGS);
  assert.deepEqual(readFitSettings("?rounds=2&pop=4&samples=1&final=3&fseed=0&fimage=0"), {
    rounds: 2,
    population: 4,
    samples: 1,
    finalSamples: 3,
    seed: 0,
    image: false,
  });
  assert.deepEqual(readFitSettings("rounds=0&pop=3&samples=1.5&final=x&fseed=-1&fimage=1"), DEFAULT_FIT_SETTINGS);
  assert.deepEqual(readFitSettings(new URLSearchParams("rounds=21&pop=33&samples=13&final=65")), DEFAULT_FIT_SETTINGS);
});

test("writeFitSettings(settings, params) writes only what differs from the defaults, keeps other pages' parameters, and round-trips", () => {
  const p = writeFitSettings({ ...DEFAULT_FIT_SETTINGS, rounds: 2, image: false }, new URLSearchParams("source=real+scan&rounds=9&final=3"));
  assert.equal(p.toString(), "source=real+scan&rounds=2&fimage=0");
  assert.deepEqual(readFitSettings(p), { ...DEFAULT_FIT_SETTINGS, rounds: 2, image: false });
  const all = { rounds: 3, population: 5, samples: 2, finalSamples: 4, seed: 9, image: true };
  assert.deepEqual(readFitSettings(writeFitSettings(all, new URLSearchParams())), all);
});

test("fitMaskOf(search, hasLabel) is the label when there is one, unless the URL asks for the vesselness mask", () => {
  assert.equal(fitMaskOf("", true), "label");
  assert.equal(fitMaskOf("mask=vesselness", true), "vesselness");
  assert.equal(fitMaskOf("mask=label", false), "vesselness");
  assert.equal(fitMaskOf("mask=otsu", true), "label");
});

test("defaultFitLabel(source, mask) is the convention of a synthetic volume's own label, else visible; fitLabelOf reads flabel over it", () => {
  assert.equal(defaultFitLabel("synthetic sample", "label"), "lumen");
  assert.equal(defaultFitLabel("synthetic sample", "vesselness"), "visible");
  assert.equal(defaultFitLabel("demo volume", "label"), "lumen", "the demo volume is a sample made by the lab");
  assert.equal(defaultFitLabel("synthesised image", "label", { search: "label=visible" }), "visible");
  assert.equal(defaultFitLabel("synthesised image", "label", { search: "" }), "lumen");
  assert.equal(defaultFitLabel("kept sample", "label", { keptId: "mix-s1-64-visible-0003" }), "visible");
  assert.equal(defaultFitLabel("kept sample", "label", { keptId: "mix-s1-64-0003" }), "lumen");
  assert.equal(defaultFitLabel("your file", "label"), "visible");
  assert.equal(defaultFitLabel("real scan", "vesselness"), "visible");
  assert.equal(fitLabelOf("flabel=lumen", "visible"), "lumen");
  assert.equal(fitLabelOf("flabel=wide", "visible"), "visible");
});

test("writeFitChoice(choice, volume, params) writes the mask only when a label is set aside and the convention only when not the volume's default", () => {
  const p = new URLSearchParams("mask=vesselness&flabel=lumen&source=synthetic+sample");
  writeFitChoice({ mask: "label", label: "lumen" }, { hasLabel: true, defaultLabel: "lumen" }, p);
  assert.equal(p.toString(), "source=synthetic+sample");
  writeFitChoice({ mask: "vesselness", label: "lumen" }, { hasLabel: true, defaultLabel: "visible" }, p);
  assert.equal(p.toString(), "source=synthetic+sample&mask=vesselness&flabel=lumen");
  assert.equal(fitMaskOf(p, true), "vesselness");
  writeFitChoice({ mask: "vesselness", label: "visible" }, { hasLabel: false, defaultLabel: "visible" }, p);
  assert.equal(p.toString(), "source=synthetic+sample");
});

test("withFitDefaults(search) starts a first visit on a sample with branches, and leaves a URL that names its source or sample as it is", () => {
  assert.equal(withFitDefaults("").toString(), "sample=kidney-cta&index=7&ssize=48&dseed=4242");
  assert.equal(withFitDefaults("?rounds=2&index=3").toString(), "rounds=2&index=3&sample=kidney-cta&ssize=48&dseed=4242");
  assert.equal(withFitDefaults("source=real+scan&scan=CT_AVM").toString(), "source=real+scan&scan=CT_AVM");
  const q = new URLSearchParams("");
  withFitDefaults(q);
  assert.equal(q.toString(), "", "the argument is not changed");
});

test("readFitPresets and writeFitPresets: the presets searched as vessel-lab fit --presets names them (fpresets), in the simulator's order; all where none known is named; round-trips", () => {
  const all = ["brain-tof", "brain-cta", "brain-cemra", "kidney-cta", "liver-cta", "liver-cemra", "coronary-cta", "microscopy"];
  assert.deepEqual(readFitPresets(""), all);
  assert.deepEqual(readFitPresets("fpresets=microscopy,brain-tof"), ["brain-tof", "microscopy"]);
  assert.deepEqual(readFitPresets("fpresets=lung,microscopy"), ["microscopy"], "an unknown name is left out");
  assert.deepEqual(readFitPresets("fpresets=lung"), all, "no known name: all");
  assert.deepEqual(readFitPresets("fpresets="), all);
  const p = writeFitPresets(["microscopy", "brain-cta"], new URLSearchParams("source=real+scan"));
  assert.equal(p.toString(), "source=real+scan&fpresets=brain-cta%2Cmicroscopy");
  assert.deepEqual(readFitPresets(p), ["brain-cta", "microscopy"]);
  assert.equal(writeFitPresets(all, p).has("fpresets"), false, "all of them: nothing written");
  assert.equal(writeFitPresets([], new URLSearchParams("fpresets=microscopy")).has("fpresets"), false, "none ticked: nothing written");
});

test("readFitModality and writeFitModality: the modality asked for as vessel-lab fit --modality names it (fmodality); null, the fit's choice, where none known is named; round-trips", () => {
  assert.equal(readFitModality(""), null);
  assert.equal(readFitModality("fmodality=microscopy"), "microscopy");
  assert.equal(readFitModality("fmodality=ultrasound"), null, "an unknown name: the fit's choice");
  const p = writeFitModality("microscopy", new URLSearchParams("source=real+scan"));
  assert.equal(p.toString(), "source=real+scan&fmodality=microscopy");
  assert.equal(readFitModality(p), "microscopy");
  assert.equal(writeFitModality(null, p).has("fmodality"), false, "the fit's choice: nothing written");
  assert.equal(writeFitModality("ultrasound", new URLSearchParams("fmodality=brain-tof")).has("fmodality"), false);
});

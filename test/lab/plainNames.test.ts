import { test } from "node:test";
import assert from "node:assert/strict";
import {
  EFFECT_NAMES,
  MODALITY_NAMES,
  RECONSTRUCT_NAMES,
  SHIFT_NAMES,
  SHOWN_NAMES,
  SYNTHESISE_NAMES,
  TUNABLE_NAMES,
  TUNABLES,
  type PlainName,
} from "../../src/lab/index.js";
import { EFFECTS } from "../../src/imaging/index.js";

const check = (kind: string, names: Readonly<Record<string, PlainName>>, shown: readonly string[]) => {
  assert.deepEqual(Object.keys(names).sort(), [...shown].sort(), `${kind}: a name for each one shown, and none for another`);
  const plain = new Set<string>();
  for (const key of shown) {
    const n = names[key];
    assert.ok(n.plain.trim() && n.technical.trim() && n.what.trim(), `${kind} ${key}: plain, technical and what are all given`);
    assert.ok(!plain.has(n.plain.toLowerCase()), `${kind} ${key}: "${n.plain}" is shown once`);
    plain.add(n.plain.toLowerCase());
  }
};

test("EFFECT_NAMES: every effect the Synthesise page switches has a plain name, its technical name being the effect's (what off= takes)", () => {
  check("effect", EFFECT_NAMES, SHOWN_NAMES.effects);
  for (const e of EFFECTS) assert.equal(EFFECT_NAMES[e].technical, e);
  // the examples, in plain words without the code's camelCase
  assert.equal(EFFECT_NAMES.classGain.plain, "contrast in narrowings and aneurysms");
  assert.equal(EFFECT_NAMES.flowFade.plain, "contrast fading along the flow");
  for (const e of EFFECTS) assert.doesNotMatch(EFFECT_NAMES[e].plain, /[a-z][A-Z]|σ|k-space|Gibbs|Voronoi|Perlin/, `${e}: "${EFFECT_NAMES[e].plain}"`);
});

test("TUNABLE_NAMES: every slider on the Synthesise page has a plain name without symbols or jargon, its label in TUNABLES and the parameter as technical name", () => {
  check("slider", TUNABLE_NAMES, SHOWN_NAMES.tunables);
  for (const t of TUNABLES) {
    assert.doesNotMatch(
      TUNABLE_NAMES[t.key].plain,
      /σ|k-space|Gibbs|Voronoi|Perlin|Rician|Gaussian|gamma|histogram/i,
      `${t.key}: "${TUNABLE_NAMES[t.key].plain}"`,
    );
    assert.ok(TUNABLE_NAMES[t.key].technical.startsWith(`${t.label}: `), `${t.key}: ${TUNABLE_NAMES[t.key].technical} names ${t.label}`);
  }
});

test("MODALITY_NAMES, SHIFT_NAMES and RECONSTRUCT_NAMES: every modality, off-domain shift and Reconstruct control the pages offer has a plain name", () => {
  check("modality", MODALITY_NAMES, SHOWN_NAMES.modalities);
  check("shift", SHIFT_NAMES, SHOWN_NAMES.shifts);
  check("reconstruct control", RECONSTRUCT_NAMES, SHOWN_NAMES.reconstruct);
  for (const k of SHOWN_NAMES.reconstruct) assert.doesNotMatch(RECONSTRUCT_NAMES[k].plain, /SPSA|crop|mask/i, `${k}: "${RECONSTRUCT_NAMES[k].plain}"`);
  assert.equal(MODALITY_NAMES.cta.plain, "CT angiogram");
  assert.equal(MODALITY_NAMES.cta.technical, "cta");
});

test("SYNTHESISE_NAMES lists every effect, slider and modality the Synthesise page shows, in its order", () => {
  const [effects, sliders, modalities] = SYNTHESISE_NAMES.map((g) => g.names.map((n) => n.plain));
  assert.deepEqual(
    effects,
    SHOWN_NAMES.effects.map((e) => EFFECT_NAMES[e].plain),
  );
  assert.deepEqual(
    sliders,
    SHOWN_NAMES.tunables.map((k) => TUNABLE_NAMES[k].plain),
  );
  assert.deepEqual(
    modalities,
    SHOWN_NAMES.modalities.map((m) => MODALITY_NAMES[m].plain),
  );
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { PARAM_SPECS, PRESETS, DEFAULT_PRESET, paramSpec, resolveParams } from "../../src/geometry/index.js";

test("PARAM_SPECS describes every parameter of every preset, once, with a group, a label and a description", () => {
  const keys = PARAM_SPECS.map((s) => s.key);
  assert.equal(new Set(keys).size, keys.length);
  for (const [name, preset] of Object.entries(PRESETS)) assert.deepEqual(Object.keys(preset.params).sort(), [...keys].sort(), name);
  for (const s of PARAM_SPECS) {
    assert.ok(s.label && s.description && s.group, s.key);
    if (s.type === "number" || s.type === "integer") assert.ok(s.min! <= s.max!, s.key);
    if (s.type === "enum") assert.ok(s.options && s.options.length > 0, s.key);
  }
});

test("PRESETS each hold valid parameters, state their unit and describe themselves", () => {
  assert.ok(PRESETS[DEFAULT_PRESET]);
  for (const [name, preset] of Object.entries(PRESETS)) {
    assert.deepEqual(resolveParams(name, {}), preset.params);
    assert.equal(preset.params.unit, preset.unit);
    assert.ok(preset.description.length > 20);
  }
  assert.equal(PRESETS.microvascular.unit, "um");
  assert.equal(PRESETS.brain.unit, "mm");
});

test("resolveParams(preset, overrides) applies overrides and leaves the preset untouched", () => {
  const p = resolveParams("brain", { terminals: 5, murrayExponent: 2.5 });
  assert.equal(p.terminals, 5);
  assert.equal(p.murrayExponent, 2.5);
  assert.equal(p.domainX, PRESETS.brain.params.domainX);
  assert.notEqual(PRESETS.brain.params.terminals, 5);
  assert.deepEqual(resolveParams("brain", { terminals: undefined }), PRESETS.brain.params);
});

const rejects = (preset: string, overrides: object, pattern: RegExp) =>
  assert.throws(
    () => resolveParams(preset, overrides as never),
    (e: unknown) => e instanceof RangeError && pattern.test(e.message),
  );

test("resolveParams(preset, overrides) throws a RangeError naming the parameter, its value and the valid range", () => {
  rejects("brain", { minRadius: -1 }, /^minRadius = -1; valid range \[0\.01, 50\]/);
  rejects("brain", { murrayExponent: 1 }, /^murrayExponent = 1; valid range \[1\.1, 4\]/);
  rejects("brain", { terminals: 0 }, /^terminals = 0; valid range \[1, 20000\]/);
  rejects("brain", { terminals: 2.5 }, /^terminals = 2\.5; give an integer/);
  rejects("brain", { clearance: Number.NaN }, /^clearance = NaN; give a finite number/);
  rejects("brain", { domainX: "big" }, /^domainX = "big"; give a finite number/);
  rejects("brain", { domain: "cube" }, /^domain = "cube"; valid values: ellipsoid, sphere, box, shell, mask/);
  rejects("brain", { angleJitter: 90 }, /^angleJitter = 90; valid range \[0, 45\] deg/);
});

test("resolveParams(preset, overrides) rejects unknown presets and parameters, listing the valid ones", () => {
  rejects("spleen", {}, /^preset = "spleen"; valid presets: brain, kidney, liver, coronary, microvascular/);
  rejects("toString", {}, /^preset = "toString"/);
  rejects("brain", { terminal: 5 }, /^unknown parameter "terminal"; known parameters: unit, domain/);
});

test("resolveParams(preset, overrides) checks the rules that tie parameters together", () => {
  rejects("brain", { minRadius: 3, maxRadius: 2 }, /^minRadius = 3; must be ≤ maxRadius = 2/);
  rejects("brain", { rootRadius: 5 }, /^rootRadius = 5; valid range \[minRadius, maxRadius\] = \[0\.45, 2\.5\]/);
  rejects("brain", { rootRadius: 0.1 }, /^rootRadius = 0\.1; valid range/);
  rejects("brain", { stenosisSeverityMin: 0.8, stenosisSeverityMax: 0.5 }, /^stenosisSeverityMin = 0\.8; must be ≤ stenosisSeverityMax = 0\.5/);
  rejects("brain", { aneurysmSeverityMin: 3, aneurysmSeverityMax: 1 }, /^aneurysmSeverityMin = 3/);
});

test("paramSpec(key) returns the spec and throws a RangeError for an unknown key", () => {
  assert.equal(paramSpec("terminals").type, "integer");
  assert.throws(() => paramSpec("nope"), RangeError);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { compareFromQuery, methodLabel, writeCompare } from "../../src/rendering/index.js";

test("compareFromQuery(query) reads the URL's compare in the baselines' order, dropping unknown names", () => {
  assert.deepEqual(compareFromQuery(new URLSearchParams("")), []);
  assert.deepEqual(compareFromQuery(new URLSearchParams("compare=frangi,otsu")), ["otsu", "frangi"]);
  assert.deepEqual(compareFromQuery(new URLSearchParams("compare=Frangi,sato,")), ["frangi"]);
});

test("writeCompare(methods, params) round-trips through compareFromQuery, and none removes the parameter", () => {
  const p = new URLSearchParams("scale=x2&compare=otsu");
  writeCompare(["frangi", "otsu"], p);
  assert.equal(p.get("compare"), "otsu,frangi");
  assert.deepEqual(compareFromQuery(p), ["otsu", "frangi"]);
  writeCompare([], p);
  assert.equal(p.toString(), "scale=x2");
  assert.deepEqual([methodLabel("otsu"), methodLabel("frangi"), methodLabel("model")], ["Otsu", "Frangi", "model"]);
});

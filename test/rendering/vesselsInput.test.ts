import { test } from "node:test";
import assert from "node:assert/strict";
import { vesselsFromQuery, vesselsLabel, writeVessels } from "../../src/rendering/vesselsInput.js";

test("vessels input: bright unless the URL says vessels=dark, and only dark is written to the URL", () => {
  assert.equal(vesselsFromQuery(new URLSearchParams("")), "bright");
  assert.equal(vesselsFromQuery(new URLSearchParams("vessels=dark")), "dark");
  for (const other of ["vessels=bright", "vessels=DARK", "vessels=", "vessels=black"])
    assert.equal(vesselsFromQuery(new URLSearchParams(other)), "bright", other);
  const p = new URLSearchParams("a=1");
  writeVessels("dark", p);
  assert.equal(p.get("vessels"), "dark");
  writeVessels("bright", p);
  assert.equal(p.toString(), "a=1");
  assert.deepEqual([vesselsLabel("bright"), vesselsLabel("dark")], ["brighter than the tissue", "darker than the tissue (black-blood)"]);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { PAGE_OVERLAP, overlapWords, tileOverlapFromQuery, tileOverlapLabel, writeTileOverlap } from "../../src/rendering/tileOverlapInput.js";

test("tile overlap: the page starts at a quarter unless its URL names a listed overlap, and writes only a change from it", () => {
  assert.equal(PAGE_OVERLAP, 0.25);
  assert.equal(tileOverlapFromQuery(new URLSearchParams("")), 0.25);
  assert.equal(tileOverlapFromQuery(new URLSearchParams("overlap=0.5")), 0.5);
  // an overlap the page does not offer (or not a number) falls back instead of reaching the worker
  for (const bad of ["overlap=0.9", "overlap=abc", "overlap=", "overlap=-1"]) assert.equal(tileOverlapFromQuery(new URLSearchParams(bad)), 0.25, bad);
  const p = new URLSearchParams("a=1");
  writeTileOverlap(0.5, p);
  assert.equal(p.get("overlap"), "0.5");
  writeTileOverlap(0.25, p);
  assert.equal(p.toString(), "a=1");
});

test("tile overlap: labels name the CLI's default (the card's overlap)", () => {
  assert.deepEqual([overlapWords(0.25), overlapWords(0.5), overlapWords(0.4)], ["a quarter", "a half", "0.4"]);
  assert.equal(tileOverlapLabel(0.5, 0.5), "a half (the CLI's default)");
  assert.equal(tileOverlapLabel(0.25, 0.5), "a quarter (faster)");
  assert.equal(tileOverlapLabel(0.25, 0.25), "a quarter (the CLI's default)");
  assert.equal(tileOverlapLabel(0.5, 0.25), "a half");
});

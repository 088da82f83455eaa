import { test } from "node:test";
import assert from "node:assert/strict";
import { describeSeconds, progressText, timeLeft } from "../../src/lab/index.js";

test("timeLeft is the mean time per step so far times the steps left, and unknown before the first step", () => {
  assert.equal(timeLeft(2, 8, 10), 30);
  assert.equal(timeLeft(8, 8, 40), 0);
  assert.equal(timeLeft(0, 8, 3), null);
  assert.equal(timeLeft(3, 0, 3), null);
});

test("describeSeconds rounds to seconds under a minute and to 5 s beyond", () => {
  assert.equal(describeSeconds(0.4), "under a second");
  assert.equal(describeSeconds(12.4), "about 12 s");
  assert.equal(describeSeconds(131), "about 2 min 10 s");
  assert.equal(describeSeconds(119), "about 2 min");
});

test("progressText says the steps done of the total and the time left", () => {
  assert.equal(progressText(3, 8, 6, "tiles"), "3 of 8 tiles, about 10 s left");
  assert.equal(progressText(0, 8, 1, "tiles"), "0 of 8 tiles");
  assert.equal(progressText(8, 8, 16, "tiles"), "8 of 8 tiles");
  assert.equal(progressText(1, 1, 2, "tiles"), "1 of 1 tile");
  assert.equal(progressText(0, 1, 0, "volumes"), "0 of 1 volume");
});

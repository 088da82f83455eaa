import { test } from "node:test";
import assert from "node:assert/strict";
import { columnWidth } from "../../src/lab/index.js";

test("columnWidth shares a wide page evenly: 960 px in 3 columns less 30 px each is 290", () => {
  assert.equal(columnWidth(960, 3, { gap: 30 }), 290);
  assert.equal(columnWidth(1000, 2, { reserve: 440 }), 280);
});

test("columnWidth never goes under min: a page laid out at width 0 (a hidden window) gets min, not a negative SVG width", () => {
  assert.equal(columnWidth(0, 3, { gap: 30, min: 200 }), 200);
  assert.equal(columnWidth(-50, 2, { min: 160 }), 160);
  assert.equal(columnWidth(NaN, 2, { min: 170 }), 170);
});

test("columnWidth caps at max", () => {
  assert.equal(columnWidth(4000, 2, { max: 460 }), 460);
});

test("columnWidth refuses a column count that is not a whole number ≥ 1, and min > max, naming the parameter", () => {
  assert.throws(() => columnWidth(900, 0), /columns must be a whole number/);
  assert.throws(() => columnWidth(900, 2.5), /columns must be a whole number/);
  assert.throws(() => columnWidth(900, 2, { min: 300, max: 200 }), /min ≤ max/);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { colorBarTicks } from "../../src/rendering/index.js";

const near = (a: number[], b: number[]) => a.length === b.length && a.every((x, n) => Math.abs(x - b[n]) < 1e-12);

test("colorBarTicks([0, 0.05]) ticks every 0.01 with two decimals, from the bottom (offset 0) to the top (offset 1)", () => {
  const t = colorBarTicks([0, 0.05]);
  assert.deepEqual(
    t.map((x) => x.label),
    ["0.00", "0.01", "0.02", "0.03", "0.04", "0.05"],
  );
  assert.ok(
    near(
      t.map((x) => x.value),
      [0, 0.01, 0.02, 0.03, 0.04, 0.05],
    ),
  );
  assert.ok(
    near(
      t.map((x) => x.offset),
      [0, 0.2, 0.4, 0.6, 0.8, 1],
    ),
  );
});

test("colorBarTicks(range, count) labels every tick with the decimals its step needs: 0.05 → 2, 0.0002 → 4, 0.5 → 1, 20 → 0", () => {
  assert.deepEqual(
    colorBarTicks([0, 0.2]).map((x) => x.label),
    ["0.00", "0.05", "0.10", "0.15", "0.20"],
  );
  assert.deepEqual(
    colorBarTicks([0, 0.0008]).map((x) => x.label),
    ["0.0000", "0.0002", "0.0004", "0.0006", "0.0008"],
  );
  assert.deepEqual(
    colorBarTicks([0, 3]).map((x) => x.label),
    ["0.0", "0.5", "1.0", "1.5", "2.0", "2.5", "3.0"],
  );
  assert.deepEqual(
    colorBarTicks([0, 100], 5).map((x) => x.label),
    ["0", "20", "40", "60", "80", "100"],
  );
});

test("colorBarTicks of a range whose ends are not round keeps the round ticks inside it, offsets measured from its low end", () => {
  const t = colorBarTicks([0.5, 2.5], 2);
  assert.deepEqual(
    t.map((x) => x.value),
    [1, 2],
  );
  assert.ok(
    near(
      t.map((x) => x.offset),
      [0.25, 0.75],
    ),
  );
});

test("colorBarTicks of an empty, reversed or infinite range throws a RangeError naming it", () => {
  assert.throws(() => colorBarTicks([1, 1]), /colorBarTicks: range = \[1, 1\]/);
  assert.throws(() => colorBarTicks([2, 1]), /colorBarTicks: range = \[2, 1\]/);
  assert.throws(() => colorBarTicks([0, Infinity]), /colorBarTicks: range = \[0, Infinity\]/);
  assert.throws(() => colorBarTicks([0, 1], 0), /colorBarTicks: count = 0/);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { foregroundCount } from "../../src/metrics/index.js";

test("foregroundCount counts voxels above the threshold (default 0), whatever their value or type", () => {
  assert.equal(foregroundCount({ data: new Uint8Array([0, 1, 1, 0, 1]) }), 3);
  assert.equal(foregroundCount({ data: new Float32Array([0.2, 0.6, 0.9, NaN, -1]) }, 0.5), 2);
  assert.equal(foregroundCount({ data: new Int16Array([0, 7, -3]) }), 1);
  assert.throws(() => foregroundCount({ data: new Uint8Array(1) }, NaN), /threshold is NaN/);
});

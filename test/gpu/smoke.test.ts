import { test } from "node:test";
import assert from "node:assert/strict";
import { smokeCpu, shaderLayout, uniformView } from "../../src/gpu/index.js";
import { WGSL } from "../../src/shaders.generated.js";

test("smokeCpu(input, {scale, offset}) computes scale·x² + offset element by element", () => {
  const out = smokeCpu(new Float32Array([0, 1, -2, 0.5]), { scale: 3, offset: -1 });
  assert.deepEqual([...out], [-1, 2, 11, -0.25]);
});

test("smokeCpu of an empty array is empty", () => {
  assert.equal(smokeCpu(new Float32Array(0), { scale: 1, offset: 1 }).length, 0);
});

test("uniformView(smoke.wgsl, 'params') is laid out by reflection: f32 at 0, f32 at 4, u32 at 8, 12 bytes", () => {
  const view = uniformView(WGSL.smoke, "params");
  assert.equal(view.arrayBuffer.byteLength, 12); // AlignOf = 4, SizeOf = roundUp(4, 4+4+4) = 12 (WGSL §14.4)
  const defs = shaderLayout(WGSL.smoke);
  assert.equal(defs.uniforms.params.binding, 0);
  assert.equal(defs.storages.input.binding, 1);
  assert.equal(defs.storages.output.binding, 2);
  view.set({ scale: 2, offset: 3, count: 7 });
  assert.deepEqual([...new Float32Array(view.arrayBuffer, 0, 2)], [2, 3]);
  assert.equal(new Uint32Array(view.arrayBuffer, 8, 1)[0], 7);
});

test("uniformView throws a RangeError naming a uniform the shader does not declare", () => {
  assert.throws(() => uniformView(WGSL.smoke, "nope"), /no uniform named "nope"/);
});

test("compareWithCpu: agreement when the largest difference is within 1e-4 of the largest |CPU value| (at least 1); a NaN or a length mismatch never agrees", async () => {
  const { compareWithCpu } = await import("../../src/gpu/index.js");
  // largest |want| = 100, so up to 1e-2 agrees
  assert.equal(compareWithCpu([100.009, 0], [100, 0]).ok, true);
  assert.equal(compareWithCpu([100.011, 0], [100, 0]).ok, false);
  // small values: the scale is at least 1, so 5e-5 agrees and 2e-4 does not
  assert.equal(compareWithCpu([0.00005], [0]).ok, true);
  assert.equal(compareWithCpu([0.0002], [0]).ok, false);
  assert.ok(Math.abs(compareWithCpu([0.5, 2.25], [0.5, 2]).maxDiff - 0.25) < 1e-12);
  assert.deepEqual(compareWithCpu([NaN], [1]), { maxDiff: Infinity, ok: false });
  assert.throws(() => compareWithCpu([1, 2], [1]), /same length/);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/random/index.js";
import {
  biasKernel,
  attenuationKernel,
  dropoutKernel,
  poissonNoiseKernel,
  gaussianNoiseKernel,
  ricianNoiseKernel,
  intensityKernel,
  runKernels,
  biasField,
  depthAttenuation,
  dropouts,
  poissonNoise,
  gaussianNoise,
  ricianNoise,
  intensityTransform,
  biasTerms,
} from "../../src/imaging/index.js";
import { constantVolume } from "./helpers.js";

test("runKernels(data, kernels, chunk) gives the same bytes as the effect functions run one after the other, for any chunk size", () => {
  const dims: [number, number, number] = [11, 7, 9];
  const start = constantVolume(dims, 0.3);
  for (let v = 0; v < start.data.length; v++) start.data[v] += 0.2 * Math.sin(v);
  const bias = { strength: 0.3, coefficients: biasTerms(2).map((_, i) => Math.cos(i)), floor: 0 };
  const att = { axis: 1 as const, endRatio: 0.4, floor: 0 };
  const drop = {
    boxes: [{ center: [0.3, 0.6, 0.5] as [number, number, number], size: [0.5, 0.5, 2] as [number, number, number], factor: 0.4, softness: 1.5 }],
    floor: 0,
  };
  const inten = { gamma: 1.3, gain: 1.1, offset: 0.01, reference: 1, pivot: 0, floor: 0 };
  // The effects one by one.
  let ref = biasField(start, bias);
  ref = depthAttenuation(ref, att);
  ref = dropouts(ref, drop);
  ref = poissonNoise(ref, { photonsPerUnit: 40, floor: 0 }, createRng("p"));
  ref = gaussianNoise(ref, { sigma: 0.01 }, createRng("g"));
  ref = ricianNoise(ref, { sigma: 0.02, floor: 0 }, createRng("r"));
  ref = intensityTransform(ref, inten);
  for (const chunk of [1, 7, 77, 693]) {
    const data = start.data.slice();
    runKernels(data, [biasKernel(dims, bias), attenuationKernel(dims, att), dropoutKernel(dims, drop)], chunk);
    runKernels(
      data,
      [
        poissonNoiseKernel({ photonsPerUnit: 40, floor: 0 }, createRng("p")),
        gaussianNoiseKernel({ sigma: 0.01 }, createRng("g")),
        ricianNoiseKernel({ sigma: 0.02, floor: 0 }, createRng("r")),
        intensityKernel(inten),
      ],
      chunk,
    );
    assert.deepEqual(data, ref.data, `chunk ${chunk}`);
  }
});

test("runKernels(data, kernels, chunk) skips null kernels (effects that are off) and does nothing with none", () => {
  const data = Float32Array.of(1, 2, 3);
  runKernels(data, [null, gaussianNoiseKernel({ sigma: 0 }, createRng(1)), biasKernel([3, 1, 1], { strength: 0, coefficients: [], floor: 0 })], 2);
  assert.deepEqual(Array.from(data), [1, 2, 3]);
});

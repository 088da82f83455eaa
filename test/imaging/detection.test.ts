import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/random/index.js";
import { detectionKernel, gaussianNoiseKernel, intensityKernel, poissonNoiseKernel, ricianNoiseKernel, runKernels } from "../../src/imaging/index.js";

/** A small volume spanning the floor, the LUT range and beyond it (where the transform takes pow). */
function start(floor: number, top: number): Float32Array {
  const data = new Float32Array(9 * 11 * 13);
  for (let v = 0; v < data.length; v++) data[v] = floor - 0.05 * top + 1.3 * top * (0.5 + 0.5 * Math.sin(0.37 * v)) + (v % 97 === 0 ? 6 * top : 0);
  return data;
}

test("detectionKernel(params, streams) gives the bytes of the Poisson, Gaussian, Rician and intensity kernels run one after the other, for every mix of noises and any chunk", () => {
  const mixes = [
    { poisson: 0, gaussian: 0, rician: 0 },
    { poisson: 0, gaussian: 0, rician: 0.03 },
    { poisson: 0, gaussian: 15, rician: 0 },
    { poisson: 3, gaussian: 0, rician: 0 },
    { poisson: 200, gaussian: 0.01, rician: 0 },
    { poisson: 40, gaussian: 0.02, rician: 0.02 },
  ];
  const intensities = [
    { gamma: 1, gain: 1.1, offset: 0.01, reference: 1, pivot: 0 },
    { gamma: 0.7, gain: 0.9, offset: -0.02, reference: 1, pivot: 0 },
    { gamma: 1.3, gain: 1.2, offset: 5, reference: 1324, pivot: 40 },
  ];
  for (const noise of mixes) {
    for (const intensity of intensities) {
      const floor = intensity.reference > 100 ? -1024 : 0;
      const scaled = { ...noise, gaussian: noise.gaussian * (floor < 0 ? 1 : 0.01), poisson: noise.poisson / (floor < 0 ? 100 : 1) };
      const input = start(floor, intensity.reference);
      const ref = input.slice();
      runKernels(
        ref,
        [
          poissonNoiseKernel({ photonsPerUnit: scaled.poisson, floor }, createRng("s").fork("noise.poisson")),
          gaussianNoiseKernel({ sigma: scaled.gaussian }, createRng("s").fork("noise.gaussian")),
          ricianNoiseKernel({ sigma: scaled.rician, floor }, createRng("s").fork("noise.rician")),
          intensityKernel({ ...intensity, floor }),
        ],
        1 << 20,
      );
      for (const chunk of [1, 100, 1 << 20]) {
        const got = input.slice();
        const rng = createRng("s");
        runKernels(
          got,
          [
            detectionKernel(
              { noise: scaled, intensity, floor },
              { poisson: rng.fork("noise.poisson"), gaussian: rng.fork("noise.gaussian"), rician: rng.fork("noise.rician") },
            ),
          ],
          chunk,
        );
        assert.deepEqual(got, ref, `noise ${JSON.stringify(scaled)}, gamma ${intensity.gamma}, chunk ${chunk}`);
      }
    }
  }
});

test("detectionKernel(params, streams) refuses a negative noise level, naming it", () => {
  const rng = createRng(1);
  const streams = { poisson: rng, gaussian: rng, rician: rng };
  const intensity = { gamma: 1, gain: 1, offset: 0, reference: 1, pivot: 0 };
  assert.throws(() => detectionKernel({ noise: { poisson: 0, gaussian: -1, rician: 0 }, intensity, floor: 0 }, streams), /sigma = -1/);
  assert.throws(
    () => detectionKernel({ noise: { poisson: 0, gaussian: 0, rician: 0 }, intensity: { ...intensity, gamma: 0 }, floor: 0 }, streams),
    /intensity.gamma/,
  );
});

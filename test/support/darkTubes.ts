import { type Volume, createVolume } from "../../src/volume/index.js";

/**
 * A 32³ scan (0.8 mm voxels) of tissue 400–520 (a sawtooth texture) crossed by two dark tubes of 150, along z and
 * along x: src/infer's vesselPolarity reads it dark (its dark tubes respond about 3.8 times as strongly as its bright ones).
 */
export function darkTubesScan(): Volume<Float32Array> {
  const v = createVolume(Float32Array, [32, 32, 32], [0.8, 0.8, 0.8]);
  v.data.forEach((_, at) => {
    const [i, j, k] = [at % 32, Math.floor(at / 32) % 32, Math.floor(at / 1024)];
    v.data[at] = (i - 16) ** 2 + (j - 15) ** 2 <= 6 || (j - 9) ** 2 + (k - 20) ** 2 <= 4 ? 150 : 400 + ((i * 13 + j * 7 + k * 3) % 121);
  });
  return v;
}

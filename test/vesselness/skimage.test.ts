// The CPU vesselness and Otsu's threshold against scikit-image (Debian's python3-skimage under /usr/bin/python3,
// through scripts/skimage-reference.py) on a small fixture: a noisy branching pair of tubes, isotropic voxels.
// Stated agreement: Otsu's threshold equal within one histogram bin's rounding (1e-6 of the range); Frangi's
// vesselness at the same σ, α, β and c agrees where the two differ only in the finite differences: scikit-image takes
// np.gradient twice (a second difference over 2 voxels) and cuts its Gaussian at 4σ, we take the compact second
// difference and cut at 3σ. So: correlation ≥ 0.97 over the voxels 4 or more from the edges, the same voxels above
// half the maximum (Dice ≥ 0.9), and the maxima within 10 %.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { otsuThreshold } from "../../src/baselines/index.js";
import { createRng } from "../../src/random/index.js";
import { vesselness } from "../../src/vesselness/index.js";
import { createVolume, type Vec3 } from "../../src/volume/index.js";

const PYTHON = "/usr/bin/python3";
const INSTALL = "apt-get install -y python3-skimage";

function fixture() {
  const dims: Vec3 = [40, 36, 32];
  const v = createVolume(Float32Array, dims);
  const rng = createRng(11);
  const segment = (p: number[], a: number[], b: number[], r: number) => {
    const ab = b.map((x, k) => x - a[k]),
      ap = p.map((x, k) => x - a[k]);
    const t = Math.max(0, Math.min(1, ap.reduce((s, x, k) => s + x * ab[k], 0) / ab.reduce((s, x) => s + x * x, 0)));
    const d = Math.hypot(...p.map((x, k) => x - (a[k] + t * ab[k])));
    return Math.min(1, Math.max(0, r - d + 0.5));
  };
  for (let z = 0; z < 32; z++)
    for (let y = 0; y < 36; y++)
      for (let x = 0; x < 40; x++) {
        const p = [x, y, z];
        const inside = Math.max(segment(p, [0, 18, 16], [22, 18, 16], 3), segment(p, [22, 18, 16], [39, 5, 8], 2), segment(p, [22, 18, 16], [39, 30, 24], 1.5));
        v.data[x + 40 * (y + 36 * z)] = 50 + 100 * inside + 12 * (rng.next() - 0.5);
      }
  return v;
}

function reference(v: ReturnType<typeof fixture>, request: object) {
  const dir = mkdtempSync(join(tmpdir(), "vessel-lab-skimage-"));
  try {
    writeFileSync(join(dir, "request.json"), JSON.stringify({ dims: v.dims, ...request }));
    writeFileSync(join(dir, "volume.f32"), new Uint8Array(v.data.buffer));
    const r = spawnSync(PYTHON, ["scripts/skimage-reference.py", dir], { encoding: "utf8" });
    if (r.error) assert.fail(`cannot run ${PYTHON} (${r.error.message}); the scikit-image cross-check needs Debian's python3 with scikit-image: ${INSTALL}`);
    assert.equal(r.status, 0, `scripts/skimage-reference.py failed (is python3-skimage installed? ${INSTALL}):\n${r.stderr}`);
    const frangi = new Float32Array(readFileSync(join(dir, "frangi.f32")).buffer.slice(0));
    const { threshold } = JSON.parse(readFileSync(join(dir, "otsu.json"), "utf8")) as { threshold: number };
    return { frangi, threshold };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("otsuThreshold(volume) equals scikit-image's threshold_otsu, and vesselness(volume, {frangi}) agrees with skimage.filters.frangi", (t) => {
  const v = fixture();
  const radii = [1.5, 2, 3, 4];
  const ours = vesselness(v, { method: "frangi", radii, alpha: 0.5, beta: 0.5, c: 15 });
  const ref = reference(v, { sigmas: ours.options.sigmas, alpha: 0.5, beta: 0.5, gamma: 15, bright: true });
  let lo = Infinity,
    hi = -Infinity;
  for (const x of v.data) ((lo = Math.min(lo, x)), (hi = Math.max(hi, x)));
  assert.ok(Math.abs(otsuThreshold(v.data) - ref.threshold) <= 1e-6 * (hi - lo), `Otsu ${otsuThreshold(v.data)} vs scikit-image ${ref.threshold}`);

  const [nx, ny, nz] = v.dims;
  const a: number[] = [],
    b: number[] = [];
  for (let z = 4; z < nz - 4; z++)
    for (let y = 4; y < ny - 4; y++)
      for (let x = 4; x < nx - 4; x++) {
        const n = x + nx * (y + ny * z);
        a.push(ours.vesselness.data[n]);
        b.push(ref.frangi[n]);
      }
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const ma = mean(a),
    mb = mean(b);
  let sab = 0,
    saa = 0,
    sbb = 0;
  for (let i = 0; i < a.length; i++) ((sab += (a[i] - ma) * (b[i] - mb)), (saa += (a[i] - ma) ** 2), (sbb += (b[i] - mb) ** 2));
  const correlation = sab / Math.sqrt(saa * sbb);
  assert.ok(correlation >= 0.97, `correlation ${correlation}`);
  const maxA = Math.max(...a),
    maxB = Math.max(...b);
  assert.ok(maxB > 0.3, `scikit-image finds the tubes (max ${maxB})`);
  assert.ok(Math.abs(maxA - maxB) <= 0.1 * maxB, `maxima ${maxA} vs ${maxB}`);
  let both = 0,
    onlyA = 0,
    onlyB = 0;
  for (let i = 0; i < a.length; i++) {
    const pa = a[i] > maxA / 2,
      pb = b[i] > maxB / 2;
    if (pa && pb) both++;
    else if (pa) onlyA++;
    else if (pb) onlyB++;
  }
  const dice = (2 * both) / (2 * both + onlyA + onlyB);
  t.diagnostic(`correlation ${correlation.toFixed(4)}, maxima ${maxA.toFixed(3)} / ${maxB.toFixed(3)}, half-maximum Dice ${dice.toFixed(3)}`);
  assert.ok(dice >= 0.9, `Dice of the voxels above half the maximum ${dice} (${both} both, ${onlyA} ours only, ${onlyB} scikit-image only)`);
});

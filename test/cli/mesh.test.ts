// `vessel-lab mesh` against scikit-image's marching cubes and nibabel's affine (scripts/mesh-reference.py under
// Debian's /usr/bin/python3): the same mask gives the same surface (vertices, triangles, area, enclosed volume, where
// it lies in the world), and every refusal names the problem and what to do.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { treeToJSON } from "../../src/geometry/index.js";
import { createVolume, writeNifti } from "../../src/volume/index.js";
import { cliInProcess } from "../support/cliInProcess.js";
import { polylineTree } from "../support/trees.js";

const PYTHON = "/usr/bin/python3";
const INSTALL = "apt-get install -y python3-nibabel python3-skimage";
// an oblique, left-handed grid (axes permuted and flipped), 0.6 × 0.5 × 1.5 mm
const OBLIQUE = [0, -0.5, 0, 12, 0.6, 0, 0, -8, 0, 0, -1.5, 40, 0, 0, 0, 1];

function reference(path: string, level: number) {
  const r = spawnSync(PYTHON, ["scripts/mesh-reference.py", path, String(level)], { encoding: "utf8" });
  if (r.error) assert.fail(`cannot run ${PYTHON} (${r.error.message}); the mesh cross-check needs Debian's python3 with nibabel and scikit-image: ${INSTALL}`);
  assert.equal(r.status, 0, `scripts/mesh-reference.py failed (${INSTALL}?):\n${r.stderr}`);
  return JSON.parse(r.stdout) as { vertices: number; triangles: number; area: number; volume: number; min: number[]; max: number[] };
}

/** A binary STL's triangles: their vertices (x y z, 9 per triangle). */
function readStl(bytes: Buffer): { header: string; vertices: Float32Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getUint32(80, true);
  assert.equal(bytes.byteLength, 84 + 50 * n);
  const vertices = new Float32Array(9 * n);
  for (let t = 0; t < n; t++) for (let c = 0; c < 9; c++) vertices[9 * t + c] = view.getFloat32(84 + 50 * t + 12 + 4 * c, true);
  return { header: new TextDecoder().decode(bytes.subarray(0, 80)).replace(/\0+$/, ""), vertices };
}

test("vessel-lab mesh: a mask's STL is scikit-image's surface (area, volume, place in the world by nibabel's affine), in LPS; RAS when asked", async () => {
  const dir = mkdtempSync(join(tmpdir(), "vessel-lab-mesh-"));
  try {
    // two tubes of 2.5 and 1.5 mm, one running out of the grid (the surface closes there), on a left-handed oblique grid
    const v = createVolume(Uint8Array, [30, 26, 14], [0.6, 0.5, 1.5], OBLIQUE);
    for (let k = 0, n = 0; k < 14; k++)
      for (let j = 0; j < 26; j++)
        for (let i = 0; i < 30; i++, n++) {
          const [x, y, z] = [i * 0.6, j * 0.5, k * 1.5];
          if (Math.hypot(y - 6, z - 10) < 2.5 || (Math.hypot(x - 9, z - 9) < 1.5 && y > 5)) v.data[n] = 1;
        }
    const mask = join(dir, "mask.nii.gz");
    writeFileSync(mask, writeNifti(v));
    const ref = reference(mask, 0.5);
    for (const space of ["lps", "ras"] as const) {
      const out = join(dir, `${space}.stl`);
      const r = await cliInProcess(["mesh", "--in", mask, "--out", out, ...(space === "ras" ? ["--space", "ras"] : [])]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(
        r.stderr,
        new RegExp(
          `30×26×14, level 0\\.5\\) → .*${space}\\.stl: ${ref.triangles.toLocaleString("en")} triangles, ${ref.vertices.toLocaleString("en")} vertices`,
        ),
      );
      assert.match(r.stderr, new RegExp(`world mm in ${space.toUpperCase()}`));
      const stl = readStl(readFileSync(out));
      assert.equal(stl.header, `vessel-lab surface, mm. SPACE=${space.toUpperCase()}`);
      const ras = Float64Array.from(stl.vertices, (x, c) => (space === "lps" && c % 3 < 2 ? -x : x));
      let area = 0,
        volume = 0;
      const lo = [Infinity, Infinity, Infinity],
        hi = [-Infinity, -Infinity, -Infinity];
      for (let t = 0; t < ras.length; t += 9) {
        const [a, b, c] = [0, 3, 6].map((o) => [ras[t + o], ras[t + o + 1], ras[t + o + 2]]);
        const u = b.map((x, i) => x - a[i]),
          w = c.map((x, i) => x - a[i]);
        const n = [u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0]];
        area += Math.hypot(...n) / 2;
        volume += (a[0] * n[0] + a[1] * n[1] + a[2] * n[2]) / 6;
        for (const p of [a, b, c]) for (let i = 0; i < 3; i++) ((lo[i] = Math.min(lo[i], p[i])), (hi[i] = Math.max(hi[i], p[i])));
      }
      // the same vertices (every edge crossing), triangulated alike but for marching cubes' ambiguous cases
      assert.ok(Math.abs(area - ref.area) < 0.01 * ref.area, `${space}: area ${area} mm², scikit-image ${ref.area}`);
      assert.ok(volume > 0, `${space}: the triangles are wound inward`);
      assert.ok(Math.abs(volume - Math.abs(ref.volume)) < 0.01 * Math.abs(ref.volume), `${space}: volume ${volume} mm³, scikit-image ${ref.volume}`);
      for (let i = 0; i < 3; i++) {
        assert.ok(Math.abs(lo[i] - ref.min[i]) < 1e-4, `${space}: lowest ${"xyz"[i]} ${lo[i]}, nibabel ${ref.min[i]}`);
        assert.ok(Math.abs(hi[i] - ref.max[i]) < 1e-4, `${space}: highest ${"xyz"[i]} ${hi[i]}, nibabel ${ref.max[i]}`);
      }
    }
    // a probability map at another level: scikit-image's at that level too
    const p = createVolume(Float32Array, [24, 24, 12], [0.6, 0.5, 1.5], OBLIQUE);
    p.data.forEach((_, n) => (p.data[n] = Math.max(0, 1 - Math.hypot((n % 24) - 11, (Math.floor(n / 24) % 24) - 12, Math.floor(n / 576) - 5.5) / 9)));
    writeFileSync(join(dir, "prob.nii.gz"), writeNifti(p));
    const pr = await cliInProcess(["mesh", "--in", join(dir, "prob.nii.gz"), "--out", join(dir, "prob.obj"), "--level", "0.3"]);
    assert.equal(pr.code, 0, pr.stderr);
    const refP = reference(join(dir, "prob.nii.gz"), 0.3);
    const obj = readFileSync(join(dir, "prob.obj"), "utf8").split("\n");
    assert.equal(obj[0], "# vessel-lab surface, mm. SPACE=LPS");
    assert.equal(obj.filter((l) => l.startsWith("v ")).length, refP.vertices);
    assert.equal(obj.filter((l) => l.startsWith("f ")).length, refP.triangles);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("vessel-lab mesh: a tree's tubes; a scan, an empty mask, a format it does not write and a volume's flag on a tree are refused with what to do", async () => {
  const dir = mkdtempSync(join(tmpdir(), "vessel-lab-mesh-"));
  try {
    const tree = join(dir, "tree.json");
    writeFileSync(
      tree,
      treeToJSON(
        polylineTree(
          [
            [0, 0, 0],
            [10, 0, 0],
            [20, 5, 0],
          ],
          2,
        ),
      ),
    );
    const t = await cliInProcess(["mesh", "--in", tree, "--out", join(dir, "tree.stl")]);
    assert.equal(t.code, 0, t.stderr);
    assert.match(t.stderr, /a tree of 1 branch\) → .*tree\.stl: its tubes, \d+ triangles, .* in the tree's coordinates \(mm\)/);
    assert.ok(readStl(readFileSync(join(dir, "tree.stl"))).vertices.length > 0);
    const level = await cliInProcess(["mesh", "--in", tree, "--out", join(dir, "x.stl"), "--level", "0.5"]);
    assert.equal(level.code, 2);
    assert.match(level.stderr, /--level is for a volume's surface; --in .*tree\.json is a tree, meshed as its tubes/);

    const scan = createVolume(Float32Array, [8, 8, 8]);
    scan.data.forEach((_, n) => (scan.data[n] = 100 + (n % 7) * 13.5));
    writeFileSync(join(dir, "scan.nii.gz"), writeNifti(scan));
    const s = await cliInProcess(["mesh", "--in", join(dir, "scan.nii.gz"), "--out", join(dir, "scan.stl")]);
    assert.equal(s.code, 2);
    assert.match(
      s.stderr,
      /its values run from 100 to 181, as a scan's do, not a probability map's \(0…1\); segment it first \(vessel-lab segment\), or give --level/,
    );
    assert.equal((await cliInProcess(["mesh", "--in", join(dir, "scan.nii.gz"), "--out", join(dir, "scan.stl"), "--level", "150"])).code, 0);

    // masks as other tools write them are taken as masks: 0/255 (the same surface as 0/1), labels, a mask resampled with interpolation
    const ball = createVolume(Uint8Array, [10, 10, 10]);
    ball.data.forEach((_, n) => (ball.data[n] = Math.hypot((n % 10) - 4.5, (Math.floor(n / 10) % 10) - 4.5, Math.floor(n / 100) - 4.5) < 3 ? 1 : 0));
    const variants = {
      ones: ball,
      bytes: { ...ball, data: ball.data.map((x) => 255 * x) },
      labels: { ...ball, data: ball.data.map((x, n) => x * (1 + (n % 3))) },
      resampled: { ...ball, data: Float32Array.from(ball.data, (x, n) => (x ? 1 + 1e-7 : n % 2 ? -1e-7 : 0)) },
    };
    const stls: Record<string, Buffer> = {};
    for (const [name, volume] of Object.entries(variants)) {
      writeFileSync(join(dir, `${name}.nii.gz`), writeNifti(volume));
      const r = await cliInProcess(["mesh", "--in", join(dir, `${name}.nii.gz`), "--out", join(dir, `${name}.stl`)]);
      assert.equal(r.code, 0, `${name}: ${r.stderr}`);
      stls[name] = readFileSync(join(dir, `${name}.stl`));
    }
    assert.ok(stls.bytes.equals(stls.ones), "a 0/255 mask has the 0/1 mask's surface");
    assert.ok(stls.labels.equals(stls.ones), "every label > 0 together");
    assert.equal(stls.resampled.length, stls.ones.length);
    const smoothed = await cliInProcess(["mesh", "--in", join(dir, "ones.nii.gz"), "--out", join(dir, "smooth.stl"), "--smooth", "0.5"]);
    assert.equal(smoothed.code, 0, smoothed.stderr);
    assert.match(smoothed.stderr, /level 0\.5, smoothed 0\.5\) → .*smooth\.stl/);
    const smooth = readFileSync(join(dir, "smooth.stl"));
    assert.equal(smooth.length, stls.ones.length, "smoothing moves vertices, not triangles");
    assert.ok(!smooth.equals(stls.ones));
    // a uint8 scan (more whole values than a label map has) and a label below 0: refused with both ways on
    const bytes = createVolume(Uint8Array, [10, 10, 10]);
    bytes.data.forEach((_, n) => (bytes.data[n] = n % 100));
    writeFileSync(join(dir, "bytes.nii.gz"), writeNifti(bytes));
    const b = await cliInProcess(["mesh", "--in", join(dir, "bytes.nii.gz"), "--out", join(dir, "bytes.stl")]);
    assert.equal(b.code, 2);
    assert.match(
      b.stderr,
      /its values are whole numbers from 0 to 99, more than 64 different ones, as a scan's are.*give --level L to mesh the voxels at or above L \(a label map: --level 0\.5/,
    );
    const ignore = createVolume(Int16Array, [6, 6, 6]);
    ignore.data.fill(-1, 0, 50).fill(2, 100, 120);
    writeFileSync(join(dir, "ignore.nii.gz"), writeNifti(ignore));
    assert.match(
      (await cliInProcess(["mesh", "--in", join(dir, "ignore.nii.gz"), "--out", join(dir, "i.stl")])).stderr,
      /whole numbers from -1 to 2, some below 0/,
    );
    assert.equal((await cliInProcess(["mesh", "--in", join(dir, "ignore.nii.gz"), "--out", join(dir, "i.stl"), "--level", "0.5"])).code, 0);

    writeFileSync(join(dir, "empty.nii.gz"), writeNifti(createVolume(Uint8Array, [8, 8, 8])));
    const e = await cliInProcess(["mesh", "--in", join(dir, "empty.nii.gz"), "--out", join(dir, "empty.stl")]);
    assert.equal(e.code, 2);
    assert.match(
      e.stderr,
      /empty\.nii\.gz: no voxel reaches level 0\.5 \(the largest value is 0\): the mask is empty, so it has no surface; check that this is the mask you meant, or give a lower --level/,
    );
    assert.ok(!existsSync(join(dir, "empty.stl")));

    const ply = await cliInProcess(["mesh", "--in", join(dir, "empty.nii.gz"), "--out", join(dir, "m.ply")]);
    assert.equal(ply.code, 2);
    assert.match(ply.stderr, /--out .*m\.ply: vessel-lab writes a mesh as STL or OBJ by its name; name it \.stl or \.obj/);
    const space = await cliInProcess(["mesh", "--in", join(dir, "empty.nii.gz"), "--out", join(dir, "m.stl"), "--space", "xyz"]);
    assert.equal(space.code, 2);
    assert.match(space.stderr, /--space.*xyz.*give lps or ras/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

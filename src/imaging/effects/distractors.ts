/**
 * Things that look like vessels but are not: tubes (polylines of capsules: veins, nerves,
 * fibres, catheters) and blobs (bone, calcifications, bright cells) drawn into the image with
 * a one-voxel soft edge. They never touch the label maps; where a voxel is part vessel
 * (`protect`, the vessel fraction), the distractor covers only the rest of it, so labelled
 * vessels stay as they are.
 */
import type { Vec3, Volume } from "../../volume/index.js";
import { checkFinite, checkRange, outputFor } from "../internal/grid.js";
import type { DistractorParams } from "../params.js";

export function checkDistractorParams(p: DistractorParams, fn: string): void {
  if (!Array.isArray(p.tubes) || !Array.isArray(p.blobs)) throw new TypeError(`${fn}: distractors.tubes and distractors.blobs must be arrays`);
  p.tubes.forEach((t, n) => {
    if (!Array.isArray(t.points) || t.points.length < 2)
      throw new RangeError(`${fn}: distractors.tubes[${n}].points has ${t.points?.length} points; give at least 2`);
    t.points.forEach((q, m) => {
      for (let a = 0; a < 3; a++) checkFinite(fn, `distractors.tubes[${n}].points[${m}][${a}]`, q[a]);
    });
    checkRange(fn, `distractors.tubes[${n}].radius`, t.radius, 0, 1e4, "voxels");
    checkFinite(fn, `distractors.tubes[${n}].level`, t.level);
  });
  p.blobs.forEach((b, n) => {
    for (let a = 0; a < 3; a++) checkFinite(fn, `distractors.blobs[${n}].center[${a}]`, b.center[a]);
    checkRange(fn, `distractors.blobs[${n}].radius`, b.radius, 0, 1e4, "voxels");
    checkFinite(fn, `distractors.blobs[${n}].level`, b.level);
  });
}

export function distractors(
  image: Volume<Float32Array>,
  params: DistractorParams,
  protect: Volume<Float32Array> | null = null,
  out?: Volume<Float32Array>,
): Volume<Float32Array> {
  checkDistractorParams(params, "distractors");
  if (protect && protect.data.length !== image.data.length) throw new RangeError("distractors: protect must be on the image's grid");
  const o = outputFor(image, out, "distractors");
  const dims = o.dims;
  const toVoxel = (p: Vec3): Vec3 => [p[0] * dims[0] - 0.5, p[1] * dims[1] - 0.5, p[2] * dims[2] - 0.5];
  const guard = protect?.data ?? null;
  for (const t of params.tubes) drawTube(o.data, dims, t.points.map(toVoxel), t.radius, t.level, guard);
  for (const b of params.blobs) {
    const c = toVoxel(b.center);
    drawTube(o.data, dims, [c, c], b.radius, b.level, guard);
  }
  return o;
}

/** Blends `level` into the voxels within `radius` (+ a soft half voxel) of the polyline `pts`. */
function drawTube(data: Float32Array, dims: Vec3, pts: Vec3[], radius: number, level: number, guard: Float32Array | null): void {
  const [nx, ny, nz] = dims;
  const e = radius + 0.5;
  const lo: Vec3 = [Infinity, Infinity, Infinity],
    hi: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (const p of pts)
    for (let a = 0; a < 3; a++) {
      lo[a] = Math.min(lo[a], p[a] - e);
      hi[a] = Math.max(hi[a], p[a] + e);
    }
  const i0 = Math.max(0, Math.ceil(lo[0])),
    i1 = Math.min(nx - 1, Math.floor(hi[0]));
  const j0 = Math.max(0, Math.ceil(lo[1])),
    j1 = Math.min(ny - 1, Math.floor(hi[1]));
  const k0 = Math.max(0, Math.ceil(lo[2])),
    k1 = Math.min(nz - 1, Math.floor(hi[2]));
  const segs = pts.length - 1;
  for (let k = k0; k <= k1; k++) {
    for (let j = j0; j <= j1; j++) {
      const row = (k * ny + j) * nx;
      for (let i = i0; i <= i1; i++) {
        let d2 = Infinity;
        for (let s = 0; s < segs; s++) {
          const a = pts[s],
            b = pts[s + 1];
          const bx = b[0] - a[0],
            by = b[1] - a[1],
            bz = b[2] - a[2];
          const px = i - a[0],
            py = j - a[1],
            pz = k - a[2];
          const bb = bx * bx + by * by + bz * bz;
          let h = bb > 0 ? (px * bx + py * by + pz * bz) / bb : 0;
          h = h < 0 ? 0 : h > 1 ? 1 : h;
          const qx = px - h * bx,
            qy = py - h * by,
            qz = pz - h * bz;
          const q2 = qx * qx + qy * qy + qz * qz;
          if (q2 < d2) d2 = q2;
        }
        if (d2 >= e * e) continue;
        let c = e - Math.sqrt(d2);
        if (c > 1) c = 1;
        const v = row + i;
        if (guard) c *= 1 - Math.min(1, Math.max(0, guard[v]));
        data[v] += c * (level - data[v]);
      }
    }
  }
}

/**
 * The body outline: an ellipsoid of tissue (head, trunk) with air outside and, just inside its
 * surface, an optional shell (skull in CT, scalp fat in MR). Edges are one voxel soft. The
 * signed distance to the surface is the first-order estimate (F − 1) / |∇F| of the ellipsoid
 * function F, exact on the axes and close elsewhere.
 */
import type { Volume } from "../../volume/index.js";
import { checkFinite, checkRange, outputFor } from "../internal/grid.js";
import type { BodyParams } from "../params.js";

/** The largest body radius, in fields of view: a patch of 0.01 mm voxels in a 2 m body is within it (placeBody). */
const MAX_BODY_RADIUS = 1e6;

export function checkBodyParams(p: BodyParams, fn: string): void {
  if (typeof p.enabled !== "boolean") throw new TypeError(`${fn}: body.enabled must be true or false`);
  for (let a = 0; a < 3; a++) {
    checkFinite(fn, `body.center[${a}]`, p.center[a]);
    checkRange(fn, `body.radii[${a}]`, p.radii[a], 1e-3, MAX_BODY_RADIUS, "fraction of the field of view");
  }
  checkFinite(fn, "body.outside", p.outside);
  checkRange(fn, "body.shell.thickness", p.shell.thickness, 0, 1e4, "voxels");
  checkFinite(fn, "body.shell.level", p.shell.level);
}

export function bodyRegion(image: Volume<Float32Array>, params: BodyParams, out?: Volume<Float32Array>): Volume<Float32Array> {
  checkBodyParams(params, "bodyRegion");
  const o = outputFor(image, out, "bodyRegion");
  if (!params.enabled) return o;
  const data = o.data;
  const [nx, ny, nz] = o.dims;
  const cx = params.center[0] * nx - 0.5,
    cy = params.center[1] * ny - 0.5,
    cz = params.center[2] * nz - 0.5;
  const ax = 1 / (params.radii[0] * nx) ** 2,
    ay = 1 / (params.radii[1] * ny) ** 2,
    az = 1 / (params.radii[2] * nz) ** 2;
  const t = params.shell.thickness,
    shell = params.shell.level,
    outside = params.outside;
  // Voxels with F below this are deeper than the shell plus the soft edge: left alone.
  const rMin = Math.min(params.radii[0] * nx, params.radii[1] * ny, params.radii[2] * nz);
  const deep = rMin > t + 1 ? ((rMin - t - 1) / rMin) ** 2 : -1;
  for (let k = 0; k < nz; k++) {
    const dz = k - cz,
      fz = dz * dz * az,
      gz = dz * az;
    for (let j = 0; j < ny; j++) {
      const dy = j - cy,
        fy = fz + dy * dy * ay,
        gy2 = gz * gz + (dy * ay) ** 2;
      const row = (k * ny + j) * nx;
      for (let i = 0; i < nx; i++) {
        const dx = i - cx;
        const F = fy + dx * dx * ax;
        if (F < deep) continue;
        const gx = dx * ax;
        const g = 2 * Math.sqrt(gy2 + gx * gx);
        const d = g > 1e-12 ? (F - 1) / g : -1e9;
        let a = 0.5 - d; // inside the outer surface
        a = a < 0 ? 0 : a > 1 ? 1 : a;
        let b = 0.5 - (d + t); // inside the inner surface
        b = b < 0 ? 0 : b > 1 ? 1 : b;
        const v = row + i;
        data[v] = b * data[v] + (a - b) * shell + (1 - a) * outside;
      }
    }
  }
  return o;
}

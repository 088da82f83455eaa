/**
 * The CPU reference voxeliser: the same maps as shaders/voxelise.wgsl, computed primitive by
 * primitive. Each primitive visits only the voxels within its reach (its bounding box grown
 * by its support radius), so the cost grows with the vessels' volume, not voxels × segments.
 */
import { PRIMITIVE_STRIDE, type VesselTree } from "../geometry/tree.js";
import { coverage, supportRadius } from "./coverage.js";
import type { GridSpec } from "./grid.js";
import { emptyLabelMaps, finishLabelMaps, type LabelMaps } from "./labelMaps.js";
import { localPrimitives, smoothingWidth } from "./primitives.js";
import { segmentHitsBox } from "./centreline.js";

export function voxeliseCpu(tree: VesselTree, grid: GridSpec): LabelMaps {
  const { count, data } = localPrimitives(tree, grid);
  return voxelisePrimitivesCpu(data, count, grid);
}

export function voxelisePrimitivesCpu(prims: Float32Array, count: number, grid: GridSpec): LabelMaps {
  const maps = emptyLabelMaps(grid);
  const [nx, ny, nz] = grid.dims;
  const [sx, sy, sz] = grid.spacing;
  const h = smoothingWidth(grid);
  const frac = maps.fraction.data,
    cls = maps.classes.data,
    flow = maps.flow.data,
    cl = maps.centreline.data;
  const nxy = nx * ny;

  for (let k = 0; k < count; k++) {
    const o = k * PRIMITIVE_STRIDE;
    const ax = prims[o],
      ay = prims[o + 1],
      az = prims[o + 2],
      ra = prims[o + 3];
    const bx = prims[o + 4],
      by = prims[o + 5],
      bz = prims[o + 6],
      rb = prims[o + 7];
    const label = prims[o + 8],
      da = prims[o + 9],
      db = prims[o + 10];
    const dx = bx - ax,
      dy = by - ay,
      dz = bz - az;
    const len2 = dx * dx + dy * dy + dz * dz;
    const inv = len2 > 0 ? 1 / len2 : 0;
    const reach = supportRadius(Math.max(ra, rb), h);
    const i0 = Math.max(0, Math.ceil((Math.min(ax, bx) - reach) / sx)),
      i1 = Math.min(nx - 1, Math.floor((Math.max(ax, bx) + reach) / sx));
    const j0 = Math.max(0, Math.ceil((Math.min(ay, by) - reach) / sy)),
      j1 = Math.min(ny - 1, Math.floor((Math.max(ay, by) + reach) / sy));
    const k0 = Math.max(0, Math.ceil((Math.min(az, bz) - reach) / sz)),
      k1 = Math.min(nz - 1, Math.floor((Math.max(az, bz) + reach) / sz));
    for (let kz = k0; kz <= k1; kz++) {
      const pz = kz * sz - az;
      for (let jy = j0; jy <= j1; jy++) {
        const py = jy * sy - ay;
        let v = i0 + jy * nx + kz * nxy;
        for (let ix = i0; ix <= i1; ix++, v++) {
          const px = ix * sx - ax;
          let t = (px * dx + py * dy + pz * dz) * inv;
          t = t < 0 ? 0 : t > 1 ? 1 : t;
          const qx = px - t * dx,
            qy = py - t * dy,
            qz = pz - t * dz;
          const rho = Math.sqrt(qx * qx + qy * qy + qz * qz);
          if (rho >= reach) continue;
          const f = coverage(rho, ra + t * (rb - ra), h);
          if (f > frac[v] || (f === frac[v] && f > 0 && label > cls[v])) {
            frac[v] = f;
            cls[v] = label;
            flow[v] = da + t * (db - da);
          }
        }
      }
    }
    if (len2 > 0) {
      // The centreline: every voxel whose box the segment's axis crosses.
      const ci0 = Math.max(0, Math.round(Math.min(ax, bx) / sx - 0.5)),
        ci1 = Math.min(nx - 1, Math.round(Math.max(ax, bx) / sx + 0.5));
      const cj0 = Math.max(0, Math.round(Math.min(ay, by) / sy - 0.5)),
        cj1 = Math.min(ny - 1, Math.round(Math.max(ay, by) / sy + 0.5));
      const ck0 = Math.max(0, Math.round(Math.min(az, bz) / sz - 0.5)),
        ck1 = Math.min(nz - 1, Math.round(Math.max(az, bz) / sz + 0.5));
      for (let kz = ck0; kz <= ck1; kz++)
        for (let jy = cj0; jy <= cj1; jy++)
          for (let ix = ci0; ix <= ci1; ix++) {
            if (segmentHitsBox(ax, ay, az, dx, dy, dz, ix * sx, jy * sy, kz * sz, 0.5 * sx, 0.5 * sy, 0.5 * sz)) cl[ix + jy * nx + kz * nxy] = 1;
          }
    }
  }
  return finishLabelMaps(maps);
}

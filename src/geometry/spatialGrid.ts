/**
 * A spatial index over capsules (segments with a radius) for the collision checks: a stack
 * of uniform hash grids whose cell sizes double from level to level. A capsule goes into the
 * level whose cells are at least as large as its bounding box, so it touches at most 8 cells
 * however thick or long it is; a query visits every non-empty level.
 */

export interface SpatialGrid {
  /** Adds the capsule a–b of radius r and returns its id (0, 1, 2, … in order). */
  insert(ax: number, ay: number, az: number, bx: number, by: number, bz: number, r: number): number;
  /**
   * Calls visit(id) once for each capsule whose bounding box comes within `pad` of the
   * capsule a–b of radius r (a superset of those within pad of it). Stops as soon as visit
   * returns true and then returns true.
   */
  search(ax: number, ay: number, az: number, bx: number, by: number, bz: number, r: number, pad: number, visit: (id: number) => boolean): boolean;
  /** Capsule `id` is data()[7·id … 7·id + 6] = ax, ay, az, bx, by, bz, r. */
  data(): Float64Array;
  count(): number;
}

interface Level {
  cell: number;
  cells: Map<number, number[]>;
  ids: number[];
}

/** Above this many cells in a query box, a level is scanned whole instead. */
const MAX_QUERY_CELLS = 64;

/** A grid whose finest cells measure `baseCell` (about the size of the smallest capsules). */
export function createSpatialGrid(baseCell: number): SpatialGrid {
  if (!(baseCell > 0) || !Number.isFinite(baseCell)) throw new RangeError(`createSpatialGrid: baseCell = ${baseCell}; give a positive finite size`);
  let data = new Float64Array(7 * 1024);
  let stamp = new Uint32Array(1024);
  let query = 0;
  let n = 0;
  const levels: Level[] = [];

  const key = (i: number, j: number, k: number) => (Math.imul(i, 73856093) ^ Math.imul(j, 19349663) ^ Math.imul(k, 83492791)) | 0;

  function level(extent: number): Level {
    let k = 0;
    for (let cell = baseCell; cell < extent && k < 60; cell *= 2) k++;
    while (levels.length <= k) levels.push({ cell: levels.length === 0 ? baseCell : 2 * levels[levels.length - 1].cell, cells: new Map(), ids: [] });
    return levels[k];
  }

  return {
    insert(ax, ay, az, bx, by, bz, r) {
      if (n === stamp.length) {
        const d = new Float64Array(data.length * 2);
        d.set(data);
        data = d;
        const s = new Uint32Array(stamp.length * 2);
        s.set(stamp);
        stamp = s;
      }
      const id = n++;
      data.set([ax, ay, az, bx, by, bz, r], 7 * id);
      const x0 = Math.min(ax, bx) - r,
        x1 = Math.max(ax, bx) + r;
      const y0 = Math.min(ay, by) - r,
        y1 = Math.max(ay, by) + r;
      const z0 = Math.min(az, bz) - r,
        z1 = Math.max(az, bz) + r;
      const lv = level(Math.max(x1 - x0, y1 - y0, z1 - z0));
      lv.ids.push(id);
      const c = lv.cell;
      for (let k = Math.floor(z0 / c); k <= Math.floor(z1 / c); k++)
        for (let j = Math.floor(y0 / c); j <= Math.floor(y1 / c); j++)
          for (let i = Math.floor(x0 / c); i <= Math.floor(x1 / c); i++) {
            const h = key(i, j, k);
            const list = lv.cells.get(h);
            if (list) {
              if (list[list.length - 1] !== id) list.push(id);
            } else lv.cells.set(h, [id]);
          }
      return id;
    },

    search(ax, ay, az, bx, by, bz, r, pad, visit) {
      query = (query + 1) >>> 0;
      if (query === 0) {
        stamp.fill(0);
        query = 1;
      }
      const m = r + pad;
      const x0 = Math.min(ax, bx) - m,
        x1 = Math.max(ax, bx) + m;
      const y0 = Math.min(ay, by) - m,
        y1 = Math.max(ay, by) + m;
      const z0 = Math.min(az, bz) - m,
        z1 = Math.max(az, bz) + m;
      const seen = (id: number) => {
        if (stamp[id] === query) return true;
        stamp[id] = query;
        return false;
      };
      for (const lv of levels) {
        if (lv.ids.length === 0) continue;
        const c = lv.cell;
        const i0 = Math.floor(x0 / c),
          i1 = Math.floor(x1 / c);
        const j0 = Math.floor(y0 / c),
          j1 = Math.floor(y1 / c);
        const k0 = Math.floor(z0 / c),
          k1 = Math.floor(z1 / c);
        const cells = (i1 - i0 + 1) * (j1 - j0 + 1) * (k1 - k0 + 1);
        if (cells > MAX_QUERY_CELLS && cells > lv.ids.length) {
          for (const id of lv.ids) if (!seen(id) && visit(id)) return true;
          continue;
        }
        for (let k = k0; k <= k1; k++)
          for (let j = j0; j <= j1; j++)
            for (let i = i0; i <= i1; i++) {
              const list = lv.cells.get(key(i, j, k));
              if (!list) continue;
              for (let q = 0; q < list.length; q++) {
                const id = list[q];
                if (!seen(id) && visit(id)) return true;
              }
            }
      }
      return false;
    },

    data: () => data,
    count: () => n,
  };
}

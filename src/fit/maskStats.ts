/**
 * The geometry statistics of a binary vessel mask: the yardstick for how real the simulator's trees look, and what
 * `fit` matches. The definitions follow the usual skeleton-graph reading of a vessel mask (the one scikit-image and
 * scipy give): the radius is the Euclidean distance transform (anisotropic spacing respected) read on the skeleton;
 * skeleton voxels with more than two of their 26 neighbours on the skeleton are junctions, with one an end point;
 * branches are the 26-connected pieces of the skeleton left once every junction is dilated by one voxel, and a branch's
 * length is its voxel count times the finest voxel side. Added here: a branch's tortuosity, its arc length (a walk
 * from one end to the other, steps in mm) over its chord (the distance between its ends), for branches whose chord is
 * at least 3 voxels (shorter ones are digitisation, not shape). Percentiles are numpy's (linear between ranks).
 */
import { labelRegions, skeletonize, squaredDistanceToFeatures, type VoxelGrid } from "../metrics/index.js";
import { percentilesOf, type Vec3 } from "../volume/index.js";

/** p10, p50 and p90 of a statistic's values; NaN each when there are none. */
export type Spread = [number, number, number];

export interface MaskStats {
  dims: Vec3;
  spacing: Vec3;
  /** The finest voxel side (the unit of the `…Vox` figures). */
  voxel: number;
  vesselFraction: number;
  vesselVoxels: number;
  /** 26-connected pieces of the mask. */
  components: number;
  skeletonVoxels: number;
  /** 26-connected groups of junction voxels. */
  junctions: number;
  endpoints: number;
  branches: number;
  /** Centreline radius, in the scan's unit (mm; µm for microscopy) and in finest voxels. */
  radius: Spread;
  radiusVox: Spread;
  /** Branch length, in the scan's unit and in finest voxels. */
  branchLength: Spread;
  branchLengthVox: Spread;
  /** Arc over chord of the branches with a chord of at least 3 voxels. */
  tortuosity: Spread;
  /** Branches per unit volume (mm³), and per 1000 finest-voxel cubes (unit-free: what `fit` compares). */
  branchDensity: number;
  branchDensityVox: number;
  /**
   * The volume fraction and branch density as a sample sees them: the means over windows of `dims` voxels centred on
   * the vessels (up to WINDOWS skeleton voxels, evenly spaced through the skeleton, each window slid inside the scan).
   * A simulator's sample is such a window (a patch centred on a vessel), so a whole scan with wide empty margins is
   * compared with it on equal terms. Absent when not asked for (maskStats(mask, {window})).
   */
  window?: { dims: Vec3; vesselFraction: number; branchDensityVox: number; windows: number };
}

/** The values the statistics are read from (pooled over several masks by poolStats). */
export interface MaskMeasures {
  dims: Vec3;
  spacing: Vec3;
  voxels: number;
  vesselVoxels: number;
  components: number;
  skeletonVoxels: number;
  junctions: number;
  endpoints: number;
  /** Centreline radii (scan unit). */
  radii: Float64Array;
  /** Branch lengths (scan unit) and tortuosities. */
  lengths: Float64Array;
  tortuosities: Float64Array;
  /** Skeleton voxels (indices, x fastest) and each branch's centre (voxel coordinates, 3 per branch). */
  skeleton: Int32Array;
  branchCentres: Float64Array;
}

const SPREAD = [10, 50, 90];
const MIN_CHORD_VOXELS = 3;

/** The measures of one mask (voxels > 0 are vessel). */
export function measureMask(mask: VoxelGrid): MaskMeasures {
  const { dims, spacing } = mask;
  const [nx, ny, nz] = dims;
  if (!dims || dims.length !== 3 || !(nx > 0 && ny > 0 && nz > 0)) throw new RangeError(`measureMask: dims = ${JSON.stringify(dims)}; give a 3D mask`);
  if (!spacing || spacing.some((s) => !(s > 0) || !Number.isFinite(s)))
    throw new RangeError(`measureMask: spacing = ${JSON.stringify(spacing)}; give positive voxel sides (mm)`);
  const n = nx * ny * nz;
  const binary = new Uint8Array(n);
  let vesselVoxels = 0;
  for (let v = 0; v < n; v++) if (mask.data[v] > 0) ((binary[v] = 1), vesselVoxels++);
  const skeleton = skeletonize({ data: binary, dims, spacing }).data;
  const distance = vesselVoxels ? distanceToBackground(binary, dims, spacing) : new Float64Array(0);

  // neighbours on the skeleton (26), junctions, end points
  const junction = new Uint8Array(n);
  const radii: number[] = [];
  const skeletonList: number[] = [];
  let skeletonVoxels = 0,
    endpoints = 0;
  forEachVoxel(skeleton, dims, (v, i, j, k) => {
    skeletonVoxels++;
    skeletonList.push(v);
    radii.push(distance[v]);
    let c = 0;
    forNeighbours(i, j, k, dims, (m) => void (c += skeleton[m]));
    if (c > 2) junction[v] = 1;
    else if (c === 1) endpoints++;
  });
  // branches: the skeleton less the junctions dilated by one voxel
  const branchVoxels = Uint8Array.from(skeleton);
  forEachVoxel(junction, dims, (_v, i, j, k) => {
    branchVoxels[i + nx * (j + ny * k)] = 0;
    forNeighbours(i, j, k, dims, (m) => void (branchVoxels[m] = 0));
  });
  const branches = labelRegions(branchVoxels, dims, 26, 1);
  const h = Math.min(...spacing);
  const lengths = new Float64Array(branches.count);
  const members: number[][] = Array.from({ length: branches.count }, () => []);
  for (let v = 0; v < n; v++) if (branches.labels[v]) members[branches.labels[v] - 1].push(v);
  const tortuosities: number[] = [];
  const branchCentres = new Float64Array(3 * branches.count);
  for (let b = 0; b < branches.count; b++) {
    lengths[b] = members[b].length * h;
    for (const v of members[b]) {
      branchCentres[3 * b] += (v % nx) / members[b].length;
      branchCentres[3 * b + 1] += (Math.floor(v / nx) % ny) / members[b].length;
      branchCentres[3 * b + 2] += Math.floor(v / (nx * ny)) / members[b].length;
    }
    const t = branchTortuosity(members[b], branches.labels, b + 1, dims, spacing);
    if (t !== null) tortuosities.push(t);
  }
  return {
    dims: [...dims] as Vec3,
    spacing: [...spacing] as Vec3,
    voxels: n,
    vesselVoxels,
    components: vesselVoxels ? labelRegions(binary, dims, 26, 1).count : 0,
    skeletonVoxels,
    junctions: labelRegions(junction, dims, 26, 1).count,
    endpoints,
    radii: Float64Array.from(radii),
    lengths,
    tortuosities: Float64Array.from(tortuosities),
    skeleton: Int32Array.from(skeletonList),
    branchCentres,
  };
}

/** Windows maskStats averages over, at most. */
export const WINDOWS = 64;

/** The mean vessel fraction and branch density (per 1000 finest-voxel cubes) in windows of `window` voxels centred on the skeleton (MaskStats.window). */
export function windowStats(mask: VoxelGrid, measures: MaskMeasures, window: Vec3): NonNullable<MaskStats["window"]> {
  const { dims, spacing } = mask;
  const [nx, ny] = dims;
  const { dims: w, origins } = windowOrigins(dims, measures, window);
  const n = origins.length;
  if (n === 0) return { dims: w, vesselFraction: 0, branchDensityVox: 0, windows: 0 };
  const cube = (w[0] * w[1] * w[2] * spacing[0] * spacing[1] * spacing[2]) / Math.min(...spacing) ** 3; // finest-voxel cubes
  let fraction = 0,
    density = 0;
  for (const lo of origins) {
    let vessel = 0;
    for (let k = lo[2]; k < lo[2] + w[2]; k++)
      for (let j = lo[1]; j < lo[1] + w[1]; j++) {
        const row = nx * (j + ny * k);
        for (let i = lo[0]; i < lo[0] + w[0]; i++) if (mask.data[row + i] > 0) vessel++;
      }
    let branches = 0;
    for (let b = 0; b < measures.branchCentres.length; b += 3) {
      let inside = true;
      for (let a = 0; a < 3 && inside; a++) {
        const x = Math.round(measures.branchCentres[b + a]);
        inside = x >= lo[a] && x < lo[a] + w[a];
      }
      if (inside) branches++;
    }
    fraction += vessel / (w[0] * w[1] * w[2]);
    density += (1000 * branches) / cube;
  }
  return { dims: w, vesselFraction: fraction / n, branchDensityVox: density / n, windows: n };
}

/**
 * The windows a scan is read in as a sample sees it: `window` voxels (cut to the scan's dims) centred on up to WINDOWS
 * skeleton voxels, evenly spaced through the skeleton, each slid inside the scan; their first voxels.
 */
export function windowOrigins(dims: readonly number[], measures: MaskMeasures, window: Vec3): { dims: Vec3; origins: Vec3[] } {
  const [nx, ny] = dims;
  const w = window.map((x, a) => Math.min(dims[a], Math.max(1, Math.round(x)))) as Vec3;
  const n = Math.min(WINDOWS, measures.skeleton.length);
  const origins = Array.from({ length: n }, (_, s) => {
    const v = measures.skeleton[Math.floor(((s + 0.5) * measures.skeleton.length) / n)];
    const c = [v % nx, Math.floor(v / nx) % ny, Math.floor(v / (nx * ny))];
    return c.map((x, a) => Math.min(dims[a] - w[a], Math.max(0, x - Math.floor(w[a] / 2)))) as Vec3;
  });
  return { dims: w, origins };
}

/** The statistics of one or more masks' measures, pooled: values joined, counts summed (so a set of samples reads as one scan). */
export function statsOf(measures: MaskMeasures | MaskMeasures[]): MaskStats {
  const all = Array.isArray(measures) ? measures : [measures];
  if (all.length === 0) throw new RangeError("statsOf: no measures; give at least one mask's measureMask()");
  const { dims, spacing } = all[0];
  const h = Math.min(...spacing);
  const sum = (f: (m: MaskMeasures) => number) => all.reduce((s, m) => s + f(m), 0);
  const join = (f: (m: MaskMeasures) => Float64Array) => {
    const parts = all.map(f);
    const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
    let o = 0;
    for (const p of parts) (out.set(p, o), (o += p.length));
    return out;
  };
  const spread = (a: Float64Array, scale = 1) => percentilesOf(a, SPREAD).map((x) => x / scale) as Spread;
  const radii = join((m) => m.radii),
    lengths = join((m) => m.lengths);
  // per-mask voxel sizes may differ (pooled samples); volumes in the unit and in finest-voxel cubes
  const volume = sum((m) => m.voxels * m.spacing[0] * m.spacing[1] * m.spacing[2]);
  const voxelCubes = sum((m) => (m.voxels * m.spacing[0] * m.spacing[1] * m.spacing[2]) / Math.min(...m.spacing) ** 3);
  const radiiVox = join((m) => m.radii.map((r) => r / Math.min(...m.spacing)));
  const lengthsVox = join((m) => m.lengths.map((l) => l / Math.min(...m.spacing)));
  const branches = sum((m) => m.lengths.length);
  const voxels = sum((m) => m.voxels),
    vesselVoxels = sum((m) => m.vesselVoxels);
  return {
    dims: [...dims] as Vec3,
    spacing: [...spacing] as Vec3,
    voxel: h,
    vesselFraction: voxels ? vesselVoxels / voxels : NaN,
    vesselVoxels,
    components: sum((m) => m.components),
    skeletonVoxels: sum((m) => m.skeletonVoxels),
    junctions: sum((m) => m.junctions),
    endpoints: sum((m) => m.endpoints),
    branches,
    radius: spread(radii),
    radiusVox: spread(radiiVox),
    branchLength: spread(lengths),
    branchLengthVox: spread(lengthsVox),
    tortuosity: spread(join((m) => m.tortuosities)),
    branchDensity: branches / volume,
    branchDensityVox: (1000 * branches) / voxelCubes,
  };
}

/** The statistics of a mask: statsOf(measureMask(mask)), with the windowed fraction and density when `window` is given. */
export function maskStats(mask: VoxelGrid, { window }: { window?: Vec3 } = {}): MaskStats {
  const measures = measureMask(mask);
  const stats = statsOf(measures);
  return window ? { ...stats, window: windowStats(mask, measures, window) } : stats;
}

/** Arc over chord of one branch (its voxels `members`, labelled `label`), or null when it has no two ends or a chord under 3 voxels. */
function branchTortuosity(members: number[], labels: Int32Array, label: number, dims: Vec3, spacing: Vec3): number | null {
  if (members.length < MIN_CHORD_VOXELS) return null;
  const [nx, ny] = dims;
  const at = (v: number): Vec3 => [v % nx, Math.floor(v / nx) % ny, Math.floor(v / (nx * ny))];
  const step = (a: Vec3, b: Vec3) => Math.hypot((a[0] - b[0]) * spacing[0], (a[1] - b[1]) * spacing[1], (a[2] - b[2]) * spacing[2]);
  const inBranch = (i: number, j: number, k: number, f: (m: number) => void) => forNeighbours(i, j, k, dims, (m) => labels[m] === label && f(m));
  // an end: a voxel with one neighbour in the branch (a loop has none)
  let start = -1;
  for (const v of members) {
    let c = 0;
    inBranch(...at(v), () => void c++);
    if (c <= 1) {
      start = v;
      break;
    }
  }
  if (start < 0) return null;
  // walk to the nearest unvisited neighbour until none is left
  const visited = new Set<number>([start]);
  let here = start,
    arc = 0;
  for (;;) {
    const p = at(here);
    let next = -1,
      best = Infinity;
    inBranch(...p, (m) => {
      if (visited.has(m)) return;
      const d = step(p, at(m));
      if (d < best) ((best = d), (next = m));
    });
    if (next < 0) break;
    visited.add(next);
    arc += best;
    here = next;
  }
  const chord = step(at(start), at(here));
  if (chord < MIN_CHORD_VOXELS * Math.min(...spacing)) return null;
  return Math.max(1, arc / chord);
}

/**
 * The distance (mm) from each voxel of a binary mask to the nearest background voxel (0 on the background): the
 * distance transform of the inverted mask, computed on the mask's bounding box with a margin of one voxel (inside the
 * grid). The margin is background, so the nearest background voxel of a vessel voxel lies in the box, and reckoned at
 * the box's place in the grid (squaredDistanceToFeatures's origin) the box's distances are the whole grid's, bit for bit.
 */
function distanceToBackground(binary: Uint8Array, dims: Vec3, spacing: Vec3): Float64Array {
  const [nx, ny, nz] = dims;
  const lo = [nx, ny, nz],
    hi = [-1, -1, -1];
  forEachVoxel(binary, dims, (_v, i, j, k) => {
    const c = [i, j, k];
    for (let a = 0; a < 3; a++) ((lo[a] = Math.min(lo[a], c[a])), (hi[a] = Math.max(hi[a], c[a])));
  });
  const distance = new Float64Array(nx * ny * nz);
  if (hi[0] < 0) return distance;
  for (let a = 0; a < 3; a++) ((lo[a] = Math.max(0, lo[a] - 1)), (hi[a] = Math.min(dims[a] - 1, hi[a] + 1)));
  const [bx, by, bz] = [0, 1, 2].map((a) => hi[a] - lo[a] + 1);
  const inverted = new Uint8Array(bx * by * bz);
  for (let k = 0, b = 0; k < bz; k++)
    for (let j = 0; j < by; j++) {
      const row = lo[0] + nx * (lo[1] + j + ny * (lo[2] + k));
      for (let i = 0; i < bx; i++, b++) inverted[b] = binary[row + i] ? 0 : 1;
    }
  const d2 = squaredDistanceToFeatures(inverted, [bx, by, bz], spacing, lo as Vec3);
  for (let k = 0, b = 0; k < bz; k++)
    for (let j = 0; j < by; j++) {
      const row = lo[0] + nx * (lo[1] + j + ny * (lo[2] + k));
      for (let i = 0; i < bx; i++, b++) distance[row + i] = Math.sqrt(d2[b]);
    }
  return distance;
}

function forEachVoxel(data: Uint8Array, dims: Vec3, f: (v: number, i: number, j: number, k: number) => void): void {
  const [nx, ny, nz] = dims;
  for (let k = 0, v = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, v++) if (data[v]) f(v, i, j, k);
}

function forNeighbours(i: number, j: number, k: number, dims: Vec3, f: (m: number) => void): void {
  const [nx, ny, nz] = dims;
  for (let c = k - 1; c <= k + 1; c++) {
    if (c < 0 || c >= nz) continue;
    for (let b = j - 1; b <= j + 1; b++) {
      if (b < 0 || b >= ny) continue;
      for (let a = i - 1; a <= i + 1; a++) {
        if (a < 0 || a >= nx || (a === i && b === j && c === k)) continue;
        f(a + nx * (b + ny * c));
      }
    }
  }
}

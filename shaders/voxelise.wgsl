// Voxelises a vessel tree: one invocation per voxel, each testing only the primitives binned
// into its 4×4×4 brick. Writes one z-slab of the grid per dispatch (slabs keep every buffer
// under the binding limit). CPU twin: voxelisePrimitivesCpu in src/voxel/cpu.ts; coverage()
// and segmentHitsBox() mirror src/voxel/coverage.ts and src/voxel/centreline.ts.

struct Grid {
  dims: vec3u,       // voxels per axis (whole grid)
  zStart: u32,       // first z of this slab (a multiple of 4)
  spacing: vec3f,    // voxel size per axis
  h: f32,            // smoothing width: cube root of the voxel volume
  bricks: vec3u,     // bricks per axis (whole grid)
  slabDepth: u32,    // z voxels in this slab
};

@group(0) @binding(0) var<uniform> grid: Grid;
// Round cones, 11 floats each: a.xyz, ra, b.xyz, rb, label, da, db (grid-local coordinates).
@group(0) @binding(1) var<storage, read> prims: array<f32>;
// Brick b's primitives are brickItems[brickStart[b] .. brickStart[b + 1]).
@group(0) @binding(2) var<storage, read> brickStart: array<u32>;
@group(0) @binding(3) var<storage, read> brickItems: array<u32>;
@group(0) @binding(4) var<storage, read_write> fraction: array<f32>;
@group(0) @binding(5) var<storage, read_write> flow: array<f32>;
// label in bits 0..7, centreline in bit 8.
@group(0) @binding(6) var<storage, read_write> labels: array<u32>;

const STRIDE: u32 = 11u;

fn coverage(rho: f32, r: f32, h: f32) -> f32 {
  let r2 = r * r;
  if (3.0 * r2 >= h * h) {
    return clamp(0.5 - (rho - sqrt(r2 - h * h / 12.0)) / h, 0.0, 1.0);
  }
  return (3.0 * r2 / (h * h)) * clamp(1.0 - rho / h, 0.0, 1.0);
}

fn supportRadius(r: f32, h: f32) -> f32 {
  if (3.0 * r * r >= h * h) {
    return sqrt(r * r - h * h / 12.0) + 0.5 * h;
  }
  return h;
}

fn segmentHitsBox(a: vec3f, d: vec3f, e: vec3f) -> bool {
  // a is the segment start relative to the box centre; e the box half-sizes.
  var t0 = 0.0;
  var t1 = 1.0;
  for (var i = 0u; i < 3u; i++) {
    if (d[i] == 0.0) {
      if (a[i] < -e[i] || a[i] > e[i]) { return false; }
    } else {
      let lo = (-e[i] - a[i]) / d[i];
      let hi = (e[i] - a[i]) / d[i];
      t0 = max(t0, min(lo, hi));
      t1 = min(t1, max(lo, hi));
      if (t0 > t1) { return false; }
    }
  }
  return true;
}

@compute @workgroup_size(4, 4, 4)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let z = grid.zStart + wg.z * 4u + lid.z;
  let voxel = vec3u(wg.x * 4u + lid.x, wg.y * 4u + lid.y, z);
  if (voxel.x >= grid.dims.x || voxel.y >= grid.dims.y || z >= grid.dims.z || z >= grid.zStart + grid.slabDepth) {
    return;
  }
  let b = wg.x + grid.bricks.x * (wg.y + grid.bricks.y * (z / 4u));
  let p = vec3f(voxel) * grid.spacing;
  let halfVoxel = 0.5 * grid.spacing;
  var best = 0.0;
  var label = 0u;
  var dist = 0.0;
  var onCentreline = 0u;
  for (var n = brickStart[b]; n < brickStart[b + 1u]; n++) {
    let o = brickItems[n] * STRIDE;
    let a = vec3f(prims[o], prims[o + 1u], prims[o + 2u]);
    let ra = prims[o + 3u];
    let d = vec3f(prims[o + 4u], prims[o + 5u], prims[o + 6u]) - a;
    let rb = prims[o + 7u];
    let lab = u32(prims[o + 8u]);
    let len2 = dot(d, d);
    let pa = p - a;
    var t = 0.0;
    if (len2 > 0.0) {
      t = clamp(dot(pa, d) / len2, 0.0, 1.0);
    }
    let rho = length(pa - t * d);
    let r = ra + t * (rb - ra);
    if (rho < supportRadius(max(ra, rb), grid.h)) {
      let f = coverage(rho, r, grid.h);
      if (f > best || (f == best && f > 0.0 && lab > label)) {
        best = f;
        label = lab;
        dist = prims[o + 9u] + t * (prims[o + 10u] - prims[o + 9u]);
      }
    }
    if (len2 > 0.0 && onCentreline == 0u && segmentHitsBox(-pa, d, halfVoxel)) {
      onCentreline = 1u;
    }
  }
  let v = voxel.x + grid.dims.x * (voxel.y + grid.dims.y * (z - grid.zStart));
  fraction[v] = best;
  flow[v] = dist;
  labels[v] = label | (onCentreline << 8u);
}

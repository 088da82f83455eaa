// Multi-scale Hessian vesselness (Frangi or Sato), one scale at a time. Host: src/vesselness/gpu.ts (GpuVesselness).
// CPU twin: vesselness() in src/vesselness/vesselness.ts; each function below names the CPU function it mirrors.
// Per scale the host dispatches convolveAxis three times (x, y, z: the Gaussian of σ mm, as smoothVolume) and then
// respond once (the σ²-normalised Hessian, its eigenvalues, the response, and the running maximum over scales).

// ---- convolveAxis: one 1D symmetric convolution pass (convolveAxis.ts) ----

struct Conv {
  dims: vec3u,      // voxels per axis
  axis: u32,        // 0 = x, 1 = y, 2 = z
  radius: u32,      // taps on each side of the centre
  tapStart: u32,    // index in `taps` of this pass's centre tap
};

@group(0) @binding(0) var<uniform> conv: Conv;
// Every pass's kernel, each stored from its centre outwards (gaussianKernel.ts): taps[tapStart + r] weighs ±r. The
// centre tap, taps[tapStart], is not read: the kernel sums to 1.
@group(0) @binding(1) var<storage, read> taps: array<f32>;
@group(0) @binding(2) var<storage, read> src: array<f32>;
@group(0) @binding(3) var<storage, read_write> dst: array<f32>;

// Index i (any integer) reflected into 0…n−1 as scipy's mode "reflect" (d c b a | a b c d | d c b a): reflectIndex.
fn reflectIndex(i: i32, n: i32) -> i32 {
  let period = 2 * n;
  var m = i % period;
  if (m < 0) {
    m += period;
  }
  if (m < n) {
    return m;
  }
  return period - 1 - m;
}

@compute @workgroup_size(4, 4, 4)
fn convolveAxis(@builtin(global_invocation_id) id: vec3u) {
  let dims = conv.dims;
  if (id.x >= dims.x || id.y >= dims.y || id.z >= dims.z) {
    return;
  }
  let axis = conv.axis;
  let n = i32(dims[axis]);
  let stride = select(select(dims.x * dims.y, dims.x, axis == 1u), 1u, axis == 0u);
  let i = i32(id[axis]);
  let v = id.x + dims.x * (id.y + dims.y * id.z);
  let lineStart = v - u32(i) * stride;
  // Σ taps·values as centre + Σ taps·(neighbour − centre): the kernel sums to 1 (the centre tap is implied), and
  // float32 sums only the small deviations, whose differences from the centre are exact for nearby values. The
  // result then rounds about as the CPU's float64 sum stored as float32 does; summing taps·values in float32 would
  // leave a few ulps of the image's level, which its second differences (hessianAt) magnify.
  let centre = src[v];
  var deviation = 0.0;
  for (var r = 1; r <= i32(conv.radius); r++) {
    let lo = lineStart + u32(reflectIndex(i - r, n)) * stride;
    let hi = lineStart + u32(reflectIndex(i + r, n)) * stride;
    deviation += taps[conv.tapStart + u32(r)] * ((src[lo] - centre) + (src[hi] - centre));
  }
  dst[v] = centre + deviation;
}

// ---- respond: Hessian, eigenvalues, response and the running maximum over scales (vesselness.ts) ----

struct Scale {
  dims: vec3u,      // voxels per axis
  method: u32,      // 0 = Frangi, 1 = Sato
  normsDiag: vec3f, // σ²/spacing² for xx, yy, zz (hessianNorms)
  bright: u32,      // 1: bright vessels, 0: dark ones
  normsOff: vec3f,  // σ²/(spacing_a·spacing_b) for xy, xz, yz
  radius: f32,      // this scale's vessel radius in mm
  alpha: f32,       // Frangi's α, β and c
  beta: f32,
  c: f32,
};

@group(0) @binding(4) var<uniform> scale: Scale;
@group(0) @binding(5) var<storage, read> smoothed: array<f32>;
// The largest response so far and the radius (mm) of its scale; both start at 0.
@group(0) @binding(6) var<storage, read_write> best: array<f32>;
@group(0) @binding(7) var<storage, read_write> bestRadius: array<f32>;

const TWO_PI_3: f32 = 2.0943951023931953;
const SATO_ALPHA1: f32 = 0.5;
const SATO_ALPHA2: f32 = 2.0;

struct Sym3 {
  diag: vec3f,      // xx, yy, zz
  off: vec3f,       // xy, xz, yz
};

// hessianAt: second differences of the smoothed image at voxel (x, y, z), a neighbour beyond the edge being the voxel
// itself, each times its σ²-normalising factor.
fn hessianAt(x: u32, y: u32, z: u32) -> Sym3 {
  let dims = vec3i(scale.dims);
  let nx = dims.x;
  let nxy = dims.x * dims.y;
  let v = i32(x) + nx * i32(y) + nxy * i32(z);
  let xm = select(0, -1, x > 0u);
  let xp = select(0, 1, i32(x) < dims.x - 1);
  let ym = select(0, -nx, y > 0u);
  let yp = select(0, nx, i32(y) < dims.y - 1);
  let zm = select(0, -nxy, z > 0u);
  let zp = select(0, nxy, i32(z) < dims.z - 1);
  // Grouped as differences of neighbours first, which float32 takes exactly for nearby values (as the CPU's float64).
  let s0 = smoothed[v];
  let diag = vec3f(
    (smoothed[v + xp] - s0) + (smoothed[v + xm] - s0),
    (smoothed[v + yp] - s0) + (smoothed[v + ym] - s0),
    (smoothed[v + zp] - s0) + (smoothed[v + zm] - s0),
  );
  let off = 0.25 * vec3f(
    (smoothed[v + xp + yp] - smoothed[v + xp + ym]) - (smoothed[v + xm + yp] - smoothed[v + xm + ym]),
    (smoothed[v + xp + zp] - smoothed[v + xp + zm]) - (smoothed[v + xm + zp] - smoothed[v + xm + zm]),
    (smoothed[v + yp + zp] - smoothed[v + yp + zm]) - (smoothed[v + ym + zp] - smoothed[v + ym + zm]),
  );
  return Sym3(diag * scale.normsDiag, off * scale.normsOff);
}

// Three values sorted by value, largest first.
fn sortDescending(l: vec3f) -> vec3f {
  var a = l.x;
  var b = l.y;
  var c = l.z;
  var t: f32;
  if (a < b) { t = a; a = b; b = t; }
  if (b < c) { t = b; b = c; c = t; }
  if (a < b) { t = a; a = b; b = t; }
  return vec3f(a, b, c);
}

// The eigenvalues of a symmetric matrix with off-diagonal entries, largest first. The closed form of eigenvalues.ts
// (Smith 1961) gives the eigenvalue farthest from the other two (the largest when det((A − qI)/p) ≥ 0, else the
// smallest); the other two come from the 2×2 block of A in the plane orthogonal to that eigenvalue's eigenvector,
// and the first is refined by its Rayleigh quotient. In float32 the closed form alone splits a near-double pair (a
// tube's two cross-section eigenvalues) with an error of about √ε·p through acos; this keeps every eigenvalue within a
// few ε·‖A‖, as the CPU's float64 closed form is. Entries are scaled by the largest first, so p³ cannot overflow.
fn eigenvaluesByValue(m: Sym3) -> vec3f {
  let s = max(max(max(abs(m.diag.x), abs(m.diag.y)), abs(m.diag.z)), max(max(abs(m.off.x), abs(m.off.y)), abs(m.off.z)));
  let a = m.diag.x / s;
  let b = m.diag.y / s;
  let c = m.diag.z / s;
  let d = m.off.x / s;
  let e = m.off.y / s;
  let f = m.off.z / s;
  let q = (a + b + c) / 3.0;
  let aq = a - q;
  let bq = b - q;
  let cq = c - q;
  let p = sqrt((aq * aq + bq * bq + cq * cq + 2.0 * (d * d + e * e + f * f)) / 6.0);
  if (p == 0.0) {
    return vec3f(q * s);
  }
  let det = aq * (bq * cq - f * f) - d * (d * cq - f * e) + e * (d * f - bq * e);
  let r = clamp(det / (2.0 * p * p * p), -1.0, 1.0);
  let phi = acos(r) / 3.0;
  let closed = vec3f(q + 2.0 * p * cos(phi), 0.0, q + 2.0 * p * cos(phi + TWO_PI_3));
  let far = select(closed.z, closed.x, r >= 0.0);
  // Its eigenvector: the longest cross product of two rows of A − far·I (a rank-2 matrix).
  let r0 = vec3f(a - far, d, e);
  let r1 = vec3f(d, b - far, f);
  let r2 = vec3f(e, f, c - far);
  let c01 = cross(r0, r1);
  let c02 = cross(r0, r2);
  let c12 = cross(r1, r2);
  let n01 = dot(c01, c01);
  let n02 = dot(c02, c02);
  let n12 = dot(c12, c12);
  var w = c01;
  var wn = n01;
  if (n02 > wn) { w = c02; wn = n02; }
  if (n12 > wn) { w = c12; wn = n12; }
  if (!(wn > 0.0)) {
    return vec3f(closed.x, 3.0 * q - closed.x - closed.z, closed.z) * s;
  }
  let v = w / sqrt(wn);
  // An orthonormal pair spanning the plane orthogonal to v.
  var u: vec3f;
  if (abs(v.x) > abs(v.y)) {
    u = vec3f(-v.z, 0.0, v.x) / sqrt(v.x * v.x + v.z * v.z);
  } else {
    u = vec3f(0.0, v.z, -v.y) / sqrt(v.y * v.y + v.z * v.z);
  }
  let t = cross(v, u);
  let A = mat3x3f(vec3f(a, d, e), vec3f(d, b, f), vec3f(e, f, c));
  let Au = A * u;
  let At = A * t;
  let m00 = dot(u, Au);
  let m01 = dot(u, At);
  let m11 = dot(t, At);
  let mean = 0.5 * (m00 + m11);
  let halfGap = 0.5 * (m00 - m11);
  let rad = sqrt(halfGap * halfGap + m01 * m01);
  return sortDescending(vec3f(dot(v, A * v), mean + rad, mean - rad)) * s;
}

// symmetricEigenvalues: the eigenvalues sorted by magnitude, |λ1| ≤ |λ2| ≤ |λ3| (ties keep the larger value first;
// a diagonal matrix keeps its diagonal's order before sorting, as the CPU does).
fn symmetricEigenvalues(m: Sym3) -> vec3f {
  var l: vec3f;
  if (dot(m.off, m.off) == 0.0) {
    l = m.diag;
  } else {
    l = eigenvaluesByValue(m);
  }
  var l1 = l.x;
  var l2 = l.y;
  var l3 = l.z;
  var t: f32;
  if (abs(l1) > abs(l2)) { t = l1; l1 = l2; l2 = t; }
  if (abs(l2) > abs(l3)) { t = l2; l2 = l3; l3 = t; }
  if (abs(l1) > abs(l2)) { t = l1; l1 = l2; l2 = t; }
  return vec3f(l1, l2, l3);
}

// frangiResponse (responses.ts): Frangi et al. 1998, eq. 13.
fn frangiResponse(l: vec3f, bright: bool) -> f32 {
  let wrongSign = select((l.y < 0.0) || (l.z < 0.0), (l.y > 0.0) || (l.z > 0.0), bright);
  if (wrongSign) {
    return 0.0;
  }
  let a2 = abs(l.y);
  let a3 = abs(l.z);
  if (a3 == 0.0 || a2 == 0.0) {
    return 0.0;
  }
  let ra = a2 / a3;
  let rb2 = (l.x * l.x) / (a2 * a3);
  let s2 = dot(l, l);
  let alpha = scale.alpha;
  let beta = scale.beta;
  let c = scale.c;
  return (1.0 - exp(-ra * ra / (2.0 * alpha * alpha))) * exp(-rb2 / (2.0 * beta * beta)) * (1.0 - exp(-s2 / (2.0 * c * c)));
}

// satoResponse (responses.ts): Sato et al. 1998, eq. 11.
fn satoResponse(l: vec3f, bright: bool) -> f32 {
  let byValue = sortDescending(select(-l, l, bright));
  let a = byValue.x;
  let b = byValue.y;
  if (b >= 0.0) {
    return 0.0;
  }
  let line = -b;
  let w = select(SATO_ALPHA2, SATO_ALPHA1, a <= 0.0) * line;
  return line * exp(-a * a / (2.0 * w * w));
}

@compute @workgroup_size(4, 4, 4)
fn respond(@builtin(global_invocation_id) id: vec3u) {
  let dims = scale.dims;
  if (id.x >= dims.x || id.y >= dims.y || id.z >= dims.z) {
    return;
  }
  let v = id.x + dims.x * (id.y + dims.y * id.z);
  let h = hessianAt(id.x, id.y, id.z);
  let bright = scale.bright != 0u;
  let previous = best[v];
  var response: f32;
  if (scale.method == 0u) {
    // The CPU's exact shortcuts: a vessel's trace has its sign, and the response is at most its structure term.
    let trace = h.diag.x + h.diag.y + h.diag.z;
    let wrongSign = select(trace <= 0.0, trace >= 0.0, bright);
    if (wrongSign) {
      return;
    }
    let s2 = dot(h.diag, h.diag) + 2.0 * dot(h.off, h.off);
    if (1.0 - exp(-s2 / (2.0 * scale.c * scale.c)) <= previous) {
      return;
    }
    response = frangiResponse(symmetricEigenvalues(h), bright);
  } else {
    response = satoResponse(symmetricEigenvalues(h), bright);
  }
  if (response > previous) {
    best[v] = response;
    bestRadius[v] = scale.radius;
  }
}

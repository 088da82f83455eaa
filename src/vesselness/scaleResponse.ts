/**
 * The vesselness response of one scale at every voxel of a smoothed volume: the σ²-normalised Hessian by second
 * differences (as hessianAt, written out here for speed), its eigenvalues, and Frangi's or Sato's measure.
 */
import { symmetricEigenvalues } from "./eigenvalues.js";
import { frangiResponse, satoResponse } from "./responses.js";
import type { ResolvedVesselnessOptions } from "./vesselnessOptions.js";

/**
 * Writes the response at each voxel of `sm` (x fastest, `dims`) into `out`. `norms` are hessianNorms(σ, spacing).
 * With `floor` (same grid), a Frangi response that provably cannot exceed floor[v] is not computed and written as 0.
 */
export function scaleResponse(
  sm: Float32Array,
  dims: readonly number[],
  norms: Float64Array,
  options: Pick<ResolvedVesselnessOptions, "method" | "bright" | "alpha" | "beta" | "c">,
  floor: Float32Array | null,
  out: Float32Array,
): void {
  const [nx, ny, nz] = dims;
  const [nxx, nyy, nzz, nxy, nxz, nyz] = norms;
  const { bright, alpha, beta, c } = options;
  const frangi = options.method === "frangi";
  const twoC2 = 2 * c * c;
  const eig = new Float64Array(3);
  const nxy0 = nx * ny;
  for (let z = 0; z < nz; z++) {
    const zm = z > 0 ? -nxy0 : 0,
      zp = z < nz - 1 ? nxy0 : 0;
    for (let y = 0; y < ny; y++) {
      const ym = y > 0 ? -nx : 0,
        yp = y < ny - 1 ? nx : 0;
      const row = nx * (y + ny * z);
      for (let x = 0; x < nx; x++) {
        const v = row + x;
        out[v] = 0;
        // the neighbour beyond an edge is the voxel itself (scipy's "reflect")
        const xm = x > 0 ? -1 : 0,
          xp = x < nx - 1 ? 1 : 0;
        const c2 = 2 * sm[v];
        const hxx = (sm[v + xp] - c2 + sm[v + xm]) * nxx;
        const hyy = (sm[v + yp] - c2 + sm[v + ym]) * nyy;
        const hzz = (sm[v + zp] - c2 + sm[v + zm]) * nzz;
        // Exact shortcut for Frangi's measure: a vessel's two large eigenvalues share its sign, so the trace has it too.
        const trace = hxx + hyy + hzz;
        if (frangi && (bright ? trace >= 0 : trace <= 0)) continue;
        const hxy = 0.25 * (sm[v + xp + yp] - sm[v + xp + ym] - sm[v + xm + yp] + sm[v + xm + ym]) * nxy;
        const hxz = 0.25 * (sm[v + xp + zp] - sm[v + xp + zm] - sm[v + xm + zp] + sm[v + xm + zm]) * nxz;
        const hyz = 0.25 * (sm[v + yp + zp] - sm[v + yp + zm] - sm[v + ym + zp] + sm[v + ym + zm]) * nyz;
        if (frangi) {
          // and the response is at most its structure term 1 − e^(−S²/2c²), S² = ‖H‖²_F
          if (floor) {
            const s2 = hxx * hxx + hyy * hyy + hzz * hzz + 2 * (hxy * hxy + hxz * hxz + hyz * hyz);
            if (1 - Math.exp(-s2 / twoC2) <= floor[v]) continue;
          }
          symmetricEigenvalues(hxx, hyy, hzz, hxy, hxz, hyz, eig);
          out[v] = frangiResponse(eig[0], eig[1], eig[2], alpha, beta, c, bright);
        } else {
          symmetricEigenvalues(hxx, hyy, hzz, hxy, hxz, hyz, eig);
          out[v] = satoResponse(eig[0], eig[1], eig[2], bright);
        }
      }
    }
  }
}

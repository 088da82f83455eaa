import { affineColumnNorms } from "./affine.js";
import type { NiftiHeader } from "./niftiHeader.js";
import { qformToAffine } from "./niftiQform.js";
import { type Affine, axisAlignedAffine } from "./volume.js";

/** nibabel's tolerance on a qform quaternion: 1 − (b² + c² + d²) may fall below 0 by three float32 epsilons, no more. */
const QUATERNION_SLACK = 3 * 2 ** -23;

/**
 * The voxel → world affine of a header, in its stored units: the sform when sform_code > 0, else the qform when
 * qform_code > 0, else diag(pixdim). A transform that is not finite or not invertible (a zero or repeated axis) is
 * passed over for the other one when that one is set and sound; when none is, an Error names the field, its values
 * and the fix. A qform whose quaternion is longer than 1 is refused, as nibabel refuses it.
 */
export function niftiAffine(h: NiftiHeader): Affine {
  const problems: string[] = [];
  if (h.sformCode > 0) {
    const sform: Affine = [...h.srow, 0, 0, 0, 1] as Affine;
    const problem = affineProblem(sform);
    if (!problem) return sform;
    problems.push(`the sform (sform_code ${h.sformCode}, srow_x/y/z ${h.srow.map(String).join(", ")}) ${problem}`);
  }
  if (h.qformCode > 0) {
    const qform = qformAffine(h);
    const problem = typeof qform === "string" ? qform : affineProblem(qform);
    if (!problem) return qform as Affine;
    problems.push(`the qform (qform_code ${h.qformCode}) ${problem}`);
  }
  if (problems.length > 0) {
    throw new Error(`${problems.join(" and ")}: no voxel-to-world transform to use; set a sound one with nibabel (img.set_sform(affine, 1)) and save again`);
  }
  return axisAlignedAffine([Math.abs(h.pixdim[0]), Math.abs(h.pixdim[1]), Math.abs(h.pixdim[2])]);
}

function qformAffine(h: NiftiHeader): Affine | string {
  const [b, c, d] = h.quatern;
  const numbers = [...h.quatern, ...h.qoffset, h.pixdim[0], h.pixdim[1], h.pixdim[2]];
  if (!numbers.every(Number.isFinite)) {
    return `has a value that is no number (quatern_b/c/d ${h.quatern.join(", ")}, qoffset ${h.qoffset.join(", ")}, pixdim ${h.pixdim.slice(0, 3).join(", ")})`;
  }
  if (1 - (b * b + c * c + d * d) < -QUATERNION_SLACK) {
    return `has quatern_b/c/d ${h.quatern.join(", ")}, longer than 1, so no rotation`;
  }
  return qformToAffine({ quatern: h.quatern, offset: h.qoffset, pixdim: [h.pixdim[0], h.pixdim[1], h.pixdim[2]], qfac: h.qfac });
}

/** Why an affine cannot map voxels to the world (a non-finite entry, a singular 3×3 part), or null when it can. */
export function affineProblem(m: Affine): string | null {
  if (!m.every(Number.isFinite)) return "has a value that is no number";
  const norms = affineColumnNorms(m);
  const det = m[0] * (m[5] * m[10] - m[6] * m[9]) - m[1] * (m[4] * m[10] - m[6] * m[8]) + m[2] * (m[4] * m[9] - m[5] * m[8]);
  if (!(Math.abs(det) > 1e-9 * norms[0] * norms[1] * norms[2]) || norms.some((n) => !(n > 0)))
    return "is singular (an axis of length 0, or two axes along one line)";
  return null;
}

/**
 * Point-wise effects (noise, gain fields, gamma) as kernels over a range of voxels, so that a
 * chain of them can run slice by slice while the slice is in cache: one pass over memory for
 * the whole chain instead of one per effect. A kernel keeps its own random stream, drawn in
 * voxel order, so running it in chunks gives the same bytes as running it at once.
 */
export type PointwiseKernel = (data: Float32Array, v0: number, v1: number) => void;

/** Runs every kernel over data[0..n) in chunks of `chunk` voxels (each kernel in order, per chunk). */
export function runKernels(data: Float32Array, kernels: ReadonlyArray<PointwiseKernel | null>, chunk: number): void {
  const ks = kernels.filter((k): k is PointwiseKernel => k !== null);
  if (ks.length === 0) return;
  const n = data.length;
  for (let v0 = 0; v0 < n; v0 += chunk) {
    const v1 = Math.min(n, v0 + chunk);
    for (const k of ks) k(data, v0, v1);
  }
}

// npm run bench -- mesh
// A mask's surface (src/rendering's maskSurface, `vessel-lab mesh`): seconds to mesh and to write it as STL, and its
// size, for the default brain tree voxelised on a 256³ grid (mesh_seconds_256, mesh_stl_seconds_256,
// mesh_triangles_256), and with VESSEL_LAB_DATA for each real mask there (real-labels-only/ and the labels in
// real-labeled/: mesh_seconds_<mask>, mesh_triangles_<mask>).
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { growTree } from "../src/geometry/index.js";
import { exportSurfaceMesh, maskSurface } from "../src/rendering/index.js";
import { gridForTree, voxeliseCpu } from "../src/voxel/index.js";
import { readVolume, type Volume } from "../src/volume/index.js";
import type { Report } from "./run.js";

async function measure(mask: Volume): Promise<{ seconds: number; stlSeconds: number; triangles: number }> {
  await maskSurface(mask); // vtk.js loaded and warmed once
  const t0 = performance.now();
  const surface = await maskSurface(mask);
  const t1 = performance.now();
  exportSurfaceMesh(surface, "stl");
  const t2 = performance.now();
  return { seconds: (t1 - t0) / 1000, stlSeconds: (t2 - t1) / 1000, triangles: surface.indices.length / 3 };
}

export async function run(report: Report): Promise<void> {
  const tree = growTree({ preset: "brain", seed: 7 });
  const { binary } = voxeliseCpu(tree, gridForTree(tree, { size: 256, margin: 1 }));
  const synthetic = await measure(binary);
  report("mesh_seconds_256", synthetic.seconds, "s");
  report("mesh_stl_seconds_256", synthetic.stlSeconds, "s");
  report("mesh_triangles_256", synthetic.triangles, "triangles");
  const data = process.env.VESSEL_LAB_DATA;
  if (!data) {
    console.error("mesh bench: VESSEL_LAB_DATA is not set: the real masks are skipped. Set it to the folder of real scans to mesh them too.");
    return;
  }
  const masks = [
    ...readdirSync(join(data, "real-labels-only")).map((f) => join("real-labels-only", f)),
    ...readdirSync(join(data, "real-labeled"))
      .filter((f) => /label/.test(f))
      .map((f) => join("real-labeled", f)),
  ].filter((f) => /\.nii(\.gz)?$/.test(f));
  for (const file of masks) {
    const name = file
      .split("/")
      .pop()!
      .replace(/\.nii(\.gz)?$/, "")
      .replace(/[^A-Za-z0-9]+/g, "_");
    const m = await measure(readVolume(readFileSync(join(data, file))));
    console.error(`mesh bench: ${file}: ${m.triangles} triangles in ${m.seconds.toFixed(2)} s`);
    report(`mesh_seconds_${name}`, m.seconds, "s");
    report(`mesh_triangles_${name}`, m.triangles, "triangles");
  }
}

/**
 * Meshes as files, through three.js's own exporters: a tree's tubes as binary STL, OBJ or GLB (STL and OBJ work in
 * Node and in the browser; GLB needs the browser's FileReader), and a mask's surface (maskSurface) as binary STL or
 * OBJ in world millimetres, LPS by default with the space named in the file's header as 3D Slicer writes and reads it.
 */
import * as THREE from "three";
import { STLExporter } from "three/examples/jsm/exporters/STLExporter.js";
import { OBJExporter } from "three/examples/jsm/exporters/OBJExporter.js";
import type { VesselTree } from "../geometry/tree.js";
import type { Surface } from "./maskSurface.js";
import { tubeGeometry } from "./tubeGeometry.js";

export type MeshFormat = "stl" | "obj" | "glb";
export const MESH_FORMATS: readonly MeshFormat[] = ["stl", "obj", "glb"];

function treeMesh(tree: VesselTree): THREE.Mesh {
  const geometry = tubeGeometry(tree, { radial: 12, sphereDetail: 2 });
  const mesh = new THREE.Mesh(geometry, new THREE.MeshStandardMaterial({ vertexColors: true }));
  mesh.name = `vessel-tree (${tree.unit})`;
  return mesh;
}

export async function exportTreeMesh(tree: VesselTree, format: MeshFormat): Promise<Uint8Array> {
  const mesh = treeMesh(tree);
  try {
    if (format === "stl") {
      const view = new STLExporter().parse(mesh, { binary: true }) as unknown as DataView;
      return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    }
    if (format === "obj") return new TextEncoder().encode(new OBJExporter().parse(mesh));
    if (format === "glb") {
      const { GLTFExporter } = await import("three/examples/jsm/exporters/GLTFExporter.js");
      const result = await new GLTFExporter().parseAsync(mesh, { binary: true });
      return new Uint8Array(result as ArrayBuffer);
    }
    throw new RangeError(`format = ${String(format)}; use one of ${MESH_FORMATS.join(", ")}`);
  } finally {
    mesh.geometry.dispose();
    (mesh.material as THREE.Material).dispose();
  }
}

/** The formats a surface is written in (a file of world millimetres: glTF's metres and Y-up do not fit it). */
export type SurfaceFormat = "stl" | "obj";
export const SURFACE_FORMATS: readonly SurfaceFormat[] = ["stl", "obj"];

/**
 * The coordinates a surface file is written in: LPS (x to the patient's left, y to the back, z up: DICOM's and ITK's,
 * and what 3D Slicer assumes of a mesh file since 4.11) or RAS (NIfTI's, Slicer's inside).
 */
export type SurfaceSpace = "lps" | "ras";
export const SURFACE_SPACES: readonly SurfaceSpace[] = ["lps", "ras"];

/**
 * A surface (world RAS mm, as maskSurface gives it) as a binary STL or an OBJ file in `space`: LPS turns x and y
 * (a half turn about z, so the triangles stay wound outward). The STL's 80-byte header and the OBJ's first comment say
 * `SPACE=LPS` (or RAS), which 3D Slicer reads to place the mesh on the scan.
 */
export function exportSurfaceMesh(
  surface: Surface,
  format: SurfaceFormat,
  { space = "lps", name = "vessels" }: { space?: SurfaceSpace; name?: string } = {},
): Uint8Array {
  if (!SURFACE_FORMATS.includes(format)) throw new RangeError(`format = ${String(format)}; a surface is written as ${SURFACE_FORMATS.join(" or ")}`);
  if (!SURFACE_SPACES.includes(space)) throw new RangeError(`space = ${String(space)}; use ${SURFACE_SPACES.join(" or ")}`);
  const positions = Float32Array.from(surface.positions);
  if (space === "lps") for (let p = 0; p < positions.length; p += 3) ((positions[p] = -positions[p]), (positions[p + 1] = -positions[p + 1]));
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute("position", new THREE.BufferAttribute(positions, 3));
  geometry.setIndex(new THREE.BufferAttribute(surface.indices, 1));
  const mesh = new THREE.Mesh(geometry);
  mesh.name = name;
  const header = `vessel-lab surface, mm. SPACE=${space.toUpperCase()}`;
  try {
    if (format === "obj") return new TextEncoder().encode(`# ${header}\n${new OBJExporter().parse(mesh)}`);
    const view = new STLExporter().parse(mesh, { binary: true }) as unknown as DataView;
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    bytes.set(new TextEncoder().encode(header).subarray(0, 80)); // the header's 80 bytes (zeros after the text)
    return bytes;
  } finally {
    geometry.dispose();
    (mesh.material as THREE.Material).dispose();
  }
}

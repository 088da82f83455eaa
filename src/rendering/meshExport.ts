/**
 * The tree's mesh as a file, through three.js's own exporters: binary STL, OBJ, or GLB.
 * STL and OBJ work in Node and in the browser; GLB needs the browser's FileReader.
 */
import * as THREE from "three";
import { STLExporter } from "three/examples/jsm/exporters/STLExporter.js";
import { OBJExporter } from "three/examples/jsm/exporters/OBJExporter.js";
import type { VesselTree } from "../geometry/tree.js";
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

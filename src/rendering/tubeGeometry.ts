/**
 * The tree as one triangle mesh with its true radii: each branch a smooth tube (a ring of
 * vertices at every node, framed by parallel transport, joined ring to ring), each blob an
 * icosphere; vertex colours mark pathology classes. Pure three.js (no DOM), so the CLI can
 * export the same mesh.
 */
import * as THREE from "three";
import { LABEL_CLASS, type VesselTree } from "../geometry/tree.js";

export const CLASS_COLORS: Record<number, string> = {
  [LABEL_CLASS.vessel]: "#d8463c",
  [LABEL_CLASS.stenosis]: "#f2b134",
  [LABEL_CLASS.aneurysm]: "#b845d8",
};

export function tubeGeometry(tree: VesselTree, { radial = 8, sphereDetail = 1 }: { radial?: number; sphereDetail?: number } = {}): THREE.BufferGeometry {
  const positions: number[] = [];
  const normals: number[] = [];
  const colors: number[] = [];
  const indices: number[] = [];
  const color = new THREE.Color();
  const t = new THREE.Vector3(),
    n = new THREE.Vector3(),
    b = new THREE.Vector3(),
    prevT = new THREE.Vector3(),
    dir = new THREE.Vector3(),
    tmp = new THREE.Vector3();
  const nodes = tree.nodes;

  for (const branch of tree.branches) {
    const ids = branch.nodes;
    if (ids.length < 2) continue;
    const base = positions.length / 3;
    for (let i = 0; i < ids.length; i++) {
      const p = nodes[ids[i]].p;
      // Tangent: average of the incoming and outgoing directions.
      const prev = nodes[ids[Math.max(0, i - 1)]].p,
        next = nodes[ids[Math.min(ids.length - 1, i + 1)]].p;
      t.set(next[0] - prev[0], next[1] - prev[1], next[2] - prev[2]);
      if (t.lengthSq() === 0) t.copy(prevT.lengthSq() ? prevT : tmp.set(0, 0, 1));
      t.normalize();
      if (i === 0) {
        // Any normal perpendicular to the first tangent.
        n.set(Math.abs(t.x) < 0.9 ? 1 : 0, Math.abs(t.x) < 0.9 ? 0 : 1, 0)
          .cross(t)
          .normalize();
      } else {
        // Parallel transport: remove the new tangent's component from the previous normal.
        n.sub(tmp.copy(t).multiplyScalar(n.dot(t))).normalize();
      }
      b.crossVectors(t, n);
      prevT.copy(t);
      const node = nodes[ids[i]];
      // The first ring takes the colour of the segment after it.
      color.set(CLASS_COLORS[i === 0 ? nodes[ids[1]].label : node.label] ?? CLASS_COLORS[LABEL_CLASS.vessel]);
      for (let k = 0; k < radial; k++) {
        const a = (2 * Math.PI * k) / radial;
        dir.copy(n).multiplyScalar(Math.cos(a)).addScaledVector(b, Math.sin(a));
        positions.push(p[0] + node.r * dir.x, p[1] + node.r * dir.y, p[2] + node.r * dir.z);
        normals.push(dir.x, dir.y, dir.z);
        colors.push(color.r, color.g, color.b);
      }
    }
    for (let i = 0; i + 1 < ids.length; i++)
      for (let k = 0; k < radial; k++) {
        const a = base + i * radial + k,
          c = base + i * radial + ((k + 1) % radial);
        indices.push(a, a + radial, c, c, a + radial, c + radial);
      }
  }

  if (tree.blobs.length) {
    const sphere = new THREE.IcosahedronGeometry(1, sphereDetail);
    const sp = sphere.getAttribute("position"),
      sn = sphere.getAttribute("normal");
    const si = sphere.index;
    for (const blob of tree.blobs) {
      const base = positions.length / 3;
      color.set(CLASS_COLORS[blob.label] ?? CLASS_COLORS[LABEL_CLASS.aneurysm]);
      for (let v = 0; v < sp.count; v++) {
        positions.push(blob.c[0] + blob.r * sp.getX(v), blob.c[1] + blob.r * sp.getY(v), blob.c[2] + blob.r * sp.getZ(v));
        normals.push(sn.getX(v), sn.getY(v), sn.getZ(v));
        colors.push(color.r, color.g, color.b);
      }
      if (si) for (let i = 0; i < si.count; i++) indices.push(base + si.getX(i));
      else for (let i = 0; i < sp.count; i++) indices.push(base + i);
    }
    sphere.dispose();
  }

  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute("position", new THREE.Float32BufferAttribute(positions, 3));
  geometry.setAttribute("normal", new THREE.Float32BufferAttribute(normals, 3));
  geometry.setAttribute("color", new THREE.Float32BufferAttribute(colors, 3));
  geometry.setIndex(positions.length / 3 > 65535 ? new THREE.Uint32BufferAttribute(indices, 1) : new THREE.Uint16BufferAttribute(indices, 1));
  geometry.computeBoundingSphere();
  return geometry;
}

/**
 * A three.js view of a vessel tree: tubes with their true radii, orbit controls, a scale bar
 * and a legend of the pathology colours. `update(tree)` swaps the geometry and keeps the
 * renderer, camera and controls, so a re-grown tree re-renders in a frame; `dispose()` frees
 * everything it made.
 */
import * as THREE from "three";
import { OrbitControls } from "three/examples/jsm/controls/OrbitControls.js";
import type { VesselTree } from "../geometry/tree.js";
import { CLASS_COLORS, tubeGeometry } from "./tubeGeometry.js";
import { lengthLabel, niceLength } from "./scaleBar.js";

export interface TreeView extends HTMLElement {
  update(tree: VesselTree, options?: { keepCamera?: boolean }): void;
  dispose(): void;
  /** Milliseconds the last update took to build the mesh and draw it. */
  lastUpdateMs: number;
}

export function treeView(
  tree: VesselTree,
  { width = 640, height = 480, background = "#0e1117" }: { width?: number; height?: number; background?: string } = {},
): TreeView {
  const root = document.createElement("div") as unknown as TreeView;
  root.style.cssText = `position:relative;width:${width}px;height:${height}px;max-width:100%`;
  root.className = "vl-tree-view";
  const renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
  renderer.setPixelRatio(Math.min(2, globalThis.devicePixelRatio || 1));
  renderer.setSize(width, height);
  renderer.setClearColor(background);
  root.append(renderer.domElement);

  const scene = new THREE.Scene();
  scene.add(new THREE.HemisphereLight(0xffffff, 0x334466, 1.6));
  const sun = new THREE.DirectionalLight(0xffffff, 1.8);
  scene.add(sun);
  const camera = new THREE.PerspectiveCamera(40, width / height, 0.01, 1e5);
  camera.up.set(0, 0, 1);
  const controls = new OrbitControls(camera, renderer.domElement);
  controls.enableDamping = false;
  const material = new THREE.MeshStandardMaterial({ vertexColors: true, roughness: 0.55, metalness: 0.05 });
  let mesh: THREE.Mesh | null = null;
  let unit = tree.unit;

  const bar = document.createElement("div");
  bar.style.cssText = "position:absolute;left:12px;bottom:10px;color:#eee;font:12px system-ui;text-shadow:0 0 3px #000";
  const barLine = document.createElement("div");
  barLine.style.cssText = "height:4px;background:#eee;margin-bottom:3px";
  const barText = document.createElement("span");
  bar.append(barLine, barText);
  bar.className = "vl-scale-bar";
  const legend = document.createElement("div");
  legend.style.cssText = "position:absolute;right:10px;top:8px;color:#eee;font:12px system-ui;line-height:1.5";
  for (const [name, cls] of [
    ["vessel", 1],
    ["stenosis", 2],
    ["aneurysm", 3],
  ] as const) {
    const row = document.createElement("div");
    const sw = document.createElement("span");
    sw.style.cssText = `display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px;background:${CLASS_COLORS[cls]}`;
    row.append(sw, document.createTextNode(name));
    legend.append(row);
  }
  root.append(bar, legend);

  const render = () => {
    sun.position.copy(camera.position);
    renderer.render(scene, camera);
    // World length of one pixel at the orbit target, for the scale bar.
    const dist = camera.position.distanceTo(controls.target);
    const perPixel = (2 * dist * Math.tan(THREE.MathUtils.degToRad(camera.fov / 2))) / height;
    const len = niceLength(perPixel * Math.min(160, width / 4));
    barLine.style.width = `${len / perPixel}px`;
    barText.textContent = lengthLabel(len, unit);
  };
  controls.addEventListener("change", render);

  root.lastUpdateMs = 0;
  root.update = (next, { keepCamera = false } = {}) => {
    const t0 = performance.now();
    unit = next.unit;
    const geometry = tubeGeometry(next);
    if (mesh) {
      mesh.geometry.dispose();
      mesh.geometry = geometry;
    } else {
      mesh = new THREE.Mesh(geometry, material);
      scene.add(mesh);
    }
    if (!keepCamera) {
      const { min, max } = next.bounds;
      const center = new THREE.Vector3((min[0] + max[0]) / 2, (min[1] + max[1]) / 2, (min[2] + max[2]) / 2);
      const size = Math.max(max[0] - min[0], max[1] - min[1], max[2] - min[2]) || 1;
      controls.target.copy(center);
      camera.position.copy(center).add(new THREE.Vector3(0.25, -2.1, 0.6).multiplyScalar(size / Math.min(1, width / height)));
      camera.near = size / 1000;
      camera.far = size * 100;
      camera.updateProjectionMatrix();
      controls.update();
    }
    render();
    root.lastUpdateMs = performance.now() - t0;
  };
  root.dispose = () => {
    controls.dispose();
    mesh?.geometry.dispose();
    material.dispose();
    renderer.dispose();
    renderer.forceContextLoss();
  };
  root.update(tree);
  return root;
}

/**
 * A ray-marched 3D view of a Volume in three.js: the volume goes into a Data3DTexture
 * (normalised to bytes, which every WebGL2 device filters linearly) and is drawn with
 * three's VolumeRenderShader1 as a maximum-intensity projection or a first-hit isosurface,
 * at its physical aspect ratio, with orbit controls. `dispose()` frees textures, material,
 * geometry and renderer.
 */
import * as THREE from "three";
import { OrbitControls } from "three/examples/jsm/controls/OrbitControls.js";
import { VolumeRenderShader1 } from "three/examples/jsm/shaders/VolumeShader.js";
import { interpolateInferno } from "d3-scale-chromatic";
import type { Volume } from "../volume/index.js";

export interface VolumeView extends HTMLElement {
  dispose(): void;
}

export function volumeToBytes(volume: Volume, [lo, hi]: [number, number]): Uint8Array {
  const out = new Uint8Array(volume.data.length);
  const scale = 255 / (hi - lo || 1);
  for (let i = 0; i < out.length; i++) {
    const v = (volume.data[i] - lo) * scale;
    out[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  return out;
}

function colormapTexture(): THREE.DataTexture {
  const data = new Uint8Array(256 * 4);
  for (let i = 0; i < 256; i++) {
    const c = new THREE.Color(interpolateInferno(i / 255));
    data.set([c.r * 255, c.g * 255, c.b * 255, 255], 4 * i);
  }
  const tex = new THREE.DataTexture(data, 256, 1, THREE.RGBAFormat);
  tex.needsUpdate = true;
  return tex;
}

export function volumeView(
  volume: Volume,
  {
    width = 400,
    height = 400,
    mode = "mip",
    window = [0, 1],
    threshold = 0.5,
  }: { width?: number; height?: number; mode?: "mip" | "iso"; window?: [number, number]; threshold?: number } = {},
): VolumeView {
  const [nx, ny, nz] = volume.dims;
  const root = document.createElement("div") as unknown as VolumeView;
  root.style.cssText = `width:${width}px;height:${height}px;max-width:100%`;
  const renderer = new THREE.WebGLRenderer({ antialias: false, preserveDrawingBuffer: true });
  renderer.setPixelRatio(Math.min(2, globalThis.devicePixelRatio || 1));
  renderer.setSize(width, height);
  renderer.setClearColor("#0e1117");
  root.append(renderer.domElement);

  const texture = new THREE.Data3DTexture(volumeToBytes(volume, window), nx, ny, nz);
  texture.format = THREE.RedFormat;
  texture.type = THREE.UnsignedByteType;
  texture.minFilter = texture.magFilter = THREE.LinearFilter;
  texture.unpackAlignment = 1;
  texture.needsUpdate = true;
  const cmap = colormapTexture();
  const uniforms = THREE.UniformsUtils.clone(VolumeRenderShader1.uniforms);
  uniforms.u_data.value = texture;
  uniforms.u_size.value.set(nx, ny, nz);
  uniforms.u_clim.value.set(0, 1);
  uniforms.u_renderstyle.value = mode === "mip" ? 0 : 1;
  uniforms.u_renderthreshold.value = threshold;
  uniforms.u_cmdata.value = cmap;
  const material = new THREE.ShaderMaterial({
    uniforms,
    vertexShader: VolumeRenderShader1.vertexShader,
    fragmentShader: VolumeRenderShader1.fragmentShader,
    side: THREE.BackSide,
  });
  const geometry = new THREE.BoxGeometry(nx, ny, nz);
  geometry.translate(nx / 2 - 0.5, ny / 2 - 0.5, nz / 2 - 0.5);
  const mesh = new THREE.Mesh(geometry, material);
  mesh.scale.set(...volume.spacing);
  const scene = new THREE.Scene();
  scene.add(mesh);
  const size = Math.max(nx * volume.spacing[0], ny * volume.spacing[1], nz * volume.spacing[2]);
  const center = new THREE.Vector3((nx * volume.spacing[0]) / 2, (ny * volume.spacing[1]) / 2, (nz * volume.spacing[2]) / 2);
  const camera = new THREE.PerspectiveCamera(35, width / height, size / 100, size * 100);
  camera.up.set(0, 0, 1);
  camera.position.copy(center).add(new THREE.Vector3(0.3, -1.8, 0.6).multiplyScalar(size));
  const controls = new OrbitControls(camera, renderer.domElement);
  controls.target.copy(center);
  controls.update();
  const render = () => renderer.render(scene, camera);
  controls.addEventListener("change", render);
  render();
  root.dispose = () => {
    controls.dispose();
    texture.dispose();
    cmap.dispose();
    material.dispose();
    geometry.dispose();
    renderer.dispose();
    renderer.forceContextLoss();
  };
  return root;
}

/**
 * Writing a Volume as MetaImage (.mha) or NRRD (.nrrd), for users whose tools are ITK, VTK or 3D Slicer: one file each
 * (voxels after the header), compressed (zlib for MetaImage, gzip for NRRD), in this machine's byte order, world
 * coordinates in LPS+ as those tools keep them (the RAS+ affine with x and y negated). readVolume reads both back to
 * the same voxels and affine.
 */
import { zlibSync } from "fflate";
import { affineColumnNorms } from "./affine.js";
import { gzip } from "./gzip.js";
import { ELEMENT_TYPES, lpsToRas } from "./metaImage.js";
import { nrrdTypeName } from "./nrrd.js";
import { LITTLE_ENDIAN_HOST } from "./voxelDecode.js";
import { datatypeOfArray } from "./niftiDatatypes.js";
import { checkVolume } from "./writeNifti.js";
import type { Volume } from "./volume.js";

/** The MetaIO element type written for a voxel type: the first that holds it. */
function metType(voxelType: string): string {
  return Object.keys(ELEMENT_TYPES).find((met) => ELEMENT_TYPES[met] === voxelType)!;
}

/** The LPS+ axes (mm per index step, one per voxel axis), their lengths and the origin of a volume. */
function lpsGeometry(volume: Volume): { axes: number[][]; spacing: number[]; origin: number[] } {
  const a = lpsToRas(volume.affine); // its own inverse: RAS+ → LPS+
  return {
    axes: [0, 1, 2].map((c) => [a[c], a[4 + c], a[8 + c]]),
    spacing: affineColumnNorms(a),
    origin: [a[3], a[7], a[11]],
  };
}

/** A volume's voxels as bytes, in this machine's order (the writers store them so). */
export function voxelBytes(volume: Volume): Uint8Array {
  return new Uint8Array(volume.data.buffer, volume.data.byteOffset, volume.data.byteLength);
}

function withHeader(header: string, data: Uint8Array): Uint8Array {
  const head = new TextEncoder().encode(header);
  const out = new Uint8Array(head.length + data.length);
  out.set(head);
  out.set(data, head.length);
  return out;
}

/** A .mha: MetaIO's header (TransformMatrix rows = the axes' unit directions, Offset, ElementSpacing) and zlib-compressed voxels. */
export function writeMetaImage(volume: Volume, { compress = true }: { compress?: boolean } = {}): Uint8Array {
  checkVolume(volume, "writeMetaImage");
  const type = datatypeOfArray(volume.data);
  const { axes, spacing, origin } = lpsGeometry(volume);
  const raw = voxelBytes(volume);
  const data = compress ? zlibSync(raw, { level: 6 }) : raw;
  const lines = [
    "ObjectType = Image",
    "NDims = 3",
    "BinaryData = True",
    `BinaryDataByteOrderMSB = ${LITTLE_ENDIAN_HOST ? "False" : "True"}`,
    `CompressedData = ${compress ? "True" : "False"}`,
    ...(compress ? [`CompressedDataSize = ${data.length}`] : []),
    `TransformMatrix = ${axes.flatMap((d, a) => d.map((x) => x / spacing[a])).join(" ")}`,
    `Offset = ${origin.join(" ")}`,
    `ElementSpacing = ${spacing.join(" ")}`,
    `DimSize = ${volume.dims.join(" ")}`,
    `ElementType = ${metType(type.name)}`,
    "ElementDataFile = LOCAL",
  ];
  return withHeader(lines.join("\n") + "\n", data);
}

/** A .nrrd as 3D Slicer writes it: space left-posterior-superior, space directions and origin, gzip-compressed voxels. */
export function writeNrrd(volume: Volume, { compress = true, content }: { compress?: boolean; content?: string } = {}): Uint8Array {
  checkVolume(volume, "writeNrrd");
  const type = datatypeOfArray(volume.data);
  const { axes, origin } = lpsGeometry(volume);
  const raw = voxelBytes(volume);
  const lines = [
    "NRRD0004",
    `type: ${nrrdTypeName(type.name)}`,
    "dimension: 3",
    "space: left-posterior-superior",
    `sizes: ${volume.dims.join(" ")}`,
    `space directions: ${axes.map((d) => `(${d.join(",")})`).join(" ")}`,
    "kinds: domain domain domain",
    `endian: ${LITTLE_ENDIAN_HOST ? "little" : "big"}`,
    `encoding: ${compress ? "gzip" : "raw"}`,
    `space origin: (${origin.join(",")})`,
    ...(content ? [`content: ${content.replace(/[\r\n]+/g, " ")}`] : []),
  ];
  return withHeader(lines.join("\n") + "\n\n", compress ? gzip(raw, 6) : raw);
}

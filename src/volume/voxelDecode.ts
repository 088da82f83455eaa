/**
 * Voxel bytes → a typed array, shared by every reader (NIfTI, MetaImage, NRRD): the element types by name, a view in
 * place where the bytes allow it, else a copy, byte-swapped when the file's byte order is not this machine's.
 */
import { type NiftiDatatype, niftiDatatypeNamed } from "./niftiDatatypes.js";
import type { VoxelArray } from "./volume.js";

/** This machine's byte order: voxels in it are viewed in place, and the writers store voxels in it. */
export const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A voxel type vessel-lab holds in a Volume, by its plain name ("uint8", "int16", "float32", …). */
export type VoxelType = NiftiDatatype;
export const voxelTypeNamed = niftiDatatypeNamed;

/**
 * `voxels` values of `type` stored from byte `start` of `raw`. Where the bytes are in this machine's order they are
 * viewed in place when `ownBuffer` (the reader made them, e.g. by inflating) and aligned, else copied; otherwise each
 * value is read with its byte order. The caller has checked that `raw` holds them.
 */
export function decodeVoxels(raw: Uint8Array, start: number, type: VoxelType, voxels: number, littleEndian: boolean, ownBuffer: boolean): VoxelArray {
  const at = raw.byteOffset + start;
  const bytes = voxels * type.bytes;
  if (littleEndian === LITTLE_ENDIAN_HOST || type.bytes === 1) {
    if (ownBuffer && at % type.bytes === 0) return new type.ArrayType(raw.buffer as ArrayBuffer, at, voxels);
    return new type.ArrayType(raw.buffer.slice(at, at + bytes) as ArrayBuffer);
  }
  const data = new type.ArrayType(voxels);
  const view = new DataView(raw.buffer, at, bytes);
  for (let n = 0; n < voxels; n++) data[n] = type.get(view, n * type.bytes, littleEndian);
  return data;
}

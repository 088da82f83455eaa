import type { VoxelArray } from "./volume.js";

type ArrayConstructor = {
  new (length: number): VoxelArray;
  new (buffer: ArrayBuffer, byteOffset?: number, length?: number): VoxelArray;
  BYTES_PER_ELEMENT: number;
};

/** A NIfTI datatype vessel-lab reads and writes: its code, its name and the typed array that holds it. */
export interface NiftiDatatype {
  code: number;
  name: string;
  bytes: number;
  ArrayType: ArrayConstructor;
  /** The DataView getter that reads one value (for byte-swapping big-endian files). */
  get: (view: DataView, offset: number, littleEndian: boolean) => number;
}

const SUPPORTED: NiftiDatatype[] = [
  { code: 2, name: "uint8", bytes: 1, ArrayType: Uint8Array, get: (v, o) => v.getUint8(o) },
  { code: 4, name: "int16", bytes: 2, ArrayType: Int16Array, get: (v, o, le) => v.getInt16(o, le) },
  { code: 8, name: "int32", bytes: 4, ArrayType: Int32Array, get: (v, o, le) => v.getInt32(o, le) },
  { code: 16, name: "float32", bytes: 4, ArrayType: Float32Array, get: (v, o, le) => v.getFloat32(o, le) },
  { code: 64, name: "float64", bytes: 8, ArrayType: Float64Array, get: (v, o, le) => v.getFloat64(o, le) },
  { code: 256, name: "int8", bytes: 1, ArrayType: Int8Array, get: (v, o) => v.getInt8(o) },
  { code: 512, name: "uint16", bytes: 2, ArrayType: Uint16Array, get: (v, o, le) => v.getUint16(o, le) },
  { code: 768, name: "uint32", bytes: 4, ArrayType: Uint32Array, get: (v, o, le) => v.getUint32(o, le) },
];

/** Names of the NIfTI datatypes vessel-lab cannot hold in a Volume, for error messages. */
const UNSUPPORTED_NAMES: Record<number, string> = {
  0: "unknown",
  1: "binary",
  32: "complex64",
  128: "RGB24",
  1024: "int64",
  1280: "uint64",
  1536: "float128",
  1792: "complex128",
  2048: "complex256",
  2304: "RGBA32",
};

/** The datatype with NIfTI code `code`; throws an Error naming the code and the supported types otherwise. */
export function niftiDatatype(code: number): NiftiDatatype {
  const found = SUPPORTED.find((d) => d.code === code);
  if (found) return found;
  const name = UNSUPPORTED_NAMES[code] ?? "not a NIfTI datatype";
  throw new Error(
    `unsupported datatype ${code} (${name}); vessel-lab reads ${SUPPORTED.map((d) => d.name).join(", ")}: convert the file first (e.g. fslmaths in.nii.gz out.nii.gz -odt float)`,
  );
}

/** The datatype vessel-lab holds under a plain name ("uint8", "int16", "float32"…), or undefined. */
export function niftiDatatypeNamed(name: string): NiftiDatatype | undefined {
  return SUPPORTED.find((d) => d.name === name);
}

/** The name of a NIfTI datatype code, supported or not ("int16", "RGB24", "code 99"). */
export function niftiDatatypeName(code: number): string {
  return SUPPORTED.find((d) => d.code === code)?.name ?? UNSUPPORTED_NAMES[code] ?? `code ${code}`;
}

/** The NIfTI datatype that stores `data` without conversion. */
export function datatypeOfArray(data: VoxelArray): NiftiDatatype {
  const found = SUPPORTED.find((d) => data instanceof d.ArrayType);
  if (!found) throw new TypeError(`writeNifti: volume.data is a ${Object.prototype.toString.call(data)}; use one of the VoxelArray typed arrays`);
  return found;
}

/**
 * A Volume as a TIFF stack Fiji, ImageJ, napari and tifffile open with its voxel size: classic TIFF in this machine's
 * byte order (as the MetaImage and NRRD writers store voxels), uncompressed, one page per z slice, ImageJ's description (images, slices, unit, spacing) with the in-plane voxel
 * size in the resolution tags. The affine's orientation is not kept (TIFF has none); `.nii.gz` keeps it.
 */
import { datatypeOfArray } from "./niftiDatatypes.js";
import { TIFF_SAMPLE_TYPES } from "./tiff.js";
import { TIFF_TAG as T } from "./tiffDirectory.js";
import { voxelBytes } from "./writeTextHeader.js";
import type { Volume } from "./volume.js";
import { LITTLE_ENDIAN_HOST as LE } from "./voxelDecode.js";
import { checkVolume } from "./writeNifti.js";

/** Classic TIFF addresses 4 GiB. */
const TIFF_MAX_BYTES = 2 ** 32 - 1;

const SHORT = 3;
const LONG = 4;
const RATIONAL = 5;
const ASCII = 2;

/** A rational as two uint32s, as close to `value` as they hold. */
function toRational(value: number): [number, number] {
  const den = Math.max(1, Math.min(1e6, Math.floor(4e9 / Math.max(value, 1))));
  return [Math.max(1, Math.round(value * den)), den];
}

/** The TIFF file's bytes; throws a RangeError, with the fix, for a volume over the 4 GiB classic TIFF holds. */
export function writeTiff(volume: Volume): Uint8Array {
  const [nx, ny, nz] = volume.dims;
  const typeName = datatypeOfArray(volume.data).name;
  const [format, bits] = Object.keys(TIFF_SAMPLE_TYPES)
    .find((key) => TIFF_SAMPLE_TYPES[key] === typeName)!
    .split(":")
    .map(Number);
  const pageBytes = nx * ny * (bits / 8);
  const dataBytes = pageBytes * nz;
  // ImageJ's own units: µm for microscopy's voxels, mm for a scanner's
  const micron = Math.max(...volume.spacing) < 0.1;
  const scale = micron ? 1000 : 1;
  const unit = micron ? "micron" : "mm";
  const description = `ImageJ=1.11a\nimages=${nz}\nslices=${nz}\nunit=${unit}\nspacing=${+(volume.spacing[2] * scale).toPrecision(9)}\nloop=false\n\0`;
  const software = "vessel-lab\0";
  // per page: the IFD (the description's entry on page 1 only), then its two rationals (16 bytes), then (page 1) the
  // description; the software name once, shared
  const ifdBytes = (z: number): number => 2 + (z === 0 ? 16 : 15) * 12 + 4;
  const softwareAt = 8 + dataBytes + (dataBytes % 2);
  let total = softwareAt + software.length + (software.length % 2);
  const ifdAt: number[] = [];
  for (let z = 0; z < nz; z++) {
    ifdAt.push(total);
    total += ifdBytes(z) + 16 + (z === 0 ? description.length : 0);
    total += total % 2;
  }
  if (total > TIFF_MAX_BYTES) {
    throw new RangeError(
      `a ${volume.dims.join("×")} volume takes ${(total / 2 ** 30).toFixed(1)} GiB as TIFF, over the 4 GiB a classic TIFF holds; write .nii.gz instead`,
    );
  }
  checkVolume(volume, "writeTiff");
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(LE ? [0x49, 0x49, 42, 0] : [0x4d, 0x4d, 0, 42]); // "II" or "MM": the voxels as they lie in memory
  view.setUint32(4, ifdAt[0], LE);
  out.set(voxelBytes(volume), 8);
  for (let i = 0; i < software.length; i++) out[softwareAt + i] = software.charCodeAt(i);
  const xRes = toRational(1 / (volume.spacing[0] * scale));
  const yRes = toRational(1 / (volume.spacing[1] * scale));
  for (let z = 0; z < nz; z++) {
    let at = ifdAt[z];
    const extra = at + ifdBytes(z);
    const tags: [number, number, number, number][] = [
      [T.newSubfileType, LONG, 1, 0],
      [T.width, LONG, 1, nx],
      [T.height, LONG, 1, ny],
      [T.bitsPerSample, SHORT, 1, bits],
      [T.compression, SHORT, 1, 1], // none
      [T.photometric, SHORT, 1, 1], // black is zero
      ...(z === 0 ? [[T.description, ASCII, description.length, extra + 16] as [number, number, number, number]] : []),
      [T.stripOffsets, LONG, 1, 8 + z * pageBytes],
      [T.samplesPerPixel, SHORT, 1, 1],
      [T.rowsPerStrip, LONG, 1, ny],
      [T.stripByteCounts, LONG, 1, pageBytes],
      [T.xResolution, RATIONAL, 1, extra],
      [T.yResolution, RATIONAL, 1, extra + 8],
      [T.resolutionUnit, SHORT, 1, 1], // no absolute unit: ImageJ's unit is in the description
      [T.software, ASCII, software.length, softwareAt],
      [T.sampleFormat, SHORT, 1, format],
    ];
    view.setUint16(at, tags.length, LE);
    at += 2;
    for (const [tag, type, count, value] of tags) {
      view.setUint16(at, tag, LE);
      view.setUint16(at + 2, type, LE);
      view.setUint32(at + 4, count, LE);
      if (type === SHORT) view.setUint16(at + 8, value, LE);
      else view.setUint32(at + 8, value, LE);
      at += 12;
    }
    view.setUint32(at, z + 1 < nz ? ifdAt[z + 1] : 0, LE);
    view.setUint32(extra, xRes[0], LE);
    view.setUint32(extra + 4, xRes[1], LE);
    view.setUint32(extra + 8, yRes[0], LE);
    view.setUint32(extra + 12, yRes[1], LE);
    if (z === 0) for (let i = 0; i < description.length; i++) out[extra + 16 + i] = description.charCodeAt(i);
  }
  return out;
}

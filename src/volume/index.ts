export { type Volume, type VoxelArray, type Vec3, type Affine, voxelCount, axisAlignedAffine, createVolume, index3 } from "./volume.js";
export { multiplyAffines, invertAffine, transformPoint, affineColumnNorms, affinesClose, axisCodes } from "./affine.js";
export { readNifti, decodeNifti, READ_MAX_BYTES, type ReadNiftiOptions } from "./nifti.js";
export { readNiftiHeader, NIFTI_HEADER_PREFIX, type NiftiHeader } from "./niftiHeader.js";
export { niftiLayout, type NiftiLayout } from "./niftiLayout.js";
export { niftiAffine } from "./niftiAffine.js";
export { writeNifti, quantiseInt16, NIFTI_INTENT, NIFTI_STORED_TYPES, type NiftiStoredType, type WriteNiftiOptions } from "./writeNifti.js";
export { qformToAffine, affineToQform, type Qform } from "./niftiQform.js";
export { isGzip, gzip, gunzip, GUNZIP_MAX_BYTES, type GunzipOptions } from "./gzip.js";
export { formatSize } from "./sizes.js";
export { resampleVolume, resampleToGrid, type Grid, type ResampleOptions } from "./resampleVolume.js";
export { cropVolume } from "./cropVolume.js";
export { voxelBox } from "./voxelBox.js";
export { valueRange } from "./valueRange.js";
export { padVolume } from "./padVolume.js";
export { volumeStats, type VolumeStats } from "./volumeStats.js";
export { percentileOfSorted, percentilesOf } from "./percentiles.js";
export {
  readVolume,
  tiffLayout,
  dicomLayout,
  dicomSeriesInFile,
  volumeFormat,
  volumeLayout,
  VOLUME_NAME,
  VOLUME_FORMATS_TEXT,
  VOLUME_HEAD_BYTES,
  type VolumeFormat,
  type VolumeLayout,
  type ReadVolumeOptions,
  formatOfName,
  VOLUME_FORMAT_NAMES,
  ONE_DICOM_SLICE,
} from "./readVolume.js";
export { readMetaImage, readMetaImageHeader, isMetaImage, lpsToRas, type MetaImageHeader } from "./metaImage.js";
export { readNrrd, readNrrdHeader, isNrrd, type NrrdHeader } from "./nrrd.js";
export { writeMetaImage, writeNrrd } from "./writeTextHeader.js";
export { readTiff, readTiffHeader, isTiff, type TiffHeader } from "./tiff.js";
export { writeTiff } from "./writeTiff.js";
export { COMPRESSED_SYNTAXES, type DicomCodec, dicomCodecsOf, loadDicomCodecs, transferSyntaxOf } from "./dicomCodecs.js";
export {
  isDicom,
  readDicomSlices,
  dicomHeadOf,
  DICOM_HEAD_STEPS,
  dicomHeadIn,
  imageRefusal,
  refusalCheckFile,
  noSuchSeries,
  type DicomHead,
  seriesOfHeads,
  severalSeriesOfHeads,
  seriesArgument,
  seriesNamedBy,
  type HeadSeries,
  dicomSeriesLayout,
  dicomSeriesOf,
  readDicomSeries,
  NotAnImage,
  DamagedDicom,
  type DamagedFile,
  damagedNote,
  inNameOrder,
  notDicomFile,
  damagedByName,
  DICOM_FILE_NAME,
  DICOM_MEDIA_FILE_ID,
  SeveralSeries,
  type SeriesSummary,
  type DicomSlice,
  type DicomSeriesLayout,
  type SeriesReadOptions,
} from "./dicom.js";

/**
 * Real scans the lab shows next to synthetic ones. They are loaded from their owners' public
 * URLs (never copied into the project); the tests serve local copies under the same URLs.
 */
import {
  type DicomSeriesLayout,
  type NiftiHeader,
  type Volume,
  type VolumeFormat,
  decodeNifti,
  isDicom,
  readDicomSeries,
  readVolume,
  volumeFormat,
} from "../volume/index.js";
import { dicomFileSeries, dicomSeriesName } from "./dicomFiles.js";
import type { FileLayout } from "./volumeBudget.js";

export interface RealScan {
  id: string;
  name: string;
  url: string;
  modality: string;
  description: string;
  credit: string;
  licence: string;
}

export const REAL_SCANS: readonly RealScan[] = [
  {
    id: "chris_MRA",
    name: "Brain TOF-MRA (chris_MRA)",
    url: "https://niivue.github.io/niivue-demo-images/chris_MRA.nii.gz",
    modality: "brain-tof",
    description: "brain time-of-flight MRA, 200×256×120 at 0.52×0.52×0.65 mm; background zeroed by the publisher",
    credit: "acquired by C. Rorden, from the NiiVue demo images",
    licence: "CC BY-NC 4.0",
  },
  {
    id: "CT_AVM",
    name: "Head CTA with an AVM (CT_AVM)",
    url: "https://niivue.github.io/niivue-demo-images/CT_AVM.nii.gz",
    modality: "cta",
    description: "head CT angiogram with an arteriovenous malformation, 256×242×154 at 0.72×0.72×1 mm; background zeroed",
    credit: "IBIS PRISM database, from the NiiVue demo images",
    licence: "no licence stated",
  },
];

export interface LoadedScan {
  volume: Volume;
  /** The NIfTI header, for a NIfTI file; null for MetaImage and NRRD. */
  header: NiftiHeader | null;
  /** The file's format: a page offers its outputs in it too. */
  format: VolumeFormat;
  bytes: number;
  /** What reading it found or did that the user should see (a DICOM series: "120 slices, JPEG-LS; gantry tilt of 15.00° corrected: …"). */
  note?: string;
}

/**
 * Fetches and reads a NIfTI file from a URL. Errors say what failed (network, HTTP status,
 * not a NIfTI) and what the user can do instead.
 */
export async function fetchNifti(
  url: string,
  { signal, onProgress }: { signal?: AbortSignal; onProgress?: (loaded: number, total: number) => void } = {},
): Promise<LoadedScan> {
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new Error(
      `Could not download ${url} (${(error as Error).message}): are you offline? You can open a scan file (NIfTI, MetaImage, NRRD or TIFF) from your computer instead.`,
    );
  }
  if (!response.ok)
    throw new Error(
      `Could not download ${url}: the server answered ${response.status} ${response.statusText}. You can open a scan file (NIfTI, MetaImage, NRRD or TIFF) from your computer instead.`,
    );
  const total = Number(response.headers.get("content-length")) || 0;
  let bytes: Uint8Array;
  if (response.body && onProgress) {
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let loaded = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.byteLength;
      onProgress(loaded, total);
    }
    bytes = new Uint8Array(loaded);
    let o = 0;
    for (const c of chunks) {
      bytes.set(c, o);
      o += c.byteLength;
    }
  } else bytes = new Uint8Array(await response.arrayBuffer());
  const { volume, header } = decodeNifti(bytes);
  return { volume, header, bytes: bytes.byteLength, format: "nifti" };
}

/**
 * Reads a scan File the user picked or dropped: NIfTI, MetaImage (.mha), NRRD (.nrrd) or a TIFF stack (.tif), told apart by its first bytes;
 * several files given together are the files of one DICOM series (dicomFileSeries).
 * A .mhd or .nhdr whose voxels are in another file is refused with the fix (a page is given one file). `read` is what
 * checkFileBudget read to lay the file out (a TIFF's bytes, a DICOM series), decoded rather than read again. The file
 * name is returned as plain text, never HTML.
 */
export async function readScanFile(given: File | readonly File[], read?: FileLayout): Promise<LoadedScan & { name: string }> {
  const files: readonly File[] = Array.isArray(given) ? given : [given as File];
  const file = files[0];
  const dicom = (series: DicomSeriesLayout, total: number, note = series.note) =>
    ({
      volume: readDicomSeries(series),
      header: null,
      bytes: total,
      name: dicomSeriesName(series),
      format: "dicom",
      note: note.slice(note.indexOf(": ") + 2), // after "DICOM series 3 'angio'", which the name holds
    }) as const;
  if (read?.series) return dicom(read.series, read.fileBytes ?? 0, read.note); // the layout's note: the series', and the other files ignored
  if (files.length > 1 || isDicom(new Uint8Array(await file.slice(0, 132).arrayBuffer()))) {
    try {
      const { series, bytes: total } = await dicomFileSeries(files);
      return dicom(series, total);
    } catch (error) {
      throw files.length === 1 ? new Error(`${file.name}: ${(error as Error).message}`) : error;
    }
  }
  const bytes = read?.bytes ?? new Uint8Array(await file.arrayBuffer());
  try {
    const format = volumeFormat(bytes.subarray(0, 64 * 1024)) ?? "nifti";
    if (format === "nifti") {
      const { volume, header } = decodeNifti(bytes);
      return { volume, header, bytes: bytes.byteLength, name: file.name, format };
    }
    return { volume: readVolume(bytes), header: null, bytes: bytes.byteLength, name: file.name, format };
  } catch (error) {
    throw new Error(`${file.name}: ${(error as Error).message}`);
  }
}

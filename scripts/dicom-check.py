#!/usr/bin/python3
"""Cross-checks vessel-lab's DICOM series reading against pydicom-written series and dcm2niix (the reference DICOM to
NIfTI converter). Used by test/volume/dicom.test.ts.

  /usr/bin/python3 scripts/dicom-check.py write DIR            # writes one folder a series into DIR, prints them as JSON
  /usr/bin/python3 scripts/dicom-check.py compare FOLDER NIFTI [--tilted]  # dcm2niix's NIfTI of FOLDER (its
                                                                        # tilt-corrected one) against NIFTI, as JSON
  /usr/bin/python3 scripts/dicom-check.py corpus DIR           # pydicom's own test files, one folder each, as JSON
  /usr/bin/python3 scripts/dicom-check.py huge-header DIR      # a two-slice series whose headers run past 16 MiB
  /usr/bin/python3 scripts/dicom-check.py mr-spectroscopy FILE POINTS  # a sound MR spectroscopy file: no pixels, POINTS samples

Needs pydicom, nibabel, dcm2niix and GDCM (its gdcmconv writes the compressed series; its Python module lets pydicom decode
JPEG-LS and JPEG 2000 in the corpus): apt-get install -y python3-pydicom python3-nibabel dcm2niix libgdcm-tools python3-gdcm. Each
written series says what a reader should make of it, computed here from the geometry it was written with: the voxels
x fastest (x along a row, y down the columns, z the slices in order along the slice normal) after RescaleSlope and
RescaleIntercept, and the RAS affine (DICOM's patient coordinates are LPS).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np

try:
    import nibabel as nib
    import pydicom
    from pydicom.dataset import FileDataset, FileMetaDataset
    from pydicom.encaps import encapsulate, generate_pixel_data_frame
    from pydicom.uid import (
        DeflatedExplicitVRLittleEndian,
        ExplicitVRBigEndian,
        ExplicitVRLittleEndian,
        ImplicitVRLittleEndian,
        JPEGBaseline8Bit,
        RLELossless,
        generate_uid,
    )
except ImportError as error:
    sys.stderr.write(f"{error}: install it with apt-get install -y python3-pydicom python3-nibabel dcm2niix libgdcm-tools python3-gdcm\n")
    sys.exit(3)

CT_STORAGE = "1.2.840.10008.5.1.4.1.1.2"
# gdcmconv's flag for each compressed transfer syntax vessel-lab reads (each lossless by default), and its name in folder names
GDCMCONV = {"--rle": "rle", "--jpeg": "jpeg-lossless", "--jpegls": "jpeg-ls", "--j2k": "jpeg2000"}
SYNTAX = {"rle": "1.2.840.10008.1.2.5", "jpeg-lossless": "1.2.840.10008.1.2.4.70", "jpeg-ls": "1.2.840.10008.1.2.4.80", "jpeg2000": "1.2.840.10008.1.2.4.90"}
MR_STORAGE = "1.2.840.10008.5.1.4.1.1.4"


def rotation(ax, ay, az):
    """A rotation matrix from angles (degrees) about x, y, z."""
    a, b, c = np.radians([ax, ay, az])
    rx = np.array([[1, 0, 0], [0, np.cos(a), -np.sin(a)], [0, np.sin(a), np.cos(a)]])
    ry = np.array([[np.cos(b), 0, np.sin(b)], [0, 1, 0], [-np.sin(b), 0, np.cos(b)]])
    rz = np.array([[np.cos(c), -np.sin(c), 0], [np.sin(c), np.cos(c), 0], [0, 0, 1]])
    return rz @ ry @ rx


def write_series(
    folder,
    slices,
    *,
    rows=5,
    columns=7,
    row_dir=(1, 0, 0),
    col_dir=(0, 1, 0),
    spacing=(0.8, 0.6),
    gap=1.5,
    origin=(-20.0, 31.0, 7.5),
    dtype="int16",
    bits_stored=None,
    slope=1.0,
    intercept=0.0,
    syntax=ExplicitVRLittleEndian,
    modality="CT",
    series_uid=None,
    series_number=3,
    description="angio",
    order=None,
    positions=None,
    extra=None,
    high_bits=0,
    pixels=None,
):
    """Writes `slices` files of one series; returns the stored arrays (rows × columns) in position order and the LPS affine."""
    os.makedirs(folder, exist_ok=True)
    series_uid = series_uid or generate_uid()
    study_uid = generate_uid()
    frame_uid = generate_uid()
    row_dir = np.asarray(row_dir, float)
    col_dir = np.asarray(col_dir, float)
    normal = np.cross(row_dir, col_dir)
    normal /= np.linalg.norm(normal)
    if positions is None:
        positions = [np.asarray(origin) + k * gap * normal for k in range(slices)]
    info = np.iinfo(dtype)
    bits = bits_stored or info.bits
    lo, hi = (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) if info.min < 0 else (0, 2**bits - 1)
    arrays = []
    for k in range(slices):
        n = np.arange(rows * columns, dtype=np.int64).reshape(rows, columns)
        values = lo + (n * 37 + k * 1009 + 11) % (hi - lo + 1)
        arrays.append(values if pixels is None else pixels[k])
    order = order if order is not None else list(range(slices))
    for file_index, k in enumerate(order):
        meta = FileMetaDataset()
        storage = CT_STORAGE if modality == "CT" else MR_STORAGE
        meta.MediaStorageSOPClassUID = storage
        meta.MediaStorageSOPInstanceUID = generate_uid()
        meta.TransferSyntaxUID = syntax
        meta.ImplementationClassUID = generate_uid()
        ds = FileDataset(None, {}, file_meta=meta, preamble=b"\0" * 128)
        ds.is_little_endian = syntax != ExplicitVRBigEndian
        ds.is_implicit_VR = syntax == ImplicitVRLittleEndian
        ds.SOPClassUID = storage
        ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
        ds.StudyInstanceUID = study_uid
        ds.SeriesInstanceUID = series_uid
        ds.FrameOfReferenceUID = frame_uid
        ds.Modality = modality
        ds.PatientName = "Phantom^Vessel"
        ds.PatientID = "vessel-lab"
        ds.StudyDate = "20261205"
        ds.StudyTime = "120000"
        ds.SeriesNumber = series_number
        ds.SeriesDescription = description
        ds.InstanceNumber = k + 1
        ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
        ds.ImagePositionPatient = [float(v) for v in positions[k]]
        ds.ImageOrientationPatient = [float(v) for v in (*row_dir, *col_dir)]
        ds.PixelSpacing = [spacing[0], spacing[1]]
        ds.SliceThickness = gap
        ds.Rows = rows
        ds.Columns = columns
        ds.SamplesPerPixel = 1
        ds.PhotometricInterpretation = "MONOCHROME2"
        ds.BitsAllocated = info.bits
        ds.BitsStored = bits
        ds.HighBit = bits - 1
        ds.PixelRepresentation = 1 if info.min < 0 else 0
        if slope != 1 or intercept != 0:
            ds.RescaleSlope = slope
            ds.RescaleIntercept = intercept
        raw = arrays[k].astype(np.int64)
        if high_bits:  # garbage above BitsStored (an overlay), which a reader must mask off
            raw = (raw & (2**bits - 1)) | (high_bits << bits)
        stored = raw.astype(np.dtype(f"u{info.bits // 8}")).astype(np.dtype(dtype).newbyteorder("<" if ds.is_little_endian else ">"))
        if syntax == JPEGBaseline8Bit:
            ds.PixelData = encapsulate([b"\xff\xd8\xff\xdb" + b"\0" * 60 + b"\xff\xd9"])
            ds["PixelData"].is_undefined_length = True
        else:
            ds.PixelData = stored.tobytes()
        for key, value in (extra or {}).items():
            setattr(ds, key, value)
        ds.save_as(os.path.join(folder, f"IM{file_index:04d}.dcm"), write_like_original=False)
    along = np.argsort([np.dot(p, normal) for p in positions])  # the slices as a reader orders them
    lps = np.eye(4)
    lps[:3, 0] = row_dir * spacing[1]
    lps[:3, 1] = col_dir * spacing[0]
    lps[:3, 2] = normal * (np.dot(positions[along[-1]], normal) - np.dot(positions[along[0]], normal)) / max(1, slices - 1) if slices > 1 else normal * gap
    lps[:3, 3] = positions[along[0]]
    return [arrays[k] for k in along], lps


def write_enhanced(path, frames, *, rows=5, columns=7, row_dir=(1, 0, 0), col_dir=(0, 1, 0), spacing=(0.8, 0.6), gap=1.5, origin=(-20.0, 31.0, 7.5), order=None, slope=1.0, intercept=0.0, groups=True):
    """One enhanced MR file (multi-frame): its frames stored in `order`, each frame's position in its per-frame functional
    group, the orientation, pixel spacing and rescale shared; without `groups`, frames and no geometry (old-style
    multi-frame). Returns the frames' arrays in position order and the LPS affine, as write_series."""
    from pydicom.dataset import Dataset
    from pydicom.sequence import Sequence

    row_dir, col_dir = np.asarray(row_dir, float), np.asarray(col_dir, float)
    normal = np.cross(row_dir, col_dir)
    normal /= np.linalg.norm(normal)
    positions = [np.asarray(origin) + k * gap * normal for k in range(frames)]
    arrays = [((np.arange(rows * columns).reshape(rows, columns) * 37 + k * 1009 + 11) % 4000).astype(np.uint16) for k in range(frames)]
    order = order if order is not None else list(range(frames))
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.4.1"  # Enhanced MR Image Storage
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = generate_uid()
    ds = FileDataset(None, {}, file_meta=meta, preamble=b"\0" * 128)
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.FrameOfReferenceUID = generate_uid(), generate_uid(), generate_uid()
    ds.Modality, ds.PatientName, ds.PatientID, ds.StudyDate, ds.StudyTime = "MR", "Phantom^Vessel", "vessel-lab", "20261205", "120000"
    ds.Manufacturer, ds.SeriesNumber, ds.SeriesDescription, ds.InstanceNumber = "vessel-lab", 7, "enhanced TOF", 1
    ds.ImageType = ["ORIGINAL", "PRIMARY", "M", "NONE"]
    ds.Rows, ds.Columns, ds.NumberOfFrames, ds.SamplesPerPixel, ds.PhotometricInterpretation = rows, columns, frames, 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 0
    if groups:
        shared = Dataset()
        orientation = Dataset()
        orientation.ImageOrientationPatient = [float(v) for v in (*row_dir, *col_dir)]
        shared.PlaneOrientationSequence = Sequence([orientation])
        measures = Dataset()
        measures.PixelSpacing, measures.SliceThickness, measures.SpacingBetweenSlices = list(spacing), gap, gap
        shared.PixelMeasuresSequence = Sequence([measures])
        if slope != 1 or intercept != 0:
            transform = Dataset()
            transform.RescaleSlope, transform.RescaleIntercept, transform.RescaleType = slope, intercept, "US"
            shared.PixelValueTransformationSequence = Sequence([transform])
        ds.SharedFunctionalGroupsSequence = Sequence([shared])
        per = []
        for k in order:
            frame, position, content = Dataset(), Dataset(), Dataset()
            position.ImagePositionPatient = [float(v) for v in positions[k]]
            frame.PlanePositionSequence = Sequence([position])
            content.InStackPositionNumber, content.StackID, content.DimensionIndexValues = k + 1, "1", [1, k + 1]
            frame.FrameContentSequence = Sequence([content])
            per.append(frame)
        ds.PerFrameFunctionalGroupsSequence = Sequence(per)
    ds.PixelData = b"".join(arrays[k].tobytes() for k in order)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    ds.save_as(path, write_like_original=False)
    lps = np.eye(4)
    lps[:3, 0], lps[:3, 1], lps[:3, 2], lps[:3, 3] = row_dir * spacing[1], col_dir * spacing[0], normal * gap, positions[0]
    return arrays, lps


def expected(arrays, lps, slope=1.0, intercept=0.0):
    """The voxels x fastest (slices in position order, each row by row) after rescaling, and the RAS affine."""
    values = np.stack(arrays).astype(np.float64) * slope + intercept
    ras = np.diag([-1.0, -1.0, 1.0, 1.0]) @ lps
    return values.ravel().tolist(), ras.ravel().tolist()


def gdcmconv_copy(source, target, flag):
    """Each file of the folder `source` rewritten by gdcmconv with `flag` (a compressed transfer syntax) into `target`."""
    os.makedirs(target)
    for file in sorted(os.listdir(source)):
        r = subprocess.run(["gdcmconv", flag, f"{source}/{file}", f"{target}/{file}"], capture_output=True, text=True)
        if r.returncode != 0:
            sys.stderr.write(f"gdcmconv {flag} {source}/{file} failed ({r.returncode}):\n{r.stdout}{r.stderr}\n")
            sys.exit(1)


def untilted(arrays, shifts, rows):
    """A gantry-tilted series' slices on the orthogonal grid (`rows` tall): voxel (row j, column i) of slice k is the
    slice's point (j - v, i - u) for its shift (u, v), interpolated linearly by scipy; a point half a pixel or more
    outside the slice takes the series' lowest value; rounded, as the voxels are integers."""
    from scipy.ndimage import map_coordinates

    fill = min(a.min() for a in arrays)
    out = []
    for a, (u, v) in zip(arrays, shifts):
        j, i = np.mgrid[0:rows, 0 : a.shape[1]].astype(float)
        y, x = j - v, i - u
        values = map_coordinates(a.astype(float), [y, x], order=1, mode="nearest")
        outside = (y <= -0.5) | (y >= a.shape[0] - 0.5) | (x <= -0.5) | (x >= a.shape[1] - 0.5)
        out.append(np.where(outside, fill, np.floor(values + 0.5)))  # halves rounded up, as JavaScript's Math.round
    return out


def deflate_bomb(folder):
    """A file in the deflated transfer syntax whose data set inflates to 300 MB of zeros (a crafted file, 0.3 MB)."""
    import struct
    import zlib

    os.makedirs(folder)
    meta_elements = b"".join(
        struct.pack("<HH2sH", 0x0002, element, b"UI", len(value)) + value
        for element, value in ((0x0002, b"1.2.840.10008.5.1.4.1.1.7\0"), (0x0003, b"1.2.3.4\0"), (0x0010, b"1.2.840.10008.1.2.1.99\0"))
    )
    meta = struct.pack("<HH2sHI", 0x0002, 0x0000, b"UL", 4, len(meta_elements)) + meta_elements
    big = 300 * 2**20
    body = zlib.compressobj(9, zlib.DEFLATED, -15)
    out = [body.compress(struct.pack("<HH2sHI", 0x7FE0, 0x0010, b"OB", 0, big))]
    zeros = bytes(2**20)
    for _ in range(300):
        out.append(body.compress(zeros))
    out.append(body.flush())
    with open(f"{folder}/bomb.dcm", "wb") as f:
        f.write(b"\0" * 128 + b"DICM" + meta + b"".join(out))


def write(root):
    if shutil.which("gdcmconv") is None:
        sys.stderr.write("gdcmconv not found: install it with apt-get install -y libgdcm-tools\n")
        sys.exit(3)
    made = []

    def record(name, dims=None, arrays=None, lps=None, slope=1.0, intercept=0.0, dtype=None, refused=None, dcm2niix=True, note=None, tolerance=1e-6):
        entry = {"name": name, "refused": refused, "dims": dims, "dtype": dtype, "dcm2niix": dcm2niix if refused is None else False, "note": note, "tolerance": tolerance}
        if arrays is not None and refused is None:
            entry["values"], entry["affine"] = expected(arrays, lps, slope, intercept)
        made.append(entry)

    # CT: signed 16-bit, Hounsfield intercept, files named against the order of the slices, which run downwards
    arrays, lps = write_series(
        f"{root}/ct-axial",
        6,
        dtype="uint16",
        bits_stored=12,
        intercept=-1024,
        order=[3, 0, 5, 1, 4, 2],
        row_dir=(1, 0, 0),
        col_dir=(0, 1, 0),
        positions=[(-20.0, 31.0, 7.5 - 1.5 * k) for k in range(6)],
    )
    record("ct-axial", [7, 5, 6], arrays, lps, intercept=-1024, dtype="int16")
    # MR: oblique, unsigned 16-bit with a fractional rescale, non-square pixels
    r = rotation(20, -12, 33)
    arrays, lps = write_series(
        f"{root}/mr-oblique", 5, dtype="uint16", row_dir=r[:, 0], col_dir=r[:, 1], spacing=(0.9, 0.8), gap=1.3, slope=0.5, intercept=3, modality="MR"
    )
    record("mr-oblique", [7, 5, 5], arrays, lps, slope=0.5, intercept=3, dtype="float32")
    # sagittal, implicit VR, 8-bit
    arrays, lps = write_series(
        f"{root}/sagittal-implicit", 4, dtype="uint8", row_dir=(0, 1, 0), col_dir=(0, 0, -1), syntax=ImplicitVRLittleEndian, modality="MR"
    )
    record("sagittal-implicit", [7, 5, 4], arrays, lps, dtype="uint8")
    # explicit VR big endian (retired, still met in old archives)
    arrays, lps = write_series(f"{root}/big-endian", 4, dtype="int16", syntax=ExplicitVRBigEndian)
    record("big-endian", [7, 5, 4], arrays, lps, dtype="int16", dcm2niix=False)
    # slices in subfolders beside a DICOM file without pixels (as a DICOMDIR or a report) and a text file
    arrays, lps = write_series(f"{root}/nested/a", 4, dtype="int16", series_uid="1.2.826.0.1.3680043.10.1", order=[0, 2])
    write_series(f"{root}/nested/b", 4, dtype="int16", series_uid="1.2.826.0.1.3680043.10.1", order=[1, 3])
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.1.3.10"
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(None, {}, file_meta=meta, preamble=b"\0" * 128)
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.FileSetID = "VESSELLAB"
    ds.save_as(f"{root}/nested/DICOMDIR", write_like_original=False)
    with open(f"{root}/nested/README.txt", "w") as f:
        f.write("exported by a scanner\n")
    record("nested", [7, 5, 4], arrays, lps, dtype="int16", dcm2niix=False, note="1 file without pixels skipped; 1 other file ignored")
    # a scan with a vessel in it: a bright tube across a dim background, for segmenting
    y, x = np.mgrid[0:28, 0:32]
    tube = [np.where((x - 15.5 - 0.4 * k) ** 2 + (y - 13.5) ** 2 < 2.5**2, 900, 120 + (x * 7 + y * 3 + k) % 40) for k in range(14)]
    arrays, lps = write_series(f"{root}/tube", 14, rows=28, columns=32, dtype="uint16", spacing=(0.5, 0.5), gap=0.5, modality="MR", pixels=tube)
    record("tube", [32, 28, 14], arrays, lps, dtype="uint16")
    # 12 bits stored in 16, signed, with garbage above the stored bits
    arrays, lps = write_series(f"{root}/bits12", 3, dtype="int16", bits_stored=12, high_bits=5)
    record("bits12", [7, 5, 3], arrays, lps, dtype="int16", dcm2niix=False)

    # compressed as PACS exports are: four series, each file rewritten by GDCM (gdcmconv) in each compressed transfer
    # syntax vessel-lab decodes, lossless; the same voxels and placement as the uncompressed files. 34×30 pixels: GDCM's
    # JPEG 2000 encoder fails on images as small as the ones above, its RLE encoder on 8-bit ones of odd sizes
    r = rotation(5, -8, 14)
    sources = {
        "c-ct12": dict(dtype="uint16", bits_stored=12, intercept=-1024, out="int16", row_dir=r[:, 0], col_dir=r[:, 1]),
        "c-signed": dict(dtype="int16", out="int16"),
        "c-mr8": dict(dtype="uint8", out="uint8", modality="MR"),
        "c-mr16": dict(dtype="uint16", slope=0.5, intercept=3, out="float32", modality="MR"),
    }
    for source, o in sources.items():
        out = o.pop("out")
        arrays, lps = write_series(f"{root}/{source}", 3, rows=30, columns=34, description=source, **o)
        record(source, [34, 30, 3], arrays, lps, slope=o.get("slope", 1.0), intercept=o.get("intercept", 0.0), dtype=out)
        original = made[-1]
        for flag, codec in GDCMCONV.items():
            name = f"{source}-{codec}"
            gdcmconv_copy(f"{root}/{source}", f"{root}/{name}", flag)
            assert str(pydicom.dcmread(next(os.scandir(f"{root}/{name}")).path, stop_before_pixels=True).file_meta.TransferSyntaxUID) == SYNTAX[codec]
            # Debian's dcm2niix is built without JPEG-LS
            made.append({**original, "name": name, "syntax": SYNTAX[codec], "dcm2niix": original["dcm2niix"] and codec != "jpeg-ls"})
    # damaged compressed data: an RLE header that counts 5 segments, a lossless JPEG fragment of zeros
    for name, source, damage in [
        ("c-damaged-rle", "c-signed-rle", lambda frame: (5).to_bytes(4, "little") + frame[4:]),
        ("c-damaged-jpeg", "c-signed-jpeg-lossless", lambda frame: bytes(len(frame))),
        ("c-damaged-j2k", "c-signed-jpeg2000", lambda frame: frame[: len(frame) // 2 // 2 * 2]),
    ]:
        shutil.copytree(f"{root}/{source}", f"{root}/{name}")
        ds = pydicom.dcmread(f"{root}/{name}/IM0001.dcm")
        ds.PixelData = encapsulate([damage(next(generate_pixel_data_frame(ds.PixelData)))])
        ds.save_as(f"{root}/{name}/IM0001.dcm")
    record("c-damaged-rle", refused="IM0001.dcm: its RLE data hold 5 segments, not the 2 of one grey sample of 16 bits")
    record("c-damaged-jpeg", refused="IM0001.dcm: its lossless JPEG data cannot be decoded")
    record("c-damaged-j2k", refused="IM0001.dcm: its JPEG 2000 data cannot be decoded: a damaged file")
    # signed 8-bit: read from RLE, lossless JPEG and JPEG-LS; its JPEG 2000 copy refused (the decoder clamps to 0–255)
    arrays, lps = write_series(f"{root}/c-int8", 3, rows=30, columns=34, dtype="int8", description="c-int8")
    record("c-int8", [34, 30, 3], arrays, lps, dtype="int8", dcm2niix=False)
    original = made[-1]
    for flag, codec in GDCMCONV.items():
        gdcmconv_copy(f"{root}/c-int8", f"{root}/c-int8-{codec}", flag)
        if codec == "jpeg2000":
            record("c-int8-jpeg2000", refused="signed 8-bit samples")
        else:
            made.append({**original, "name": f"c-int8-{codec}", "syntax": SYNTAX[codec]})
    # enhanced files whose frames are compressed and stored as PACS archives do: a frame in two fragments, found by where
    # its codestream ends (no offset table) or by the offset table; one fragment a frame without an offset table
    for name, flag, fragments, bot in [("enhanced-jpeg-split", "--jpeg", 2, False), ("enhanced-jpegls-split", "--jpegls", 2, True), ("enhanced-rle-nobot", "--rle", 1, False)]:
        arrays, lps = write_enhanced(f"{root}/{name}/enhanced.dcm", 3, rows=30, columns=34, order=[2, 0, 1])
        frames = f"{root}/.{name}-frames"  # each frame as a file of its own, for gdcmconv
        write_series(frames, 3, rows=30, columns=34, dtype="uint16", pixels=[arrays[k] for k in [2, 0, 1]])
        gdcmconv_copy(frames, f"{frames}-c", flag)
        streams = [next(generate_pixel_data_frame(pydicom.dcmread(f"{frames}-c/{f}").PixelData)) for f in sorted(os.listdir(f"{frames}-c"))]
        ds = pydicom.dcmread(f"{root}/{name}/enhanced.dcm")
        ds.PixelData = encapsulate(streams, fragments_per_frame=fragments, has_bot=bot)
        ds["PixelData"].is_undefined_length = True
        ds.file_meta.TransferSyntaxUID = SYNTAX[GDCMCONV[flag]]
        ds.save_as(f"{root}/{name}/enhanced.dcm")
        shutil.rmtree(frames)
        shutil.rmtree(f"{frames}-c")
        record(name, [34, 30, 3], arrays, lps, dtype="uint16", dcm2niix=False)
    # an enhanced file RLE-compressed by pydicom: one fragment a frame, a basic offset table
    arrays, lps = write_enhanced(f"{root}/enhanced-rle/enhanced.dcm", 4, order=[1, 3, 0, 2])
    ds = pydicom.dcmread(f"{root}/enhanced-rle/enhanced.dcm")
    ds.compress(RLELossless)
    ds.save_as(f"{root}/enhanced-rle/enhanced.dcm")
    record("enhanced-rle", [7, 5, 4], arrays, lps, dtype="uint16", dcm2niix=False)

    # refused, each with the reason's words
    write_series(f"{root}/two-series/a", 3, series_number=2, description="T1")
    write_series(f"{root}/two-series/b", 3, series_number=5, description="TOF")
    record("two-series", refused="2 series")
    write_series(f"{root}/jpeg", 3, dtype="uint8", syntax=JPEGBaseline8Bit)
    record("jpeg", refused="compressed as lossy baseline JPEG")
    gaps = [0, 1, 2, 4, 5]
    write_series(f"{root}/missing-slice", 5, positions=[(0.0, 0.0, 1.5 * g) for g in gaps])
    record("missing-slice", refused="not evenly spaced")
    write_series(f"{root}/echoes", 6, positions=[(0.0, 0.0, 2.0 * (k % 3)) for k in range(6)])
    record("echoes", refused="several volumes")
    # gantry tilt: each slice 0.4 mm (half a row) further along the columns than the normal puts it, 14.9°; resampled
    # onto an orthogonal grid two rows taller, as dcm2niix's tilt-corrected file (its geometry compared below)
    arrays, lps = write_series(f"{root}/tilt", 4, dtype="int16", positions=[(0.0, 0.4 * k, 1.5 * k) for k in range(4)])
    record("tilt", [7, 7, 4], untilted(arrays, [(0.0, 0.5 * k) for k in range(4)], rows=7), lps, dtype="int16", dcm2niix="geometry", note="gantry tilt of 14.93° corrected")
    # tilted the other way, by 0.3 mm a slice (0.375 of a row): the grid starts 2 rows before the first slice's first row
    arrays, lps = write_series(f"{root}/tilt-back", 5, dtype="int16", positions=[(0.0, -0.3 * k, 1.5 * k) for k in range(5)])
    lps[:3, 3] += -2 * 0.8 * np.array([0.0, 1.0, 0.0])
    record("tilt-back", [7, 7, 5], untilted(arrays, [(0.0, 2 - 0.375 * k) for k in range(5)], rows=7), lps, dtype="int16", dcm2niix="geometry", note="gantry tilt of 11.31° corrected")
    # an enhanced MR file: oblique, its frames stored out of order, a shared rescale
    r = rotation(12, 8, -20)
    arrays, lps = write_enhanced(f"{root}/enhanced/enhanced.dcm", 5, row_dir=r[:, 0], col_dir=r[:, 1], order=[2, 0, 4, 1, 3], slope=0.5, intercept=3)
    record("enhanced", [7, 5, 5], arrays, lps, slope=0.5, intercept=3, dtype="float32")
    write_enhanced(f"{root}/multiframe/frames.dcm", 4, groups=False)
    record("multiframe", refused="without a position for each frame")
    write_series(f"{root}/colour", 2, extra={"SamplesPerPixel": 3, "PhotometricInterpretation": "RGB"})
    record("colour", refused="colour")
    # an oblique series whose orientation is rounded to 5 decimals, as scanners write it: not a gantry tilt
    r = rotation(-3.7, -29.3, -7.8)
    arrays, lps = write_series(f"{root}/oblique-rounded", 6, dtype="int16", row_dir=np.round(r[:, 0], 5), col_dir=np.round(r[:, 1], 5), positions=[tuple(np.round(k * 1.5 * np.cross(r[:, 0], r[:, 1]), 2)) for k in range(6)])
    record("oblique-rounded", [7, 5, 6], arrays, lps, dtype="int16", tolerance=0.01)  # positions rounded to 0.01 mm
    # the files of a series reached through links (git-annex, DataLad), one link to nothing beside them
    arrays, lps = write_series(f"{root}/link-target", 3, dtype="int16")
    shutil.move(f"{root}/link-target", f"{root}/.link-target")
    os.makedirs(f"{root}/links")
    for name in sorted(os.listdir(f"{root}/.link-target")):
        os.symlink(f"{root}/.link-target/{name}", f"{root}/links/{name}")
    os.symlink(f"{root}/nowhere", f"{root}/links/stale")
    record("links", [7, 5, 3], arrays, lps, dtype="int16", dcm2niix=False)

    write_series(f"{root}/slope-zero", 2, dtype="uint16", slope=0.0, intercept=5, extra={"RescaleSlope": 0})
    record("slope-zero", refused="RescaleSlope is 0")
    write_series(f"{root}/missing-position", 3)
    ds = pydicom.dcmread(f"{root}/missing-position/IM0001.dcm")
    del ds.ImagePositionPatient
    ds.save_as(f"{root}/missing-position/IM0001.dcm")
    record("missing-position", refused="IM0001.dcm has no ImagePositionPatient")
    write_series(f"{root}/not-perpendicular", 2, row_dir=(1, 0, 0), col_dir=(0.5, 0.866025, 0))
    record("not-perpendicular", refused="not two perpendicular unit directions")
    deflate_bomb(f"{root}/deflate-bomb")
    record("deflate-bomb", refused="inflates past")
    # a deflated series (pydicom deflates the data set on writing), read as its uncompressed files would be
    noise = [np.random.RandomState(k).randint(-2000, 2000, (200, 200)) for k in range(3)]  # incompressible: files of about 70 kB deflated
    arrays, lps = write_series(f"{root}/deflated", 3, rows=200, columns=200, dtype="int16", syntax=DeflatedExplicitVRLittleEndian, pixels=noise)
    record("deflated", [200, 200, 3], arrays, lps, dtype="int16", dcm2niix=False)
    # small deflated files whose deflated bytes begin like an SQ element (trip_meta_header_readers)
    arrays, lps = write_series(f"{root}/deflated-sq", 2, dtype="int16", syntax=DeflatedExplicitVRLittleEndian)
    trip_meta_header_readers(f"{root}/deflated-sq")
    record("deflated-sq", [7, 5, 2], arrays, lps, dtype="int16", dcm2niix=False)
    # a header longer than the 64 kB an exam's files are first read for (a large private element, as Siemens' CSA headers)
    arrays, lps = write_series(f"{root}/long-header", 3, dtype="int16")
    add_private_element(f"{root}/long-header", 100_000)
    record("long-header", [7, 5, 3], arrays, lps, dtype="int16", dcm2niix=False)
    os.makedirs(f"{root}/empty-folder", exist_ok=True)
    with open(f"{root}/empty-folder/notes.txt", "w") as f:
        f.write("no images here\n")
    record("empty-folder", refused="without DICOM files")
    print(json.dumps(made))


def trip_meta_header_readers(folder):
    """The first deflated file of `folder` given new SOPInstanceUIDs until its deflated bytes begin like an element of VR
    SQ: a reader that finds the end of the meta header by reading on until a later group (dicom-parser 1.8.21 does) reads
    them as a sequence and fails, as it did on about one in fifteen of these files by chance. Every other UID is fixed
    first, so that the files, and the attempt that trips, are the same on every run (with one zlib)."""
    names = sorted(os.listdir(folder))
    for name in names:
        ds = pydicom.dcmread(f"{folder}/{name}")
        ds.StudyInstanceUID = generate_uid(entropy_srcs=["deflated study"])
        ds.SeriesInstanceUID = generate_uid(entropy_srcs=["deflated series"])
        ds.FrameOfReferenceUID = generate_uid(entropy_srcs=["deflated frame"])
        ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid(entropy_srcs=[name])
        ds.file_meta.ImplementationClassUID = generate_uid(entropy_srcs=["deflated implementation"])
        ds.save_as(f"{folder}/{name}", write_like_original=False)
    path = f"{folder}/{names[0]}"
    for attempt in range(20000):
        with open(path, "rb") as f:
            data = f.read()
        end = 144 + int.from_bytes(data[140:144], "little")  # the meta header's end, by its group length
        if data[end + 4 : end + 6] == b"SQ":
            return attempt
        ds = pydicom.dcmread(path)
        ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid(entropy_srcs=[names[0], str(attempt)])
        ds.save_as(path, write_like_original=False)
    raise RuntimeError(f"{path}: no SOPInstanceUID made its deflated bytes begin like an SQ element")


def add_private_element(folder, size):
    """Each file of `folder` given a private OB element of `size` bytes before its pixels, as Siemens' CSA headers are."""
    for name in sorted(os.listdir(folder)):
        ds = pydicom.dcmread(f"{folder}/{name}")
        ds.add_new(0x00290010, "LO", "VESSEL-LAB TEST")
        ds.add_new(0x00291010, "OB", bytes(size))
        ds.save_as(f"{folder}/{name}", write_like_original=False)


def huge_header(folder):
    """A series of two 7×5 slices whose headers run past 16 MiB (a 17 MiB private element): kept out of `write`, as it is large."""
    write_series(folder, 2, dtype="int16", series_number=9, description="huge header")
    add_private_element(folder, 17 * 2**20)


MR_SPECTROSCOPY_STORAGE = "1.2.840.10008.5.1.4.1.1.4.2"


def mr_spectroscopy(path, points):
    """A sound MR spectroscopy file, as scanners export beside an exam's images: Rows and Columns (its grid of voxels, one
    here), no PixelData, its `points` complex samples in SpectroscopyData (5600,0020), float32."""
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = MR_SPECTROSCOPY_STORAGE
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = generate_uid()
    ds = FileDataset(None, {}, file_meta=meta, preamble=b"\0" * 128)
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.SOPClassUID = MR_SPECTROSCOPY_STORAGE
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID = generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.Modality = "MR"
    ds.PatientName = "Phantom^Vessel"
    ds.PatientID = "vessel-lab"
    ds.SeriesNumber = 4
    ds.SeriesDescription = "SVS"
    ds.InstanceNumber = 1
    ds.ImageType = ["ORIGINAL", "PRIMARY", "SPECTROSCOPY", "NONE"]
    ds.NumberOfFrames = 1
    ds.Rows = 1
    ds.Columns = 1
    ds.DataPointRows = 1
    ds.DataPointColumns = points
    ds.DataRepresentation = "COMPLEX"
    ds.SignalDomainColumns = "TIME"
    ds.SpectroscopyData = np.sin(np.arange(2 * points, dtype=np.float32) / 7).astype("<f4").tobytes()
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    ds.save_as(path, write_like_original=False)


def compare(folder, ours, tilted=False):
    """dcm2niix's NIfTI of `folder` and vessel-lab's (`ours`), both turned to the closest canonical (RAS) orientation."""
    if shutil.which("dcm2niix") is None:
        sys.stderr.write("dcm2niix not found: install it with apt-get install -y dcm2niix\n")
        sys.exit(3)
    with tempfile.TemporaryDirectory() as out:
        r = subprocess.run(["dcm2niix", "-z", "n", "-b", "n", "-f", "ref", "-o", out, folder], capture_output=True, text=True)
        # a gantry-tilted series is written as read (ref.nii, its affine sheared) and tilt-corrected (ref_Tilt_1.nii): the
        # corrected one is vessel-lab's reading; a series off a tilt by rounding alone is written both ways too
        files = [f for f in os.listdir(out) if f.endswith(".nii") and "_Tilt" not in f]
        if tilted and any("_Tilt" in f for f in os.listdir(out)):
            files = [f for f in os.listdir(out) if f.endswith(".nii") and "_Tilt" in f]
        if r.returncode != 0 or len(files) != 1:
            sys.stderr.write(f"dcm2niix made {files}:\n{r.stdout}\n{r.stderr}\n")
            sys.exit(1)
        ref = nib.as_closest_canonical(nib.load(os.path.join(out, files[0])))
        mine = nib.as_closest_canonical(nib.load(ours))
        a, b = ref.get_fdata(), mine.get_fdata()
        print(
            json.dumps(
                {
                    "shape": [list(a.shape), list(b.shape)],
                    "maxValueDifference": float(np.abs(a - b).max()) if a.shape == b.shape else None,
                    "maxAffineDifference": float(np.abs(ref.affine - mine.affine).max()),
                }
            )
        )


def corpus(root):
    """pydicom's own test files (real scanners' and toolkits' DICOM, shipped with pydicom), each copied into a folder of
    its own under `root`; for those pydicom decodes without a plug-in, the pixels it reads, rescaled, x fastest."""
    from pydicom.data import get_testdata_file

    try:
        import gdcm  # noqa: F401  (pydicom's decoder of JPEG-LS and JPEG 2000)
    except ImportError:
        sys.stderr.write("GDCM's Python module is missing, so pydicom cannot decode the compressed files: apt-get install -y python3-gdcm\n")
        sys.exit(3)

    made = []
    for name in sorted(CORPUS):
        path = get_testdata_file(f"{name}.dcm")
        if path is None:
            sys.stderr.write(f"pydicom's test file {name}.dcm is missing: install Debian's python3-pydicom\n")
            sys.exit(3)
        os.makedirs(f"{root}/{name}")
        shutil.copy(path, f"{root}/{name}/")
        entry = {"name": name, "refused": CORPUS[name]}
        if CORPUS[name] is None:
            ds = pydicom.dcmread(path)
            values = ds.pixel_array.astype(np.float64) * float(ds.get("RescaleSlope", 1)) + float(ds.get("RescaleIntercept", 0))
            entry["dims"] = [int(ds.Columns), int(ds.Rows), 1]
            entry["values"] = values.ravel().tolist()
        made.append(entry)
    print(json.dumps(made))


# pydicom's test files, and what vessel-lab makes of each: None (read) or the words of its refusal
CORPUS = {
    "CT_small": None,
    "MR_small": None,
    "MR_small_implicit": None,
    "MR_small_bigendian": None,
    "MR_small_expb": None,
    "MR_small_padded": None,
    "image_dfl": None,
    "JPEG2000": None,
    "693_J2KI": None,
    "MR_small_jp2klossless": None,
    "MR_small_RLE": None,
    "MR_small_jpeg_ls_lossless": None,
    "rtdose_rle_1frame": None,
    "JPEG-lossy": "compressed as lossy 12-bit JPEG",
    "SC_rgb_rle": "colour image",
    "SC_rgb_jpeg_gdcm": "colour image",
    "rtdose_rle": "multi-frame file (15 frames) without a position for each frame",
    "rtdose": "multi-frame file (15 frames) without a position for each frame",
    "SC_rgb_small_odd": "colour image",
    "liver_1frame": "1 bits allocated",
    "MR_truncated": "damaged or cut",
    "reportsi": "without pixels",
    "rtplan": "without pixels",
}


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "corpus":
        corpus(sys.argv[2])
        sys.exit(0)
    if len(sys.argv) == 3 and sys.argv[1] == "write":
        write(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "huge-header":
        huge_header(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "mr-spectroscopy":
        mr_spectroscopy(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) in (4, 5) and sys.argv[1] == "compare":
        compare(sys.argv[2], sys.argv[3], tilted=sys.argv[4:] == ["--tilted"])
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)

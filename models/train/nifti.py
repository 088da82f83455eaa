"""
A NIfTI-1 reader for machines without nibabel (the GPU image of the model card has PyTorch and numpy
but no nibabel, and its numpy 2 is newer than the nibabel Debian ships). `data.load_volume` uses
nibabel when it imports and this reader otherwise; the tests compare the two on the engine's files.

It reads what `vessel-lab generate` and the scanners' single-file NIfTI-1 volumes hold: `.nii` or
`.nii.gz`, either byte order, integer or float voxels, scaled by scl_slope/scl_inter the way nibabel
scales them (a slope of 0 or not finite: no scaling). Anything else (NIfTI-2, two-file .hdr/.img,
complex or RGB voxels) is refused with the fix: install nibabel.
"""
from __future__ import annotations

import gzip

import numpy as np

# NIfTI-1 datatype codes -> numpy kinds (nifti1.h)
DTYPES = {2: "u1", 4: "i2", 8: "i4", 16: "f4", 64: "f8", 256: "i1", 512: "u2", 768: "u4", 1024: "i8", 1280: "u8"}


def read_nifti(path: str) -> tuple[np.ndarray, float, float]:
    """The raw voxels of a NIfTI-1 file as a C-contiguous [z, y, x] array (x fastest, as the file
    stores them: this is load_volume's axis order, not nibabel's [x, y, z]), with the slope and
    intercept that scale them (1, 0 when the file asks for none)."""
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\x1f\x8b":  # gzip, whatever the name
        raw = gzip.decompress(raw)
    raw = bytearray(raw)  # so the arrays over it are writable, as nibabel's are
    if len(raw) < 348:
        raise ValueError(f"{path}: {len(raw)} bytes; too short for a NIfTI-1 header (348)")
    order = next((o for o in "<>" if int(np.frombuffer(raw, o + "i4", 1, 0)[0]) == 348), None)
    if order is None:
        raise ValueError(f"{path}: not a NIfTI-1 file (sizeof_hdr is not 348; NIfTI-2 needs nibabel: "
                         f"apt-get install python3-nibabel or pip install nibabel)")
    magic = raw[344:348]
    if magic != b"n+1\x00":
        raise ValueError(f"{path}: magic {magic!r}; only single-file NIfTI-1 (n+1) is read without nibabel (install nibabel)")
    dim = np.frombuffer(raw, order + "i2", 8, 40)
    code = int(np.frombuffer(raw, order + "i2", 1, 70)[0])
    if code not in DTYPES:
        raise ValueError(f"{path}: NIfTI datatype {code} is not read without nibabel (install nibabel)")
    ndim = int(dim[0])
    shape = [int(d) for d in dim[1:1 + ndim]]
    while len(shape) > 3 and shape[-1] == 1:
        shape.pop()
    if len(shape) != 3:
        raise ValueError(f"{path}: dimensions {shape}; expected a 3D volume")
    offset = int(np.frombuffer(raw, order + "f4", 1, 108)[0])
    dtype = np.dtype(order + DTYPES[code])
    count = shape[0] * shape[1] * shape[2]
    if offset + count * dtype.itemsize > len(raw):
        raise ValueError(f"{path}: {len(raw)} bytes hold fewer than the {count} voxels its header promises; the file is cut short")
    data = np.frombuffer(raw, dtype, count, offset).reshape(shape[::-1])  # file order: x fastest
    slope, inter = (float(v) for v in np.frombuffer(raw, order + "f4", 2, 112))
    if slope == 0 or not np.isfinite(slope):
        slope, inter = 1.0, 0.0
    elif not np.isfinite(inter):  # nibabel refuses this too
        raise ValueError(f"{path}: a valid scl_slope with an invalid scl_inter ({inter}); the header is damaged")
    return data, slope, inter


def load_nifti(path: str, dtype=np.float32) -> np.ndarray:
    """The volume scaled by its slope and intercept, as `dtype` ([z, y, x])."""
    data, slope, inter = read_nifti(path)
    if slope == 1.0 and inter == 0.0:
        return data.astype(dtype, copy=False)
    return (data.astype(np.float64) * slope + inter).astype(dtype)

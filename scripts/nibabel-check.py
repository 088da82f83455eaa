#!/usr/bin/python3
"""Cross-checks vessel-lab's NIfTI I/O against nibabel (the reference Python reader). Used by test/volume/*.test.ts.

  /usr/bin/python3 scripts/nibabel-check.py read FILE...  # prints what nibabel reads from each FILE, as a JSON list
  /usr/bin/python3 scripts/nibabel-check.py write DIR      # writes reference files with nibabel into DIR, prints them as JSON

Needs nibabel (Debian: apt-get install -y python3-nibabel). Data are reported x fastest (Fortran order), like a Volume.
"""
import json
import os
import sys

import numpy as np

try:
    import nibabel as nib
except ImportError:
    sys.stderr.write("nibabel is missing: install it with apt-get install -y python3-nibabel\n")
    sys.exit(3)


def describe(img):
    raw = np.asanyarray(img.dataobj)
    flat = raw.reshape(-1, order="F").astype(np.float64)
    hdr = img.header
    return {
        "shape": list(raw.shape),
        "dtype": str(hdr.get_data_dtype().newbyteorder("=")),
        "scaledDtype": str(raw.dtype),
        "affine": img.affine.tolist(),
        "qform": img.get_qform().tolist(),
        "qformCode": int(hdr["qform_code"]),
        "sform": img.get_sform().tolist(),
        "sformCode": int(hdr["sform_code"]),
        "zooms": [float(z) for z in hdr.get_zooms()],
        "units": list(hdr.get_xyzt_units()),
        "descrip": hdr["descrip"].item().decode("ascii", "replace"),
        "intentCode": int(hdr["intent_code"]),
        "sum": float(flat.sum()),
        "weightedSum": float((flat * np.arange(flat.size)).sum()),
        "data": flat.tolist() if flat.size <= 4096 else None,
    }


def write_references(folder):
    out = {}
    # qform only, left-handed (qfac = -1) and rotated, int16 scaled by slope 2 and inter -1
    theta = np.deg2rad(30)
    rot = np.array([[np.cos(theta), -np.sin(theta), 0], [np.sin(theta), np.cos(theta), 0], [0, 0, 1]])
    affine = np.eye(4)
    affine[:3, :3] = rot @ np.diag([0.8, 1.5, -2.0])
    affine[:3, 3] = [-12.5, 30.25, 4.0]
    data = (np.arange(4 * 3 * 2).reshape((4, 3, 2), order="F") - 7).astype(np.int16)
    img = nib.Nifti1Image(data, None)
    img.set_qform(affine, code=1)
    img.set_sform(None, code=0)
    img.header.set_slope_inter(2.0, -1.0)
    path = os.path.join(folder, "qform-int16-scaled.nii.gz")
    nib.save(img, path)
    out["qform-int16-scaled.nii.gz"] = describe(nib.load(path))
    # sform (oblique, differs from the qform), big-endian float64, uncompressed
    hdr = nib.Nifti1Header(endianness=">")
    sform = np.array([[0.9, 0.1, 0.0, -3.0], [-0.1, 0.9, 0.05, 2.0], [0.0, 0.0, 1.2, 5.5], [0, 0, 0, 1]])
    data = np.linspace(-1.5, 2.5, 5 * 2 * 3).reshape((5, 2, 3), order="F").astype(">f8")
    hdr.set_data_dtype(">f8")
    img = nib.Nifti1Image(data, sform, header=hdr)
    img.set_qform(np.diag([1.0, 1.0, 1.0, 1.0]), code=2)
    img.set_sform(sform, code=1)
    path = os.path.join(folder, "sform-float64-be.nii")
    nib.save(img, path)
    out["sform-float64-be.nii"] = describe(nib.load(path))
    # NIfTI-2 (540-byte header, float64 srow), uint16
    data = (np.arange(3 * 4 * 2).reshape((3, 4, 2), order="F") * 1000).astype(np.uint16)
    img = nib.Nifti2Image(data, sform)
    path = os.path.join(folder, "nifti2-uint16.nii.gz")
    nib.save(img, path)
    out["nifti2-uint16.nii.gz"] = describe(nib.load(path))
    return out


def main(argv):
    if len(argv) < 3 or argv[1] not in ("read", "write") or (argv[1] == "write" and len(argv) != 3):
        sys.stderr.write(__doc__)
        return 2
    result = [describe(nib.load(path)) for path in argv[2:]] if argv[1] == "read" else write_references(argv[2])
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""nibabel's answer for each file named on stdin (JSON [{"id", "path"}]): the volume it reads or the exception it raises.

Run by scripts/nibabel-malformed.ts, which writes the answers to test/fixtures/nibabel-malformed.json.
Needs Debian's python3-nibabel under /usr/bin/python3.
"""
import json
import math
import sys
import warnings

import nibabel as nib
import numpy as np


def summary(data):
    flat = np.asarray(data, dtype=np.float64).ravel(order="F")  # x fastest, as vessel-lab's Volume
    finite = np.isfinite(flat)
    weights = (np.arange(flat.size) % 97) + 1
    values = np.where(finite, flat, 0.0)
    return {
        "nan": int(np.isnan(flat).sum()),
        "inf": int(np.isinf(flat).sum()),
        "sum": float(values.sum()),
        "weighted": float((values * weights).sum()),
        "sumsq": float((values * values).sum()),
    }


def answer(path):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            img = nib.load(path)
            data = img.get_fdata()
            affine = img.affine
            hdr = img.header
            return {
                "read": True,
                "shape": [int(n) for n in data.shape],
                "affine": [[None if not math.isfinite(v) else float(v) for v in row] for row in affine.tolist()],
                "units": {1: "meter", 2: "mm", 3: "micron"}.get(int(hdr["xyzt_units"]) & 7, "unknown"),
                "codes": [int(hdr["sform_code"]), int(hdr["qform_code"])],
                "summary": summary(data),
            }
    except Exception as error:  # noqa: BLE001 - every refusal is an answer
        return {"read": False, "error": type(error).__name__, "message": str(error).splitlines()[0][:200] if str(error) else ""}


def main():
    files = json.load(sys.stdin)
    json.dump({str(f["id"]): answer(f["path"]) for f in files}, sys.stdout)


if __name__ == "__main__":
    main()

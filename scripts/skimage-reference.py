"""scikit-image's answers for the vesselness and Otsu tests (test/vesselness/skimage.test.ts).

usage: /usr/bin/python3 scripts/skimage-reference.py DIR
DIR holds request.json ({"dims": [x, y, z], "sigmas": [...], "alpha", "beta", "gamma", "bright"}) and volume.f32
(float32, x fastest). Writes frangi.f32 (skimage.filters.frangi, same layout) and otsu.json
({"threshold": skimage.filters.threshold_otsu of the volume}).
"""
import json
import sys
from pathlib import Path

import numpy as np
from skimage.filters import frangi, threshold_otsu


def main(folder: str) -> None:
    d = Path(folder)
    req = json.loads((d / "request.json").read_text())
    nx, ny, nz = req["dims"]
    # x fastest in the file: numpy's C order reads it as [z, y, x]
    vol = np.fromfile(d / "volume.f32", dtype=np.float32).reshape(nz, ny, nx).astype(np.float64)
    v = frangi(vol, sigmas=req["sigmas"], alpha=req["alpha"], beta=req["beta"], gamma=req["gamma"], black_ridges=not req["bright"], mode="reflect")
    v.astype(np.float32).tofile(d / "frangi.f32")
    (d / "otsu.json").write_text(json.dumps({"threshold": float(threshold_otsu(vol))}))


if __name__ == "__main__":
    main(sys.argv[1])

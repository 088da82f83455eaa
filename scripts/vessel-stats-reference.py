"""A vessel mask's skeleton statistics by scikit-image and scipy, for test/fit/skimage.test.ts: the independent
reading src/fit/maskStats.ts is checked against.

usage: /usr/bin/python3 scripts/vessel-stats-reference.py DIR
DIR holds request.json ({"dims": [x, y, z], "spacing": [sx, sy, sz]}) and mask.u8 (uint8, x fastest). Writes
stats.json: skeleton voxels, junction groups, end points, branches, the centreline radius (mm) and branch length (mm)
percentiles 10/50/90 and the vessel fraction. Definitions: skimage.morphology.skeletonize (Lee's 3D thinning);
radius = scipy.ndimage.distance_transform_edt of the mask (with the spacing) on the skeleton; junction = skeleton
voxel with more than 2 skeleton voxels among its 26 neighbours, end = exactly 1; branches = 26-connected pieces of the
skeleton once the junctions are dilated by a 3×3×3 cube; a branch's length = its voxels × the finest spacing.
"""
import json
import sys
from pathlib import Path

import numpy as np
from scipy import ndimage as ndi
from skimage.morphology import skeletonize


def main(folder: str) -> None:
    d = Path(folder)
    req = json.loads((d / "request.json").read_text())
    nx, ny, nz = req["dims"]
    sx, sy, sz = req["spacing"]
    # x fastest in the file: numpy's C order reads it as [z, y, x]; the spacing goes in the same order
    m = np.fromfile(d / "mask.u8", dtype=np.uint8).reshape(nz, ny, nx) > 0
    cube = np.ones((3, 3, 3), dtype=bool)
    skel = skeletonize(m) > 0
    dist = ndi.distance_transform_edt(m, sampling=(sz, sy, sx))
    neighbours = ndi.convolve(skel.astype(np.int32), cube.astype(np.int32), mode="constant") - 1
    junction = skel & (neighbours > 2)
    ends = skel & (neighbours == 1)
    pieces, n_branches = ndi.label(skel & ~ndi.binary_dilation(junction, cube), structure=cube)
    h = min(sx, sy, sz)
    lengths = np.bincount(pieces.ravel())[1:] * h
    pct = lambda a: [float(x) for x in np.percentile(a, [10, 50, 90])] if len(a) else None
    out = {
        "skeletonVoxels": int(skel.sum()),
        "junctions": int(ndi.label(junction, structure=cube)[1]),
        "endpoints": int(ends.sum()),
        "branches": int(n_branches),
        "radius": pct(dist[skel]),
        "branchLength": pct(lengths),
        "vesselFraction": float(m.mean()),
    }
    (d / "stats.json").write_text(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])

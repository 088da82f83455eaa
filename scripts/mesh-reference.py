#!/usr/bin/python3
"""scikit-image's and nibabel's answer for `vessel-lab mesh` (test/cli/mesh.test.ts): the surface of a mask.

  /usr/bin/python3 scripts/mesh-reference.py MASK.nii.gz LEVEL

Reads the mask with nibabel; a volume of whole values is taken as 1 where at or above LEVEL and 0 elsewhere, meshed
at 0.5, and fractional values as they are, meshed at LEVEL (vessel-lab's rule). Pads it with one voxel on every side
holding 0 (whole values) or min(lowest value, 2 LEVEL - highest) (fractional), so that a vessel cut by the grid's face
is closed half a voxel beyond it, as vessel-lab closes it; runs skimage.measure.marching_cubes (Lewiner's), maps the vertices
through nibabel's affine (RAS mm) and prints, as JSON: the vertex count, the triangle count, the area
(skimage.measure.mesh_surface_area), the enclosed volume (divergence theorem, its sign by the winding) and the
vertices' bounding box in world RAS mm.

Needs Debian's python3-nibabel and python3-skimage.
"""
import json
import sys

import numpy as np

try:
    import nibabel as nib
    from skimage.measure import marching_cubes, mesh_surface_area
except ImportError as error:
    sys.stderr.write(f"{error}: install them with apt-get install -y python3-nibabel python3-skimage\n")
    sys.exit(3)


def main(path: str, level: float) -> None:
    img = nib.load(path)
    vol = np.asanyarray(img.dataobj).astype(np.float64)
    if np.all(vol == np.round(vol)):
        vol, contour, outside = (vol >= level).astype(np.float64), 0.5, 0.0
    else:
        contour, outside = level, min(vol.min(), 2 * level - vol.max())
    padded = np.pad(vol, 1, mode="constant", constant_values=outside)
    verts, faces, _, _ = marching_cubes(padded, level=contour)
    verts = verts - 1.0  # the pad's voxel → the mask's own indices
    world = nib.affines.apply_affine(img.affine, verts)
    a, b, c = world[faces[:, 0]], world[faces[:, 1]], world[faces[:, 2]]
    volume = float(np.einsum("ij,ij->i", a, np.cross(b, c)).sum() / 6)
    print(
        json.dumps(
            {
                "vertices": int(len(verts)),
                "triangles": int(len(faces)),
                "area": float(mesh_surface_area(world, faces)),
                "volume": volume,
                "min": world.min(axis=0).tolist(),
                "max": world.max(axis=0).tolist(),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]))

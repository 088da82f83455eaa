"""
Where a synthetic sample holds bright structure that is not vessel: its distractor tubes and blobs and its body shell
(skull, scalp fat), drawn from the imaging parameters its manifest record keeps (`imaging.params`), so a data set made
before this module reads the same as one made after it. `train.py --structure-weight W` weighs the cross-entropy of
these voxels (those not labelled vessel) 1 + W, so the network learns what a confident false positive looks like,
without a weight on every confident background voxel (which `--neg-focus` puts, and which also weighs against real
large lumens).

Geometry as in src/imaging (effects/distractors.ts, effects/bodyRegion.ts), on the label grid [z, y, x] (x fastest):
a point p in [0, 1]^3 (x, y, z) lies at voxel p * dims - 0.5; a tube or blob covers the voxels within radius + 1/2 of
its polyline (its soft edge), the shell those between the body's outer surface and `thickness` voxels inside it, by
the same first-order signed distance (plus its half-voxel soft edges). `margin` grows both by that many voxels for the acquisition's blur.
"""
from __future__ import annotations

import numpy as np


def _tube(shape: tuple[int, int, int], points: list, radius: float, margin: float) -> np.ndarray:
    """Voxels [z, y, x] within radius + 1/2 + margin of the polyline `points` (voxel coordinates x, y, z)."""
    nz, ny, nx = shape
    pts = np.asarray(points, dtype=np.float64)
    e = radius + 0.5 + margin
    lo = np.maximum(np.ceil(pts.min(0) - e), 0).astype(int)
    hi = np.minimum(np.floor(pts.max(0) + e), [nx - 1, ny - 1, nz - 1]).astype(int)
    out = np.zeros(shape, dtype=bool)
    if np.any(hi < lo):
        return out
    z, y, x = np.mgrid[lo[2]:hi[2] + 1, lo[1]:hi[1] + 1, lo[0]:hi[0] + 1]
    q = np.stack([x, y, z], -1).astype(np.float64)
    d2 = np.full(x.shape, np.inf)
    for a, b in zip(pts[:-1], pts[1:]):
        ab = b - a
        bb = float(ab @ ab)
        h = np.clip(((q - a) @ ab) / bb, 0.0, 1.0) if bb > 0 else np.zeros(x.shape)
        r = q - a - h[..., None] * ab
        d2 = np.minimum(d2, (r * r).sum(-1))
    out[lo[2]:hi[2] + 1, lo[1]:hi[1] + 1, lo[0]:hi[0] + 1] = d2 < e * e
    return out


def _shell(shape: tuple[int, int, int], body: dict, margin: float) -> np.ndarray:
    """The body's shell with its soft edges: signed distance d to the ellipsoid's surface (negative inside) with
    -thickness - 1/2 - margin < d < 1/2 + margin."""
    nz, ny, nx = shape
    c = [body["center"][0] * nx - 0.5, body["center"][1] * ny - 0.5, body["center"][2] * nz - 0.5]
    inv = [1.0 / (body["radii"][0] * nx) ** 2, 1.0 / (body["radii"][1] * ny) ** 2, 1.0 / (body["radii"][2] * nz) ** 2]
    z, y, x = np.mgrid[0:nz, 0:ny, 0:nx].astype(np.float64)
    dx, dy, dz = x - c[0], y - c[1], z - c[2]
    f = dx * dx * inv[0] + dy * dy * inv[1] + dz * dz * inv[2]
    g = 2.0 * np.sqrt((dx * inv[0]) ** 2 + (dy * inv[1]) ** 2 + (dz * inv[2]) ** 2)
    d = np.where(g > 1e-12, (f - 1.0) / np.maximum(g, 1e-12), -1e9)
    t = float(body["shell"]["thickness"])
    return (d < 0.5 + margin) & (d > -t - 0.5 - margin)


KINDS = ("tubes", "blobs", "shell")


def check_kinds(kinds, name: str = "kinds") -> tuple[str, ...]:
    """The kinds as a tuple, or a ValueError naming `name` when one is not among KINDS (or none is given)."""
    kinds = tuple(kinds or ())
    if not kinds or any(k not in KINDS for k in kinds):
        raise ValueError(f"{name} = {kinds}; name one or more of {', '.join(KINDS)}")
    return kinds


def structure_map(params: dict, shape: tuple[int, int, int], margin: float = 1.0, kinds: tuple[str, ...] = KINDS) -> np.ndarray:
    """A bool [z, y, x] map of the distractors and the body shell of a sample's imaging parameters (the manifest
    record's `imaging.params`), on its label grid `shape`; `kinds` names which of them (distractor "tubes", "blobs",
    the body "shell"). A sample without them (an old or a foreign manifest) gives an empty map."""
    if len(shape) != 3:
        raise ValueError(f"shape {shape}; give the label grid [z, y, x]")
    if margin < 0:
        raise ValueError(f"margin = {margin}; give 0 or more voxels")
    kinds = check_kinds(kinds)
    nz, ny, nx = shape
    out = np.zeros(shape, dtype=bool)
    to_voxel = lambda p: [p[0] * nx - 0.5, p[1] * ny - 0.5, p[2] * nz - 0.5]
    distractors = params.get("distractors") or {}
    for t in distractors.get("tubes", []) if "tubes" in kinds else []:
        out |= _tube(shape, [to_voxel(p) for p in t["points"]], float(t["radius"]), margin)
    for b in distractors.get("blobs", []) if "blobs" in kinds else []:
        c = to_voxel(b["center"])
        out |= _tube(shape, [c, c], float(b["radius"]), margin)
    body = params.get("body")
    if "shell" in kinds and body and body.get("enabled") and float(body["shell"]["thickness"]) > 0:
        out |= _shell(shape, body, margin)
    return out


def record_structure(rec: dict, shape: tuple[int, int, int], margin: float = 1.0, kinds: tuple[str, ...] = KINDS) -> np.ndarray:
    """structure_map of a manifest record (its `imaging.params`; empty when it has none)."""
    params = (rec.get("imaging") or {}).get("params") or {}
    return structure_map(params, shape, margin, kinds)

"""
The resampling grid of the engine (src/volume resampleVolume, src/infer resampleForModel and resampleToInput), for
the Python side: a volume on voxels of a new size over the same extent, centred on the old grid, trilinear.

Along an axis of n voxels of size s, voxels of size s' give n' = floor(n·s/s' + 1/2) voxels (JavaScript's Math.round:
ties up), and new voxel o samples old coordinate (n − 1)/2 + (o − (n' − 1)/2)·s'/s: the two grids share their centre
and the new step is exactly s'/s old voxels. Between the outermost old voxel centres and the grid's edge the edge
value is kept (the engine clamps there, as map_coordinates' mode="nearest").

scipy.ndimage.zoom(x, f), which adapt.py's `resample` calls, differs: n' = round(n·f) (ties to even) and new voxel o
samples old coordinate o·(n − 1)/(n' − 1), so the first and last voxel centres of both grids coincide and the step is
(n − 1)/(n' − 1) old voxels, not 1/f. `resample` below takes zoom's arguments and gives the engine's grid.
"""
from __future__ import annotations

import math

import numpy as np


def centred_coordinates(n_in: int, n_out: int, step: float) -> np.ndarray:
    """Old-grid coordinates of the n_out new voxel centres: the grids' centres coincide, new voxels `step` old voxels apart."""
    return (n_in - 1) / 2.0 + (np.arange(n_out, dtype=np.float64) - (n_out - 1) / 2.0) * step


def resample(zyx: np.ndarray, factors, order: int = 1, shape=None) -> np.ndarray:
    """`zyx` on voxels 1/factors[a] times as large per axis (zoom's `factors`: new voxels per old voxel), on the
    engine's centred grid (module docstring), as float32. `shape` gives the output's shape instead of
    floor(n·f + 1/2): how a model's output goes back onto the input's grid (resampleToInput), with `factors` the
    inverse of the ones that made the model's grid."""
    from scipy.ndimage import map_coordinates

    if order not in (0, 1):
        raise ValueError(f"order = {order}; give 0 (nearest) or 1 (trilinear), the engine's two")
    zyx = np.asarray(zyx)
    factors = np.broadcast_to(np.asarray(factors, dtype=np.float64), (zyx.ndim,))
    if zyx.ndim != 3 or not np.all(factors > 0) or not np.all(np.isfinite(factors)):
        raise ValueError(f"resample: a 3D volume and 3 positive factors, got shape {zyx.shape} and factors {list(factors)}")
    if shape is None:
        shape = [max(1, int(math.floor(n * f + 0.5))) for n, f in zip(zyx.shape, factors)]
    axes = [centred_coordinates(n, m, 1.0 / f) for n, m, f in zip(zyx.shape, shape, factors)]
    coords = np.meshgrid(*axes, indexing="ij")
    if order == 0:
        # the engine rounds half up (Math.round) after clamping to the grid
        idx = [np.clip(np.floor(c + 0.5), 0, n - 1).astype(np.intp) for c, n in zip(coords, zyx.shape)]
        return zyx[tuple(idx)]
    return map_coordinates(zyx.astype(np.float64), coords, order=1, mode="nearest").astype(np.float32)


def resample_to_spacing(zyx: np.ndarray, spacing, new_spacing, order: int = 1) -> np.ndarray:
    """`zyx` (voxel sizes `spacing`, z y x) on voxels of `new_spacing`: resampleForModel."""
    spacing, new_spacing = np.asarray(spacing, dtype=np.float64), np.asarray(new_spacing, dtype=np.float64)
    # the shape as the engine computes it, n·s/s' (not n·(s/s'), which can fall on the other side of a tie)
    shape = [max(1, int(math.floor(n * s / t + 0.5))) for n, s, t in zip(np.shape(zyx), spacing, new_spacing)]
    return resample(zyx, spacing / new_spacing, order, shape=shape)


def resample_back(zyx: np.ndarray, spacing, input_shape, input_spacing, order: int = 1) -> np.ndarray:
    """A model's output `zyx` (voxel sizes `spacing`, made by resample_to_spacing) back on the input's grid
    (`input_shape`, `input_spacing`): resampleToInput."""
    return resample(zyx, np.asarray(spacing, dtype=np.float64) / np.asarray(input_spacing, dtype=np.float64), order, shape=tuple(input_shape))

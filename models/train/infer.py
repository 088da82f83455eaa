"""
Whole-volume inference in PyTorch: padding to the network stride, sliding windows with overlap and
Gaussian blending. Used for validation, adaptation and the synthetic evaluation; the Node/page
inference (src/infer) implements the same recipe over onnxruntime.
"""
from __future__ import annotations

import math

import numpy as np
import torch

from model import STRIDE


def gaussian_weight(shape, sigma_scale: float = 0.125) -> np.ndarray:
    """Separable Gaussian centred in the tile, sigma = sigma_scale·side, scaled to max 1, floored at 1e-3."""
    w = np.ones(shape, dtype=np.float32)
    for axis, n in enumerate(shape):
        x = np.arange(n, dtype=np.float32) - (n - 1) / 2.0
        g = np.exp(-0.5 * (x / max(sigma_scale * n, 1e-6)) ** 2)
        w = w * g.reshape([-1 if a == axis else 1 for a in range(3)])
    w /= w.max()
    return np.maximum(w, 1e-3)


def tile_starts(size: int, tile: int, overlap: float) -> list[int]:
    if size <= tile:
        return [0]
    step = max(1, int(tile * (1.0 - overlap)))
    n = int(math.ceil((size - tile) / step)) + 1
    return sorted({int(round(i * (size - tile) / (n - 1))) for i in range(n)})


@torch.no_grad()
def sliding_window(fn, image: np.ndarray, patch: int = 64, overlap: float = 0.5, device="cpu", stride: int = STRIDE) -> np.ndarray:
    """Blend fn over tiles of a [D,H,W] float32 image. fn maps a [1,1,d,h,w] tensor to the same
    shape (a probability). The image is zero-padded at the far end to a multiple of the network's
    stride; a side thinner than `patch` is one tile of its padded size."""
    if patch % stride:
        raise ValueError(f"patch = {patch}; give a multiple of {stride}")
    shape = image.shape
    padded = [int(math.ceil(s / stride)) * stride for s in shape]
    vol = np.zeros(padded, dtype=np.float32)
    vol[: shape[0], : shape[1], : shape[2]] = image
    tile = [min(patch, s) for s in padded]
    weight = gaussian_weight(tile)
    acc = np.zeros(padded, dtype=np.float32)
    norm = np.zeros(padded, dtype=np.float32)
    for z in tile_starts(padded[0], tile[0], overlap):
        for y in tile_starts(padded[1], tile[1], overlap):
            for x in tile_starts(padded[2], tile[2], overlap):
                sl = (slice(z, z + tile[0]), slice(y, y + tile[1]), slice(x, x + tile[2]))
                t = torch.from_numpy(np.ascontiguousarray(vol[sl]))[None, None].to(device)
                out = fn(t)[0, 0].float().cpu().numpy()
                acc[sl] += out * weight
                norm[sl] += weight
    return (acc / norm)[: shape[0], : shape[1], : shape[2]]


def segment_volume(model, image: np.ndarray, patch: int = 64, overlap: float = 0.5, adapt_scale=None, adapt_shift=None, device="cpu") -> np.ndarray:
    """Vessel probability of a normalised [D,H,W] image."""
    model.eval()
    fn = lambda t: torch.sigmoid(model.forward_seg(t, adapt_scale, adapt_shift))
    return sliding_window(fn, image, patch, overlap, device, getattr(model, "stride", STRIDE))

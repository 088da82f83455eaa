"""
Adapting the input to the scan, chosen by the network's own output (docs/results/adaptation/rule.md).

The network segments the scan as made, smoothed (Gaussian, SIGMA voxels of its grid, renormalised by the contract)
and field-corrected (its first-order bias field, estimate_log_field, divided out); a transformed scan's mask is
eligible when both its ambiguity (voxels of probability 0.1-0.9 per mask voxel) and its foreground entropy (mean
binary entropy where p > 0.05) are at least MARGIN below the scan's own, and the eligible one of lower ambiguity is
kept (rule.md, round 3). No label, no gradient: three segmentations. The same rule runs in src/infer/adaptInput.ts (the CLI's
`segment --adapt-input` and the Reconstruct page's "Adapt the input").

Also the measures and transforms transform_probe.py searched (bias correction, flip consistency).
"""
from __future__ import annotations

import math
from typing import Callable

import numpy as np
from scipy.ndimage import gaussian_filter

from data import normalise

SIGMA = 0.8  # voxels of the network's grid
MARGIN = 0.05  # both measures at least 5 % below the scan's own
AMBIGUOUS = (0.1, 0.9)


def smooth(x: np.ndarray, sigma: float = SIGMA) -> np.ndarray:
    """Gaussian smoothing (scipy's reflect edges, truncated at 4 sigma), renormalised by the 0.5/99.5 percentiles."""
    return normalise(gaussian_filter(np.asarray(x, np.float32), sigma))


def bias_correct(x: np.ndarray, sigma: float = 12, floor: float = 0.02) -> np.ndarray:
    """Divide by a Gaussian-smoothed copy (sigma voxels, edges repeated), at least `floor`; renormalised."""
    return normalise(x / np.maximum(gaussian_filter(x, sigma, mode="nearest"), floor))


FIELD_FLOOR = 0.05  # normalised intensities at or below this (background, air) are left out of the field's fit
FIELD_STRIDE = 2  # the fit samples every second voxel on each axis ...
FIELD_MAX_SAMPLES = 2_000_000  # ... or a wider stride where that would visit more lattice points than this
FIELD_ITERATIONS = 6  # reweighted least-squares passes
TUKEY = 4.685  # the biweight's tuning constant, in robust standard deviations (1.4826 x the median absolute deviation)


def field_coordinates(n: int) -> np.ndarray:
    """Voxel index scaled to [-1, 1] along an axis (0 for a single voxel)."""
    return -1.0 + 2.0 * np.arange(n) / (n - 1) if n > 1 else np.zeros(1)


def field_stride(voxels: int) -> int:
    """FIELD_STRIDE, widened until voxels / stride^3 <= FIELD_MAX_SAMPLES (src/infer/biasField.ts's fieldStride)."""
    return max(FIELD_STRIDE, int(math.ceil(np.cbrt(voxels / FIELD_MAX_SAMPLES) - 1e-9)))


def estimate_log_field(x: np.ndarray) -> np.ndarray:
    """
    A multiplicative bias field's log, first order: log x ~ c0 + c1 X + c2 Y + c3 Z over the finite voxels above
    FIELD_FLOOR (every field_stride-th on each axis), fitted by least squares reweighted with Tukey's biweight, so that
    vessels and other structures brighter or darker than the bulk count little. Returned on every voxel without c0
    (which the renormalisation would remove anyway): the field to divide by. Zero where fewer than 8 voxels are above
    the floor; no slope along an axis whose samples all share one coordinate (one voxel, or two on a stride-2 lattice).
    The twin of src/infer/biasField.ts's estimateLogField, which may also limit the fit to a field of view.
    """
    x = np.asarray(x, np.float64)
    axes = [field_coordinates(n) for n in x.shape]
    stride = field_stride(x.size)
    sub = x[::stride, ::stride, ::stride]
    grids = np.meshgrid(*(a[::stride] for a in axes), indexing="ij")
    keep = np.isfinite(sub) & (sub > FIELD_FLOOR)
    if keep.sum() < 8:
        return np.zeros(x.shape)
    coords = [g[keep] for g in grids]
    varies = [bool(np.any(c != c[0])) for c in coords]
    A = np.stack([np.ones(int(keep.sum()))] + [c for c, v in zip(coords, varies) if v], 1)
    y = np.log(sub[keep])
    w = np.ones(len(y))
    for _ in range(FIELD_ITERATIONS):
        Aw = A * w[:, None]
        try:
            c = np.linalg.solve(Aw.T @ A, Aw.T @ y)
        except np.linalg.LinAlgError:
            return np.zeros(x.shape)  # samples on one line: no plane to fit
        r = y - A @ c
        scale = 1.4826 * np.median(np.abs(r - np.median(r)))
        if not scale > 0:
            break
        u = r / (TUKEY * scale)
        w = np.clip(1 - u * u, 0, None) ** 2
    f = np.zeros(x.shape)
    slopes = iter(c[1:])
    for a, v in enumerate(varies):
        if v:
            f += next(slopes) * axes[a].reshape([-1 if b == a else 1 for b in range(3)])
    return f


def correct_field(x: np.ndarray) -> np.ndarray:
    """The scan divided by its estimated field (estimate_log_field), renormalised by the contract's percentiles."""
    return normalise(np.asarray(x, np.float32) / np.exp(estimate_log_field(x)).astype(np.float32))


def ambiguity(p: np.ndarray) -> float:
    """Voxels of probability strictly between 0.1 and 0.9, per voxel of the mask (p > 0.5; at least 1)."""
    lo, hi = AMBIGUOUS
    return float(((p > lo) & (p < hi)).sum() / max(1, int((p > 0.5).sum())))


def flip_consistency(p: np.ndarray, p_flipped_back: np.ndarray) -> float:
    """Dice of the two masks (p > 0.5); 1 when both are empty."""
    a, b = p > 0.5, p_flipped_back > 0.5
    denom = int(a.sum()) + int(b.sum())
    return 1.0 if denom == 0 else 2.0 * int((a & b).sum()) / denom


def mean_entropy(p: np.ndarray, above: float | None = None) -> float:
    """Mean binary entropy (nats) of the probabilities, or of those above `above`."""
    q = np.clip(p, 1e-6, 1 - 1e-6)
    h = -(q * np.log(q) + (1 - q) * np.log(1 - q))
    if above is not None:
        h = h[p > above]
    return float(h.mean()) if h.size else 0.0


ENTROPY_FLOOR = 0.05
MEASURES = ("ambiguity", "entropy")


def measures(segment: Callable[[np.ndarray], np.ndarray], x: np.ndarray) -> dict:
    """The probability of `x` and the rule's label-free measures."""
    p = segment(x)
    return {"p": p, "ambiguity": ambiguity(p), "entropy": mean_entropy(p, ENTROPY_FLOOR)}


CANDIDATES = {"smoothed": smooth, "field-corrected": correct_field}  # rule.md, round 3


def choose_input(segment: Callable[[np.ndarray], np.ndarray], x: np.ndarray, margin: float = MARGIN, candidates: dict | None = None) -> dict:
    """
    The rule: each candidate transform is eligible when its ambiguity and foreground entropy are both at least `margin`
    below the scan's own; of the eligible, the one of lowest ambiguity is kept. Returns the probability to use ("p"),
    the chosen candidate's name (None: the scan as made) and every trial's measures.
    """
    own = measures(segment, x)
    trials = {"as made": {k: own[k] for k in MEASURES}}
    best = None
    for name, transform in (CANDIDATES if candidates is None else candidates).items():
        t = measures(segment, transform(x))
        trials[name] = {k: t[k] for k in MEASURES}
        if all(t[k] < (1 - margin) * own[k] for k in MEASURES) and (best is None or t["ambiguity"] < best[1]["ambiguity"]):
            best = (name, t)
    return {"p": best[1]["p"] if best else own["p"], "chosen": best[0] if best else None, "trials": trials}

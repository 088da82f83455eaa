"""
Adapting the input to the scan, chosen by the network's own output (docs/results/adaptation/rule.md).

The network segments the scan as made and smoothed (Gaussian, SIGMA voxels of its grid, renormalised by the
contract); the smoothed scan's mask is kept when both its ambiguity (voxels of probability 0.1-0.9 per mask voxel)
and its foreground entropy (mean binary entropy where p > 0.05) are at least MARGIN below the scan's own (rule.md,
round 2). No label, no gradient: two segmentations. The same rule runs in src/infer/adaptInput.ts (the CLI's
`segment --adapt-input` and the Reconstruct page's "Adapt the input").

Also the measures and transforms transform_probe.py searched (bias correction, flip consistency).
"""
from __future__ import annotations

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


def choose_input(segment: Callable[[np.ndarray], np.ndarray], x: np.ndarray, sigma: float = SIGMA, margin: float = MARGIN) -> dict:
    """The rule: the probability to use ("p"), whether the smoothed scan was chosen, and both scans' measures."""
    own, smoothed = measures(segment, x), measures(segment, smooth(x, sigma))
    better = all(smoothed[k] < (1 - margin) * own[k] for k in MEASURES)
    pick = smoothed if better else own
    return {"p": pick["p"], "smoothed": better, "own": {k: own[k] for k in MEASURES}, "smoothed_measures": {k: smoothed[k] for k in MEASURES}}

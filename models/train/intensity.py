"""
Intensity augmentation of a training patch (`train.py --intensity P`): what a scanner, a stain or a display does to a
scan's brightness without moving its vessels, drawn afresh for every patch, on top of the simulator's own domain
randomisation. The usual set of nnU-Net (Isensee et al. 2021) and of vesselFM's data engine, adapted to a patch
normalised to [0, 1]:

- a smooth multiplicative bias field: exp of a random quadratic in the patch's coordinates about a random point, at
  most BIAS_MAX in log brightness (× 0.67 … 1.5) across the patch (coil sensitivity, light-sheet attenuation);
- a Gaussian blur, σ in BLUR voxels, each axis its own (a wider point-spread function, thicker slices);
- additive Gaussian noise, σ in NOISE of the range;
- a gamma, log-uniform in GAMMA;
- a contrast change about the patch's mean, × CONTRAST.

Each is applied with probability P, independently, in that order: the acquisition's three, then the patch clipped to
[0, 1] as normalisation clips a scan, then the display's two, then clipped again. Every random number is drawn whether
or not its transform applies (TrainPatches also gives this step a stream of its own, so the crops and masks of a run
with it are those of the same run without it). Labels are untouched: none of these moves an edge by more than a voxel.

These are milder than the lab's off-domain shifts (a bias field of × 0.3 … 1.7, noise of 0.12 of the raw range, gamma 2.5:
src/lab/offDomainSet.ts), which stay beyond the training distribution and keep measuring adaptation.
"""
from __future__ import annotations

import numbers

import numpy as np

BIAS_MAX = float(np.log(1.5))
BLUR = (0.5, 1.0)
NOISE = (0.0, 0.05)
GAMMA = (0.7, 1.5)
CONTRAST = (0.75, 1.25)
KINDS = ("bias", "blur", "noise", "gamma", "contrast")


def check_prob(prob: float, name: str = "intensity") -> float:
    if not isinstance(prob, numbers.Real) or isinstance(prob, bool):
        raise ValueError(f"{name} = {prob!r}; give a number, a probability in [0, 1] (0: no intensity augmentation)")
    if not 0 <= prob <= 1:
        raise ValueError(f"{name} = {prob}; give a probability in [0, 1] (0: no intensity augmentation)")
    return float(prob)


def bias_field(shape, rng: np.random.Generator, amplitude: float) -> np.ndarray:
    """exp of a random quadratic in coordinates scaled to [-1, 1] about a random point of that cube (so the patch's
    centre is not always left at 1), its largest |log| over the patch = amplitude."""
    centre = rng.uniform(-1.0, 1.0, size=3)
    axes = np.meshgrid(*[np.linspace(-1.0, 1.0, n, dtype=np.float32) - np.float32(c) for n, c in zip(shape, centre)], indexing="ij")
    terms = [*axes] + [axes[i] * axes[j] for i in range(3) for j in range(i, 3)]
    coef = rng.normal(size=len(terms)).astype(np.float32)
    log = sum(c * t for c, t in zip(coef, terms))
    peak = float(np.abs(log).max())
    return np.exp(log * (amplitude / peak if peak > 0 else 0.0)).astype(np.float32)


def intensity_augment(image: np.ndarray, rng: np.random.Generator, prob: float, kinds: tuple[str, ...] = KINDS) -> np.ndarray:
    """A copy of the normalised patch `image` ([z, y, x], values in [0, 1]) with each transform of `kinds` (default:
    all of KINDS) applied with probability `prob`; float32, clipped to [0, 1]. The draws are the same whatever
    `kinds` holds."""
    from scipy.ndimage import gaussian_filter

    check_prob(prob, "prob")
    if image.ndim != 3:
        raise ValueError(f"image has shape {image.shape}; give one patch [z, y, x]")
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise ValueError(f"kinds {unknown}: give some of {', '.join(KINDS)}")
    apply = rng.random(len(KINDS)) < prob
    amplitude = rng.uniform(0.0, BIAS_MAX)
    field_rng = np.random.default_rng(rng.integers(2**63))
    sigmas = rng.uniform(*BLUR, size=3)
    noise_sd = rng.uniform(*NOISE)
    noise_rng = np.random.default_rng(rng.integers(2**63))
    gamma = float(np.exp(rng.uniform(np.log(GAMMA[0]), np.log(GAMMA[1]))))
    contrast = rng.uniform(*CONTRAST)

    out = np.array(image, dtype=np.float32, copy=True)
    on = {k: bool(a) and k in kinds for k, a in zip(KINDS, apply)}
    if on["bias"]:
        out *= bias_field(out.shape, field_rng, amplitude)
    if on["blur"]:
        out = gaussian_filter(out, sigmas, mode="nearest").astype(np.float32)
    if on["noise"]:
        out += noise_rng.normal(0.0, noise_sd, out.shape).astype(np.float32)
    np.clip(out, 0.0, 1.0, out=out)
    if on["gamma"]:
        out = np.power(out, gamma, dtype=np.float32)
    if on["contrast"]:
        mean = float(out.mean())
        out = (out - mean) * np.float32(contrast) + np.float32(mean)
    return np.clip(out, 0.0, 1.0, out=out)

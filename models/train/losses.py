"""Losses: soft Dice + BCE for segmentation, mean squared error on masked voxels for reconstruction."""
from __future__ import annotations

import torch
import torch.nn.functional as F


def _kept(ignore: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    """1 where a voxel counts in a loss: every vessel voxel, and background voxels not marked in `ignore`."""
    return 1.0 - ignore.float() * (1.0 - t)


def soft_dice_loss(logits: torch.Tensor, target: torch.Tensor, smooth: float = 1.0, ignore: torch.Tensor | None = None) -> torch.Tensor:
    """1 − soft Dice of sigmoid(logits) and a {0,1} target, pooled over the whole batch
    (a patch without vessels does not get a Dice of its own). Background voxels where `ignore` is 1 do not count
    (what the network predicts there changes nothing); vessel voxels always count."""
    p = torch.sigmoid(logits.float())
    t = target.float()
    if ignore is not None:
        p = p * _kept(ignore, t)
    inter = (p * t).sum()
    return 1.0 - (2.0 * inter + smooth) / (p.sum() + t.sum() + smooth)


def bce_loss(logits: torch.Tensor, target: torch.Tensor, neg_focus: float = 0.0, structure: torch.Tensor | None = None,
             structure_weight: float = 0.0, ignore: torch.Tensor | None = None) -> torch.Tensor:
    """Mean binary cross-entropy per voxel. Each background voxel's term is weighted
    1 + neg_focus * p + structure_weight * s: p its predicted vessel probability (a constant: no gradient flows through
    the weight), so a confident false positive weighs up to 1 + neg_focus times an ordinary voxel; s 1 where `structure`
    (structure.py: distractors, body shell) marks bright structure that is not vessel. Vessel voxels keep weight 1.
    Divided by the voxel count; with both weights 0 it is the plain mean. Background voxels where `ignore` is 1 weigh 0
    and leave the count: the mean is over the other voxels."""
    if neg_focus < 0:
        raise ValueError(f"neg_focus = {neg_focus}; give 0 (plain cross-entropy) or a positive weight")
    if structure_weight < 0:
        raise ValueError(f"structure_weight = {structure_weight}; give 0 (no weight) or a positive weight")
    if structure_weight > 0 and structure is None:
        raise ValueError("structure_weight > 0 needs the structure map (TrainPatches(structure=True) gives it)")
    x, t = logits.float(), target.float()
    if neg_focus == 0 and structure_weight == 0 and ignore is None:
        return F.binary_cross_entropy_with_logits(x, t)
    extra = torch.zeros_like(x)
    if neg_focus > 0:
        extra = extra + neg_focus * torch.sigmoid(x).detach()
    if structure_weight > 0:
        extra = extra + structure_weight * structure.float()
    weight = 1.0 + extra * (1.0 - t)
    if ignore is None:
        return F.binary_cross_entropy_with_logits(x, t, weight=weight)
    keep = _kept(ignore, t)
    terms = F.binary_cross_entropy_with_logits(x, t, weight=weight * keep, reduction="sum")
    return terms / keep.sum().clamp_min(1.0)


def masked_mse(recon: torch.Tensor, target: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Mean of (recon − target)² over the voxels where mask is 1; 0 when nothing is masked."""
    m = mask.float()
    return (((recon.float() - target.float()) ** 2) * m).sum() / m.sum().clamp_min(1.0)


def dice_score(pred: torch.Tensor, target: torch.Tensor) -> float:
    """Dice of two binary volumes; 1 when both are empty."""
    p, t = pred.bool(), target.bool()
    denom = int(p.sum()) + int(t.sum())
    return 1.0 if denom == 0 else 2.0 * int((p & t).sum()) / denom

"""
Does removing small pieces of a mask raise its Dice? (docs/results/postprocess/rule.md)

For each case of each set, the mask `vessel-lab segment` wrote and its label: Dice, precision and recall after the
26-connected components of fewer than N voxels are removed, for each candidate N; then each set's mean and, over
several sets, the rule's score (the mean of the sets' means).

    /usr/bin/python3 models/train/component_probe.py D1=masks1,labels1 D2=masks2,labels2 [--sizes 0 8 27 64 125]
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np
from scipy import ndimage

from data import load_volume, nifti_names

CUBE = np.ones((3, 3, 3), bool)  # 26-connectivity


def without_small_components(mask: np.ndarray, n: int) -> np.ndarray:
    """The mask without its 26-connected components of fewer than n voxels."""
    mask = np.asarray(mask, bool)
    if n <= 1:
        return mask
    labels, count = ndimage.label(mask, structure=CUBE)
    if count == 0:
        return mask
    keep = np.bincount(labels.ravel()) >= n
    keep[0] = False
    return keep[labels]


def scores(mask: np.ndarray, label: np.ndarray) -> tuple[float, float, float]:
    """(Dice, precision, recall); Dice 1 where both are empty."""
    tp = float(np.logical_and(mask, label).sum())
    m, l = float(mask.sum()), float(label.sum())
    return (1.0 if m + l == 0 else 2 * tp / (m + l)), tp / max(m, 1), tp / max(l, 1)


def probe_set(mask_dir: str, label_dir: str, sizes: list[int]) -> dict[int, np.ndarray]:
    """{N: array of (Dice, precision, recall) per case}, the cases being the label folder's files."""
    names, unmasked = nifti_names(label_dir, mask_dir)
    if not names:
        raise ValueError(f"{label_dir}: no NIfTI labels")
    if unmasked:
        raise ValueError(f"{os.path.join(mask_dir, unmasked[0])}: no mask for label {unmasked[0]}; segment the set's images into {mask_dir} first")
    out: dict[int, list] = {n: [] for n in sizes}
    for name in names:
        path = os.path.join(mask_dir, name)
        label = load_volume(os.path.join(label_dir, name), np.uint8) > 0
        mask = load_volume(path, np.uint8) > 0
        if mask.shape != label.shape:
            raise ValueError(f"{path}: mask {mask.shape}, label {label.shape}; give masks on the labels' grid")
        for n in sizes:
            out[n].append(scores(without_small_components(mask, n), label))
    return {n: np.array(v) for n, v in out.items()}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    ap.add_argument("sets", nargs="+", help="NAME=MASK_DIR,LABEL_DIR")
    ap.add_argument("--sizes", nargs="+", type=int, default=[0, 8, 27, 64, 125], help="candidate N (voxels); the first is the reference")
    args = ap.parse_args(argv)
    means: dict[str, dict[int, float]] = {}
    try:
        for spec in args.sets:
            name, _, dirs = spec.partition("=")
            mask_dir, _, label_dir = dirs.partition(",")
            if not (name and mask_dir and label_dir):
                raise ValueError(f"{spec!r}: give each set as NAME=MASK_DIR,LABEL_DIR")
            res = probe_set(mask_dir, label_dir, args.sizes)
            ref = res[args.sizes[0]][:, 0]
            means[name] = {}
            for n in args.sizes:
                d = res[n][:, 0] - ref
                means[name][n] = float(res[n][:, 0].mean())
                print(f"{name} N={n:4d} dice {res[n][:, 0].mean():.4f} (change {d.mean():+.4f}; lower on {int((d < -1e-9).sum())}, "
                      f"higher on {int((d > 1e-9).sum())} of {len(d)}; min {d.min():+.4f} max {d.max():+.4f}) "
                      f"precision {res[n][:, 1].mean():.3f} recall {res[n][:, 2].mean():.3f}")
    except (OSError, ValueError) as e:
        print(f"component_probe: {e}", file=sys.stderr)
        return 2
    for n in args.sizes:
        print(f"score N={n}: {np.mean([m[n] for m in means.values()]):.4f}")
    print(json.dumps(means))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""
Which kinds of sample hold a set's lost Dice: the masks of a generated set (`vessel-lab generate`, its manifest and
labels; the masks paired by file name, as `vessel-lab segment --in-dir … --out-dir` writes them) grouped into
dark-vessel samples (the manifest's `imaging.params.vessels.invert`), bright samples whose vessels stand less than
--cnr noise deviations above their background, and the rest, with each group's count and mean Dice:

    /usr/bin/python3 models/train/hard_cases.py --data SET --masks MASKS [--cnr 1]

Contrast-to-noise: (median of the image inside the label − median outside) / standard deviation outside. Run on a
model's training samples and on development samples alike, it tells a generalisation gap (training samples read well,
development ones not) from samples the model never learnt (both read badly).
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np

from data import read_manifest
from nifti import load_nifti

GROUPS = ("dark", "faint", "other")


def contrast_to_noise(image: np.ndarray, label: np.ndarray) -> float:
    """(median inside − median outside) / std outside; nan without both."""
    if not label.any() or label.all():
        return float("nan")
    outside = image[~label]
    return float((np.median(image[label]) - np.median(outside)) / (outside.std() + 1e-6))


def dice(mask: np.ndarray, label: np.ndarray) -> float:
    s = int(mask.sum()) + int(label.sum())
    return 1.0 if s == 0 else 2.0 * int(np.logical_and(mask, label).sum()) / s


def group_of(record: dict, cnr: float, min_cnr: float) -> str:
    vessels = ((record.get("imaging") or {}).get("params") or {}).get("vessels") or {}
    if vessels.get("invert"):
        return "dark"
    return "faint" if cnr < min_cnr else "other"


def hard_cases(data: str, masks: str, min_cnr: float = 1.0) -> dict:
    """{group: {"count", "mean_dice"}} and "all", over the set's samples."""
    _, records = read_manifest(data)
    rows = []
    for rec in records:
        rel = rec["files"]["label"]["path"]
        path = os.path.join(masks, os.path.basename(rel))
        if not os.path.exists(path):
            raise ValueError(f"{path}: no mask for sample {rec['index']}; segment {os.path.join(data, 'images')} into {masks} first")
        label = load_nifti(os.path.join(data, rel)) > 0
        image = load_nifti(os.path.join(data, rec["files"]["image"]["path"]))
        mask = load_nifti(path) > 0
        rows.append((group_of(rec, contrast_to_noise(image, label), min_cnr), dice(mask, label)))
    out = {"all": {"count": len(rows), "mean_dice": float(np.mean([d for _, d in rows])) if rows else float("nan")}}
    for g in GROUPS:
        ds = [d for k, d in rows if k == g]
        out[g] = {"count": len(ds), "mean_dice": float(np.mean(ds)) if ds else float("nan")}
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    ap.add_argument("--data", required=True, help="a set `vessel-lab generate` wrote (manifest.jsonl, images/, labels/)")
    ap.add_argument("--masks", required=True, help="the set's masks, named as its labels")
    ap.add_argument("--cnr", type=float, default=1.0, help="bright samples below this contrast-to-noise are 'faint' (default 1)")
    args = ap.parse_args(argv)
    try:
        res = hard_cases(args.data, args.masks, args.cnr)
    except (OSError, ValueError, KeyError) as e:
        print(f"hard_cases: {e}", file=sys.stderr)
        return 2
    a = res["all"]
    print(f"{args.data}: {a['count']} samples, mean Dice {a['mean_dice']:.3f}; dark vessels {res['dark']['count']} "
          f"({res['dark']['mean_dice']:.3f}), bright with contrast-to-noise under {args.cnr:g} {res['faint']['count']} "
          f"({res['faint']['mean_dice']:.3f}), the others {res['other']['count']} ({res['other']['mean_dice']:.3f})")
    print(json.dumps(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())

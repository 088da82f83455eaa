"""
Which kinds of sample hold a set's lost Dice: the masks of a generated set (`vessel-lab generate`, its manifest and
labels; the masks paired by file name, as `vessel-lab segment --in-dir … --out-dir` writes them) grouped into
dark-vessel samples (the manifest's `imaging.params.vessels.invert`), bright samples of low contrast (their vessels
less than --min-contrast standard deviations of the background above it), samples with no vessel voxel, and the
rest, with each group's count and mean Dice; --below D also lists every sample under Dice D with its preset and group:

    /usr/bin/python3 models/train/hard_cases.py --data SET --masks MASKS [--min-contrast 1] [--below 0.5] [--threshold-bound SIGMA]

With --threshold-bound SIGMA each sample also gets the best Dice any one global threshold of its image, smoothed by a
Gaussian of SIGMA voxels (0: as it is), reaches against its label, vessels taken on whichever side of the threshold
scores higher: a bound of what an intensity threshold could do knowing the label, beside what the model does. A kind
the model reads worse than that bound holds signal a threshold finds; a kind where the bound is low too is faint.

Contrast: (median of the image inside the label − median outside) / standard deviation outside. The spread outside
is the background's whole spread (texture, bias field and noise), not the noise alone. Run on a model's training
samples and on development samples alike, it tells a generalisation gap (training samples read well, development
ones not) from kinds of sample the model reads badly in training too.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np
from scipy import ndimage

from component_probe import scores
from data import load_volume, read_manifest, record_path

GROUPS = ("dark", "low_contrast", "no_vessel", "other")


def contrast(image: np.ndarray, label: np.ndarray) -> float:
    """(median inside − median outside) / std outside; nan without both an inside and an outside."""
    if not label.any() or label.all():
        return float("nan")
    outside = image[~label]
    return float((np.median(image[label]) - np.median(outside)) / (outside.std() + 1e-6))


def best_threshold_dice(image: np.ndarray, label: np.ndarray, sigma: float = 0.0) -> float:
    """The highest Dice of `smoothed > t` or `smoothed < t` against `label` over every threshold t (exact: one cut between
    each two distinct values of the smoothed image; equal values fall on one side together); nan with no label voxel.
    A ValueError names an image that is not finite or not on the label's grid."""
    image = np.asarray(image)
    if image.shape != np.shape(label):
        raise ValueError(f"image {image.shape}, label {np.shape(label)}: give the image on its label's grid")
    if not np.isfinite(image).all():
        raise ValueError("the image holds values that are not finite (NaN or infinite); a threshold cannot order them")
    label = np.asarray(label, bool).ravel()
    n_label = int(label.sum())
    if n_label == 0:
        return float("nan")
    values = np.asarray(image, np.float64)
    if sigma > 0:
        values = ndimage.gaussian_filter(values, sigma, mode="nearest")
    values = values.ravel()
    best = 0.0
    up = np.argsort(values, kind="stable")
    # vessels above the threshold (descending order), then below it; within equal values the order does not matter,
    # since cuts fall only between distinct values
    for order in (up[::-1], up):
        v, tp = values[order], np.cumsum(label[order])
        k = np.arange(1, v.size + 1)
        # a cut after position k-1 only where the next value differs (or at the end)
        cut = np.append(v[1:] != v[:-1], True)
        best = max(best, float(np.max(2.0 * tp[cut] / (k[cut] + n_label))))
    return best


def group_of(record: dict, c: float, min_contrast: float) -> str:
    vessels = ((record.get("imaging") or {}).get("params") or {}).get("vessels") or {}
    if vessels.get("invert"):
        return "dark"
    if np.isnan(c):
        return "no_vessel"
    return "low_contrast" if c < min_contrast else "other"


def cases(data: str, masks: str, min_contrast: float = 1.0, bound_sigma: float | None = None) -> list[dict]:
    """One row per sample of the set: name, preset, group, contrast, Dice (and, with bound_sigma, its threshold bound)."""
    _, records = read_manifest(data)
    rows = []
    for rec in records:
        name = os.path.basename(rec["files"]["label"]["path"])
        path = os.path.join(masks, name)
        if not os.path.exists(path):
            raise ValueError(f"{path}: no mask for sample {rec['index']}; segment {os.path.join(data, 'images')} into {masks} first")
        label = load_volume(record_path(data, rec, "label"), np.uint8) > 0
        image = load_volume(record_path(data, rec, "image"))
        mask = load_volume(path, np.uint8) > 0
        if mask.shape != label.shape:
            raise ValueError(f"{path}: mask {mask.shape}, label {label.shape}; give masks on the labels' grid")
        c = contrast(image, label)
        row = {"name": name, "preset": rec.get("preset"), "group": group_of(rec, c, min_contrast), "contrast": c, "dice": scores(mask, label)[0]}
        if bound_sigma is not None:
            row["bound"] = best_threshold_dice(image, label, bound_sigma)
        rows.append(row)
    return rows


def group_summary(members: list[dict], bounded: bool) -> dict:
    """A group's count and mean Dice; with `bounded`, also its mean threshold bound over the members that have one
    (`bounded_count` of them: a sample with no vessel has none) — nan when none has."""
    mean = lambda xs: float(np.mean(xs)) if xs else float("nan")
    out = {"count": len(members), "mean_dice": mean([r["dice"] for r in members])}
    if bounded:
        bounds = [r["bound"] for r in members if not np.isnan(r["bound"])]
        out.update(mean_bound=mean(bounds), bounded_count=len(bounds))
    return out


def summarise(rows: list[dict]) -> dict:
    """{group: {"count", "mean_dice"[, "mean_bound", "bounded_count"]}} and "all"; a group's mean is nan when it has no
    sample. The bound is summarised when the rows carry one."""
    bounded = any("bound" in r for r in rows)
    return {"all": group_summary(rows, bounded), **{g: group_summary([r for r in rows if r["group"] == g], bounded) for g in GROUPS}}


def hard_cases(data: str, masks: str, min_contrast: float = 1.0, bound_sigma: float | None = None) -> dict:
    return summarise(cases(data, masks, min_contrast, bound_sigma))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    ap.add_argument("--data", required=True, help="a set `vessel-lab generate` wrote (manifest.jsonl, images/, labels/)")
    ap.add_argument("--masks", required=True, help="the set's masks, named as its labels")
    ap.add_argument("--min-contrast", type=float, default=1.0, help="bright samples below this contrast are 'low_contrast' (default 1)")
    ap.add_argument("--below", type=float, help="also list every sample with a Dice below this")
    ap.add_argument("--threshold-bound", type=float, metavar="SIGMA",
                    help="also each sample's best Dice of one global threshold of its image smoothed by SIGMA voxels (0: unsmoothed), "
                         "knowing the label")
    args = ap.parse_args(argv)
    if args.threshold_bound is not None and not (np.isfinite(args.threshold_bound) and args.threshold_bound >= 0):
        ap.error(f"--threshold-bound {args.threshold_bound:g}: give a Gaussian sigma of 0 or more voxels (0: unsmoothed)")
    try:
        rows = cases(args.data, args.masks, args.min_contrast, args.threshold_bound)
    except (OSError, ValueError, KeyError) as e:
        print(f"hard_cases: {e}", file=sys.stderr)
        return 2
    res = summarise(rows)
    part = lambda g: f"{res[g]['count']} ({res[g]['mean_dice']:.3f})"
    print(f"{args.data}: {res['all']['count']} samples, mean Dice {res['all']['mean_dice']:.3f}; dark vessels {part('dark')}, "
          f"bright of contrast under {args.min_contrast:g} {part('low_contrast')}, no vessel {part('no_vessel')}, the others {part('other')}")
    if args.threshold_bound is not None:
        bound = lambda g: f"{res[g]['mean_bound']:.3f}"
        print(f"best global threshold (sigma {args.threshold_bound:g}), knowing the label: all {bound('all')}; dark vessels {bound('dark')}, "
              f"bright of contrast under {args.min_contrast:g} {bound('low_contrast')}, the others {bound('other')}")
    if args.below is not None:
        low = [r for r in rows if r["dice"] < args.below]
        rest = [r["dice"] for r in rows if r["dice"] >= args.below]
        print(f"{len(low)} below Dice {args.below:g}; the other {len(rest)} average {np.mean(rest) if rest else float('nan'):.3f}")
        for r in low:
            print(f"  {r['name']} {r['preset']} {r['group']} contrast {r['contrast']:.2f} Dice {r['dice']:.3f}"
                  + (f" threshold bound {r['bound']:.3f}" if "bound" in r else ""))
    print(json.dumps(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())

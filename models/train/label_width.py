"""
How wide a label is drawn against its own image: the label's voxels compared with the image's
half-maximum region around it. Two labels of the same vessels can differ by a factor of three in
volume (one traces the lumen, one is drawn generously around the bright tube), and Dice between a
segmenter and a label depends on that convention as much as on finding the vessels.

    /usr/bin/python3 models/train/label_width.py --image IMG [IMG ...] --label LAB [LAB ...] [--json out.json]

Each IMG/LAB is a file, or a folder whose files are paired by name (as `vessel-lab evaluate`).
Several pairs (one folder pair per preset, say) are summarised together.

For one case:
- centre: the median image intensity on the label's medial voxels (local maxima of the distance
  to the label's outside);
- background: the median intensity 3 to 4 voxels outside the label (Euclidean distance in voxels,
  whatever the voxel size). A label traced more than 2 voxels inside a blurred vessel's edge has its
  background measured on the vessel's shoulder, which raises the half maximum and so the ratio; traced
  inside a uniformly bright wide vessel, it has no ratio;
- half-maximum region: voxels brighter than (centre + background) / 2, kept within ZONE voxels
  (default 4) of the label (so vessels the label left out elsewhere do not count);
- ratio = label voxels / half-maximum voxels: about 1 for a label drawn at the half-maximum
  edge, below 1 for one traced inside it (a lumen under blur), above 1 for one drawn wider;
- dice_half = Dice of the half-maximum region against the label: what a segmenter that marks
  exactly the bright extent of the labelled vessels would score.
The ratio counts voxels: 2.85 (the light-sheet label) means about √2.85 ≈ 1.7 times as wide for a tube. A label is vessel
where above 0 (a probability map counts every voxel above 0). A case whose centre is not brighter than
its background (dark vessels), or with an empty label, has no ratio, says why, and is left out of the summary.
"""
from __future__ import annotations

import argparse
import json
import os

import numpy as np
from scipy import ndimage as ndi

from data import load_volume, nifti_names


def label_width(image: np.ndarray, label: np.ndarray, zone: float = 4.0) -> dict:
    """The figures above for one case; `label` is vessel where above 0 (as `vessel-lab evaluate`)."""
    a, t = np.squeeze(np.asarray(image, dtype=np.float64)), np.squeeze(np.asarray(label)) > 0
    if a.ndim != 3 or a.shape != t.shape:
        raise ValueError(f"image {a.shape} and label {t.shape}: both must be the same 3D grid")
    if not zone >= 1:
        raise ValueError(f"zone {zone}: the half-maximum region must be allowed at least 1 voxel beyond the label")
    if not t.any():
        return {"label_voxels": 0, "ratio": None, "dice_half": None, "reason": "empty label"}
    inside = ndi.distance_transform_edt(t)
    medial = t & (inside >= ndi.maximum_filter(inside, size=3)) & np.isfinite(a)
    outside = ndi.distance_transform_edt(~t)
    shell = (outside >= 3) & (outside <= 4) & np.isfinite(a)
    out = {"label_voxels": int(t.sum())}
    if not shell.any():
        return {**out, "ratio": None, "dice_half": None, "reason": "no voxels 3-4 voxels outside the label to measure the background on"}
    centre, background = float(np.median(a[medial])), float(np.median(a[shell]))
    out.update(centre=centre, background=background)
    if not centre > background:
        return {**out, "ratio": None, "dice_half": None, "reason": "label not brighter than the voxels 3-4 outside it (dark vessels, or a label traced well inside wide ones)"}
    half = (a > (centre + background) / 2) & (outside <= zone)
    n = int(half.sum())
    return {
        **out,
        "half_voxels": n,
        "ratio": float(t.sum() / n) if n else None,
        "dice_half": float(2 * (half & t).sum() / (n + t.sum())),
    }


def summarise(cases: list[dict]) -> dict:
    ok = [c for c in cases if c.get("ratio") is not None]
    ratios = np.array([c["ratio"] for c in ok])
    return {
        "cases": len(cases),
        "measured": len(ok),
        "ratio_p10_50_90": [float(x) for x in np.percentile(ratios, [10, 50, 90])] if ok else None,
        "mean_dice_half": float(np.mean([c["dice_half"] for c in ok])) if ok else None,
    }


def pairs(image: str, label: str) -> list[tuple[str, str]]:
    if os.path.isdir(image) != os.path.isdir(label):
        raise SystemExit(f"label_width: {image} and {label}: give two files or two folders")
    if os.path.isdir(image):
        names, missing = nifti_names(image, label)
        if missing:
            raise SystemExit(f"label_width: no label for {missing[0]} in {label} (files are paired by name)")
        return [(os.path.join(image, f), os.path.join(label, f)) for f in names]
    return [(image, label)]


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].strip())
    ap.add_argument("--image", nargs="+", required=True, help="scan files or folders")
    ap.add_argument("--label", nargs="+", required=True, help="label files or folders, one per --image")
    ap.add_argument("--zone", type=float, default=4, help="voxels around the label the half-maximum region may reach")
    ap.add_argument("--json", help="write per-case figures and the summary here")
    args = ap.parse_args(argv)
    if len(args.image) != len(args.label):
        raise SystemExit(f"label_width: {len(args.image)} --image but {len(args.label)} --label; give one label per image")
    cases = []
    for image, label in zip(args.image, args.label):
        for ip, lp in pairs(image, label):
            try:
                c = label_width(load_volume(ip), load_volume(lp), args.zone)
            except ValueError as e:
                raise SystemExit(f"label_width: {ip} with {lp}: {e}")
            cases.append({"case": ip, **c})
            if c["ratio"] is None:
                print(f"{ip}: no ratio: {c.get('reason', 'no half-maximum voxels')}")
            else:
                print(f"{ip}: label/half-maximum {c['ratio']:.2f}, Dice(half-maximum, label) {c['dice_half']:.3f}")
    if not cases:
        raise SystemExit(f"label_width: no .nii or .nii.gz files in {' '.join(args.image)}")
    s = summarise(cases)
    if not s["measured"]:
        print(f"0 of {s['cases']} cases measured")
    else:
        p = s["ratio_p10_50_90"]
        print(f"{s['measured']} of {s['cases']} cases: label/half-maximum p10/50/90 {p[0]:.2f} / {p[1]:.2f} / {p[2]:.2f}; "
              f"mean Dice(half-maximum, label) {s['mean_dice_half']:.3f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"summary": s, "cases": cases}, f, indent=1)
    return s


if __name__ == "__main__":
    main()

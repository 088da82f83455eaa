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
- background: the median intensity in a shell 3 to 4 voxels outside the label (so a label traced
  more than 2 voxels inside the bright edge has its background measured on the vessel, and no ratio);
- half-maximum region: voxels brighter than (centre + background) / 2, kept within ZONE voxels
  of the label (so vessels the label left out elsewhere do not count);
- ratio = label voxels / half-maximum voxels: about 1 for a label drawn at the half-maximum
  edge, below 1 for one traced inside it (a lumen under blur), above 1 for one drawn wider;
- dice_half = Dice of the half-maximum region against the label: what a segmenter that marks
  exactly the bright extent of the labelled vessels would score.
A case whose centre is not brighter than its background (dark vessels, an empty label) has no
ratio and is left out of the summary.
"""
from __future__ import annotations

import argparse
import json
import os

import numpy as np
from scipy import ndimage as ndi


def label_width(image: np.ndarray, label: np.ndarray, zone: int = 4) -> dict:
    a, t = np.asarray(image, dtype=np.float64), np.asarray(label).astype(bool)
    if a.shape != t.shape:
        raise ValueError(f"image {a.shape} and label {t.shape} differ in shape")
    if not t.any():
        return {"label_voxels": 0, "ratio": None, "dice_half": None, "reason": "empty label"}
    dist = ndi.distance_transform_edt(t)
    medial = t & (dist >= ndi.maximum_filter(dist, size=3))
    ball = ndi.generate_binary_structure(3, 1)
    grown = [t]
    for _ in range(max(zone, 4)):
        grown.append(ndi.binary_dilation(grown[-1], ball))
    shell = grown[4] & ~grown[2]
    centre, background = float(np.median(a[medial])), float(np.median(a[shell])) if shell.any() else float("nan")
    out = {"label_voxels": int(t.sum()), "centre": centre, "background": background}
    if not centre > background:
        return {**out, "ratio": None, "dice_half": None, "reason": "label not brighter than its surroundings"}
    half = (a > (centre + background) / 2) & grown[zone]
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
    if os.path.isdir(image):
        names = sorted(f for f in os.listdir(image) if f.endswith((".nii", ".nii.gz")))
        missing = [f for f in names if not os.path.exists(os.path.join(label, f))]
        if missing:
            raise SystemExit(f"label_width: no label for {missing[0]} in {label} (files are paired by name)")
        return [(os.path.join(image, f), os.path.join(label, f)) for f in names]
    return [(image, label)]


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].strip())
    ap.add_argument("--image", nargs="+", required=True, help="scan files or folders")
    ap.add_argument("--label", nargs="+", required=True, help="label files or folders, one per --image")
    ap.add_argument("--zone", type=int, default=4, help="voxels around the label the half-maximum region may reach")
    ap.add_argument("--json", help="write per-case figures and the summary here")
    args = ap.parse_args(argv)
    if len(args.image) != len(args.label):
        raise SystemExit(f"label_width: {len(args.image)} --image but {len(args.label)} --label; give one label per image")
    import nibabel as nib

    cases = []
    for image, label in zip(args.image, args.label):
        for ip, lp in pairs(image, label):
            c = label_width(np.asarray(nib.load(ip).dataobj), np.asarray(nib.load(lp).dataobj), args.zone)
            cases.append({"case": ip, **c})
            r = "—" if c["ratio"] is None else f"{c['ratio']:.2f}"
            d = "—" if c["dice_half"] is None else f"{c['dice_half']:.3f}"
            print(f"{ip}: label/half-maximum {r}, Dice(half-maximum, label) {d}")
    s = summarise(cases)
    if s["measured"]:
        p = s["ratio_p10_50_90"]
        print(f"{s['measured']} of {s['cases']} cases: label/half-maximum p10/50/90 {p[0]:.2f} / {p[1]:.2f} / {p[2]:.2f}; "
              f"mean Dice(half-maximum, label) {s['mean_dice_half']:.3f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"summary": s, "cases": cases}, f, indent=1)
    return s


if __name__ == "__main__":
    main()

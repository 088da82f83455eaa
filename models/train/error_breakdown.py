"""
Where a segmentation's Dice is lost: every wrong voxel of a predicted mask put in one of five kinds,
and the mean Dice each kind would leave if it were forgiven. Pairs masks by file name, like
`vessel-lab evaluate --pred-dir --label-dir`; several folder pairs (one per preset, say) are summarised together:

    /usr/bin/python3 models/train/error_breakdown.py --pred-dir PRED [PRED2 ...] --label-dir LABELS [LABELS2 ...] [--json out.json]

The kinds (distances in voxels, Euclidean; "width" of a label voxel = the largest distance to the
background within its 5³ neighbourhood, so about the radius of the vessel it belongs to):
- missed thin: a label voxel not predicted, of a vessel narrower than THIN (default radius < 1.5);
- missed edge: a wider label voxel not predicted, at most NEAR (2) from a predicted voxel: the
  prediction is there but its boundary is misplaced;
- missed vessel: a wider label voxel not predicted, farther than NEAR from any prediction: a vessel
  segment missed whole;
- extra edge: a predicted voxel outside the label, at most NEAR from it: a boundary too wide;
- extra structure: a predicted voxel farther than NEAR from the label: something that is not a
  labelled vessel (noise, a distractor tube, a bright blob).
Fractions are of the label's voxels, summed over all cases.
"""
from __future__ import annotations

import argparse
import json
import os

import numpy as np
from scipy import ndimage as ndi

from data import load_volume, nifti_names

KINDS = ("missed_thin", "missed_edge", "missed_vessel", "extra_edge", "extra_structure")
MISSED, EXTRA = KINDS[:3], KINDS[3:]


def breakdown(pred: np.ndarray, label: np.ndarray, thin: float = 1.5, near: float = 2.0) -> dict:
    """Voxel counts of true positives and of each error kind for one case."""
    p, t = pred.astype(bool), label.astype(bool)
    if p.shape != t.shape:
        raise ValueError(f"prediction {p.shape} and label {t.shape} differ in shape")
    width = ndi.maximum_filter(ndi.distance_transform_edt(t), size=5) * t
    to_pred = ndi.distance_transform_edt(~p) if p.any() else np.full(p.shape, np.inf)
    to_label = ndi.distance_transform_edt(~t) if t.any() else np.full(t.shape, np.inf)
    missed, extra, wide = t & ~p, p & ~t, width >= thin
    return {
        "tp": int((p & t).sum()),
        "missed_thin": int((missed & ~wide).sum()),
        "missed_edge": int((missed & wide & (to_pred <= near)).sum()),
        "missed_vessel": int((missed & wide & (to_pred > near)).sum()),
        "extra_edge": int((extra & (to_label <= near)).sum()),
        "extra_structure": int((extra & (to_label > near)).sum()),
    }


def dice_forgiving(counts: dict, forgiven=()) -> float:
    """Dice with the forgiven kinds not counted (a forgiven missed voxel counts as found)."""
    tp = counts["tp"] + sum(counts[k] for k in forgiven if k in MISSED)
    fn = sum(counts[k] for k in MISSED if k not in forgiven)
    fp = sum(counts[k] for k in EXTRA if k not in forgiven)
    return 1.0 if tp + fn + fp == 0 else 2 * tp / (2 * tp + fn + fp)


def summarise(cases: list[dict]) -> dict:
    total = {k: sum(c[k] for c in cases) for k in ("tp",) + KINDS}
    labelled = total["tp"] + sum(total[k] for k in MISSED)
    return {
        "cases": len(cases),
        "fraction_of_label": {k: total[k] / labelled if labelled else 0.0 for k in ("tp",) + KINDS},
        "mean_dice": float(np.mean([dice_forgiving(c) for c in cases])) if cases else float("nan"),
        "mean_dice_forgiving": {k: float(np.mean([dice_forgiving(c, (k,)) for c in cases])) for k in KINDS} if cases else {},
    }


def worst(cases: list[dict], k: int, by: str | None = None) -> list[dict]:
    """The k cases with the most wrong voxels of kind `by` (all kinds when None), most first; each with `share`, its
    part of that kind's wrong voxels over all cases, and its Dice."""
    if by is not None and by not in KINDS:
        raise ValueError(f"--by {by}: give one of {', '.join(KINDS)}")
    kinds = (by,) if by else KINDS
    count = lambda c: sum(c[x] for x in kinds)
    total = sum(count(c) for c in cases)
    ranked = sorted(cases, key=count, reverse=True)[:k]
    return [{"name": c["name"], "wrong": count(c), "share": count(c) / total if total else 0.0, "dice": dice_forgiving(c)} for c in ranked]


def pairs(pred_dirs: list[str], label_dirs: list[str]) -> list[tuple[str, str, str]]:
    """(case name, prediction path, label path) for every NIfTI in each prediction folder, paired by file name
    with the label folder at the same position; a case is named by its file, or by its path when there are several folders."""
    if len(pred_dirs) != len(label_dirs):
        raise SystemExit(f"{len(pred_dirs)} prediction folder(s) but {len(label_dirs)} label folder(s): give one label folder per prediction folder, in the same order")
    out = []
    for pred_dir, label_dir in zip(pred_dirs, label_dirs):
        names, missing = nifti_names(pred_dir, label_dir)
        if not names or missing:
            raise SystemExit(f"no prediction in {pred_dir}" if not names else
                             f"{len(missing)} prediction(s) have no label of the same name in {label_dir}, e.g. {missing[0]}")
        out += [(os.path.join(pred_dir, n) if len(pred_dirs) > 1 else n, os.path.join(pred_dir, n), os.path.join(label_dir, n)) for n in names]
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pred-dir", required=True, nargs="+", help="folder(s) of predicted masks; several are summarised together")
    ap.add_argument("--label-dir", required=True, nargs="+", help="the label folder of each prediction folder, in the same order")
    ap.add_argument("--thin", type=float, default=1.5, help="vessels with a width (radius, voxels) below this are thin")
    ap.add_argument("--near", type=float, default=2.0, help="an error within this distance (voxels) is an edge error")
    ap.add_argument("--json", help="write per-case counts and the summary here")
    ap.add_argument("--worst", type=int, default=0, metavar="K", help="also list the K cases that hold the most wrong voxels")
    ap.add_argument("--by", choices=KINDS, help="with --worst: of this kind only (default: every kind)")
    args = ap.parse_args(argv)
    if args.worst < 0:
        ap.error(f"--worst {args.worst}: give how many cases to list, 1 or more (0: none)")
    if args.by and not args.worst:
        ap.error("--by ranks the cases --worst lists; give --worst K too")

    cases = []
    for name, pred_path, label_path in pairs(args.pred_dir, args.label_dir):
        pred = load_volume(pred_path, np.uint8) > 0
        label = load_volume(label_path, np.uint8) > 0
        cases.append({"name": name, **breakdown(pred, label, args.thin, args.near)})
    s = summarise(cases)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"summary": s, "cases": cases}, f, indent=1)
    print(f"{s['cases']} cases, mean Dice {s['mean_dice']:.3f}")
    for k in KINDS:
        print(f"  {k:16s} {100 * s['fraction_of_label'][k]:5.1f} % of label voxels; mean Dice if forgiven {s['mean_dice_forgiving'][k]:.3f}")
    if args.worst:
        print(f"the {args.worst} cases with the most {args.by or 'wrong'} voxels:")
        for w in worst(cases, args.worst, args.by):
            print(f"  {w['name']}: {w['wrong']} voxels ({100 * w['share']:.0f} % of all cases'), Dice {w['dice']:.3f}")


if __name__ == "__main__":
    main()

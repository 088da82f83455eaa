"""
Dice, clDice, precision and recall of a trained model on a generated data set, per preset and overall.
Make the evaluation set with a seed the training set did not use (samples depend on seed and index):

    npx vessel-lab generate --count 400 --size 64 --mix --seed 2 --out eval-data
    /usr/bin/python3 models/train/evaluate_synthetic.py --weights RUN/model.pt --data eval-data \\
        --per-preset 50 --json eval.json

clDice (Shit et al. 2021): 2·Tprec·Tsens / (Tprec + Tsens), with Tprec = |skel(P) ∩ L| / |skel(P)|
and Tsens = |skel(L) ∩ P| / |skel(L)| (skimage's 3D skeletonisation).

Empty masks, as src/metrics scores them (test/fixtures/contract.json holds both sides' answers): both empty, every
score is 1 (nothing to find, nothing found); exactly one empty, every score is 0 — recall too when the label is
empty and the prediction is not (it was 1 here until the contract fixture found the disagreement: a vessel-free
crop would have rewarded any false positive with a perfect recall).
"""
from __future__ import annotations

import argparse
import json
import os
import time
from collections import defaultdict

import numpy as np
import torch

import checkpoint as ck
from data import load_volume, normalise, read_manifest
from infer import segment_volume


def skeleton(mask: np.ndarray) -> np.ndarray:
    from skimage.morphology import skeletonize_3d

    return skeletonize_3d(mask.astype(np.uint8)) > 0


def metrics(pred: np.ndarray, label: np.ndarray) -> dict:
    p, t = pred.astype(bool), label.astype(bool)
    tp, fp, fn = int((p & t).sum()), int((p & ~t).sum()), int((~p & t).sum())
    dice = 1.0 if tp + fp + fn == 0 else 2 * tp / (2 * tp + fp + fn)
    sp, st = skeleton(p), skeleton(t)
    tprec = float((sp & t).sum() / sp.sum()) if sp.any() else float(not t.any())
    tsens = float((st & p).sum() / st.sum()) if st.any() else float(not p.any())
    cldice = 0.0 if tprec + tsens == 0 else 2 * tprec * tsens / (tprec + tsens)
    return {"dice": dice, "cldice": cldice, "precision": tp / (tp + fp) if tp + fp else float(not t.any()),
            "recall": tp / (tp + fn) if tp + fn else float(not p.any())}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--weights", required=True)
    ap.add_argument("--data", required=True, help="a generate folder the model was not trained on")
    ap.add_argument("--per-preset", type=int, default=50, help="at most this many samples per preset (index order)")
    ap.add_argument("--patch", type=int, default=64)
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--json", help="write per-sample and summary results here")
    args = ap.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    model, state = ck.load_model(args.weights)
    _, records = read_manifest(args.data)
    taken, rows = defaultdict(int), []
    t0 = time.time()
    for rec in records:
        preset = rec.get("preset", "?")
        if taken[preset] >= args.per_preset:
            continue
        taken[preset] += 1
        image = normalise(load_volume(os.path.join(args.data, rec["files"]["image"]["path"])))
        label = load_volume(os.path.join(args.data, rec["files"]["label"]["path"]), np.uint8) > 0
        prob = segment_volume(model, image, args.patch)
        rows.append({"index": rec["index"], "preset": preset, **metrics(prob > args.threshold, label)})
    keys = ("dice", "cldice", "precision", "recall")
    summary = {}
    for preset in sorted(taken):
        sel = [r for r in rows if r["preset"] == preset]
        summary[preset] = {"n": len(sel), **{k: float(np.mean([r[k] for r in sel])) for k in keys}}
    summary["all"] = {"n": len(rows), **{k: float(np.mean([r[k] for r in rows])) for k in keys}} if rows else {"n": 0}
    out = {"weights": args.weights, "train_step": state.get("step"), "data": args.data, "threshold": args.threshold,
           "seconds": time.time() - t0, "summary": summary, "samples": rows}
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1)
    for preset, s in summary.items():
        print(f"{preset:14s} n {s['n']:4d}" + "".join(f"  {k} {s[k]:.3f}" for k in keys if k in s))


if __name__ == "__main__":
    main()

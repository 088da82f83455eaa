"""
Does test-time adaptation help? Each scan of one or more folders (images/ and labels/, paired by name: what
scripts/offdomain-set.ts writes, or real scans with their labels) is segmented as trained, then after adapting
(adapt.py's `adapt`, the masked-reconstruction loss alone) each stated part of the network (--updates): `adapt`
(the 24 adaptation inputs, by gradient: what SPSA searches in the CLI and the page), `norm0`, `encoder` (gradients
through every encoder weight). For each, Dice with every adapted mask kept, and with the CLI's trust region (the
adapted mask only where it differs from the unadapted one in at most --max-change of its voxels, as
`vessel-lab segment --adapt`). Per folder: mean Dice, the change per scan (min … max) and how many fell by more
than 0.005. The model is copied for each scan: no adaptation carries over.

    /usr/bin/python3 models/train/adapt_eval.py --weights RUN/best.pt --dir /data/offdomain/* --json adapt.json
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import time

import numpy as np
import torch

import checkpoint as ck
from adapt import UPDATES, adapt, default_lr, load_nifti
from data import normalise
from infer import segment_volume
from losses import dice_score


def pairs(folder: str) -> list[tuple[str, str, str]]:
    images, labels = os.path.join(folder, "images"), os.path.join(folder, "labels")
    names = sorted(f for f in os.listdir(images) if f.endswith((".nii", ".nii.gz")))
    return [(n, os.path.join(images, n), os.path.join(labels, n)) for n in names if os.path.exists(os.path.join(labels, n))]


def dice(mask: np.ndarray, label: np.ndarray) -> float:
    return float(dice_score(torch.from_numpy(mask), torch.from_numpy(label)))


def evaluate_scan(model, image_path: str, label_path: str, updates, steps: int, max_change: float, patch: int, seed: int) -> dict:
    raw, _ = load_nifti(image_path)
    label = load_nifti(label_path)[0] > 0
    image = normalise(raw)
    base = segment_volume(model, image, patch, 0.5) > 0.5
    out = {"dice": dice(base, label), "vessel_fraction": float(base.mean())}
    for update in updates:
        m = copy.deepcopy(model)
        t0 = time.time()
        r = adapt(m, image, update, steps, default_lr(update), patch=patch, seed=seed)
        adapted = segment_volume(m, image, patch, 0.5, r["adapt_scale"], r["adapt_shift"]) > 0.5
        changed = float(np.logical_xor(adapted, base).sum() / max(1, base.sum()))
        kept = changed <= max_change
        out[update] = {"dice_every": dice(adapted, label), "dice_trust": dice(adapted if kept else base, label), "changed": changed,
                       "kept": kept, "rec_before": r["rec_loss_before"], "rec_after": r["rec_loss_after"], "rec_kept": r["kept"],
                       "seconds": time.time() - t0}
    return out


def summarise(scans: dict, updates) -> dict:
    base = np.array([s["dice"] for s in scans.values()])
    out = {"scans": len(scans), "dice": float(base.mean())}
    for u in updates:
        for rule in ("every", "trust"):
            d = np.array([s[u][f"dice_{rule}"] for s in scans.values()]) - base
            out[f"{u}_{rule}"] = {"dice": float((base + d).mean()), "change_mean": float(d.mean()), "change_min": float(d.min()),
                                  "change_max": float(d.max()), "lower_by_over_0.005": int((d < -0.005).sum())}
        out[f"{u}_kept"] = int(sum(s[u]["kept"] for s in scans.values()))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--weights", required=True, help="RUN/best.pt, model.pt or checkpoint.pt")
    ap.add_argument("--dir", nargs="+", required=True, help="folders with images/ and labels/")
    ap.add_argument("--updates", nargs="*", default=["adapt", "encoder"], choices=UPDATES,
                    help="the parts adapted, each on its own (none named: the model as trained only, a read-out of its Dice)")
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--max-change", type=float, default=0.05, help="the trust region: as segment --adapt-max-change")
    ap.add_argument("--patch", type=int, default=64)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json", help="write every scan's figures and the summaries here")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    model, state = ck.load_model(args.weights)
    model.eval()
    report = {"weights": args.weights, "step": state.get("step"), "steps": args.steps, "max_change": args.max_change, "folders": {}}
    for folder in args.dir:
        scans = {}
        for name, image, label in pairs(folder):
            scans[name] = evaluate_scan(model, image, label, args.updates, args.steps, args.max_change, args.patch, args.seed)
            s = scans[name]
            print(f"{os.path.basename(folder)} {name}: Dice {s['dice']:.3f}; " + "; ".join(
                f"{u} {s[u]['dice_every']:.3f} (trust {s[u]['dice_trust']:.3f}, changed {100 * s[u]['changed']:.1f} %)" for u in args.updates), flush=True)
        summary = summarise(scans, args.updates) if scans else {"scans": 0}
        report["folders"][folder] = {"summary": summary, "scans": scans}
        print(f"== {folder}: {json.dumps(summary)}", flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1)


if __name__ == "__main__":
    main()

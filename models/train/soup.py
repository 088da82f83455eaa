"""
Weights interpolated between two checkpoints of one network (WiSE-FT, Wortsman et al. 2022: the weights of a model
and of its fine-tuned copy, mixed, often hold what each was good at), and a read-out of any weights on a run's held-out
samples, scored as train.py's validation scores them (the same picks, the same Dice, the same rule).

    /usr/bin/python3 models/train/soup.py mix --from runs/g33/c5s/best-fp16.pt --to runs/d5m/best-fp16.pt --alpha 0.5 --out mixed.pt
    /usr/bin/python3 models/train/soup.py readout --split RUN/split.json --data FOLDER ... --weights A.pt B.pt [--per-folder 30]

`mix` writes a weights file (train.py's format: export.py and train.py --init read it) holding
(1 - alpha) * FROM + alpha * TO for every floating-point tensor; the two must be the same network. `readout` prints one
JSON line per weights file: the mean Dice of each folder's first PER_FOLDER held-out samples and `rule`, the mean over
like-tof, like-vessap and like-minivess (runs/g32's checkpoint rule).
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np
import torch

import checkpoint as ck
from data import WholeVolumes, read_manifests, split_as_saved
from train import validate

RULE_FOLDERS = ("like-tof", "like-vessap", "like-minivess")


def interpolate(a: dict, b: dict, alpha: float) -> dict:
    """(1 - alpha) * a + alpha * b for floating-point tensors, computed in float32 and stored as float16 where both
    inputs are float16 (the runs' committed weights), else float32; integer buffers are taken from b."""
    if not 0.0 <= alpha <= 1.0:
        raise ValueError(f"alpha = {alpha}: give a weight between 0 (the first weights) and 1 (the second)")
    if a.keys() != b.keys():
        missing = sorted(set(a) ^ set(b))[:3]
        raise ValueError(f"the two weights hold different tensors ({', '.join(missing)}…): mix two checkpoints of one network")
    out = {}
    for k in a:
        if a[k].shape != b[k].shape:
            raise ValueError(f"tensor {k}: shapes {tuple(a[k].shape)} and {tuple(b[k].shape)} differ: mix two checkpoints of one network")
        if not b[k].is_floating_point():
            out[k] = b[k].clone()
            continue
        mixed = (1 - alpha) * a[k].float() + alpha * b[k].float()
        out[k] = mixed.half() if a[k].dtype == b[k].dtype == torch.float16 else mixed
    return out


def mix(path_a: str, path_b: str, alpha: float, out: str) -> dict:
    a, b = ck.load(path_a), ck.load(path_b)
    if a.get("model_config") != b.get("model_config"):
        raise ValueError(f"{path_a} and {path_b} are different networks ({a.get('model_config')} / {b.get('model_config')})")
    state = {"format": "vessel-lab/weights", "version": ck.VERSION, "step": b.get("step"), "model": interpolate(a["model"], b["model"], alpha),
             "model_config": b.get("model_config"), "val_dice": None, "score": None,
             "soup": {"from": path_a, "to": path_b, "alpha": alpha, "from_step": a.get("step"), "to_step": b.get("step")},
             "train": b.get("train")}
    ck.atomic_save(state, out)
    return state


def heldout_records(split: dict, roots: list[str] | None) -> tuple[list[str], list[dict]]:
    roots = roots or split["data"]
    _, records = read_manifests(roots)
    expected = split.get("train_count", 0) + len(split["val"])
    if split.get("train_count") is not None and len(records) != expected:
        raise ValueError(f"the data folders hold {len(records)} samples, the run split {expected}: they changed since the run (its held-out indices would name other samples); give the folders as they were")
    return roots, split_as_saved(records, split["val"])[1]


def readout(weights: str, roots: list[str], val_recs: list[dict], per_folder: int, patch: int) -> dict:
    """train.py's validation of the weights on these held-out samples (its picks, Dice and per-folder means)."""
    model, _ = ck.load_model(weights)
    model.eval()
    picks = argparse.Namespace(val_max=len(val_recs), val_per_folder=per_folder, patch=patch)
    _, means = validate(model, WholeVolumes(roots[0], val_recs), picks, torch.device("cpu"))
    rule = float(np.mean([means[f] for f in RULE_FOLDERS])) if all(f in means for f in RULE_FOLDERS) else None
    return {"weights": weights, "rule": rule, **means}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    m = sub.add_parser("mix", help="interpolate two weights files of one network")
    m.add_argument("--from", dest="a", required=True, help="the first weights (alpha 0)")
    m.add_argument("--to", dest="b", required=True, help="the second weights (alpha 1)")
    m.add_argument("--alpha", type=float, default=0.5, help="the second's share (default 0.5)")
    m.add_argument("--out", required=True, help="weights file to write")
    r = sub.add_parser("readout", help="score weights on a run's held-out samples")
    r.add_argument("--split", required=True, help="the run's split.json")
    r.add_argument("--data", nargs="+", help="the run's data folders where they are now (default: as the split names them)")
    r.add_argument("--weights", nargs="+", required=True)
    r.add_argument("--per-folder", type=int, default=30, help="held-out samples per folder, as train.py --val-per-folder (default 30)")
    r.add_argument("--patch", type=int, default=64, help="sliding-window tile (train.py --patch)")
    r.add_argument("--threads", type=int, default=0)
    args = ap.parse_args(argv)
    try:
        if args.command == "mix":
            state = mix(args.a, args.b, args.alpha, args.out)
            print(json.dumps({"out": args.out, **state["soup"]}))
            return 0
        if args.threads:
            torch.set_num_threads(args.threads)
        with open(args.split) as f:
            split = json.load(f)
        roots, val_recs = heldout_records(split, args.data)
        for w in args.weights:
            print(json.dumps(readout(w, roots, val_recs, args.per_folder, args.patch)), flush=True)
        return 0
    except (ValueError, OSError) as error:
        print(f"soup.py: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

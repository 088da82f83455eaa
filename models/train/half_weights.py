"""
A weights file in half precision (float16), small enough to commit beside a run's loss log: the five-level
network's 3.0 M parameters take 6 MB instead of 12 (a checkpoint with the optimiser's moments takes 36 MB).
`train.py --init FILE` starts a run from it (a fresh optimiser: a warm restart); `export.py --checkpoint FILE`
exports it (the weights are made float32 again; float16 keeps 3 significant digits, so outputs move by about 1e-3).

    /usr/bin/python3 models/train/half_weights.py runs/l5v/best.pt models/train/runs/l5v/best-fp16.pt
"""
from __future__ import annotations

import sys

import torch

import checkpoint as ck


def half(src: str, dst: str) -> dict:
    state = ck.load(src)
    out = {k: v for k, v in state.items() if k not in ("model", "optimizer", "rng")}
    out["format"] = "vessel-lab/weights"
    out["model"] = {k: (v.half() if v.is_floating_point() else v) for k, v in state["model"].items()}
    out["precision"] = "float16"
    ck.atomic_save(out, dst)
    return out


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: half_weights.py SRC.pt DST.pt")
    half(sys.argv[1], sys.argv[2])

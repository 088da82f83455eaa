"""
Round 3 of docs/results/adaptation/rule.md: each scan of one or more folders (images/ and labels/, as
scripts/offdomain-set.ts writes them) segmented as made, smoothed (sigma 0.8), field-corrected (its first-order bias
field divided out: input_adapt.correct_field) and both; per version its Dice with the label and the rule's label-free
measures (ambiguity, foreground entropy), plus the field's span (1st to 99th percentile of its log). One JSON line per
scan, appended to --out (field-dev.jsonl and field-heldout.jsonl were written so).

    /usr/bin/python3 models/train/field_probe.py --weights runs/g33/c5s/best-fp16.pt --dir OFF/none OFF/strong-bias-field ... --out probe.jsonl
"""
from __future__ import annotations

import json

import numpy as np
import torch

from adapt_eval import dice
from infer import segment_volume
from input_adapt import ambiguity, correct_field, estimate_log_field, mean_entropy, smooth
from transform_probe import labelled_scans, probe_args


def probe_scan(model, x: np.ndarray, label: np.ndarray, patch: int = 64) -> dict:
    corrected = correct_field(x)
    f = estimate_log_field(x)
    row = {"span": float(np.percentile(f, 99) - np.percentile(f, 1))}
    for name, y in (("none", x), ("s", smooth(x)), ("b", corrected), ("bs", smooth(corrected))):
        with torch.no_grad():
            p = segment_volume(model, y, patch, 0.5)
        row[name] = {"dice": dice(p > 0.5, label), "amb": ambiguity(p), "Hfg": mean_entropy(p, 0.05)}
    return row


def main(argv=None):
    args = probe_args(__doc__, "--out", argv)
    model, scans = labelled_scans(args.weights, args.dir, args.threads)
    with open(args.out, "a") as out:
        for path, x, label in scans:
            out.write(f"{path} {json.dumps(probe_scan(model, x, label))}\n")
            out.flush()


if __name__ == "__main__":
    main()

"""
Which input transform segments a scan best, and can the network's own output tell without the label?

Each scan of one or more folders (images/ and labels/, as scripts/offdomain-set.ts writes them) is normalised by the
contract, then segmented after each of 20 transforms: bias correction (divide by a Gaussian-smoothed copy, sigma
12 voxels, renormalise) off/on x gamma 0.4/0.55/0.7/0.85/1 x Gaussian smoothing sigma 0/0.8 (renormalised). Per
transform it records Dice with the label and label-free measures of the output (see input_adapt.py): `amb`
(voxels of probability 0.1-0.9 per mask voxel), `flip` (Dice of the mask with the mask of the scan flipped on all
three axes, flipped back), `Hfg` (mean binary entropy where p > 0.05), `H` (mean binary entropy), `frac`.
The rule in docs/results/adaptation/rule.md was chosen on this probe's output for a development set.

    /usr/bin/python3 models/train/transform_probe.py --weights runs/g33/c5s/best-fp16.pt --dir OFF/none OFF/heavy-noise ... --json probe.json
"""
from __future__ import annotations

import argparse
import itertools
import json

import numpy as np
import torch

import checkpoint as ck
from adapt import load_nifti
from adapt_eval import dice, pairs
from data import normalise
from input_adapt import ambiguity, bias_correct, flip_consistency, mean_entropy, smooth
from infer import segment_volume

ALPHAS, GAMMAS, SIGMAS = (0, 1), (0.4, 0.55, 0.7, 0.85, 1.0), (0.0, 0.8)


def transform(x: np.ndarray, alpha: int, gamma: float, sigma: float) -> np.ndarray:
    y = bias_correct(x) if alpha else x
    if gamma != 1:
        y = y**gamma
    return (smooth(y, sigma) if sigma else y).astype(np.float32)


def probe_scan(model, x: np.ndarray, label: np.ndarray, patch: int = 64) -> list[dict]:
    rows = []
    for a, g, s in itertools.product(ALPHAS, GAMMAS, SIGMAS):
        y = transform(x, a, g, s)
        with torch.no_grad():
            p = segment_volume(model, y, patch, 0.5)
            pf = segment_volume(model, np.ascontiguousarray(y[::-1, ::-1, ::-1]), patch, 0.5)[::-1, ::-1, ::-1]
        m = p > 0.5
        rows.append({"a": a, "g": g, "s": s, "dice": dice(m, label), "frac": float(m.mean()), "amb": ambiguity(p),
                     "flip": flip_consistency(p, pf), "Hfg": mean_entropy(p, 0.05), "H": mean_entropy(p)})
    return rows


def probe_args(doc: str, out_flag: str, argv=None) -> argparse.Namespace:
    """The probes' command line: --weights, --dir (folders of images/ and labels/), the output flag, --threads."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--weights", required=True)
    ap.add_argument("--dir", nargs="+", required=True)
    ap.add_argument(out_flag, required=True)
    ap.add_argument("--threads", type=int, default=2)
    return ap.parse_args(argv)


def labelled_scans(weights: str, dirs: list[str], threads: int):
    """The model in eval mode, then per scan of the folders: (folder/name, normalised image, boolean label)."""
    torch.set_num_threads(threads)
    model, _ = ck.load_model(weights)
    model.eval()

    def scans():
        for d in dirs:
            for name, image_path, label_path in pairs(d):
                raw, _ = load_nifti(image_path)
                yield f"{d.rstrip('/')}/{name}", normalise(raw), load_nifti(label_path)[0] > 0

    return model, scans()


def main(argv=None):
    args = probe_args(__doc__, "--json", argv)
    model, scans = labelled_scans(args.weights, args.dir, args.threads)
    out = {}
    for path, x, label in scans:
        key = "/".join(path.split("/")[-2:])  # the shift's folder and the scan
        out[key] = probe_scan(model, x, label)
        print(key, flush=True)
    with open(args.json, "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()

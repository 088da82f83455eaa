"""
Writes test/fixtures/contract.json: inputs, and what the training code makes of them, for each contract the Python
training code and the TypeScript engine share — percentile normalisation (data.normalise), tile starts
(infer.tile_starts), Gaussian blending weights (infer.gaussian_weight), cube masks (data.cube_mask: the count of
masked cells and the layout of the cubes; numpy's generator itself is not reproduced by the engine), the metrics
(evaluate_synthetic.metrics: Dice, clDice, precision, recall; losses.dice_score), the resampling grid (grid.py,
which adapt.py's scipy-zoom `resample` does not follow yet: see grid.py) and where a sample's distractors and body
shell lie (structure.structure_map, against src/imaging's distractors and bodyRegion).

test/infer/contract.test.ts computes the same with the engine and compares; test_contract.py checks that this file
still matches the Python code. After changing either side on purpose:

    cd models/train && /usr/bin/python3 write_contract_fixture.py      # then commit test/fixtures/contract.json

Arrays are flat in numpy's C order of [z, y, x], which is a Volume's order (x fastest); `dims` are [x, y, z].
Non-finite numbers are written as the strings "NaN", "Infinity", "-Infinity" (JSON has none); masks as the flat
indices of their set voxels.
"""
from __future__ import annotations

import json
import math
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from data import cube_mask, normalise  # noqa: E402
from evaluate_synthetic import metrics  # noqa: E402
from grid import resample_back, resample_to_spacing  # noqa: E402
from infer import gaussian_weight, tile_starts  # noqa: E402
from losses import dice_score  # noqa: E402
from structure import structure_map  # noqa: E402

FIXTURE = os.path.join(HERE, "..", "..", "test", "fixtures", "contract.json")


def num(x) -> float | str:
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def flat(a: np.ndarray) -> list:
    return [num(v) for v in np.asarray(a).ravel()]


def dims(a) -> list[int]:
    return [int(n) for n in np.shape(a)[::-1]]


def set_voxels(mask: np.ndarray) -> list[int]:
    return [int(i) for i in np.flatnonzero(np.asarray(mask).ravel())]


def normalise_cases() -> list[dict]:
    rng = np.random.default_rng(19)
    noisy = rng.normal(100.0, 30.0, size=(4, 5, 6)).astype(np.float32)
    noisy.ravel()[[3, 50, 77]] = [np.nan, np.inf, -np.inf]
    ties = rng.integers(-20, 40, size=(3, 4, 5)).astype(np.int16)
    cases = [(noisy, 0.5, 99.5), (noisy, 2.0, 98.0), (ties, 0.5, 99.5), (np.full((2, 3, 4), 7.0, np.float32), 0.5, 99.5)]
    out = []
    for image, lo, hi in cases:
        finite = np.asarray(image, np.float32)[np.isfinite(np.asarray(image, np.float32))]
        low, high = np.percentile(finite, [lo, hi])
        out.append({"dims": dims(image), "dtype": str(image.dtype), "percentiles": [lo, hi], "input": flat(image),
                    "low": num(low), "high": num(high), "output": flat(normalise(image, lo, hi))})
    return out


def tile_cases() -> list[dict]:
    triples = [(10, 64, 0.5), (64, 64, 0.5), (100, 64, 0.5), (200, 64, 0.25), (97, 32, 0.5), (11, 6, 0.5), (13, 6, 0.5), (300, 64, 0.9)]
    return [{"size": s, "tile": t, "overlap": o, "starts": tile_starts(s, t, o)} for s, t, o in triples]


def gaussian_cases() -> list[dict]:
    return [{"tile": dims(np.empty(shape)), "sigmaScale": 0.125, "weights": flat(gaussian_weight(shape))} for shape in [(4, 6, 8), (1, 3, 5), (8, 8, 8)]]


def cube_cases() -> dict:
    counts = [{"cells": n, "ratio": r, "count": int(round(r * n))} for n, r in [(9, 0.5), (27, 0.5), (5, 0.3), (25, 0.1), (7, 0.5), (1, 0.5), (729, 0.5), (512, 0.5), (10, 0.25), (64, 0.75)]]
    masks = []
    for shape, patch, ratio, seed in [((5, 7, 9), 3, 0.5, 1), ((6, 6, 6), 2, 0.3, 2), ((4, 8, 3), 4, 0.5, 3)]:
        mask = cube_mask(shape, patch, ratio, np.random.default_rng(seed))
        twin = np.random.default_rng(seed)  # the same draws, to read the offset and the chosen cells
        offset = twin.integers(0, patch, size=3)
        cells = [int(math.ceil((s + o) / patch)) for s, o in zip(shape, offset)]
        n = int(np.prod(cells))
        chosen = sorted(int(i) for i in twin.permutation(n)[: int(round(ratio * n))])
        masks.append({"dims": dims(np.empty(shape)), "patch": patch, "ratio": ratio, "seed": seed,
                       "offset": [int(o) for o in offset[::-1]], "cells": cells[::-1], "chosen": chosen, "mask": set_voxels(mask)})
    return {"counts": counts, "masks": masks}


def metric_cases() -> list[dict]:
    shape = (10, 12, 14)
    z, y, x = np.indices(shape)

    def tube(cy, cz, r, x0=2, x1=12):
        return ((y - cy) ** 2 + (z - cz) ** 2 <= r * r) & (x >= x0) & (x < x1)

    a = tube(6, 5, 2.0)
    b = tube(7, 5, 2.0)
    thin = tube(6, 5, 1.0)
    branch = a | (((x - 7) ** 2 + (z - 5) ** 2 <= 2.0) & (y >= 6) & (y < 11))
    empty = np.zeros(shape, bool)
    pairs = [("both empty", empty, empty), ("empty prediction", empty, a), ("empty label", a, empty), ("equal", a, a),
             ("shifted by a voxel", b, a), ("thinner", thin, a), ("a branch more", branch, a), ("a branch missed", a, branch)]
    out = []
    for name, pred, label in pairs:
        m = metrics(pred, label)
        import torch

        out.append({"name": name, "dims": dims(pred), "pred": set_voxels(pred), "label": set_voxels(label),
                    **{k: float(v) for k, v in m.items()}, "diceScore": dice_score(torch.from_numpy(pred), torch.from_numpy(label))})
    return out


def resample_cases() -> list[dict]:
    rng = np.random.default_rng(7)
    out = []
    for shape, spacing, target in [((6, 5, 7), (1.0, 0.7, 0.5), (0.8, 0.8, 0.8)), ((5, 9, 4), (1.0, 1.0, 1.0), (2.0, 0.6, 1.5))]:
        image = rng.uniform(0.0, 1.0, size=shape).astype(np.float32)
        model = resample_to_spacing(image, spacing, target)
        back = resample_back(model, target, shape, spacing)
        out.append({"dims": dims(image), "spacing": list(spacing[::-1]), "target": list(target[::-1]), "input": flat(image),
                    "modelDims": dims(model), "model": flat(model), "back": flat(back)})
    return out


def structure_cases() -> list[dict]:
    """Imaging parameters as a manifest keeps them (`imaging.params`), on a grid with three different sides; margin 0,
    so the map is exactly the voxels the renderer changes (the levels do not matter)."""
    cases = []
    params = {
        "distractors": {
            "tubes": [{"points": [[0.1, 0.2, 0.3], [0.5, 0.55, 0.45], [0.9, 0.7, 0.8]], "radius": 1.3, "level": 1}],
            "blobs": [{"center": [0.3, 0.7, 0.6], "radius": 2.6, "level": 1}, {"center": [0.97, 0.05, 0.5], "radius": 1.7, "level": 1}],
        },
        "body": {"enabled": True, "center": [0.5, 0.45, 0.55], "radii": [0.45, 0.4, 0.5], "outside": 0,
                 "shell": {"thickness": 2.3, "level": 1}},
    }
    for d in ([20, 24, 18], [16, 16, 16]):
        cases.append({"dims": d, "params": params, "set": set_voxels(structure_map(params, (d[2], d[1], d[0]), margin=0))})
    return cases


def build() -> dict:
    return {
        "about": "Written by models/train/write_contract_fixture.py (see there); read by test/infer/contract.test.ts and models/train/test_contract.py.",
        "normalise": normalise_cases(),
        "tileStarts": tile_cases(),
        "gaussian": gaussian_cases(),
        "cubeMask": cube_cases(),
        "metrics": metric_cases(),
        "resample": resample_cases(),
        "structure": structure_cases(),
    }


def main() -> None:
    with open(FIXTURE, "w") as f:
        json.dump(build(), f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {os.path.relpath(FIXTURE)} ({os.path.getsize(FIXTURE)} bytes)")


if __name__ == "__main__":
    main()

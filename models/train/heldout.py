"""
The held-out samples of a training run, one folder per data set, as `vessel-lab segment` and `error_breakdown.py`
read them:

    /usr/bin/python3 models/train/heldout.py --split runs/l5x/split.json --out held [--data FOLDER ...]

For each data folder of the split (its `data`, or `--data` to say where those folders are now, in the same order),
OUT/<folder name>/images and OUT/<folder name>/labels hold links to that folder's held-out samples: the split's `val`
indices, numbered across the folders as `read_manifests` numbers them for training. So each data set's held-out Dice
can be read apart (the general samples, and those made like each real scan).
"""
from __future__ import annotations

import argparse
import json
import os
import sys

from data import folder_names, read_manifests, record_path, split_as_saved


def heldout_files(split: dict, roots: list[str] | None = None) -> dict[str, list[tuple[str, str]]]:
    """{folder name: [(image path, label path), ...]} of the split's held-out samples, in index order."""
    roots = roots or split.get("data")
    if not roots:
        raise ValueError("the split names no data folders; give them with --data")
    if len(roots) != len(split.get("data") or roots):
        raise ValueError(f"--data: {len(roots)} folders, the split was made from {len(split['data'])}; give them all, in the split's order")
    names = folder_names(roots)
    _, records = read_manifests(roots)  # in index order, each with its own folder
    _, held = split_as_saved(records, split["val"])  # refuses a held-out sample the folders no longer have, as training does
    name_of = dict(zip(roots, names))
    out: dict[str, list[tuple[str, str]]] = {n: [] for n in names}
    for rec in held:
        out[name_of[rec["root"]]].append((record_path("", rec, "image"), record_path("", rec, "label")))
    return out


def link_heldout(files: dict[str, list[tuple[str, str]]], out: str) -> dict[str, int]:
    """Links OUT/<name>/{images,labels}/<file name> to each held-out sample; the count per folder."""
    counts = {}
    for name, pairs in files.items():
        for kind, k in (("images", 0), ("labels", 1)):
            os.makedirs(os.path.join(out, name, kind), exist_ok=True)
            for pair in pairs:
                dst = os.path.join(out, name, kind, os.path.basename(pair[k]))
                if os.path.lexists(dst):
                    os.remove(dst)
                os.symlink(os.path.abspath(pair[k]), dst)
        counts[name] = len(pairs)
    return counts


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    ap.add_argument("--split", required=True, help="a run's split.json (train.py writes it)")
    ap.add_argument("--out", required=True, help="folder for the links, one subfolder per data set")
    ap.add_argument("--data", nargs="+", help="where the split's data folders are now, in its order (default: its own paths)")
    args = ap.parse_args(argv)
    try:
        with open(args.split) as f:
            split = json.load(f)
        if not isinstance(split, dict) or "val" not in split:
            raise ValueError("it holds no `val` indices; give the split.json a training run wrote")
        counts = link_heldout(heldout_files(split, args.data), args.out)
    except (OSError, ValueError, json.JSONDecodeError) as e:
        print(f"heldout: --split {args.split}: {e}", file=sys.stderr)
        return 2
    for name, n in counts.items():
        print(f"heldout: {name}: {n} held-out samples -> {os.path.join(args.out, name)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

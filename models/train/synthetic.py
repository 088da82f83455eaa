"""
A stand-in data set for tests and smoke runs: straight tubes in noise, written in the layout of
`vessel-lab generate` (images/, labels/, manifest.jsonl). Not training data: the real data come
from `npx vessel-lab generate --mix`.

    /usr/bin/python3 models/train/synthetic.py --out /tmp/tubes --count 8 --size 32
"""
from __future__ import annotations

import argparse
import json
import os

import numpy as np


def tubes_sample(size: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """[z,y,x] float32 image and uint8 label: 2–5 tubes (radius 1.2–3.5 voxels) brighter than noise."""
    grid = np.stack(np.meshgrid(*[np.arange(size, dtype=np.float32)] * 3, indexing="ij"), -1)
    label = np.zeros((size,) * 3, dtype=bool)
    for _ in range(int(rng.integers(2, 6))):
        a, b = rng.uniform(0, size, 3), rng.uniform(0, size, 3)
        r = rng.uniform(1.2, 3.5)
        ab = b - a
        t = np.clip(((grid - a) @ ab) / max(float(ab @ ab), 1e-6), 0, 1)
        d = np.linalg.norm(grid - (a + t[..., None] * ab), axis=-1)
        label |= d <= r
    background = rng.uniform(0.1, 0.3)
    image = background + rng.uniform(0.4, 0.8) * label + rng.normal(0, rng.uniform(0.02, 0.1), label.shape)
    return image.astype(np.float32), label.astype(np.uint8)


def write_nifti(path: str, zyx: np.ndarray) -> None:
    import nibabel as nib

    os.makedirs(os.path.dirname(path), exist_ok=True)
    nib.save(nib.Nifti1Image(np.ascontiguousarray(zyx.transpose(2, 1, 0)), np.eye(4)), path)


def write_synthetic_dataset(root: str, count: int = 8, size: int = 32, seed: int = 0) -> str:
    os.makedirs(root, exist_ok=True)
    settings = {"seed": seed, "preset": "tubes", "size": size, "fit": False, "fraction": False, "centerline": False}
    lines = [{"kind": "header", "format": "vessel-lab/manifest", "version": 1, "generator": "models/train/synthetic.py",
              "settings": settings, "count": count, "shard": {"index": 0, "count": 1}}]
    for i in range(count):
        image, label = tubes_sample(size, np.random.default_rng([seed, i]))
        name = f"sample-{i:06d}.nii.gz"
        write_nifti(os.path.join(root, "images", name), image)
        write_nifti(os.path.join(root, "labels", name), label)
        files = {k: {"path": f"{d}/{name}", "bytes": os.path.getsize(os.path.join(root, d, name)), "sha256": ""}
                 for k, d in (("image", "images"), ("label", "labels"))}
        lines.append({"kind": "sample", "files": files, "index": i, "preset": "tubes", "modality": "tubes",
                      "grid": {"dims": [size] * 3, "spacing": [1, 1, 1], "origin": [0, 0, 0], "unit": "voxel"},
                      "content": {"vesselFraction": float(label.mean())}})
    with open(os.path.join(root, "manifest.jsonl"), "w", encoding="utf-8") as f:
        f.write("".join(json.dumps(line) + "\n" for line in lines))
    return root


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--count", type=int, default=8)
    ap.add_argument("--size", type=int, default=32)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    print(write_synthetic_dataset(a.out, a.count, a.size, a.seed))

"""
Training speed: patches per second of train.py on this machine, one JSON line per setting
({"figure": "train_patches_per_s", "value", "unit", "setting", ...}).

    /usr/bin/python3 models/train/bench_train.py                  # the committed network and --levels 5, both with --amp
    /usr/bin/python3 models/train/bench_train.py --table          # every setting of the model card's table (about 10 min)
    /usr/bin/python3 models/train/bench_train.py --data DIR --steps 6 --warmup 2 -- --levels 5 --amp --threads 1

Each setting is a short run of train.py itself (a subprocess, on a `vessel-lab generate` folder: data loading,
augmentation, masking, forward, backward and Adam; no validation), `--warmup` steps, then `--steps` timed ones; a
step's seconds are those train.py logs (data + update). A patch is one training crop: its clean and its masked copy
both go through the encoder. value = batch / median step seconds; `best` = batch / fastest step (the machine is
shared: the median moves with the load, the fastest step less). Rows marked "step only" time the same update on
random tensors in this process (for what train.py has no flag for: channels_last_3d).

Without --data, a data set is made once in /tmp/vessel-lab-bench-train: `npx vessel-lab generate --count 40 --size 64
--mix --seed 11` (the default "wide" voxels; about 15 s).
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_DATA = os.path.join(tempfile.gettempdir(), "vessel-lab-bench-train")

QUICK = [
    ("levels 3, amp, 2 threads (the committed recipe)", ["--levels", "3", "--amp", "--threads", "2"]),
    ("levels 5, amp, 2 threads", ["--levels", "5", "--amp", "--threads", "2"]),
]
TABLE = [
    ("levels 3, float32, 2 threads", ["--levels", "3", "--threads", "2"]),
    *QUICK,
    ("levels 3, amp, 1 thread", ["--levels", "3", "--amp", "--threads", "1"]),
    ("levels 5, float32, 2 threads", ["--levels", "5", "--threads", "2"]),
    ("levels 5, amp, 1 thread", ["--levels", "5", "--amp", "--threads", "1"]),
    ("levels 5, amp, 2 threads, 1 loader worker", ["--levels", "5", "--amp", "--threads", "2", "--workers", "1"]),
    ("levels 5, amp, 2 threads, patch 48", ["--levels", "5", "--amp", "--threads", "2", "--patch", "48"]),
    ("levels 5, amp, 2 threads, patch 96", ["--levels", "5", "--amp", "--threads", "2", "--patch", "96"]),
    ("levels 3, amp, 2 threads, channels_last_3d (step only)", {"levels": 3, "amp": True, "threads": 2, "channels_last": True}),
    ("levels 3, amp, 2 threads (step only)", {"levels": 3, "amp": True, "threads": 2, "channels_last": False}),
    ("levels 5, amp, 2 threads, channels_last_3d (step only)", {"levels": 5, "amp": True, "threads": 2, "channels_last": True}),
    ("levels 5, amp, 2 threads (step only)", {"levels": 5, "amp": True, "threads": 2, "channels_last": False}),
]


def ensure_data(path: str) -> str:
    if os.path.exists(os.path.join(path, "manifest.jsonl")):
        return path
    print(f"bench_train: making {path} (vessel-lab generate --count 40 --size 64 --mix --seed 11)", file=sys.stderr)
    subprocess.run(["npx", "vessel-lab", "generate", "--count", "40", "--size", "64", "--mix", "--seed", "11", "--out", path],
                   cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    return path


def flag(argv: list[str], name: str, default: str) -> str:
    return argv[argv.index(name) + 1] if name in argv else default


def train_run(data: str, extra: list[str], warmup: int, steps: int) -> list[float]:
    """Seconds of each timed step of a train.py run with `extra` flags."""
    with tempfile.TemporaryDirectory(prefix="vessel-lab-bench-train-run-") as out:
        cmd = [sys.executable, os.path.join(HERE, "train.py"), "--data", data, "--out", out, "--steps", str(warmup + steps),
               "--warmup", "1", "--val-fraction", "0", "--ckpt-every", "100000", *extra]
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode:
            raise RuntimeError(f"train.py failed ({' '.join(extra)}):\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}")
        with open(os.path.join(out, "losses.csv")) as f:
            return [float(r["seconds"]) for r in csv.DictReader(f)][warmup:]


def step_run(levels: int, amp: bool, threads: int, channels_last: bool, warmup: int, steps: int, batch: int = 2, patch: int = 64) -> list[float]:
    """Seconds of train.py's update (forward on clean + masked copies, the losses, backward, Adam) on random tensors."""
    import torch

    sys.path.insert(0, HERE)
    from losses import bce_loss, masked_mse, soft_dice_loss
    from model import VesselUNet, level_channels

    torch.set_num_threads(threads)
    torch.manual_seed(0)
    fmt = torch.channels_last_3d if channels_last else torch.contiguous_format
    model = VesselUNet(level_channels(levels)).to(memory_format=fmt)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    image = torch.rand(batch, 1, patch, patch, patch).contiguous(memory_format=fmt)
    label = (torch.rand_like(image) > 0.95).float()
    mask = (torch.rand_like(image) > 0.5).float()
    times = []
    for _ in range(warmup + steps):
        t = time.time()
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=amp):
            seg, rec = model(image, image * (1 - mask))
        seg, rec = seg.float(), rec.float()
        loss = soft_dice_loss(seg, label) + bce_loss(seg, label) + 0.5 * masked_mse(rec, image, mask)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        times.append(time.time() - t)
    return times[warmup:]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default="", help=f"a `vessel-lab generate` folder (default: {DEFAULT_DATA}, made when missing)")
    ap.add_argument("--warmup", type=int, default=2, help="steps not timed")
    ap.add_argument("--steps", type=int, default=6, help="timed steps per setting")
    ap.add_argument("--table", action="store_true", help="every setting of the model card's table, not just the two recipes")
    ap.add_argument("extra", nargs="*", help="after --: train.py flags of one setting to time instead")
    args = ap.parse_args(argv)
    settings = [(" ".join(args.extra), args.extra)] if args.extra else (TABLE if args.table else QUICK)
    data = None
    for name, setting in settings:
        load = os.getloadavg()[0]
        if isinstance(setting, dict):
            times, batch, patch = step_run(**setting, warmup=args.warmup, steps=args.steps), 2, 64
        else:
            data = data or ensure_data(args.data or DEFAULT_DATA)
            times = train_run(data, setting, args.warmup, args.steps)
            batch, patch = int(flag(setting, "--batch", "2")), int(flag(setting, "--patch", "64"))
        median, best = statistics.median(times), min(times)
        print(json.dumps({"figure": "train_patches_per_s", "value": round(batch / median, 4), "unit": "patches/s", "setting": name,
                          "best": round(batch / best, 4), "mvoxels_per_s": round(batch * patch ** 3 / median / 1e6, 4),
                          "step_s": [round(t, 3) for t in times], "batch": batch, "patch": patch,
                          "load_before": round(load, 2), "load_after": round(os.getloadavg()[0], 2), "cpus": os.cpu_count()}), flush=True)


if __name__ == "__main__":
    main()

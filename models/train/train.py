"""
Train VesselUNet on a `vessel-lab generate` folder: Dice + BCE on the vessel label, masked MSE on
the reconstruction of masked cubes. Resumable at any step; one process per GPU under torchrun.

    /usr/bin/python3 models/train/train.py --data DIR --out RUN --steps 3000 --batch 2 --threads 2
    /usr/bin/python3 models/train/train.py --data DIR --out RUN --steps 3000 --resume
    torchrun --nproc_per_node=4 models/train/train.py --data DIR --out RUN --steps 3000 --batch 8

RUN gets: losses.csv (and losses.png when matplotlib is there), checkpoint.pt (every
--ckpt-every steps, on SIGTERM/SIGINT and at the end), model.pt (weights for export/adapt),
split.json (held-out sample indices), summary.json.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import os
import platform
import signal
import sys
import time

import numpy as np
import torch
import torch.distributed as dist
from torch.utils.data import DataLoader

import checkpoint as ck
from data import StepSampler, TrainPatches, WholeVolumes, folder_names, read_manifests, split_as_saved, split_train_val
from infer import segment_volume
from intensity import check_prob
from losses import bce_loss, dice_score, masked_mse, soft_dice_loss
from model import DEFAULT_CHANNELS, build_model, count_parameters, level_channels, model_config

COLUMNS = ["step", "lr", "loss", "dice_loss", "bce", "rec_mse", "val_dice", "seconds"]


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    a = ap.add_argument
    a("--data", required=True, nargs="+", help="folder(s) written by `vessel-lab generate` (manifest.jsonl, images/, labels/); "
      "several are trained on as one set, each weighing in with its sample count (a general set and `generate --like` sets, say)")
    a("--out", required=True, help="run folder (created)")
    a("--steps", type=int, default=3000, help="total optimiser steps (a resumed run continues to this)")
    a("--batch", type=int, default=2, help="patches per step per process")
    a("--patch", type=int, default=64, help="cubic training patch side, a multiple of the network stride (4; 16 with --levels 5)")
    a("--lr", type=float, default=2e-3, help="peak learning rate (Adam): linear warm-up, then cosine to lr/20")
    a("--warmup", type=int, default=100, help="warm-up steps")
    a("--mask-ratio", type=float, default=0.5, help="fraction of mask cubes hidden from the reconstructor")
    a("--mask-patch", type=int, default=8, help="side of a mask cube in voxels")
    a("--rec-weight", type=float, default=0.5, help="weight of the masked MSE in the loss")
    a("--neg-focus", type=float, default=0.0, help="weight background voxels' cross-entropy 1 + NEG_FOCUS * p (p: the predicted vessel "
      "probability), so confident false positives (bright blobs, bright tissue) count up to 1 + NEG_FOCUS times (0: plain)")
    a("--ignore-tubes", action="store_true", help="background voxels in a sample's distractor tubes (structure.py) count in neither "
      "loss: a tube the renderer draws like a vessel is neither vessel nor background to learn")
    a("--structure-weight", type=float, default=0.0, help="weight the cross-entropy of background voxels in a sample's distractors and body "
      "shell (structure.py, from the manifest's imaging parameters) 1 + STRUCTURE_WEIGHT: bright look-alikes count more, other background does not (0: off)")
    a("--fg-prob", type=float, default=0.33, help="probability that a crop is centred on a vessel voxel")
    a("--no-permute", action="store_true", help="no random axis permutations (flips only)")
    a("--zoom-max", type=float, default=1.0, help="zoom augmentation: a crop of patch/f resampled to patch, f log-uniform in [1, ZOOM_MAX] (1: off)")
    a("--zoom-prob", type=float, default=0.5, help="with --zoom-max > 1: fraction of patches zoomed")
    a("--intensity", type=float, default=0.0, help="intensity augmentation (intensity.py): a bias field, blur, noise, gamma and contrast, "
      "each applied to a patch with this probability (0: off; the patches and random streams of a run without it are unchanged)")
    a("--levels", type=int, default=0, help="resolution levels, widths from model.level_channels: 3 = 12/24/48 (stride 4, receptive field 35; committed until stop 33), 5 = 12/24/48/96/96 (stride 16, receptive field 159; the committed model since stop 33)")
    a("--channels", type=int, nargs="+", default=None, help=f"widths, one per level (default {' '.join(map(str, DEFAULT_CHANNELS))}); overrides --levels")
    a("--seed", type=int, default=0)
    a("--threads", type=int, default=0, help="torch CPU threads per process (0: cores / processes)")
    a("--workers", type=int, default=-1, help="data-loader workers per process (-1: 0 on CPU, 4 on GPU)")
    a("--val-fraction", type=float, default=0.05, help="held-out fraction of the samples (by a hash of index and seed)")
    a("--val-every", type=int, default=250, help="validation Dice every N steps (and at the end)")
    a("--val-max", type=int, default=50, help="at most this many held-out volumes per validation")
    a("--val-per-folder", type=int, default=0, help="validate up to N held-out volumes of each --data folder (instead of the first "
      "--val-max of all) and log each folder's Dice (val.jsonl): how a run with several data sets sees each (0: off)")
    a("--select-by", nargs="+", default=None, metavar="FOLDER", help="with --val-per-folder: best.pt is the weights with the "
      "highest mean of these folders' validation Dice (folder names as given to --data, or their last part), not of all held-out volumes")
    a("--ckpt-every", type=int, default=100, help="checkpoint every N steps")
    a("--resume", action="store_true", help="continue from RUN/checkpoint.pt")
    a("--init", help="start a new run from these weights (a weights file: best.pt, model.pt, or a half-precision copy by "
                     "half_weights.py) with a fresh optimiser: a warm restart, or a run continued on another machine without its checkpoint")
    a("--start-step", type=int, default=0, help="with --init: begin at this step of the run's learning-rate schedule and sample order "
      "instead of 0, warming up again over --warmup steps (the optimiser is fresh): a run continued from its committed weights "
      "when its checkpoint.pt is lost (give the same arguments and --init the run's last weights)")
    a("--stop-at", type=int, default=0, help="stop as on SIGTERM after this step (checkpoint, exit 0): split a run into sessions")
    a("--stop-after", type=float, default=0, help="stop as --stop-at at the first step after this many seconds since training was set up (after imports) "
      "(validated first): a run on a machine lent for a fixed time")
    a("--device", default="", help="cpu or cuda (default: cuda when available)")
    a("--amp", action="store_true", help="bfloat16 autocast of the forward pass, on CUDA or CPU (fast on CPUs with AVX-512 BF16 or AMX; 1.8x per step on the 2-core machine of the model card); losses in float32")
    a("--deterministic", action="store_true", help="torch.use_deterministic_algorithms (slower on CUDA)")
    args = ap.parse_args(argv)
    if args.neg_focus < 0:
        ap.error(f"--neg-focus = {args.neg_focus}; give 0 (plain cross-entropy) or a positive weight")
    if args.ignore_tubes and args.structure_weight > 0:
        ap.error("--ignore-tubes with --structure-weight: the tubes cannot weigh both 0 and 1 + W; give one of them")
    if args.structure_weight < 0:
        ap.error(f"--structure-weight = {args.structure_weight}; give 0 (off) or a positive weight")
    if args.select_by and not args.val_per_folder:
        ap.error("--select-by needs --val-per-folder N: the folders' Dice are measured only then")
    try:
        check_prob(args.intensity, "--intensity")
    except ValueError as error:
        ap.error(str(error))
    if args.val_per_folder < 0 or args.stop_after < 0:
        ap.error("--val-per-folder and --stop-after: give 0 (off) or a positive number")
    if args.val_per_folder:
        try:
            folder_names(args.data)
        except ValueError as e:
            ap.error(f"--val-per-folder: {e}")
    if args.select_by:
        known = {os.path.normpath(d) for d in args.data} | set(map(folder_key, args.data))
        unknown = [n for n in args.select_by if os.path.normpath(n) not in known]
        if unknown:
            ap.error(f"--select-by {' '.join(unknown)}: not among the --data folders ({' '.join(args.data)}); name folders given to --data")
    if args.start_step and not (args.init or args.resume):
        ap.error("--start-step needs --init WEIGHTS (the weights the run had at that step), or --resume")
    if not 0 <= args.start_step < args.steps:
        ap.error(f"--start-step = {args.start_step}; give 0 or a step before --steps ({args.steps})")
    for name in ("steps", "batch", "patch", "mask_patch", "ckpt_every", "val_every"):
        if getattr(args, name) < 1:
            ap.error(f"--{name.replace('_', '-')} = {getattr(args, name)}; give a positive integer")
    if args.levels and args.levels < 2:
        ap.error(f"--levels = {args.levels}; give 2 or more")
    if args.channels is None:
        args.channels = list(level_channels(args.levels)) if args.levels else list(DEFAULT_CHANNELS)
    elif args.levels and args.levels != len(args.channels):
        ap.error(f"--levels {args.levels} with {len(args.channels)} --channels; give one of them, or as many widths as levels")
    if len(args.channels) < 2 or min(args.channels) < 1:
        ap.error(f"--channels {args.channels}; give two or more positive widths")
    stride = 2 ** (len(args.channels) - 1)
    if args.patch % stride or args.patch < 2 * stride:
        ap.error(f"--patch = {args.patch}; give a multiple of {stride} (the network stride), at least {2 * stride} (InstanceNorm needs "
                 f"more than one voxel at the coarsest level in training)")
    return args


def lr_at(step: int, args) -> float:
    """Learning rate of the update that makes step `step` + 1: a pure function of the step. A run continued from
    --start-step S with a fresh optimiser warms up again: the schedule's rate times min(1, (step - S + 1) / warmup)."""
    if step < args.warmup:
        rate = args.lr * (step + 1) / args.warmup
    else:
        t = (step - args.warmup) / max(1, args.steps - args.warmup)
        rate = args.lr * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(1.0, t))))
    start = getattr(args, "start_step", 0)
    if start and step >= start:
        rate *= min(1.0, (step - start + 1) / max(1, args.warmup))
    return rate


def setup_distributed(args):
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    local = int(os.environ.get("LOCAL_RANK", "0"))
    use_cuda = args.device.startswith("cuda") or (not args.device and torch.cuda.is_available())
    device = torch.device(f"cuda:{local}" if use_cuda else "cpu")
    if use_cuda:
        torch.cuda.set_device(device)
    if world > 1:
        dist.init_process_group("nccl" if use_cuda else "gloo")
    return rank, world, device


class StopFlag:
    """Set by SIGTERM/SIGINT while active; the loop finishes its step, checkpoints and exits."""

    def __init__(self):
        self.signum = 0
        self.previous = {}

    def __enter__(self):
        for s in (signal.SIGTERM, signal.SIGINT):
            self.previous[s] = signal.signal(s, self.handle)
        return self

    def __exit__(self, *exc):
        for s, h in self.previous.items():
            signal.signal(s, h)

    def handle(self, signum, _frame):
        self.signum = signum


def ignore_sigint(_worker_id):  # Ctrl-C reaches the workers too; only the main process handles it
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def read_log(path: str, upto: int) -> list[dict]:
    if not os.path.exists(path):
        return []
    with open(path, newline="") as f:
        return [r for r in csv.DictReader(f) if int(r["step"]) <= upto]


def write_log(path: str, rows: list[dict]) -> None:
    tmp = path + ".tmp"
    with open(tmp, "w", newline="") as f:
        w = csv.DictWriter(f, COLUMNS)
        w.writeheader()
        w.writerows(rows)
    os.replace(tmp, path)


def plot_losses(rows: list[dict], path: str) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return
    steps = [int(r["step"]) for r in rows]
    fig, (a, b) = plt.subplots(1, 2, figsize=(10, 4))
    for key in ("loss", "dice_loss", "bce", "rec_mse"):
        a.plot(steps, [float(r[key]) for r in rows], label=key, lw=0.8)
    a.set_yscale("log"), a.set_xlabel("step"), a.legend(), a.set_title("training losses")
    val = [(int(r["step"]), float(r["val_dice"])) for r in rows if r["val_dice"] not in ("", None)]
    if val:
        b.plot(*zip(*val), "o-")
    b.set_xlabel("step"), b.set_ylim(0, 1), b.set_title("validation Dice (threshold 0.5)")
    fig.tight_layout()
    fig.savefig(path + ".tmp.png", dpi=100)
    plt.close(fig)
    os.replace(path + ".tmp.png", path)


def validation_picks(val_recs: list[dict], val_max: int, per_folder: int = 0) -> list[int]:
    """Positions in val_recs of the volumes a validation segments: the first val_max, or with per_folder the
    first per_folder of each record's folder (``root``), so a small data set listed after a large one is seen too."""
    if not per_folder:
        return list(range(min(len(val_recs), val_max)))
    taken: dict[str, int] = {}
    picks = []
    for pos, rec in enumerate(val_recs):
        root = rec.get("root", "")
        if taken.get(root, 0) < per_folder:
            taken[root] = taken.get(root, 0) + 1
            picks.append(pos)
    return picks


def folder_key(root: str) -> str:
    return folder_names([root])[0]


def selection_score(by_folder: dict[str, float], select_by: list[str] | None, overall: float) -> float:
    """The number best.pt is chosen by: the mean Dice of the --select-by folders (by their last path part), else the
    Dice of all validated volumes."""
    if not select_by:
        return overall
    return float(np.mean([by_folder[folder_key(n)] for n in select_by]))


def validate(model, val_set, args, device) -> tuple[float, dict[str, float]]:
    """Mean Dice of the picked held-out volumes, and each folder's mean."""
    scores, by_folder = [], {}
    for i in validation_picks(val_set.records, args.val_max, args.val_per_folder):
        image, label = val_set[i]
        prob = segment_volume(model, image[0].numpy(), args.patch, 0.5, device=device)
        score = dice_score(torch.from_numpy(prob > 0.5), label[0] > 0.5)
        scores.append(score)
        by_folder.setdefault(folder_key(val_set.records[i].get("root", "")), []).append(score)
    model.train()
    return (float(np.mean(scores)) if scores else float("nan")), {k: float(np.mean(v)) for k, v in by_folder.items()}


def save_weights(model, args, step, path, val_dice, score=None):
    ck.atomic_save({"format": "vessel-lab/weights", "version": ck.VERSION, "step": step, "model": model.state_dict(),
                    "model_config": model_config(model), "val_dice": val_dice, "score": val_dice if score is None else score,
                    "train": {k: v for k, v in vars(args).items() if k != "resume"}}, path)


def train(args) -> dict:
    t_start = time.time()  # --stop-after counts from here: reading the data and starting the workers take time too
    rank, world, device = setup_distributed(args)
    lead = rank == 0
    threads = args.threads or max(1, (os.cpu_count() or 1) // int(os.environ.get("LOCAL_WORLD_SIZE", world)))
    torch.set_num_threads(threads)
    if args.deterministic:
        torch.use_deterministic_algorithms(True)
    elif device.type == "cuda":
        torch.backends.cudnn.benchmark = True  # 3D convolutions: cuDNN times its algorithms once per shape
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    ckpt_path, log_path = os.path.join(args.out, "checkpoint.pt"), os.path.join(args.out, "losses.csv")

    headers, records = read_manifests(args.data)
    saved_split = os.path.join(args.out, "split.json")
    split_rule = {"seed": args.seed, "val_fraction": args.val_fraction}
    if (args.resume or args.start_step) and os.path.exists(saved_split):
        # a continued run keeps the samples it was validated on, even when its folders grew or the rule changed
        with open(saved_split) as f:
            saved = json.load(f)
        names, was = folder_names(args.data), folder_names(saved.get("data") or args.data)
        if names[:len(was)] != was:
            raise SystemExit(f"{saved_split}: the run's data folders were {' '.join(was)}, these are {' '.join(names)}; give the "
                             f"run's folders in its order (more folders may follow them)")
        try:
            train_recs, val_recs = split_as_saved(records, saved["val"])
        except ValueError as error:
            raise SystemExit(f"{saved_split}: {error}")
        split_rule = {k: saved.get(k, v) for k, v in split_rule.items()}
    else:
        if args.start_step and lead:
            print(f"vessel-lab train: --start-step without {saved_split}: the held-out samples follow today's rule (each whose hash is "
                  f"below --val-fraction); a run split before stop 50 held out others, so copy its split.json into --out first",
                  file=sys.stderr, flush=True)
        train_recs, val_recs = split_train_val(records, args.val_fraction, args.seed)
    if args.select_by:
        held = {folder_key(r["root"]) for r in val_recs}
        empty = [n for n in args.select_by if folder_key(n) not in held]
        if empty:
            raise SystemExit(f"--select-by {' '.join(empty)}: no held-out sample in that folder at --val-fraction {args.val_fraction}; "
                             f"raise --val-fraction or give the folder more samples")
    model = build_model({"channels": args.channels}).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    start = 0
    if args.resume:
        if not os.path.exists(ckpt_path):
            raise SystemExit(f"--resume: no {ckpt_path}; start without --resume")
        state = ck.load(ckpt_path, map_location=device)
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["optimizer"])
        ck.restore_rng_states(state["rng"])
        start = int(state["step"])
        trained_with = float((state.get("args") or {}).get("intensity") or 0.0)
        if trained_with != args.intensity:
            raise SystemExit(f"--intensity {args.intensity}: {ckpt_path} was trained with --intensity {trained_with}; "
                             f"give --intensity {trained_with} to continue it, or a new --out")
        # a continued run's second warm-up (--start-step) goes on across its own resumes
        args.start_step = args.start_step or int((state.get("args") or {}).get("start_step") or 0)
    elif os.path.exists(ckpt_path):
        raise SystemExit(f"{ckpt_path} exists; pass --resume to continue that run, or choose a new --out")
    elif args.init:
        init = ck.load(args.init, map_location=device)
        if init.get("model_config") and init["model_config"] != model_config(model):
            raise SystemExit(f"--init {args.init}: its network {init['model_config']} is not this run's {model_config(model)}; give the same --levels/--channels")
        model.load_state_dict({k: v.float() for k, v in init["model"].items()})
        start = args.start_step
    rows = read_log(log_path, start) if lead else []
    if lead:
        write_log(log_path, rows)
        val_log = os.path.join(args.out, "val.jsonl")
        if os.path.exists(val_log):  # validations after the checkpoint resumed from are redone
            with open(val_log) as f:
                kept = [line for line in f if line.strip() and json.loads(line)["step"] <= start]
            with open(val_log, "w") as f:
                f.writelines(kept)
        # written whole then renamed: the other processes of a distributed run read it above
        with open(saved_split + ".tmp", "w") as f:
            json.dump({**split_rule, "val": [r["index"] for r in val_recs],
                       "train_count": len(train_recs), "data": [os.path.abspath(d) for d in args.data],
                       "header": headers[0], "headers": headers}, f, indent=1)
        os.replace(saved_split + ".tmp", saved_split)
        print(f"vessel-lab train: {len(train_recs)} training, {len(val_recs)} held-out samples; {count_parameters(model)} parameters; "
              f"device {device}, {world} process(es), {threads} thread(s); steps {start} -> {args.steps}", flush=True)

    net = model
    if world > 1:
        net = torch.nn.parallel.DistributedDataParallel(model, device_ids=[device.index] if device.type == "cuda" else None)
    dataset = TrainPatches(args.data[0], train_recs, args.patch, args.mask_patch, args.mask_ratio, args.fg_prob, not args.no_permute, args.seed, args.zoom_max, args.zoom_prob,
                           structure=("tubes",) if args.ignore_tubes else args.structure_weight > 0, intensity=args.intensity)
    sampler = StepSampler(len(train_recs), args.batch, args.seed, start, rank, world, args.steps)
    workers = args.workers if args.workers >= 0 else (4 if device.type == "cuda" else 0)
    loader = DataLoader(dataset, batch_size=args.batch, sampler=sampler, num_workers=workers, pin_memory=device.type == "cuda",
                        worker_init_fn=ignore_sigint if workers else None, persistent_workers=workers > 0)
    val_set = WholeVolumes(args.data[0], val_recs)
    val_dice, val_step, step, t_run, stop_why = float("nan"), -1, start, time.time(), ""
    # the checkpoint rule, fixed before any real scan is looked at: the weights with the highest held-out
    # synthetic Dice over the validations (the earliest of equals) go to best.pt; with --select-by, the mean Dice of
    # the named folders' held-out samples
    best_path = os.path.join(args.out, "best.pt")
    best_val = float("-inf")
    if (args.resume or args.start_step) and os.path.exists(best_path):
        best = ck.load(best_path)
        rule = lambda t: (t.get("select_by"), t.get("val_per_folder", 0), t.get("val_max"))
        if rule(best.get("train") or {}) == rule(vars(args)):
            best_val = best.get("score", best["val_dice"])
        elif lead:  # a number measured another way is no bar for this rule's numbers
            print(f"--resume: {best_path} was chosen by another rule (--select-by/--val-per-folder/--val-max); "
                  f"the next validation replaces it", flush=True)

    def checkpoint():
        if lead:
            # the held-out Dice of these very weights when they were validated at this step (export.py puts it in the card)
            ck.atomic_save({"format": ck.FORMAT, "version": ck.VERSION, "step": step, "model": model.state_dict(),
                            "optimizer": opt.state_dict(), "rng": ck.rng_states(), "model_config": model_config(model),
                            "args": vars(args), "val_dice": val_dice if val_step == step else None}, ckpt_path)
            write_log(log_path, rows)
            plot_losses(rows, os.path.join(args.out, "losses.png"))

    model.train()
    t_last = time.time()  # a step's seconds: data loading + update, not validation or checkpointing
    with StopFlag() as stop:
        for batch in loader:
            lr = lr_at(step, args)
            for g in opt.param_groups:
                g["lr"] = lr
            image, label, masked, mask = (batch[k].to(device, non_blocking=True) for k in ("image", "label", "masked", "mask"))
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=args.amp):
                seg, rec = net(image, masked)
            seg, rec = seg.float(), rec.float()  # losses in float32 (a no-op without --amp)
            structure = batch["structure"].to(device, non_blocking=True) if "structure" in batch else None
            ignore, weighted = (structure, None) if args.ignore_tubes else (None, structure)
            d = soft_dice_loss(seg, label, ignore=ignore)
            b = bce_loss(seg, label, args.neg_focus, weighted, args.structure_weight, ignore)
            r = masked_mse(rec, image, mask)
            loss = d + b + args.rec_weight * r
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            step += 1
            timed_out = bool(args.stop_after) and time.time() - t_start >= args.stop_after
            halt = float(stop.signum or (step == args.stop_at))
            parts = torch.tensor([loss.item(), d.item(), b.item(), r.item(), halt, float(timed_out)], dtype=torch.float64, device=device)
            if world > 1:  # mean losses over processes; every process stops if any was told to
                flag = parts[4:].clone()
                dist.all_reduce(parts)
                dist.all_reduce(flag, op=dist.ReduceOp.MAX)
                parts = torch.cat([parts[:4] / world, flag])
            loss_v, d_v, b_v, r_v, halt, timed_out = parts.tolist()  # the flags: any process's, with several
            row = {"step": step, "lr": f"{lr:.6g}", "loss": f"{loss_v:.6g}", "dice_loss": f"{d_v:.6g}", "bce": f"{b_v:.6g}",
                   "rec_mse": f"{r_v:.6g}", "val_dice": "", "seconds": f"{time.time() - t_last:.3f}"}
            if timed_out:
                halt, stop_why = 1.0, f"--stop-after {args.stop_after:g} s"
            if lead and len(val_set) and (step % args.val_every == 0 or step == args.steps or timed_out):
                val_dice, by_folder = validate(model, val_set, args, device)
                val_step = step
                row["val_dice"] = f"{val_dice:.4f}"
                score = selection_score(by_folder, args.select_by, val_dice)
                if args.val_per_folder:
                    with open(os.path.join(args.out, "val.jsonl"), "a") as f:
                        f.write(json.dumps({"step": step, "val_dice": val_dice, "folders": by_folder, "score": score}) + "\n")
                    print(f"validation at step {step}: " + ", ".join(f"{k} {v:.4f}" for k, v in by_folder.items()) + f"; score {score:.4f}", flush=True)
                if score > best_val:
                    best_val = score
                    save_weights(model, args, step, best_path, val_dice, score)
            rows.append(row)
            if lead:
                print(" ".join(f"{k} {row[k]}" for k in COLUMNS if row[k] != ""), flush=True)
            if step % args.ckpt_every == 0 or step == args.steps or halt:
                checkpoint()
            if halt:
                if lead:
                    why = stop_why or (f"signal {stop.signum}" if stop.signum else f"--stop-at {args.stop_at}")
                    print(f"stopped ({why}) at step {step}; checkpoint saved; continue with --resume", flush=True)
                break
            t_last = time.time()
    if lead and (step == args.steps or stop_why) and start < step:  # the end, or the time --stop-after gave
        save_weights(model, args, step, os.path.join(args.out, "model.pt"), val_dice)
        secs = [float(r["seconds"]) for r in rows if int(r["step"]) > start]
        summary = {"steps": step, "parameters": count_parameters(model), "val_dice": None if math.isnan(val_dice) else val_dice, "val_samples": len(validation_picks(val_recs, args.val_max, args.val_per_folder)),
                   "train_samples": len(train_recs), "median_step_s": float(np.median(secs)) if secs else None,
                   "this_run_s": time.time() - t_run, "processes": world, "threads": threads, "batch_per_process": args.batch,
                   "patch": args.patch, "torch": torch.__version__, "target_steps": args.steps, "stopped": stop_why or None,
                   "device": torch.cuda.get_device_name(device) if device.type == "cuda" else f"cpu ({os.cpu_count()} cores, {platform.machine()})"}
        with open(os.path.join(args.out, "summary.json"), "w") as f:
            json.dump(summary, f, indent=1)
    if world > 1:
        dist.destroy_process_group()
    return {"step": step, "signal": stop.signum}


def main(argv=None):
    result = train(parse_args(argv))
    if result["signal"]:
        sys.exit(128 + result["signal"])


if __name__ == "__main__":
    main()

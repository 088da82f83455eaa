"""Checkpoints: atomic writes (temporary file + rename) and the RNG states a resumed run restores."""
from __future__ import annotations

import inspect
import os
import random

import numpy as np
import torch

FORMAT = "vessel-lab/checkpoint"
VERSION = 1


def atomic_save(obj, path: str) -> None:
    """torch.save to path.tmp-<pid>, fsync, then rename over path: a reader never sees half a file."""
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "wb") as f:
        torch.save(obj, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def rng_states() -> dict:
    states = {"torch": torch.get_rng_state(), "numpy": np.random.get_state(), "python": random.getstate()}
    if torch.cuda.is_available():
        states["cuda"] = torch.cuda.get_rng_state_all()
    return states


def restore_rng_states(states: dict) -> None:
    # a checkpoint loaded with map_location="cuda" brings the states onto the GPU; the setters take CPU byte tensors
    torch.set_rng_state(states["torch"].cpu())
    np.random.set_state(states["numpy"])
    random.setstate(states["python"])
    if "cuda" in states and torch.cuda.is_available():
        torch.cuda.set_rng_state_all([s.cpu() for s in states["cuda"]])


_TRUSTED = {"weights_only": False} if "weights_only" in inspect.signature(torch.load).parameters else {}


def load(path: str, map_location="cpu") -> dict:
    # weights_only=False, PyTorch's default before 2.6: a checkpoint holds the random states (numpy arrays), and the
    # weights files committed under runs/ do not load under torch 1.13's weights-only reader. Like any pickle, load
    # only files you trust: those train.py and half_weights.py wrote. (PyTorch before 1.13 has no such argument.)
    ckpt = torch.load(path, map_location=map_location, **_TRUSTED)
    if not isinstance(ckpt, dict) or ckpt.get("format") not in (FORMAT, "vessel-lab/weights"):
        raise ValueError(f"{path}: not a vessel-lab checkpoint or weights file (train.py writes checkpoint.pt and model.pt)")
    return ckpt


def load_model(path: str, map_location="cpu"):
    """The network a checkpoint or weights file holds (its model_config, its weights: float16 copies are made float32
    by load_state_dict), and the whole file's dict (step, training arguments, validation Dice)."""
    from model import build_model

    state = load(path, map_location=map_location)
    model = build_model(state.get("model_config"))
    model.load_state_dict(state["model"])
    return model, state

"""
What a VesselUNet costs and sees, from its widths alone: receptive field, convolution multiply-adds per voxel,
parameters and the size of its ONNX files.

    /usr/bin/python3 models/train/netstats.py                      # the committed network and the level options
    /usr/bin/python3 models/train/netstats.py --channels 12 24 48 96 128 --json

- Receptive field: the input voxels one output voxel's convolutions reach, along one axis, in an unbounded volume
  (exact interval arithmetic over the layers: 3x3x3 convs, stride-2 convs, nearest x2 upsampling, concatenation).
  It depends on the output voxel's position modulo the stride; `receptive_field` is the widest. InstanceNorm is left
  out: its mean and variance make every output depend on the whole tile a little (test_netstats.py checks the
  figure against the gradient of one output voxel of a random-weight network without its norms).
- Multiply-adds: every Conv3d's output voxels x Cin/groups x kernel volume, per input voxel (a 64^3 input by
  default; the same at any multiple of the stride). Norms, activations, biases and upsampling are not counted.
  "segmenter" is encoder + seg decoder (segmenter.onnx; onnx_stats.py counts the same from the file);
  "training" is what one training patch costs forward: the encoder on the clean and the masked copy, both decoders.
- File size: 4 bytes a parameter of the encoder and one decoder (each ONNX file holds one decoder) plus the graph.
"""
from __future__ import annotations

import argparse
import json
import math

import torch
from torch import nn

from model import DEFAULT_CHANNELS, VesselUNet, count_parameters, level_channels

GRAPH_BYTES = 40_000  # the graph itself, names and metadata (a committed file: about 15 kB besides its weights)
MAX_BYTES = 10 * 1024 * 1024


# ---------- receptive field ----------

def dependency_interval(levels: int, i: int) -> tuple[int, int]:
    """[lo, hi]: the input positions (one axis, unbounded) that output position i of a `levels`-level VesselUNet
    depends on through its convolutions."""

    def conv3(a, b):  # 3-tap conv, padding 1, stride 1
        return a - 1, b + 1

    def down(a, b):  # stride-2 3-tap conv, padding 1: coarse o reads fine 2o-1 .. 2o+1
        return 2 * a - 1, 2 * b + 1

    def up(a, b):  # nearest x2 upsampling (ONNX Resize asymmetric/floor): fine i reads coarse floor(i/2)
        return a // 2, b // 2

    def enc(l, a, b):  # encoder feature of level l -> input interval
        if l == 0:
            return conv3(*conv3(a, b))  # stem, level0 conv
        return enc(l - 1, *down(*conv3(a, b)))  # stride-2 conv, then conv

    def dec(l, a, b):  # decoder feature of level l (after its two fuse convs) -> input interval
        if l == levels - 1:
            return enc(l, a, b)  # the bottleneck is the encoder's last feature
        a, b = conv3(*conv3(a, b))  # the two fuse convs on [upsampled reduce(coarser), skip]
        coarse = dec(l + 1, *up(a, b))  # the 1x1 reduce conv adds nothing
        skip = enc(l, a, b)
        return min(coarse[0], skip[0]), max(coarse[1], skip[1])

    return dec(0, i, i)  # the 1x1 head adds nothing


def receptive_field(levels: int) -> int:
    """The widest dependency interval over output positions (they repeat with the stride 2^(levels-1)), in voxels."""
    widths = [hi - lo + 1 for lo, hi in (dependency_interval(levels, i) for i in range(2 ** (levels - 1)))]
    return max(widths)


def receptive_field_formula(levels: int) -> int:
    """The textbook sum (1 + sum of (k-1) x jump over the deepest path), 5 x 2^levels - 5; `receptive_field` adds up to
    the upsampling's misalignment to it."""
    return 5 * 2 ** levels - 5


# ---------- multiply-adds ----------

def conv_macs_per_voxel(model: VesselUNet, part: str = "segmenter", size: int = 64) -> float:
    """Conv3d multiply-adds per input voxel of a size^3 input: part = "segmenter" (encoder + seg decoder),
    "reconstructor" (encoder + rec decoder) or "training" (one patch's training forward: the encoder on its clean
    and masked copies, both decoders)."""
    if size % model.stride:
        raise ValueError(f"size = {size}; give a multiple of the stride {model.stride}")
    total = [0]

    def hook(mod: nn.Conv3d, _inp, out):
        # all of a batch: the training pass runs the encoder on a batch of two (the clean and the masked copy)
        total[0] += out.numel() * (mod.in_channels // mod.groups) * math.prod(mod.kernel_size)

    handles = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, nn.Conv3d)]
    try:
        x = torch.zeros(1, 1, size, size, size)
        with torch.no_grad():
            if part == "segmenter":
                model.forward_seg(x)
            elif part == "reconstructor":
                model.forward_rec(x)
            elif part == "training":
                model(x, x)  # the encoder sees both copies (a batch of two), each decoder one
            else:
                raise ValueError(f"part = {part!r}; give segmenter, reconstructor or training")
    finally:
        for h in handles:
            h.remove()
    return total[0] / size ** 3


# ---------- sizes ----------

def file_parameters(model: VesselUNet, kind: str = "segmenter") -> int:
    """Parameters in one exported file: the encoder and the decoder of `kind` (segmenter: seg, reconstructor: rec)."""
    decoder = {"segmenter": model.seg, "reconstructor": model.rec}[kind]
    return count_parameters(model.encoder) + count_parameters(decoder)


def file_bytes_estimate(model: VesselUNet, kind: str = "segmenter") -> int:
    return 4 * file_parameters(model, kind) + GRAPH_BYTES


def stats(channels) -> dict:
    model = VesselUNet(tuple(channels)).eval()
    return {
        "channels": list(model.channels), "levels": model.levels, "stride": model.stride,
        "receptive_field": receptive_field(model.levels),
        "kmac_per_voxel_segmenter": conv_macs_per_voxel(model, "segmenter") / 1000,
        "kmac_per_voxel_training": conv_macs_per_voxel(model, "training") / 1000,
        "parameters": count_parameters(model), "file_parameters": file_parameters(model),
        "file_bytes_estimate": file_bytes_estimate(model),
    }


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--channels", type=int, nargs="+", action="append", help="widths, one per level (repeatable); default: the committed network and level_channels(4..6)")
    ap.add_argument("--json", action="store_true", help="one JSON object per network")
    args = ap.parse_args(argv)
    nets = args.channels or [list(DEFAULT_CHANNELS)] + [list(level_channels(n)) for n in (4, 5, 6)]
    base = stats(DEFAULT_CHANNELS)
    for ch in nets:
        s = stats(ch)
        s["kmac_vs_committed"] = s["kmac_per_voxel_segmenter"] / base["kmac_per_voxel_segmenter"]
        if args.json:
            print(json.dumps(s))
        else:
            print(f"{'/'.join(map(str, s['channels'])):>22}  stride {s['stride']:>2}  RF {s['receptive_field']:>3}  "
                  f"{s['kmac_per_voxel_segmenter']:6.2f} kMAC/voxel (x{s['kmac_vs_committed']:.2f}; training {s['kmac_per_voxel_training']:.2f})  "
                  f"{s['parameters']:>9,} parameters, {s['file_parameters']:>9,} a file, ~{s['file_bytes_estimate'] / 1e6:.2f} MB"
                  + ("" if s["file_bytes_estimate"] <= MAX_BYTES else "  OVER 10 MB"))


if __name__ == "__main__":
    main()

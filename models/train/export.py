"""
Export a trained VesselUNet to two ONNX models (opset 17, dynamic N/D/H/W):

  segmenter.onnx      image [N,1,D,H,W] float32 (+ adapt_scale [C], adapt_shift [C])
                      -> seg_logit [N,1,D,H,W] float32, seg_prob [N,1,D,H,W] float32 (sigmoid)
  reconstructor.onnx  image [N,1,D,H,W] float32, masked voxels set to 0, adapt_scale, adapt_shift
                      -> recon [N,1,D,H,W] float32

D, H, W must be multiples of the stride (4 for the committed network, 2^(levels-1)). `image` is normalised (data.normalise: 0.5/99.5
percentiles of the whole volume to [0, 1]), axes [z, y, x] (x fastest: a NIfTI/Volume buffer
as is). adapt_scale and adapt_shift are required: ones and zeros (C = channels[0], in the model's
metadata) leave the network as trained. (They cannot be optional: a graph input backed by an
initializer is hidden by onnxruntime's JavaScript API: onnxruntime-web rejects the feed as an
invalid input and onnxruntime-node ignores it.)

    /usr/bin/python3 models/train/export.py --checkpoint RUN/model.pt            # -> models/*.onnx
    /usr/bin/python3 models/train/export.py --tiny --out-dir /tmp/tiny-models     # untrained, small, fast
    /usr/bin/python3 models/train/export.py --tiny --levels 5 --out-dir /tmp/tiny5  # the same with five levels (stride 16)

Every node must be one of onnx_stats.ALLOWED_OPS (no ConvTranspose: onnxruntime-web's WebGPU provider lacks it);
the export fails otherwise.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import tempfile
import warnings
import sys

import numpy as np
import torch
from torch import nn

import checkpoint as ck
from model import VesselUNet, model_config
from onnx_stats import operator_problems

OPSET = 17
MAX_BYTES = 10 * 1024 * 1024
TINY_CHANNELS = (4, 8, 16)


def tiny_channels(levels: int = 3) -> tuple[int, ...]:
    """Widths of an untrained model for tests: 4 doubling per level, capped at 16 (levels 3: TINY_CHANNELS)."""
    return tuple(min(4 * 2 ** l, 16) for l in range(levels))
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
THRESHOLD = 0.5


class SegmenterGraph(nn.Module):
    def __init__(self, model: VesselUNet):
        super().__init__()
        self.model = model

    def forward(self, image, adapt_scale, adapt_shift):
        logit = self.model.forward_seg(image, adapt_scale, adapt_shift)
        return logit, torch.sigmoid(logit)


class ReconstructorGraph(nn.Module):
    def __init__(self, model: VesselUNet):
        super().__init__()
        self.model = model

    def forward(self, image, adapt_scale, adapt_shift):
        return self.model.forward_rec(image, adapt_scale, adapt_shift)


GRAPHS = {
    "segmenter": (SegmenterGraph, ["seg_logit", "seg_prob"]),
    "reconstructor": (ReconstructorGraph, ["recon"]),
}


def metadata(model: VesselUNet, kind: str, info: dict) -> dict:
    return {
        "format": "vessel-lab/model", "version": 1, "kind": kind, **model_config(model),
        "inputs": {"image": f"[N,1,D,H,W] float32, D/H/W multiples of {model.stride}; axes z,y,x (x fastest)",
                   "adapt_scale": f"[{model.adapt_channels}] float32, ones = as trained", "adapt_shift": f"[{model.adapt_channels}] float32, zeros = as trained"},
        "outputs": {"segmenter": {"seg_logit": "[N,1,D,H,W] float32", "seg_prob": "[N,1,D,H,W] float32"},
                    "reconstructor": {"recon": "[N,1,D,H,W] float32"}}[kind],
        "normalisation": "whole volume: p0.5, p99.5 percentiles -> (v - p0.5)/(p99.5 - p0.5) clipped to [0,1]",
        "mask_value": 0.0, "threshold": THRESHOLD, **info,
    }


def export_graph(model: VesselUNet, kind: str, path: str, info: dict | None = None) -> str:
    """Write one ONNX graph with its metadata, check it; returns the path."""
    import onnx

    cls, outputs = GRAPHS[kind]
    graph = cls(model).eval()
    c = model.adapt_channels
    s = model.stride
    example = (torch.rand(1, 1, 2 * s, 3 * s, 4 * s), torch.ones(c), torch.zeros(c))
    spatial = {0: "N", 2: "D", 3: "H", 4: "W"}
    dynamic = {"image": spatial, **{o: spatial for o in outputs}}
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".tmp"
    with torch.no_grad(), warnings.catch_warnings():
        # InstanceNorm keeps no running statistics, so "exporting with train=True" changes nothing;
        # the prim::Constant notes are about torch's own pass, not the graph; the tracer warning is
        # instance_norm's check that a map has more than one voxel, which is not part of the graph.
        warnings.filterwarnings("ignore", message=".*instance_norm.*|.*prim::Constant.*")
        warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)
        torch.onnx.export(graph, example, tmp, opset_version=OPSET, input_names=["image", "adapt_scale", "adapt_shift"],
                          output_names=outputs, dynamic_axes=dynamic, do_constant_folding=True)
    m = onnx.load(tmp)
    meta = metadata(model, kind, info or {})
    m.metadata_props.add(key="vessel-lab", value=json.dumps(meta))
    m.doc_string = f"vessel-lab {kind}: see models/README.md"
    onnx.checker.check_model(m, full_check=True)
    problems = operator_problems(m)
    if problems:
        os.remove(tmp)
        raise RuntimeError(f"{path}: operators the page's runtimes may lack: {'; '.join(problems)}")
    onnx.save(m, tmp)
    os.replace(tmp, path)
    size = os.path.getsize(path)
    if size > MAX_BYTES:
        raise RuntimeError(f"{path}: {size} bytes; the limit is {MAX_BYTES}")
    return path


def data_settings(checkpoint: str) -> dict:
    """What the training data was (the run's split.json beside the checkpoint holds its manifest header): the label
    convention the model learnt and the voxel policy, for the card (the quality bench scores synthetic samples with
    the model's own convention). Empty when the run folder has no split.json."""
    path = os.path.join(os.path.dirname(os.path.abspath(checkpoint)), "split.json")
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        split = json.load(f)
    header = split.get("header") or {}
    settings = header.get("settings") or {}
    # a run on several folders (train.py --data A B) lists every header; the count is all of theirs
    count = sum(h.get("count") or 0 for h in split["headers"]) if split.get("headers") else header.get("count")
    return {"label_convention": settings.get("labelConvention", "lumen"), "voxels": settings.get("voxels", "scanner"), "train_data_count": count}


# The largest tile overlap the lab runs (src/infer/modelCard.ts MAX_OVERLAP: 1000 passes per voxel at 0.9).
MAX_OVERLAP = 0.9

def write_card(kind: str, onnx_path: str, info: dict, tile: int = 64, stride: int = 4, spacing="native", radius_voxels: float = 1.25,
               overlap: float = 0.5) -> str:
    """The JSON sidecar src/infer reads (models/segmenter.json next to models/segmenter.onnx): how to run the model."""
    card = {
        "name": f"vessel-lab {kind}" + (f" (step {info['train_step']})" if info.get("train_step") else " (untrained)"),
        "stride": stride,
        "tile": tile,
        "overlap": overlap,
        "normalisation": {"percentiles": [0.5, 99.5], "clip": True},
        "spacing": spacing,
        "radiusVoxels": radius_voxels,
        "threshold": THRESHOLD,
        "input": "image",
        "output": {"name": "seg_prob", "kind": "probability"} if kind == "segmenter" else {"name": "recon", "kind": "probability"},
        "reconstruction": "recon" if kind == "reconstructor" else None,
        "adaptationInputs": {"adapt_scale": 1, "adapt_shift": 0},
        "training": info,
    }
    path = os.path.splitext(onnx_path)[0] + ".json"
    with open(path + ".tmp", "w") as f:
        json.dump(card, f, indent=1)
        f.write("\n")
    os.replace(path + ".tmp", path)
    return path


def describe(path: str) -> dict:
    """Inputs, outputs (with symbolic shapes) and size of an ONNX file, as checked by onnx."""
    import onnx

    m = onnx.load(path)
    onnx.checker.check_model(m, full_check=True)
    dims = lambda v: [d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim]
    return {"path": path, "bytes": os.path.getsize(path), "opset": m.opset_import[0].version,
            "inputs": {v.name: dims(v) for v in m.graph.input},
            "outputs": {v.name: dims(v) for v in m.graph.output}}


def write_reference(model: VesselUNet, out_dir: str, shape=(1, 1, 24, 32, 40), seed: int = 0) -> str:
    """Inputs and torch outputs for check_onnx.mjs: raw little-endian float32 files + reference.json. Each side of
    `shape` is rounded up to a multiple of the model's stride (24x32x40 stays for the committed network's 4)."""
    from synthetic import tubes_sample

    s = model.stride
    shape = (*shape[:2], *(-(-n // s) * s for n in shape[2:]))
    rng = np.random.default_rng(seed)
    image = np.zeros(shape[2:], np.float32)
    vol, _ = tubes_sample(max(shape[2:]), rng)
    image[...] = vol[: shape[2], : shape[3], : shape[4]]
    image = np.clip(image, 0, 1)[None, None]
    masked = image.copy()
    masked[..., 8:16, 8:16, 8:16] = 0
    c = model.adapt_channels
    scale = (1 + 0.2 * rng.standard_normal(c)).astype(np.float32)
    shift = (0.1 * rng.standard_normal(c)).astype(np.float32)
    os.makedirs(out_dir, exist_ok=True)
    arrays = {"image": image, "masked": masked, "adapt_scale": scale, "adapt_shift": shift}
    model.eval()
    with torch.no_grad():
        t = lambda a: torch.from_numpy(a)
        ident = model.forward_seg(t(image))
        adapted = model.forward_seg(t(image), t(scale), t(shift))
        arrays.update({"seg_logit": ident.numpy(), "seg_prob": torch.sigmoid(ident).numpy(),
                       "seg_logit_adapted": adapted.numpy(), "recon": model.forward_rec(t(masked)).numpy(),
                       "recon_adapted": model.forward_rec(t(masked), t(scale), t(shift)).numpy()})
    for name, a in arrays.items():
        np.ascontiguousarray(a, dtype="<f4").tofile(os.path.join(out_dir, name + ".f32"))
    with open(os.path.join(out_dir, "reference.json"), "w") as f:
        json.dump({name: list(a.shape) for name, a in arrays.items()}, f)
    return out_dir


def node_check(seg_path: str, rec_path: str, ref_dir: str) -> dict | None:
    """Run check_onnx.mjs (onnxruntime-node and onnxruntime-web's wasm, those installed); None when Node or both runtimes are missing."""
    node = shutil.which("node")
    if not node:
        return None
    p = subprocess.run([node, os.path.join(HERE, "check_onnx.mjs"), seg_path, rec_path, ref_dir], capture_output=True, text=True, cwd=REPO)
    if p.returncode == 3:  # no runtime installed
        return None
    if p.returncode != 0:
        raise RuntimeError(f"check_onnx.mjs failed:\n{p.stdout}\n{p.stderr}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def tiny_model(seed: int = 0, levels: int = 3) -> VesselUNet:
    torch.manual_seed(seed)
    return VesselUNet(tiny_channels(levels))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", help="RUN/model.pt or RUN/checkpoint.pt from train.py")
    ap.add_argument("--tiny", action="store_true", help=f"export an untrained model of widths {TINY_CHANNELS} (seed 0) instead")
    ap.add_argument("--levels", type=int, default=3, help="with --tiny: resolution levels (widths 4 doubling, capped at 16)")
    ap.add_argument("--out-dir", default=os.path.join(REPO, "models"), help="where segmenter.onnx and reconstructor.onnx go (default: models/)")
    ap.add_argument("--spacing", default="native", help='the card\'s spacing: "auto" (the scale chosen from each scan\'s vessel radius, src/scale), "native", mm, or xF (default: native)')
    ap.add_argument("--radius-voxels", type=float, default=1.25,
                    help="the card's radiusVoxels: the vessel radius in voxels the model segments best, where --spacing auto brings the radius of a scan's thinner quarter of vessels (p25; the median before stop 45) (default 1.25, the three-level model's training vessels; the committed card has 24 since stop 50, 4 before: the five-level model segments scans best on their own grid up to the widest vessels it learnt, models/README.md)")
    ap.add_argument("--tile", type=int, default=64,
                    help="the segmenter card's sliding-window tile in voxels, a multiple of the network's stride (default 64; the reconstructor's card keeps 64)")
    ap.add_argument("--overlap", type=float, default=0.5,
                    help=f"the segmenter card's tile overlap, 0 <= f <= {MAX_OVERLAP} (default 0.5; the reconstructor's card keeps 0.5)")
    ap.add_argument("--no-verify", action="store_true", help="skip the numerical check against onnxruntime (Node)")
    args = ap.parse_args(argv)
    if not 0 <= args.overlap <= MAX_OVERLAP:
        ap.error(f"--overlap {args.overlap}: give a fraction 0 <= overlap <= {MAX_OVERLAP} (the lab's MAX_OVERLAP, src/infer)")
    if args.tiny == bool(args.checkpoint):
        ap.error("give --checkpoint PATH or --tiny (one of them)")
    if args.tiny:
        model, info = tiny_model(levels=args.levels), {"trained": False, "note": "untrained tiny model for tests"}
    else:
        model, state = ck.load_model(args.checkpoint)
        train_args = state.get("train") or state.get("args") or {}
        val = state.get("val_dice")
        info = {"trained": True, "train_step": int(state["step"]), "val_dice": None if val is None or val != val else float(val),
                "train_seed": train_args.get("seed"), "train_patch": train_args.get("patch"), **data_settings(args.checkpoint)}
    model.eval()
    if args.tile < model.stride or args.tile % model.stride:
        ap.error(f"--tile {args.tile}: give a multiple of the network's stride {model.stride}")
    paths = {k: export_graph(model, k, os.path.join(args.out_dir, f"{k}.onnx"), info) for k in GRAPHS}
    for k, p in paths.items():
        tiling = {"tile": args.tile, "overlap": args.overlap} if k == "segmenter" else {}
        write_card(k, p, info, stride=model.stride, spacing=args.spacing, radius_voxels=args.radius_voxels, **tiling)
    report = {k: describe(p) for k, p in paths.items()}
    if not args.no_verify:
        ref = write_reference(model, tempfile.mkdtemp(prefix="vessel-lab-onnx-check-"))
        report["onnxruntime"] = node_check(paths["segmenter"], paths["reconstructor"], ref) or "skipped: no node or no onnxruntime package"
        shutil.rmtree(ref, ignore_errors=True)
    print(json.dumps(report, indent=1, default=str))


if __name__ == "__main__":
    sys.exit(main())

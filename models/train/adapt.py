"""
Test-time adaptation of a trained VesselUNet to one unlabelled scan, then segmentation.

For a few steps, random crops of the scan are masked (the training recipe: cubes of --mask-patch,
--mask-ratio of them hidden) and the reconstruction loss on the hidden voxels alone is minimised
(Adam) over ONE stated part of the network (--update):

  adapt    (default) the per-channel scale and shift applied to the first encoder feature map
           (2 x C numbers, C = 12 by default): the same adapt_scale / adapt_shift the ONNX models
           take as inputs, so a result found here can be fed to the exported models, and a browser
           can search the same 2C numbers with forward passes only. Few numbers and identity at
           the start: they re-calibrate the scan's contrast for the encoder and cannot forget
           what the decoders learnt.
  norm0    the affine parameters of the first encoder InstanceNorm (also 2 x C; not exportable as inputs).
  norms    the affine parameters of every encoder InstanceNorm (a few hundred numbers: what TENT adapts, here
           by the reconstruction loss instead of the prediction's entropy).
  encoder  every encoder weight (about half the network): strongest, most prone to drift.

The segmentation decoder is never updated: only the shared encoder (part of it) moves, and the
segmentation head sees its features. Before and after, the reconstruction loss is measured on a
fixed set of masked crops; if adaptation did not lower it, the original parameters are kept
(reported). The scan is normalised by the contract in data.py (0.5/99.5 percentiles).

    /usr/bin/python3 models/train/adapt.py --weights RUN/model.pt --in scan.nii.gz --out mask.nii.gz \\
        [--prob prob.nii.gz] [--steps 20] [--update adapt] [--label lab.nii.gz] [--report out.json]
"""
from __future__ import annotations

import argparse
import json
import time

import numpy as np
import torch

import checkpoint as ck
from data import apply_mask, cube_mask, normalise
from infer import segment_volume
from losses import dice_score, masked_mse
from grid import resample, resample_back  # the engine's centred grid (scipy's zoom aligns corners instead)
from model import STRIDE, VesselUNet

UPDATES = ("adapt", "norm0", "norms", "encoder")


def default_lr(update: str) -> float:
    """Adam's step when none is given: 1e-4 for the whole encoder, 1e-2 for the norms' and adaptation vectors' numbers."""
    return 1e-4 if update == "encoder" else 1e-2


def load_nifti(path: str):
    import nibabel as nib

    img = nib.load(path)
    data = np.asarray(img.dataobj, dtype=np.float32)
    if data.ndim == 4 and data.shape[3] == 1:
        data = data[..., 0]
    if data.ndim != 3:
        raise ValueError(f"{path}: shape {data.shape}; expected a 3D volume")
    return np.ascontiguousarray(data.transpose(2, 1, 0)), img


def save_nifti(path: str, zyx: np.ndarray, like) -> None:
    import nibabel as nib

    out = nib.Nifti1Image(np.ascontiguousarray(zyx.transpose(2, 1, 0)), like.affine)
    out.header.set_zooms(like.header.get_zooms()[:3])
    out.header.set_xyzt_units(*like.header.get_xyzt_units())
    nib.save(out, path)




def random_crops(image: np.ndarray, n: int, patch: int, mask_patch: int, mask_ratio: float, rng, stride: int = STRIDE) -> tuple[torch.Tensor, ...]:
    """n crops of `patch` (or the whole side, rounded down to the network's stride but at least two strides, zero-padded,
    where thinner) with their masks."""
    # at least two stride blocks per side (zero-padded where the scan is thinner): InstanceNorm needs more than one
    # voxel at the coarsest level when gradients flow (a 16-slice stack and the five-level network's stride 16)
    side = [min(patch, max(2 * stride, s // stride * stride)) for s in image.shape]
    pad = [(0, max(0, c - s)) for c, s in zip(side, image.shape)]
    vol = np.pad(image, pad) if any(p[1] for p in pad) else image
    crops, masks = [], []
    for _ in range(n):
        start = [int(rng.integers(0, s - c + 1)) for s, c in zip(vol.shape, side)]
        crop = vol[tuple(slice(a, a + c) for a, c in zip(start, side))]
        crops.append(crop)
        masks.append(cube_mask(crop.shape, mask_patch, mask_ratio, rng))
    image_t = torch.from_numpy(np.stack(crops)[:, None].astype(np.float32))
    mask_t = torch.from_numpy(np.stack(masks)[:, None])
    return image_t, apply_mask(image_t, mask_t), mask_t


def adaptable(model: VesselUNet, update: str) -> tuple[list[torch.Tensor], torch.Tensor | None, torch.Tensor | None]:
    """The tensors to optimise, and the adaptation vectors to pass to forward (None: the model's own)."""
    for p in model.parameters():
        p.requires_grad_(False)
    if update == "adapt":
        scale = model.adapt_scale.clone().requires_grad_(True)
        shift = model.adapt_shift.clone().requires_grad_(True)
        return [scale, shift], scale, shift
    if update == "norm0":
        params = list(model.encoder.stem.norm.parameters())
    elif update == "norms":
        params = [p for m in model.encoder.modules() if isinstance(m, torch.nn.InstanceNorm3d) for p in m.parameters()]
    else:
        params = list(model.encoder.parameters())
    for p in params:
        p.requires_grad_(True)
    return params, None, None


def rec_loss(model, batch, scale, shift) -> torch.Tensor:
    image, masked, mask = batch
    return masked_mse(model.forward_rec(masked, scale, shift), image, mask)


def adapt(model: VesselUNet, image: np.ndarray, update: str = "adapt", steps: int = 20, lr: float = 1e-2, batch: int = 2,
          patch: int = 64, mask_patch: int = 8, mask_ratio: float = 0.5, eval_crops: int = 4, seed: int = 0) -> dict:
    """Adapt `model` (in place for norm0/encoder) to a normalised [D,H,W] image; returns a report
    with the adaptation vectors to use ("adapt_scale"/"adapt_shift", tensors or None)."""
    if update not in UPDATES:
        raise ValueError(f"update = {update!r}; give one of {', '.join(UPDATES)}")
    rng = np.random.default_rng(seed)
    fixed = random_crops(image, eval_crops, patch, mask_patch, mask_ratio, np.random.default_rng([seed, 1]), model.stride)
    params, scale, shift = adaptable(model, update)
    saved = [p.detach().clone() for p in params]
    model.eval()
    with torch.no_grad():
        before = float(rec_loss(model, fixed, scale, shift))
    opt = torch.optim.Adam(params, lr=lr)
    curve = []
    for _ in range(steps):
        loss = rec_loss(model, random_crops(image, batch, patch, mask_patch, mask_ratio, rng, model.stride), scale, shift)
        opt.zero_grad()
        loss.backward()
        opt.step()
        curve.append(float(loss))
    with torch.no_grad():
        after = float(rec_loss(model, fixed, scale, shift))
    kept = after < before
    if not kept:
        with torch.no_grad():
            for p, s in zip(params, saved):
                p.copy_(s)
    for p in params:
        p.requires_grad_(False)
    return {"update": update, "steps": steps, "lr": lr, "rec_loss_before": before, "rec_loss_after": after, "kept": kept,
            "train_curve": curve, "adapt_scale": scale, "adapt_shift": shift}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    a = ap.add_argument
    a("--weights", required=True, help="RUN/model.pt (or checkpoint.pt) from train.py")
    a("--in", dest="inp", required=True, help="scan (NIfTI)")
    a("--out", required=True, help="output mask (NIfTI uint8, the input's grid and affine)")
    a("--prob", help="also write the vessel probability (float32)")
    a("--update", choices=UPDATES, default="adapt", help="what adaptation updates (see above)")
    a("--steps", type=int, default=20, help="adaptation steps (0: no adaptation)")
    a("--lr", type=float, default=0, help="Adam step (0: 1e-2 for adapt and norm0, 1e-4 for encoder)")
    a("--batch", type=int, default=2)
    a("--patch", type=int, default=64, help="crop side for adaptation and the sliding window")
    a("--mask-patch", type=int, default=0, help="mask cube side (0: the training run's)")
    a("--mask-ratio", type=float, default=-1, help="masked fraction (negative: the training run's)")
    a("--spacing", type=float, default=0, help="resample to isotropic voxels of this size (file units) first, and back")
    a("--threshold", type=float, default=0.5)
    a("--label", help="a reference mask: report Dice without and with adaptation")
    a("--report", help="write the report as JSON here")
    a("--seed", type=int, default=0)
    a("--threads", type=int, default=0)
    args = ap.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    model, state = ck.load_model(args.weights)
    trained = state.get("train") or state.get("args") or {}
    mask_patch = args.mask_patch or int(trained.get("mask_patch", 8))
    mask_ratio = args.mask_ratio if args.mask_ratio >= 0 else float(trained.get("mask_ratio", 0.5))

    t0 = time.time()
    raw, img = load_nifti(args.inp)
    zooms = np.array(img.header.get_zooms()[:3][::-1], dtype=float)  # z, y, x
    image = raw
    if args.spacing > 0:
        image = resample(raw, zooms / args.spacing)
    image = normalise(image)
    report = {"input": args.inp, "shape_zyx": list(raw.shape), "network_shape_zyx": list(image.shape), "mask_patch": mask_patch, "mask_ratio": mask_ratio}

    def predict(scale=None, shift=None):
        prob = segment_volume(model, image, args.patch, 0.5, scale, shift)
        return resample_back(prob, [args.spacing] * 3, raw.shape, zooms) if prob.shape != raw.shape else prob

    label = None
    if args.label:
        label = load_nifti(args.label)[0] > 0
        report["dice_without_adaptation"] = dice_score(torch.from_numpy(predict() > args.threshold), torch.from_numpy(label))
    lr = args.lr or default_lr(args.update)
    result = adapt(model, image, args.update, args.steps, lr, args.batch, args.patch, mask_patch, mask_ratio, seed=args.seed)
    scale, shift = result.pop("adapt_scale"), result.pop("adapt_shift")
    report.update(result)
    if scale is not None:
        report["adapt_scale"], report["adapt_shift"] = scale.tolist(), shift.tolist()
    prob = predict(scale, shift)
    mask = (prob > args.threshold).astype(np.uint8)
    if label is not None:
        report["dice_with_adaptation"] = dice_score(torch.from_numpy(mask > 0), torch.from_numpy(label))
    save_nifti(args.out, mask, img)
    if args.prob:
        save_nifti(args.prob, prob.astype(np.float32), img)
    report["seconds"] = time.time() - t0
    report["vessel_fraction"] = float(mask.mean())
    text = json.dumps({k: v for k, v in report.items() if k != "train_curve"}, indent=1)
    if args.report:
        with open(args.report, "w") as f:
            json.dump(report, f, indent=1)
    print(text)


if __name__ == "__main__":
    main()

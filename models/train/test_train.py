"""Tests of the training toolkit: /usr/bin/python3 -m unittest discover -s models/train (well under a minute)."""
from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import types
import unittest

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import checkpoint as ck  # noqa: E402
import export  # noqa: E402
import train  # noqa: E402
from adapt import adapt  # noqa: E402
from data import (StepSampler, TrainPatches, apply_mask, cube_mask, load_volume, normalise, read_manifest,  # noqa: E402
                  read_manifests, split_as_saved, split_train_val, zoomed_crop, _unit_hash)
from infer import sliding_window, tile_starts  # noqa: E402
from losses import bce_loss, dice_score, masked_mse, soft_dice_loss  # noqa: E402
from model import STRIDE, VesselUNet  # noqa: E402
from synthetic import write_nifti, write_synthetic_dataset  # noqa: E402

TINY = (4, 8, 16)


class Tmp(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="vessel-lab-train-test-")
        torch.set_num_threads(2)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)


class ModelTest(unittest.TestCase):
    def test_outputs_keep_odd_multiples_of_the_stride(self):
        torch.manual_seed(0)
        m = VesselUNet(TINY).eval()
        for shape in [(1, 1, 12, 20, 36), (2, 1, 8, 28, 4)]:
            x = torch.rand(shape)
            with torch.no_grad():
                self.assertEqual(tuple(m.forward_seg(x).shape), shape)
                self.assertEqual(tuple(m.forward_rec(x).shape), shape)
                seg, rec = m(x, x)
            self.assertEqual(tuple(seg.shape), shape)
            self.assertEqual(tuple(rec.shape), shape)

    def test_sizes_that_are_not_multiples_of_the_stride_are_refused(self):
        with self.assertRaisesRegex(ValueError, "multiple of 4"):
            VesselUNet(TINY).forward_seg(torch.rand(1, 1, 12, 18, 8))

    def test_identity_adaptation_equals_no_adaptation_and_other_values_change_the_output(self):
        torch.manual_seed(0)
        m = VesselUNet(TINY).eval()
        x = torch.rand(1, 1, 8, 12, 16)
        c = m.adapt_channels
        with torch.no_grad():
            plain = m.forward_seg(x)
            same = m.forward_seg(x, torch.ones(c), torch.zeros(c))
            other = m.forward_seg(x, torch.full((c,), 1.5), torch.full((c,), 0.2))
        self.assertTrue(torch.equal(plain, same))
        self.assertGreater(float((plain - other).abs().max()), 1e-3)

    def test_default_model_has_100k_to_300k_parameters(self):
        n = sum(p.numel() for p in VesselUNet().parameters())
        self.assertTrue(100_000 <= n <= 300_000, n)


class RngStateTest(unittest.TestCase):
    def test_restore_moves_the_saved_states_to_the_cpu_first(self):
        # a checkpoint loaded with map_location="cuda" brings its RNG states onto the GPU, and torch.set_rng_state takes
        # a CPU byte tensor only (a resume on CUDA failed so, stop 33). Stand-in for a GPU tensor: an object that is
        # not a tensor until .cpu() is called on it, as a CUDA tensor is not a CPU one.
        class OnDevice:
            def __init__(self, t):
                self.t = t

            def cpu(self):
                return self.t

        torch.manual_seed(5)
        states = ck.rng_states()
        expected = torch.rand(3)
        torch.manual_seed(6)
        with self.assertRaises(TypeError):
            torch.set_rng_state(OnDevice(states["torch"]))  # what the old code passed on
        ck.restore_rng_states({**states, "torch": OnDevice(states["torch"])})
        self.assertTrue(torch.equal(torch.rand(3), expected))


class LossTest(unittest.TestCase):
    def test_masked_mse_counts_only_masked_voxels(self):
        target = torch.zeros(1, 1, 8, 8, 8)
        mask = torch.zeros_like(target)
        mask[..., :4, :, :] = 1
        recon = torch.where(mask > 0, torch.zeros_like(target), torch.full_like(target, 5.0))
        self.assertEqual(float(masked_mse(recon, target, mask)), 0.0)  # errors outside the mask do not count
        recon = torch.where(mask > 0, torch.full_like(target, 2.0), torch.zeros_like(target))
        self.assertAlmostEqual(float(masked_mse(recon, target, mask)), 4.0)  # mean over masked voxels, not all
        self.assertEqual(float(masked_mse(recon, target, torch.zeros_like(mask))), 0.0)

    def test_soft_dice_loss_is_zero_for_a_perfect_confident_prediction(self):
        t = torch.zeros(1, 1, 4, 4, 4)
        t[..., 1:3, 1:3, 1:3] = 1
        self.assertLess(float(soft_dice_loss((t * 2 - 1) * 50, t)), 1e-6)
        self.assertGreater(float(soft_dice_loss(-(t * 2 - 1) * 50, t)), 0.9)

    def test_neg_focus_weights_each_background_voxel_by_its_probability_and_leaves_vessels_alone(self):
        # four voxels: vessel p=0.8, vessel p=0.2, background p=0.9 (a confident false positive), background p=0.1
        p = torch.tensor([0.8, 0.2, 0.9, 0.1], dtype=torch.float64)
        t = torch.tensor([1.0, 1.0, 0.0, 0.0], dtype=torch.float64)
        logits = torch.log(p / (1 - p)).requires_grad_()
        ce = [-math.log(0.8), -math.log(0.2), -math.log(0.1), -math.log(0.9)]  # each voxel's cross-entropy, by hand
        self.assertAlmostEqual(float(bce_loss(logits, t)), sum(ce) / 4, places=6)
        self.assertAlmostEqual(float(bce_loss(logits, t, 0.0)), sum(ce) / 4, places=6)
        w = [1, 1, 1 + 3 * 0.9, 1 + 3 * 0.1]  # neg_focus 3: background weighted 1 + 3p
        loss = bce_loss(logits, t, 3.0)
        self.assertAlmostEqual(float(loss), sum(wi * c for wi, c in zip(w, ce)) / 4, places=6)
        loss.backward()  # the weight is a constant: d/dlogit = w (p - t) / N
        expected = [wi * (pi - ti) / 4 for wi, pi, ti in zip(w, p.tolist(), t.tolist())]
        for g, e in zip(logits.grad.tolist(), expected):
            self.assertAlmostEqual(g, e, places=6)
        with self.assertRaisesRegex(ValueError, "neg_focus = -1"):
            bce_loss(logits, t, -1.0)

    def test_dice_score_of_empty_volumes_is_one(self):
        z = torch.zeros(3, 3, 3, dtype=torch.bool)
        self.assertEqual(dice_score(z, z), 1.0)


class DataTest(Tmp):
    def test_cube_mask_hides_whole_cubes_in_the_given_ratio_and_apply_mask_zeroes_them(self):
        rng = np.random.default_rng(0)
        m = cube_mask((32, 32, 32), 8, 0.5, rng)
        self.assertEqual(set(np.unique(m)), {0.0, 1.0})
        self.assertTrue(0.3 < m.mean() < 0.7)
        full = cube_mask((16, 16, 16), 4, 1.0, rng)
        self.assertEqual(full.mean(), 1.0)
        self.assertEqual(cube_mask((16, 16, 16), 4, 0.0, rng).sum(), 0)
        image = np.ones((32, 32, 32), np.float32)
        self.assertTrue(np.array_equal(apply_mask(image, m), 1 - m))

    def test_normalise_maps_the_percentiles_to_0_and_1_and_handles_constant_and_nan(self):
        v = np.arange(1000, dtype=np.float32).reshape(10, 10, 10)
        n = normalise(v)
        lo, hi = np.percentile(v, [0.5, 99.5])
        self.assertAlmostEqual(float(n.flat[500]), (500 - lo) / (hi - lo), places=5)
        self.assertEqual((n.min(), n.max()), (0.0, 1.0))
        self.assertEqual(normalise(np.full((4, 4, 4), 7.0)).max(), 0.0)
        v[0, 0, 0] = np.nan
        self.assertEqual(normalise(v)[0, 0, 0], 0.0)

    def test_load_volume_returns_z_y_x_with_x_fastest(self):
        xyz = np.arange(2 * 3 * 4, dtype=np.float32).reshape(2, 3, 4)  # nibabel order [x, y, z]
        path = os.path.join(self.tmp, "v.nii.gz")
        import nibabel as nib

        nib.save(nib.Nifti1Image(xyz, np.eye(4)), path)
        zyx = load_volume(path)
        self.assertEqual(zyx.shape, (4, 3, 2))
        self.assertEqual(zyx[3, 2, 1], xyz[1, 2, 3])

    def test_read_manifest_ignores_an_unfinished_line_and_a_later_line_wins(self):
        write_synthetic_dataset(self.tmp, count=3, size=8)
        path = os.path.join(self.tmp, "manifest.jsonl")
        with open(path) as f:
            lines = f.read().splitlines()
        again = json.loads(lines[2])
        again["preset"] = "again"
        with open(path, "a") as f:
            f.write(json.dumps(again) + "\n" + '{"kind": "sample", "ind')
        header, records = read_manifest(self.tmp)
        self.assertEqual(header["kind"], "header")
        self.assertEqual([r["index"] for r in records], [0, 1, 2])
        self.assertEqual(records[1]["preset"], "again")

    def test_read_manifests_joins_folders_keeping_the_first_folders_indices_and_each_records_folder(self):
        a = write_synthetic_dataset(os.path.join(self.tmp, "a"), count=3, size=8, seed=0)
        b = write_synthetic_dataset(os.path.join(self.tmp, "b"), count=2, size=8, seed=1)
        headers, records = read_manifests([a, b])
        self.assertEqual(len(headers), 2)
        self.assertEqual([r["index"] for r in records], [0, 1, 2, 3, 4])
        self.assertEqual([r["root"] for r in records], [a, a, a, b, b])
        # the first folder's split is the one it has alone (at 0.14 samples 1 and 2 of a are held out, 4 of b; at 0.4
        # all three of a's alone would be, and one goes back to training, as a split keeps a sample on each side)
        _, alone = read_manifest(a)
        self.assertEqual([r["index"] for r in split_train_val(records, 0.14, 0)[1] if r["root"] == a],
                         [r["index"] for r in split_train_val(alone, 0.14, 0)[1]])
        self.assertEqual([r["index"] for r in split_train_val(records, 0.14, 0)[1]], [1, 2, 4])
        # a record reads its own folder's files: b's sample 0 is b's bytes, not a's
        ds = TrainPatches(a, records, patch=8)
        np.testing.assert_array_equal(ds.load(3)[0], normalise(load_volume(os.path.join(b, "images", "sample-000000.nii.gz"))))
        self.assertFalse(np.array_equal(ds.load(3)[0], ds.load(0)[0]))
        with self.assertRaisesRegex(ValueError, "named twice"):
            read_manifests([a, a])

    def test_read_manifests_refuses_folders_with_different_label_conventions(self):
        a = write_synthetic_dataset(os.path.join(self.tmp, "a"), count=2, size=8)
        b = write_synthetic_dataset(os.path.join(self.tmp, "b"), count=2, size=8)
        path = os.path.join(b, "manifest.jsonl")
        with open(path) as f:
            lines = f.read().splitlines()
        header = json.loads(lines[0])
        header["settings"]["labelConvention"] = "visible"
        with open(path, "w") as f:
            f.write("\n".join([json.dumps(header), *lines[1:]]) + "\n")
        with self.assertRaisesRegex(ValueError, "same --label-convention"):
            read_manifests([a, b])

    def test_split_is_deterministic_disjoint_and_holds_out_at_least_one(self):
        recs = [{"index": i} for i in range(2000)]
        tr, va = split_train_val(recs, 0.1, 0)
        # each sample is held out with probability 0.1: 200 expected, sd 13.4
        self.assertLess(abs(len(va) - 200), 41)
        self.assertEqual(split_train_val(recs, 0.1, 0), (tr, va))
        self.assertFalse({r["index"] for r in tr} & {r["index"] for r in va})
        self.assertEqual(len(tr) + len(va), 2000)
        self.assertEqual(len(split_train_val(recs[:3], 0.05, 0)[1]), 1)
        self.assertEqual(len(split_train_val(recs[:2], 0.95, 0)[0]), 1)
        # none below the fraction: the lowest hash is held out; a single sample is trained on
        lowest = min(range(50), key=lambda i: _unit_hash(0, i))
        self.assertEqual([r["index"] for r in split_train_val(recs[:50], 1e-12, 0)[1]], [lowest])
        self.assertEqual(split_train_val(recs[:1], 0.5, 0), (recs[:1], []))
        self.assertEqual(split_train_val(recs, 0.0, 0)[1], [])
        self.assertNotEqual(split_train_val(recs, 0.1, 1)[1], va)

    def test_a_sample_keeps_its_side_of_the_split_when_the_data_set_grows(self):
        # runs/g33's five folders with wide64v cut to 1,200 (3,600 samples) and 1,200 more after them: under the old
        # rule (the 5 % lowest hashes of all) 5 of the 180 held-out samples moved into training
        first = [{"index": i} for i in range(3600)]
        grown = first + [{"index": 3600 + i} for i in range(1200)]
        before = {r["index"] for r in split_train_val(first, 0.05, 0)[1]}
        after = {r["index"] for r in split_train_val(grown, 0.05, 0)[1]}
        self.assertEqual(after & set(range(3600)), before)

    def test_split_as_saved_keeps_the_runs_held_out_samples_and_refuses_missing_ones(self):
        recs = [{"index": i} for i in range(10)]
        tr, va = split_as_saved(recs, [7, 2])
        self.assertEqual([r["index"] for r in va], [2, 7])
        self.assertEqual(len(tr), 8)
        with self.assertRaisesRegex(ValueError, "1 of the run's 2 held-out samples .first index 12."):
            split_as_saved(recs, [2, 12])

    def test_step_sampler_resumed_at_a_step_yields_what_an_uninterrupted_one_does_from_there(self):
        full = list(StepSampler(5, 3, 0, 0, steps=7))
        self.assertEqual(list(StepSampler(5, 3, 0, 4, steps=7)), full[12:])
        self.assertEqual(sorted(p for p, _ in full[:5]), [0, 1, 2, 3, 4])  # an epoch is a permutation
        ranks = [list(StepSampler(10, 2, 0, 0, rank=r, world=2, steps=3)) for r in (0, 1)]
        self.assertFalse({k for _, k in ranks[0]} & {k for _, k in ranks[1]})

    def test_zoomed_crop_widens_a_tube_by_the_factor_and_keeps_the_patch_size(self):
        # a tube of radius 2 along z through the middle of a 32³ volume: its cross-section is about 4π voxels
        z, y, x = np.mgrid[0:32, 0:32, 0:32]
        label = (((x - 16) ** 2 + (y - 16) ** 2) <= 4).astype(np.float32)
        image = label * 0.8 + 0.1
        rng = np.random.default_rng(0)
        img1, lab1 = zoomed_crop(image, label, 16, 1.0, 1.0, rng)  # factor 1: a plain 16³ crop on the tube
        img2, lab2 = zoomed_crop(image, label, 16, 2.0, 1.0, rng)  # an 8³ crop resampled to 16³
        self.assertEqual((img1.shape, img2.shape, lab2.shape), ((16,) * 3, (16,) * 3, (16,) * 3))
        self.assertEqual(set(np.unique(lab2)), {0.0, 1.0})
        area1 = lab1.sum() / 16  # voxels per z slice
        area2 = lab2.sum() / 16
        self.assertAlmostEqual(area2 / area1, 4.0, delta=0.8)  # twice the radius: four times the area
        self.assertTrue(0.1 - 1e-6 <= img2.min() and img2.max() <= 0.9 + 1e-6)  # trilinear: within the input's range

    def test_zoom_off_draws_nothing_extra(self):
        write_synthetic_dataset(self.tmp, count=2, size=16)
        _, recs = read_manifest(self.tmp)
        plain = TrainPatches(self.tmp, recs, patch=8, mask_patch=4)[(0, 5)]
        off = TrainPatches(self.tmp, recs, patch=8, mask_patch=4, zoom_max=1.0, zoom_prob=0.9)[(0, 5)]
        on = TrainPatches(self.tmp, recs, patch=8, mask_patch=4, zoom_max=3.0, zoom_prob=1.0)[(0, 5)]
        self.assertTrue(torch.equal(plain["image"], off["image"]))
        self.assertEqual(tuple(on["image"].shape), (1, 8, 8, 8))
        self.assertFalse(torch.equal(plain["image"], on["image"]))
        with self.assertRaises(ValueError):
            TrainPatches(self.tmp, recs, patch=8, zoom_max=0.5)

    def test_a_training_item_depends_on_its_key_alone(self):
        write_synthetic_dataset(self.tmp, count=2, size=16)
        _, recs = read_manifest(self.tmp)
        ds = TrainPatches(self.tmp, recs, patch=8, mask_patch=4)
        a, b, c = ds[(1, 17)], ds[(1, 17)], ds[(1, 18)]
        for key in ("image", "label", "masked", "mask"):
            self.assertTrue(torch.equal(a[key], b[key]))
            self.assertEqual(tuple(a[key].shape), (1, 8, 8, 8))
        self.assertFalse(torch.equal(a["mask"], c["mask"]))
        self.assertTrue(torch.equal(a["masked"], a["image"] * (1 - a["mask"])))


class InferTest(unittest.TestCase):
    def test_sliding_window_over_one_tile_equals_a_single_pass(self):
        torch.manual_seed(0)
        m = VesselUNet(TINY).eval()
        image = np.random.default_rng(0).random((16, 24, 12)).astype(np.float32)
        fn = lambda t: torch.sigmoid(m.forward_seg(t))
        with torch.no_grad():
            single = fn(torch.from_numpy(image)[None, None])[0, 0].numpy()
        np.testing.assert_allclose(sliding_window(fn, image, patch=32), single, atol=1e-6)

    def test_tile_starts_cover_the_side_and_end_at_its_end(self):
        for size, tile in [(64, 64), (100, 64), (130, 32)]:
            s = tile_starts(size, tile, 0.5)
            self.assertEqual((s[0], s[-1] + tile), (0, size))
            self.assertTrue(all(b - a <= tile for a, b in zip(s, s[1:])))


def train_args(data, out, steps, *extra):
    return ["--data", data, "--out", out, "--steps", str(steps), "--batch", "2", "--patch", "16", "--channels", *map(str, TINY),
            "--threads", "2", "--warmup", "2", "--val-fraction", "0.2", "--val-every", "1000", "--ckpt-every", "1000", "--mask-patch", "4", *extra]


def read_rows(path):
    with open(path) as f:
        return [{k: v for k, v in r.items() if k != "seconds"} for r in csv.DictReader(f)]


class TrainTest(Tmp):
    def test_two_data_folders_train_as_one_set_and_the_card_counts_both(self):
        a = write_synthetic_dataset(os.path.join(self.tmp, "a"), count=4, size=20, seed=0)
        b = write_synthetic_dataset(os.path.join(self.tmp, "b"), count=3, size=20, seed=1)
        out = os.path.join(self.tmp, "run")
        args = train_args(a, out, 2)
        args[args.index("--data") + 1:args.index("--data") + 2] = [a, b]
        with contextlib.redirect_stdout(io.StringIO()):
            train.main(args)
        with open(os.path.join(out, "split.json")) as f:
            split = json.load(f)
        self.assertEqual(split["data"], [os.path.abspath(a), os.path.abspath(b)])
        self.assertEqual(split["train_count"] + len(split["val"]), 7)
        self.assertEqual(export.data_settings(os.path.join(out, "model.pt"))["train_data_count"], 7)

    def test_resume_after_2_of_4_steps_gives_the_same_bits_as_4_steps_in_one_go(self):
        data = write_synthetic_dataset(os.path.join(self.tmp, "data"), count=6, size=20)
        one, two = os.path.join(self.tmp, "one"), os.path.join(self.tmp, "two")
        with contextlib.redirect_stdout(io.StringIO()):
            train.main(train_args(data, one, 4))
            train.main(train_args(data, two, 4, "--stop-at", "2"))
            self.assertEqual(ck.load(os.path.join(two, "checkpoint.pt"))["step"], 2)
            self.assertFalse(os.path.exists(os.path.join(two, "model.pt")))
            train.main(train_args(data, two, 4, "--resume"))
        a, b = ck.load(os.path.join(one, "model.pt")), ck.load(os.path.join(two, "model.pt"))
        self.assertEqual(a["step"], 4)
        for k in a["model"]:
            self.assertTrue(torch.equal(a["model"][k], b["model"][k]), k)
        self.assertEqual(read_rows(os.path.join(one, "losses.csv")), read_rows(os.path.join(two, "losses.csv")))
        self.assertEqual(len(read_rows(os.path.join(one, "losses.csv"))), 4)
        with open(os.path.join(one, "summary.json")) as f:
            self.assertTrue(json.load(f)["val_dice"] >= 0)

    def test_a_resumed_run_validates_on_its_saved_split(self):
        data = write_synthetic_dataset(os.path.join(self.tmp, "data"), count=6, size=20)
        out = os.path.join(self.tmp, "run")
        path = os.path.join(out, "split.json")
        with contextlib.redirect_stdout(io.StringIO()):
            train.main(train_args(data, out, 2, "--stop-at", "1"))
            with open(path) as f:
                split = json.load(f)
            # the run's own held-out samples, whatever today's rule would pick (a run from before stop 50, say)
            split["val"] = [4, 5] if split["val"] != [4, 5] else [0, 1]
            with open(path, "w") as f:
                json.dump(split, f)
            train.main(train_args(data, out, 2, "--resume"))
            with open(path) as f:
                self.assertEqual(json.load(f)["val"], split["val"])
            split["val"] = [4, 60]
            with open(path, "w") as f:
                json.dump(split, f)
            with self.assertRaisesRegex(SystemExit, "1 of the run's 2 held-out samples"):
                train.main(train_args(data, out, 2, "--resume"))
            # a continuation from weights (--init --start-step) into a folder holding the run's split.json keeps it too
            weights = os.path.join(self.tmp, "w.pt")
            state = ck.load(os.path.join(out, "checkpoint.pt"))
            torch.save({"format": "vessel-lab/weights", "model": state["model"], "model_config": state["model_config"]}, weights)
            later = os.path.join(self.tmp, "later")
            os.makedirs(later)
            split["val"] = [1, 3]
            with open(os.path.join(later, "split.json"), "w") as f:
                json.dump(split, f)
            train.main(train_args(data, later, 3, "--init", weights, "--start-step", "2"))
            with open(os.path.join(later, "split.json")) as f:
                self.assertEqual(json.load(f)["val"], [1, 3])
            # a fresh run ignores a split.json left in its folder
            fresh = os.path.join(self.tmp, "fresh")
            os.makedirs(fresh)
            split["val"] = [0, 1, 2, 3, 4]
            with open(os.path.join(fresh, "split.json"), "w") as f:
                json.dump(split, f)
            train.main(train_args(data, fresh, 1))
            with open(os.path.join(fresh, "split.json")) as f:
                self.assertEqual(json.load(f)["val"], [r["index"] for r in split_train_val(read_manifest(data)[1], 0.2, 0)[1]])
            # the run's folders in another order are refused by name
            other = write_synthetic_dataset(os.path.join(self.tmp, "other"), count=2, size=20, seed=3)
            with self.assertRaisesRegex(SystemExit, "the run's data folders were data, these are other data"):
                args = train_args(data, out, 3, "--resume")
                args[args.index("--data") + 1:args.index("--data") + 2] = [other, data]
                train.main(args)

    def test_start_step_continues_the_schedule_from_init_weights_and_warms_up_again(self):
        data = write_synthetic_dataset(os.path.join(self.tmp, "data"), count=6, size=20)
        first, later = os.path.join(self.tmp, "first"), os.path.join(self.tmp, "later")
        with contextlib.redirect_stdout(io.StringIO()):
            train.main(train_args(data, first, 6, "--stop-at", "3"))
            weights = os.path.join(self.tmp, "w.pt")
            state = ck.load(os.path.join(first, "checkpoint.pt"))
            torch.save({"format": "vessel-lab/weights", "model": state["model"], "model_config": state["model_config"]}, weights)
            train.main(train_args(data, later, 6, "--init", weights, "--start-step", "3", "--lr", "0.001"))
            # a continuation stopped inside its second warm-up and resumed (without --start-step) is the same run
            whole, split = os.path.join(self.tmp, "whole"), os.path.join(self.tmp, "split")
            w4 = ("--init", weights, "--start-step", "3", "--warmup", "4")
            train.main(train_args(data, whole, 8, *w4))
            train.main(train_args(data, split, 8, *w4, "--stop-at", "4"))
            train.main(train_args(data, split, 8, "--init", weights, "--warmup", "4", "--resume"))
        self.assertEqual(read_rows(os.path.join(split, "losses.csv")), read_rows(os.path.join(whole, "losses.csv")))
        rows = read_rows(os.path.join(later, "losses.csv"))
        self.assertEqual([int(r["step"]) for r in rows], [4, 5, 6])
        # by hand: warm-up 2, cosine from step 2 to 6 down to lr/20; the fresh optimiser's warm-up halves step 3's rate
        cosine = lambda step: 0.001 * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * (step - 2) / 4)))
        self.assertAlmostEqual(float(rows[0]["lr"]), 0.5 * cosine(3), places=8)
        self.assertAlmostEqual(float(rows[1]["lr"]), cosine(4), places=8)
        self.assertAlmostEqual(float(rows[2]["lr"]), cosine(5), places=8)
        self.assertEqual(ck.load(os.path.join(later, "model.pt"))["step"], 6)
        # a start inside the first warm-up: both ramps multiply (by hand: lr 1e-3, warm-up 4, start 1)
        args = types.SimpleNamespace(lr=1e-3, warmup=4, steps=10, start_step=1)
        self.assertAlmostEqual(train.lr_at(0, args), 1e-3 * 1 / 4)  # before the start: the run's own warm-up
        self.assertAlmostEqual(train.lr_at(1, args), 1e-3 * 2 / 4 * 1 / 4)
        self.assertAlmostEqual(train.lr_at(3, args), 1e-3 * 4 / 4 * 3 / 4)
        self.assertAlmostEqual(train.lr_at(4, args), 1e-3)
        self.assertAlmostEqual(train.lr_at(5, types.SimpleNamespace(lr=1e-3, warmup=0, steps=10, start_step=5)), 1e-3 * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * 0.5))))
        for bad in (["--start-step", "3"], ["--init", weights, "--start-step", "6"]):
            with self.assertRaises(SystemExit), contextlib.redirect_stderr(io.StringIO()):
                train.main(train_args(data, os.path.join(self.tmp, "bad"), 6, *bad))

    def test_amp_on_cpu_runs_the_forward_pass_in_bfloat16_with_losses_close_to_float32(self):
        data = write_synthetic_dataset(os.path.join(self.tmp, "data"), count=6, size=20)
        f32, bf16 = os.path.join(self.tmp, "f32"), os.path.join(self.tmp, "bf16")
        with contextlib.redirect_stdout(io.StringIO()):
            train.main(train_args(data, f32, 2))
            train.main(train_args(data, bf16, 2, "--amp"))
        a, b = read_rows(os.path.join(f32, "losses.csv")), read_rows(os.path.join(bf16, "losses.csv"))
        first_a, first_b = float(a[0]["loss"]), float(b[0]["loss"])  # same data, same initial weights
        self.assertTrue(math.isfinite(first_b))
        self.assertNotEqual(first_a, first_b, "--amp changed nothing: autocast was not applied")
        self.assertLess(abs(first_a - first_b), 0.02 * first_a)

    def test_a_checkpoint_at_a_validation_step_carries_that_validation_dice(self):
        data = write_synthetic_dataset(os.path.join(self.tmp, "data"), count=6, size=20)
        out = os.path.join(self.tmp, "run")
        with contextlib.redirect_stdout(io.StringIO()):
            train.main(train_args(data, out, 2, "--val-every", "2", "--ckpt-every", "1", "--stop-at", "1"))
            self.assertIsNone(ck.load(os.path.join(out, "checkpoint.pt"))["val_dice"], "step 1 was not validated")
            train.main(train_args(data, out, 2, "--val-every", "2", "--ckpt-every", "1", "--resume"))
        logged = float(read_rows(os.path.join(out, "losses.csv"))[-1]["val_dice"])
        self.assertAlmostEqual(ck.load(os.path.join(out, "checkpoint.pt"))["val_dice"], logged, places=4)

    def test_best_pt_holds_the_weights_of_the_highest_validation_dice_across_a_resume(self):
        data = write_synthetic_dataset(os.path.join(self.tmp, "data"), count=6, size=20)
        out = os.path.join(self.tmp, "run")
        with contextlib.redirect_stdout(io.StringIO()):
            train.main(train_args(data, out, 4, "--val-every", "1", "--ckpt-every", "1", "--lr", "0.05", "--stop-at", "2"))
            train.main(train_args(data, out, 4, "--val-every", "1", "--ckpt-every", "1", "--lr", "0.05", "--resume"))
        vals = [(int(r["step"]), float(r["val_dice"])) for r in read_rows(os.path.join(out, "losses.csv"))]
        top = max(v for _, v in vals)
        first = min(s for s, v in vals if v == top)
        best = ck.load(os.path.join(out, "best.pt"))
        self.assertEqual((best["step"], round(best["val_dice"], 4)), (first, top))
        if first == 4:  # the last step's weights are model.pt's
            final = ck.load(os.path.join(out, "model.pt"))["model"]
            self.assertTrue(all(torch.equal(best["model"][k], final[k]) for k in final))

    def test_validation_per_folder_sees_each_folder_and_best_pt_follows_the_named_folders(self):
        a = write_synthetic_dataset(os.path.join(self.tmp, "general"), count=10, size=20, seed=0)
        b = write_synthetic_dataset(os.path.join(self.tmp, "like-x"), count=5, size=20, seed=1)
        out = os.path.join(self.tmp, "run")
        args = train_args(a, out, 4, "--val-every", "1", "--lr", "0.05", "--val-per-folder", "1", "--select-by", "like-x", "--val-fraction", "0.4")
        args[args.index("--data") + 1:args.index("--data") + 2] = [a, b]
        with contextlib.redirect_stdout(io.StringIO()):
            train.main(args)
        with open(os.path.join(out, "val.jsonl")) as f:
            lines = [json.loads(line) for line in f]
        self.assertEqual([v["step"] for v in lines], [1, 2, 3, 4])
        for v in lines:
            self.assertEqual(set(v["folders"]), {"general", "like-x"})  # one held-out volume of each, not the first 50 of all
            self.assertAlmostEqual(v["score"], v["folders"]["like-x"])
            self.assertAlmostEqual(v["val_dice"], (v["folders"]["general"] + v["folders"]["like-x"]) / 2)
        top = max(v["score"] for v in lines)
        first = min(v["step"] for v in lines if v["score"] == top)
        best = ck.load(os.path.join(out, "best.pt"))
        self.assertEqual(best["step"], first)
        self.assertAlmostEqual(best["score"], top)

    def test_a_resumed_run_keeps_the_validations_up_to_its_checkpoint_only(self):
        a = write_synthetic_dataset(os.path.join(self.tmp, "general"), count=10, size=20, seed=0)
        b = write_synthetic_dataset(os.path.join(self.tmp, "like-x"), count=5, size=20, seed=1)
        out = os.path.join(self.tmp, "run")
        args = train_args(a, out, 3, "--val-every", "1", "--val-per-folder", "1", "--val-fraction", "0.4")
        args[args.index("--data") + 1:args.index("--data") + 2] = [a, b]
        with contextlib.redirect_stdout(io.StringIO()):
            train.main(args + ["--stop-at", "2", "--ckpt-every", "1"])
            with open(os.path.join(out, "val.jsonl"), "a") as f:  # a validation after the checkpoint (a killed run)
                f.write(json.dumps({"step": 3, "val_dice": 0.0, "folders": {}, "score": 0.0}) + "\n")
            train.main(args + ["--resume"])
        with open(os.path.join(out, "val.jsonl")) as f:
            steps = [json.loads(line)["step"] for line in f]
        self.assertEqual(steps, [1, 2, 3])
        with open(os.path.join(out, "val.jsonl")) as f:
            self.assertNotEqual([json.loads(line) for line in f][-1]["folders"], {})

    def test_validation_picks_and_the_selection_score_by_hand(self):
        recs = [{"root": r} for r in ["/d/a", "/d/a", "/d/b", "/d/a", "/d/b", "/d/c"]]
        self.assertEqual(train.validation_picks(recs, 3), [0, 1, 2])
        self.assertEqual(train.validation_picks(recs, 3, per_folder=1), [0, 2, 5])
        self.assertEqual(train.validation_picks(recs, 3, per_folder=2), [0, 1, 2, 4, 5])
        by = {"a": 0.5, "b": 0.7, "c": 0.0}
        self.assertAlmostEqual(train.selection_score(by, ["/d/a", "b"], 0.9), 0.6)
        self.assertEqual(train.selection_score(by, None, 0.9), 0.9)

    def test_stop_after_ends_a_run_in_time_validated_with_its_weights_and_summary(self):
        data = write_synthetic_dataset(os.path.join(self.tmp, "data"), count=6, size=20)
        out = os.path.join(self.tmp, "run")
        with contextlib.redirect_stdout(io.StringIO()) as printed:
            train.main(train_args(data, out, 1000, "--stop-after", "0.001"))  # returns: exit 0, no signal
        self.assertIn("stopped (--stop-after 0.001 s) at step 1", printed.getvalue())
        rows = read_rows(os.path.join(out, "losses.csv"))
        self.assertEqual(len(rows), 1)
        self.assertNotEqual(rows[0]["val_dice"], "")  # the last weights were validated before stopping
        self.assertEqual(ck.load(os.path.join(out, "model.pt"))["step"], 1)
        self.assertEqual(ck.load(os.path.join(out, "checkpoint.pt"))["step"], 1)
        with open(os.path.join(out, "summary.json")) as f:
            summary = json.load(f)
        self.assertEqual((summary["steps"], summary["target_steps"], summary["stopped"]), (1, 1000, "--stop-after 0.001 s"))

    def test_selection_options_are_checked_before_a_run_starts(self):
        data = write_synthetic_dataset(os.path.join(self.tmp, "data"), count=4, size=16)
        out = os.path.join(self.tmp, "run")
        twice = train_args(data, out, 1, "--val-per-folder", "1")
        twice[twice.index("--data") + 1:twice.index("--data") + 2] = [data, os.path.join(self.tmp, "other", "data")]
        with self.assertRaises(SystemExit), contextlib.redirect_stderr(io.StringIO()) as err:
            train.parse_args(twice)
        self.assertIn("two --data folders end in data", err.getvalue())
        for extra, message in [(["--select-by", "data"], "needs --val-per-folder"),
                               (["--val-per-folder", "2", "--select-by", "elsewhere"], "not among the --data folders")]:
            with self.assertRaises(SystemExit), contextlib.redirect_stderr(io.StringIO()) as err:
                train.parse_args(train_args(data, out, 1, *extra))
            self.assertIn(message, err.getvalue())
        self.assertFalse(os.path.exists(out))
        with self.assertRaisesRegex(SystemExit, "no held-out sample in that folder"), contextlib.redirect_stdout(io.StringIO()):
            train.main(train_args(data, out, 1, "--val-per-folder", "2", "--select-by", "data", "--val-fraction", "0"))

    def test_half_weights_start_a_new_run_by_init_and_a_mismatched_network_is_refused(self):
        import half_weights

        data = write_synthetic_dataset(os.path.join(self.tmp, "data"), count=6, size=20)
        first, second = os.path.join(self.tmp, "first"), os.path.join(self.tmp, "second")
        with contextlib.redirect_stdout(io.StringIO()):
            train.main(train_args(data, first, 2))
            small = half_weights.half(os.path.join(first, "model.pt"), os.path.join(self.tmp, "half.pt"))
            self.assertTrue(all(v.dtype == torch.float16 for v in small["model"].values() if v.is_floating_point()))
            train.main(train_args(data, second, 1, "--init", os.path.join(self.tmp, "half.pt"), "--lr", "0"))  # lr 0: the weights stay
        started = ck.load(os.path.join(second, "model.pt"))["model"]
        for k, v in small["model"].items():
            self.assertTrue(torch.equal(started[k], v.float()), k)
        with self.assertRaisesRegex(SystemExit, "--init .* is not this run's"):
            with contextlib.redirect_stdout(io.StringIO()):
                args = train_args(data, os.path.join(self.tmp, "third"), 1, "--init", os.path.join(self.tmp, "half.pt"))
                args[args.index("--channels") + 1: args.index("--channels") + 1 + len(TINY)] = [str(2 * c) for c in TINY]
                train.main(args)

    def test_a_run_refuses_to_overwrite_a_checkpoint_without_resume(self):
        data = write_synthetic_dataset(os.path.join(self.tmp, "data"), count=4, size=16)
        out = os.path.join(self.tmp, "run")
        with contextlib.redirect_stdout(io.StringIO()):
            train.main(train_args(data, out, 1))
            with self.assertRaisesRegex(SystemExit, "--resume"):
                train.main(train_args(data, out, 2))

    def test_sigterm_saves_a_checkpoint_that_resumes(self):
        data = write_synthetic_dataset(os.path.join(self.tmp, "data"), count=4, size=16)
        out = os.path.join(self.tmp, "run")
        cmd = [sys.executable, os.path.join(HERE, "train.py"), *train_args(data, out, 100000)]
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.time() + 30
        for line in p.stdout:
            if line.startswith("step 2 ") or time.time() > deadline:
                break
        p.send_signal(signal.SIGTERM)
        rest = p.communicate(timeout=30)[0]
        self.assertEqual(p.returncode, 128 + signal.SIGTERM, rest)
        step = ck.load(os.path.join(out, "checkpoint.pt"))["step"]
        self.assertGreaterEqual(step, 2)
        self.assertEqual(len(read_rows(os.path.join(out, "losses.csv"))), step)
        with contextlib.redirect_stdout(io.StringIO()):
            train.main(train_args(data, out, step + 1, "--resume"))
        self.assertEqual(ck.load(os.path.join(out, "model.pt"))["step"], step + 1)


class AdaptTest(unittest.TestCase):
    def test_adapting_the_adaptation_vectors_leaves_the_weights_alone(self):
        torch.manual_seed(0)
        m = VesselUNet(TINY)
        before = {k: v.clone() for k, v in m.state_dict().items()}
        image = np.random.default_rng(0).random((16, 16, 16)).astype(np.float32)
        r = adapt(m, image, "adapt", steps=2, batch=1, patch=16, mask_patch=4)
        self.assertEqual(tuple(r["adapt_scale"].shape), (TINY[0],))
        self.assertIn(r["kept"], (True, False))
        for k, v in m.state_dict().items():
            self.assertTrue(torch.equal(v, before[k]), k)
        self.assertTrue(all(not p.requires_grad for p in m.parameters()))


class EvaluateTest(unittest.TestCase):
    def test_metrics_of_a_tube_against_itself_a_shorter_tube_and_nothing(self):
        from evaluate_synthetic import metrics

        tube = np.zeros((16, 16, 32), bool)
        tube[6:9, 6:9, 2:30] = True
        self.assertEqual(metrics(tube, tube), {"dice": 1.0, "cldice": 1.0, "precision": 1.0, "recall": 1.0})
        half = tube.copy()
        half[..., 16:] = False
        m = metrics(half, tube)
        self.assertAlmostEqual(m["dice"], 2 * half.sum() / (half.sum() + tube.sum()))
        self.assertEqual((m["precision"], m["cldice"] < 1), (1.0, True))
        empty = np.zeros_like(tube)
        self.assertEqual(metrics(empty, empty)["dice"], 1.0)
        self.assertEqual(metrics(empty, tube)["cldice"], 0.0)
        # an empty label: every score 0 for a non-empty prediction, recall too (src/metrics' rule; test_contract.py)
        self.assertEqual(metrics(tube, empty), {"dice": 0.0, "cldice": 0.0, "precision": 0.0, "recall": 0.0})


class ExportTest(Tmp):
    def test_export_passes_the_checker_with_dynamic_spatial_axes_and_matches_onnxruntime(self):
        model = export.tiny_model()
        paths = {k: export.export_graph(model, k, os.path.join(self.tmp, f"{k}.onnx")) for k in export.GRAPHS}
        seg, rec = export.describe(paths["segmenter"]), export.describe(paths["reconstructor"])  # runs onnx.checker
        dyn = ["N", 1, "D", "H", "W"]
        c = TINY[0]
        self.assertEqual(seg["inputs"], {"image": dyn, "adapt_scale": [c], "adapt_shift": [c]})
        self.assertEqual(seg["outputs"], {"seg_logit": dyn, "seg_prob": dyn})
        self.assertEqual(rec["outputs"], {"recon": dyn})
        self.assertEqual(seg["opset"], 17)
        self.assertLess(max(seg["bytes"], rec["bytes"]), export.MAX_BYTES)
        result = export.node_check(paths["segmenter"], paths["reconstructor"], export.write_reference(model, os.path.join(self.tmp, "ref")))
        if result is None:
            self.skipTest("no node or no onnxruntime package: numerical check skipped")
        self.assertTrue(result["ok"], result)

    def test_the_onnx_check_fails_when_an_output_is_off_by_more_than_its_tolerance(self):
        model = export.tiny_model()
        paths = {k: export.export_graph(model, k, os.path.join(self.tmp, f"{k}.onnx")) for k in export.GRAPHS}
        ref = export.write_reference(model, os.path.join(self.tmp, "ref"))
        if export.node_check(paths["segmenter"], paths["reconstructor"], ref) is None:
            self.skipTest("no node or no onnxruntime package: numerical check skipped")
        logits = np.fromfile(os.path.join(ref, "seg_logit.f32"), dtype="<f4")
        # seg_prob's tolerance is 1e-4 × max(1, max|logit| / 4): the sigmoid's slope is at most 1/4
        allowed = 1e-4 * max(1.0, float(np.abs(logits).max()) / 4)
        self.assertGreater(allowed, 1.1e-4)  # so the move below tells the scaled check from an absolute 1e-4
        path = os.path.join(ref, "seg_prob.f32")
        good = np.fromfile(path, dtype="<f4")
        near = good.copy()
        near[len(near) // 2] += 0.9 * allowed  # within what the logits' tolerance allows: passes
        near.tofile(path)
        result = export.node_check(paths["segmenter"], paths["reconstructor"], ref)
        good.tofile(path)
        self.assertTrue(result["ok"], result)
        for key, by in [("seg_prob", 20 * allowed), ("seg_logit", 1e-2 * max(1.0, float(np.abs(logits).max())))]:
            path = os.path.join(ref, f"{key}.f32")
            good = np.fromfile(path, dtype="<f4")
            bad = good.copy()
            bad[len(bad) // 2] += by
            bad.tofile(path)
            with self.assertRaisesRegex(RuntimeError, "check_onnx.mjs failed") as caught:
                export.node_check(paths["segmenter"], paths["reconstructor"], ref)
            good.tofile(path)
            result = json.loads(next(line for line in str(caught.exception).splitlines() if line.startswith("{")))
            self.assertFalse(result["ok"], key)
            for runtime in (k for k in result if k.startswith("onnxruntime")):
                self.assertGreater(result[runtime]["maxScaledDiff"][key], 1e-4, key)


if __name__ == "__main__":
    unittest.main()

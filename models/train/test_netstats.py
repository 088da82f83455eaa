"""Tests of the five-level network and of netstats.py / onnx_stats.py (receptive field, multiply-adds, file size):
/usr/bin/python3 -m unittest models/train/test_netstats.py  (about 15 s)."""
from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import sys
import tempfile
import unittest
import warnings

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import bench_train  # noqa: E402
import export  # noqa: E402
import onnx_stats  # noqa: E402
import train  # noqa: E402
from model import DEFAULT_CHANNELS, VesselUNet, level_channels  # noqa: E402
from netstats import (MAX_BYTES, conv_macs_per_voxel, dependency_interval, file_bytes_estimate, receptive_field,  # noqa: E402
                      receptive_field_formula)
from synthetic import write_synthetic_dataset  # noqa: E402

NEW = level_channels(5)


def without_norms(module: nn.Module) -> nn.Module:
    """InstanceNorm replaced by identity (in place): its statistics make every output depend on the whole input."""
    for name, child in module.named_children():
        if isinstance(child, nn.InstanceNorm3d):
            setattr(module, name, nn.Identity())
        else:
            without_norms(child)
    return module


def measured_interval(model: VesselUNet, length: int, i: int, x: torch.Tensor, out: torch.Tensor) -> tuple[int, int]:
    """The input rows (axis 0) with a nonzero gradient of output voxel (i, centre, centre)."""
    c = x.shape[3] // 2
    (g,) = torch.autograd.grad(out[0, 0, i, c, c], x, retain_graph=True)
    rows = (g[0, 0].abs().sum((1, 2)) > 0).nonzero().flatten()
    lo, hi = int(rows.min()), int(rows.max())
    assert bool((g[0, 0].abs().sum((1, 2))[lo: hi + 1] > 0).all()), "the dependency is not one interval"
    return lo, hi


class NewNetworkTest(unittest.TestCase):
    def test_level_channels_keep_the_committed_widths_and_give_five_levels_of_stride_16(self):
        self.assertEqual(level_channels(3), DEFAULT_CHANNELS)
        self.assertEqual(NEW, (12, 24, 48, 96, 96))
        m = VesselUNet(NEW)
        self.assertEqual((m.levels, m.stride, m.adapt_channels), (5, 16, 12))
        self.assertEqual(tuple(m.adapt_scale.shape), (12,))  # the same adaptation inputs as the committed network

    def test_both_heads_give_the_input_shape_and_other_sizes_are_refused(self):
        torch.manual_seed(0)
        m = VesselUNet(NEW).eval()
        for shape in [(1, 1, 16, 32, 48), (2, 1, 64, 16, 16)]:
            x = torch.rand(shape)
            with torch.no_grad():
                self.assertEqual(tuple(m.forward_seg(x).shape), shape)
                self.assertEqual(tuple(m.forward_rec(x).shape), shape)
                seg, rec = m(x, x)
            self.assertEqual((tuple(seg.shape), tuple(rec.shape)), (shape, shape))
        with self.assertRaisesRegex(ValueError, "multiple of 16"):
            m.forward_seg(torch.rand(1, 1, 16, 24, 16))

    def test_train_options_levels_and_channels(self):
        args = lambda *a: train.parse_args(["--data", "d", "--out", "o", *a])
        self.assertEqual(args().channels, list(DEFAULT_CHANNELS))
        self.assertEqual(args("--levels", "3").channels, list(DEFAULT_CHANNELS))
        self.assertEqual(args("--levels", "5").channels, list(NEW))
        self.assertEqual(args("--channels", "4", "8", "16", "16", "--patch", "32").channels, [4, 8, 16, 16])
        with contextlib.redirect_stderr(io.StringIO()):
            for bad in [("--levels", "5", "--patch", "40"), ("--levels", "5", "--patch", "16"), ("--levels", "4", "--channels", "4", "8", "16"),
                        ("--levels", "1")]:
                with self.assertRaises(SystemExit, msg=bad):
                    args(*bad)


class ReceptiveFieldTest(unittest.TestCase):
    def test_the_committed_network_sees_35_voxels_and_the_new_one_143_to_159(self):
        self.assertEqual(receptive_field(3), 35)
        self.assertEqual(receptive_field_formula(3), 35)
        self.assertEqual(receptive_field(5), 159)
        widths = [hi - lo + 1 for lo, hi in (dependency_interval(5, i) for i in range(16))]
        self.assertGreaterEqual(min(widths), 128)  # every output voxel, whatever its position
        self.assertEqual(min(widths), 143)

    def test_the_interval_is_the_gradients_nonzero_extent_on_a_random_network(self):
        # one long axis (320 rows: far more than the field, so no border is reached), two short ones of one stride
        for levels in (3, 5):
            torch.manual_seed(levels)
            m = without_norms(VesselUNet(tuple(range(2, 2 + levels)))).double().eval()
            s, n = m.stride, 320
            x = torch.rand(1, 1, n, s, s, dtype=torch.float64, requires_grad=True)
            out = m.forward_seg(x)
            for i in range(n // 2, n // 2 + s):  # one period of positions
                self.assertEqual(measured_interval(m, n, i, x, out), dependency_interval(levels, i), (levels, i))


class MultiplyAddTest(unittest.TestCase):
    # channels (2, 4) at 8^3, by hand, per input voxel: encoder stem 27*1*2 = 54, conv 27*2*2 = 108, stride-2 conv
    # 27*2*4/8 = 27, conv 27*4*4/8 = 54 (243); decoder reduce 1*4*2/8 = 1, fuse 27*4*2 = 216 and 27*2*2 = 108, head 2 (327)
    HAND = {"segmenter": 243 + 327, "training": 2 * 243 + 2 * 327}
    # the committed network: encoder 324 + 3888 + 972 + 1944 + 486 + 972 = 8586, decoder 18 + 3888 + 1944 + 36 + 7776 + 3888 + 12 = 17562
    COMMITTED = 8586 + 17562

    def test_hand_counts(self):
        m = VesselUNet((2, 4))
        for part, macs in self.HAND.items():
            self.assertEqual(conv_macs_per_voxel(m, part, size=8), macs, part)
            self.assertEqual(conv_macs_per_voxel(m, part, size=16), macs, part)  # per voxel: the same at any size
        self.assertEqual(conv_macs_per_voxel(VesselUNet(), "segmenter"), self.COMMITTED)

    def test_the_new_network_costs_at_most_1_3_times_the_committed_one(self):
        new, old = VesselUNet(NEW), VesselUNet()
        for part in ("segmenter", "training"):
            ratio = conv_macs_per_voxel(new, part) / conv_macs_per_voxel(old, part)
            self.assertLessEqual(ratio, 1.3, part)
            self.assertGreater(ratio, 1.0, part)

    def test_the_committed_onnx_file_counts_the_same(self):
        import onnx

        path = os.path.join(os.path.dirname(HERE), "segmenter.onnx")
        if not os.path.exists(path):
            self.skipTest("no models/segmenter.onnx")
        m = onnx.load(path)
        # the file's graph counted against the PyTorch network of the widths its metadata names (since stop 33 the
        # five-level 12/24/48/96/96; before it the three-level network, COMMITTED above)
        meta = json.loads({p.key: p.value for p in m.metadata_props}["vessel-lab"])
        self.assertAlmostEqual(onnx_stats.conv_macs(m), conv_macs_per_voxel(VesselUNet(tuple(meta["channels"])), "segmenter"), places=6)
        self.assertEqual(onnx_stats.operator_problems(m), [])


class OnnxTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="vessel-lab-netstats-test-")
        torch.set_num_threads(2)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_five_level_export_passes_the_operator_check_counts_like_torch_and_matches_onnxruntime(self):
        model = export.tiny_model(levels=5)
        self.assertEqual(model.stride, 16)
        paths = {k: export.export_graph(model, k, os.path.join(self.tmp, f"{k}.onnx")) for k in export.GRAPHS}
        card = export.write_card("segmenter", paths["segmenter"], {"trained": False}, stride=model.stride)
        with open(card) as f:
            self.assertIn('"stride": 16', f.read())
        for kind, path in paths.items():
            d = onnx_stats.describe(path)
            self.assertEqual(d["operator_problems"], [], kind)
            self.assertNotIn("ConvTranspose", d["ops"])
            self.assertEqual((d["stride"], d["channels"]), (16, list(model.channels)))
            self.assertAlmostEqual(d["kmac_per_voxel"] * 1000, conv_macs_per_voxel(model, kind), places=6)
            # the size estimate is an upper bound a graph's worth above the weights
            self.assertLessEqual(d["bytes"], file_bytes_estimate(model, kind))
            self.assertGreater(d["bytes"], file_bytes_estimate(model, kind) - 40_000)
        result = export.node_check(paths["segmenter"], paths["reconstructor"], export.write_reference(model, os.path.join(self.tmp, "ref")))
        if result is None:
            self.skipTest("no node or no onnxruntime package: numerical check skipped")
        self.assertTrue(result["ok"], result)

    def test_the_operator_check_refuses_conv_transpose(self):
        import onnx

        path = os.path.join(self.tmp, "t.onnx")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(nn.ConvTranspose3d(1, 1, 2, stride=2), torch.rand(1, 1, 4, 4, 4), path, opset_version=17)
        problems = onnx_stats.operator_problems(onnx.load(path))
        self.assertEqual(len(problems), 1)
        self.assertIn("ConvTranspose", problems[0])

    def test_full_width_files_stay_under_10_mb(self):
        m = VesselUNet(NEW)
        for kind in export.GRAPHS:
            self.assertLessEqual(file_bytes_estimate(m, kind), MAX_BYTES, kind)
        self.assertEqual(MAX_BYTES, export.MAX_BYTES)

    def test_a_five_level_training_run_validates_and_exports(self):
        data = write_synthetic_dataset(os.path.join(self.tmp, "data"), count=5, size=32)
        out = os.path.join(self.tmp, "run")
        with contextlib.redirect_stdout(io.StringIO()):
            train.main(["--data", data, "--out", out, "--steps", "2", "--batch", "1", "--patch", "32", "--channels", "4", "8", "8", "8", "8",
                        "--threads", "2", "--warmup", "1", "--val-fraction", "0.2", "--val-every", "2", "--ckpt-every", "2", "--mask-patch", "4"])
            export.main(["--checkpoint", os.path.join(out, "model.pt"), "--out-dir", os.path.join(self.tmp, "models"), "--no-verify",
                         "--tile", "128", "--overlap", "0.25"])
        cards = {}
        for kind in export.GRAPHS:
            with open(os.path.join(self.tmp, "models", f"{kind}.json")) as f:
                cards[kind] = json.load(f)
        self.assertEqual(cards["segmenter"]["stride"], 16)
        # the tiling flags set the segmenter's card; the reconstructor keeps the tiling its error was measured with
        self.assertEqual((cards["segmenter"]["tile"], cards["segmenter"]["overlap"]), (128, 0.25))
        self.assertEqual((cards["reconstructor"]["tile"], cards["reconstructor"]["overlap"]), (64, 0.5))
        for bad, message in ((["--tile", "24"], "--tile 24: give a multiple of the network's stride 16"),
                             (["--overlap", "0.95"], "--overlap 0.95: give a fraction 0 <= overlap <= 0.9")):
            with self.assertRaises(SystemExit), contextlib.redirect_stderr(io.StringIO()) as err:
                export.main(["--checkpoint", os.path.join(out, "model.pt"), "--out-dir", os.path.join(self.tmp, "bad"), "--no-verify", *bad])
            self.assertIn(message, err.getvalue())


class ExportBoundsTest(unittest.TestCase):
    def test_the_overlap_bound_is_the_labs(self):
        # export.py cannot import TypeScript: it restates src/infer's MAX_OVERLAP, and this keeps the two equal
        import re
        with open(os.path.join(os.path.dirname(__file__), "..", "..", "src", "infer", "modelCard.ts")) as f:
            found = re.search(r"export const MAX_OVERLAP = ([0-9.]+);", f.read())
        self.assertIsNotNone(found, "MAX_OVERLAP not found in src/infer/modelCard.ts")
        self.assertEqual(export.MAX_OVERLAP, float(found.group(1)))


class BenchTrainTest(unittest.TestCase):
    def test_the_step_timer_runs_both_networks_and_reads_patch_and_batch_flags(self):
        for levels in (3, 5):
            times = bench_train.step_run(levels, amp=True, threads=2, channels_last=levels == 5, warmup=0, steps=1, patch=32)
            self.assertEqual(len(times), 1)
            self.assertGreater(times[0], 0)
        self.assertEqual(bench_train.flag(["--levels", "5", "--patch", "48"], "--patch", "64"), "48")
        self.assertEqual(bench_train.flag(["--levels", "5"], "--batch", "2"), "2")


if __name__ == "__main__":
    unittest.main()

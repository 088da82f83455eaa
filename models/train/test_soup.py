"""Tests of soup.py: /usr/bin/python3 -m unittest discover -s models/train."""
from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import sys
import tempfile
import unittest

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import checkpoint as ck  # noqa: E402
from data import WholeVolumes, read_manifests  # noqa: E402
from infer import segment_volume  # noqa: E402
from losses import dice_score  # noqa: E402
from model import build_model, model_config  # noqa: E402
from soup import interpolate, main  # noqa: E402
from synthetic import write_synthetic_dataset  # noqa: E402


def weights_file(path: str, seed: int, channels=(4, 8)) -> torch.nn.Module:
    torch.manual_seed(seed)
    model = build_model({"channels": list(channels)})
    ck.atomic_save({"format": "vessel-lab/weights", "version": ck.VERSION, "step": seed, "model": model.state_dict(),
                    "model_config": model_config(model), "val_dice": None, "score": None, "train": {}}, path)
    return model


class SoupTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="vessel-lab-soup-test-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_mix_is_the_weighted_mean_of_every_float_tensor_and_loads_as_the_same_network(self):
        a = weights_file(os.path.join(self.tmp, "a.pt"), 1)
        b = weights_file(os.path.join(self.tmp, "b.pt"), 2)
        out = os.path.join(self.tmp, "mix.pt")
        with contextlib.redirect_stdout(io.StringIO()):
            self.assertEqual(main(["mix", "--from", os.path.join(self.tmp, "a.pt"), "--to", os.path.join(self.tmp, "b.pt"), "--alpha", "0.25", "--out", out]), 0)
        mixed, state = ck.load_model(out)
        self.assertEqual(state["soup"]["alpha"], 0.25)
        sa, sb, sm = a.state_dict(), b.state_dict(), mixed.state_dict()
        for k, v in sm.items():
            if v.is_floating_point():
                torch.testing.assert_close(v, 0.75 * sa[k] + 0.25 * sb[k])
        # alpha 0 and 1 give the two weights back
        for alpha, want in ((0.0, sa), (1.0, sb)):
            got = interpolate(sa, sb, alpha)
            for k in want:
                torch.testing.assert_close(got[k].to(want[k].dtype), want[k])

    def test_two_float16_files_mix_into_float16(self):
        for name, seed in (("a", 1), ("b", 2)):
            model = weights_file(os.path.join(self.tmp, f"{name}.pt"), seed)
            state = ck.load(os.path.join(self.tmp, f"{name}.pt"))
            state["model"] = {k: v.half() for k, v in model.state_dict().items()}
            ck.atomic_save(state, os.path.join(self.tmp, f"{name}16.pt"))
        out = os.path.join(self.tmp, "mix16.pt")
        with contextlib.redirect_stdout(io.StringIO()):
            main(["mix", "--from", os.path.join(self.tmp, "a16.pt"), "--to", os.path.join(self.tmp, "b16.pt"), "--out", out])
        self.assertTrue(all(v.dtype == torch.float16 for v in ck.load(out)["model"].values()))

    def test_refuses_two_different_networks_and_a_weight_outside_0_to_1(self):
        weights_file(os.path.join(self.tmp, "a.pt"), 1, (4, 8))
        weights_file(os.path.join(self.tmp, "c.pt"), 1, (4, 8, 16))
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            code = main(["mix", "--from", os.path.join(self.tmp, "a.pt"), "--to", os.path.join(self.tmp, "c.pt"), "--out", os.path.join(self.tmp, "x.pt")])
        self.assertEqual(code, 2)
        self.assertIn("are different networks", err.getvalue())
        with self.assertRaisesRegex(ValueError, "alpha = 1.5"):
            interpolate({}, {}, 1.5)

    def test_readout_scores_each_folders_picks_as_train_validates_them(self):
        a = write_synthetic_dataset(os.path.join(self.tmp, "like-tof"), count=3, size=16, seed=0)
        b = write_synthetic_dataset(os.path.join(self.tmp, "wide"), count=3, size=16, seed=1)
        split = os.path.join(self.tmp, "split.json")
        with open(split, "w") as f:
            json.dump({"data": [a, b], "val": [0, 2, 4]}, f)
        model = weights_file(os.path.join(self.tmp, "w.pt"), 3, (4, 8))
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            self.assertEqual(main(["readout", "--split", split, "--weights", os.path.join(self.tmp, "w.pt"), "--per-folder", "1", "--patch", "16"]), 0)
        line = json.loads(out.getvalue())
        self.assertIsNone(line["rule"])  # no like-vessap or like-minivess here
        # folders that grew since the run: refused, not read with shifted indices
        with open(split, "w") as f:
            json.dump({"data": [a, b], "val": [0, 2, 4], "train_count": 2}, f)
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            self.assertEqual(main(["readout", "--split", split, "--weights", os.path.join(self.tmp, "w.pt")]), 2)
        self.assertIn("they changed since the run", err.getvalue())
        # by hand: the first held-out sample of each folder (indices 0 and 4), segmented and scored as train.py does
        _, records = read_manifests([a, b])
        model.eval()
        for folder, index in (("like-tof", 0), ("wide", 4)):
            rec = [r for r in records if r["index"] == index]
            image, label = WholeVolumes(a, rec)[0]
            prob = segment_volume(model, image[0].numpy(), 16, 0.5)
            want = float(dice_score(torch.from_numpy(prob > 0.5), label[0] > 0.5))
            self.assertAlmostEqual(line[folder], want, places=6)


if __name__ == "__main__":
    unittest.main()

"""Tests of hard_cases.py: /usr/bin/python3 -m unittest discover -s models/train."""
from __future__ import annotations

import io
import json
import os
import shutil
import sys
import tempfile
import unittest
from contextlib import redirect_stderr, redirect_stdout

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from hard_cases import best_threshold_dice, contrast, hard_cases, main, summarise  # noqa: E402
from synthetic import write_nifti  # noqa: E402


class HardCasesTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="vessel-lab-hard-cases-test-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_contrast_by_hand(self):
        image = np.array([10.0, 10.0, 0.0, 2.0, 0.0, 2.0])
        label = np.array([1, 1, 0, 0, 0, 0], bool)
        self.assertAlmostEqual(contrast(image, label), (10 - 1) / 1.0, places=4)  # outside: median 1, std 1
        self.assertTrue(np.isnan(contrast(image, np.zeros(6, bool))))

    def test_best_threshold_dice_by_hand(self):
        # bright side: cuts after 3 | 3,2 | 3,2,1 | all give 2/3, 1/2, 4/5, 2/3; the dark side does no better
        self.assertAlmostEqual(best_threshold_dice(np.array([3.0, 2, 1, 0]), np.array([1, 0, 1, 0])), 0.8)
        # equal values fall on one side together: the two 1s cannot be split, so 2/3, not 1
        self.assertAlmostEqual(best_threshold_dice(np.array([1.0, 1, 0]), np.array([1, 0, 0])), 2 / 3)
        # dark vessels are found on the low side
        self.assertAlmostEqual(best_threshold_dice(np.array([0.0, 5, 5, 0]), np.array([1, 0, 0, 1])), 1.0)
        self.assertTrue(np.isnan(best_threshold_dice(np.ones(4), np.zeros(4))))
        with self.assertRaisesRegex(ValueError, "not finite"):
            best_threshold_dice(np.array([1.0, np.nan, 0]), np.array([1, 0, 0]))
        with self.assertRaisesRegex(ValueError, "on its label's grid"):
            best_threshold_dice(np.zeros((2, 2)), np.zeros(4))

    def test_best_threshold_dice_of_a_noisy_cube_rises_with_smoothing(self):
        rng = np.random.default_rng(1)
        label = np.zeros((16, 16, 16), bool)
        label[4:12, 4:12, 4:12] = True
        image = rng.normal(0, 1, label.shape) + 1.0 * label  # contrast 1 noise SD: a threshold alone is poor
        raw, smooth = best_threshold_dice(image, label), best_threshold_dice(image, label, 1.5)
        self.assertLess(raw, 0.8)
        self.assertGreater(smooth, raw + 0.1)
        self.assertAlmostEqual(best_threshold_dice(10.0 * label, label, 0), 1.0)

    def test_summarise_gives_every_group_the_same_keys(self):
        rows = [{"group": "other", "dice": 0.5, "bound": 0.7}, {"group": "other", "dice": 1.0, "bound": 0.9}]
        res = summarise(rows)
        self.assertEqual(res["dark"]["count"], 0)
        self.assertTrue(np.isnan(res["dark"]["mean_dice"]) and np.isnan(res["dark"]["mean_bound"]))
        self.assertEqual(res["dark"]["bounded_count"], 0)
        self.assertAlmostEqual(res["other"]["mean_bound"], 0.8)
        self.assertNotIn("mean_bound", summarise([{"group": "other", "dice": 0.5}])["other"])  # no bound asked for

    def write_set(self, samples):
        """samples: (invert, image, label, mask) each; a set folder and a mask folder."""
        data, masks = os.path.join(self.tmp, "set"), os.path.join(self.tmp, "masks")
        lines = [{"kind": "header", "format": "vessel-lab/manifest", "version": 1, "settings": {}, "count": len(samples)}]
        for i, (invert, image, label, mask) in enumerate(samples):
            name = f"sample-{i:06d}.nii.gz"
            write_nifti(os.path.join(data, "images", name), image.astype(np.float32))
            write_nifti(os.path.join(data, "labels", name), label.astype(np.uint8))
            write_nifti(os.path.join(masks, name), mask.astype(np.uint8))
            lines.append({"kind": "sample", "index": i, "files": {"image": {"path": f"images/{name}"}, "label": {"path": f"labels/{name}"}},
                          "imaging": {"params": {"vessels": {"invert": invert}}}})
        with open(os.path.join(data, "manifest.jsonl"), "w") as f:
            f.write("".join(json.dumps(x) + "\n" for x in lines))
        return data, masks

    def test_samples_fall_in_their_group_with_their_dice(self):
        rng = np.random.default_rng(0)
        label = np.zeros((8, 8, 8), bool)
        label[2:6, 2:6, 2:6] = True  # 64 voxels
        noise = rng.normal(0, 1, label.shape)
        half = label.copy()
        half[2:4] = False  # 32 of the 64 found: Dice 2·32/(32+64) = 2/3
        data, masks = self.write_set([
            (True, noise - 5 * label, label, np.zeros_like(label)),  # dark vessels, nothing found: Dice 0
            (False, noise + 0.5 * label, label, half),               # bright, contrast about 0.4: low
            (False, noise + 8 * label, label, label),                # bright and clear, found whole: Dice 1
            (False, noise, np.zeros_like(label), np.zeros_like(label)),  # no vessel, none marked: Dice 1
        ])
        res = hard_cases(data, masks)
        self.assertEqual([res[g]["count"] for g in ("dark", "low_contrast", "no_vessel", "other")], [1, 1, 1, 1])
        self.assertAlmostEqual(res["dark"]["mean_dice"], 0.0)
        self.assertAlmostEqual(res["low_contrast"]["mean_dice"], 2 / 3)
        self.assertAlmostEqual(res["other"]["mean_dice"], 1.0)
        self.assertAlmostEqual(res["all"]["mean_dice"], (0 + 2 / 3 + 1 + 1) / 4)
        self.assertEqual(hard_cases(data, masks, min_contrast=0.1)["low_contrast"]["count"], 0)  # about 0.4 clears 0.1
        out = io.StringIO()
        with redirect_stdout(out):
            self.assertEqual(main(["--data", data, "--masks", masks, "--below", "0.9"]), 0)
        text = out.getvalue()
        self.assertIn("2 below Dice 0.9; the other 2 average 1.000", text)
        self.assertIn("sample-000000.nii.gz None dark", text)
        # with the threshold bound: the dark cube (5 noise SDs below) is nearly all found by a threshold the model missed,
        # the bright one of 8 SDs whole; the faint one (0.5 SD) not even half
        out = io.StringIO()
        with redirect_stdout(out):
            self.assertEqual(main(["--data", data, "--masks", masks, "--below", "0.9", "--threshold-bound", "0"]), 0)
        text = out.getvalue()
        self.assertRegex(text, r"sample-000000\.nii\.gz None dark contrast -[\d.]+ Dice 0\.000 threshold bound 0\.9\d\d")
        summary = json.loads(text.strip().splitlines()[-1])
        self.assertGreater(summary["dark"]["mean_bound"], 0.95)
        self.assertAlmostEqual(summary["other"]["mean_bound"], 1.0)
        self.assertLess(summary["low_contrast"]["mean_bound"], 0.5)
        self.assertTrue(np.isnan(summary["no_vessel"]["mean_bound"]))  # no label voxel: no bound
        self.assertEqual((summary["no_vessel"]["bounded_count"], summary["all"]["bounded_count"]), (0, 3))
        self.assertAlmostEqual(summary["all"]["mean_bound"], np.mean([summary[g]["mean_bound"] for g in ("dark", "low_contrast", "other")]))
        # smoothing averages the faint cube's noise away: its bound rises
        self.assertGreater(hard_cases(data, masks, bound_sigma=1.0)["low_contrast"]["mean_bound"], summary["low_contrast"]["mean_bound"])
        for bad in ("-1", "inf", "nan"):
            err = io.StringIO()
            with self.assertRaises(SystemExit), redirect_stderr(err):
                main(["--data", data, "--masks", masks, "--threshold-bound", bad])
            self.assertIn("give a Gaussian sigma of 0 or more voxels", err.getvalue())

    def test_a_missing_mask_is_refused_by_name(self):
        label = np.ones((4, 4, 4), bool)
        data, masks = self.write_set([(False, label * 1.0, label, label)])
        os.remove(os.path.join(masks, "sample-000000.nii.gz"))
        with self.assertRaisesRegex(ValueError, "no mask for sample 0; segment"):
            hard_cases(data, masks)
        self.assertEqual(main(["--data", data, "--masks", masks]), 2)


if __name__ == "__main__":
    unittest.main()

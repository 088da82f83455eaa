"""Tests of error_breakdown.py on a constructed case whose counts are known by hand."""
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

import error_breakdown as eb  # noqa: E402
from synthetic import write_nifti  # noqa: E402


def constructed_case():
    """[z, y, x] masks, 40³:
    - a 10³ labelled block, predicted one voxel shifted along x: 900 found, one face of 100 missed
      (within 1 voxel of the prediction: an edge), one face of 100 extra (1 voxel from the label: an edge);
    - a 6³ labelled block (radius 3) far from any prediction: 216 missed whole;
    - a labelled line of 10 voxels (radius 1, thin), not predicted;
    - a predicted 2³ cube far from every label: 8 extra."""
    label = np.zeros((40, 40, 40), bool)
    pred = np.zeros_like(label)
    label[5:15, 5:15, 5:15] = True
    pred[5:15, 5:15, 6:16] = True
    label[25:31, 25:31, 25:31] = True
    label[30, 5, 5:15] = True
    pred[25:27, 5:7, 30:32] = True
    return pred, label


EXPECTED = {"tp": 900, "missed_thin": 10, "missed_edge": 100, "missed_vessel": 216, "extra_edge": 100, "extra_structure": 8}


class BreakdownTest(unittest.TestCase):
    def test_each_wrong_voxel_of_a_constructed_case_falls_in_its_hand_counted_kind(self):
        pred, label = constructed_case()
        self.assertEqual(eb.breakdown(pred, label), EXPECTED)

    def test_dice_forgiving_a_kind_counts_its_missed_voxels_as_found_and_drops_its_extra_ones(self):
        c = EXPECTED
        self.assertAlmostEqual(eb.dice_forgiving(c), 2 * 900 / (2 * 900 + 326 + 108))
        self.assertAlmostEqual(eb.dice_forgiving(c, ("missed_vessel",)), 2 * 1116 / (2 * 1116 + 110 + 108))
        self.assertAlmostEqual(eb.dice_forgiving(c, ("extra_structure",)), 2 * 900 / (2 * 900 + 326 + 100))
        self.assertEqual(eb.dice_forgiving(dict.fromkeys(EXPECTED, 0)), 1.0)

    def test_worst_ranks_cases_by_their_wrong_voxels_of_a_kind_with_their_share(self):
        a = {"name": "a", **EXPECTED}                                      # 434 wrong, 8 extra structure
        b = {"name": "b", **dict(EXPECTED, extra_structure=92, missed_vessel=0)}  # 302 wrong, 92 extra structure
        by_all = eb.worst([a, b], 2)
        self.assertEqual([w["name"] for w in by_all], ["a", "b"])
        self.assertAlmostEqual(by_all[0]["share"], 434 / 736)
        self.assertAlmostEqual(by_all[0]["dice"], 1800 / (1800 + 326 + 108))
        by_extra = eb.worst([a, b], 1, "extra_structure")
        self.assertEqual([(w["name"], w["wrong"]) for w in by_extra], [("b", 92)])
        self.assertAlmostEqual(by_extra[0]["share"], 0.92)
        with self.assertRaisesRegex(ValueError, "--by extra: give one of"):
            eb.worst([a], 1, "extra")

    def test_the_cli_pairs_files_by_name_and_reports_fractions_of_the_label(self):
        tmp = tempfile.mkdtemp(prefix="vessel-lab-breakdown-")
        self.addCleanup(shutil.rmtree, tmp)
        pred, label = constructed_case()
        write_nifti(os.path.join(tmp, "pred", "a.nii.gz"), pred.astype(np.uint8))
        write_nifti(os.path.join(tmp, "label", "a.nii.gz"), label.astype(np.uint8))
        out = os.path.join(tmp, "b.json")
        with redirect_stdout(io.StringIO()) as printed:
            eb.main(["--pred-dir", os.path.join(tmp, "pred"), "--label-dir", os.path.join(tmp, "label"), "--json", out])
        with open(out) as f:
            s = json.load(f)["summary"]
        self.assertEqual(s["cases"], 1)
        self.assertAlmostEqual(s["fraction_of_label"]["missed_vessel"], 216 / 1226)
        self.assertAlmostEqual(s["fraction_of_label"]["extra_structure"], 8 / 1226)
        self.assertIn("missed_vessel", printed.getvalue())
        dirs = ["--pred-dir", os.path.join(tmp, "pred"), "--label-dir", os.path.join(tmp, "label")]
        with redirect_stdout(io.StringIO()) as printed:
            eb.main(dirs + ["--worst", "1", "--by", "missed_vessel"])
        self.assertIn("a.nii.gz: 216 voxels (100 % of all cases'), Dice 0.806", printed.getvalue())  # 1800 / (1800 + 326 + 108)
        for bad in (["--by", "missed_vessel"], ["--worst", "-1"]):
            with redirect_stderr(io.StringIO()) as err, self.assertRaises(SystemExit):
                eb.main(dirs + bad)
            self.assertIn("--worst", err.getvalue())

    def test_several_folder_pairs_are_summarised_together_and_cases_named_by_folder(self):
        tmp = tempfile.mkdtemp(prefix="vessel-lab-breakdown-")
        self.addCleanup(shutil.rmtree, tmp)
        pred, label = constructed_case()
        for group in ("p1", "p2"):
            write_nifti(os.path.join(tmp, group, "pred", "a.nii.gz"), pred.astype(np.uint8))
            write_nifti(os.path.join(tmp, group, "label", "a.nii.gz"), label.astype(np.uint8))
        out = os.path.join(tmp, "b.json")
        with redirect_stdout(io.StringIO()):
            eb.main(["--pred-dir", os.path.join(tmp, "p1", "pred"), os.path.join(tmp, "p2", "pred"),
                     "--label-dir", os.path.join(tmp, "p1", "label"), os.path.join(tmp, "p2", "label"), "--json", out])
        with open(out) as f:
            result = json.load(f)
        self.assertEqual(result["summary"]["cases"], 2)
        self.assertAlmostEqual(result["summary"]["fraction_of_label"]["missed_vessel"], 216 / 1226)
        self.assertEqual(len({c["name"] for c in result["cases"]}), 2)
        with self.assertRaisesRegex(SystemExit, "one label folder per prediction folder"):
            eb.main(["--pred-dir", os.path.join(tmp, "p1", "pred"), os.path.join(tmp, "p2", "pred"), "--label-dir", os.path.join(tmp, "p1", "label")])

    def test_a_prediction_without_a_label_of_its_name_is_refused_by_name(self):
        tmp = tempfile.mkdtemp(prefix="vessel-lab-breakdown-")
        self.addCleanup(shutil.rmtree, tmp)
        write_nifti(os.path.join(tmp, "pred", "b.nii.gz"), np.zeros((4, 4, 4), np.uint8))
        os.makedirs(os.path.join(tmp, "label"))
        with self.assertRaisesRegex(SystemExit, "b.nii.gz"):
            eb.main(["--pred-dir", os.path.join(tmp, "pred"), "--label-dir", os.path.join(tmp, "label")])


if __name__ == "__main__":
    unittest.main()

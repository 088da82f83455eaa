"""Tests of component_probe.py: /usr/bin/python3 -m unittest discover -s models/train."""
from __future__ import annotations

import io
import os
import shutil
import sys
import tempfile
import unittest
from contextlib import redirect_stderr, redirect_stdout

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from component_probe import main, scores, without_small_components  # noqa: E402
from synthetic import write_nifti  # noqa: E402


class ComponentProbeTest(unittest.TestCase):
    def test_pieces_below_the_size_go_and_diagonal_neighbours_count_as_one_piece(self):
        m = np.zeros((12, 12, 12), bool)
        m[1:4, 1:4, 1:4] = True        # 27 voxels
        m[8, 8, 8] = m[9, 9, 9] = True  # 2 voxels touching at a corner: one 26-connected piece
        m[6, 1, 10] = True              # 1 voxel
        self.assertEqual(int(without_small_components(m, 2).sum()), 29)
        self.assertEqual(int(without_small_components(m, 3).sum()), 27)
        self.assertEqual(int(without_small_components(m, 28).sum()), 0)
        np.testing.assert_array_equal(without_small_components(m, 0), m)

    def test_scores_by_hand(self):
        mask = np.array([1, 1, 0, 0], bool)
        label = np.array([1, 0, 1, 1], bool)
        d, p, r = scores(mask, label)  # tp 1, |mask| 2, |label| 3
        self.assertAlmostEqual(d, 2 / 5)
        self.assertAlmostEqual(p, 1 / 2)
        self.assertAlmostEqual(r, 1 / 3)
        self.assertEqual(scores(np.zeros(3, bool), np.zeros(3, bool))[0], 1.0)

    def test_the_cli_scores_each_set_and_their_mean_for_each_size(self):
        tmp = tempfile.mkdtemp(prefix="vessel-lab-component-probe-")
        self.addCleanup(shutil.rmtree, tmp)
        label = np.zeros((10, 10, 10), np.uint8)
        label[1:4, 1:4, 1:4] = 1                       # 27 voxels
        mask = label.copy()
        mask[8, 8, 8] = 1                              # one stray voxel: Dice 54/55 as it is, 1 without it
        for d, arr in (("s1/m", mask), ("s1/l", label), ("s2/m", label), ("s2/l", label)):
            write_nifti(os.path.join(tmp, d, "a.nii.gz"), arr)
        sets = [f"A={tmp}/s1/m,{tmp}/s1/l", f"B={tmp}/s2/m,{tmp}/s2/l"]
        with redirect_stdout(io.StringIO()) as out:
            self.assertEqual(main(sets + ["--sizes", "0", "2"]), 0)
        text = out.getvalue()
        self.assertIn(f"score N=0: {(54 / 55 + 1) / 2:.4f}", text)
        self.assertIn("score N=2: 1.0000", text)
        self.assertIn("A N=   2 dice 1.0000 (change +0.0182; lower on 0, higher on 1 of 1", text)
        write_nifti(os.path.join(tmp, "s2/m", "a.nii.gz"), np.zeros((5, 5, 5), np.uint8))
        with redirect_stderr(io.StringIO()) as err, redirect_stdout(io.StringIO()):
            self.assertEqual(main(sets), 2)
        self.assertIn("give masks on the labels' grid", err.getvalue())


if __name__ == "__main__":
    unittest.main()

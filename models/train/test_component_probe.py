"""Tests of component_probe.py: /usr/bin/python3 -m unittest discover -s models/train."""
from __future__ import annotations

import os
import sys
import unittest

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from component_probe import scores, without_small_components  # noqa: E402


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


if __name__ == "__main__":
    unittest.main()

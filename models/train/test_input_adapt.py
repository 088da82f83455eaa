"""input_adapt.py: the measures by hand, and the rule on scans where smoothing plainly helps or harms a stand-in segmenter."""
from __future__ import annotations

import math
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from input_adapt import ambiguity, choose_input, correct_field, estimate_log_field, field_coordinates, field_stride, flip_consistency, mean_entropy, smooth  # noqa: E402


def h(p: float) -> float:
    return -(p * math.log(p) + (1 - p) * math.log(1 - p))


class MeasuresTest(unittest.TestCase):
    def test_by_hand(self):
        p = np.array([0.95, 0.5, 0.2, 0.04, 0.1, 0.9], np.float64)
        self.assertEqual(ambiguity(p), 2 / 2)  # 0.5 and 0.2 strictly inside (0.1, 0.9); 0.95 and 0.9 above 0.5
        self.assertAlmostEqual(mean_entropy(p, 0.05), (h(0.95) + h(0.5) + h(0.2) + h(0.1) + h(0.9)) / 5, places=9)
        self.assertEqual(mean_entropy(np.array([0.01, 0.02]), 0.05), 0.0)
        self.assertEqual(flip_consistency(np.array([0.9, 0.9, 0.1]), np.array([0.9, 0.1, 0.1])), 2 / 3)
        self.assertEqual(flip_consistency(np.zeros(3), np.zeros(3)), 1.0)

    def test_smooth_renormalises_to_the_unit_range(self):
        x = np.random.default_rng(0).random((12, 12, 12)).astype(np.float32)
        y = smooth(x)
        self.assertEqual((float(y.min()), float(y.max())), (0.0, 1.0), "clipped to the percentiles: 0 and 1 are reached")
        self.assertLess(float(y.std()), float(x.std()), "smoothing lowers the variance of noise")


class RuleTest(unittest.TestCase):
    # a stand-in segmenter: the probability is a steep logistic of the normalised intensity around 0.5
    @staticmethod
    def segment(x: np.ndarray) -> np.ndarray:
        return 1 / (1 + np.exp(-12 * (x - 0.5)))

    def test_a_noisy_tube_is_smoothed_and_a_clean_one_is_not(self):
        z, y, x = np.mgrid[:24, :24, :24]
        tube = (((y - 12) ** 2 + (x - 12) ** 2) <= 9).astype(np.float32)
        noisy = tube + np.random.default_rng(1).normal(0, 0.35, tube.shape).astype(np.float32)
        r = choose_input(self.segment, (noisy - noisy.min()) / (noisy.max() - noisy.min()))
        self.assertEqual(r["chosen"], "smoothed", r["trials"])
        clean = choose_input(self.segment, tube)
        self.assertIsNone(clean["chosen"], clean["trials"])
        np.testing.assert_array_equal(clean["p"], self.segment(tube))
        self.assertEqual(list(clean["trials"]), ["as made", "smoothed", "field-corrected"])


def phantom(shape=(24, 28, 32)):
    """Tissue at 0.5 with a little texture, air (0) in the lowest eight rows of axis 1, bright tubes along axis 0 at high axis-2 index."""
    i, j, k = np.meshgrid(*(np.arange(n) for n in shape), indexing="ij")
    tube = ((k - 24) ** 2 + (j - 14) ** 2 <= 6) | ((k - 28) ** 2 + (j - 22) ** 2 <= 3)
    x = np.where(tube, 0.95, 0.5 + 0.02 * np.sin(k * 1.3 + j * 0.7 + i * 2.1))
    return np.where(j < 8, 0.0, x).astype(np.float32)


def with_field(x, slopes):
    axes = np.meshgrid(*(field_coordinates(n) for n in x.shape), indexing="ij")
    return (x * np.exp(sum(s * a for s, a in zip(slopes, axes)))).astype(np.float32)


class FieldTest(unittest.TestCase):
    def test_a_known_first_order_field_is_recovered_under_tubes_and_air(self):
        truth = (0.25, -0.3, 0.4)
        f = estimate_log_field(with_field(phantom(), truth))
        axes = np.meshgrid(*(field_coordinates(n) for n in phantom().shape), indexing="ij")
        expected = sum(s * a for s, a in zip(truth, axes))
        self.assertLess(float(np.abs(f - expected).max()), 0.03)
        self.assertLess(float(np.abs(estimate_log_field(phantom())).max()), 0.02, "no field: about zero")
        self.assertEqual(float(np.abs(estimate_log_field(np.zeros((8, 8, 8)))).max()), 0.0, "nothing above the floor")

    def test_no_slope_along_an_axis_of_one_or_two_voxels_and_non_finite_voxels_left_out(self):
        for n in (1, 2):
            x = with_field(phantom((n, 28, 32)), (0.0, 0.0, 0.3))
            f = estimate_log_field(x)
            self.assertLess(float(np.abs(f[1] - f[0]).max()) if n == 2 else 0.0, 1e-12, "no slope between the two slices")
            self.assertLess(abs(float(f[0, 20, -1] - f[0, 20, 0]) - 0.6), 0.04)
        x = with_field(phantom(), (0.3, 0.0, 0.0))
        x[3, 12, 5], x[5, 12, 5] = np.inf, np.nan
        self.assertTrue(np.isfinite(estimate_log_field(x)).all())
        self.assertEqual((field_stride(64**3), field_stride(512 * 512 * 300)), (2, 4))

    def test_correction_gives_back_the_scan_where_the_normalisation_did_not_clip(self):
        clean = correct_field(phantom())
        fielded = with_field(phantom(), (0.6, 0.2, -0.4))
        from data import normalise
        unclipped = normalise(fielded) < 0.999
        self.assertGreater(unclipped.mean(), 0.95)
        self.assertLess(float(np.abs(correct_field(fielded) - normalise(phantom()))[unclipped].max()), 0.005)
        self.assertLess(float(np.abs(clean - normalise(phantom())).max()), 0.005)


if __name__ == "__main__":
    unittest.main()

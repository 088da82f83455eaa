"""grid.py: the engine's centred resampling grid, against scipy's zoom (adapt.py's `resample`)."""
import unittest

import numpy as np
from scipy.ndimage import zoom

from grid import resample, resample_back, resample_to_spacing


def ramp(n: int) -> np.ndarray:
    """Value = z coordinate, so that a resampled value tells which old coordinate was sampled."""
    return np.broadcast_to(np.arange(n, dtype=np.float32)[:, None, None], (n, 2, 3)).copy()


class Grid(unittest.TestCase):
    def test_halving_64_voxels_samples_every_second_boundary_where_zoom_stretches_the_step(self):
        got = resample(ramp(64), (0.5, 1, 1))[:, 0, 0]
        np.testing.assert_allclose(got, 0.5 + 2.0 * np.arange(32), atol=1e-5)  # centres of old voxel pairs
        z = zoom(ramp(64), (0.5, 1, 1), order=1)[:, 0, 0]
        np.testing.assert_allclose(z, np.arange(32) * 63 / 31, atol=1e-4)  # corners aligned: step 2.032
        self.assertAlmostEqual(float(np.abs(z - got).max()), 0.5, places=4)

    def test_shapes_round_ties_up_as_the_engine_where_zoom_rounds_them_to_even(self):
        self.assertEqual(resample(ramp(5), (0.5, 1, 1)).shape[0], 3)  # Math.round(2.5)
        self.assertEqual(zoom(ramp(5), (0.5, 1, 1), order=1).shape[0], 2)  # round(2.5)
        self.assertEqual(resample_to_spacing(ramp(5), (1, 1, 1), (2, 1, 1)).shape, (3, 2, 3))

    def test_a_factor_of_one_and_the_way_back_keep_the_volume(self):
        noise = np.random.default_rng(0).uniform(size=(5, 6, 7)).astype(np.float32)
        np.testing.assert_array_equal(resample(noise, 1.0), noise)
        z, y, x = np.indices((5, 6, 7))
        v = (z + 2 * y + 3 * x).astype(np.float32)  # linear: trilinear sampling reproduces it inside the grid
        up = resample_to_spacing(v, (1, 1, 1), (0.5, 0.5, 0.5))
        self.assertEqual(up.shape, (10, 12, 14))
        back = resample_back(up, (0.5, 0.5, 0.5), v.shape, (1, 1, 1))
        self.assertEqual(back.shape, v.shape)
        # the way there and back samples the linear field at the old centres again, away from the clamped edges
        np.testing.assert_allclose(back[1:-1, 1:-1, 1:-1], v[1:-1, 1:-1, 1:-1], atol=1e-5)

    def test_upsampling_keeps_the_edge_value_beyond_the_outer_centres_and_nearest_rounds_half_up(self):
        got = resample(ramp(4), (2, 1, 1))[:, 0, 0]  # new centres at −0.25, 0.25, … 3.25
        np.testing.assert_allclose(got, [0, 0.25, 0.75, 1.25, 1.75, 2.25, 2.75, 3], atol=1e-6)
        nearest = resample(ramp(4), (0.5, 1, 1), order=0)[:, 0, 0]  # centres 0.5, 2.5 → 1, 3
        np.testing.assert_array_equal(nearest, [1, 3])

    def test_bad_arguments_name_the_fix(self):
        with self.assertRaisesRegex(ValueError, "order = 3"):
            resample(ramp(4), 1.0, order=3)
        with self.assertRaisesRegex(ValueError, "3 positive factors"):
            resample(ramp(4), (0, 1, 1))


if __name__ == "__main__":
    unittest.main()

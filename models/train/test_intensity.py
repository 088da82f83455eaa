"""Tests of intensity.py: each transform alone against what it is defined to do, the draws' independence of which
transforms apply, and TrainPatches' use of it. Run: /usr/bin/python3 -m unittest models/train/test_intensity.py"""
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from intensity import BIAS_MAX, BLUR, CONTRAST, GAMMA, KINDS, NOISE, bias_field, intensity_augment  # noqa: E402

RAMP = np.broadcast_to(np.linspace(0.05, 0.95, 24, dtype=np.float32), (20, 22, 24)).copy()


def alone(kind, image=RAMP, seed=0):
    return intensity_augment(image, np.random.default_rng(seed), 1.0, kinds=(kind,))


class TestIntensity(unittest.TestCase):
    def test_off_is_a_copy(self):
        out = intensity_augment(RAMP, np.random.default_rng(1), 0.0)
        self.assertIsNot(out, RAMP)
        np.testing.assert_array_equal(out, RAMP)

    def test_range_dtype_and_seed(self):
        for seed in range(5):
            out = intensity_augment(RAMP, np.random.default_rng(seed), 1.0)
            self.assertEqual(out.dtype, np.float32)
            self.assertEqual(out.shape, RAMP.shape)
            self.assertGreaterEqual(out.min(), 0.0)
            self.assertLessEqual(out.max(), 1.0)
            np.testing.assert_array_equal(out, intensity_augment(RAMP, np.random.default_rng(seed), 1.0))
        self.assertFalse(np.array_equal(intensity_augment(RAMP, np.random.default_rng(0), 1.0),
                                        intensity_augment(RAMP, np.random.default_rng(1), 1.0)))

    def test_stream_after_does_not_depend_on_what_applied(self):
        after = []
        for prob, kinds in ((0.05, KINDS), (1.0, KINDS), (1.0, ("gamma",))):
            rng = np.random.default_rng(7)
            intensity_augment(RAMP, rng, prob, kinds)
            after.append(rng.random())
        self.assertEqual(len(set(after)), 1)

    def test_gamma_alone_is_a_power(self):
        for seed in range(3):
            out = alone("gamma", seed=seed)
            g = np.log(out) / np.log(RAMP)
            self.assertLess(g.max() - g.min(), 1e-4)
            self.assertTrue(GAMMA[0] <= g.mean() <= GAMMA[1])
            self.assertGreater(abs(g.mean() - 1), 0.01)  # it did change the patch

    def test_contrast_alone_scales_about_the_mean(self):
        ramp = 0.2 + 0.6 * (RAMP - 0.05) / 0.9  # 0.2 … 0.8: no contrast in range clips it
        for seed in range(3):
            out = alone("contrast", ramp, seed)
            slope, offset = np.polyfit((ramp - ramp.mean()).ravel(), (out - ramp.mean()).ravel(), 1)
            self.assertAlmostEqual(offset, 0.0, places=5)
            self.assertTrue(CONTRAST[0] <= slope <= CONTRAST[1], slope)
            self.assertGreater(abs(slope - 1), 0.01)
            np.testing.assert_allclose(out, ramp.mean() + slope * (ramp - ramp.mean()), atol=1e-5)

    def test_noise_alone_is_zero_mean_within_its_sd(self):
        flat = np.full((32, 32, 32), 0.5, np.float32)
        for seed in range(4):
            diff = alone("noise", flat, seed) - flat
            self.assertLess(abs(diff.mean()), 0.003)
            self.assertTrue(0.005 < diff.std() <= NOISE[1] * 1.02, diff.std())

    def test_blur_alone_spreads_a_point_within_its_sigmas(self):
        point = np.zeros((31, 31, 31), np.float32)
        point[15, 15, 15] = 1.0
        c = np.arange(31) - 15.0
        for seed in range(3):
            out = alone("blur", point, seed).astype(np.float64)
            self.assertAlmostEqual(out.sum(), 1.0, places=4)
            sds = []
            for axis in range(3):
                profile = out.sum(axis=tuple(a for a in range(3) if a != axis))
                sds.append(np.sqrt((profile * c**2).sum()))
            # scipy's sampled kernel at σ 0.5 spreads 0.46; each axis its own σ
            self.assertTrue(all(BLUR[0] - 0.05 <= sd <= BLUR[1] + 0.02 for sd in sds), sds)
            self.assertGreater(max(sds) - min(sds), 1e-3)

    def test_bias_alone_is_a_smooth_quadratic_in_log(self):
        flat = np.full((16, 18, 20), 0.5, np.float32)
        centres = []
        for seed in range(4):
            log = np.log(alone("bias", flat, seed) / flat).astype(np.float64)
            self.assertTrue(1e-3 < np.abs(log).max() <= BIAS_MAX + 1e-5)
            # fits a quadratic in the three coordinates to rounding
            z, y, x = np.meshgrid(*[np.linspace(-1, 1, n) for n in flat.shape], indexing="ij")
            basis = np.stack([np.ones_like(x), z, y, x, z * z, z * y, z * x, y * y, y * x, x * x], -1).reshape(-1, 10)
            coef, *_ = np.linalg.lstsq(basis, log.ravel(), rcond=None)
            self.assertLess(np.abs(basis @ coef - log.ravel()).max(), 1e-5)
            centres.append(log[8, 9, 10])
        self.assertGreater(max(np.abs(centres)), 1e-3)  # the patch's centre is not always left as it was

    def test_each_transform_applies_with_the_probability(self):
        # on a ramp every transform changes the patch, so how often each does is the probability (400 patches drawn
        # in turn from one stream, as a run draws them: ± 0.08 is over 3 standard deviations)
        tiny = RAMP[:4, :4, ::6].copy()
        for kind in KINDS:
            for prob in (0.15, 0.5):
                rng = np.random.default_rng(11)
                changed = np.mean([not np.array_equal(intensity_augment(tiny, rng, prob, (kind,)), tiny) for _ in range(400)])
                self.assertAlmostEqual(changed, prob, delta=0.08, msg=kind)

    def test_bias_field_peak_is_the_amplitude(self):
        field = bias_field((8, 9, 10), np.random.default_rng(3), 0.3)
        self.assertAlmostEqual(float(np.abs(np.log(field)).max()), 0.3, places=5)

    def test_bad_input(self):
        with self.assertRaisesRegex(ValueError, "probability in \\[0, 1\\]"):
            intensity_augment(RAMP, np.random.default_rng(0), 1.5)
        with self.assertRaisesRegex(ValueError, "one patch"):
            intensity_augment(RAMP[0], np.random.default_rng(0), 0.5)
        with self.assertRaisesRegex(ValueError, "give a number"):
            intensity_augment(RAMP, np.random.default_rng(0), True)
        with self.assertRaisesRegex(ValueError, "kinds"):
            intensity_augment(RAMP, np.random.default_rng(0), 0.5, kinds=("sharpen",))


class TestTrainPatches(unittest.TestCase):
    def setUp(self):
        import tempfile

        from data import read_manifest
        from synthetic import write_synthetic_dataset  # the unit tests' tiny data set of tubes

        self.dir = tempfile.TemporaryDirectory()
        write_synthetic_dataset(self.dir.name, count=2, size=16)
        _, self.recs = read_manifest(self.dir.name)

    def tearDown(self):
        self.dir.cleanup()

    def test_patches_change_only_in_brightness(self):
        from data import TrainPatches

        plain = TrainPatches(self.dir.name, self.recs, patch=8, mask_patch=4)[(0, 3)]
        bright = TrainPatches(self.dir.name, self.recs, patch=8, mask_patch=4, intensity=1.0)[(0, 3)]
        # the same crop, flips, label and reconstruction mask; a different image
        np.testing.assert_array_equal(plain["label"], bright["label"])
        np.testing.assert_array_equal(plain["mask"], bright["mask"])
        self.assertFalse(np.array_equal(plain["image"], bright["image"]))
        with self.assertRaisesRegex(ValueError, "intensity"):
            TrainPatches(self.dir.name, self.recs, patch=8, intensity=-0.1)

    def test_off_never_calls_it(self):
        from unittest import mock

        import data

        with mock.patch.object(data, "intensity_augment", side_effect=AssertionError("called with intensity 0")):
            data.TrainPatches(self.dir.name, self.recs, patch=8, mask_patch=4)[(0, 3)]
            data.TrainPatches(self.dir.name, self.recs, patch=8, mask_patch=4, intensity=0.0)[(1, 4)]

    def test_a_resume_keeps_the_runs_intensity(self):
        import contextlib
        import io

        import train
        from test_train import train_args

        out = os.path.join(self.dir.name, "run")
        with contextlib.redirect_stdout(io.StringIO()):
            train.main(train_args(self.dir.name, out, 2, "--intensity", "0.5", "--stop-at", "1"))
            with self.assertRaisesRegex(SystemExit, "trained with --intensity 0.5; give --intensity 0.5"):
                train.main(train_args(self.dir.name, out, 2, "--resume"))
            train.main(train_args(self.dir.name, out, 2, "--resume", "--intensity", "0.5"))


if __name__ == "__main__":
    unittest.main()

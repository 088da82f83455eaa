"""Tests of nifti.py against nibabel, the reference: /usr/bin/python3 -m unittest discover -s models/train."""
from __future__ import annotations

import gzip
import os
import shutil
import sys
import tempfile
import unittest

import numpy as np

try:
    import nibabel as nib
except ImportError:  # the reader's own machines: nothing to compare with
    nib = None

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from nifti import load_nifti, read_nifti  # noqa: E402


def nibabel_zyx(path, dtype=np.float32):
    return np.asarray(nib.load(path).dataobj, dtype=dtype).transpose(2, 1, 0)


@unittest.skipIf(nib is None, "nibabel, the reference, is not installed")
class NiftiTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="vessel-lab-nifti-test-")
        self.rng = np.random.default_rng(5)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def save(self, name, xyz, slope=None, inter=None, big_endian=False):
        img = nib.Nifti1Image(xyz, np.diag([0.5, 0.6, 2.0, 1.0]))
        if big_endian:
            img = nib.Nifti1Image(xyz.astype(xyz.dtype.newbyteorder(">")), img.affine,
                                  img.header.as_byteswapped(">"))
        if slope is not None:
            img.header.set_slope_inter(slope, inter)
        path = os.path.join(self.tmp, name)
        nib.save(img, path)
        return path

    def test_every_stored_type_reads_as_nibabel_reads_it_in_z_y_x_order(self):
        shape = (5, 4, 3)  # x, y, z: three different sides, so a wrong axis order cannot pass
        for dtype in (np.uint8, np.int16, np.int32, np.float32, np.float64, np.uint16):
            for name in (f"v-{np.dtype(dtype).name}.nii", f"v-{np.dtype(dtype).name}.nii.gz"):
                xyz = (self.rng.random(shape) * 100).astype(dtype)
                path = self.save(name, xyz)
                got = load_nifti(path)
                self.assertEqual(got.shape, (3, 4, 5), name)
                np.testing.assert_array_equal(got, nibabel_zyx(path), err_msg=name)
                self.assertTrue(got.flags["C_CONTIGUOUS"])
                self.assertTrue(got.flags["WRITEABLE"], name)  # as nibabel's arrays are

    def test_slope_and_intercept_scale_as_nibabel_scales_them(self):
        xyz = self.rng.integers(-3000, 3000, (6, 5, 4)).astype(np.int16)
        path = self.save("scaled.nii.gz", xyz, slope=0.25, inter=-7.5)
        raw, slope, inter = read_nifti(path)
        self.assertEqual((slope, inter), (0.25, -7.5))
        np.testing.assert_array_equal(raw, xyz.transpose(2, 1, 0))
        np.testing.assert_allclose(load_nifti(path), nibabel_zyx(path), rtol=0, atol=1e-6)
        np.testing.assert_allclose(load_nifti(path)[1, 2, 3], xyz[3, 2, 1] * 0.25 - 7.5, atol=1e-6)

    def test_a_big_endian_file_reads_the_same(self):
        xyz = self.rng.normal(size=(4, 3, 2)).astype(np.float32)
        path = self.save("big.nii", xyz, big_endian=True)
        with open(path, "rb") as f:
            self.assertEqual(f.read(4), (348).to_bytes(4, "big"))  # the file really is big-endian
        np.testing.assert_array_equal(load_nifti(path), xyz.transpose(2, 1, 0))

    def test_the_engines_int16_images_and_uint8_labels_read_as_with_nibabel(self):
        # the layout `vessel-lab generate` writes: int16 with scl_slope/scl_inter, uint8 labels, gzip
        xyz = self.rng.integers(-32767, 32767, (8, 8, 8)).astype(np.int16)
        path = self.save("image.nii.gz", xyz, slope=3.1e-5, inter=0.5)
        np.testing.assert_allclose(load_nifti(path), nibabel_zyx(path), rtol=1e-6, atol=1e-7)
        lab = (self.rng.random((8, 8, 8)) < 0.2).astype(np.uint8)
        path = self.save("label.nii.gz", lab)
        np.testing.assert_array_equal(load_nifti(path, np.uint8), nibabel_zyx(path, np.uint8))

    def test_load_volume_falls_back_to_this_reader_without_nibabel_and_reads_the_same(self):
        import data

        xyz = self.rng.integers(-3000, 3000, (6, 5, 4)).astype(np.int16)
        path = self.save("fallback.nii.gz", xyz, slope=0.5, inter=2.0)
        with_nibabel = data.load_volume(path)
        saved = sys.modules.get("nibabel")
        sys.modules["nibabel"] = None  # `import nibabel` now raises ImportError
        try:
            without = data.load_volume(path)
        finally:
            sys.modules["nibabel"] = saved
        np.testing.assert_array_equal(without, with_nibabel)
        self.assertEqual(without.shape, (4, 5, 6))

    def test_a_valid_slope_with_an_invalid_intercept_is_refused_as_nibabel_refuses_it(self):
        path = self.save("bad-inter.nii", np.zeros((2, 2, 2), np.int16))
        with open(path, "r+b") as f:
            f.seek(116)
            f.write(np.array([np.nan], "<f4").tobytes())
            f.seek(112)
            f.write(np.array([2.0], "<f4").tobytes())
        with self.assertRaises(Exception):
            np.asarray(nib.load(path).dataobj)
        with self.assertRaisesRegex(ValueError, "invalid scl_inter"):
            load_nifti(path)

    def test_files_it_cannot_read_are_refused_with_the_fix(self):
        path = self.save("whole.nii", np.zeros((4, 4, 4), np.float32))
        with open(path, "rb") as f:
            raw = f.read()
        cut = os.path.join(self.tmp, "cut.nii.gz")
        with gzip.open(cut, "wb") as f:
            f.write(raw[:-10])
        with self.assertRaisesRegex(ValueError, "cut short"):
            load_nifti(cut)
        other = os.path.join(self.tmp, "n2.nii")
        with open(other, "wb") as f:
            f.write((540).to_bytes(4, "little") + raw[4:])
        with self.assertRaisesRegex(ValueError, "install nibabel|nibabel"):
            load_nifti(other)
        four = self.save("four.nii", np.zeros((2, 2, 2, 3), np.float32))
        with self.assertRaisesRegex(ValueError, "expected a 3D volume"):
            load_nifti(four)


if __name__ == "__main__":
    unittest.main()

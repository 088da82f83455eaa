"""Tests of label_width.py on crisp tubes whose voxel counts are known in closed form."""
from __future__ import annotations

import io
import json
import os
import shutil
import sys
import tempfile
import unittest
from contextlib import redirect_stdout

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import label_width as lw  # noqa: E402
from synthetic import write_nifti  # noqa: E402

N, C = 40, 20  # a 40³ volume; tubes run along the last axis through (C, C)


def tube(radius: float) -> np.ndarray:
    z, y = np.mgrid[:N, :N]
    disk = (z - C) ** 2 + (y - C) ** 2 <= radius ** 2
    return np.repeat(disk[:, :, None], N, axis=2)


def disk_voxels(radius: float) -> int:
    """Grid points in one cross-section, counted row by row."""
    return sum(1 for z in range(N) for y in range(N) if (z - C) ** 2 + (y - C) ** 2 <= radius ** 2)


def image_of(radius: float, inside=10.0, outside=2.0) -> np.ndarray:
    return np.where(tube(radius), inside, outside).astype(np.float32)


class LabelWidthTest(unittest.TestCase):
    def test_a_label_drawn_at_the_bright_edge_has_ratio_one(self):
        c = lw.label_width(image_of(3), tube(3))
        self.assertEqual(c["centre"], 10.0)
        self.assertEqual(c["background"], 2.0)
        self.assertEqual(c["half_voxels"], disk_voxels(3) * N)
        self.assertAlmostEqual(c["ratio"], 1.0)
        self.assertAlmostEqual(c["dice_half"], 1.0)

    def test_a_bright_vessel_the_label_left_out_far_away_does_not_count(self):
        image = image_of(3)
        image[2:7, 2:7, :] = 10.0  # an unlabelled vessel 13 voxels from the labelled one
        c = lw.label_width(image, tube(3))
        self.assertAlmostEqual(c["ratio"], 1.0)
        self.assertLess(lw.label_width(image, tube(3), zone=30)["ratio"], 1.0)

    def test_a_label_drawn_twice_as_wide_counts_four_times_the_voxels(self):
        n3, n6 = disk_voxels(3), disk_voxels(6)
        c = lw.label_width(image_of(3), tube(6))
        self.assertEqual(c["label_voxels"], n6 * N)
        self.assertAlmostEqual(c["ratio"], n6 / n3)
        self.assertGreater(c["ratio"], 3.5)
        self.assertAlmostEqual(c["dice_half"], 2 * n3 / (n3 + n6))

    def test_a_label_traced_inside_the_bright_tube_has_ratio_below_one(self):
        c = lw.label_width(image_of(4), tube(2))  # the bright edge 2 voxels out: the background shell is beyond it
        self.assertAlmostEqual(c["ratio"], disk_voxels(2) / disk_voxels(4))
        self.assertLess(c["ratio"], 0.3)

    def test_a_label_traced_far_inside_a_wide_bright_tube_has_no_ratio_rather_than_a_wrong_one(self):
        c = lw.label_width(image_of(7), tube(2))  # the shell 3-4 voxels out lies on the vessel
        self.assertIsNone(c["ratio"])
        self.assertIn("traced well inside", c["reason"])

    def test_singleton_dimensions_are_dropped_and_a_zone_under_one_voxel_is_refused(self):
        c = lw.label_width(image_of(3)[..., None], tube(3)[..., None])
        self.assertAlmostEqual(c["ratio"], 1.0)
        with self.assertRaisesRegex(ValueError, "at least 1 voxel"):
            lw.label_width(image_of(3), tube(3), zone=0)
        with self.assertRaisesRegex(ValueError, "same 3D grid"):
            lw.label_width(image_of(3), tube(3)[:-1])

    def test_a_dark_vessel_and_an_empty_label_have_no_ratio_and_say_why(self):
        dark = lw.label_width(image_of(3, inside=1.0, outside=5.0), tube(3))
        self.assertIsNone(dark["ratio"])
        self.assertIn("not brighter", dark["reason"])
        empty = lw.label_width(image_of(3), np.zeros((N, N, N), bool))
        self.assertIsNone(empty["ratio"])
        self.assertEqual(lw.summarise([dark, empty])["measured"], 0)

    def test_the_cli_pairs_folders_by_name_and_summarises_the_measured_cases(self):
        tmp = tempfile.mkdtemp(prefix="vessel-lab-label-width-")
        self.addCleanup(shutil.rmtree, tmp)
        write_nifti(os.path.join(tmp, "img", "a.nii.gz"), image_of(3))
        write_nifti(os.path.join(tmp, "lab", "a.nii.gz"), tube(3).astype(np.uint8))
        write_nifti(os.path.join(tmp, "img", "b.nii.gz"), image_of(3))
        write_nifti(os.path.join(tmp, "lab", "b.nii.gz"), tube(6).astype(np.uint8))
        out = os.path.join(tmp, "w.json")
        with redirect_stdout(io.StringIO()) as printed:
            s = lw.main(["--image", os.path.join(tmp, "img"), "--label", os.path.join(tmp, "lab"), "--json", out])
        with open(out) as f:
            saved = json.load(f)
        self.assertEqual(saved["summary"], s)
        self.assertEqual(s["measured"], 2)
        self.assertAlmostEqual(s["ratio_p10_50_90"][1], (1 + disk_voxels(6) / disk_voxels(3)) / 2)
        self.assertIn("b.nii.gz: label/half-maximum", printed.getvalue())
        write_nifti(os.path.join(tmp, "short", "a.nii.gz"), tube(3)[:-1].astype(np.uint8))
        with self.assertRaisesRegex(SystemExit, "a.nii.gz with .*same 3D grid"):
            lw.main(["--image", os.path.join(tmp, "img", "a.nii.gz"), "--label", os.path.join(tmp, "short", "a.nii.gz")])
        with self.assertRaisesRegex(SystemExit, "two files or two folders"):
            lw.main(["--image", os.path.join(tmp, "img"), "--label", os.path.join(tmp, "lab", "a.nii.gz")])
        os.remove(os.path.join(tmp, "lab", "b.nii.gz"))
        with self.assertRaisesRegex(SystemExit, "no label for b.nii.gz"):
            lw.main(["--image", os.path.join(tmp, "img"), "--label", os.path.join(tmp, "lab")])


if __name__ == "__main__":
    unittest.main()

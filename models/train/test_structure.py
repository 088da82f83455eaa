"""Tests of structure.py and of the structure weight in training: /usr/bin/python3 -m unittest discover -s models/train."""
from __future__ import annotations

import json
import math
import os
import shutil
import sys
import tempfile
import unittest

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from data import TrainPatches, read_manifest  # noqa: E402
from losses import bce_loss, soft_dice_loss  # noqa: E402
from structure import record_structure, structure_map  # noqa: E402
from synthetic import write_nifti  # noqa: E402


def at_voxel(i: float, n: int) -> float:
    """The [0, 1] coordinate that src/imaging puts at voxel i of an axis of n voxels (p * n - 0.5 = i)."""
    return (i + 0.5) / n


class StructureMapTest(unittest.TestCase):
    def test_a_blob_on_a_voxel_covers_the_lattice_points_within_its_radius_and_a_half(self):
        c = [at_voxel(16, 32)] * 3
        params = {"distractors": {"tubes": [], "blobs": [{"center": c, "radius": 2.0, "level": 1.0}]}}
        # lattice points with x² + y² + z² < 2.5² (<= 6): 1 + 6 + 12 + 8 + 6 + 24 + 24 (sums of three squares 0..6)
        self.assertEqual(int(structure_map(params, (32, 32, 32), margin=0).sum()), 81)
        # margin 1: < 3.5² (<= 12), adding 0 + 12 + 30 + 24 + 24 + 8 for 7..12
        self.assertEqual(int(structure_map(params, (32, 32, 32), margin=1).sum()), 179)

    def test_a_tube_along_x_has_the_cross_section_of_its_radius_and_lies_on_x(self):
        y, z = at_voxel(10, 32), at_voxel(20, 32)
        params = {"distractors": {"tubes": [{"points": [[at_voxel(4, 32), y, z], [at_voxel(27, 32), y, z]], "radius": 1.0, "level": 1}], "blobs": []}}
        m = structure_map(params, (32, 32, 32), margin=0)  # [z, y, x]
        # inside the ends, a cross-section holds the points with dy² + dz² < 1.5² (<= 2): 1 + 4 + 4
        self.assertEqual(int(m[:, :, 15].sum()), 9)
        self.assertTrue(m[20, 10, 4] and m[20, 10, 27] and not m[20, 10, 2] and not m[10, 20, 15])

    def test_the_body_shell_lies_between_the_surface_and_its_thickness_inside(self):
        body = {"enabled": True, "center": [at_voxel(16, 32)] * 3, "radii": [0.25] * 3, "outside": -1, "shell": {"thickness": 2.0, "level": 1}}
        m = structure_map({"body": body}, (32, 32, 32), margin=0)
        # along +x from the centre of a sphere of radius 8: d = (k² - 64) / 2k; the shell is -2.5 < d < 0.5
        # k = 5: -3.9, 6: -2.33, 7: -1.07, 8: 0, 9: +0.94
        self.assertEqual([bool(m[16, 16, 16 + k]) for k in (0, 5, 6, 7, 8, 9)], [False, False, True, True, True, False])
        self.assertFalse(structure_map({"body": dict(body, enabled=False)}, (32, 32, 32)).any())

    def test_kinds_select_tubes_blobs_or_shell_and_together_make_the_whole_map(self):
        c = [at_voxel(16, 32)] * 3
        y, z = at_voxel(4, 32), at_voxel(4, 32)
        params = {"distractors": {"tubes": [{"points": [[at_voxel(4, 32), y, z], [at_voxel(27, 32), y, z]], "radius": 1.0, "level": 1}],
                                  "blobs": [{"center": c, "radius": 2.0, "level": 1.0}]},
                  "body": {"enabled": True, "center": c, "radii": [0.45] * 3, "outside": -1, "shell": {"thickness": 1.0, "level": 1}}}
        tubes, blobs, shell = (structure_map(params, (32, 32, 32), 0, (k,)) for k in ("tubes", "blobs", "shell"))
        self.assertEqual(int(blobs.sum()), 81)  # the blob alone, as above
        self.assertEqual(int(tubes[:, :, 15].sum()), 9)  # the tube's cross-section alone, as above
        self.assertTrue(tubes[4, 4, 4] and not tubes[16, 16, 16] and blobs[16, 16, 16] and not blobs[4, 4, 4])
        self.assertTrue(shell.any() and not (shell & blobs).any())
        np.testing.assert_array_equal(tubes | blobs | shell, structure_map(params, (32, 32, 32), 0))
        with self.assertRaisesRegex(ValueError, "kinds = .*'vessels'.*tubes, blobs, shell"):
            structure_map(params, (32, 32, 32), 0, ("vessels",))

    def test_a_record_without_imaging_parameters_has_no_structure_and_bad_arguments_are_named(self):
        self.assertFalse(record_structure({"index": 0}, (8, 8, 8)).any())
        with self.assertRaisesRegex(ValueError, "margin = -1"):
            structure_map({}, (8, 8, 8), margin=-1)


class StructureLossTest(unittest.TestCase):
    def test_structure_weight_weighs_marked_background_and_leaves_vessels_and_other_background_alone(self):
        # voxels: vessel inside a blob's map (p=0.3), background in the map (p=0.9), background outside it (p=0.9)
        p = torch.tensor([0.3, 0.9, 0.9], dtype=torch.float64)
        t = torch.tensor([1.0, 0.0, 0.0], dtype=torch.float64)
        s = torch.tensor([1.0, 1.0, 0.0], dtype=torch.float64)
        logits = torch.log(p / (1 - p)).requires_grad_()
        ce = [-math.log(0.3), -math.log(0.1), -math.log(0.1)]
        w = [1, 1 + 4, 1]  # structure_weight 4: only the marked background voxel
        loss = bce_loss(logits, t, 0.0, s, 4.0)
        self.assertAlmostEqual(float(loss), sum(wi * c for wi, c in zip(w, ce)) / 3, places=6)
        loss.backward()
        for g, e in zip(logits.grad.tolist(), [wi * (pi - ti) / 3 for wi, pi, ti in zip(w, p.tolist(), t.tolist())]):
            self.assertAlmostEqual(g, e, places=6)
        with self.assertRaisesRegex(ValueError, "needs the structure map"):
            bce_loss(logits, t, 0.0, None, 1.0)
        with self.assertRaisesRegex(ValueError, "structure_weight = -1"):
            bce_loss(logits, t, 0.0, s, -1.0)

    def test_ignored_background_counts_in_neither_loss_and_ignored_vessel_voxels_still_count(self):
        # voxels: vessel marked ignore (p=0.3), background marked ignore (p=0.9), background (p=0.2), background (p=0.6)
        p = torch.tensor([0.3, 0.9, 0.2, 0.6], dtype=torch.float64)
        t = torch.tensor([1.0, 0.0, 0.0, 0.0], dtype=torch.float64)
        ign = torch.tensor([1.0, 1.0, 0.0, 0.0], dtype=torch.float64)
        logits = torch.log(p / (1 - p)).requires_grad_()
        # cross-entropy: the mean over the three voxels left
        ce = [-math.log(0.3), -math.log(0.8), -math.log(0.4)]
        loss = bce_loss(logits, t, ignore=ign)
        self.assertAlmostEqual(float(loss), sum(ce) / 3, places=6)
        loss.backward()
        for g, e in zip(logits.grad.tolist(), [(0.3 - 1) / 3, 0.0, 0.2 / 3, 0.6 / 3]):
            self.assertAlmostEqual(g, e, places=6)
        # soft Dice (smooth 1): 1 - (2·0.3 + 1) / ((0.3 + 0.2 + 0.6) + 1 + 1), the ignored background's 0.9 left out
        logits.grad = None
        d = soft_dice_loss(logits, t, ignore=ign)
        self.assertAlmostEqual(float(d), 1 - (2 * 0.3 + 1) / (1.1 + 1 + 1), places=6)
        d.backward()
        self.assertEqual(logits.grad[1].item(), 0.0)
        self.assertNotEqual(logits.grad[0].item(), 0.0)
        # nothing ignored: the plain losses
        self.assertAlmostEqual(float(bce_loss(logits, t, ignore=torch.zeros(4, dtype=torch.float64))), float(bce_loss(logits, t)), places=9)
        self.assertAlmostEqual(float(soft_dice_loss(logits, t, ignore=torch.zeros(4, dtype=torch.float64))), float(soft_dice_loss(logits, t)), places=9)


class StructurePatchesTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="vessel-lab-structure-test-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_the_structure_map_is_cropped_and_flipped_with_the_image_and_the_streams_are_unchanged(self):
        n = 24
        z, y, x = np.mgrid[0:n, 0:n, 0:n]
        # a bright ball of radius 3 (+ 1/2 soft edge + 1 margin: 4.5) at voxel (x, y, z) = (6, 15, 9), drawn here by hand
        ball = (x - 6) ** 2 + (y - 15) ** 2 + (z - 9) ** 2 < 4.5 ** 2
        label = ((x - 18) ** 2 + (z - 16) ** 2 <= 2).astype(np.float32)  # a vessel along y, away from the ball
        image = np.where(ball, 0.6, 0.0) + label * 1.0
        for d in ("images", "labels"):
            os.makedirs(os.path.join(self.tmp, d))
        write_nifti(os.path.join(self.tmp, "images", "s.nii.gz"), image.astype(np.float32))
        write_nifti(os.path.join(self.tmp, "labels", "s.nii.gz"), label)
        blob = {"center": [at_voxel(6, n), at_voxel(15, n), at_voxel(9, n)], "radius": 3.0, "level": 1}
        rec = {"kind": "sample", "index": 0, "files": {"image": {"path": "images/s.nii.gz"}, "label": {"path": "labels/s.nii.gz"}},
               "grid": {"dims": [n] * 3}, "imaging": {"params": {"distractors": {"tubes": [], "blobs": [blob]}}}}
        with open(os.path.join(self.tmp, "manifest.jsonl"), "w") as f:
            f.write(json.dumps({"kind": "header"}) + "\n" + json.dumps(rec) + "\n")
        _, recs = read_manifest(self.tmp)
        with_map = TrainPatches(self.tmp, recs, patch=16, mask_patch=4, structure=True)
        plain = TrainPatches(self.tmp, recs, patch=16, mask_patch=4)
        seen = 0
        for k in range(12):
            a, b = with_map[(0, k)], plain[(0, k)]
            for key in ("image", "label", "masked", "mask"):
                self.assertTrue(torch.equal(a[key], b[key]), key)
            self.assertNotIn("structure", b)
            img = a["image"][0].numpy()
            # normalised (0 and 1 at the 0.5th and 99.5th percentiles): background 0, ball 0.6, vessel 1
            expected = (img > 0.3) & (img < 0.8)
            self.assertTrue(np.array_equal(a["structure"][0].numpy() > 0, expected), k)
            seen += int(expected.sum())
        self.assertGreater(seen, 0)
        # zoomed crops (an 8³ crop resampled to 16³): the map is zoomed with the image, the streams still unchanged
        zoomed = TrainPatches(self.tmp, recs, patch=16, mask_patch=4, zoom_max=2.0, zoom_prob=1.0, structure=True)
        zoomed_plain = TrainPatches(self.tmp, recs, patch=16, mask_patch=4, zoom_max=2.0, zoom_prob=1.0)
        overlap = union = 0
        for k in range(12):
            a, b = zoomed[(0, k)], zoomed_plain[(0, k)]
            for key in ("image", "label", "masked", "mask"):
                self.assertTrue(torch.equal(a[key], b[key]), key)
            s = a["structure"][0].numpy()
            self.assertEqual(set(np.unique(s)) - {0.0, 1.0}, set())
            img = a["image"][0].numpy()
            ball = (img > 0.3) & (img < 0.8) & (a["label"][0].numpy() == 0)  # trilinear: edge voxels may fall either way
            overlap += int((ball & (s > 0)).sum())
            union += int((ball | (s > 0)).sum())
        self.assertGreater(union, 0)
        self.assertGreater(overlap / union, 0.6, overlap / union)  # 0.74 here; a map flipped or shifted apart from its image: near 0
        # kinds: the sample has a blob and no tube, so a map of its tubes (train.py --ignore-tubes) is empty, a map of its
        # blobs is the whole map; other names are refused
        tubes = TrainPatches(self.tmp, recs, patch=16, mask_patch=4, structure=("tubes",))
        blobs = TrainPatches(self.tmp, recs, patch=16, mask_patch=4, structure=("blobs",))
        for k in range(4):
            self.assertFalse(tubes[(0, k)]["structure"].any())
            self.assertTrue(torch.equal(blobs[(0, k)]["structure"], with_map[(0, k)]["structure"]))
        with self.assertRaisesRegex(ValueError, "structure = .*'veins'.*tubes, blobs, shell"):
            TrainPatches(self.tmp, recs, structure=("veins",))


if __name__ == "__main__":
    unittest.main()

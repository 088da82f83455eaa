"""Tests of heldout.py: /usr/bin/python3 -m unittest discover -s models/train."""
from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import unittest

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from data import load_volume, read_manifests, split_train_val  # noqa: E402
from heldout import heldout_files, main  # noqa: E402
from synthetic import write_synthetic_dataset  # noqa: E402


class HeldoutTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="vessel-lab-heldout-test-")
        self.a = write_synthetic_dataset(os.path.join(self.tmp, "general"), count=4, size=8, seed=0)
        self.b = write_synthetic_dataset(os.path.join(self.tmp, "like-x"), count=3, size=8, seed=1)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_each_folders_held_out_samples_are_linked_apart_and_are_the_samples_training_held_out(self):
        # indices as training numbers them: general 0..3, like-x 4..6; hold out general 1 and like-x's 0 and 2
        split = {"data": [self.a, self.b], "val": [1, 4, 6]}
        path = os.path.join(self.tmp, "split.json")
        with open(path, "w") as f:
            json.dump(split, f)
        out = os.path.join(self.tmp, "held")
        self.assertEqual(main(["--split", path, "--out", out]), 0)
        self.assertEqual(sorted(os.listdir(out)), ["general", "like-x"])
        self.assertEqual(sorted(os.listdir(os.path.join(out, "general", "images"))), ["sample-000001.nii.gz"])
        self.assertEqual(sorted(os.listdir(os.path.join(out, "like-x", "labels"))), ["sample-000000.nii.gz", "sample-000002.nii.gz"])
        # the links hold like-x's own files, not general's of the same name
        np.testing.assert_array_equal(load_volume(os.path.join(out, "like-x", "images", "sample-000000.nii.gz")),
                                      load_volume(os.path.join(self.b, "images", "sample-000000.nii.gz")))
        self.assertFalse(np.array_equal(load_volume(os.path.join(out, "like-x", "images", "sample-000000.nii.gz")),
                                        load_volume(os.path.join(self.a, "images", "sample-000000.nii.gz"))))
        # a split made by training: every held-out record is linked once, in its own folder
        _, records = read_manifests([self.a, self.b])
        val = split_train_val(records, 0.5, 3)[1]
        files = heldout_files({"data": [self.a, self.b], "val": [r["index"] for r in val]})
        self.assertEqual(sum(len(v) for v in files.values()), len(val))
        for r in val:
            name = os.path.basename(r["root"])
            self.assertIn(os.path.join(r["root"], r["files"]["image"]["path"]), [p[0] for p in files[name]])

    def test_a_wrong_split_or_folder_list_is_refused_by_name(self):
        path = os.path.join(self.tmp, "split.json")
        with open(path, "w") as f:
            json.dump({"data": [self.a, self.b]}, f)
        self.assertEqual(main(["--split", path, "--out", os.path.join(self.tmp, "o")]), 2)
        with self.assertRaisesRegex(ValueError, "2 folders, the split was made from 1"):
            heldout_files({"data": [self.a], "val": [0]}, [self.a, self.b])
        os.makedirs(os.path.join(self.tmp, "x"))
        twin = shutil.copytree(self.a, os.path.join(self.tmp, "x", "general"))
        with self.assertRaisesRegex(ValueError, "the same name"):
            heldout_files({"data": [self.a, twin], "val": [0]})

    def test_a_held_out_sample_the_folders_no_longer_have_is_refused_not_skipped(self):
        # general 0..3, like-x 4..6: index 7 was a held-out sample of a like-x that had four samples when the run began
        path = os.path.join(self.tmp, "split.json")
        with open(path, "w") as f:
            json.dump({"data": [self.a, self.b], "val": [1, 7]}, f)
        with self.assertRaisesRegex(ValueError, r"1 of the run's 2 held-out samples \(first index 7\) are not in"):
            heldout_files({"data": [self.a, self.b], "val": [1, 7]})
        out = os.path.join(self.tmp, "held")
        self.assertEqual(main(["--split", path, "--out", out]), 2)
        self.assertFalse(os.path.exists(out))  # nothing half-linked


if __name__ == "__main__":
    unittest.main()

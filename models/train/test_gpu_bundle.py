"""Tests of gpu/bundle.sh: /usr/bin/python3 -m unittest discover -s models/train. The bundled generator that a lent GPU
machine runs with Node alone writes the same samples, byte for byte, as `vessel-lab generate` from the repository."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def sample_lines(folder):
    with open(os.path.join(folder, "manifest.jsonl")) as f:
        lines = [json.loads(line) for line in f if line.strip()]
    return sorted((r for r in lines if r["kind"] == "sample"), key=lambda r: r["index"])


@unittest.skipUnless(shutil.which("node") and os.path.exists(os.path.join(REPO, "node_modules", ".bin", "esbuild")),
                     "needs node and the repository's node_modules (npm ci)")
class BundleTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="vessel-lab-bundle-test-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_the_bundled_generator_writes_the_repositorys_samples_byte_for_byte(self):
        dest = os.path.join(self.tmp, "dev")
        shutil.copy(os.path.join(REPO, "package.json"), self.tmp)  # the bundle reads DEST/../package.json for its version
        subprocess.run(["bash", os.path.join(HERE, "gpu", "bundle.sh")], env={**os.environ, "DEST": dest, "NODE": "0"},
                       cwd=REPO, check=True, capture_output=True)
        self.assertFalse(os.path.exists(os.path.join(dest, "node.xz")))
        args = ["generate", "--count", "3", "--size", "32", "--mix", "--seed", "5", "--label-convention", "visible", "--quiet", "--workers", "2"]
        bundled, repo = os.path.join(self.tmp, "bundled"), os.path.join(self.tmp, "repo")
        # the bundle runs from a bare environment: no node_modules beside it, no tsx loader
        subprocess.run(["node", os.path.join(dest, "bundle", "cli.mjs"), *args, "--out", bundled], cwd=self.tmp, check=True,
                       env={"PATH": os.environ["PATH"]}, capture_output=True)
        subprocess.run(["node", os.path.join(REPO, "bin", "vessel-lab.js"), *args, "--out", repo], cwd=REPO, check=True, capture_output=True)
        a, b = sample_lines(bundled), sample_lines(repo)
        self.assertEqual(len(a), 3)
        for ra, rb in zip(a, b):
            self.assertEqual({k: v for k, v in ra.items() if k != "ms"}, {k: v for k, v in rb.items() if k != "ms"})
            for kind in ("image", "label"):
                with open(os.path.join(bundled, ra["files"][kind]["path"]), "rb") as fa, \
                        open(os.path.join(repo, rb["files"][kind]["path"]), "rb") as fb:
                    self.assertEqual(fa.read(), fb.read(), f"sample {ra['index']} {kind}")


if __name__ == "__main__":
    unittest.main()

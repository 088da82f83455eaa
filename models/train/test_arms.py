"""Tests of arms.sh, the one definition of the training arms that gpu/run.sh and continue.sh read:
/usr/bin/python3 -m unittest discover -s models/train. Each packed run in runs/ is what arms.sh says it was (its data
sets from split.json, its peak rate and warm-up from its loss log, its levels and step count from its weights), and
make_set makes each set once, with its own seed and count."""
from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import checkpoint as ck  # noqa: E402

# the arms whose runs are committed, and where
PACKED = {"g5s": "g32/g5s", "g5i": "g32/g5i", "g3s": "g32/g3s", "c5s": "g33/c5s", "c5i": "g33/c5i", "d5s": "d5s", "d5m": "d5m"}


def arms(call: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-c", f"source models/train/arms.sh && {call}"], cwd=REPO, capture_output=True,
                          text=True, env={**os.environ, **(env or {})})


def flags(words: list[str]) -> dict[str, str]:
    return {words[i]: words[i + 1] for i in range(0, len(words), 2)}


class PackedRunsTest(unittest.TestCase):
    def test_every_committed_run_is_what_arms_sh_says_it_was(self):
        for arm, where in PACKED.items():
            with self.subTest(arm=arm):
                run = os.path.join(HERE, "runs", where)
                args = flags(arms(f"arm_args {arm}").stdout.split())
                sets = arms(f"arm_sets {arm}").stdout.split()
                with open(os.path.join(run, "split.json")) as f:
                    self.assertEqual([os.path.basename(d) for d in json.load(f)["data"]], sets)
                with open(os.path.join(run, "losses.csv")) as f:
                    rows = list(csv.DictReader(f))
                rates = [float(r["lr"]) for r in rows]
                peak = max(rates)
                # warm-up: the rate rises linearly to its peak at the step --warmup names
                self.assertAlmostEqual(peak, float(args["--lr"]), delta=1e-9)
                self.assertEqual(int(rows[rates.index(peak)]["step"]), int(args["--warmup"]))
                weights = [os.path.join(run, w) for w in ("best-fp16.pt", "last-fp16.pt") if os.path.exists(os.path.join(run, w))]
                for w in weights:
                    saved = ck.load(w)
                    self.assertEqual(len(saved["model_config"]["channels"]), int(args["--levels"]))
                    if "args" in saved:  # written from stop 36 on
                        self.assertEqual(saved["args"]["steps"], int(args["--steps"]))
                        self.assertEqual(saved["args"]["init"], arms(f"arm_init {arm}").stdout.strip())
                summary = os.path.join(run, "summary.json")
                if os.path.exists(summary):  # the GPU runs; target_steps written from stop 33 on
                    with open(summary) as f:
                        target = json.load(f).get("target_steps")
                    self.assertIn(target, (None, int(args["--steps"])))
                init = arms(f"arm_init {arm}").stdout.strip()
                if init:
                    self.assertTrue(os.path.exists(os.path.join(REPO, init)), init)

    def test_an_unknown_arm_or_set_is_refused(self):
        for call in ("arm_args x9", "arm_sets x9", "arm_init x9"):
            self.assertNotEqual(arms(call).returncode, 0, call)
        out = arms("make_set /tmp nowhere-set true")
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("unknown set nowhere-set", out.stderr)


FAKE = r"""import os, sys, time
args = sys.argv[1:]
with open(os.environ["FAKE_LOG"], "a") as f:
    f.write(" ".join(args) + "\n")
out, count = args[args.index("--out") + 1], int(args[args.index("--count") + 1])
if os.environ.get("FAKE_SLOW") and "--mix" in args:
    time.sleep(60)  # stopped by make_set's time limit (SIGINT: KeyboardInterrupt)
os.makedirs(os.path.join(out, "images"), exist_ok=True)
for i in range(count):
    open(os.path.join(out, "images", f"{i:06d}.nii.gz"), "w").close()
"""


class MakeSetTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="vessel-lab-arms-test-")
        self.fake = os.path.join(self.tmp, "fake_generate.py")
        with open(self.fake, "w") as f:
            f.write(FAKE)
        self.log = os.path.join(self.tmp, "calls.txt")
        self.env = {"FAKE_LOG": self.log, "LIKE_COUNT": "3", "GEN_COUNT": "4", "SCANNER_COUNT": "2"}

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def make(self, sets: list[str], env=None) -> list[dict[str, str]]:
        before = open(self.log).read().splitlines() if os.path.exists(self.log) else []
        data = os.path.join(self.tmp, "data")
        loop = " && ".join(f"make_set {data} {s} {sys.executable} {self.fake}" for s in sets)
        out = arms(loop, {**self.env, **(env or {})})
        self.assertEqual(out.returncode, 0, out.stderr)
        after = open(self.log).read().splitlines() if os.path.exists(self.log) else []
        calls = []
        for line in after[len(before):]:
            words = line.split()
            calls.append({w: (words[i + 1] if i + 1 < len(words) and not words[i + 1].startswith("--") else "")
                          for i, w in enumerate(words) if w.startswith("--")})
        return calls

    def test_each_set_is_made_once_with_its_seed_count_and_options(self):
        sets = arms("arm_sets d5m").stdout.split()
        calls = self.make(sets)
        self.assertEqual([os.path.basename(c["--out"]) for c in calls], sets)
        want = {"like-tof": ("11", "3"), "like-vessap": ("12", "3"), "like-minivess": ("13", "3"), "like-aorta": ("14", "3"),
                "wide64v": ("1", "4"), "scanner64": ("1", "2")}
        for c in calls:
            name = os.path.basename(c["--out"])
            self.assertEqual((c["--seed"], c["--count"]), want[name], name)
            self.assertEqual((c["--size"], c["--label-convention"]), ("64", "visible"))
            self.assertIn("--quiet", c)
            if name.startswith("like-"):
                self.assertEqual(c["--like"], f"models/train/runs/l5m/fit-{name[5:]}.json")
                self.assertTrue(os.path.exists(os.path.join(REPO, c["--like"])))
            else:
                self.assertIn("--mix", c)
            self.assertEqual(c.get("--voxels"), "scanner" if name == "scanner64" else None)
        self.assertEqual(self.make(sets), [], "complete sets are not made again")
        os.remove(os.path.join(self.tmp, "data", "like-vessap", "images", "000001.nii.gz"))
        self.assertEqual([os.path.basename(c["--out"]) for c in self.make(sets)], ["like-vessap"])

    def test_a_general_set_stops_at_its_time_limit_without_failing(self):
        t0 = time.monotonic()
        calls = self.make(["wide64v"], {"GEN_SECONDS": "1", "FAKE_SLOW": "1"})
        self.assertLess(time.monotonic() - t0, 12)
        self.assertEqual(len(calls), 1)
        out = arms(f"make_set {self.tmp}/data like-tof false", self.env)
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("generate like-tof failed", out.stderr)


if __name__ == "__main__":
    unittest.main()

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
import types
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import checkpoint as ck  # noqa: E402
import train  # noqa: E402

# the arms whose runs are committed, and where
PACKED = {"g5s": "g32/g5s", "g5i": "g32/g5i", "g3s": "g32/g3s", "c5s": "g33/c5s", "c5i": "g33/c5i", "d5s": "d5s", "d5m": "d5m"}


def arms(call: str, env=None) -> subprocess.CompletedProcess:
    # as the scripts that source it run: set -euo pipefail
    return subprocess.run(["bash", "-c", f"set -euo pipefail; source models/train/arms.sh; {call}"], cwd=REPO, capture_output=True,
                          text=True, env={**os.environ, **(env or {})})


def option_map(line: str) -> dict[str, str]:
    words = line.split()
    return {w: (words[i + 1] if i + 1 < len(words) and not words[i + 1].startswith("--") else "")
            for i, w in enumerate(words) if w.startswith("--")}


def write_script(folder: str, name: str, text: str) -> str:
    path = os.path.join(folder, name)
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, 0o755)
    return path


class PackedRunsTest(unittest.TestCase):
    def test_every_committed_run_is_what_arms_sh_says_it_was(self):
        for arm, where in PACKED.items():
            with self.subTest(arm=arm):
                run = os.path.join(HERE, "runs", where)
                args = option_map(arms(f"arm_args {arm}").stdout)
                sets = arms(f"arm_sets {arm}").stdout.split()
                init = arms(f"arm_init {arm}").stdout.strip()
                with open(os.path.join(run, "split.json")) as f:
                    self.assertEqual([os.path.basename(d) for d in json.load(f)["data"]], sets)
                with open(os.path.join(run, "losses.csv")) as f:
                    rows = list(csv.DictReader(f))
                rates = [float(r["lr"]) for r in rows]
                peak = max(rates)
                # the peak rate is --lr, reached at the end of the warm-up
                self.assertAlmostEqual(peak, float(args["--lr"]), delta=1e-9)
                self.assertEqual(int(rows[rates.index(peak)]["step"]), int(args["--warmup"]))
                # every logged rate is train.py's schedule for the arm's --lr, --warmup and --steps (the log rounds to
                # 6 digits); a session continued from packed weights at step S warms up again (--start-step S), so a
                # row below the schedule must be one of the --warmup rows after a step S the log holds, at exactly
                # the schedule's rate times (step - S) / warmup; none lies above it
                sched = types.SimpleNamespace(lr=float(args["--lr"]), warmup=int(args["--warmup"]), steps=int(args["--steps"]))
                want = [train.lr_at(int(r["step"]) - 1, sched) for r in rows]
                self.assertFalse([r["step"] for r, got, w in zip(rows, rates, want) if got > w * (1 + 1e-5)], "above the schedule")
                logged = {int(r["step"]) for r in rows}
                for r, got, w in zip(rows, rates, want):
                    if got >= w * (1 - 1e-5):
                        continue
                    step, k = int(r["step"]), got / w * sched.warmup
                    start = step - round(k)
                    self.assertTrue(abs(k - round(k)) < 1e-3 and 1 <= step - start <= sched.warmup and start in logged,
                                    f"step {step}: rate {got} below the schedule's {w}, and not a warm-up after a logged step")
                weights = [os.path.join(run, w) for w in ("best-fp16.pt", "last-fp16.pt") if os.path.exists(os.path.join(run, w))]
                for w in weights:
                    saved = ck.load(w)
                    self.assertEqual(len(saved["model_config"]["channels"]), int(args["--levels"]))
                    if "args" in saved:  # written from stop 36 on
                        self.assertEqual(saved["args"]["steps"], int(args["--steps"]))
                        # a session continued from the packed weights records them as its --init
                        packed = f"models/train/runs/{where}/last-fp16.pt"
                        self.assertIn(saved["args"]["init"], {init, packed} if saved["args"].get("start_step") else {init})
                if init:
                    self.assertTrue(os.path.exists(os.path.join(REPO, init)), init)

    def test_an_unknown_arm_or_set_is_refused(self):
        for call in ("arm_args x9", "arm_sets x9", "arm_init x9"):
            self.assertNotEqual(arms(call).returncode, 0, call)
        out = arms("make_set /tmp nowhere-set true")
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("unknown set nowhere-set", out.stderr)


FAKE = r"""import json, os, signal, sys, time
args = sys.argv[1:]
with open(os.environ["FAKE_LOG"], "a") as f:
    f.write(" ".join(args) + "\n")
out, count = args[args.index("--out") + 1], int(args[args.index("--count") + 1])
if os.environ.get("FAKE_DEAF"):
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # killed 15 s after make_set's time limit
if os.environ.get("FAKE_SLOW") and "--mix" in args:
    time.sleep(60)  # stopped by make_set's time limit (SIGINT: KeyboardInterrupt)
os.makedirs(os.path.join(out, "images"), exist_ok=True)
manifest = os.path.join(out, "manifest.jsonl")
done = sum('"kind":"sample"' in line for line in open(manifest)) if os.path.exists(manifest) else 0
with open(manifest, "a") as f:  # like generate: a run resumes after the samples its manifest lists
    if not done:
        f.write(json.dumps({"kind": "header", "count": count}, separators=(",", ":")) + "\n")
    for i in range(done, count):
        open(os.path.join(out, "images", f"sample-{i:06d}.nii.gz"), "w").close()
        f.write(json.dumps({"kind": "sample", "index": i}, separators=(",", ":")) + "\n")
"""


class MakeSetTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="vessel-lab-arms-test-")
        self.fake = write_script(self.tmp, "fake_generate.py", FAKE)
        self.log = os.path.join(self.tmp, "calls.txt")
        self.env = {"FAKE_LOG": self.log, "LIKE_COUNT": "3", "GEN_COUNT": "4", "SCANNER_COUNT": "2"}

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def logged(self) -> list[str]:
        if not os.path.exists(self.log):
            return []
        with open(self.log) as f:
            return f.read().splitlines()

    def make(self, sets: list[str], env=None) -> list[dict[str, str]]:
        before = len(self.logged())
        data = os.path.join(self.tmp, "data")
        out = arms("; ".join(f"make_set {data} {s} {sys.executable} {self.fake}" for s in sets), {**self.env, **(env or {})})
        self.assertEqual(out.returncode, 0, out.stderr)
        return [option_map(line) for line in self.logged()[before:]]

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
        # a set whose manifest lists fewer samples (a killed run; an image file alone does not count) is made again
        manifest = os.path.join(self.tmp, "data", "like-vessap", "manifest.jsonl")
        with open(manifest) as f:
            lines = f.read().splitlines()
        with open(manifest, "w") as f:
            f.write("\n".join(lines[:-1]) + "\n")
        self.assertEqual([os.path.basename(c["--out"]) for c in self.make(sets)], ["like-vessap"])
        self.assertEqual(self.make(sets), [])

    def test_a_general_set_stops_at_its_time_limit_without_failing(self):
        t0 = time.monotonic()
        self.assertEqual(len(self.make(["wide64v"], {"GEN_SECONDS": "1", "FAKE_SLOW": "1"})), 1)
        self.assertLess(time.monotonic() - t0, 12)
        out = arms(f"make_set {self.tmp}/data like-tof false", self.env)
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("generate like-tof failed", out.stderr)

    def test_a_generator_deaf_to_sigint_is_killed_and_the_session_goes_on(self):
        data = os.path.join(self.tmp, "data")
        out = arms(f"make_set {data} wide64v {sys.executable} {self.fake}; echo next",
                   {**self.env, "GEN_SECONDS": "1", "FAKE_SLOW": "1", "FAKE_DEAF": "1"})
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("did not stop on SIGINT", out.stderr)
        self.assertEqual(out.stdout.split(), ["next"])


STUB_PY = r"""#!/bin/bash
# train.py's command line is recorded, not run; everything else is the real interpreter
if [ "$1" = models/train/train.py ]; then shift; echo "$*" > "$STUB_LOG"; exit 0; fi
exec "$REAL_PY" "$@"
"""


class ContinueTest(unittest.TestCase):
    """continue.sh trains each arm on arms.sh's sets in arms.sh's order, at its settings, from the packed weights."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="vessel-lab-continue-test-")
        self.stub = write_script(self.tmp, "py", STUB_PY)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_a_session_continues_the_packed_run_on_the_same_data(self):
        counts = {"like-tof": 600, "like-vessap": 600, "like-minivess": 600, "like-aorta": 600, "wide64v": 4800, "scanner64": 2400}
        data = os.path.join(self.tmp, "data")
        for name, n in counts.items():  # complete sets (their manifests), so nothing is generated
            os.makedirs(os.path.join(data, name))
            with open(os.path.join(data, name, "manifest.jsonl"), "w") as f:
                f.write('{"kind":"header"}\n' + '{"kind":"sample"}\n' * n)
        for arm in ("d5m", "d5s"):
            with self.subTest(arm=arm):
                log, run = os.path.join(self.tmp, f"{arm}.args"), os.path.join(self.tmp, f"run-{arm}")
                # a stray count in the environment must not change the runs' data
                env = {**os.environ, "ARM": arm, "DATA": data, "RUN": run, "PY": self.stub, "REAL_PY": sys.executable,
                       "STUB_LOG": log, "LIKE_COUNT": "20", "GEN_SECONDS": "5"}
                out = subprocess.run(["bash", "models/train/continue.sh"], cwd=REPO, env=env, capture_output=True, text=True)
                self.assertEqual(out.returncode, 0, out.stderr)
                with open(log) as f:
                    words = f.read().split()
                got = words[words.index("--data") + 1:words.index("--batch")]
                self.assertEqual(got, [os.path.join(data, s) for s in arms(f"arm_sets {arm}").stdout.split()])
                opts = option_map(" ".join(words))
                for k, v in option_map(arms(f"arm_args {arm}").stdout).items():
                    self.assertEqual(opts[k], v, k)
                packed = f"models/train/runs/{arm}/last-fp16.pt"
                self.assertEqual(opts["--init"], packed)
                self.assertEqual(int(opts["--start-step"]), ck.load(os.path.join(REPO, packed))["step"])
                self.assertEqual(opts["--out"], run)
                self.assertTrue(os.path.exists(os.path.join(run, "losses.csv")), "the packed log goes on")
                with open(os.path.join(REPO, "models/train/runs", arm, "split.json")) as f, open(os.path.join(run, "split.json")) as g:
                    self.assertEqual(json.load(g)["val"], json.load(f)["val"], "the run is validated on its own held-out samples")


if __name__ == "__main__":
    unittest.main()

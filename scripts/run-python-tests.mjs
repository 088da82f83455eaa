#!/usr/bin/env node
// Runs the training toolkit's unit tests (models/train/test_*.py) with Debian's Python, which
// has torch, onnx and nibabel from Debian's packages (PyPI is not used). Fails, never skips,
// when they are missing, and says how to install them.
import { spawnSync } from "node:child_process";

const PYTHON = process.env.VESSEL_LAB_PYTHON ?? "/usr/bin/python3";
const INSTALL = "sudo apt-get install -y python3-torch python3-onnx python3-nibabel python3-scipy";
const probe = spawnSync(PYTHON, ["-c", "import torch, onnx, nibabel, numpy"], { encoding: "utf8" });
if (probe.error || probe.status !== 0) {
  console.error(
    `run-python-tests: ${PYTHON} cannot import torch, onnx and nibabel (${probe.error?.message ?? probe.stderr.trim().split("\n").pop()}).\nThe training toolkit's tests need Debian's packages: ${INSTALL}`,
  );
  process.exit(1);
}
const r = spawnSync(PYTHON, ["-m", "unittest", "discover", "-s", "models/train", "-p", "test_*.py", "-v"], { stdio: "inherit" });
process.exit(r.status ?? 1);

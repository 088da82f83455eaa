#!/usr/bin/env bash
# score.sh NAME MODEL_DIR, from the repository root: the light-sheet stack's Dice at the automatic scale and the mean
# Dice of $MOD/synth's 16 samples, both through the CLI; results in $MOD/score/NAME.
set -euo pipefail
name=$1 dir=$2
MOD=${MOD:?set MOD: the folder of the probe (holding synth/)}
D=${VESSEL_LAB_DATA:?set VESSEL_LAB_DATA: the folder of real data (real-labeled/lightsheet_000*)}/real-labeled
R=$MOD/score/$name V=bin/vessel-lab.js
mkdir -p "$R"
node $V segment --in "$D/lightsheet_000.nii.gz" --out "$R/ls.nii.gz" --model "$dir/segmenter.onnx" 2> "$R/ls-seg.log" || { tail -3 "$R/ls-seg.log" >&2; exit 1; }
node $V evaluate --pred "$R/ls.nii.gz" --label "$D/lightsheet_000_label.nii.gz" --json > "$R/ls.json"
node $V segment --in-dir "$MOD/synth/images" --out-dir "$R/synth" --model "$dir/segmenter.onnx" 2> "$R/synth-seg.log" || { tail -3 "$R/synth-seg.log" >&2; exit 1; }
node $V evaluate --pred-dir "$R/synth" --label-dir "$MOD/synth/labels" --json > "$R/synth.json"
/usr/bin/python3 - "$R" "$name" <<'PY'
import json, sys
r, name = sys.argv[1], sys.argv[2]
def dice(path):
    return json.load(open(path))["mean"]["dice"]
print(json.dumps({"arm": name, "lightsheet_dice": round(dice(f"{r}/ls.json"), 4), "synthetic_mean_dice": round(dice(f"{r}/synth.json"), 4)}))
PY

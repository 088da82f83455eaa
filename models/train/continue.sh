#!/usr/bin/env bash
# A run that continues the committed c5s (runs/g33) on the cores of whatever machine is at hand, a session at a time,
# from the repository root (ARM: d5s or d5m; its log and weights are packed into models/train/runs/$ARM):
#
#   ARM=d5m DATA=~/c5/data RUN=~/c5/d5m [STOP_AFTER=SECONDS] bash models/train/continue.sh   # trains; Ctrl-C stops cleanly
#   ARM=d5m DATA=~/c5/data RUN=~/c5/d5m bash models/train/continue.sh pack                   # log and weights into runs/d5m
#
# d5s  gpu/run.sh's arm: 5,000 steps of 16 at a peak rate of 5e-4 (warm-up 50), on runs/g33's data: the four like
#      sets of 600 and 4,800 of wide64v
# d5m  the same data and 2,400 scanner-voxel samples (`generate --voxels scanner --mix --seed 1`), 1,500 steps of 16
#      at a peak rate of 2e-4 (warm-up 20): a horizon of a few sessions on two cores (runs/d5m/README.md says why)
# Both are defined in arms.sh, which gpu/run.sh reads too. The data are made by `vessel-lab generate` when missing
# (about 5 minutes on 2 cores, 7 with the scanner set).
# It resumes from $RUN/checkpoint.pt when there is one (exactly), else from the weights packed last
# (last-fp16.pt: its step, a fresh optimiser warmed up again: train.py --start-step; the packed loss log, validations,
# split and best weights are put in $RUN first, so the run's history and its checkpoint rule go on), else from c5s.
# The checkpoint rule (written before the runs, as runs/g33): the validation with the highest mean Dice of the held-out
# like-tof, like-vessap and like-minivess samples; c5s's own score on them is each run's bar (its README).
set -euo pipefail
DATA=${DATA:?set DATA: the folder for the data sets of the run (made when missing)}
RUN=${RUN:?set RUN: the run folder (checkpoint.pt, losses.csv, val.jsonl)}
[ -f models/train/continue.sh ] || { echo "run this from the repository root"; exit 1; }
source models/train/arms.sh
case ${ARM:?set ARM: d5s or d5m} in
  d5s | d5m) read -ra ARGS <<< "$(arm_args "$ARM")"; read -ra SETS <<< "$(arm_sets "$ARM")"; INIT=$(arm_init "$ARM") ;;
  *) echo "ARM=$ARM: give d5s or d5m"; exit 1 ;;
esac
HERE=models/train/runs/$ARM
PY=${PY:-/usr/bin/python3}
mkdir -p "$HERE"
DATA=$(realpath -m "$DATA")
RUN=$(realpath -m "$RUN")
step_of() { $PY -c "import sys; sys.path.insert(0, 'models/train'); import checkpoint; print(checkpoint.load(sys.argv[1])['step'])" "$1"; }

if [ "${1:-}" = pack ]; then
  [ -f "$RUN/checkpoint.pt" ] || { echo "no $RUN/checkpoint.pt to pack"; exit 1; }
  cp "$RUN/losses.csv" "$RUN/split.json" "$HERE/"
  [ ! -f "$RUN/val.jsonl" ] || cp "$RUN/val.jsonl" "$HERE/"
  [ ! -f "$RUN/losses.png" ] || cp "$RUN/losses.png" "$HERE/"
  $PY models/train/half_weights.py "$RUN/checkpoint.pt" "$HERE/last-fp16.pt"
  [ ! -f "$RUN/best.pt" ] || $PY models/train/half_weights.py "$RUN/best.pt" "$HERE/best-fp16.pt"
  echo "packed step $(step_of "$HERE/last-fp16.pt")"
  exit 0
fi

# the runs' own counts, whatever the environment says (another count would change the samples and the split)
LIKE_COUNT=600 GEN_COUNT=4800 SCANNER_COUNT=2400 GEN_SECONDS=0
for set in "${SETS[@]}"; do make_set "$DATA" "$set" nice node bin/vessel-lab.js generate; done

FROM=(--init "$INIT")
packed=$([ -f "$HERE/last-fp16.pt" ] && step_of "$HERE/last-fp16.pt" || echo 0)
if [ -f "$RUN/checkpoint.pt" ]; then
  at=$(step_of "$RUN/checkpoint.pt")
  [ "$at" -ge "$packed" ] || { echo "$RUN/checkpoint.pt is at step $at, the packed weights at $packed: move $RUN aside to continue from them"; exit 1; }
  FROM=(--init "$INIT" --resume)
elif [ "$packed" -gt 0 ]; then
  mkdir -p "$RUN"
  cp "$HERE/losses.csv" "$RUN/"
  [ ! -f "$HERE/val.jsonl" ] || cp "$HERE/val.jsonl" "$RUN/"
  [ ! -f "$HERE/best-fp16.pt" ] || cp "$HERE/best-fp16.pt" "$RUN/best.pt"
  # the run's own held-out samples: train.py validates a continued run on its split.json
  [ ! -f "$HERE/split.json" ] || cp "$HERE/split.json" "$RUN/"
  FROM=(--init "$HERE/last-fp16.pt" --start-step "$packed")
fi
PYTHONUNBUFFERED=1 exec nice -n 5 $PY models/train/train.py \
  --data "${SETS[@]/#/$DATA/}" \
  --batch 16 --patch 64 --amp --ignore-tubes --val-every 100 --val-per-folder 30 \
  --select-by like-tof like-vessap like-minivess --ckpt-every 5 --workers 1 --threads "${THREADS:-2}" \
  "${ARGS[@]}" --stop-after "${STOP_AFTER:-0}" "${FROM[@]}" --out "$RUN"

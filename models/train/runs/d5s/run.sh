#!/usr/bin/env bash
# Run d5s (gpu/run.sh's arm: the committed c5s continued for 5,000 steps of 16 at a peak rate of 5e-4) on the cores
# of whatever machine is at hand, a session at a time, from the repository root:
#
#   DATA=~/d5s/data RUN=~/d5s/run [STOP_AFTER=SECONDS] bash models/train/runs/d5s/run.sh   # trains; Ctrl-C stops cleanly
#   DATA=~/d5s/data RUN=~/d5s/run bash models/train/runs/d5s/run.sh pack                   # its log and weights into runs/d5s
#
# The data are runs/g33's (and gpu/run.sh's): the four like sets of 600 and 4,800 of wide64v, made here by
# `vessel-lab generate` when missing (about 5 minutes on 2 cores); the split is then the one c5s was validated on.
# It resumes from $RUN/checkpoint.pt when there is one (exactly), else from the weights packed here last
# (last-fp16.pt: its step, a fresh optimiser warmed up again: train.py --start-step; the packed loss log, validations
# and best weights are put in $RUN first, so the run's history and its checkpoint rule go on), else from c5s.
# The checkpoint rule (written before the run, as runs/g33): the validation with the highest mean Dice of the held-out
# like-tof, like-vessap and like-minivess samples; c5s scores 0.61925 on them (step 2,750).
set -euo pipefail
DATA=${DATA:?set DATA: the folder for the data sets of the run (made when missing)}
RUN=${RUN:?set RUN: the run folder (checkpoint.pt, losses.csv, val.jsonl)}
HERE=models/train/runs/d5s
PY=${PY:-/usr/bin/python3}
[ -f "$HERE/run.sh" ] || { echo "run this from the repository root"; exit 1; }
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

G=(node bin/vessel-lab.js generate --size 64 --label-convention visible --quiet)
for pair in tof:11 vessap:12 minivess:13 aorta:14; do
  name=${pair%%:*}
  [ "$(ls "$DATA/like-$name/images" 2>/dev/null | wc -l)" = 600 ] ||
    nice "${G[@]}" --like "models/train/runs/l5m/fit-$name.json" --count 600 --seed "${pair##*:}" --out "$DATA/like-$name"
done
[ "$(ls "$DATA/wide64v/images" 2>/dev/null | wc -l)" = 4800 ] || nice "${G[@]}" --mix --seed 1 --count 4800 --out "$DATA/wide64v"

FROM=(--init models/train/runs/g33/c5s/best-fp16.pt)
packed=$([ -f "$HERE/last-fp16.pt" ] && step_of "$HERE/last-fp16.pt" || echo 0)
if [ -f "$RUN/checkpoint.pt" ]; then
  at=$(step_of "$RUN/checkpoint.pt")
  [ "$at" -ge "$packed" ] || { echo "$RUN/checkpoint.pt is at step $at, the packed weights at $packed: move $RUN aside to continue from them"; exit 1; }
  FROM=(--init models/train/runs/g33/c5s/best-fp16.pt --resume)
elif [ "$packed" -gt 0 ]; then
  mkdir -p "$RUN"
  cp "$HERE/losses.csv" "$RUN/"
  [ ! -f "$HERE/val.jsonl" ] || cp "$HERE/val.jsonl" "$RUN/"
  [ ! -f "$HERE/best-fp16.pt" ] || cp "$HERE/best-fp16.pt" "$RUN/best.pt"
  FROM=(--init "$HERE/last-fp16.pt" --start-step "$packed")
fi
PYTHONUNBUFFERED=1 exec nice -n 5 $PY models/train/train.py \
  --data "$DATA/like-tof" "$DATA/like-vessap" "$DATA/like-minivess" "$DATA/like-aorta" "$DATA/wide64v" \
  --batch 16 --patch 64 --amp --ignore-tubes --val-every 100 --val-per-folder 30 \
  --select-by like-tof like-vessap like-minivess --ckpt-every 5 --workers 1 --threads "${THREADS:-2}" \
  --levels 5 --steps 5000 --lr 5e-4 --warmup 50 --stop-after "${STOP_AFTER:-0}" "${FROM[@]}" --out "$RUN"

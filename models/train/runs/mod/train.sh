#!/usr/bin/env bash
# The probe's arms, one after the other, from the repository root; $MOD holds data/ARM/like-* and gets runs/ARM.
# train.sh [ARM ...]: the arms named (default: any own, stop 47's; imaged: stop 48's arm C)
set -euo pipefail
MOD=${MOD:?set MOD: the folder holding data/ARM for each arm}
arms=("$@")
[ ${#arms[@]} -gt 0 ] || arms=(any own)
for arm in "${arms[@]}"; do
  /usr/bin/python3 models/train/train.py --data "$MOD/data/$arm/like-tof" "$MOD/data/$arm/like-vessap" "$MOD/data/$arm/like-minivess" \
    --out "$MOD/runs/$arm" --levels 5 --init models/train/runs/g33/c5s/best-fp16.pt \
    --steps 2500 --lr 5e-4 --warmup 50 --batch 2 --patch 64 --threads 2 --amp --ignore-tubes --stop-at 250 \
    --val-every 250 --ckpt-every 250 --val-per-folder 10 > "$MOD/train-$arm.log" 2>&1
done

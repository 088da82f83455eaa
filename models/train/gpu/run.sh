#!/usr/bin/env bash
# One training session on a GPU machine lent for a fixed time (stop 32: one H200, 15 minutes in all): the data are
# made there by the bundled generator (bundle.sh; the samples are byte for byte those `npx vessel-lab generate`
# makes here), then the arm (or several, side by side on the one GPU) trains until DEADLINE, each stopping itself in time
# (train.py --stop-after), and their weights (float16), loss logs and validations are packed into $OUT, one tar per arm.
#
#   bash models/train/gpu/bundle.sh                        # here, once: .devgpu/ (Node, the bundled generator)
#   bash models/train/gpu/run.sh                           # there, from the repository root ($OUT: where results go)
#
# The checkpoint rule is train.py's --select-by: the validation with the highest mean Dice over the held-out samples
# of like-tof, like-vessap and like-minivess (models/train/runs/g32/README.md says why; fixed before the run).
# What travels there (tracked files and .devgpu/) must stay under the lending tool's 64 MiB: remove older runs'
# best-fp16.pt from the working tree for the call, except the one an arm starts from (--init; checked below before
# anything is made), and restore them after (git checkout -- models/train/runs).
# Test it here on a toy budget first (one arm: three arms on 2 cores validate too slowly for a toy deadline):
#   OUT=/tmp/g-out WORK=/tmp/g-work PY=/usr/bin/python3 DEADLINE=240 LIKE_COUNT=20 GEN_COUNT=40 SCANNER_COUNT=20 BATCH=2 ARMS=g3s \
#     EXTRA="--device cpu --patch 32 --val-every 2 --val-per-folder 1 --workers 1 --val-fraction 0.3" bash models/train/gpu/run.sh
set -uo pipefail
T0=$(date +%s)
DEADLINE=${DEADLINE:-555}      # seconds after the start by which $OUT is complete
GEN_SECONDS=${GEN_SECONDS:-90} # each general set stops growing after this (they are made last; a cut set is still whole)
LIKE_COUNT=${LIKE_COUNT:-600}
GEN_COUNT=${GEN_COUNT:-4800}   # wide64v
SCANNER_COUNT=${SCANNER_COUNT:-2400}  # scanner64 (arm d5m)
BATCH=${BATCH:-16}
PY=${PY:-python3}
OUT=${OUT:?set OUT: the folder the results are packed into}
WORK=${WORK:-/tmp/vessel-lab-gpu}
EXTRA=${EXTRA:-}
# models/train/arms.sh; stop 32 ran ARMS="g5s g5i g3s" WORKERS=4, stop 33 ARMS="c5i c5s". The default since stop 51 is
# d5s alone: two arms share one GPU's time evenly (runs/g33), and alone its 5,000 steps of 16 (about 0.07 s each on an
# H200, 345 s, plus its validations) come close to the quarter hour's 374 s of training: it may stop a few hundred steps
# short, where the cosine's rate is near its floor. d5m's schedule has run to its end on two cores (runs/d5m).
ARMS=${ARMS:-d5s}
read -ra _arms <<< "$ARMS"
WORKERS=${WORKERS:-$(( 12 / ${#_arms[@]} > 1 ? 12 / ${#_arms[@]} : 1 ))}  # loader processes per arm: 12 of the 16 cores in all
elapsed() { echo $(( $(date +%s) - T0 )); }

mkdir -p "$OUT" "$WORK/data" "$WORK/runs"
exec > >(tee "$OUT/log.txt") 2>&1
TEE=$!
echo "start $(date -u +%FT%TZ); $(nproc) cores"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null || echo "no nvidia-smi"
$PY -c "import torch, numpy; print('torch', torch.__version__, 'cuda', torch.cuda.is_available(), 'numpy', numpy.__version__)"

source models/train/arms.sh  # the arms: their data sets and settings (continue.sh reads them too)
need=(.devgpu/node.xz .devgpu/bundle/cli.mjs .devgpu/bundle/generateWorker.mjs)
SETS=()
for arm in $ARMS; do
  arm_args "$arm" > /dev/null || { echo "unknown arm $arm: add it to models/train/arms.sh"; exit 1; }
  init=$(arm_init "$arm")
  [ -z "$init" ] || need+=("$init")
  for set in $(arm_sets "$arm"); do [[ " ${SETS[*]} " == *" $set "* ]] || SETS+=("$set"); done
done
for f in "${need[@]}"; do
  [ -f "$f" ] || { echo "missing $f: run models/train/gpu/bundle.sh here and keep the arms' --init weights in the working tree"; exit 1; }
done

# ---- data: the sets the arms train on (arms.sh), made by the bundled generator
$PY -c "import lzma, shutil; shutil.copyfileobj(lzma.open('.devgpu/node.xz'), open('$WORK/node', 'wb'))" && chmod +x "$WORK/node"
for set in "${SETS[@]}"; do  # the like sets first, then the general ones, each stopped after GEN_SECONDS
  make_set "$WORK/data" "$set" "$WORK/node" .devgpu/bundle/cli.mjs generate || exit 1
  echo "$set: $(grep -c '"kind":"sample"' "$WORK/data/$set/manifest.jsonl") samples at $(elapsed) s"
done
echo "data made at $(elapsed) s"

# ---- the arms, side by side, each on its own sets; the like sets first, so their indices do not depend on how many
# general samples were made in time (a sample is held out by its own hash, so how many were made moves none of the others)
STOP=$(( DEADLINE - $(elapsed) - 90 ))  # leaves the last validation, the packing and a margin
[ "$STOP" -ge 30 ] || { echo "only $STOP s left to train: raise DEADLINE or lower GEN_SECONDS"; exit 1; }
echo "training for $STOP s"
COMMON=(--batch "$BATCH" --patch 64 --amp --ignore-tubes --val-every 250 --val-per-folder 30
        --select-by like-tof like-vessap like-minivess --ckpt-every 500 --workers "$WORKERS" --threads 1 --stop-after "$STOP")
# what sets the pace (stop 32 left it open): the GPU's use and the machine's load every 15 s while the arms train
( while sleep 15; do echo "$(elapsed) s: gpu $(nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv,noheader 2>/dev/null) load $(cut -d' ' -f1-3 /proc/loadavg)"; done ) > "$OUT/util.txt" 2>&1 &
UTIL=$!
pids=()
for arm in $ARMS; do
  read -ra sets <<< "$(arm_sets "$arm")"
  read -ra args <<< "$(arm_args "$arm")"
  init=$(arm_init "$arm")
  # shellcheck disable=SC2086
  PYTHONUNBUFFERED=1 timeout --foreground -k 20 $((STOP + 60)) $PY models/train/train.py --data "${sets[@]/#/$WORK/data/}" \
    "${COMMON[@]}" "${args[@]}" ${init:+--init "$init"} --out "$WORK/runs/$arm" $EXTRA \
    > "$WORK/runs/$arm.log" 2>&1 &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; echo "pid $p exit $?"; done
echo "training done at $(elapsed) s"
kill "$UTIL" 2>/dev/null

# ---- pack: weights in float16, the logs
for arm in $ARMS; do
  r="$WORK/runs/$arm"
  tail -3 "$WORK/runs/$arm.log"
  cp "$WORK/runs/$arm.log" "$r/train.log"
  [ -f "$r/best.pt" ] && $PY models/train/half_weights.py "$r/best.pt" "$r/best-fp16.pt"
  [ -f "$r/model.pt" ] && $PY models/train/half_weights.py "$r/model.pt" "$r/last-fp16.pt"
  (cd "$r" && tar cf "$OUT/$arm.tar" $(ls losses.csv val.jsonl summary.json split.json train.log best-fp16.pt last-fp16.pt 2>/dev/null))
  $PY - "$r" <<'PY'
import json, os, sys
r = sys.argv[1]
vals = [json.loads(line) for line in open(os.path.join(r, "val.jsonl"))] if os.path.exists(os.path.join(r, "val.jsonl")) else []
best = max(vals, key=lambda v: v["score"]) if vals else None
summ = json.load(open(os.path.join(r, "summary.json"))) if os.path.exists(os.path.join(r, "summary.json")) else {}
print(os.path.basename(r), "steps", summ.get("steps"), "median step s", summ.get("median_step_s"),
      "best", best and (best["step"], round(best["score"], 4)), "last", vals and (vals[-1]["step"], round(vals[-1]["score"], 4)))
PY
done
ls -la "$OUT"
echo "end at $(elapsed) s"
exec >&- 2>&-
wait "$TEE" 2>/dev/null || true  # the log's last lines are in $OUT before the call returns

#!/usr/bin/env bash
# One training session on a GPU machine lent for a fixed time (stop 32: one H200, 15 minutes in all): the data are
# made there by the bundled generator (bundle.sh; the samples are byte for byte those `npx vessel-lab generate`
# makes here), then the arms train side by side on the one GPU until DEADLINE, each stopping itself in time
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
#   OUT=/tmp/g-out WORK=/tmp/g-work PY=/usr/bin/python3 DEADLINE=240 LIKE_COUNT=20 GEN_COUNT=40 BATCH=2 ARMS=g3s \
#     EXTRA="--device cpu --patch 32 --val-every 2 --val-per-folder 1 --workers 1 --val-fraction 0.3" bash models/train/gpu/run.sh
set -uo pipefail
T0=$(date +%s)
DEADLINE=${DEADLINE:-555}      # seconds after the start by which $OUT is complete
GEN_SECONDS=${GEN_SECONDS:-90} # the general set stops growing after this (it is made last; a cut set is still whole)
LIKE_COUNT=${LIKE_COUNT:-600}
GEN_COUNT=${GEN_COUNT:-4800}
BATCH=${BATCH:-16}
PY=${PY:-python3}
OUT=${OUT:?set OUT: the folder the results are packed into}
WORK=${WORK:-/tmp/vessel-lab-gpu}
EXTRA=${EXTRA:-}
ARMS=${ARMS:-d5s}              # stop 32 ran ARMS="g5s g5i g3s" WORKERS=4; stop 33 ARMS="c5i c5s"; the next lent session: d5s
WORKERS=${WORKERS:-6}          # loader processes per arm (16 cores: 2 arms x 6 + their main processes; one arm, d5s, may take 12)
elapsed() { echo $(( $(date +%s) - T0 )); }

mkdir -p "$OUT" "$WORK/data" "$WORK/runs"
exec > >(tee "$OUT/log.txt") 2>&1
TEE=$!
echo "start $(date -u +%FT%TZ); $(nproc) cores"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null || echo "no nvidia-smi"
$PY -c "import torch, numpy; print('torch', torch.__version__, 'cuda', torch.cuda.is_available(), 'numpy', numpy.__version__)"

arm_args() {
  case $1 in
    g5s) echo --levels 5 --steps 2500 --lr 2e-3 --warmup 100 ;;                                        # stop 32: five levels, from scratch
    g5i) echo --levels 5 --steps 2500 --lr 5e-4 --warmup 50 --init models/train/runs/l5t/best-fp16.pt ;; # stop 32: five levels, from l5t
    g3s) echo --levels 3 --steps 4000 --lr 2e-3 --warmup 100 ;;                                        # stop 32: the committed network's three levels
    c5i) echo --levels 5 --steps 3000 --lr 3e-4 --warmup 50 --init models/train/runs/g32/g5i/best-fp16.pt ;; # stop 33: g5i continued
    c5s) echo --levels 5 --steps 3000 --lr 1e-3 --warmup 50 --init models/train/runs/g32/g5s/best-fp16.pt ;; # stop 33: g5s continued
    # prepared in stop 34 (no GPU lent), not yet run: the committed c5s alone on the GPU (232 patches/s alone against
    # 115 shared), its rule score still rising at stop 33's horizon; 5,000 steps of 16 take about 350 s there
    d5s) echo --levels 5 --steps 5000 --lr 5e-4 --warmup 50 --init models/train/runs/g33/c5s/best-fp16.pt ;;
    *) return 1 ;;
  esac
}
need=(.devgpu/node.xz .devgpu/bundle/cli.mjs .devgpu/bundle/generateWorker.mjs)
for arm in $ARMS; do
  a=$(arm_args "$arm") || { echo "unknown arm $arm: add it to arm_args in $0"; exit 1; }
  [[ $a == *--init* ]] && need+=("${a##*--init }")
done
for f in "${need[@]}"; do
  [ -f "$f" ] || { echo "missing $f: run models/train/gpu/bundle.sh here and keep the arms' --init weights in the working tree"; exit 1; }
done

# ---- data: the four like sets (each fit's seed as in models/train/README.md), then the general set
$PY -c "import lzma, shutil; shutil.copyfileobj(lzma.open('.devgpu/node.xz'), open('$WORK/node', 'wb'))" && chmod +x "$WORK/node"
GEN=("$WORK/node" .devgpu/bundle/cli.mjs generate --size 64 --label-convention visible --quiet)
for pair in tof:11 vessap:12 minivess:13 aorta:14; do
  name=${pair%%:*}
  "${GEN[@]}" --like "models/train/runs/l5m/fit-$name.json" --count "$LIKE_COUNT" --seed "${pair##*:}" --out "$WORK/data/like-$name" \
    || { echo "generate like-$name failed"; exit 1; }
done
echo "like sets made at $(elapsed) s"
timeout -k 15 -s INT "$GEN_SECONDS" "${GEN[@]}" --mix --seed 1 --count "$GEN_COUNT" --out "$WORK/data/wide64v"
for d in "$WORK"/data/*; do echo "$(basename "$d"): $(grep -c '"kind":"sample"' "$d/manifest.jsonl") samples"; done
echo "data made at $(elapsed) s"

# ---- the arms, side by side; the like sets first, so their indices do not depend on how many general samples were
# made in time (which of them are held out still does a little: the split holds out the lowest hashes of all samples)
D=("$WORK/data/like-tof" "$WORK/data/like-vessap" "$WORK/data/like-minivess" "$WORK/data/like-aorta" "$WORK/data/wide64v")
STOP=$(( DEADLINE - $(elapsed) - 90 ))  # leaves the last validation, the packing and a margin
[ "$STOP" -ge 30 ] || { echo "only $STOP s left to train: raise DEADLINE or lower GEN_SECONDS"; exit 1; }
echo "training for $STOP s"
COMMON=(--data "${D[@]}" --batch "$BATCH" --patch 64 --amp --ignore-tubes --val-every 250 --val-per-folder 30
        --select-by like-tof like-vessap like-minivess --ckpt-every 500 --workers "$WORKERS" --threads 1 --stop-after "$STOP")
# what sets the pace (stop 32 left it open): the GPU's use and the machine's load every 15 s while the arms train
( while sleep 15; do echo "$(elapsed) s: gpu $(nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv,noheader 2>/dev/null) load $(cut -d' ' -f1-3 /proc/loadavg)"; done ) > "$OUT/util.txt" 2>&1 &
UTIL=$!
pids=()
for arm in $ARMS; do
  # shellcheck disable=SC2046
  PYTHONUNBUFFERED=1 timeout --foreground -k 20 $((STOP + 60)) $PY models/train/train.py "${COMMON[@]}" $(arm_args "$arm") --out "$WORK/runs/$arm" $EXTRA \
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

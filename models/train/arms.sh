# The training runs ("arms") that gpu/run.sh (a lent GPU, one session) and continue.sh (any machine, a session at a
# time) start or continue: the data sets each trains on and its train.py settings, written once here so that both
# make the same samples, hold out the same ones and train the same way. Sourced (bash); defines:
#
#   arm_args ARM        train.py's settings of the arm (levels, steps, peak rate, warm-up); fails for an unknown arm
#   arm_init ARM        the committed weights it starts from (train.py --init), or nothing
#   arm_sets ARM        the names of its data sets, in the order given to train.py (the split depends on it)
#   make_set DATA NAME GEN...
#                       makes $DATA/NAME with the generate command GEN... (`vessel-lab generate` or its bundle;
#                       make_set adds the set's options and --size 64 --label-convention visible --quiet) unless
#                       its manifest already lists the set's full count; counts LIKE_COUNT (600), GEN_COUNT (4800),
#                       SCANNER_COUNT (2400) and GEN_SECONDS (0: no limit) for the two general sets, stopped cleanly
#                       at that time (a cut set is still whole: gpu/run.sh). continue.sh pins the counts of its runs.
#
# The sets: the four "like" sets of runs/l5m's fits (seeds 11-14), the general mix at wide voxels (seed 1) and, for
# d5m, the general mix at each preset's scanner voxels (seed 1); 64-voxel samples, visible-edge labels.

# the like sets' seeds, as models/train/README.md and runs/g33 made them
declare -gA LIKE_SEED=([tof]=11 [vessap]=12 [minivess]=13 [aorta]=14)

arm_args() {
  case $1 in
    g5s) echo --levels 5 --steps 2500 --lr 2e-3 --warmup 100 ;; # stop 32: five levels, from scratch
    g5i) echo --levels 5 --steps 2500 --lr 5e-4 --warmup 50 ;;  # stop 32: five levels, from l5t
    g3s) echo --levels 3 --steps 4000 --lr 2e-3 --warmup 100 ;; # stop 32: the three-level network
    c5i) echo --levels 5 --steps 3000 --lr 3e-4 --warmup 50 ;;  # stop 33: g5i continued
    c5s) echo --levels 5 --steps 3000 --lr 1e-3 --warmup 50 ;;  # stop 33: g5s continued
    d5s) echo --levels 5 --steps 5000 --lr 5e-4 --warmup 50 ;;  # stop 34: c5s continued at a GPU's rate (runs/d5s)
    d5m) echo --levels 5 --steps 1500 --lr 2e-4 --warmup 20 ;;  # stop 36: c5s continued with scanner voxels (runs/d5m)
    *) return 1 ;;
  esac
}

# the committed weights an arm starts from (train.py --init); nothing for an arm trained from scratch
arm_init() {
  case $1 in
    g5s | g3s) ;;
    g5i) echo models/train/runs/l5t/best-fp16.pt ;;
    c5i) echo models/train/runs/g32/g5i/best-fp16.pt ;;
    c5s) echo models/train/runs/g32/g5s/best-fp16.pt ;;
    d5s | d5m) echo models/train/runs/g33/c5s/best-fp16.pt ;;
    *) return 1 ;;
  esac
}

arm_sets() {
  case $1 in
    g5s | g5i | g3s | c5i | c5s | d5s) echo like-tof like-vessap like-minivess like-aorta wide64v ;;
    d5m) echo like-tof like-vessap like-minivess like-aorta wide64v scanner64 ;;
    *) return 1 ;;
  esac
}

make_set() {
  local data=$1 name=$2
  shift 2
  local count seconds=0 args=()
  case $name in
    like-*)
      local fit=${name#like-}
      [ -n "${LIKE_SEED[$fit]:-}" ] || { echo "make_set: unknown set $name" >&2; return 1; }
      count=${LIKE_COUNT:-600}
      args=(--like "models/train/runs/l5m/fit-$fit.json" --seed "${LIKE_SEED[$fit]}") ;;
    wide64v) count=${GEN_COUNT:-4800} seconds=${GEN_SECONDS:-0} args=(--mix --seed 1) ;;
    scanner64) count=${SCANNER_COUNT:-2400} seconds=${GEN_SECONDS:-0} args=(--voxels scanner --mix --seed 1) ;;
    *) echo "make_set: unknown set $name" >&2; return 1 ;;
  esac
  # complete: the manifest lists the set's count of samples (a killed run leaves fewer; generate then resumes it)
  [ "$(grep -c '"kind":"sample"' "$data/$name/manifest.jsonl" 2>/dev/null)" = "$count" ] && return 0
  args+=(--size 64 --label-convention visible --quiet)
  local rc=0
  if [ "$seconds" -gt 0 ]; then
    timeout -k 15 -s INT "$seconds" "$@" "${args[@]}" --count "$count" --out "$data/$name" || rc=$?
    # 124: stopped at the time limit (SIGINT), 137: killed 15 s later; the manifest lists only finished samples
    case $rc in
      124) rc=0 ;;
      137) echo "make_set: $name did not stop on SIGINT and was killed; its finished samples are kept" >&2; rc=0 ;;
    esac
  else
    "$@" "${args[@]}" --count "$count" --out "$data/$name" || rc=$?
  fi
  [ "$rc" = 0 ] || { echo "make_set: generate $name failed ($rc)" >&2; return 1; }
}

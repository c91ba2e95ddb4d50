#!/usr/bin/env bash
# Times `als bench` (the bare solver loop) for two commits in alternation, in one run, so that both see the same
# machine: on a noisy 2-core VM the speed drifts from minute to minute, and only ratios measured together compare.
#
#   bench/compare.sh BASE NEW [ROUNDS=6] [-- BENCH-OPTIONS...]
#
# BASE and NEW are any commits (or `HEAD`, or `.` for the working tree as it is). Each is built once in a temporary
# worktree; then every round runs BASE then NEW, or NEW then BASE on even rounds (so neither always runs first).
# Default options: --data $WORKDIR/dataset (built as bench/distributed/run.sh does) --factors 64 --solver cg
# --cg-steps 3 --iterations 6. Prints each run's median s/iteration, both medians, and the median of NEW/BASE per round.
# MODE=train times `als train` (the in-process cluster) instead, MODE=cluster `als cluster --workers 2` (both with
# --eval-users 500, as bench/distributed/run.sh runs them): the median of a run's iterations 2..N from its metrics.jsonl.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
base="${1:?usage: bench/compare.sh BASE NEW [ROUNDS] [-- BENCH-OPTIONS...]}"
new="${2:?usage: bench/compare.sh BASE NEW [ROUNDS] [-- BENCH-OPTIONS...]}"
rounds="${3:-6}"
shift $(( $# < 3 ? $# : 3 ))
[ "${1:-}" = "--" ] && shift
work="${WORKDIR:-${TMPDIR:-/tmp}/als-distributed-bench}"
mode="${MODE:-bench}"
case "$mode" in bench | train | cluster) ;; *) echo "compare.sh: MODE is bench, train or cluster, not '$mode'" >&2; exit 2 ;; esac
source "$root/bench/medians.sh"                                    # run_median, median_of, median_round_ratio

builds="$(mktemp -d)"
trap 'git -C "$root" worktree prune; rm -rf "$builds"' EXIT
build() {                                                           # build NAME REV: the CLI of REV in $builds/NAME
  local name=$1 rev=$2
  if [ "$rev" = "." ]; then
    "$root/als" --version > /dev/null
    cp -r "$root/.build/als" "$builds/$name"
  else
    git -C "$root" worktree add --detach --quiet "$builds/src-$name" "$rev"
    "$builds/src-$name/als" --version > /dev/null
    cp -r "$builds/src-$name/.build/als" "$builds/$name"
    git -C "$root" worktree remove --force "$builds/src-$name"
  fi
  echo "$name = $rev: $(dotnet "$builds/$name/als.dll" --version)"
}
build base "$base"
build new "$new"

if [ $# -eq 0 ]; then
  data="$work/dataset"
  if [ ! -f "$data/manifest.json" ]; then
    mkdir -p "$work"
    [ -f "$work/lastfm-360k.tsv" ] || dotnet "$builds/base/als.dll" synth --preset 360k --out "$work/lastfm-360k.tsv"
    dotnet "$builds/base/als.dll" prepare --input "$work/lastfm-360k.tsv" --out "$data" --overwrite
  fi
  set -- --data "$data" --factors 64 --solver cg --cg-steps 3 --iterations 6
fi

options=("$@")
seconds_of() {                                                      # seconds_of NAME: one run of build NAME, s/iteration
  local als="$builds/$1/als.dll" out="$builds/run"
  rm -rf "$out"
  case "$mode" in
    bench) dotnet "$als" bench "${options[@]}" --json | sed -E 's/.*"seconds_per_iteration_median":([0-9.]+).*/\1/' ;;
    train) dotnet "$als" train "${options[@]}" --eval-users 500 --out "$out" > "$builds/run.log" 2>&1 && run_median "$out" ;;
    cluster) dotnet "$als" cluster --workers 2 "${options[@]}" --eval-users 500 --out "$out" > "$builds/run.log" 2>&1 && run_median "$out" ;;
  esac
}

results="$builds/results.txt"
for round in $(seq 1 "$rounds"); do
  order="base new"; [ $((round % 2)) -eq 0 ] && order="new base"
  for name in $order; do
    seconds=$(seconds_of "$name") || { echo "compare.sh: the $mode run of $name failed (log: $builds/run.log)" >&2; cat "$builds/run.log" >&2; exit 1; }
    echo "round $round $name $seconds" | tee -a "$results"
  done
done
echo "median seconds per iteration: base $(median_of base "$results"), new $(median_of new "$results");" \
  "median of new/base per round: $(median_round_ratio new base "$results")"

#!/usr/bin/env bash
# How the cost of an ALS iteration grows with the data: the 360k preset with 1, 2 and 4 times its users (same
# artists, same per-user shape), timed as (a) the bare solver loop (`als bench --scale N`) and (b) the default
# `als train` (the in-process cluster) on the same data written out and prepared (`als synth --scale N`).
# Usage: bench/scaling/run.sh [ROUNDS] [WORKDIR]      (SCALES="1 2 4", ITERATIONS=6 by default)
# Writes WORKDIR/scaling.tsv and bench/scaling/scaling.svg (chart.py); see bench/README.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds="${1:-3}"
work="${2:-${TMPDIR:-/tmp}/als-scaling-bench}"
scales="${SCALES:-1 2 4}"
iterations="${ITERATIONS:-6}"
als_options=(--iterations "$iterations" --factors 64 --solver cg --cg-steps 3)
[ -x /usr/bin/time ] || { echo "run.sh: GNU time (Debian package time) is needed to measure peak RSS" >&2; exit 2; }
command -v python3 > /dev/null || { echo "run.sh: python3 is needed to draw the chart" >&2; exit 2; }
mkdir -p "$work"
"$root/als" --version > /dev/null                                   # build before timing

source "$root/bench/medians.sh"                                    # median, run_median
field() { sed -E "s/.*\"$1\":([0-9.]+).*/\1/"; }

results="$work/rounds.txt"; : > "$results"
for scale in $scales; do
  data="$work/dataset-x$scale"
  if [ ! -f "$data/manifest.json" ]; then
    "$root/als" synth --preset 360k --scale "$scale" --out "$work/x$scale.tsv"
    "$root/als" prepare --input "$work/x$scale.tsv" --out "$data" --overwrite
    rm -f "$work/x$scale.tsv" "$work/x$scale.tsv.injected.tsv"
  fi
  for round in $(seq 1 "$rounds"); do
    json=$("$root/als" bench --preset 360k --scale "$scale" "${als_options[@]}" --json)
    echo "$scale $round bare $(echo "$json" | field seconds_per_iteration_median) $(echo "$json" | field peak_rss_mb) $(echo "$json" | field train_nnz)" | tee -a "$results"
    rm -rf "$work/run"
    /usr/bin/time -f "%M" -o "$work/run.rss" "$root/als" train --data "$data" --out "$work/run" "${als_options[@]}" --eval-users 500 > "$work/run.log" 2>&1
    echo "$scale $round train $(run_median "$work/run") $(awk '{ printf "%.1f", $1 / 1024 }' "$work/run.rss")" | tee -a "$results"
  done
done

table="$work/scaling.tsv"
printf 'scale\ttrain_rows\tbare_seconds\tbare_peak_rss_mb\ttrain_seconds\ttrain_peak_rss_mb\n' > "$table"
for scale in $scales; do
  rows=$(awk -v s="$scale" '$1 == s && $3 == "bare" {print $6}' "$results" | head -1)
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$scale" "$rows" \
    "$(awk -v s="$scale" '$1 == s && $3 == "bare" {print $4}' "$results" | median)" \
    "$(awk -v s="$scale" '$1 == s && $3 == "bare" {print $5}' "$results" | median)" \
    "$(awk -v s="$scale" '$1 == s && $3 == "train" {print $4}' "$results" | median)" \
    "$(awk -v s="$scale" '$1 == s && $3 == "train" {print $5}' "$results" | median)" >> "$table"
done
column -t "$table"
python3 "$root/bench/scaling/chart.py" "$table" > "$root/bench/scaling/scaling.svg"
echo "chart: bench/scaling/scaling.svg"

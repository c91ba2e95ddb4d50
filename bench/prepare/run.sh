#!/usr/bin/env bash
# `als prepare` beside DuckDB doing the equivalent (bench/prepare/duckdb-prepare.sql) on the 360k synthetic TSV.
# Usage: bench/prepare/run.sh [RUNS] [WORKDIR]   (defaults: 3 runs, a folder under the system temp directory)
# Prints, per run and tool, wall seconds and peak RSS (from /usr/bin/time), then the medians.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-3}"
work="${2:-${TMPDIR:-/tmp}/als-prepare-bench}"
mkdir -p "$work"
tsv="$work/lastfm-360k.tsv"
[ -f "$tsv" ] || "$root/als" synth --preset 360k --out "$tsv" --inject-faults 90 --duplicates 100
dotnet build -c Release "$root/bench/parquet/Parquet.Bench" > /dev/null   # runs the DuckDB side in process (DuckDB.NET)
benchdll="$root/bench/parquet/Parquet.Bench/bin/Release/net10.0/Parquet.Bench.dll"
"$root/als" --version > /dev/null                      # build before timing

measure() {  # label, command...: prints "label seconds peak_mib"
  local label="$1"; shift
  local log="$work/time.log"
  /usr/bin/time -f "%e %M" -o "$log" "$@" > "$work/$label.out" 2>&1
  read -r seconds kilobytes < "$log"
  echo "$label $seconds $((kilobytes / 1024))"
}

results="$work/results.txt"; : > "$results"
for run in $(seq 1 "$runs"); do
  rm -rf "$work/ours" "$work/duck" && mkdir -p "$work/duck/train"
  measure ours "$root/als" prepare --input "$tsv" --out "$work/ours" | tee -a "$results"
  sed -e "s#{input}#$tsv#g" -e "s#{output}#$work/duck#g" "$root/bench/prepare/duckdb-prepare.sql" > "$work/duck.sql"
  measure duckdb dotnet "$benchdll" --sql "$work/duck.sql" | tee -a "$results"
done
for label in ours duckdb; do
  median=$(grep "^$label " "$results" | awk '{print $2}' | sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}')
  rss=$(grep "^$label " "$results" | awk '{print $3}' | sort -n | tail -1)
  echo "median $label: ${median} s, peak RSS up to ${rss} MiB"
done

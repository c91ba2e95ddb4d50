#!/usr/bin/env bash
# The "Choosing the defaults" table of README.md: default `als train`, then `als evaluate --at 10` on all test users,
# beside its popularity and item-KNN baselines, for each candidate setting, on the public HetRec 2011 Last.fm-2k data
# and on the 20k synthetic preset.
#
# Usage: bench/quality/run.sh HETREC_DIR [WORKDIR]
#   HETREC_DIR  the unpacked hetrec2011-lastfm-2k folder (user_artists.dat, artists.dat); it is only read
#   WORKDIR     prepared datasets and runs (default: $TMPDIR/als-quality-bench); datasets are reused when present
# Environment: THREADS (default 2), DATASETS (default "hetrec synth20k"), CANDIDATES (default: the table's rows; one
# per line, "name|train options").
# Prints one row per data set, candidate and model: P@10, NDCG@10.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
hetrec="${1:?usage: bench/quality/run.sh HETREC_DIR [WORKDIR]}"
work="${2:-${TMPDIR:-/tmp}/als-quality-bench}"
threads="${THREADS:-2}"
candidates="${CANDIDATES:-"default|
old default: linear a=1 l=0.1|--confidence linear --alpha 1 --regularization 0.1
linear a=0.01 l=0.1|--confidence linear --alpha 0.01 --regularization 0.1
log a=1 l=0.1|--confidence log --alpha 1 --regularization 0.1
log a=0.3 l=10|--confidence log --alpha 0.3 --regularization 10
bm25 a=0.03 l=0.1|--confidence bm25 --alpha 0.03 --regularization 0.1
bm25 a=0.01 l=1|--confidence bm25 --alpha 0.01 --regularization 1
bm25 a=0.01 l=10|--confidence bm25 --alpha 0.01 --regularization 10"}"
mkdir -p "$work"

# HetRec's user_artists.dat starts with the header userID/artistID/weight; some copies lost it: add it to a copy.
ratings="$hetrec/user_artists.dat"
if ! head -n 1 "$ratings" | grep -q '^userID'; then
  { printf 'userID\tartistID\tweight\r\n'; cat "$ratings"; } > "$work/user_artists.dat"
  ratings="$work/user_artists.dat"
fi
# Default prepare filters (at least 5 artists per user and 5 listeners per artist): 1,874 users x 2,828 artists.
[ -f "$work/hetrec/manifest.json" ] || "$root/als" prepare --format hetrec --input "$ratings" --artists "$hetrec/artists.dat" \
  --out "$work/hetrec" --threads "$threads" > "$work/prepare-hetrec.log"
if [[ " ${DATASETS:-synth20k} " == *" synth20k "* && ! -f "$work/synth20k/manifest.json" ]]; then
  [ -f "$work/synth20k.tsv" ] || "$root/als" synth --preset 20k --out "$work/synth20k.tsv"
  "$root/als" prepare --input "$work/synth20k.tsv" --out "$work/synth20k" --threads "$threads" > "$work/prepare-synth20k.log"
fi

printf '%-8s  %-30s  %-16s  %7s  %7s\n' data candidate model "P@10" "NDCG@10"
for data in ${DATASETS:-hetrec synth20k}; do
  mkdir -p "$work/runs/$data"
  while IFS='|' read -r name options; do
    [ -n "$name" ] || continue
    run="$work/runs/$data/$(printf '%s' "$name" | tr -c 'A-Za-z0-9.=' '_')"
    rm -rf "$run"
    # shellcheck disable=SC2086  # the options are words
    "$root/als" train --data "$work/$data" --out "$run" --threads "$threads" --no-eval $options > "$run.train.log" 2>&1 \
      || { echo "train failed for $data / $name: see $run.train.log" >&2; exit 1; }
    "$root/als" evaluate --model "$run" --at 10 --threads "$threads" > "$run.evaluate.log" 2>&1 \
      || { echo "evaluate failed for $data / $name: see $run.evaluate.log" >&2; exit 1; }
    # Table rows: │ 10 │ model │ Precision │ Recall │ NDCG │ ...; baselines are printed once per data set.
    awk -F'│' -v data="$data" -v name="$name" '$2 ~ /^ *10 *$/ {
        model = $3; gsub(/^ +| +$/, "", model)
        if (model == "ALS" || name == "default") printf "%-8s  %-30s  %-16s  %7.4f  %7.4f\n", data, (model == "ALS" ? name : "-"), model, $4, $6
      }' "$run.evaluate.log"
  done <<< "$candidates"
done

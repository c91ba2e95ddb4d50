#!/usr/bin/env bash
# Seconds per ALS iteration on one prepared dataset (the 360k synthetic preset), three ways, interleaved round by round
# (in an order that rotates from round to round):
#   (a) the bare solver loop:                  als bench --data DS
#   (b) train in-process:                      als train --data DS                      (a one-node Akka cluster, the default)
#   (c) a local cluster, 2 worker processes:   als cluster --workers 2                  (3 Akka nodes on the loopback)
# plus what (c) moves per iteration: block messages (counted from the worker logs) and Akka.Remote bytes (the TCP
# connections the workers opened to the coordinator's remoting port, both directions, sampled every second with `ss`, which costs nothing), and
# the peak RSS of (b) and of (c)'s coordinator process (GNU time) and worker processes (each logs its own when it leaves).
#
# Usage: bench/distributed/run.sh [ROUNDS] [WORKDIR]      defaults: 3 rounds, $TMPDIR/als-distributed-bench
# Environment: ITERATIONS (default 6; the first is a warm-up, medians are over the rest), FACTORS (64), CG_STEPS (3),
# EVAL_USERS (500: users evaluated after each iteration by (b) and (c); evaluation is outside the timed seconds but
# adds wall time to every round).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds="${1:-3}"
work="${2:-${TMPDIR:-/tmp}/als-distributed-bench}"
iterations="${ITERATIONS:-6}"
als_options=(--iterations "$iterations" --factors "${FACTORS:-64}" --solver cg --cg-steps "${CG_STEPS:-3}")
eval_options=(--eval-users "${EVAL_USERS:-500}")
mkdir -p "$work"
data="$work/dataset"
if [ ! -f "$data/manifest.json" ]; then
  [ -f "$work/lastfm-360k.tsv" ] || "$root/als" synth --preset 360k --out "$work/lastfm-360k.tsv"
  "$root/als" prepare --input "$work/lastfm-360k.tsv" --out "$data" --overwrite
fi
"$root/als" --version > /dev/null                                   # build before timing
command -v ss > /dev/null || { echo "run.sh: ss (Debian package iproute2) is needed to count the remoting bytes" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "run.sh: GNU time (Debian package time) is needed to measure peak RSS" >&2; exit 2; }
port="${CLUSTER_PORT:-25520}"                                       # the coordinator's remoting port in (c)

source "$root/bench/medians.sh"                                    # median, run_median, median_of, median_round_ratio

results="$work/results.txt"; : > "$results"
run_a() {
  a=$("$root/als" bench --data "$data" "${als_options[@]}" --json | sed -E 's/.*"seconds_per_iteration_median":([0-9.]+).*/\1/')
  echo "round $round a $a" | tee -a "$results"
}

run_b() {
  rm -rf "$work/b"
  /usr/bin/time -f "%M" -o "$work/b.rss" "$root/als" train --data "$data" --out "$work/b" "${als_options[@]}" "${eval_options[@]}" > "$work/b.log" 2>&1
  echo "round $round b $(run_median "$work/b")" | tee -a "$results"
  echo "round $round rss-b $(tail -1 "$work/b.rss")" | tee -a "$results"
}

run_c() {
  rm -rf "$work/c" "$work/connections.txt"
  ( while true; do ss -tinH state established "( sport = :$port )" >> "$work/connections.txt" 2> /dev/null || true; sleep 1; done ) &
  sampler=$!
  /usr/bin/time -f "%M" -o "$work/c.rss" "$root/als" cluster --workers 2 --port "$port" --data "$data" --out "$work/c" "${als_options[@]}" "${eval_options[@]}" > "$work/c.log" 2>&1
  kill "$sampler" 2> /dev/null; wait "$sampler" 2> /dev/null || true
  echo "round $round c $(run_median "$work/c")" | tee -a "$results"
  echo "round $round rss-c $(tail -1 "$work/c.rss")" | tee -a "$results"
  # each worker's last line: "... peak RSS N MB"; the largest of the round, in KiB like GNU time's
  echo "round $round rss-w $(cat "$work/c/workers/"*.log | sed -nE 's/.*peak RSS ([0-9]+) MB.*/\1/p' | sort -n | tail -1 | awk '{ printf "%d", $1 * 1e6 / 1024 }')" | tee -a "$results"
  blocks=$(cat "$work/c/workers/"*.log | grep -c '\] done ' || true)
  # ss prints a line per connection (its peer last), then an indented line of counters: keep each peer's largest total.
  bytes=$(awk '/^[^ \t]/ { peer = $NF; next } { n = 0; for (i = 1; i <= NF; i++) if ($i ~ /^bytes_(sent|received):/) { split($i, kv, ":"); n += kv[2] } if (n > max[peer]) max[peer] = n }
               END { for (p in max) total += max[p]; print total + 0 }' "$work/connections.txt")
  echo "round $round traffic $((blocks / iterations)) $((blocks * 2 / iterations)) $((bytes / iterations))" | tee -a "$results"
}

# The order rotates from round to round (a b c, b c a, c a b, ...), so that no configuration always runs first, or
# always right after the others have warmed (or heated) the machine.
for round in $(seq 1 "$rounds"); do
  case $(( (round - 1) % 3 )) in
    0) run_a; run_b; run_c ;;
    1) run_b; run_c; run_a ;;
    2) run_c; run_a; run_b ;;
  esac
done

a=$(median_of a "$results")
b=$(median_of b "$results")
c=$(median_of c "$results")
echo "median seconds per iteration: (a) bare loop $a, (b) train in-process $b, (c) cluster 2 processes $c"
awk -v a="$a" -v b="$b" -v c="$c" 'BEGIN { printf "ratios of the medians: (b)/(a) = %.3f (floor 1.05), (c)/(a) = %.3f (floor 1.10)\n", b / a, c / a }'
# The machine's speed drifts from minute to minute: a round's (b) and (c) are also compared with that round's (a).
rb=$(median_round_ratio b a "$results")
rc=$(median_round_ratio c a "$results")
echo "medians of the per-round ratios: (b)/(a) = $rb, (c)/(a) = $rc"
awk '$3 == "traffic" { print "round " $2 ": " $4 " blocks, " $5 " block messages (commands + answers), " $6 " remoting bytes per iteration" }' "$results"
echo "peak RSS (KiB): (b) $(median_of rss-b "$results"), (c) coordinator process $(median_of rss-c "$results"), (c) largest worker process $(median_of rss-w "$results") (floor 1.5 GB)"

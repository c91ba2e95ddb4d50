#!/usr/bin/env bash
# Latency of `als serve` on a trained model: starts the service on 127.0.0.1, waits until it is ready, runs the open-loop
# load generator (Serve.Bench: GET /recommend n=10 at a fixed rate, then batches of 1,000 users), stops the service.
#
#   bench/serve/run.sh RUNDIR [RATE=200] [SECONDS=30]
#
# Targets (issue 16): GET /recommend n=10 p50 <= 2 ms and p99 <= 10 ms at 200 requests/s; a batch of 1,000 users <= 1 s.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
run="${1:?usage: bench/serve/run.sh RUNDIR [RATE] [SECONDS]}"
rate="${2:-200}"
seconds="${3:-30}"
port="${PORT:-18080}"

"$root/als" --help > /dev/null                                  # builds the CLI once, before anything is timed
dotnet build "$root/bench/serve/Serve.Bench/Serve.Bench.csproj" -c Release --nologo -v quiet > /dev/null

log="$(mktemp)"
"$root/als" serve --model "$run" --port "$port" > "$log" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 600); do
  grep -q "Serving at" "$log" && break
  kill -0 $server 2>/dev/null || { cat "$log"; echo "als serve exited before it was ready" >&2; exit 1; }
  sleep 0.5
done
grep -q "Serving at" "$log" || { cat "$log"; echo "als serve was not ready within 5 minutes" >&2; exit 1; }
cat "$log"

dotnet "$root/bench/serve/Serve.Bench/bin/Release/net10.0/Serve.Bench.dll" --url "http://127.0.0.1:$port/" --rate "$rate" --seconds "$seconds"
echo "server-side histogram (GET /recommend):"
curl -s "http://127.0.0.1:$port/metrics" | grep 'endpoint="/recommend",method="GET"' | grep -E '_bucket|_count'

#!/usr/bin/env bash
# Runs every test project and ends with one line "N passed, N failed[, N skipped]" computed from the
# TRX result files. Exits non-zero when a test failed, a test project did not report, or no test ran.
# Extra arguments go to `dotnet test` (for example: ./test.sh --filter "FullyQualifiedName~Linalg").
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

results=".test-results/run-$(date +%Y%m%d-%H%M%S)-$$"
mkdir -p "$results"

# The report tests drive the Debian package chromium (no browser is downloaded). Install it when missing and we
# are root; otherwise stop at once with the one line to run. The DuckDB oracle is a NuGet package: nothing to do.
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "chromium is missing: installing it (Debian package, for the report tests)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; } \
      || { echo "0 passed, 0 failed"; echo "apt-get install chromium failed"; exit 1; }
  else
    echo "chromium is missing; run: sudo apt-get install -y --no-install-recommends chromium"
    exit 1
  fi
fi

# Build the CLI once, before tests that call ./als run in parallel.
./als --version >/dev/null || { echo "0 passed, 0 failed"; echo "the als CLI does not build"; exit 1; }

dotnet test Pipeline.sln -c Release --logger trx --results-directory "$results" \
  --blame-hang-timeout 15m "$@"
test_status=$?

passed=0; failed=0; skipped=0; reports=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  reports=$((reports + 1))
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  attr() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  total=$(attr total); executed=$(attr executed)
  passed=$((passed + $(attr passed)))
  failed=$((failed + $(attr failed) + $(attr error) + $(attr timeout) + $(attr aborted)))
  skipped=$((skipped + total - executed))
done

projects=$(dotnet sln Pipeline.sln list | grep -c '\.Tests\.csproj$')
summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"

status=0
if [ "$test_status" -ne 0 ]; then status=1; fi
if [ "$reports" -lt "$projects" ]; then
  echo "only $reports of $projects test projects wrote results (see the output above)"; status=1
fi
if [ "$failed" -gt 0 ] || [ "$passed" -eq 0 ]; then status=1; fi
echo "$summary"
exit $status

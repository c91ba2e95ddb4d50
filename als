#!/usr/bin/env bash
# Runs the `als` command. Builds it in Release first, once, and again only when a source file changed,
# so that docs, scripts and tests all call the tool the same way.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$root/.build/als"
stamp="$out/.built"

needs_build() {
  [ -f "$out/als.dll" ] && [ -f "$stamp" ] || return 0
  local newer
  newer="$(find "$root/src" "$root/Directory.Build.props" "$root/Directory.Packages.props" "$root/global.json" \
    -newer "$stamp" \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.json' \) \
    -not -path '*/obj/*' -not -path '*/bin/*' -print -quit)"
  [ -n "$newer" ]
}

if needs_build; then
  mkdir -p "$root/.build"
  exec 9>"$root/.build/.lock"
  flock 9                                   # parallel callers (tests) wait for one build
  if needs_build; then
    echo "als: building the CLI (Release)..." >&2
    touch "$root/.build/.stamp-start"
    if ! build_log="$(dotnet build "$root/src/Cli/Cli.csproj" -c Release -o "$out" --nologo -v quiet 2>&1)"; then
      printf '%s\n' "$build_log" >&2
      echo "als: build failed" >&2
      exit 1
    fi
    mv "$root/.build/.stamp-start" "$stamp"  # the stamp is older than any edit made during the build
  fi
  flock -u 9
fi

exec dotnet "$out/als.dll" "$@"

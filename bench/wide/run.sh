#!/usr/bin/env bash
# Do the wide kernels give the same model with AVX-512 as with AVX2? Trains `als demo` (preset small, 15 iterations)
# three ways in one run and prints each model's factor CRC-32s (model.json):
#   native   the machine as it is (AVX-512 where present)
#   avx2     DOTNET_EnableAVX512F=0: the JIT runs the same Vector512 kernels as two 256-bit halves
#   portable DOTNET_EnableAVX2=0: no wide path; TensorPrimitives only (other sums, so other CRCs are expected)
# On a machine with AVX-512, native and avx2 must match; on one without, the two runs are the same code and prove nothing.
# Usage: bench/wide/run.sh [WORKDIR]        default: $TMPDIR/als-wide
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:-${TMPDIR:-/tmp}/als-wide}"
rm -rf "$work"; mkdir -p "$work"
"$root/als" --version > /dev/null                                   # build once, outside the timed runs
avx512=$(grep -qw avx512f /proc/cpuinfo && echo yes || echo no)
for way in native avx2 portable; do
  case $way in
    native) env=() ;;
    avx2) env=(DOTNET_EnableAVX512F=0) ;;
    portable) env=(DOTNET_EnableAVX2=0) ;;
  esac
  start=$(date +%s%N)
  env "${env[@]}" "$root/als" demo --out "$work/$way" > "$work/$way.log" 2>&1
  seconds=$(awk -v ns=$(( $(date +%s%N) - start )) 'BEGIN { printf "%.1f", ns / 1e9 }')
  crcs=$(grep -oE '"(user|item)_factors_crc32": "[0-9a-f]+"' "$work/$way/model/model.json" | sed -E 's/.*"([0-9a-f]+)"$/\1/' | paste -sd' ')
  echo "$way: factors CRC-32 (users items) $crcs, $seconds s"
  echo "$crcs" > "$work/$way.crc"
done
if cmp -s "$work/native.crc" "$work/avx2.crc"; then same=yes; else same=no; fi
echo "AVX-512 on this machine: $avx512; native and avx2 models identical: $same"
[ "$avx512" = no ] || [ "$same" = yes ]

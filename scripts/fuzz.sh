#!/usr/bin/env bash
# Builds the libFuzzer targets with ASan+UBSan (clang-14) and runs each.
#   scripts/fuzz.sh smoke      20 000 runs per target (part of the test command)
#   scripts/fuzz.sh long [N]   N runs per target (default 1 000 000)
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-smoke}
runs=20000
if [ "$mode" = long ]; then runs=${2:-1000000}; fi
CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DMEET_FUZZ=ON -DMEET_TESTS=OFF >/dev/null
targets=$(ls fuzz/*_fuzz.cpp 2>/dev/null | xargs -r -n1 basename | sed 's/\.cpp$//')
ninja -C build-fuzz $targets
for t in $targets; do
  name=${t%_fuzz}
  corpus=$(mktemp -d)
  if [ -d "fuzz/corpus/$name" ]; then cp -r "fuzz/corpus/$name/." "$corpus/"; fi
  echo "-- $t: $runs runs"
  log=$(mktemp)
  if ! "./build-fuzz/fuzz/$t" -runs="$runs" -max_len=4096 -print_final_stats=1 "$corpus" >"$log" 2>&1; then
    tail -40 "$log"
    echo "fuzz target $t failed"
    exit 1
  fi
  grep -E "stat::number_of_executed_units" "$log" || true
  rm -rf "$corpus" "$log"
done

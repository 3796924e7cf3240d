#!/usr/bin/env bash
# Builds the libFuzzer targets with clang + ASan/UBSan (a separate small build) and runs each for
# the given number of seconds (default 20) from the committed seed corpus. Any crash fails.
set -euo pipefail
SECONDS_PER_TARGET=${1:-20}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
cmake -S fuzz -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo > build-fuzz.configure.log 2>&1 || (cat build-fuzz.configure.log; exit 1)
cmake --build build-fuzz
for target in build-fuzz/fuzz_*; do
  name=$(basename "$target")
  corpus=$(mktemp -d)
  cp fuzz/corpus/"${name#fuzz_}"/* "$corpus"/ 2>/dev/null || true
  echo "running $name for ${SECONDS_PER_TARGET}s"
  "$target" -max_total_time="$SECONDS_PER_TARGET" -print_final_stats=1 "$corpus" 2>&1 | tail -4
  rm -rf "$corpus"
done

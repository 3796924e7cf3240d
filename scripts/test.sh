#!/usr/bin/env bash
# make test: every test a fresh checkout can run.
#  1. the sanitizer/fuzz variant: libFuzzer + ASan/UBSan on the JSON request decoder (short run);
#  2. a throwaway PostgreSQL 15 cluster for the storage and API tests on PostgreSQL;
#  3. ctest over the main build, in parallel. Its summary line closes the output.
set -euo pipefail
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

echo "== fuzz (clang libFuzzer + ASan/UBSan) =="
bash scripts/fuzz.sh 20

PGDIR=$(mktemp -d /tmp/motcua-pg.XXXXXX)
cleanup() { bash scripts/pg-cluster.sh stop "$PGDIR" >/dev/null 2>&1 || true; }
trap cleanup EXIT
export MOTCUA_TEST_PG_URL=$(bash scripts/pg-cluster.sh start "$PGDIR")
echo "== PostgreSQL test cluster: $MOTCUA_TEST_PG_URL =="

echo "== ctest =="
ctest --test-dir "$BUILD" -j"$(nproc)" --output-on-failure --timeout 600

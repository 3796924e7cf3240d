#!/usr/bin/env bash
# make run: migrate, import the bundled administrative units and catalogue slice, seed the demo data, then serve on
# http://127.0.0.1:8080 with SQLite under ./var/. Every step is safe to repeat.
set -euo pipefail
BUILD=${1:-build}
cd "$(dirname "$0")/.."
export MOTCUA_DATA_DIR=${MOTCUA_DATA_DIR:-$PWD/var}
export MOTCUA_WEB_DIR=${MOTCUA_WEB_DIR:-$PWD/web/dist}  # built by `make web` (scripts/build-web.sh)
BIN=$BUILD/motcua
"$BIN" migrate
"$BIN" import units
"$BIN" import catalogue
"$BIN" seed --demo
"$BIN" keys init   # each agency's result-signing key (<data_dir>/keys, mode 0600)
echo
echo "Open http://${MOTCUA_LISTEN_ADDRESS:-127.0.0.1}:${MOTCUA_PORT:-8080}/ (the portal) — demo accounts above (API: POST /api/auth/login)."
echo "API description: http://${MOTCUA_LISTEN_ADDRESS:-127.0.0.1}:${MOTCUA_PORT:-8080}/api/openapi.json — stop with Ctrl+C."
exec "$BIN" serve

#!/usr/bin/env bash
# The public read paths under load (issue #7), each against nginx serving a static file that holds that
# scenario's own answer (the same bytes, captured from motcua before the runs), in the same run, on 127.0.0.1:
#   GET /healthz; GET /api/auth/me with a session; GET /api/tracking/{code} over --codes accepted dossiers
#   (bench/paths.lua); GET /api/procedures?q=… over 16 Vietnamese queries, with and without diacritics
#   (bench/search.lua). Each motcua row runs right after its own nginx row, so both see about the same load from
#   the rest of the machine; --rounds N repeats the whole table. Only the ratios mean something on a shared machine.
# bench/run-load.sh measures the same reads against one healthz-sized file, plus the durable writes.
#
#   bench/run-reads.sh [BUILD_DIR] [--duration 10s] [--connections 64] [--codes 200] [--rounds 1]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=build
DURATION=10s
CONNS=64
CODES=200
ROUNDS=1
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNS=$2; shift 2 ;;
    --codes) CODES=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    *) BUILD=$1; shift ;;
  esac
done
BIN=$ROOT/$BUILD/motcua
command -v wrk >/dev/null || { echo "wrk missing: run scripts/install-deps.sh" >&2; exit 1; }
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { echo "nginx missing: run scripts/install-deps.sh" >&2; exit 1; }
NGINX_BIN=$(command -v nginx || echo /usr/sbin/nginx)

LOAD=$(cut -d" " -f1-3 /proc/loadavg)
WORK=$(mktemp -d /tmp/motcua-reads.XXXXXX)
chmod 755 "$WORK"
MOTCUA_PID=""; NGINX_PID=""
cleanup() {
  [ -n "$MOTCUA_PID" ] && kill "$MOTCUA_PID" 2>/dev/null || true
  [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

export MOTCUA_DATA_DIR=$WORK/var MOTCUA_ACCESS_LOG=false MOTCUA_PORT=$(free_port)
"$BIN" import units >/dev/null
"$BIN" seed --demo >/dev/null
"$BIN" import catalogue >/dev/null
"$BIN" serve > "$WORK/motcua.log" 2>&1 &
MOTCUA_PID=$!
for _ in $(seq 100); do grep -q "listening on" "$WORK/motcua.log" 2>/dev/null && break; sleep 0.1; done
BASE=http://127.0.0.1:$MOTCUA_PORT

COOKIE=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
  -d '{"login":"admin","password":"MotCua@2026"}' "$BASE/api/auth/login" \
  | tr -d '\r' | awk -F'[=;]' 'tolower($1) ~ /^set-cookie: motcua_sid/ {print "motcua_sid="$2}')
[ -n "$COOKIE" ] || { echo "login failed" >&2; cat "$WORK/motcua.log" >&2; exit 1; }
python3 "$ROOT/bench/load_data.py" "$BASE" "$WORK/data" --codes "$CODES" --drafts 1 >/dev/null

# nginx serves each scenario's own answer.
mkdir -p "$WORK/www"
SEARCH_Q='%C4%91%C4%83ng%20k%C3%BD%20t%E1%BA%A1m%20tr%C3%BA'  # "đăng ký tạm trú", the first query of bench/search.lua
curl -sf "$BASE/healthz" > "$WORK/www/healthz.json"
curl -sf -H "Cookie: $COOKIE" "$BASE/api/auth/me" > "$WORK/www/me.json"
curl -sf "$BASE/api/tracking/$(head -n 1 "$WORK/data/codes.txt")" > "$WORK/www/tracking.json"
curl -sf "$BASE/api/procedures?q=$SEARCH_Q" > "$WORK/www/search.json"
NGINX_PORT=$(free_port)
cat > "$WORK/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/json;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/www;
  }
}
CONF
"$NGINX_BIN" -c "$WORK/nginx.conf" -p "$WORK" &
NGINX_PID=$!
sleep 0.5
NGINX=http://127.0.0.1:$NGINX_PORT

run_wrk() {  # url [wrk options...] -> "req/s p50 p99 non-2xx"
  local url=$1 out
  shift
  out=$(wrk -t2 -c"$CONNS" -d"$DURATION" --latency "$url" "$@")
  local rps p50 p99 non2xx
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  echo "$rps $p50 $p99 ${non2xx:-0}"
}
ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }
size() { wc -c < "$1" | tr -d ' '; }
pair() {  # label nginx_file motcua_url [wrk options...]: one nginx row, then the motcua row with its ratio
  local label=$1 file=$2 url=$3 nr np50 np99 ne r p50 p99 e
  shift 3
  read -r nr np50 np99 ne < <(run_wrk "$NGINX/$file")
  read -r r p50 p99 e < <(run_wrk "$url" "$@")
  echo "| nginx static file, $(size "$WORK/www/$file") B | $nr | $np50 | $np99 | $ne | 1.00 |"
  echo "| motcua $label | $r | $p50 | $p99 | $e | $(ratio "$r" "$nr") |"
}

echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r); date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "wrk -t2 -c$CONNS -d$DURATION on 127.0.0.1; servers and wrk share the machine (load average before: $LOAD)"
for round in $(seq "$ROUNDS"); do
  echo
  [ "$ROUNDS" -gt 1 ] && echo "Round $round"
  echo "| scenario | req/s | p50 | p99 | non-2xx | ratio to the nginx row above |"
  echo "|---|---:|---:|---:|---:|---:|"
  pair "GET /healthz" healthz.json "$BASE/healthz"
  pair "GET /api/auth/me (session)" me.json "$BASE/api/auth/me" -H "Cookie: $COOKIE"
  sed 's|^|/api/tracking/|' "$WORK/data/codes.txt" > "$WORK/data/tracking-paths.txt"
  pair "GET /api/tracking/{code} (public, $CODES codes)" tracking.json "$BASE" -s "$ROOT/bench/paths.lua" -- "$WORK/data/tracking-paths.txt"
  pair "GET /api/procedures?q= (16 queries, page of 20)" search.json "$BASE" -s "$ROOT/bench/search.lua"
done
echo
echo "motcua RSS after the runs: $(awk '/VmRSS/ {print $2/1024 " MB"}' /proc/$MOTCUA_PID/status)"

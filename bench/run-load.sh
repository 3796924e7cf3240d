#!/usr/bin/env bash
# First load benchmark (issue #2): wrk against motcua's /healthz and an authenticated GET
# (/api/auth/me with a session cookie), side by side in the same run with nginx serving a static file
# of the same size. Prints a markdown table with ratios to nginx; only the ratios are meaningful on a
# shared 2-core machine. Loopback only; every run is bounded by --duration.
#
#   bench/run-load.sh [BUILD_DIR] [--duration 10s] [--connections 64]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=build
DURATION=10s
CONNS=64
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNS=$2; shift 2 ;;
    *) BUILD=$1; shift ;;
  esac
done
BIN=$ROOT/$BUILD/motcua
command -v wrk >/dev/null || { echo "wrk missing: run scripts/install-deps.sh" >&2; exit 1; }
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { echo "nginx missing: run scripts/install-deps.sh" >&2; exit 1; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

WORK=$(mktemp -d /tmp/motcua-bench.XXXXXX)
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

# motcua with demo data, access log off (we measure the server, not the terminal).
export MOTCUA_DATA_DIR=$WORK/var MOTCUA_ACCESS_LOG=false MOTCUA_PORT=$(free_port)
"$BIN" import units >/dev/null
"$BIN" seed --demo >/dev/null
"$BIN" serve > "$WORK/motcua.log" 2>&1 &
MOTCUA_PID=$!
for _ in $(seq 100); do grep -q "listening on" "$WORK/motcua.log" 2>/dev/null && break; sleep 0.1; done
BASE=http://127.0.0.1:$MOTCUA_PORT

COOKIE=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
  -d '{"login":"admin","password":"MotCua@2026"}' "$BASE/api/auth/login" \
  | tr -d '\r' | awk -F'[=;]' 'tolower($1) ~ /^set-cookie: motcua_sid/ {print "motcua_sid="$2}')
[ -n "$COOKIE" ] || { echo "login failed" >&2; cat "$WORK/motcua.log" >&2; exit 1; }

# nginx serves a static file the size of motcua's /healthz answer.
mkdir -p "$WORK/www"
curl -s "$BASE/healthz" > "$WORK/www/healthz.json"
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
  client_body_temp_path $WORK/tmp;
  server { listen 127.0.0.1:$NGINX_PORT; root $WORK/www; }
}
CONF
mkdir -p "$WORK/tmp"
"$NGINX" -c "$WORK/nginx.conf" -p "$WORK" &
NGINX_PID=$!
sleep 0.5

run_wrk() {  # name url [header] -> "req/s p50 p99"
  local out
  if [ -n "${3:-}" ]; then
    out=$(wrk -t2 -c"$CONNS" -d"$DURATION" --latency -H "$3" "$2")
  else
    out=$(wrk -t2 -c"$CONNS" -d"$DURATION" --latency "$2")
  fi
  local rps p50 p99 non2xx
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  echo "$rps $p50 $p99 ${non2xx:-0}"
}

read -r N_RPS N_P50 N_P99 N_ERR < <(run_wrk nginx "http://127.0.0.1:$NGINX_PORT/healthz.json")
read -r H_RPS H_P50 H_P99 H_ERR < <(run_wrk healthz "$BASE/healthz")
read -r A_RPS A_P50 A_P99 A_ERR < <(run_wrk me "$BASE/api/auth/me" "Cookie: $COOKIE")
RSS=$(awk '/VmRSS/ {print $2/1024 " MB"}' /proc/$MOTCUA_PID/status)

ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }
echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r); date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "wrk -t2 -c$CONNS -d$DURATION on 127.0.0.1; server and wrk share the machine"
echo
echo "| scenario | req/s | p50 | p99 | non-2xx | ratio to nginx-static |"
echo "|---|---:|---:|---:|---:|---:|"
echo "| nginx static file (baseline) | $N_RPS | $N_P50 | $N_P99 | $N_ERR | 1.00 |"
echo "| motcua GET /healthz | $H_RPS | $H_P50 | $H_P99 | $H_ERR | $(ratio "$H_RPS" "$N_RPS") |"
echo "| motcua GET /api/auth/me (session) | $A_RPS | $A_P50 | $A_P99 | $A_ERR | $(ratio "$A_RPS" "$N_RPS") |"
echo
echo "motcua RSS after the runs: $RSS"

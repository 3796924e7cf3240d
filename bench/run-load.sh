#!/usr/bin/env bash
# Load benchmarks (issues #2 and #4), each side by side in the same run with nginx as the baseline, on
# 127.0.0.1 only. Prints a markdown table with ratios; only the ratios are meaningful on a shared 2-core machine.
#
#   reads (wrk -t2 -c$CONNECTIONS, against nginx serving a static file the size of /healthz):
#     GET /healthz; GET /api/auth/me with a session; GET /api/tracking/{code}, the public lookup, over
#     --codes accepted dossiers;
#   durable writes (against nginx's WebDAV PUT writing the same bytes to a file, no fsync):
#     POST /api/dossiers/{id}/attachments with a unique 200 KB PDF (wrk, --connections), answered after the
#     file is fsynced under its SHA-256 and its row committed;
#     the whole online submission, draft + 200 KB upload + submit (--clients connections of
#     BUILD_DIR/bench/submission_client, or bench/submission_load.py when that is not built).
#
#   bench/run-load.sh [BUILD_DIR] [--duration 10s] [--connections 64] [--clients 16] [--codes 200]
set -euo pipefail
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=build
DURATION=10s
CONNS=64
CLIENTS=16
CODES=200
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNS=$2; shift 2 ;;
    --clients) CLIENTS=$2; shift 2 ;;
    --codes) CODES=$2; shift 2 ;;
    *) BUILD=$1; shift ;;
  esac
done
BIN=$ROOT/$BUILD/motcua
command -v wrk >/dev/null || { echo "wrk missing: run scripts/install-deps.sh" >&2; exit 1; }
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { echo "nginx missing: run scripts/install-deps.sh" >&2; exit 1; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

LOAD=$(cut -d" " -f1-3 /proc/loadavg)  # other work on a shared machine moves every figure
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
"$BIN" import catalogue >/dev/null  # the procedure the dossiers are for
"$BIN" serve > "$WORK/motcua.log" 2>&1 &
MOTCUA_PID=$!
for _ in $(seq 100); do grep -q "listening on" "$WORK/motcua.log" 2>/dev/null && break; sleep 0.1; done
BASE=http://127.0.0.1:$MOTCUA_PORT

COOKIE=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
  -d '{"login":"admin","password":"MotCua@2026"}' "$BASE/api/auth/login" \
  | tr -d '\r' | awk -F'[=;]' 'tolower($1) ~ /^set-cookie: motcua_sid/ {print "motcua_sid="$2}')
[ -n "$COOKIE" ] || { echo "login failed" >&2; cat "$WORK/motcua.log" >&2; exit 1; }
# Dossiers with public codes, drafts to upload to, a 200 KB scan, the citizen's session.
python3 "$ROOT/bench/load_data.py" "$BASE" "$WORK/data" --codes "$CODES" --drafts "$CODES"
# shellcheck disable=SC1091
. "$WORK/data/session.sh"

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
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/www;
    location /put/ { dav_methods PUT; client_max_body_size 2m; }
  }
}
CONF
mkdir -p "$WORK/tmp" "$WORK/www/put"
chmod 777 "$WORK/tmp" "$WORK/www/put"  # nginx's worker may run as another user
"$NGINX" -c "$WORK/nginx.conf" -p "$WORK" &
NGINX_PID=$!
sleep 0.5

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
NGINX=http://127.0.0.1:$NGINX_PORT
DATA=$WORK/data

read -r N_RPS N_P50 N_P99 N_ERR < <(run_wrk "$NGINX/healthz.json")
read -r H_RPS H_P50 H_P99 H_ERR < <(run_wrk "$BASE/healthz")
read -r A_RPS A_P50 A_P99 A_ERR < <(run_wrk "$BASE/api/auth/me" -H "Cookie: $COOKIE")
sed 's|^|/api/tracking/|' "$DATA/codes.txt" > "$DATA/tracking-paths.txt"
read -r T_RPS T_P50 T_P99 T_ERR < <(run_wrk "$BASE" -s "$ROOT/bench/paths.lua" -- "$DATA/tracking-paths.txt")
read -r P_RPS P_P50 P_P99 P_ERR < <(run_wrk "$NGINX" -s "$ROOT/bench/upload.lua" -- "$DATA/scan.pdf" nginx)
read -r U_RPS U_P50 U_P99 U_ERR < <(run_wrk "$BASE" -s "$ROOT/bench/upload.lua" -- "$DATA/scan.pdf" motcua \
  "$CITIZEN_COOKIE" "$CITIZEN_CSRF" "$DATA/drafts.txt")
SECS=${DURATION%s}
# The C++ client (bench/submission_client.cpp) when built; the Python one (a ceiling of ~700/s here) otherwise.
SUBMIT_CLIENT=("$ROOT/$BUILD/bench/submission_client")
[ -x "${SUBMIT_CLIENT[0]}" ] || SUBMIT_CLIENT=(python3 "$ROOT/bench/submission_load.py")
read -r SN_RPS SN_P50 SN_P99 SN_ERR < <("${SUBMIT_CLIENT[@]}" nginx "$NGINX" "$DATA" \
  --clients "$CLIENTS" --duration "$SECS")
read -r S_RPS S_P50 S_P99 S_ERR < <("${SUBMIT_CLIENT[@]}" motcua "$BASE" "$DATA" \
  --clients "$CLIENTS" --duration "$SECS")
RSS=$(awk '/VmRSS/ {print $2/1024 " MB"}' /proc/$MOTCUA_PID/status)
# Every upload above was a new blob: check the store holds them, so dedup did not flatter the figures.
BLOBS=$(find "$MOTCUA_DATA_DIR/blobs" -type f | wc -l)

ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }
echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r); date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "wrk -t2 -c$CONNS -d$DURATION, submissions with $CLIENTS connections of $(basename "${SUBMIT_CLIENT[-1]}"), on 127.0.0.1; servers and clients share the machine (load average before: $LOAD)"
echo
echo "| scenario | req/s | p50 | p99 | non-2xx | ratio to baseline |"
echo "|---|---:|---:|---:|---:|---:|"
echo "| nginx static file (baseline for reads) | $N_RPS | $N_P50 | $N_P99 | $N_ERR | 1.00 |"
echo "| motcua GET /healthz | $H_RPS | $H_P50 | $H_P99 | $H_ERR | $(ratio "$H_RPS" "$N_RPS") |"
echo "| motcua GET /api/auth/me (session) | $A_RPS | $A_P50 | $A_P99 | $A_ERR | $(ratio "$A_RPS" "$N_RPS") |"
echo "| motcua GET /api/tracking/{code} (public, $CODES codes) | $T_RPS | $T_P50 | $T_P99 | $T_ERR | $(ratio "$T_RPS" "$N_RPS") |"
echo "| nginx PUT 200 KB to a file (baseline for uploads) | $P_RPS | $P_P50 | $P_P99 | $P_ERR | 1.00 |"
echo "| motcua POST 200 KB PDF attachment (fsync + commit) | $U_RPS | $U_P50 | $U_P99 | $U_ERR | $(ratio "$U_RPS" "$P_RPS") |"
echo "| nginx PUT of the 3 submission bodies, same client (baseline) | $SN_RPS | $SN_P50 | $SN_P99 | $SN_ERR | 1.00 |"
echo "| motcua whole submission: draft + 200 KB upload + submit | $S_RPS | $S_P50 | $S_P99 | $S_ERR | $(ratio "$S_RPS" "$SN_RPS") |"
echo
echo "The last two rows count submissions (3 requests each) per second and the latency of all three."
echo "motcua RSS after the runs: $RSS; blobs stored: $BLOBS"

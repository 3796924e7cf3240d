#!/usr/bin/env bash
# Instructions per request of the public read paths, counted by callgrind (repeatable on a shared machine,
# unlike req/s): GET /healthz, GET /api/auth/me with a session, GET /api/tracking/{code} over --codes
# dossiers, GET /api/procedures?q=… (Vietnamese words with and without diacritics). Each scenario sends
# --requests keep-alive requests after a warm-up; the counters are zeroed before and dumped after it, so
# start-up and data preparation are not counted.
#
#   bench/profile-reads.sh [BUILD_DIR] [--requests 2000] [--codes 200] [--keep DIR]
#   (--keep DIR leaves the callgrind.out.* files there for callgrind_annotate)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=build
REQUESTS=2000
CODES=200
KEEP=""
while [ $# -gt 0 ]; do
  case "$1" in
    --requests) REQUESTS=$2; shift 2 ;;
    --codes) CODES=$2; shift 2 ;;
    --keep) KEEP=$2; shift 2 ;;
    *) BUILD=$1; shift ;;
  esac
done
BIN=$ROOT/$BUILD/motcua
command -v valgrind >/dev/null || { echo "valgrind missing" >&2; exit 1; }

WORK=$(mktemp -d /tmp/motcua-profile.XXXXXX)
PID=""
cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_listening() { for _ in $(seq 600); do grep -q "listening on" "$1" 2>/dev/null && return; sleep 0.1; done; cat "$1" >&2; exit 1; }

export MOTCUA_DATA_DIR=$WORK/var MOTCUA_ACCESS_LOG=false MOTCUA_PORT=$(free_port)
BASE=http://127.0.0.1:$MOTCUA_PORT
"$BIN" import units >/dev/null
"$BIN" seed --demo >/dev/null
"$BIN" import catalogue >/dev/null
# The data is prepared at full speed, then the server runs again under callgrind on the same files.
"$BIN" serve > "$WORK/prep.log" 2>&1 &
PID=$!
wait_listening "$WORK/prep.log"
python3 "$ROOT/bench/load_data.py" "$BASE" "$WORK/data" --codes "$CODES" --drafts 1 >/dev/null
kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""

mkdir -p "$WORK/cg"
valgrind --tool=callgrind --callgrind-out-file="$WORK/cg/callgrind.out.%p" "$BIN" serve > "$WORK/serve.log" 2>&1 &
PID=$!
wait_listening "$WORK/serve.log"

# One keep-alive client, requests in sequence: the count is what matters, not the speed.
python3 - "$BASE" "$WORK/data" "$REQUESTS" "$PID" "$WORK/cg" <<'PY'
import http.client, json, subprocess, sys, urllib.parse, os, glob
base, data, n, pid, cg = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
u = urllib.parse.urlsplit(base)
conn = http.client.HTTPConnection(u.hostname, u.port, timeout=600)
def get(path, headers={}):
    conn.request("GET", path, headers=headers)
    r = conn.getresponse(); r.read()
    if r.status != 200: sys.exit(f"{path}: {r.status}")
conn.request("POST", "/api/auth/login", body=json.dumps({"login": "admin", "password": "MotCua@2026"}),
             headers={"Content-Type": "application/json"})
r = conn.getresponse(); r.read()
cookie = [v.split(";")[0] for k, v in r.getheaders() if k.lower() == "set-cookie" and v.startswith("motcua_sid=")][0]
codes = [l.strip() for l in open(os.path.join(data, "codes.txt")) if l.strip()]
queries = ["đăng ký tạm trú", "dang ky tam tru", "khai sinh", "khai sinh cho trẻ em", "chứng thực bản sao",
           "chung thuc ban sao", "hộ kinh doanh", "ho kinh doanh", "cấp giấy phép", "cap giay phep", "kết hôn", "ket hon",
           "đất đai", "dat dai", "thay đổi nội dung", "thay doi noi dung"]  # each with and without diacritics (bench/run has its own 16)
scenarios = [
    ("GET /healthz", lambda i: get("/healthz")),
    ("GET /api/auth/me (session)", lambda i: get("/api/auth/me", {"Cookie": cookie})),
    (f"GET /api/tracking/{{code}} ({len(codes)} codes)", lambda i: get("/api/tracking/" + codes[i % len(codes)])),
    ("GET /api/procedures?q= (16 queries)", lambda i: get("/api/procedures?q=" + urllib.parse.quote(queries[i % len(queries)]))),
]
print(f"| scenario | instructions per request (callgrind, {n} requests) |")
print("|---|---:|")
for name, f in scenarios:
    for i in range(50): f(i)  # warm-up: statement caches, first-use allocations
    subprocess.run(["callgrind_control", "-z", pid], check=True, capture_output=True)
    for i in range(n): f(i)
    before = set(glob.glob(os.path.join(cg, "*")))
    subprocess.run(["callgrind_control", "-d", name.split()[1].strip("/").replace("/", "_")[:20], pid], check=True, capture_output=True)
    total = 0
    for path in set(glob.glob(os.path.join(cg, "*"))) - before:
        with open(path) as fh:
            for line in fh:
                if line.startswith("summary:") or line.startswith("totals:"):
                    total += int(line.split()[1]); break
    print(f"| {name} | {total / n:,.0f} |")
PY
if [ -n "$KEEP" ]; then mkdir -p "$KEEP"; cp "$WORK"/cg/* "$KEEP"/; fi

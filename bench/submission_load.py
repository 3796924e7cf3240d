"""Closed-loop load of whole online submissions, for bench/run when bench/submission_client is not built. Each
of N clients (one keep-alive connection each) repeats, for the duration:

  motcua: POST /api/dossiers (the draft with its e-form) -> POST /api/dossiers/{id}/attachments (a 200 KB PDF,
          unique bytes) -> POST /api/dossiers/{id}/submit. The submit answer comes after the commit, so a
          counted submission survives a crash of the server (tests/api/test_kill.py);
  nginx:  the same three bodies PUT as files to nginx's WebDAV location (the baseline: the same bytes through
          the same client, written to disk without fsync or a database).

Prints one line "submissions/s p50 p99 failed" (latency of the whole three-request submission). The client is
Python: the nginx row shows its ceiling on this machine.

    python3 bench/submission_load.py motcua|nginx URL DATA_DIR [--clients 16] [--duration 10]
"""
import argparse
import http.client
import json
import os
import threading
import time
import urllib.parse

BOUNDARY = "motcuaBenchBoundary7d1f"
SLOT = b"%MOTCUA-UNIQ-0000000000000000"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=("motcua", "nginx"))
    ap.add_argument("url")
    ap.add_argument("data", help="the directory bench/load_data.py wrote")
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--duration", type=float, default=10.0)
    a = ap.parse_args()

    u = urllib.parse.urlsplit(a.url)
    session = {}
    with open(os.path.join(a.data, "session.sh")) as f:
        for line in f:
            k, _, v = line.strip().partition("=")
            session[k] = v.strip("'")
    with open(os.path.join(a.data, "draft.json"), "rb") as f:
        draft = f.read()
    with open(os.path.join(a.data, "scan.pdf"), "rb") as f:
        pdf = f.read()
    at = pdf.index(SLOT)
    head = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"giay_to_1\"; filename=\"ban-quet.pdf\"\r\n"
            "Content-Type: application/pdf\r\n\r\n").encode() + pdf[:at]
    tail = pdf[at + len(SLOT):] + f"\r\n--{BOUNDARY}--\r\n".encode()
    submit = json.dumps({"channel": "online"}).encode()
    auth = {"Cookie": session["CITIZEN_COOKIE"], "X-CSRF-Token": session["CITIZEN_CSRF"]}

    latencies, failed = [], [0]
    lock = threading.Lock()
    deadline = time.monotonic() + a.duration

    def call(conn, method, path, body, ctype):
        conn.request(method, path, body=body, headers={**auth, "Content-Type": ctype})
        r = conn.getresponse()
        return r.status, r.read()

    def client(no):
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
        n = 0
        mine, bad = [], 0
        while time.monotonic() < deadline:
            n += 1
            uniq = b"%%MOTCUA-UNIQ-%04d%012d" % (no, n)
            upload = head + uniq + tail
            start = time.monotonic()
            if a.mode == "motcua":
                status, body = call(conn, "POST", "/api/dossiers", draft, "application/json")
                if status == 201:
                    did = json.loads(body)["id"]
                    status, _ = call(conn, "POST", f"/api/dossiers/{did}/attachments", upload,
                                     f"multipart/form-data; boundary={BOUNDARY}")
                    if status == 201:
                        status, _ = call(conn, "POST", f"/api/dossiers/{did}/submit", submit, "application/json")
                ok = status == 200
            else:
                name = uniq[13:].decode()
                ok = all(call(conn, "PUT", f"/put/{name}{suffix}", body, "application/octet-stream")[0] in (201, 204)
                         for suffix, body in (("-draft.json", draft), (".pdf", upload), ("-submit.json", submit)))
            if ok:
                mine.append(time.monotonic() - start)
            else:
                bad += 1
        with lock:
            latencies.extend(mine)
            failed[0] += bad

    began = time.monotonic()
    threads = [threading.Thread(target=client, args=(i + 1,)) for i in range(a.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began
    latencies.sort()

    def pct(p):
        return f"{latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000:.2f}ms" if latencies else "-"

    print(f"{len(latencies) / elapsed:.2f} {pct(0.50)} {pct(0.99)} {failed[0]}")


if __name__ == "__main__":
    main()

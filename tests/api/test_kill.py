"""Kill test: citizens submit dossiers with attachments concurrently while the server is killed with
SIGKILL at random moments and restarted. Afterwards every submission the server acknowledged must exist
with all its attachments intact (SHA-256 of the stored file), and no submitted dossier may be missing a
file it was given (no half-dossier). Short by default (make test); MOTCUA_KILL_ROUNDS makes it longer.

Acknowledged = POST /api/dossiers/{id}/submit answered 200: the submission is the moment the dossier
becomes the agency's (status 1); the draft and its uploads before it are the applicant's own work."""
import hashlib
import json
import os
import random
import signal
import threading
import time
import unittest

from harness import Server, main

ROUNDS = int(os.environ.get("MOTCUA_KILL_ROUNDS", "3"))
WORKERS = 4


def pdf_bytes(rng, size):
    body = bytes(rng.getrandbits(8) for _ in range(size))
    return b"%PDF-1.4\n" + body + b"\n%%EOF\n"


def multipart(field, filename, content):
    boundary = "motcua%016x" % random.getrandbits(64)
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\n"
            "Content-Type: application/pdf\r\n\r\n").encode()
    return f"multipart/form-data; boundary={boundary}", head + content + f"\r\n--{boundary}--\r\n".encode()


class KillTest(unittest.TestCase):
    def test_acknowledged_submissions_survive_sigkill_whole(self):
        with Server() as s:
            s.motcua("import", "catalogue")
            admin = s.client()
            admin.login("admin")
            agencies = {a["qcvn102_code"]: a["id"] for a in admin.get("/api/agencies?per_page=200").json["items"]}
            counter = agencies["000.01.61.H52"]  # commune A's one-stop unit
            # A complete Mẫu CT01 e-form: submission validates it (data/eforms/1.004194.json).
            with open(os.path.join(os.path.dirname(__file__), "..", "..", "data", "eforms", "examples", "1.004194.json")) as f:
                eform = json.load(f)
            citizen = s.client()
            citizen.login("congdan@example.vn")
            session = (dict(citizen.cookies), citizen.csrf)

            acknowledged = {}  # dossier id -> sha256 of its file
            uploaded = {}      # dossier id -> sha256 the server stored (201 on upload)
            lock = threading.Lock()
            stop = threading.Event()

            def worker(seed):
                rng = random.Random(seed)
                while not stop.is_set():
                    c = s.client()
                    c.cookies, c.csrf = dict(session[0]), session[1]
                    try:
                        r = c.post("/api/dossiers", {"procedure_code": "1.004194", "agency_id": counter,
                                                     "applicant_name": "Nguyễn Thị Hằng",
                                                     "applicant_id_number": "001190012345",
                                                     "eform_data": eform})
                        if r.status != 201:
                            continue
                        did = r.json["id"]
                        content = pdf_bytes(rng, rng.randint(20_000, 200_000))
                        ctype, body = multipart("giay_to_1", "to-khai.pdf", content)
                        r = c.request("POST", f"/api/dossiers/{did}/attachments", raw=body,
                                      headers={"Content-Type": ctype})
                        if r.status != 201:
                            continue
                        digest = hashlib.sha256(content).hexdigest()
                        self.assertEqual(r.json["items"][0]["sha256"], digest)
                        with lock:
                            uploaded[did] = digest
                        r = c.post(f"/api/dossiers/{did}/submit", {"channel": "online"})
                        if r.status == 200:
                            with lock:
                                acknowledged[did] = digest
                    except (OSError, ConnectionError):
                        time.sleep(0.05)  # the server is down; the restart follows

            threads = [threading.Thread(target=worker, args=(i,)) for i in range(WORKERS)]
            for t in threads:
                t.start()
            rng = random.Random(2026)
            for _ in range(ROUNDS):
                time.sleep(rng.uniform(0.5, 2.0))
                s.proc.send_signal(signal.SIGKILL)
                s.proc.wait()
                s.start()  # same data directory and database, a new port
            time.sleep(1.0)
            stop.set()
            for t in threads:
                t.join(timeout=30)

            self.assertGreater(len(acknowledged), 0, "no submission was acknowledged: the test proved nothing")
            check = s.client()
            check.cookies, check.csrf = dict(session[0]), session[1]
            lost = []  # every acknowledged dossier that is gone, not submitted, or not whole
            for did, digest in sorted(acknowledged.items()):
                r = check.get(f"/api/dossiers/{did}")
                if r.status != 200:
                    lost.append(f"dossier {did}: GET answered {r.status}")
                    continue
                if r.json["status"] != 1:
                    lost.append(f"dossier {did}: status {r.json['status']}, not submitted")
                files = r.json["attachments"]
                if [f["sha256"] for f in files] != [digest]:
                    lost.append(f"dossier {did}: attachments {files}, expected one with {digest}")
                path = os.path.join(s.dir, "blobs", digest[:2], digest[2:4], digest)
                try:
                    with open(path, "rb") as f:
                        if hashlib.sha256(f.read()).hexdigest() != digest:
                            lost.append(f"dossier {did}: stored file corrupted")
                except FileNotFoundError:
                    lost.append(f"dossier {did}: stored file missing")

            # No half-dossier: every submitted dossier, acknowledged or not, carries the file it was uploaded with.
            half, total, page = [], 0, 1
            while True:
                listing = check.get(f"/api/dossiers?per_page=200&page={page}").json
                total = listing["total"]
                for item in listing["items"]:
                    if item["status"] is None:
                        continue  # drafts are the applicant's unfinished work
                    full = check.get(f"/api/dossiers/{item['id']}").json
                    if not full["attachments"]:
                        half.append(f"submitted dossier {item['id']} has no attachment")
                    elif item["id"] in uploaded and full["attachments"][0]["sha256"] != uploaded[item["id"]]:
                        half.append(f"submitted dossier {item['id']} has another file than the one uploaded")
                if page * 200 >= total:
                    break
                page += 1
            backend = "PostgreSQL" if s.pg_url else "SQLite"
            print(f"kill test ({backend}): {ROUNDS} rounds, {len(acknowledged)} submissions acknowledged, "
                  f"{len(lost)} lost, {len(half)} half-dossiers visible ({total} dossiers in all)", flush=True)
            self.assertEqual(lost, [])
            self.assertEqual(half, [])
            self.assertEqual(s.motcua("audit", "verify").returncode, 0)

if __name__ == "__main__":
    main()

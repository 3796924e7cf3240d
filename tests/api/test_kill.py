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
            for did, digest in acknowledged.items():
                r = check.get(f"/api/dossiers/{did}")
                self.assertEqual(r.status, 200, r.text)
                self.assertEqual(r.json["status"], 1, f"acknowledged dossier {did} is not submitted")
                files = r.json["attachments"]
                self.assertEqual([f["sha256"] for f in files], [digest], f"dossier {did} lost its file")
                path = os.path.join(s.dir, "blobs", digest[:2], digest[2:4], digest)
                with open(path, "rb") as f:
                    self.assertEqual(hashlib.sha256(f.read()).hexdigest(), digest, f"file of {did} corrupted")

            # No half-dossier: every submitted dossier carries the file it was uploaded with.
            page = check.get("/api/dossiers?per_page=200").json
            for item in page["items"]:
                if item["status"] is None:
                    continue  # drafts are the applicant's unfinished work
                full = check.get(f"/api/dossiers/{item['id']}").json
                self.assertTrue(full["attachments"], f"submitted dossier {item['id']} has no attachment")
                if item["id"] in uploaded:
                    self.assertEqual(full["attachments"][0]["sha256"], uploaded[item["id"]])
            self.assertEqual(s.motcua("audit", "verify").returncode, 0)
            print(f"kill test: {ROUNDS} SIGKILLs, {len(acknowledged)} acknowledged submissions intact, "
                  f"{page['total']} dossiers in all")


if __name__ == "__main__":
    main()

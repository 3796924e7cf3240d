"""Prepares the dossier scenarios of bench/run and bench/profile-reads.sh against a running motcua with the
catalogue:

  - CODES dossiers that commune A's one-stop officer has accepted, so each has a public code; their codes go to
    <out>/codes.txt, one a line (the public lookup reads a different row each request, not one cached row);
  - DRAFTS drafts of the citizen for the attachment upload scenario, ids in <out>/drafts.txt;
  - <out>/scan.pdf: a real one-page PDF of about 200 KB (an 8-bit grey scan, random pixels so nothing
    compresses), with a fixed-width slot "%MOTCUA-UNIQ-0000000000000000" the load scripts overwrite so every
    upload stores a new blob instead of deduplicating on one SHA-256;
  - <out>/session.sh: the citizen's cookie and CSRF token, and the agency id, as shell variables.

    python3 bench/load_data.py URL OUT_DIR [--codes 200] [--drafts 200]
"""
import argparse
import http.client
import json
import os
import random
import sys
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROCEDURE = "1.004194"        # Đăng ký tạm trú, in the bundled catalogue slice
COUNTER = "000.01.61.H52"     # commune A's one-stop unit in the demo tree
PASSWORD = "MotCua@2026"
UNIQ = b"%MOTCUA-UNIQ-0000000000000000"


class Session:
    def __init__(self, url):
        u = urllib.parse.urlsplit(url)
        self.conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
        self.cookie, self.csrf = "", ""

    def call(self, method, path, body=None, expect=(200, 201)):
        headers = {"Accept": "application/json"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        if self.csrf and method != "GET":
            headers["X-CSRF-Token"] = self.csrf
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        self.conn.request(method, path, body=data, headers=headers)
        r = self.conn.getresponse()
        text = r.read().decode()
        if r.status not in expect:
            sys.exit(f"{method} {path}: {r.status} {text[:300]}")
        for k, v in r.getheaders():
            if k.lower() == "set-cookie" and v.startswith("motcua_sid="):
                self.cookie = v.split(";", 1)[0]
        return json.loads(text) if text else None

    def login(self, login):
        self.csrf = self.call("POST", "/api/auth/login", {"login": login, "password": PASSWORD})["csrf_token"]


def scan_pdf(size=200_000):
    """A valid one-page PDF whose page is a grey image of `size` random bytes (a stand-in for a scan)."""
    width = 500
    height = size // width
    pixels = random.Random(2026).randbytes(width * height)
    content = f"q {width} 0 0 {height} 0 0 cm /Im0 Do Q".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] /Contents 4 0 R "
        "/Resources << /XObject << /Im0 5 0 R >> >> >>".encode(),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        f"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceGray "
        f"/BitsPerComponent 8 /Length {len(pixels)} >>\nstream\n".encode() + pixels + b"\nendstream",
    ]
    out = b"%PDF-1.4\n" + UNIQ + b"\n"
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("out")
    ap.add_argument("--codes", type=int, default=200)
    ap.add_argument("--drafts", type=int, default=200)
    a = ap.parse_args()

    admin, citizen, officer = Session(a.url), Session(a.url), Session(a.url)
    admin.login("admin")
    citizen.login("congdan@example.vn")
    officer.login("motcua.xa_a")
    agencies = {x["qcvn102_code"]: x["id"] for x in admin.call("GET", "/api/agencies?per_page=200")["items"]}
    agency = agencies[COUNTER]
    admin.call("PUT", f"/api/agencies/{agency}/services/{PROCEDURE}", {"level": "xa", "workflow_key": "one-step"})
    with open(os.path.join(ROOT, "data", "eforms", "examples", PROCEDURE + ".json"), encoding="utf-8") as f:
        eform = json.load(f)
    draft = {"procedure_code": PROCEDURE, "agency_id": agency, "applicant_name": "Nguyễn Thị Hằng",
             "applicant_id_number": "001190012345", "eform_data": eform}

    codes = []
    for _ in range(a.codes):
        did = citizen.call("POST", "/api/dossiers", draft)["id"]
        citizen.call("POST", f"/api/dossiers/{did}/submit", {"channel": "online"})
        codes.append(officer.call("POST", f"/api/dossiers/{did}/actions/accept", {})["code"])
    drafts = [citizen.call("POST", "/api/dossiers", draft)["id"] for _ in range(a.drafts)]

    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "codes.txt"), "w") as f:
        f.write("\n".join(codes) + "\n")
    with open(os.path.join(a.out, "drafts.txt"), "w") as f:
        f.write("\n".join(map(str, drafts)) + "\n")
    with open(os.path.join(a.out, "scan.pdf"), "wb") as f:
        f.write(scan_pdf())
    with open(os.path.join(a.out, "draft.json"), "w", encoding="utf-8") as f:
        json.dump(draft, f, ensure_ascii=False)
    with open(os.path.join(a.out, "session.sh"), "w") as f:
        f.write(f"CITIZEN_COOKIE='{citizen.cookie}'\nCITIZEN_CSRF='{citizen.csrf}'\nAGENCY_ID={agency}\n")
    print(f"{len(codes)} dossiers with a code, {len(drafts)} drafts, scan.pdf", file=sys.stderr)


if __name__ == "__main__":
    main()

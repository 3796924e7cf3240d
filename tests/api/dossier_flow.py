"""Shared helpers for the dossier-lifecycle API tests (test_dossier_*.py).

    from dossier_flow import Flow
    s = Server(); s.__enter__(); s.motcua("import", "catalogue")
    f = Flow(s)                                  # logs in the demo actors, creates the extra officials once
    d = f.submit("online")                        # a dossier for PROCEDURE at commune A's one-stop unit
    d = f.act("motcua.xa_a", d["id"], "accept", status=2)

Actors are named by login (demo accounts, and the extra officials this module creates at commune A:
CHUYENVIEN_A (specialist) and LANHDAO_A (leader), so appraisal and approval happen in scope of the
commune). `f.client(name)` is a logged-in Client kept for the whole Server.
"""
import copy
import json
import os
import re
import unittest
import urllib.parse
import uuid

from harness import DEMO_PASSWORD, Server

PROCEDURE = "1.004194"  # Đăng ký tạm trú (cấp xã), in the bundled catalogue slice
CITIZEN = "congdan@example.vn"
CITIZEN_EMAIL = "congdan@example.vn"

# QCVN 102 codes of the demo tree (src/app/demo_agencies.cpp).
ROOT = "000.00.00.H52"
SO_TU_PHAP = "000.00.12.H52"
XA_A = "000.00.61.H52"
XA_A_MOT_CUA = "000.01.61.H52"
XA_B = "000.00.62.H52"
XA_B_MOT_CUA = "000.01.62.H52"

# The CT01 e-form of the procedure (data/eforms/examples/1.004194.json) when the tree has e-form schemas;
# the server validates eform_data against data/eforms/<procedure>.json.
_EFORM_EXAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "eforms", "examples",
                              PROCEDURE + ".json")


def eform_example():
    if os.path.exists(_EFORM_EXAMPLE):
        with open(_EFORM_EXAMPLE, encoding="utf-8") as f:
            return json.load(f)
    return {}


CHUYENVIEN_A = "chuyenvien.xa_a"
LANHDAO_A = "lanhdao.xa_a"
NEW_PASSWORD = "Canbothu2026x"

EFORM = eform_example()

WORKFLOWS = ("one-step", "appraisal-approval", "inter-agency")
CHANNELS = ("online", "counter", "postal", "third_party")

# TT 03/2025/TT-VPCP Điều 13.3 (rule set from 25/01/2026): QĐ 20 code of the receiving unit + YYYYMMDD + seq;
# TT 01/2018 Điều 19 before that: QCVN 102 code + YYMMDD + seq.
CODE_RE = re.compile(r"^(H52\.61\.01-\d{8}-\d{6}|000\.01\.61\.H52-\d{6}-\d{4,})$")


def multipart(field, filename, content_type, content, boundary="mcXYZ"):
    """One file part as multipart/form-data: (headers, body) for Client.request(..., raw=body, headers=headers)."""
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\n"
            f"Content-Type: {content_type}\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return {"Content-Type": f"multipart/form-data; boundary={boundary}"}, body


class FlowTestCase(unittest.TestCase):
    """One Server per test class with the catalogue imported, a Flow, and commune A's one-stop unit using
    `workflow` (None: leave the service unconfigured). Subclasses add their own class set-up in set_up_class."""
    workflow = "one-step"
    server_env = {}  # extra MOTCUA_* settings for the class's server

    @classmethod
    def setUpClass(cls):
        cls.server = Server(env=cls.server_env)
        cls.server.__enter__()
        try:
            cls.server.motcua("import", "catalogue")
            cls.flow = Flow(cls.server)
            if cls.workflow:
                cls.flow.configure_service(XA_A_MOT_CUA, cls.workflow)
            cls.set_up_class()
        except BaseException:
            cls.server.__exit__(None, None, None)
            raise

    @classmethod
    def set_up_class(cls):
        pass

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)


def unique(prefix):
    return f"{prefix}{uuid.uuid4().hex[:8]}"


def valid_cccd():
    """A 12-digit CCCD: province 014 (Sơn La), century/sex 1 (male, 1900s), year 90, random 6 digits."""
    return "014190" + f"{uuid.uuid4().int % 1000000:06d}"


class Flow:
    def __init__(self, server):
        self.s = server
        self.clients = {}
        self.user_ids = {}
        admin = self.client("admin")
        r = admin.get("/api/agencies?per_page=200")
        assert r.status == 200, r
        self.agency = {a["qcvn102_code"]: a["id"] for a in r.json["items"]}
        self._create_official(CHUYENVIEN_A, "Lò Văn Chuyên (chuyên viên xã A, thử)", "specialist", XA_A)
        self._create_official(LANHDAO_A, "Cầm Thị Đạo (lãnh đạo xã A, thử)", "leader", XA_A)

    # --- actors --------------------------------------------------------------------------------------------

    def client(self, name):
        """A logged-in client for that login, kept for the Server's lifetime."""
        if name not in self.clients:
            c = self.s.client()
            password = NEW_PASSWORD if name in (CHUYENVIEN_A, LANHDAO_A) else DEMO_PASSWORD
            r = c.login(name, password)
            self.user_ids[name] = r.json["user"]["id"] if "user" in r.json else r.json.get("id")
            self.clients[name] = c
        return self.clients[name]

    def user_id(self, name):
        if self.user_ids.get(name) is None:
            me = self.client(name).get("/api/auth/me")
            assert me.status == 200, me
            self.user_ids[name] = me.json.get("id") or me.json["user"]["id"]
        return self.user_ids[name]

    def _create_official(self, username, full_name, role, agency_code):
        admin = self.client("admin")
        r = admin.post("/api/users", {"username": username, "full_name": full_name,
                                      "email": username + "@example.vn",
                                      "roles": [{"role": role, "agency_id": self.agency[agency_code]}]})
        assert r.status == 201, r
        self.user_ids[username] = r.json["id"]
        c = self.s.client()
        c.login(username, r.json["initial_password"])
        r = c.post("/api/auth/password", {"current_password": r.json["initial_password"], "new_password": NEW_PASSWORD})
        assert r.status == 204, r
        c.login(username, NEW_PASSWORD)
        self.clients[username] = c

    def register_citizen(self):
        """A second citizen account (its own e-mail); returns (client, email)."""
        email = unique("cd") + "@example.vn"
        c = self.s.client()
        r = c.post("/api/auth/register", {"account_type": "citizen", "full_name": "Lò Văn Khác", "email": email,
                                         "password": "Matkhau2026x", "id_number": valid_cccd()})
        assert r.status == 201, r
        c.login(email, "Matkhau2026x")
        self.clients[email] = c
        return c, email

    # --- configuration -------------------------------------------------------------------------------------

    def configure_service(self, agency_code, workflow_key=None, promised=None, procedure=PROCEDURE, level="xa"):
        """PUT /api/agencies/{id}/services/{code}: the workflow and the promised time (amount, unit) the agency
        uses for the procedure."""
        body = {"level": level}
        if workflow_key:
            body["workflow_key"] = workflow_key
        if promised:
            body["promised_time_amount"], body["promised_time_unit"] = promised
        r = self.client("admin").put(f"/api/agencies/{self.agency[agency_code]}/services/{procedure}", body)
        assert r.status in (200, 201), r
        return r.json

    # --- submission on each channel ------------------------------------------------------------------------

    def draft_body(self, agency_code=XA_A_MOT_CUA, procedure=PROCEDURE, **extra):
        body = {"procedure_code": procedure, "agency_id": self.agency[agency_code],
                "applicant_name": "Nguyễn Thị Dân", "applicant_id_number": extra.pop("id_number", valid_cccd()),
                "applicant_phone": "0912345678", "applicant_email": CITIZEN_EMAIL,
                "applicant_address": "Tổ 2, phường Tô Hiệu, tỉnh Sơn La", "delivery": "online",
                "eform_data": copy.deepcopy(EFORM)}
        body.update(extra)
        return body

    def submit(self, channel, citizen=CITIZEN, agency_code=XA_A_MOT_CUA, procedure=PROCEDURE, **extra):
        """A submitted dossier (status 1) on that channel; returns the dossier JSON of the submission."""
        body = self.draft_body(agency_code, procedure, **extra)
        if channel in ("online", "third_party"):
            c = self.client(citizen)
            r = c.post("/api/dossiers", body)
            assert r.status == 201, r
            assert r.json["state"] == "draft" and r.json["status"] is None, r
            sub = {"channel": channel}
            if channel == "third_party":
                sub["on_behalf_authorisation"] = "Giấy ủy quyền số 12/UQ ngày 01/11/2026, chứng thực tại UBND P. Tô Hiệu"
            r = c.post(f"/api/dossiers/{r.json['id']}/submit", sub)
            assert r.status == 200, r
        else:
            actor = "motcua.xa_a" if channel == "counter" else "buudien"
            if agency_code == XA_B_MOT_CUA and channel == "counter":
                actor = "motcua.xa_b"
            body["channel"] = channel
            body["owner_user_id"] = self.user_id(citizen)
            r = self.client(actor).post("/api/intake", body)
            assert r.status == 201, r
        d = r.json
        assert d["status"] == 1 and d["channel"] == channel, d
        return d

    # --- actions -------------------------------------------------------------------------------------------

    def act(self, actor, dossier_id, action, body=None, expect=200, status=None, code=None):
        """POST /api/dossiers/{id}/actions/{action} as `actor`; asserts the HTTP status, the national status
        (1–10) and/or the error code; returns the Reply's JSON (the dossier on success)."""
        r = self.client(actor).post(f"/api/dossiers/{dossier_id}/actions/{action}", body or {})
        assert r.status == expect, f"{actor} {action} on {dossier_id}: expected {expect}, got {r}"
        if status is not None:
            assert r.json["status"] == status, f"{action}: status {r.json['status']} != {status}: {r}"
        if code is not None:
            assert r.json["error"]["code"] == code, f"{action}: error {r.json['error']['code']} != {code}"
        return r.json

    def get(self, actor, dossier_id, expect=200):
        r = self.client(actor).get(f"/api/dossiers/{dossier_id}")
        assert r.status == expect, f"{actor} GET {dossier_id}: expected {expect}, got {r}"
        return r.json

    def history(self, dossier_id, actor="admin"):
        return self.get(actor, dossier_id)["history"]

    def queue(self, actor, name):
        r = self.client(actor).get(f"/api/queues/{name}?per_page=100")
        assert r.status == 200, r
        return r.json["items"]

    def search(self, actor, id_number):
        return self.client(actor).get("/api/dossiers?" + urllib.parse.urlencode({"id_number": id_number}))

"""Each default workflow template (data/workflows/*.json: one-step, appraisal-approval, inter-agency) walked
over HTTP on each submission channel (online, counter, postal, third party), from submission (status 1) to
the result returned (status 10), through every step the template requires.

After every step: the HTTP status, the national status (TrangThaiHoSo 1–10), that the acting role is one the
template allows and that a wrong role is refused (403), and the number of history rows. At the end: the
dossier code format (TT 03/2025/TT-VPCP Điều 13.3), the stored timeliness (QĐ 766/QĐ-TTg), one e-mail to the
applicant per status change in the file sink, every history row's role allowed by the template for its
action, and `motcua audit verify` on the whole chain.

Officials act on dossiers whose current agency lies in their grant's subtree: the dossier stays at commune A
(the one-stop unit hands it to the commune's own specialist and leader, created by dossier_flow.Flow), and for
inter-agency it consults Sở Tư pháp, whose specialist answers.
"""
import datetime
import json
import os
import time
import unittest

from dossier_flow import (CHANNELS, CHUYENVIEN_A, CITIZEN, CODE_RE, LANHDAO_A, SO_TU_PHAP, WORKFLOWS, XA_A_MOT_CUA,
                          Flow)
from harness import Server, main

HERE = os.path.dirname(os.path.abspath(__file__))
WORKFLOW_DIR = os.path.normpath(os.path.join(HERE, "..", "..", "data", "workflows"))

def load_templates():
    out = {}
    for key in WORKFLOWS:
        with open(os.path.join(WORKFLOW_DIR, key + ".json"), encoding="utf-8") as f:
            out[key] = json.load(f)
    return out


def local_in(days):
    """'YYYY-MM-DD HH:MM' Vietnam time, `days` calendar days from now."""
    t = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=7))) + datetime.timedelta(days=days)
    return t.strftime("%Y-%m-%d %H:%M")


class DossierWorkflowsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.templates = load_templates()
        cls.server = Server()
        cls.server.__enter__()
        try:
            cls.server.motcua("import", "catalogue")
            cls.flow = Flow(cls.server)
        except BaseException:
            cls.server.__exit__(None, None, None)
            raise

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    # --- helpers -------------------------------------------------------------------------------------------

    def roles_of(self, template, action, from_state):
        for a in self.templates[template]["actions"]:
            if a["key"] == action and (not a["from"] or from_state in a["from"] or from_state == "draft"):
                return a["roles"]
        self.fail(f"{template} has no action {action} from {from_state}")

    def step(self, w, actor, action, body=None, status=None, state=None):
        """One allowed action: 200, the national status and state, one more history row by that actor."""
        f = self.flow
        d = f.act(actor, w["id"], action, body, status=status)
        if state:
            self.assertEqual(d["state"], state, d)
        w["rows"] += 1
        self.check_history(w, action, actor)
        return d

    def refused(self, w, actor, action, body=None, expect=403, code=None):
        """A refused action changes nothing: no history row."""
        self.flow.act(actor, w["id"], action, body, expect=expect, code=code)
        self.assertEqual(len(self.flow.history(w["id"])), w["rows"])

    def check_history(self, w, action, actor):
        h = self.flow.history(w["id"])
        self.assertEqual(len(h), w["rows"], [r["action"] for r in h])
        last = h[-1]
        self.assertEqual(last["action"], action)
        self.assertEqual(last["actor_user_id"], self.flow.user_id(actor))
        self.assertIn(last["actor_role"], self.roles_of(w["template"], action, last["from_state"]))

    def consult(self, w, question):
        r = self.flow.client(CHUYENVIEN_A).post(f"/api/dossiers/{w['id']}/consultations", {
            "to_agency_id": self.flow.agency[SO_TU_PHAP], "question": question, "due_at": local_in(3)})
        self.assertEqual(r.status, 201, r.text)
        w["rows"] += 1
        self.check_history(w, "consult", CHUYENVIEN_A)
        d = self.flow.get("admin", w["id"])
        self.assertTrue(d["flags"]["open_consultations"])
        return r.json["id"]

    def answer(self, w, cid):
        stp = self.flow.client("chuyenvien.stp")
        # The consulted agency sees the question in its inbox and the dossier it was asked about.
        inbox = stp.get("/api/consultations").json["items"]
        self.assertIn(cid, [c["id"] for c in inbox])
        self.assertEqual(stp.get(f"/api/dossiers/{w['id']}").status, 200)
        # Commune B's officer has no grant on Sở Tư pháp: refused.
        r = self.flow.client("motcua.xa_b").post(f"/api/consultations/{cid}/answer", {"answer": "Không phải việc của tôi"})
        self.assertEqual(r.status, 403, r.text)
        r = stp.post(f"/api/consultations/{cid}/answer", {"answer": "Sở Tư pháp thống nhất, không có ý kiến khác."})
        self.assertEqual(r.status, 200, r.text)
        self.assertFalse(r.json["flags"]["open_consultations"])
        w["rows"] += 1
        self.check_history(w, "answer_consultation", "chuyenvien.stp")
        # Answering twice is refused.
        again = stp.post(f"/api/consultations/{cid}/answer", {"answer": "Lần hai"})
        self.assertEqual(again.status, 409, again.text)

    # --- the walk ------------------------------------------------------------------------------------------

    def walk(self, template, channel):
        f = self.flow
        f.configure_service(XA_A_MOT_CUA, template)
        d = f.submit(channel)
        self.assertEqual(d["workflow_key"], template)
        w = {"id": d["id"], "template": template, "rows": 1}
        submit_row = f.history(w["id"])
        self.assertEqual(len(submit_row), 1)
        self.assertEqual(submit_row[0]["action"], "submit")
        self.assertIn(submit_row[0]["actor_role"], self.roles_of(template, "submit", "draft"))
        self.assertEqual(submit_row[0]["to_status"], 1)
        if channel == "third_party":
            self.assertEqual(d["submitted_by_role"], "third_party")
        elif channel == "counter":
            self.assertEqual(d["submitted_by_role"], "one_stop_officer")
        elif channel == "postal":
            self.assertEqual(d["submitted_by_role"], "postal_staff")

        # Tiếp nhận (NĐ 61/2018 Điều 17): the one-stop officer of commune A only.
        self.refused(w, CITIZEN, "accept")
        self.refused(w, "motcua.xa_b", "accept")
        self.refused(w, CHUYENVIEN_A, "accept")
        d = self.step(w, "motcua.xa_a", "accept", status=2, state="received")
        self.assertRegex(d["code"], CODE_RE)
        self.assertIsNotNone(d["due_at_ms"])
        self.assertIn(d["received_at_local"][:10].replace("-", ""), d["code"])

        # Chuyển (Điều 18): at a commune the one-stop unit hands over to its own specialists.
        self.refused(w, CHUYENVIEN_A, "transfer", {"to_agency_id": f.agency[XA_A_MOT_CUA]})
        nxt = "processing" if template == "one-step" else "awaiting_assignment"
        self.step(w, "motcua.xa_a", "transfer", {"to_agency_id": f.agency[XA_A_MOT_CUA]}, status=4, state=nxt)

        if template == "one-step":
            self.refused(w, "motcua.xa_a", "complete", {"title": "Xác nhận tạm trú số 1/XN"})
            self.refused(w, CITIZEN, "complete", {"title": "Xác nhận tạm trú số 1/XN"})
        else:
            if template == "appraisal-approval":
                # Phân công (Điều 19.1): the leader assigns; a specialist cannot.
                self.refused(w, CHUYENVIEN_A, "assign", {"assignee_user_id": f.user_id(CHUYENVIEN_A)})
                d = self.step(w, LANHDAO_A, "assign", {"assignee_user_id": f.user_id(CHUYENVIEN_A)},
                              status=4, state="appraisal")
            else:
                # Nhận xử lý: a specialist claims it; a leader cannot claim.
                self.refused(w, LANHDAO_A, "claim")
                d = self.step(w, CHUYENVIEN_A, "claim", status=4, state="appraisal")
            self.assertEqual(d["assignee_user_id"], f.user_id(CHUYENVIEN_A))

            if template == "inter-agency":
                # Liên thông (Điều 19): a sub-case to Sở Tư pháp blocks the proposal while open.
                cid = self.consult(w, "Đề nghị Sở Tư pháp cho ý kiến về giấy tờ nhân thân.")
                self.refused(w, CHUYENVIEN_A, "propose", {"note": "Đủ điều kiện"}, expect=409,
                             code="no_open_consultations")
                self.answer(w, cid)

            self.refused(w, LANHDAO_A, "propose", {"note": "Đủ điều kiện"})
            self.step(w, CHUYENVIEN_A, "propose", {"note": "Đủ điều kiện, đề nghị phê duyệt"}, status=4,
                      state="awaiting_approval")

            if template == "inter-agency":
                # A second sub-case while awaiting approval: approval (and so completion) waits for it.
                cid = self.consult(w, "Bổ sung: xác minh nơi ở hợp pháp.")
                self.refused(w, LANHDAO_A, "approve", expect=409, code="no_open_consultations")
                self.refused(w, LANHDAO_A, "complete", {"title": "Xác nhận tạm trú"}, expect=409)
                self.answer(w, cid)

            self.refused(w, CHUYENVIEN_A, "approve")
            self.step(w, LANHDAO_A, "approve", {"note": "Đồng ý"}, status=4, state="approved")
            self.refused(w, "motcua.xa_a", "complete", {"title": "Xác nhận tạm trú số 1/XN"})

        completer = CHUYENVIEN_A if template == "one-step" else LANHDAO_A
        d = self.step(w, completer, "complete", {"title": "Xác nhận đăng ký tạm trú số 1/XN-CAX"}, status=9,
                      state="completed")
        # QĐ 766/QĐ-TTg: completed well before the due date (days ahead) → early.
        self.assertEqual(d["timeliness"], "early")
        self.assertIsNotNone(d["completed_at_ms"])

        # Trả kết quả (Điều 20): the one-stop unit, or the postal staff for a postal dossier.
        self.refused(w, CHUYENVIEN_A, "return_result")
        self.refused(w, CITIZEN, "return_result")
        returner = "buudien" if channel == "postal" else "motcua.xa_a"
        d = self.step(w, returner, "return_result", {"note": "Đã trả"}, status=10, state="returned")
        self.assertIsNotNone(d["returned_at_ms"])
        # Terminal: nothing more happens.
        self.refused(w, "motcua.xa_a", "return_result", expect=409)

        # The history: one row per transition, chained statuses, the clock started once at reception.
        full = f.get("admin", w["id"])
        h = full["history"]
        self.assertEqual([r["seq"] for r in h], list(range(1, len(h) + 1)))
        for prev, row in zip(h, h[1:]):
            self.assertEqual(row["from_status"], prev["to_status"], row)
            self.assertEqual(row["from_state"], prev["to_state"], row)
            self.assertIn(row["actor_role"], self.roles_of(template, row["action"], row["from_state"]), row)
            self.assertTrue(row["actor_name"])
        self.assertEqual([r["clock_effect"] for r in h if r["clock_effect"] != "none"], ["start"])
        self.assertEqual(h[1]["due_after_ms"], full["due_at_ms"])
        self.assertEqual(full["timeliness"], "early")
        self.assertEqual(full["status"], 10)

        # Thông báo: one e-mail to the applicant per status change (the QR token is in every link).
        changes = sum(1 for r in h if r["from_status"] != r["to_status"])
        self.assertEqual(changes, 5)  # statuses 1, 2, 4, 9, 10
        token = full["qr_token"]
        deadline = time.time() + 15
        while time.time() < deadline:
            mails = [m for m in self.server.mail_files() if token in m]
            if len(mails) >= changes:
                break
            time.sleep(0.2)
        time.sleep(0.3)
        mails = [m for m in self.server.mail_files() if token in m]
        self.assertEqual(len(mails), changes, mails)
        for m in mails:
            self.assertIn("To: congdan@example.vn", m)
        self.assertTrue(any(full["code"] in m for m in mails))

    def test_zz_audit_chain_intact(self):
        p = self.server.motcua("audit", "verify")
        self.assertIn("intact", p.stdout)


def _make(template, channel):
    def test(self):
        self.walk(template, channel)
    test.__doc__ = f"{template} on the {channel} channel: submission to return"
    return test


for _t in WORKFLOWS:
    for _c in CHANNELS:
        setattr(DossierWorkflowsTest, f"test_{_t.replace('-', '_')}_{_c}", _make(_t, _c))


if __name__ == "__main__":
    main()

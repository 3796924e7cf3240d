"""Agency scope on a real dossier: the one-stop officer of commune B can neither read nor act on a dossier
received by commune A, through any /api/dossiers/{id}... route the server has (taken from `motcua routes`, so a
new route is covered the day it is added), and the refused attempts leave the dossier as it was. The access
matrix (test_access_matrix.py) checks these routes with a missing dossier; this file with one that exists."""
import datetime
import re

from dossier_flow import SO_TU_PHAP, FlowTestCase, multipart
from harness import main

OUTSIDER = "motcua.xa_b"   # one_stop_officer of commune B (xã Mai Sơn)
INSIDER = "motcua.xa_a"    # one_stop_officer of commune A (phường Tô Hiệu), where the dossier is received
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# A plausible body for each route that takes one, so that only the scope can be the reason for a refusal.
ACTION_BODIES = {
    "accept": {},
    "refuse": {"reason": "Không thuộc thẩm quyền"},
    "request_supplement": {"items": [{"component": "Tờ khai", "reason": "Thiếu chữ ký"}]},
    "withdraw": {"reason": "Rút hộ"},
    "approve": {},  # not an action of this dossier's one-step workflow: the outsider must not learn that either
}


class DossierScopeTest(FlowTestCase):
    @classmethod
    def set_up_class(cls):
        cls.dossier = cls.flow.submit("online")
        cls.routes = [r for r in cls.server.motcua("routes").stdout.split("\n") if "/api/dossiers/{id}" in r]

    def requests_for(self, route):
        """(method, path, json body, raw body, headers) for each way this test calls the route."""
        method, pattern = route.split(" ", 1)
        path = pattern.replace("{id}", str(self.dossier["id"]))
        path = path.replace("{attachment_id}", "1").replace("{result_id}", "1").replace("{form}", "mau-01.pdf")
        if "{action}" in path:
            return [(method, path.replace("{action}", a), body, None, None) for a, body in ACTION_BODIES.items()]
        if path.endswith("/attachments") or path.endswith("/result-files"):
            headers, raw = multipart("To khai CT01", "to-khai.pdf", "application/pdf", PDF)
            return [(method, path, None, raw, headers)]
        if path.endswith("/consultations"):
            due = (datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=7)))
                   + datetime.timedelta(days=3)).strftime("%Y-%m-%d %H:%M")
            return [(method, path, {"to_agency_id": self.flow.agency[SO_TU_PHAP], "question": "Xin ý kiến",
                                    "due_at": due}, None, None)]
        if method == "PUT":
            return [(method, path, self.flow.draft_body(), None, None)]
        if path.endswith("/submit"):
            return [(method, path, {"channel": "online"}, None, None)]
        return [(method, path, None, None, None)]

    def test_commune_b_cannot_read_or_act_on_commune_a_dossier(self):
        self.assertGreaterEqual(len(self.routes), 10, self.routes)
        admin = self.flow.client("admin")
        before = admin.get(f"/api/dossiers/{self.dossier['id']}").json
        outsider = self.flow.client(OUTSIDER)
        leaks = []
        for route in self.routes:
            for method, path, body, raw, headers in self.requests_for(route):
                r = outsider.request(method, path, body=body, raw=raw, headers=headers)
                if r.status not in (403, 404):
                    leaks.append(f"{method} {path}: {r.status} {r.text[:120]}")
                elif self.dossier["applicant_id_number"] in r.text:
                    leaks.append(f"{method} {path}: the refusal shows the applicant's CCCD")
        self.assertEqual(leaks, [], "commune B reached commune A's dossier:\n" + "\n".join(leaks))

        after = admin.get(f"/api/dossiers/{self.dossier['id']}").json
        self.assertEqual((after["status"], after["version"], len(after["history"]), len(after["attachments"])),
                         (before["status"], before["version"], len(before["history"]), len(before["attachments"])))
        self.assertNotIn(self.dossier["id"], [d["id"] for d in self.flow.queue(OUTSIDER, "to_receive")])

        # The same requests are open to commune A's officer: the refusals were about scope alone.
        self.assertEqual(self.flow.get(INSIDER, self.dossier["id"])["id"], self.dossier["id"])
        accepted = self.flow.act(INSIDER, self.dossier["id"], "accept", status=2)
        self.assertTrue(re.match(r"^\S+-\d{6,8}-\d{4,6}$", accepted["code"]), accepted["code"])
        r = outsider.get(f"/api/dossiers/{self.dossier['id']}/documents/mau-01.pdf")
        self.assertEqual(r.status, 404, r.text[:200])
        self.assertEqual(self.flow.client(INSIDER).get(f"/api/dossiers/{self.dossier['id']}/documents/mau-01.pdf").status,
                         200)


if __name__ == "__main__":
    main()

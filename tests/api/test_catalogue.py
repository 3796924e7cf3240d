"""The procedure catalogue end to end: `motcua import catalogue` loads the bundled slice of the real
catalogue with a parse-rate report and can be re-run; the diacritics-insensitive search with its filters
and pagination over HTTP; the structured detail; the per-agency service configuration with its scope
rules and audit rows; and an unparseable line that stops the import with file:line and changes nothing."""
import gzip
import os
import shutil
import tempfile
import unicodedata
import unittest
import urllib.parse
import json

from harness import Server, assert_error_shape, main

HERE = os.path.dirname(os.path.abspath(__file__))
SLICE = os.path.normpath(os.path.join(HERE, "..", "..", "data", "catalogue"))
DVCQG = os.path.join("tthc-dvcqg-bo-nganh", "procedures.jsonl")
BQP = os.path.join("tthc-bqp-quoc-phong", "procedures_bqp.jsonl")


def slice_records(relative):
    with gzip.open(os.path.join(SLICE, relative + ".gz"), "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def q(params):
    return "/api/procedures?" + urllib.parse.urlencode(params)


class CatalogueTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.portal = slice_records(DVCQG)
        cls.bqp = slice_records(BQP)
        cls.server = Server(import_units=False)
        cls.server.__enter__()
        cls.first_import = cls.server.motcua("import", "catalogue")
        admin = cls.server.client()
        admin.login("admin")
        cls.agencies = {a["qcvn102_code"]: a["id"] for a in admin.get("/api/agencies?per_page=200").json["items"]}

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    @property
    def s(self):
        return self.server

    def total(self):
        return self.s.client().get("/api/procedures?per_page=1").json["total"]

    # --- import ------------------------------------------------------------------------------------------

    def test_import_reports_parse_rates_and_can_be_rerun(self):
        n = len(self.portal) + len(self.bqp)
        out = self.first_import.stdout
        self.assertIn(f"{len(self.portal)} records", out)
        self.assertIn(f"{len(self.bqp)} records", out)
        self.assertIn("parse rates", out)
        for field in ("processing_time", "fees", "components", "decision", "levels"):
            self.assertRegex(out, rf"\n  {field} +\d+ +\d+ +\d+\.\d%\n")
        self.assertIn(f"stored 250/{n}", out)  # progress every 250 records
        self.assertIn(f"procedures: {n} inserted, 0 new versions, 0 updated, 0 unchanged", out)
        self.assertEqual(self.total(), n)

        again = self.s.motcua("import", "catalogue")
        self.assertIn(f"procedures: 0 inserted, 0 new versions, 0 updated, {n} unchanged", again.stdout)
        self.assertEqual(self.total(), n)

    def test_an_unparseable_line_stops_the_import_and_changes_nothing(self):
        before = self.total()
        tmp = tempfile.mkdtemp(prefix="motcua-catalogue-")
        try:
            # A plain (uncompressed) copy: the first file renames a procedure, the second has a broken line 3.
            os.makedirs(os.path.join(tmp, os.path.dirname(DVCQG)))
            os.makedirs(os.path.join(tmp, os.path.dirname(BQP)))
            with open(os.path.join(tmp, DVCQG), "w", encoding="utf-8") as f:
                for r in self.portal:
                    if r["ma_thu_tuc"] == "1.004194":
                        r = dict(r, ten_thu_tuc="Đăng ký tạm trú (bản thử)")
                    f.write(json.dumps(r, ensure_ascii=False) + "\n")
            bad = os.path.join(tmp, BQP)
            with open(bad, "w", encoding="utf-8") as f:
                for i, r in enumerate(self.bqp):
                    f.write(json.dumps(r, ensure_ascii=False) + "\n")
                    if i == 1:
                        f.write('{"thu_tuc_id": "1.999999", "metadata": {\n')
            p = self.s.motcua("import", "catalogue", "--from", tmp, check=False)
            self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
            self.assertIn(f"error: {bad}:3: ", p.stdout)
            self.assertIn("nothing was changed", p.stdout)
            self.assertEqual(self.total(), before)
            self.assertEqual(self.s.client().get("/api/procedures/1.004194").json["name"], "Đăng ký tạm trú")

            # A record without its code is refused the same way, naming its line.
            with open(bad, "w", encoding="utf-8") as f:
                f.write(json.dumps({"metadata": {"tên_thủ_tục": "Thủ tục không có mã"}}, ensure_ascii=False) + "\n")
            p = self.s.motcua("import", "catalogue", "--from", tmp, check=False)
            self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
            self.assertIn(f"error: {bad}:1: ", p.stdout)
            self.assertEqual(self.total(), before)

            # A missing source is named too.
            os.remove(bad)
            p = self.s.motcua("import", "catalogue", "--from", tmp, check=False)
            self.assertEqual(p.returncode, 1)
            self.assertIn("cannot find", p.stdout)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    # --- search ------------------------------------------------------------------------------------------

    def test_search_ignores_diacritics_and_case(self):
        c = self.s.client()
        for text in ("dang ky tam tru", "Đăng ký tạm trú", "DANG KY TAM TRU", "đăng ký tạm trú"):
            r = c.get(q({"q": text}))
            self.assertEqual(r.status, 200, r.text)
            first = r.json["items"][0]
            self.assertEqual((first["code"], first["name"]), ("1.004194", "Đăng ký tạm trú"), text)
        names = [i["name"] for i in c.get(q({"q": "dang ky tam tru", "per_page": 200})).json["items"]]
        self.assertIn("Xóa đăng ký tạm trú", names)
        # đ folds to d: "dat dai" finds the land procedures.
        r = c.get(q({"q": "dat dai", "per_page": 200}))
        self.assertGreater(r.json["total"], 40)
        self.assertTrue(any("đất đai" in i["name"].lower() for i in r.json["items"]))
        # The code finds its procedure first.
        self.assertEqual(c.get(q({"q": "1.004194"})).json["items"][0]["code"], "1.004194")
        # Nothing matches nonsense; the answer is still a page.
        empty = c.get(q({"q": "khong co thu tuc nay xyzw"})).json
        self.assertEqual((empty["total"], empty["items"], empty["page"]), (0, [], 1))

    def test_filters_and_pagination(self):
        c = self.s.client()
        nfc = lambda s: unicodedata.normalize("NFC", s)
        civil = [r for r in self.portal if nfc(r["linh_vuc"]) == "Hộ tịch"]
        r = c.get(q({"sector": "Ho tich", "per_page": 200}))  # the sector compares folded
        self.assertEqual(r.status, 200, r.text)
        self.assertEqual(r.json["total"], len(civil))
        self.assertTrue(all(i["sector"] == "Hộ tịch" for i in r.json["items"]))

        r = c.get(q({"q": "dang ky", "sector": "Hộ tịch", "level": "xa", "per_page": 200}))
        self.assertGreater(r.json["total"], 0)
        for i in r.json["items"]:
            self.assertEqual(i["sector"], "Hộ tịch")
            self.assertIn("xa", i["levels"])
        by_level = c.get(q({"level": "tinh", "per_page": 200})).json
        self.assertTrue(all("tinh" in i["levels"] for i in by_level["items"]))
        self.assertEqual(c.get(q({"online_level": "unknown", "per_page": 1})).json["total"] +
                         c.get(q({"online_level": "full", "per_page": 1})).json["total"] +
                         c.get(q({"online_level": "partial", "per_page": 1})).json["total"] +
                         c.get(q({"online_level": "none", "per_page": 1})).json["total"], self.total())

        # Pages cut one ordered list and all carry the total.
        whole = c.get(q({"q": "dang ky", "per_page": 200})).json
        self.assertGreater(whole["total"], 10)
        pages = []
        for page in (1, 2, 3):
            p = c.get(q({"q": "dang ky", "per_page": 4, "page": page})).json
            self.assertEqual((p["page"], p["per_page"], p["total"]), (page, 4, whole["total"]))
            pages += [i["code"] for i in p["items"]]
        self.assertEqual(pages, [i["code"] for i in whole["items"][:12]])

        for bad in ({"level": "huyện"}, {"online_level": "4"}, {"agency_id": "abc"}, {"per_page": 0}, {"q": "x" * 201}):
            assert_error_shape(self, c.get(q(bad)), 422)

    def test_detail_is_structured(self):
        c = self.s.client()
        r = c.get("/api/procedures/1.004194")
        self.assertEqual(r.status, 200, r.text)
        d = r.json
        self.assertEqual(d["name"], "Đăng ký tạm trú")
        self.assertEqual(d["sector"], "Đăng ký, quản lý cư trú")
        self.assertEqual(d["levels"], ["xa"])
        self.assertEqual(d["source"], "dvcqg")
        self.assertTrue(d["decision"]["number"])
        self.assertEqual(d["version_key"], d["decision"]["number"])
        self.assertTrue(d["current"])
        self.assertEqual([v["current"] for v in d["versions"]], [True])
        for key in ("processing_times", "fees", "components", "review_flags", "steps", "legal_bases"):
            self.assertIn(key, d)
        self.assertTrue(d["processing_times"])
        for t in d["processing_times"]:
            self.assertIn(t["unit"], ("working_days", "working_hours", "calendar_days", "months", "years", "unspecified"))
            self.assertTrue(t["raw"])
        self.assertTrue(d["components"])
        self.assertTrue(all(k in d["components"][0] for k in ("name", "originals", "copies", "raw", "parsed")))
        # What was not parsed is kept verbatim and flagged.
        for f in d["fees"]:
            if not f["parsed"]:
                self.assertTrue(f["raw"])
        # The Ministry of Defence source is there too.
        bqp = c.get(f"/api/procedures/{self.bqp[0]['thu_tuc_id']}").json
        self.assertEqual(bqp["source"], "bqp")
        self.assertEqual(c.get("/api/procedures/9.999999").status, 404)
        self.assertEqual(c.get("/api/procedures/1.004194?version=khong-co").status, 404)

    # --- agency services ---------------------------------------------------------------------------------

    def audit_rows(self, admin, agency_id, action):
        return admin.get(f"/api/audit?target=agency:{agency_id}&action={action}").json["items"]

    def test_agency_services_are_scoped_validated_and_audited(self):
        xa_a, xa_b = self.agencies["000.00.61.H52"], self.agencies["000.00.62.H52"]
        admin = self.s.client()
        admin.login("admin")
        qt_a = self.s.client()
        qt_a.login("quantri.xa_a")
        officer = self.s.client()
        officer.login("motcua.xa_a")
        anon = self.s.client()
        body = {"level": "xa", "workflow_key": "cu-tru-mot-cap", "eform_key": "CT01",
                "promised_time_amount": 2, "promised_time_unit": "working_days", "fee_account": "3511.0.1055555"}

        r = admin.put(f"/api/agencies/{xa_a}/services/1.004194", body)
        self.assertEqual(r.status, 201, r.text)
        self.assertEqual(r.json["procedure_name"], "Đăng ký tạm trú")
        self.assertEqual(r.json["promised_time_amount"], 2)
        rows = self.audit_rows(admin, xa_a, "agency_service.create")
        self.assertEqual(len(rows), 1)
        self.assertIn("1.004194", rows[0]["summary"])
        self.assertEqual(rows[0]["request_id"], r.header("X-Request-Id"))

        # The same configuration again changes nothing and records nothing.
        audit_total = admin.get("/api/audit").json["total"]
        self.assertEqual(admin.put(f"/api/agencies/{xa_a}/services/1.004194", body).status, 200)
        self.assertEqual(admin.get("/api/audit").json["total"], audit_total)

        # Public reading: the agency's services, and the catalogue filtered by agency.
        listed = anon.get(f"/api/agencies/{xa_a}/services").json
        self.assertEqual((listed["total"], listed["items"][0]["procedure_code"]), (1, "1.004194"))
        self.assertEqual([i["code"] for i in anon.get(q({"agency_id": xa_a})).json["items"]], ["1.004194"])
        self.assertEqual(anon.get(q({"agency_id": xa_b})).json["total"], 0)
        self.assertEqual(anon.get("/api/agencies/999999999/services").status, 404)

        # A promise longer than the legal time (3 working days) is refused; so is a level the catalogue lacks.
        too_long = dict(body, promised_time_amount=5)
        err = assert_error_shape(self, admin.put(f"/api/agencies/{xa_a}/services/1.004194", too_long), 422)
        self.assertEqual([f["field"] for f in err["fields"]], ["promised_time_amount"])
        err = assert_error_shape(self, admin.put(f"/api/agencies/{xa_a}/services/1.004194", dict(body, level="tinh")), 422)
        self.assertIn("level", [f["field"] for f in err["fields"]])
        assert_error_shape(self, admin.put(f"/api/agencies/{xa_a}/services/1.004194", dict(body, extra=1)), 422)
        self.assertEqual(admin.put(f"/api/agencies/{xa_a}/services/9.999999", {"level": "xa"}).status, 404)

        # Scope: commune A's admin configures commune A only; officers and anonymous callers not at all.
        r = qt_a.put(f"/api/agencies/{xa_a}/services/1.010028", {"level": "xa"})
        self.assertEqual(r.status, 201, r.text)
        self.assertEqual(r.json["promised_time_amount"], None)
        self.assertEqual(qt_a.put(f"/api/agencies/{xa_b}/services/1.010028", {"level": "xa"}).status, 403)
        self.assertEqual(officer.put(f"/api/agencies/{xa_a}/services/1.004222", {"level": "xa"}).status, 403)
        self.assertEqual(anon.put(f"/api/agencies/{xa_a}/services/1.004222", {"level": "xa"}).status, 401)
        self.assertEqual(qt_a.delete(f"/api/agencies/{xa_b}/services/1.010028").status, 403)

        # A change is audited with old -> new.
        r = qt_a.put(f"/api/agencies/{xa_a}/services/1.010028", {"level": "xa", "active": False})
        self.assertEqual(r.status, 200, r.text)
        row = self.audit_rows(admin, xa_a, "agency_service.update")[0]
        self.assertEqual(row["actor_role"], "agency_admin")
        self.assertEqual(json.loads(row["summary"]), {"procedure_code": "1.010028", "old": {"active": True},
                                                      "new": {"active": False}})
        # An inactive service is not offered.
        self.assertEqual([i["code"] for i in anon.get(q({"agency_id": xa_a})).json["items"]], ["1.004194"])

        r = qt_a.delete(f"/api/agencies/{xa_a}/services/1.010028")
        self.assertEqual(r.status, 204, r.text)
        self.assertEqual(len(self.audit_rows(admin, xa_a, "agency_service.delete")), 1)
        self.assertEqual(qt_a.delete(f"/api/agencies/{xa_a}/services/1.010028").status, 404)
        self.assertEqual(anon.get(f"/api/agencies/{xa_a}/services").json["total"], 1)
        self.assertIn("intact", self.s.motcua("audit", "verify").stdout)


if __name__ == "__main__":
    main()

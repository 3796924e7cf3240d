"""Signed e-results and their public verification over HTTP.

NĐ 45/2020/NĐ-CP Điều 14: an electronic result has the legal value of the paper one when it is signed, so every
result recorded with a file is signed at completion with the issuing agency's Ed25519 key. TT 01/2023/TT-VPCP
(legal-rules.md §8.4): the QR printed on a result links to a public lookup, here /verify/{code}, which shows the
validity, the issuing agency and the date, and lets anyone upload a file to check it is the issued one. Keys are
rotated (the old one still verifies) and revoked (what it signed shows as revoked); the public keys are
published at /.well-known/motcua-keys.json; private keys are files of mode 0600 under the data directory.
"""
import hashlib
import os
import stat

from dossier_flow import CHUYENVIEN_A, CITIZEN, XA_A, XA_A_MOT_CUA, FlowTestCase, multipart as multipart_part
from harness import assert_error_shape, main

PDF = b"%PDF-1.4\n% Xac nhan tam tru so 12/XN\n1 0 obj <<>> endobj\n%%EOF\n"


def multipart(content, filename="ket-qua.pdf", field="file", content_type="application/pdf"):
    headers, body = multipart_part(field, filename, content_type, content)
    return body, headers


class VerificationTest(FlowTestCase):
    @classmethod
    def set_up_class(cls):
        cls.anon = cls.server.client()

    # --- helpers -------------------------------------------------------------------------------------------

    def at_issuing_agency(self):
        """A received dossier transferred to commune A (the agency that will issue the result)."""
        f = self.flow
        d = f.submit("online")
        f.act("motcua.xa_a", d["id"], "accept", status=2)
        f.act("motcua.xa_a", d["id"], "transfer", {"to_agency_id": f.agency[XA_A]}, status=4)
        return d

    def issue(self, content=PDF, title="Xác nhận tạm trú số 12/XN"):
        """Completes a dossier with `content` as its result file; returns (dossier, result item)."""
        f = self.flow
        d = self.at_issuing_agency()
        body = {"title": title}
        if content is not None:
            raw, headers = multipart(content, field="ket_qua")
            up = f.client(CHUYENVIEN_A).request("POST", f"/api/dossiers/{d['id']}/result-files", raw=raw, headers=headers)
            self.assertEqual(up.status, 201, up.text)
            body["sha256"] = up.json["items"][0]["sha256"]
        f.act(CHUYENVIEN_A, d["id"], "complete", body, status=9)
        r = f.client(CHUYENVIEN_A).get(f"/api/dossiers/{d['id']}/results")
        self.assertEqual(r.status, 200, r.text)
        self.assertEqual(len(r.json["items"]), 1)
        return d, r.json["items"][0]

    def verify(self, code, expect=200):
        r = self.anon.get(f"/api/verify/{code}")
        self.assertEqual(r.status, expect, r.text)
        return r.json

    def check_file(self, code, content, path="/api/verify/"):
        raw, headers = multipart(content)
        return self.anon.request("POST", path + code, raw=raw, headers=headers)

    def keys(self):
        r = self.anon.get("/.well-known/motcua-keys.json")
        self.assertEqual(r.status, 200, r.text)
        return {k["key_id"]: k for k in r.json["keys"]}

    def active_key_of(self, agency_code):
        active = [k for k in self.keys().values() if k["agency"]["code"] == agency_code and k["status"] == "active"]
        self.assertEqual(len(active), 1, active)
        return active[0]

    # --- tests ---------------------------------------------------------------------------------------------

    def test_an_issued_result_verifies_with_agency_and_date(self):
        d, item = self.issue()
        self.assertTrue(item["signed"])
        self.assertEqual(len(item["verify_code"]), 24)
        self.assertTrue(item["verify_url"].endswith("/verify/" + item["verify_code"]), item)
        v = self.verify(item["verify_code"])  # public: no session
        self.assertEqual(v["verdict"], "valid")
        self.assertTrue(v["valid"])
        self.assertTrue(v["message_vi"] and v["message_en"])
        self.assertEqual(v["issuer"]["agency_name"], "UBND phường Tô Hiệu")
        self.assertEqual(v["issuer"]["agency_code"], XA_A)
        self.assertEqual(v["result"]["title"], "Xác nhận tạm trú số 12/XN")
        self.assertEqual(v["result"]["sha256"], hashlib.sha256(PDF).hexdigest())
        self.assertRegex(v["result"]["issued_at"], r"^\d{4}-\d\d-\d\d \d\d:\d\d \+07:00$")
        self.assertEqual(v["dossier"]["code"], self.flow.get(CITIZEN, d["id"])["code"])
        self.assertEqual(v["dossier"]["applicant_name"], "Nguyễn T** D**")  # masked (NĐ 13/2023)
        sig = v["signature"]
        self.assertEqual(sig["algorithm"], "ed25519")
        self.assertEqual(sig["key_status"], "active")
        self.assertEqual(sig["key_id"], self.active_key_of(XA_A)["key_id"])
        # The signed statement is shown whole, so anyone can check it offline with the published key.
        self.assertTrue(sig["signed_message"].startswith("motcua-result-v1\nverify_code:" + item["verify_code"] + "\n"))
        self.assertIn("\nsha256:" + hashlib.sha256(PDF).hexdigest() + "\n", sig["signed_message"])
        self.assertIn("\nagency_code:" + XA_A + "\n", sig["signed_message"])

    def test_the_same_file_matches_and_a_tampered_file_fails(self):
        _, item = self.issue()
        same = self.check_file(item["verify_code"], PDF)
        self.assertEqual(same.status, 200, same.text)
        self.assertEqual(same.json["verdict"], "valid")
        self.assertEqual(same.json["file"]["matches"], True)
        self.assertEqual(same.json["file"]["sha256"], hashlib.sha256(PDF).hexdigest())
        tampered = PDF.replace(b"12/XN", b"13/XN")
        bad = self.check_file(item["verify_code"], tampered)
        self.assertEqual(bad.status, 200, bad.text)
        self.assertEqual(bad.json["verdict"], "file_mismatch")
        self.assertFalse(bad.json["valid"])
        self.assertEqual(bad.json["file"]["matches"], False)
        # Any file type may be checked (it is hashed, never stored); an empty request is a field error.
        odd = self.check_file(item["verify_code"], b"MZ\x90\x00 not a pdf")
        self.assertEqual(odd.json["verdict"], "file_mismatch")
        none = self.anon.request("POST", f"/api/verify/{item['verify_code']}", raw=b"--x--\r\n",
                                 headers={"Content-Type": "multipart/form-data; boundary=x"})
        assert_error_shape(self, none, 422)
        self.assertEqual(none.json["error"]["fields"][0]["field"], "file")
        blobs = os.path.join(self.server.dir, "blobs")
        stored = {n for _, _, files in os.walk(blobs) for n in files}
        self.assertNotIn(hashlib.sha256(tampered).hexdigest(), stored)

    def test_unknown_codes_are_404(self):
        for code in ("abcdefghijklmnopqrstuvwx", "not-a-code", "A" * 24):
            assert_error_shape(self, self.anon.get(f"/api/verify/{code}"), 404)
            page = self.anon.get(f"/verify/{code}")
            self.assertEqual(page.status, 404)
            self.assertIn("text/html", page.header("Content-Type"))
            self.assertIn("Không tìm thấy", page.text)
        self.assertEqual(self.check_file("abcdefghijklmnopqrstuvwx", PDF).status, 404)

    def test_the_qr_page_shows_the_verdict_and_checks_a_file(self):
        # TT 01/2023: the QR target. Server-rendered, escaped, Vietnamese first then English.
        _, item = self.issue(title="Giấy phép <b>số 5</b> & \"phụ lục\"")
        page = self.anon.get(f"/verify/{item['verify_code']}")
        self.assertEqual(page.status, 200, page.text)
        self.assertIn("text/html", page.header("Content-Type"))
        self.assertIn("default-src 'none'", page.header("Content-Security-Policy"))
        self.assertIn('data-verdict="valid"', page.text)
        self.assertIn("Hợp lệ", page.text)
        self.assertIn("UBND phường Tô Hiệu", page.text)
        self.assertIn("Giấy phép &lt;b&gt;số 5&lt;/b&gt; &amp; &quot;phụ lục&quot;", page.text)
        self.assertNotIn("<b>số 5</b>", page.text)
        self.assertIn("width=device-width", page.text)  # readable on the phone that scanned the QR
        self.assertIn(f'action="/verify/{item["verify_code"]}"', page.text)
        self.assertLess(page.text.index("Hợp lệ"), page.text.index("Valid"))
        good = self.check_file(item["verify_code"], PDF, path="/verify/")
        self.assertEqual(good.status, 200, good.text)
        self.assertIn('data-matches="true"', good.text)
        bad = self.check_file(item["verify_code"], PDF + b"x", path="/verify/")
        self.assertIn('data-matches="false"', bad.text)
        self.assertIn("KHÔNG khớp", bad.text)
        empty = self.anon.request("POST", f"/verify/{item['verify_code']}", raw=b"--x--\r\n",
                                  headers={"Content-Type": "multipart/form-data; boundary=x"})
        self.assertEqual(empty.status, 422)
        self.assertIn("text/html", empty.header("Content-Type"))
        self.assertIn('id=error', empty.text)

    def test_a_result_without_a_file_is_recorded_unsigned(self):
        _, item = self.issue(content=None, title="Trả lời bằng văn bản số 7")
        self.assertFalse(item["signed"])
        v = self.verify(item["verify_code"])
        self.assertEqual(v["verdict"], "unsigned")
        self.assertFalse(v["valid"])
        self.assertIsNone(v["signature"])
        self.assertIn('data-verdict="unsigned"', self.anon.get(f"/verify/{item['verify_code']}").text)

    def test_rotation_keeps_old_results_valid_and_revocation_shows(self):
        f = self.flow
        admin = f.client("admin")
        _, old = self.issue()
        k1 = self.verify(old["verify_code"])["signature"]["key_id"]
        # Only a system administrator rotates, and gives a reason.
        self.assertEqual(f.client("motcua.xa_a").post(f"/api/agencies/{f.agency[XA_A]}/keys/rotate",
                                                      {"reason": "định kỳ"}).status, 403)
        assert_error_shape(self, admin.post(f"/api/agencies/{f.agency[XA_A]}/keys/rotate", {}), 422)
        assert_error_shape(self, admin.post("/api/agencies/999999999/keys/rotate", {"reason": "x"}), 404)
        r = admin.post(f"/api/agencies/{f.agency[XA_A]}/keys/rotate", {"reason": "Thay khóa định kỳ"})
        self.assertEqual(r.status, 201, r.text)
        self.assertEqual(r.json["retired"]["key_id"], k1)
        self.assertEqual(r.json["retired"]["status"], "retired")
        k2 = r.json["active"]["key_id"]
        self.assertNotEqual(k1, k2)
        # The old result still verifies, by the retired key; the next one is signed with the new key.
        v = self.verify(old["verify_code"])
        self.assertEqual((v["verdict"], v["signature"]["key_status"]), ("valid", "retired"))
        _, new = self.issue()
        self.assertEqual(self.verify(new["verify_code"])["signature"]["key_id"], k2)

        # Revocation: everything the key signed shows as revoked, even with the right file.
        assert_error_shape(self, admin.post(f"/api/keys/{k1}/revoke", {"reason": " "}), 422)
        assert_error_shape(self, admin.post(f"/api/keys/{k1}/revoke", {"reason": "x", "extra": 1}), 422)
        assert_error_shape(self, admin.post("/api/keys/ed25519-0000000000000000/revoke", {"reason": "x"}), 404)
        self.assertEqual(f.client("quantri.xa_a").post(f"/api/keys/{k1}/revoke", {"reason": "x"}).status, 403)
        r = admin.post(f"/api/keys/{k1}/revoke", {"reason": "Tệp khóa bị lộ"})
        self.assertEqual(r.status, 200, r.text)
        self.assertEqual((r.json["status"], r.json["revoked_reason"]), ("revoked", "Tệp khóa bị lộ"))
        assert_error_shape(self, admin.post(f"/api/keys/{k1}/revoke", {"reason": "again"}), 409, "key_already_revoked")
        v = self.verify(old["verify_code"])
        self.assertEqual(v["verdict"], "key_revoked")
        self.assertFalse(v["valid"])
        self.assertEqual(self.check_file(old["verify_code"], PDF).json["verdict"], "key_revoked")
        self.assertIn('data-verdict="key_revoked"', self.anon.get(f"/verify/{old['verify_code']}").text)
        self.assertEqual(self.verify(new["verify_code"])["verdict"], "valid")

        # The published list has both keys with their status; it may be cached briefly.
        listed = self.anon.get("/.well-known/motcua-keys.json")
        self.assertIn("max-age", listed.header("Cache-Control"))
        keys = {k["key_id"]: k for k in listed.json["keys"]}
        self.assertEqual(keys[k1]["status"], "revoked")
        self.assertEqual(keys[k1]["revoked_reason"], "Tệp khóa bị lộ")
        self.assertEqual(keys[k2]["status"], "active")
        self.assertEqual(keys[k2]["agency"]["name"], "UBND phường Tô Hiệu")
        self.assertEqual(len(__import__("base64").b64decode(keys[k2]["public_key"])), 32)
        # Both changes are in the audit trail, which stays intact.
        for action in ("agency_key.rotate", "agency_key.revoke"):
            a = admin.get(f"/api/audit?action={action}")
            self.assertEqual(a.status, 200, a.text)
            self.assertGreaterEqual(a.json["total"], 1, action)
        self.server.motcua("audit", "verify")

    def test_key_files_are_mode_0600_and_an_exposed_key_stops_signing(self):
        _, item = self.issue()
        key_id = self.verify(item["verify_code"])["signature"]["key_id"]
        keys_dir = os.path.join(self.server.dir, "keys")
        self.assertEqual(stat.S_IMODE(os.stat(keys_dir).st_mode), 0o700)
        files = os.listdir(keys_dir)
        self.assertIn(key_id + ".key", files)
        for n in files:
            self.assertEqual(stat.S_IMODE(os.stat(os.path.join(keys_dir, n)).st_mode), 0o600, n)
        with open(os.path.join(keys_dir, key_id + ".key")) as fh:
            self.assertNotIn("BEGIN", fh.read())  # our own format, see app/key_files.h
        # A key file others may read is refused: the completion fails whole (503), nothing is issued.
        path = os.path.join(keys_dir, self.active_key_of(XA_A)["key_id"] + ".key")
        os.chmod(path, 0o644)
        try:
            d = self.at_issuing_agency()
            raw, headers = multipart(PDF, field="ket_qua")
            up = self.flow.client(CHUYENVIEN_A).request("POST", f"/api/dossiers/{d['id']}/result-files", raw=raw,
                                                       headers=headers)
            body = {"title": "Xác nhận", "sha256": up.json["items"][0]["sha256"]}
            r = self.flow.client(CHUYENVIEN_A).post(f"/api/dossiers/{d['id']}/actions/complete", body)
            assert_error_shape(self, r, 503, "signing_unavailable")
            self.assertEqual(self.flow.get(CITIZEN, d["id"])["status"], 4)
            self.assertEqual(self.flow.client(CHUYENVIEN_A).get(f"/api/dossiers/{d['id']}/results").json["items"], [])
        finally:
            os.chmod(path, 0o600)
        self.flow.act(CHUYENVIEN_A, d["id"], "complete", body, status=9)

    def test_results_are_listed_to_the_owner_and_officials_in_scope_only(self):
        d, item = self.issue()
        mine = self.flow.client(CITIZEN).get(f"/api/dossiers/{d['id']}/results")
        self.assertEqual(mine.status, 200, mine.text)
        self.assertEqual(mine.json["items"][0]["verify_code"], item["verify_code"])
        other, _ = self.flow.register_citizen()
        assert_error_shape(self, other.get(f"/api/dossiers/{d['id']}/results"), 404)
        assert_error_shape(self, self.flow.client("motcua.xa_b").get(f"/api/dossiers/{d['id']}/results"), 404)
        self.assertEqual(self.anon.get(f"/api/dossiers/{d['id']}/results").status, 401)

    def test_keys_init_gives_every_agency_a_key(self):
        out = self.server.motcua("keys", "init").stdout
        self.assertIn("key(s) created", out)
        listed = self.server.motcua("keys", "list").stdout
        agencies = {k["agency"]["code"] for k in self.keys().values() if k["status"] == "active"}
        self.assertTrue({XA_A, XA_A_MOT_CUA} <= agencies, agencies)
        self.assertIn("active", listed)
        self.assertEqual(self.server.motcua("keys", "init").stdout.strip().splitlines()[-1].split()[0], "0")


if __name__ == "__main__":
    main()

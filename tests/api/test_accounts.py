"""Accounts, sessions, roles and password reset (issue: accounts & roles).

One server for the whole file; each test uses its own fresh accounts so the order does not matter.
The per-IP login limiter allows 30 attempts a minute: this file stays well below that from 127.0.0.1,
and the tests of the limits themselves use addresses of their own (127.0.0.9, 127.0.0.10).
"""
import os
import re
import sqlite3
import subprocess
import sys
import time
import unittest
import uuid

sys.path.insert(0, os.path.dirname(__file__))
from harness import Client, Server, DEMO_PASSWORD, assert_error_shape, main  # noqa: E402

MAX_FAILURES = 5  # config default login_max_failures
LOGIN_ATTEMPTS_PER_MINUTE = 30  # per address (src/api/auth_routes.cpp)


def unique(prefix):
    return f"{prefix}{uuid.uuid4().hex[:8]}"


def valid_cccd():
    # 014 = Sơn La, then 9 more digits.
    return "014" + str(uuid.uuid4().int)[:9]


class Accounts(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(import_units=False)
        cls.server.__enter__()

    @classmethod
    def tearDownClass(cls):
        try:
            cls.server.motcua("audit", "verify")  # every audit row appended here keeps the chain valid
        finally:
            cls.server.__exit__(None, None, None)

    def register_citizen(self, password="Matkhau2026x", **extra):
        email = unique("cd") + "@Example.VN"
        body = {"account_type": "citizen", "full_name": "Nguyễn Văn Thử", "email": email,
                "password": password, "id_number": valid_cccd()}
        body.update(extra)
        r = self.server.client().post("/api/auth/register", body)
        self.assertEqual(r.status, 201, r.text)
        return r.json, email.lower(), password

    # --- registration -------------------------------------------------------------------------

    def test_register_citizen(self):
        user, email, password = self.register_citizen(phone="+84 912 345 6{:02d}".format(uuid.uuid4().int % 100))
        self.assertEqual(user["username"], email)
        self.assertEqual(user["email"], email)
        self.assertTrue(user["phone"].startswith("09"))
        self.assertEqual(user["account_type"], "citizen")
        self.assertFalse(user["must_change_password"])
        self.assertNotIn("password_hash", user)
        self.assertNotIn("password", user)
        self.assertEqual([g["role"] for g in user["roles"]], ["citizen"])
        self.server.wait_for_mail(lambda m: f"To: {email}" in m)
        c = self.server.client()
        c.login(email.upper(), password)  # the login is case-insensitive
        me = c.get("/api/auth/me")
        self.assertEqual(me.status, 200, me.text)
        self.assertEqual(me.json["user"]["id"], user["id"])

    def test_register_bad_cccd_gives_field_error_in_both_languages(self):
        r = self.server.client().post("/api/auth/register", {
            "account_type": "citizen", "full_name": "Lò Văn Sai", "email": unique("x") + "@example.vn",
            "password": "Matkhau2026x", "id_number": "12345"})
        err = assert_error_shape(self, r, 422, "validation_failed")
        fields = {f["field"]: f for f in err["fields"]}
        self.assertIn("id_number", fields)
        self.assertEqual(fields["id_number"]["message_vi"], "Số CCCD phải gồm đúng 12 chữ số.")
        self.assertIn("12 digits", fields["id_number"]["message_en"])
        r = self.server.client().post("/api/auth/register", {
            "account_type": "citizen", "full_name": "Lò Văn Sai", "email": unique("x") + "@example.vn",
            "password": "Matkhau2026x", "id_number": "999190000123"})
        err = assert_error_shape(self, r, 422)
        self.assertIn("mã tỉnh", err["fields"][0]["message_vi"])

    def test_register_validates_every_field(self):
        r = self.server.client().post("/api/auth/register", {
            "account_type": "organisation", "full_name": "Công ty", "phone": "0212345678",
            "password": "short", "surprise": 1})
        err = assert_error_shape(self, r, 422)
        fields = {f["field"] for f in err["fields"]}
        self.assertTrue({"phone", "password", "tax_code", "organisation_name", "surprise"} <= fields, fields)

    def test_register_organisation(self):
        r = self.server.client().post("/api/auth/register", {
            "account_type": "organisation", "full_name": "Trần Thị Đại Diện", "email": unique("org") + "@example.vn",
            "password": "Congty2026xyz", "tax_code": "0100109106-001", "organisation_name": "Công ty TNHH Thử"})
        self.assertEqual(r.status, 201, r.text)
        self.assertEqual(r.json["tax_code"], "0100109106-001")

    def test_register_duplicate_email_is_409(self):
        _, email, _ = self.register_citizen()
        r = self.server.client().post("/api/auth/register", {
            "account_type": "citizen", "full_name": "Người Khác", "email": email.upper(),
            "password": "Matkhau2026y", "id_number": valid_cccd()})
        assert_error_shape(self, r, 409, "email_taken")

    # --- sessions -----------------------------------------------------------------------------

    def test_login_sets_httponly_samesite_cookie_and_logout_clears_it(self):
        c = self.server.client()
        r = c.login("motcua.xa_a")
        cookie = r.header("Set-Cookie")
        self.assertTrue(cookie.startswith("motcua_sid="), cookie)
        for attr in ("HttpOnly", "SameSite=Lax", "Path=/"):
            self.assertIn(attr, cookie)
        self.assertNotIn("Secure", cookie)  # plain http test server
        self.assertEqual(len(r.json["csrf_token"]), 64)
        self.assertEqual([g["role"] for g in r.json["roles"]], ["one_stop_officer"])
        self.assertEqual(c.get("/api/auth/me").status, 200)
        out = c.post("/api/auth/logout")
        self.assertEqual(out.status, 204, out.text)
        self.assertIn("Max-Age=0", out.header("Set-Cookie"))
        assert_error_shape(self, c.get("/api/auth/me"), 401, "unauthenticated")

    def test_identity_comes_only_from_the_session(self):
        c = self.server.client()
        r = c.get("/api/auth/me", headers={"X-User-Id": "1", "X-Role": "system_admin"})
        assert_error_shape(self, r, 401)
        c.cookies["motcua_sid"] = "0" * 64
        assert_error_shape(self, c.get("/api/users"), 401)

    def test_wrong_password_is_a_generic_401(self):
        c = self.server.client()
        wrong = c.login("kiemsoat", "Wrongpass2026", expect=401)
        unknown = c.login("no.such.user", "Wrongpass2026", expect=401)
        assert_error_shape(self, wrong, 401, "invalid_credentials")
        # The same answer for an unknown account: no account enumeration.
        self.assertEqual(wrong.json, unknown.json)
        self.assertNotIn("Set-Cookie", dict(wrong.headers))

    def test_lockout_after_repeated_failures_survives_the_right_password(self):
        _, email, password = self.register_citizen()
        c = self.server.client()
        for _ in range(MAX_FAILURES - 1):
            c.login(email, "Wrongpass2026", expect=401)
        locked = c.login(email, "Wrongpass2026", expect=423)
        err = assert_error_shape(self, locked, 423, "account_locked")
        self.assertGreater(err["locked_until_ms"], int(time.time() * 1000))
        self.assertIsNotNone(locked.header("Retry-After"))
        again = c.login(email, password, expect=423)  # the right password does not open a locked account
        self.assertEqual(again.json["error"]["code"], "account_locked")
        self.assertNotIn("motcua_sid", c.cookies)

    def test_login_attempts_are_limited_per_address(self):
        # 30 attempts a minute from one address, whatever the accounts tried; then 429 with Retry-After,
        # even for the right password. Another address is not affected. (127.0.0.9: this test's own address.)
        c = Client(self.server.host, self.server.port, source_ip="127.0.0.9")
        for i in range(LOGIN_ATTEMPTS_PER_MINUTE):
            c.login(f"no.such.user{i}", "Wrongpass2026", expect=401)
        limited = c.login("admin", expect=429)
        assert_error_shape(self, limited, 429, "rate_limited")
        self.assertGreater(int(limited.header("Retry-After")), 0)
        self.assertNotIn("motcua_sid", c.cookies)
        self.server.client().login("admin")

    def test_state_change_without_csrf_header_is_403(self):
        c = self.server.client()
        c.login("admin")
        token, c.csrf = c.csrf, None
        r = c.post("/api/users", {"username": unique("u"), "full_name": "Không CSRF",
                                  "email": unique("u") + "@example.vn", "roles": []})
        assert_error_shape(self, r, 403, "csrf_failed")
        r = c.post("/api/auth/logout", headers={"X-CSRF-Token": "f" * 64})
        assert_error_shape(self, r, 403, "csrf_failed")
        c.csrf = token
        self.assertEqual(c.get("/api/auth/me").status, 200)  # the session survived both attempts

    # --- officials ------------------------------------------------------------------------------

    def agency_of(self, username):
        c = self.server.client()
        r = c.login(username)
        return r.json["roles"][0]["agency_id"]

    def test_official_created_by_admin_must_change_password(self):
        # Sơn La QĐ 19/2024/QĐ-UBND Điều 19.2: officials "phải thay đổi mật khẩu tài khoản khi đăng nhập ...
        # lần đầu tiên".
        xa_a_mot_cua = self.agency_of("motcua.xa_a")
        admin = self.server.client()
        admin.login("admin")
        username = unique("canbo.")
        email = username + "@example.vn"
        r = admin.post("/api/users", {"username": username, "full_name": "Cầm Thị Mới", "email": email,
                                      "roles": [{"role": "one_stop_officer", "agency_id": xa_a_mot_cua}]})
        self.assertEqual(r.status, 201, r.text)
        created = r.json
        self.assertTrue(created["must_change_password"])
        self.assertEqual(created["account_type"], "official")
        initial = created["initial_password"]
        mail = self.server.wait_for_mail(lambda m: f"To: {email}" in m)
        self.assertIn(initial, mail)
        # The temporary password is shown once: reading the user again never returns it.
        again = admin.get(f"/api/users/{created['id']}")
        self.assertEqual(again.status, 200, again.text)
        self.assertNotIn("initial_password", again.json)

        c = self.server.client()
        r = c.login(username, initial)
        self.assertTrue(r.json["must_change_password"])
        assert_error_shape(self, c.get(f"/api/users/{created['id']}"), 403, "password_change_required")
        self.assertEqual(c.get("/api/auth/me").status, 200)  # allowed while the change is pending
        r = c.post("/api/auth/password", {"current_password": "Wrongpass2026", "new_password": "Canbomoi2026x"})
        err = assert_error_shape(self, r, 422)
        self.assertEqual(err["fields"][0]["field"], "current_password")
        r = c.post("/api/auth/password", {"current_password": initial, "new_password": "Canbomoi2026x"})
        self.assertEqual(r.status, 204, r.text)
        self.assertFalse(c.get("/api/auth/me").json["must_change_password"])
        self.assertEqual(c.get(f"/api/users/{created['id']}").status, 200)

    def test_agency_admin_is_scoped_to_its_subtree(self):
        xa_a_mot_cua = self.agency_of("motcua.xa_a")
        xa_b_mot_cua = self.agency_of("motcua.xa_b")
        qt = self.server.client()
        me = qt.login("quantri.xa_a").json
        xa_a = me["roles"][0]["agency_id"]

        def create(agency_id, role="specialist"):
            name = unique("nv.")
            return qt.post("/api/users", {"username": name, "full_name": "Nhân Viên", "email": name + "@example.vn",
                                          "roles": [{"role": role, "agency_id": agency_id}]})

        assert_error_shape(self, create(xa_b_mot_cua), 403, "forbidden")
        assert_error_shape(self, create(xa_a, role="system_admin"), 403, "forbidden")
        ok = create(xa_a_mot_cua)
        self.assertEqual(ok.status, 201, ok.text)

        listing = qt.get("/api/users?per_page=100")
        self.assertEqual(listing.status, 200, listing.text)
        self.assertEqual(set(listing.json), {"items", "page", "per_page", "total"})
        names = {u["username"] for u in listing.json["items"]}
        self.assertIn(ok.json["username"], names)
        self.assertIn("motcua.xa_a", names)
        self.assertNotIn("motcua.xa_b", names)
        self.assertNotIn("admin", names)
        self.assertEqual(qt.get(f"/api/users?agency_id={xa_b_mot_cua}").status, 403)

        # Grants and disabling follow the same scope.
        target = ok.json["id"]
        r = qt.post(f"/api/users/{target}/roles", {"role": "leader", "agency_id": xa_b_mot_cua})
        assert_error_shape(self, r, 403)
        r = qt.post(f"/api/users/{target}/roles", {"role": "leader", "agency_id": xa_a})
        self.assertEqual(r.status, 201, r.text)
        self.assertEqual(qt.delete(f"/api/users/{target}/roles/{r.json['id']}").status, 204)
        r = qt.post(f"/api/users/{target}/disable")
        self.assertEqual(r.status, 200, r.text)
        self.assertFalse(r.json["active"])
        motcua_b = [u for u in self.admin_list("motcua.xa_b")][0]
        assert_error_shape(self, qt.post(f"/api/users/{motcua_b['id']}/disable"), 404)

    def admin_list(self, q):
        admin = self.server.client()
        admin.login("admin")
        r = admin.get(f"/api/users?q={q}&per_page=5")
        self.assertEqual(r.status, 200, r.text)
        self.assertEqual(r.json["per_page"], 5)
        return r.json["items"]

    def test_citizen_cannot_list_users(self):
        c = self.server.client()
        c.login("congdan@example.vn")
        assert_error_shape(self, c.get("/api/users"), 403, "forbidden")

    # --- password reset -------------------------------------------------------------------------

    def test_password_reset_by_mailed_token(self):
        _, email, old_password = self.register_citizen()
        anon = self.server.client()
        unknown = anon.post("/api/auth/password-reset/request", {"login": "nobody@example.vn"})
        self.assertEqual(unknown.status, 202, unknown.text)
        r = anon.post("/api/auth/password-reset/request", {"login": email})
        self.assertEqual(r.status, 202, r.text)
        self.assertEqual(r.json, unknown.json)  # the same answer either way: no enumeration
        mail = self.server.wait_for_mail(lambda m: f"To: {email}" in m and "reset-password?token=" in m)
        token = re.search(r"reset-password\?token=([0-9a-f]{64})", mail).group(1)

        r = anon.post("/api/auth/password-reset/confirm", {"token": token, "new_password": "short"})
        assert_error_shape(self, r, 422)
        r = anon.post("/api/auth/password-reset/confirm", {"token": token, "new_password": "Datlai2026moi"})
        self.assertEqual(r.status, 204, r.text)
        c = self.server.client()
        c.login(email, old_password, expect=401)
        c.login(email, "Datlai2026moi")
        r = anon.post("/api/auth/password-reset/confirm", {"token": token, "new_password": "Datlai2026lan2"})
        assert_error_shape(self, r, 400, "reset_token_invalid")
        r = anon.post("/api/auth/password-reset/confirm", {"token": "f" * 64, "new_password": "Datlai2026lan2"})
        assert_error_shape(self, r, 400, "reset_token_invalid")

    def expire_reset_links(self, user_id):
        """Moves the user's reset links 31 minutes into the past, as if the e-mail had been read late."""
        sql = ("UPDATE password_resets SET created_ms = created_ms - 1860000, expires_ms = expires_ms - 1860000 "
               f"WHERE user_id = {int(user_id)}")
        if self.server.pg_url:
            subprocess.run(["psql", self.server.pg_url, "-qc", sql], check=True, capture_output=True)
        else:
            db = sqlite3.connect(os.path.join(self.server.dir, "motcua.db"))
            db.execute(sql)
            db.commit()
            db.close()

    def test_password_reset_link_expires_after_30_minutes(self):
        # MOTCUA_RESET_TOKEN_MINUTES defaults to 30; the e-mail says so, and a late click changes nothing.
        user, email, password = self.register_citizen()
        anon = Client(self.server.host, self.server.port, source_ip="127.0.0.10")  # the reset limiter: 10 a minute
        self.assertEqual(anon.post("/api/auth/password-reset/request", {"login": email}).status, 202)
        mail = self.server.wait_for_mail(lambda m: f"To: {email}" in m and "reset-password?token=" in m)
        self.assertIn("30 phút", mail)
        token = re.search(r"reset-password\?token=([0-9a-f]{64})", mail).group(1)
        self.expire_reset_links(user["id"])
        r = anon.post("/api/auth/password-reset/confirm", {"token": token, "new_password": "Quahan2026moi"})
        assert_error_shape(self, r, 400, "reset_token_expired")
        c = self.server.client()
        c.login(email, "Quahan2026moi", expect=401)
        c.login(email, password)


if __name__ == "__main__":
    main()

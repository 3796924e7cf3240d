"""The web UI served by motcua (MOTCUA_WEB_DIR; here the two-file fixture in tests/api/fixtures/web): the app's
entry page for each public path, so a printed QR link (/tra-cuu/<token>, TT 01/2023) opens directly, its assets
with a year-long cache, and nothing outside <web_dir>/assets."""
import unittest

from harness import Server, main


class WebUiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.s = Server(import_units=False, seed_demo=False)
        cls.s.__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.s.__exit__(None, None, None)

    def test_every_public_path_opens_the_app_with_a_strict_policy(self):
        c = self.s.client()
        for path in ("/", "/thu-tuc", "/thu-tuc/1.004194", "/tra-cuu", "/tra-cuu/dAz9fsY0C0LhKZk"):
            r = c.get(path)
            self.assertEqual(r.status, 200, path)
            self.assertTrue(r.header("Content-Type").startswith("text/html"), path)
            self.assertIn("Cổng Dịch vụ công", r.text)
            self.assertEqual(r.header("Cache-Control"), "no-cache")
            self.assertIn("script-src 'self'", r.header("Content-Security-Policy"))

    def test_assets_are_cached_and_typed(self):
        r = self.s.client().get("/assets/app-test.js")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("Content-Type"), "text/javascript; charset=utf-8")
        self.assertIn("immutable", r.header("Cache-Control"))

    def test_nothing_outside_the_assets_folder(self):
        c = self.s.client()
        for path in ("/assets/..%2Findex.html", "/assets/%2e%2e%2fharness.py", "/assets/.hidden.js", "/assets/app-test.exe",
                     "/assets/../../harness.py", "/assets/index.html"):
            r = c.get(path)
            self.assertEqual(r.status, 404, path)


class TwoSitesTest(unittest.TestCase):
    """Sơn La QĐ 19/2024 Điều 5: the portal and the officials' one-stop site on their own host names, served by
    one motcua; the names come from the province profile (data/profiles/son-la.json) unless configured."""

    def test_each_site_keeps_its_pages(self):
        with Server(import_units=False, seed_demo=False, env={"MOTCUA_PROFILE": "son-la"}) as s:
            c = s.client()
            portal, officer = {"Host": "dichvucong.sonla.gov.vn"}, {"Host": "motcua.sonla.gov.vn:443"}
            r = c.get("/can-bo/ho-so/3", headers=portal)
            self.assertEqual((r.status, r.header("Location")), (302, "//motcua.sonla.gov.vn/can-bo/ho-so/3"))
            self.assertEqual(c.get("/quan-tri", headers=portal).status, 302)
            self.assertEqual(c.get("/thu-tuc", headers=portal).status, 200)
            r = c.get("/", headers=officer)
            self.assertEqual((r.status, r.header("Location")), (302, "/can-bo"))
            self.assertEqual(c.get("/can-bo", headers=officer).status, 200)
            # Any other name (a test, a proxy without the header rewritten) is served as is.
            self.assertEqual(c.get("/can-bo").status, 200)
        with Server(import_units=False, seed_demo=False,
                    env={"MOTCUA_PROFILE": "son-la", "MOTCUA_OFFICER_HOST": "canbo.example.vn"}) as s:
            r = s.client().get("/can-bo", headers={"Host": "dichvucong.sonla.gov.vn"})
            self.assertEqual(r.header("Location"), "//canbo.example.vn/can-bo")


if __name__ == "__main__":
    main()

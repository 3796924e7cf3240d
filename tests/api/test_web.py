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


if __name__ == "__main__":
    main()

"""Province profiles and dated rule sets end to end: `motcua serve --profile KEY` / MOTCUA_PROFILE,
GET /api/profile, GET /api/rules?date=, an unknown profile refused with the list of known ones, and
`motcua rules check` on valid and broken data (nothing half-loaded: the command reports every problem)."""
import json
import os
import shutil
import subprocess
import tempfile
import unittest

from harness import BIN, Server, assert_error_shape, main

SOURCE = os.environ.get("MOTCUA_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))


class ProfilesTest(unittest.TestCase):
    def test_served_profile_son_la(self):
        with Server(import_units=False, env={"MOTCUA_PROFILE": "son-la"}) as s:
            with open(s.log_path) as f:
                self.assertIn("profile: Tỉnh Sơn La (son-la)", f.read())
            r = s.client().get("/api/profile")
            self.assertEqual(r.status, 200, r.text)
            p = r.json
            self.assertTrue(p["configured"])
            self.assertEqual(p["key"], "son-la")
            # QĐ 19/2024/QĐ-UBND Quy chế Điều 5.1.a–b and Điều 10.4.
            self.assertEqual(p["portal_host"], "dichvucong.sonla.gov.vn")
            self.assertEqual(p["officer_site_host"], "motcua.sonla.gov.vn")
            self.assertEqual(p["pakn_answer_working_days"], 13)
            self.assertIn("Điều 10.4", p["sources"]["pakn_answer_working_days"]["source"])
            self.assertEqual(p["sources"]["pakn_answer_working_days"]["from"], "profile")
            self.assertEqual(p["sources"]["rating_scheme"]["from"], "rule_set")
            self.assertEqual(len(p["qa_answer_working_days"]), 3)

            # TT 03/2025/TT-VPCP in force 15/9/2025; TT 01/2018 the day before.
            r = s.client().get("/api/rules?date=2025-09-15")
            self.assertEqual(r.status, 200, r.text)
            self.assertEqual(r.json["id"], "tt03-2025")
            self.assertEqual(r.json["transfer_cutoff"]["value"], "15:00")
            self.assertEqual(s.client().get("/api/rules?date=2025-09-14").json["id"], "tt01-2018")
            self.assertEqual(s.client().get("/api/rules").status, 200)
            assert_error_shape(self, s.client().get("/api/rules?date=2025-02-30"), 422)
            assert_error_shape(self, s.client().get("/api/rules?date=2010-01-01"), 404)

    def test_serve_flag_selects_hanam_rating_scheme(self):
        with Server(import_units=False, env={"MOTCUA_PROFILE": "ha-nam"}) as s:
            p = s.client().get("/api/profile").json
            # QĐ 30/2019/QĐ-UBND Quy chế Điều 13.2: 3 levels on 2 questions.
            self.assertEqual(len(p["rating_scheme"]["questions"]), 2)
            self.assertEqual(p["rating_scheme"]["levels"], ["Rất hài lòng", "Hài lòng", "Chưa hài lòng"])

    def test_no_profile_configured(self):
        with Server(import_units=False, seed_demo=False) as s:
            r = s.client().get("/api/profile")
            self.assertEqual(r.status, 200)
            self.assertEqual(r.json, {"configured": False})

    def test_unknown_profile_exits_2_listing_known(self):
        d = tempfile.mkdtemp(prefix="motcua-prof-")
        try:
            env = dict(os.environ, MOTCUA_DATA_DIR=d, MOTCUA_PORT="0", MOTCUA_DB="sqlite://" + d + "/x.db")
            p = subprocess.run([BIN, "serve", "--profile", "atlantis"], env=env, capture_output=True, text=True,
                               timeout=60)
            self.assertEqual(p.returncode, 2, p.stderr)
            self.assertIn("unknown province profile 'atlantis'", p.stderr)
            for key in ("ha-giang", "ha-nam", "ninh-binh", "son-la", "tuyen-quang", "yen-bai"):
                self.assertIn(key, p.stderr)
            self.assertNotIn("listening", p.stdout)
        finally:
            shutil.rmtree(d, ignore_errors=True)

    def test_cli_profiles_and_rules(self):
        run = lambda *a: subprocess.run([BIN, *a], capture_output=True, text=True, timeout=60)
        p = run("profiles", "list")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(len(p.stdout.splitlines()), 6)
        p = run("profiles", "show", "yen-bai", "--json")
        self.assertEqual(json.loads(p.stdout)["pakn_answer_working_days"], 10)
        p = run("profiles", "show", "nowhere")
        self.assertEqual(p.returncode, 2)
        self.assertIn("known profiles", p.stderr)
        p = run("rules", "show", "--date", "2026-01-25", "--json")
        self.assertEqual(json.loads(p.stdout)["dossier_code"]["value"]["format"], "tt03-2025")
        p = run("rules", "check")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)

        # Broken data: every problem is reported with file and entry, exit 1.
        d = tempfile.mkdtemp(prefix="motcua-rules-")
        try:
            shutil.copytree(os.path.join(SOURCE, "data", "rules"), os.path.join(d, "rules"))
            shutil.copytree(os.path.join(SOURCE, "data", "profiles"), os.path.join(d, "profiles"))
            path = os.path.join(d, "rules", "rule-sets.json")
            with open(path) as f:
                doc = json.load(f)
            doc["rule_sets"][1]["effective_from"]["value"] = "2018-01-01"   # unordered
            doc["rule_sets"][2]["transfer_cutoff"]["value"] = "25:00"       # bad time
            with open(path, "w") as f:
                json.dump(doc, f)
            with open(os.path.join(d, "profiles", "son-la.json"), "w") as f:
                f.write("{ not json")
            p = run("rules", "check", "--from", d)
            self.assertEqual(p.returncode, 1, p.stdout)
            self.assertIn("rule_sets[1] (tt03-2025): effective_from", p.stdout)
            self.assertIn("rule_sets[2] (tt03-2025-tt04): transfer_cutoff", p.stdout)
            self.assertIn("son-la.json: not valid JSON", p.stdout)
        finally:
            shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    main()

"""What the administration screens read: the loaded workflow definitions, the check of an edited one (NĐ 61/2018
Điều 17–20 steps mapped to the national statuses 1–10 of QĐ 1085/2018 and TT 01/2023), and the working calendar
year by year (BLLĐ 2019 Điều 112; the 2026 swap of 31/8 with Saturday 22/8)."""
import copy
import json
import os
import unittest

from harness import Server, assert_error_shape, main

WORKFLOWS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "workflows")


class AdminReadsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()
        cls.server.__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def logged_in(self, name):
        c = self.server.client()
        c.login(name)
        return c

    def test_officials_read_the_three_templates_with_statuses_1_to_10(self):
        r = self.logged_in("lanhdao.stp").get("/api/workflows")
        self.assertEqual(r.status, 200, r.text)
        by_key = {w["key"]: w for w in r.json["items"]}
        self.assertTrue({"one-step", "appraisal-approval", "inter-agency"} <= set(by_key))
        for w in by_key.values():
            self.assertTrue(all(1 <= s["status"] <= 10 for s in w["states"]), w["key"])
            self.assertTrue(all(a["roles"] for a in w["actions"]), w["key"])
        approve = [a for a in by_key["appraisal-approval"]["actions"] if a["key"] == "approve"][0]
        self.assertEqual(approve["roles"], ["leader"])
        self.assertIn("no_open_consultations", approve["preconditions"])
        self.assertEqual(self.server.client().get("/api/workflows").status, 401)

    def test_check_names_every_problem_and_stores_nothing(self):
        with open(os.path.join(WORKFLOWS, "one-step.json"), encoding="utf-8") as f:
            good = json.load(f)
        admin = self.logged_in("admin")
        r = admin.post("/api/workflows/check", good)
        self.assertEqual((r.status, r.json["valid"], r.json["problems"]), (200, True, []), r.text)
        bad = copy.deepcopy(good)
        bad["actions"][1]["roles"] = []          # an action nobody may take
        bad["states"][0]["status"] = 11          # outside the national statuses 1–10
        r = admin.post("/api/workflows/check", bad)
        self.assertEqual(r.status, 200, r.text)
        self.assertFalse(r.json["valid"])
        text = "\n".join(r.json["problems"])
        self.assertIn("actions[1].roles", text)
        self.assertIn("states[0].status", text)
        # The loaded definitions are unchanged.
        still = {w["key"]: w for w in admin.get("/api/workflows").json["items"]}["one-step"]
        self.assertTrue(all(a["roles"] for a in still["actions"]))
        assert_error_shape(self, self.logged_in("motcua.xa_a").post("/api/workflows/check", good), 403)

    def test_calendar_year_lists_tet_and_the_2026_swap(self):
        anon = self.server.client()
        r = anon.get("/api/calendar/2026")
        self.assertEqual(r.status, 200, r.text)
        off = {d["date"]: d for d in r.json["days_off"]}
        self.assertIn("2026-02-17", off)                 # Mùng 1 Tết Bính Ngọ
        self.assertIn("2026-08-31", off)                 # nghỉ bù for Saturday 22/8 worked
        self.assertIn("2026-08-22", [d["date"] for d in r.json["working_days"]])
        assert_error_shape(self, anon.get("/api/calendar/1900"), 404)
        assert_error_shape(self, anon.get("/api/calendar/20x6"), 404)


if __name__ == "__main__":
    main()

"""motcua calendar: the CLI for people and scripts (holidays, add-working-days, add-working-hours, between).
The calendar rules are tested in tests/unit/calendar_test.cpp; here the command line, its JSON and its
errors, and --agency taking the office hours of an agency from the database."""
import json
import subprocess
import unittest

from harness import BIN, Server


def run(*args, env=None):
    return subprocess.run([BIN, "calendar", *args], capture_output=True, text=True, timeout=120, env=env)


class CalendarCliTest(unittest.TestCase):
    def test_holidays_2026_json(self):
        # legal-rules §9.2 (BLLĐ 2019 Điều 111.3, 112): the published 2026 calendar.
        p = run("holidays", "2026", "--json")
        self.assertEqual(p.returncode, 0, p.stderr)
        doc = json.loads(p.stdout)
        self.assertEqual(doc["year"], 2026)
        self.assertTrue(doc["published"])
        off = {d["date"]: d for d in doc["days_off"]}
        for day in ("2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"):
            self.assertEqual(off[day]["name"], "Tết Nguyên đán")
        self.assertEqual(off["2026-04-27"]["kind"], "compensatory")
        self.assertEqual(off["2026-08-31"]["kind"], "swap")
        self.assertIn("2026-09-01", off)
        self.assertEqual(off["2026-02-16"]["weekday"], "Thứ Hai")
        self.assertEqual({d["date"] for d in doc["working_days"]}, {"2026-01-10", "2026-08-22"})

    def test_holidays_for_people(self):
        p = run("holidays", "2026")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("2026-02-16 Thứ Hai  Tết Nguyên đán", p.stdout)
        self.assertIn("2026-04-27 Thứ Hai  Nghỉ bù Giỗ Tổ Hùng Vương", p.stdout)

    def test_add_working_days_friday_after_1501(self):
        # NĐ 61/2018 Điều 18: after 15:00 the dossier counts from the next working day (Thu 3/9, after the
        # 31/8 swap and Quốc khánh 1–2/9); BLDS 2015 Điều 147: day 1 is the day after → Fri 4/9 17:00.
        p = run("add-working-days", "2026-08-28 15:01", "1", "--json")
        self.assertEqual(p.returncode, 0, p.stderr)
        doc = json.loads(p.stdout)
        self.assertEqual(doc["due"]["local"], "2026-09-04 17:00")
        self.assertEqual(doc["due"]["weekday"], "Thứ Sáu")
        self.assertEqual(doc["cutoff"], "15:00")
        # The same at 14:59, and with the cut-off disabled.
        self.assertEqual(json.loads(run("add-working-days", "2026-03-12 14:59", "1", "--json").stdout)["due"]["local"],
                         "2026-03-13 17:00")
        self.assertEqual(json.loads(run("add-working-days", "2026-03-12 15:01", "1", "--json").stdout)["due"]["local"],
                         "2026-03-16 17:00")
        p = run("add-working-days", "2026-03-12 15:01", "1", "--no-cutoff", "--json")
        self.assertEqual(json.loads(p.stdout)["due"]["local"], "2026-03-13 17:00")
        p = run("add-working-days", "2026-08-28 15:01", "1")
        self.assertIn("2026-09-04 17:00 (Thứ Sáu)", p.stdout)

    def test_add_working_hours(self):
        # NĐ 45/2020 Điều 11: 08 giờ làm việc, across Tết Bính Ngọ.
        p = run("add-working-hours", "2026-02-13 16:00", "8", "--json")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(json.loads(p.stdout)["due"]["local"], "2026-02-23 16:30")
        p = run("add-working-hours", "2026-03-10 10:00", "1.5", "--json")
        self.assertEqual(json.loads(p.stdout)["due"]["local"], "2026-03-10 11:30")

    def test_between(self):
        p = run("between", "2026-02-13 16:00", "2026-02-23 09:30", "--json")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(json.loads(p.stdout)["working_minutes"], 180)

    def test_bad_input_exits_2_with_a_message(self):
        for args, fragment in [
            (("add-working-days", "2026-02-30 10:00", "1"), "bad date-time"),
            (("add-working-days", "2026-03-12 10:00", "-1"), "bad number of working days"),
            (("add-working-days", "2026-03-12 10:00", "1", "--cutoff", "3pm"), "bad --cutoff"),
            (("add-working-hours", "2026-03-12 10:00", "eight"), "bad number of hours"),
            (("holidays", "26"), "bad year"),
            (("holidays", "1850"), "outside the calendar years"),
            (("frobnicate",), "unknown subcommand"),
            (("holidays", "2026", "--colour"), "unknown option"),
            ((), "what to do"),
        ]:
            p = run(*args)
            self.assertEqual(p.returncode, 2, (args, p.stdout, p.stderr))
            self.assertIn(fragment, p.stderr, args)

    def test_help(self):
        p = run("--help")
        self.assertEqual(p.returncode, 0)
        self.assertIn("add-working-days", p.stdout)

    def test_agency_office_hours_from_the_database(self):
        with Server(import_units=False) as s:
            # The demo agencies have no schedule of their own: the default file applies.
            p = s.motcua("calendar", "add-working-days", "2026-03-12 10:00", "1", "--agency", "000.00.12.H52", "--json")
            doc = json.loads(p.stdout)
            self.assertEqual(doc["due"]["local"], "2026-03-13 17:00")
            self.assertIsNone(doc["office_hours"]["from_agency_id"])
            p = s.motcua("calendar", "add-working-days", "2026-03-12 10:00", "1", "--agency", "000.00.99.X99", check=False)
            self.assertEqual(p.returncode, 2)
            self.assertIn("no agency with QCVN 102 code", p.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)

"""The audit trail end to end: state-changing requests leave rows with actor, role, agency, target,
old -> new summary and request id; `motcua audit verify` passes on the intact chain and fails at the
exact row someone edited directly in the database."""
import os
import sqlite3
import subprocess
import unittest

from harness import Server, main


class AuditTrailTest(unittest.TestCase):
    def tamper(self, s, row_id):
        """Edits one row behind the application's back, as a DBA with direct access could."""
        if s.pg_url:
            sql = ("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change; "
                   f"UPDATE audit_log SET summary = '{{\"forged\":true}}' WHERE id = {row_id};")
            subprocess.run(["psql", s.pg_url, "-qc", sql], check=True, capture_output=True)
        else:
            db = sqlite3.connect(os.path.join(s.dir, "motcua.db"))
            db.execute("DROP TRIGGER audit_log_no_update")
            db.execute("UPDATE audit_log SET summary = '{\"forged\":true}' WHERE id = ?", (row_id,))
            db.commit()
            db.close()

    def test_changes_are_recorded_and_tampering_is_found_at_the_row(self):
        with Server(import_units=False) as s:
            admin = s.client()
            admin.login("admin")
            before = admin.get("/api/audit").json["total"]
            agencies = admin.get("/api/agencies?per_page=200").json["items"]
            target = next(a for a in agencies if a["kind"] == "bo_phan_mot_cua")
            r = admin.patch(f"/api/agencies/{target['id']}", {"hotline": "1022"})
            self.assertEqual(r.status, 200, r.text)
            request_id = r.header("X-Request-Id")

            rows = admin.get(f"/api/audit?target=agency:{target['id']}").json["items"]
            row = rows[0]
            self.assertEqual(row["action"], "agency.update")
            self.assertEqual(row["actor_role"], "system_admin")
            self.assertIsNotNone(row["actor_id"])
            self.assertEqual(row["request_id"], request_id)
            self.assertIn("1022", row["summary"])
            self.assertGreater(admin.get("/api/audit").json["total"], before)

            # Read-only requests leave no rows.
            total = admin.get("/api/audit").json["total"]
            admin.get("/api/agencies")
            admin.get(f"/api/agencies/{target['id']}")
            self.assertEqual(admin.get("/api/audit").json["total"], total)

            # A refused change by a logged-in official is recorded with who tried what.
            officer = s.client()
            officer.login("motcua.xa_a")
            other = next(a for a in agencies if a["qcvn102_code"] == "000.01.62.H52")  # commune B's one-stop unit
            denied = officer.patch(f"/api/agencies/{other['id']}", {"hotline": "0999"})
            self.assertEqual(denied.status, 403)
            row = admin.get("/api/audit?action=access.denied").json["items"][0]
            self.assertEqual(row["actor_role"], "one_stop_officer")
            self.assertEqual(row["target"], f"PATCH /api/agencies/{other['id']}")
            self.assertEqual(row["request_id"], denied.header("X-Request-Id"))
            # Anonymous refusals identify no one and are not recorded.
            total = admin.get("/api/audit").json["total"]
            self.assertEqual(s.client().patch(f"/api/agencies/{other['id']}", {"hotline": "0999"}).status, 401)
            self.assertEqual(admin.get("/api/audit").json["total"], total)

            ok = s.motcua("audit", "verify")
            self.assertIn("intact", ok.stdout)

            victim = rows[0]["id"]
            self.tamper(s, victim)
            bad = s.motcua("audit", "verify", check=False)
            self.assertEqual(bad.returncode, 1, bad.stdout + bad.stderr)
            self.assertIn(f"BROKEN at row {victim}:", bad.stdout)
            self.assertEqual(admin.get("/api/audit/verify").json["first_bad_id"], victim)


if __name__ == "__main__":
    main()

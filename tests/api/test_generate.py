"""`motcua generate dossiers`: benchmark data that the app itself can list, track and act on.

A server with the catalogue and the commune A officials of dossier_flow gets 3,000 generated dossiers; the tests
check the codes (format, uniqueness, counters moved past them), the mix against data/bench/dossier-mix.json,
every active dossier of commune A reachable by its officials (queues, search, offered actions), the public
lookup, one real action per active state, a real reception afterwards, the history and attachment rows, and
that the same seed on the same database state gives the same rows.
"""
import datetime
import hashlib
import json
import os
import re
import subprocess
import tempfile
import unittest

from dossier_flow import CHUYENVIEN_A, LANHDAO_A, XA_A_MOT_CUA, Flow
from harness import Server, main

COUNT = 3000
SEED = "7"
MIX = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "bench",
                                  "dossier-mix.json"), encoding="utf-8"))
# Both layouts of the rule sets in force over three years: TT 01/2018 (QCVN 102 code, YYMMDD, ≥4 digits) and
# TT 03/2025 (QĐ 20 code, YYYYMMDD, AA + ≥4 digits).
CODE_RE = re.compile(r"^(\d{3}\.\d{2}\.\d{2}\.H52-\d{6}-\d{4,}|H52(\.[0-9A-Z]+)+-\d{8}-52\d{4,})$")
ACTIVE = (1, 2, 4, 5, 6)
OFFICIALS = ("motcua.xa_a", CHUYENVIEN_A, LANHDAO_A)
QUEUES = ("to_receive", "to_assign", "to_appraise", "to_approve", "to_return", "mine", "due_soon", "overdue")


def today_vn():
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=7)).date().isoformat()


def query(server, sql):
    """Rows of a SELECT as lists of strings ('' for NULL), on either backend."""
    if server.pg_url:
        out = subprocess.run(["psql", server.pg_url, "-AtqF", "\x1f", "-c", sql], check=True, capture_output=True,
                             text=True).stdout
        return [line.split("\x1f") for line in out.splitlines()]
    import sqlite3
    db = sqlite3.connect(os.path.join(server.dir, "motcua.db"))
    try:
        return [["" if v is None else str(v) for v in row] for row in db.execute(sql)]
    finally:
        db.close()


def prepared_server():
    s = Server()
    s.__enter__()
    try:
        s.motcua("import", "catalogue")
        return s, Flow(s)
    except BaseException:
        s.__exit__(None, None, None)
        raise


def generate(server, *extra):
    return server.motcua("generate", "dossiers", "--count", str(COUNT), "--seed", SEED, "--until", today_vn(),
                         "--yes-bench-data", *extra)


def digest(server):
    """SHA-256 of every generated row, ids included: equal digests mean the same data."""
    h = hashlib.sha256()
    for table, order in (("dossiers", "id"), ("dossier_history", "dossier_id, seq"),
                         ("dossier_attachments", "dossier_id, component_key")):
        cols = "*" if table == "dossiers" else "dossier_id, " + ("seq, action, to_state, to_status, at_ms, note"
                                                                 if table == "dossier_history" else
                                                                 "component_key, sha256, size, at_ms")
        for row in query(server, f"SELECT {cols} FROM {table} ORDER BY {order}"):
            h.update("\x1f".join(row).encode() + b"\n")
    return h.hexdigest()


class GenerateTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server, cls.flow = prepared_server()
        try:
            cls.codes_file = os.path.join(cls.server.dir, "codes.txt")
            cls.out = generate(cls.server, "--codes-out", cls.codes_file).stdout
            cls.a = cls.flow.agency[XA_A_MOT_CUA]
            cls.rows = query(cls.server, "SELECT id, code, state, status, channel, agency_id, received_at_ms, timeliness, "
                                         "applicant_id_number, applicant_name, applicant_name_folded, workflow_key, "
                                         "assignee_user_id, due_at_ms, step_due_at_ms FROM dossiers ORDER BY id")
        except BaseException:
            cls.server.__exit__(None, None, None)
            raise

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def status(self, r):
        return int(r[3]) if r[3] else None

    def test_arguments_are_checked(self):
        for args, needle in ((("--count", "0"), "--count"), (("--count", "x"), "--count"), (("--seed", "-1"), "--seed"),
                             (("--until", "2026-13-01"), "--until"), (("--count", "5"), "--yes-bench-data"),
                             ((), "--yes-bench-data")):
            with self.subTest(args=args):
                p = self.server.motcua("generate", "dossiers", *args, check=False)
                self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
                self.assertIn(needle, p.stderr)
                self.assertIn(" / ", p.stderr)  # Vietnamese, then English
        p = self.server.motcua("generate", "users", "--yes-bench-data", check=False)
        self.assertEqual(p.returncode, 2)
        bad = os.path.join(self.server.dir, "bad-mix.json")
        with open(bad, "w") as f:
            json.dump(dict(MIX, channels={"online": 0.9, "fax": 0.3}), f)
        p = self.server.motcua("generate", "dossiers", "--count", "5", "--mix", bad, "--yes-bench-data", check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("channels.fax", p.stderr)
        self.assertIn("sum to 1.2", p.stderr)

    def test_count_and_report(self):
        self.assertEqual(len(self.rows), COUNT)
        self.assertRegex(self.out, r"generated 3000 dossiers .* dossiers/s")
        self.assertRegex(self.out, r"commune A one-stop unit \(000\.01\.61\.H52\): to receive \d+")

    def test_codes_are_unique_in_the_real_format_and_counted(self):
        codes = [r[1] for r in self.rows if r[1]]
        self.assertGreater(len(codes), COUNT * 0.8)
        self.assertEqual(len(codes), len(set(codes)))
        for c in codes:
            self.assertRegex(c, CODE_RE)
        # Every dossier received has a code, drafts and not-yet-received ones none.
        for r in self.rows:
            self.assertEqual(bool(r[1]), bool(r[6]), r)
        # The counters stand at or above every generated sequence of their agency and day.
        seqs = {}
        for r in query(self.server, "SELECT d.agency_id, d.code, d.received_at_ms FROM dossiers d WHERE d.code IS NOT NULL"):
            day = (datetime.datetime.fromtimestamp(int(r[2]) / 1000, datetime.timezone.utc) +
                   datetime.timedelta(hours=7)).date().isoformat()
            seq = int(r[1].rsplit("-", 1)[1][2:] if r[1].startswith("H") else r[1].rsplit("-", 1)[1])
            key = (r[0], day)
            seqs[key] = max(seqs.get(key, 0), seq)
        counters = {(r[0], r[1]): int(r[2]) for r in query(self.server, "SELECT agency_id, day, last_seq FROM dossier_code_counters")}
        for key, seq in seqs.items():
            self.assertGreaterEqual(counters.get(key, 0), seq, key)
        with open(self.codes_file) as f:
            sample = f.read().split()
        self.assertEqual(len(sample), len(codes))  # all of them when fewer than 100,000
        self.assertEqual(set(sample), set(codes))

    def test_mix_within_tolerance(self):
        n = len(self.rows)
        drafts = [r for r in self.rows if r[2] == "draft"]
        for r in drafts:
            self.assertEqual(r[3], "")
            self.assertEqual(r[1], "")
        self.assertAlmostEqual(len(drafts) / n, MIX["outcomes"]["draft"], delta=0.015)
        by_status = lambda *s: sum(1 for r in self.rows if self.status(r) in s) / n
        self.assertAlmostEqual(by_status(10), MIX["outcomes"]["returned"], delta=0.04)
        self.assertAlmostEqual(by_status(*ACTIVE), MIX["outcomes"]["active"], delta=0.025)
        self.assertAlmostEqual(by_status(3), MIX["outcomes"]["not_received"], delta=0.012)
        self.assertAlmostEqual(by_status(8), MIX["outcomes"]["stopped"], delta=0.01)
        for s in ACTIVE:  # a few at every step
            self.assertGreater(by_status(s), 0, s)
        submitted = [r for r in self.rows if r[2] != "draft"]
        online = sum(1 for r in submitted if r[4] == "online") / len(submitted)
        self.assertAlmostEqual(online, MIX["channels"]["online"], delta=0.04)
        self.assertEqual({r[4] for r in submitted}, {"online", "counter", "postal", "third_party"})
        done = [r for r in self.rows if r[7]]
        # Timeliness is an aim: the clock classifies, and a short procedure finished early on its due day is
        # on time. Late is placed after the due, so it must match closely.
        late = sum(1 for r in done if r[7] == "late") / len(done)
        self.assertAlmostEqual(late, MIX["timeliness"]["late"], delta=0.03)
        self.assertGreater(sum(1 for r in done if r[7] == "early") / len(done), 0.3)
        self.assertTrue({r[7] for r in done} == {"early", "on_time", "late"})
        self.assertEqual({r[11] for r in self.rows}, {"one-step", "appraisal-approval", "inter-agency"})
        # Spread over the tree, skewed: commune A busy, every commune with a one-stop unit.
        share_a = sum(1 for r in self.rows if r[5] == str(self.a)) / n
        self.assertAlmostEqual(share_a, MIX["agencies"]["demo_commune_a"], delta=0.02)
        self.assertGreaterEqual(len({r[5] for r in self.rows}), 40)
        units = query(self.server, "SELECT COUNT(*) FROM admin_units WHERE scheme = '2025' AND level = 'commune' AND "
                                   "parent_code = '14'")[0][0]
        covered = query(self.server, "SELECT COUNT(DISTINCT unit_code) FROM agencies WHERE kind = 'bo_phan_mot_cua' AND "
                                     "unit_scheme = '2025'")[0][0]
        self.assertEqual(units, covered)
        # Names folded like the app folds them; plausible CCCD / tax codes.
        for r in self.rows[:200]:
            self.assertRegex(r[8], r"^(0\d{11}|55\d{8})$")
            self.assertEqual(r[10], r[10].lower())
            self.assertNotRegex(r[10], r"[^\x00-\x7f]")

    def test_history_and_attachments(self):
        hist = {}
        for r in query(self.server, "SELECT dossier_id, seq, to_status, to_state FROM dossier_history ORDER BY dossier_id, seq"):
            hist.setdefault(r[0], []).append(r)
        for r in self.rows:
            h = hist.get(r[0], [])
            if r[2] == "draft":
                self.assertEqual(h, [], r)  # the app writes no history for a draft
                continue
            self.assertTrue(1 <= len(h) <= 3, (r, h))
            self.assertEqual([x[1] for x in h], [str(i + 1) for i in range(len(h))])
            self.assertEqual((h[-1][2], h[-1][3]), (r[3], r[2]), r)  # last row = the dossier's status and state
        last = max(int(r[0]) for r in self.rows)
        att = query(self.server, "SELECT dossier_id, COUNT(*), MIN(size), MAX(size), MIN(length(sha256)), "
                                 f"MAX(length(sha256)) FROM dossier_attachments WHERE dossier_id <= {last} "
                                 "GROUP BY dossier_id")
        self.assertEqual(len(att), COUNT)
        for r in att:
            self.assertTrue(1 <= int(r[1]) <= 3, r)
            self.assertTrue(51200 <= int(r[2]) and int(r[3]) <= 2097152, r)
            self.assertEqual((r[4], r[5]), ("64", "64"))
        for r in query(self.server, "SELECT sha256 FROM dossier_attachments LIMIT 100"):
            self.assertRegex(r[0], r"^[0-9a-f]{64}$")

    def test_active_dossiers_of_commune_a_reach_its_officials(self):
        active = [r for r in self.rows if r[5] == str(self.a) and self.status(r) in ACTIVE + (9,)]
        self.assertGreater(len(active), 0)
        listed = {}
        for who in OFFICIALS:
            for q in QUEUES:
                page = 1
                while True:
                    r = self.flow.client(who).get(f"/api/queues/{q}?per_page=200&page={page}")
                    self.assertEqual(r.status, 200, r)
                    for item in r.json["items"]:
                        listed.setdefault(str(item["id"]), set()).add(q)
                    if page * 200 >= r.json["total"]:
                        break
                    page += 1
        to_receive = [r for r in active if self.status(r) == 1]
        to_return = [r for r in active if self.status(r) == 9]
        for r in to_receive:
            self.assertIn("to_receive", listed.get(r[0], set()), r)
        for r in to_return:
            self.assertIn("to_return", listed.get(r[0], set()), r)
        officer = self.flow.client("motcua.xa_a")
        for r in active:
            # Listed in a queue, or found by the officer's CCCD search; and some official is offered an action.
            if r[0] not in listed:
                found = officer.get(f"/api/dossiers?id_number={r[8]}&per_page=200")
                self.assertEqual(found.status, 200, found)
                self.assertIn(int(r[0]), [i["id"] for i in found.json["items"]], r)
            offered = []
            for who in OFFICIALS:
                d = self.flow.client(who).get(f"/api/dossiers/{r[0]}")
                if d.status == 200:
                    offered += [a["action"] for a in d.json["actions"] if not a["blocked"]]
            self.assertTrue(offered, r)

    def test_the_app_acts_on_generated_dossiers(self):
        f = self.flow
        steps = {  # state → (official, action, body, status after)
            "submitted": ("motcua.xa_a", "accept", {}, 2),
            "received": ("motcua.xa_a", "transfer", {"to_agency_id": self.a}, 4),
            "awaiting_assignment": (LANHDAO_A, "assign", {"assignee_user_id": f.user_id(CHUYENVIEN_A)}, 4),
            "processing": (CHUYENVIEN_A, "complete", {"title": "Kết quả số 1/KQ"}, 9),
            "appraisal": (CHUYENVIEN_A, "propose", {"note": "Đủ điều kiện"}, 4),
            "awaiting_approval": (LANHDAO_A, "approve", {"note": "Đồng ý"}, 4),
            "approved": (CHUYENVIEN_A, "complete", {"title": "Kết quả số 1/KQ"}, 9),
            "supplement_at_reception": ("motcua.xa_a", "resubmit", {}, 1),
            "supplement_in_processing": ("motcua.xa_a", "resubmit", {}, 4),
            "awaiting_payment": ("motcua.xa_a", "record_payment", {"amount_vnd": 50000}, 4),
        }
        done = set()
        for r in self.rows:
            if r[5] != str(self.a) or r[2] not in steps or r[2] in done:
                continue
            who, action, body, status = steps[r[2]]
            f.act(who, r[0], action, body, status=status)
            done.add(r[2])
        self.assertIn("submitted", done)
        # A completed one is returned by the one-stop officer.
        for r in self.rows:
            if r[5] == str(self.a) and self.status(r) == 9:
                f.act("motcua.xa_a", r[0], "return_result", {}, status=10)
                break

    def test_public_lookup_of_sampled_codes(self):
        with open(self.codes_file) as f:
            sample = f.read().split()
        by_code = {r[1]: r for r in self.rows if r[1]}
        client = self.server.client()
        for code in sample[:: max(1, len(sample) // 25)]:
            r = client.get(f"/api/tracking/{code}")
            self.assertEqual(r.status, 200, (code, r))
            self.assertEqual(r.json["code"], code)
            self.assertEqual(str(r.json["status"]), by_code[code][3])

    def test_a_real_dossier_afterwards_gets_a_fresh_code(self):
        d = self.flow.submit("counter")
        d = self.flow.act("motcua.xa_a", d["id"], "accept", status=2)
        generated = {r[1] for r in self.rows if r[1]}
        self.assertNotIn(d["code"], generated)
        self.assertRegex(d["code"], CODE_RE)
        self.assertEqual(query(self.server, f"SELECT COUNT(*) FROM dossiers WHERE code = '{d['code']}'"), [["1"]])
        # Its id lies above the generated block, which the server never reused.
        self.assertGreater(d["id"], max(int(r[0]) for r in self.rows))

    def test_one_audit_row_for_the_whole_run(self):
        rows = query(self.server, "SELECT summary FROM audit_log WHERE action = 'bench.generate'")
        self.assertEqual(len(rows), 1)
        self.assertEqual(json.loads(rows[0][0])["count"], COUNT)
        # None per generated dossier (other tests' real actions may have added rows for their own dossiers).
        last = max(int(r[0]) for r in self.rows)
        acted = set()
        for r in query(self.server, "SELECT target FROM audit_log WHERE target LIKE 'dossier:%' AND action <> 'bench.generate'"):
            if int(r[0].split(":")[1]) <= last:
                acted.add(r[0])
        self.assertEqual(acted, set())


class SameSeedTest(unittest.TestCase):
    def test_same_seed_same_rows(self):
        digests = []
        for _ in range(2):
            s, _flow = prepared_server()
            try:
                generate(s)
                digests.append(digest(s))
            finally:
                s.__exit__(None, None, None)
        self.assertEqual(digests[0], digests[1])


if __name__ == "__main__":
    main()

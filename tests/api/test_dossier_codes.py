"""Mã số hồ sơ under real concurrency (TT 01/2018/TT-VPCP Điều 19: a daily sequence per receiving agency):
two `motcua codes allocate` processes with 8 threads each, against the same database as a running server,
must hand out every number 1..2×8×N exactly once. The harness runs this file on SQLite and on PostgreSQL
(MOTCUA_TEST_API_BACKEND=postgres), where the two processes are two independent connection pools."""
import re
import subprocess
import time
import unittest

from harness import BIN, Server, main

AGENCY = "000.01.61.H52"  # demo: Bộ phận một cửa of commune A
THREADS = 8
COUNT = 50  # per thread


class DossierCodesTest(unittest.TestCase):
    def allocate_in_two_processes(self, s, date):
        args = [BIN, "codes", "allocate", "--agency", AGENCY, "--count", str(COUNT),
                "--threads", str(THREADS), "--date", date]
        procs = [subprocess.Popen(args, env=s.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(2)]
        outs = [p.communicate(timeout=300) for p in procs]
        for p, (out, err) in zip(procs, outs):
            self.assertEqual(p.returncode, 0, err)
            print("   ", err.strip().splitlines()[-1])
        return [line for out, _ in outs for line in out.splitlines() if line]

    def test_two_processes_eight_threads_no_duplicate_no_gap(self):
        with Server(import_units=False) as s:
            codes = self.allocate_in_two_processes(s, "2024-11-01")
            total = 2 * THREADS * COUNT
            self.assertEqual(len(codes), total)
            self.assertEqual(len(set(codes)), total, "duplicate codes")
            seqs = set()
            for c in codes:
                m = re.fullmatch(r"000\.01\.61\.H52-241101-(\d{4,})", c)
                self.assertIsNotNone(m, c)
                seqs.add(int(m.group(1)))
            self.assertEqual(seqs, set(range(1, total + 1)), "gap or duplicate in the sequence")

            # 11 Jan is another day: its own counter starts at 1 (OpenCPS keyed both as "111").
            p = s.motcua("codes", "allocate", "--agency", AGENCY, "--count", "1", "--date", "2025-01-11")
            self.assertEqual(p.stdout.strip(), "000.01.61.H52-250111-0001")
            p = s.motcua("codes", "allocate", "--agency", AGENCY, "--count", "1", "--date", "2024-11-01")
            self.assertEqual(p.stdout.strip(), f"000.01.61.H52-241101-{total + 1:04d}")

    def test_tt03_form_and_errors(self):
        with Server(import_units=False) as s:
            # TT 03/2025 Điều 13.3 (rule set tt03-2025-tt04 from 25/01/2026): QĐ 20 code + YYYYMMDD + AA + XXXX.
            p = s.motcua("codes", "allocate", "--agency", AGENCY, "--count", "2", "--date", "2026-02-02", check=False)
            if p.returncode == 0:
                lines = p.stdout.split()
                self.assertEqual(len(lines), 2)
                self.assertRegex(lines[0], r"^H52\.[0-9A-Z.]+-20260202-520001$")
            else:  # the demo agency has no QĐ 20 code: a clear error naming it
                self.assertIn("QĐ 20/2020", p.stderr)
            p = s.motcua("codes", "allocate", "--agency", "999.99.99.H99", "--count", "1", check=False)
            self.assertEqual(p.returncode, 2)
            self.assertIn("no agency with QCVN 102 or QĐ 20 code", p.stderr)
            p = s.motcua("codes", "allocate", "--agency", AGENCY, "--date", "2024-02-30", check=False)
            self.assertEqual(p.returncode, 2)


if __name__ == "__main__":
    main()

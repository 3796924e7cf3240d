"""The command line as a newcomer meets it: `motcua --help` lists every command, and each one listed answers
`--help` with its usage and an explanation, without touching a database. Commands own tests elsewhere
(test_calendar_cli.py, test_audit.py, test_catalogue.py, test_profiles.py, ...)."""
import re
import subprocess
import unittest

from harness import BIN, main


def run(*args):
    # No MOTCUA_DB and a data directory that does not exist: --help must not need either.
    env = {"PATH": "/usr/bin:/bin", "MOTCUA_DATA_DIR": "/nonexistent/motcua-help"}
    return subprocess.run([BIN, *args], capture_output=True, text=True, timeout=60, env=env)


class CliHelpTest(unittest.TestCase):
    def listed_commands(self):
        p = run("--help")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("Each command takes --help", p.stdout)
        names = re.findall(r"^  motcua ([a-z-]+)", p.stdout, re.M)
        self.assertTrue(names, p.stdout)
        return names

    def test_every_listed_command_answers_help(self):
        names = self.listed_commands()
        # The commands issue #2 promised, at least.
        self.assertTrue({"serve", "migrate", "seed", "audit", "version", "import"} <= set(names), names)
        for name in names:
            with self.subTest(command=name):
                p = run(name, "--help")
                self.assertEqual(p.returncode, 0, p.stderr)
                usage, _, explanation = p.stdout.partition("\n\n")
                self.assertTrue(usage.startswith(f"Usage: motcua {name}"), p.stdout)
                self.assertGreaterEqual(len(explanation.strip()), 10, p.stdout)  # at least a sentence
                self.assertEqual(p.stderr, "")

    def test_unknown_command_exits_2_with_the_list(self):
        p = run("frobnicate")
        self.assertEqual(p.returncode, 2)
        self.assertIn("unknown command 'frobnicate'", p.stderr)
        self.assertIn("motcua serve", p.stderr)
        self.assertEqual(p.stdout, "")

    def test_version(self):
        p = run("version")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertRegex(p.stdout, r"^motcua \d+\.\d+\.\d+\n$")


if __name__ == "__main__":
    main()

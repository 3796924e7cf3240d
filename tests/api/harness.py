"""Test harness for API tests: a real `motcua serve` on a free loopback port with a temporary data
directory, seeded with the demo agencies and accounts, and a cookie-keeping HTTP client.

    from harness import Server, DEMO_PASSWORD
    with Server() as s:
        c = s.client()
        c.login("admin")                       # demo password by default; keeps cookie + CSRF token
        r = c.post("/api/agencies", {...})     # X-CSRF-Token sent automatically on state changes
        assert r.status == 201, r.text
        s.motcua("audit", "verify")            # runs the CLI against the same database

Environment: MOTCUA_BIN (the binary, set by ctest); MOTCUA_TEST_API_BACKEND=postgres runs each Server
on a fresh database in the PostgreSQL cluster named by MOTCUA_TEST_PG_URL (scripts/test.sh starts one),
dropped afterwards; otherwise a fresh SQLite file in the temporary data directory.
"""
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

DEMO_PASSWORD = "MotCua@2026"
BIN = os.environ.get("MOTCUA_BIN", os.path.join(os.path.dirname(__file__), "..", "..", "build", "motcua"))


class Reply:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # list of (name, value)
        self.text = body.decode("utf-8", errors="replace")
        self.body = body

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def headers_all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    @property
    def json(self):
        return json.loads(self.text) if self.text else None

    def __repr__(self):
        return f"<Reply {self.status} {self.text[:300]}>"


class Client:
    def __init__(self, host, port, source_ip=None):
        """source_ip: connect from that loopback address (the login limiter counts per address)."""
        self.host, self.port, self.source_ip = host, port, source_ip
        self.cookies = {}
        self.csrf = None

    def clone(self):
        """Another client with the same session."""
        c = Client(self.host, self.port, self.source_ip)
        c.cookies, c.csrf = dict(self.cookies), self.csrf
        return c

    def request(self, method, path, body=None, headers=None, raw=None):
        source = (self.source_ip, 0) if self.source_ip else None
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30, source_address=source)
        h = {"Accept": "application/json"}
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.csrf and method in ("POST", "PUT", "PATCH", "DELETE"):
            h["X-CSRF-Token"] = self.csrf
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        h.update(headers or {})
        conn.request(method, path, body=data, headers=h)
        resp = conn.getresponse()
        reply = Reply(resp.status, resp.getheaders(), resp.read())
        conn.close()
        for sc in reply.headers_all("Set-Cookie"):
            name, _, rest = sc.partition("=")
            value = rest.split(";", 1)[0]
            if value == "" or "Max-Age=0" in sc:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return reply

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body=body, **kw)

    def patch(self, path, body=None, **kw):
        return self.request("PATCH", path, body=body, **kw)

    def put(self, path, body=None, **kw):
        return self.request("PUT", path, body=body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def login(self, username, password=DEMO_PASSWORD, expect=200):
        r = self.post("/api/auth/login", {"login": username, "password": password})
        if expect is not None:
            assert r.status == expect, f"login {username}: {r}"
        if r.status == 200:
            self.csrf = r.json["csrf_token"]
        return r


class Server:
    def __init__(self, seed_demo=True, import_units=True, env=None):
        self.seed_demo = seed_demo
        self.import_units = import_units
        self.extra_env = env or {}
        self.proc = None

    def env(self):
        e = dict(os.environ)
        e.update({
            "MOTCUA_DATA_DIR": self.dir,
            "MOTCUA_PORT": "0",
            "MOTCUA_LISTEN_ADDRESS": "127.0.0.1",
            # A two-file stand-in for web/dist, so the UI routes answer the same whether or not the UI is built
            # (the e2e tests serve the real build).
            "MOTCUA_WEB_DIR": os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "web"),
        })
        if self.pg_url:
            e["MOTCUA_DB"] = self.pg_url
        e.update(self.extra_env)
        return e

    def motcua(self, *args, check=True):
        """Runs a CLI subcommand against this server's database; returns CompletedProcess."""
        p = subprocess.run([BIN, *args], env=self.env(), capture_output=True, text=True, timeout=600)
        if check and p.returncode != 0:
            raise AssertionError(f"motcua {' '.join(args)} failed ({p.returncode}): {p.stdout}\n{p.stderr}")
        return p

    def start(self):
        self.log_path = os.path.join(self.dir, "server.log")
        if getattr(self, "log", None):
            self.log.close()  # a restart after a kill: the old process is gone
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen([BIN, "serve"], env=self.env(), stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while time.time() < deadline:
            with open(self.log_path) as f:
                for line in f:
                    if "listening on http://" in line:
                        url = line.strip().split("http://", 1)[1].rstrip("/")
                        self.host, port = url.rsplit(":", 1)
                        self.port = int(port)
                        self.base = f"http://{url}"
                        return
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError("server did not start:\n" + open(self.log_path).read())

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        code = self.proc.returncode if self.proc else None
        self.proc = None
        if getattr(self, "log", None):
            self.log.close()
            self.log = None
        return code

    def _create_pg_database(self):
        base = os.environ.get("MOTCUA_TEST_PG_URL")
        if not base:
            raise AssertionError("MOTCUA_TEST_API_BACKEND=postgres needs MOTCUA_TEST_PG_URL (scripts/pg-cluster.sh start DIR)")
        name = "api_" + os.path.basename(self.dir).replace("-", "_").replace(".", "_").lower()
        subprocess.run(["psql", base, "-qc", f"CREATE DATABASE {name}"], check=True, capture_output=True)
        self.pg_admin_url, self.pg_name = base, name
        return re.sub(r"^(postgres(?:ql)?://[^/]*/)[^?]*", lambda m: m.group(1) + name, base)

    def _drop_pg_database(self):
        if self.pg_url:
            subprocess.run(["psql", self.pg_admin_url, "-qc", f"DROP DATABASE IF EXISTS {self.pg_name} WITH (FORCE)"],
                           capture_output=True)

    def __enter__(self):
        self.dir = tempfile.mkdtemp(prefix="motcua-api-")
        self.pg_url = None
        if os.environ.get("MOTCUA_TEST_API_BACKEND") == "postgres":
            self.pg_url = self._create_pg_database()
        if self.import_units:
            self.motcua("import", "units")
        else:
            self.motcua("migrate")
        if self.seed_demo:
            self.motcua("seed", "--demo")
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        if exc[0] is not None and os.path.exists(os.path.join(self.dir, "server.log")):
            sys.stderr.write("---- server log (tail) ----\n")
            with open(os.path.join(self.dir, "server.log")) as f:
                sys.stderr.write("".join(f.readlines()[-40:]))
        self._drop_pg_database()
        shutil.rmtree(self.dir, ignore_errors=True)

    def sql(self, statement):
        """Runs one SQL statement on the server's database, whichever the backend: for tests that must put a
        row where no API may (a due date in the past, a forged row)."""
        if self.pg_url:
            subprocess.run(["psql", self.pg_url, "-qc", statement], check=True, capture_output=True)
        else:
            import sqlite3
            db = sqlite3.connect(os.path.join(self.dir, "motcua.db"))
            with db:
                db.execute(statement)
            db.close()

    def client(self):
        return Client(self.host, self.port)

    def mail_files(self):
        """E-mails delivered to the file sink, oldest first (the server delivers every second)."""
        d = os.path.join(self.dir, "mail")
        if not os.path.isdir(d):
            return []
        names = sorted((n for n in os.listdir(d) if n.endswith(".eml")), key=lambda n: int(n.split(".")[0]))
        out = []
        for n in names:
            with open(os.path.join(d, n), encoding="utf-8") as f:
                out.append(f.read())
        return out

    def wait_for_mail(self, predicate, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for m in self.mail_files():
                if predicate(m):
                    return m
            time.sleep(0.1)
        raise AssertionError("no matching e-mail in the file sink; have: %r" % self.mail_files())


def assert_error_shape(testcase, reply, status, code=None):
    """Every error answer has {"error":{"code","message_vi","message_en","fields":[...]}}."""
    testcase.assertEqual(reply.status, status, reply.text)
    err = reply.json["error"]
    for k in ("code", "message_vi", "message_en", "fields"):
        testcase.assertIn(k, err)
    testcase.assertTrue(err["message_vi"] and err["message_en"])
    if code:
        testcase.assertEqual(err["code"], code)
    for f in err["fields"]:
        testcase.assertTrue(f["field"] and f["message_vi"] and f["message_en"], f)
    return err


def main():
    unittest.main(verbosity=2)

"""The HTTP server as a client sees it: health, metrics, limits, the error shape, request ids,
timeouts and graceful shutdown. A real `motcua serve` on a loopback port."""
import json
import re
import signal
import socket
import subprocess
import time
import unittest

from harness import BIN, Server, assert_error_shape, main


class HttpServerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.s = Server(import_units=False, env={"MOTCUA_MAX_BODY_BYTES": "65536", "MOTCUA_READ_TIMEOUT_SECONDS": "2"})
        cls.s.__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.s.__exit__(None, None, None)

    def test_health_and_readiness(self):
        c = self.s.client()
        r = c.get("/healthz")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.json["status"], "ok")
        r = c.get("/readyz")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.json["database"], "ok")

    def test_every_answer_has_a_fresh_request_id_and_safe_headers(self):
        c = self.s.client()
        a, b = c.get("/healthz"), c.get("/healthz")
        self.assertRegex(a.header("X-Request-Id"), r"^[0-9a-f]{16}$")
        self.assertNotEqual(a.header("X-Request-Id"), b.header("X-Request-Id"))
        self.assertEqual(a.header("X-Content-Type-Options"), "nosniff")
        self.assertEqual(a.header("Cache-Control"), "no-store")

    def test_metrics_count_requests_by_route_with_latency_histograms(self):
        c = self.s.client()
        for _ in range(3):
            c.get("/healthz")
        c.get("/api/agencies/999999999")
        text = c.get("/metrics").text
        m = re.search(r'motcua_http_requests_total\{method="GET",route="/healthz",status="200"\} (\d+)', text)
        self.assertIsNotNone(m, text[:2000])
        self.assertGreaterEqual(int(m.group(1)), 3)
        # The raw id is not a label: the route pattern is, so cardinality stays bounded.
        self.assertIn('route="/api/agencies/{id}"', text)
        self.assertNotIn("999999999", text)
        self.assertRegex(text, r'motcua_http_request_duration_seconds_bucket\{method="GET",route="/healthz",le="\+Inf"\} \d+')

    def test_unknown_path_and_wrong_method(self):
        c = self.s.client()
        assert_error_shape(self, c.get("/api/nothing-here"), 404, "not_found")
        r = c.request("DELETE", "/healthz")
        assert_error_shape(self, r, 405, "method_not_allowed")
        self.assertIn("GET", r.header("Allow"))

    def test_malformed_json_is_400_with_the_error_shape(self):
        c = self.s.client()
        r = c.request("POST", "/api/auth/login", raw=b'{"login": "admin", "password": ', headers={"Content-Type": "application/json"})
        assert_error_shape(self, r, 400, "malformed_json")

    def test_unknown_fields_and_wrong_types_are_422_per_field(self):
        c = self.s.client()
        r = c.post("/api/auth/login", {"login": "admin", "password": 5, "remember_me_please": True})
        err = assert_error_shape(self, r, 422, "validation_failed")
        fields = {f["field"] for f in err["fields"]}
        self.assertEqual(fields, {"password", "remember_me_please"})

    def test_oversized_body_is_413_and_nothing_is_written(self):
        c = self.s.client()
        big = {"account_type": "citizen", "full_name": "Nguyễn Văn Lớn", "email": "lon@example.vn",
               "password": "MatKhau2026dai", "id_number": "001203004567", "note": "x" * 70000}
        r = c.post("/api/auth/register", big)
        assert_error_shape(self, r, 413, "payload_too_large")
        # The account was not created: logging in with it fails like any unknown login.
        self.assertEqual(c.post("/api/auth/login", {"login": "lon@example.vn", "password": "MatKhau2026dai"}).status, 401)

    def test_refused_bodies_write_nothing(self):
        """A registration refused for its body (malformed, oversized, unknown field, wrong type) creates no
        account, queues no e-mail and appends no audit row; the same body, corrected, then works."""
        admin = self.s.client()
        admin.login("admin")
        audit_before = admin.get("/api/audit?per_page=1").json["total"]
        mail_before = len(self.s.mail_files())
        email = "nuadoi@example.vn"
        good = {"account_type": "citizen", "full_name": "Lò Thị Nửa Đời", "email": email,
                "password": "MatKhau2026dai", "id_number": "014203004567"}
        c = self.s.client()
        text = json.dumps(good, ensure_ascii=False).encode()
        refused = [
            (c.request("POST", "/api/auth/register", raw=text[:-9], headers={"Content-Type": "application/json"}),
             400, "malformed_json", set()),
            (c.post("/api/auth/register", dict(good, note="x" * 70000)), 413, "payload_too_large", set()),
            (c.post("/api/auth/register", dict(good, is_admin=True)), 422, "validation_failed", {"is_admin"}),
            (c.post("/api/auth/register", dict(good, id_number=14203004567)), 422, "validation_failed", {"id_number"}),
        ]
        for reply, status, code, fields in refused:
            err = assert_error_shape(self, reply, status, code)
            self.assertEqual({f["field"] for f in err["fields"]}, fields)
        self.assertEqual(admin.get("/api/audit?per_page=1").json["total"], audit_before)
        time.sleep(1.5)  # the outbox is delivered every second
        self.assertEqual(len(self.s.mail_files()), mail_before)
        self.assertEqual(c.post("/api/auth/login", {"login": email, "password": good["password"]}).status, 401)
        # The body without its faults is accepted: the refusals were about the faults alone.
        self.assertEqual(c.post("/api/auth/register", good).status, 201)
        c.login(email, good["password"])

    def test_oversized_headers_are_431(self):
        c = self.s.client()
        r = c.get("/healthz", headers={"X-Padding": "p" * 20000})
        assert_error_shape(self, r, 431, "headers_too_large")

    def test_garbage_instead_of_http_is_400(self):
        with socket.create_connection((self.s.host, self.s.port), timeout=5) as sock:
            sock.sendall(b"HELLO WORLD\x00\x01\r\n\r\n")
            data = sock.recv(4096).decode(errors="replace")
        self.assertTrue(data.startswith("HTTP/1.1 400"), data)
        self.assertIn('"message_vi"', data)

    def test_a_silent_client_is_disconnected_after_the_read_timeout(self):
        with socket.create_connection((self.s.host, self.s.port), timeout=10) as sock:
            start = time.time()
            data = sock.recv(100)  # blocks until the server closes
            self.assertEqual(data, b"")
            self.assertLess(time.time() - start, 8)

    def test_openapi_describes_every_route_and_nothing_else(self):
        doc = self.s.client().get("/api/openapi.json").json
        documented = set()
        for path, ops in doc["paths"].items():
            for method, op in ops.items():
                if method in ("get", "post", "put", "patch", "delete"):
                    documented.add(f"{method.upper()} {path}")
                    self.assertTrue(op.get("summary"), f"{method} {path} has no summary")
                    self.assertTrue(op.get("responses"), f"{method} {path} has no responses")
        routes = set(subprocess.run([BIN, "routes"], capture_output=True, text=True, check=True).stdout.split("\n")) - {""}
        self.assertEqual(routes - documented, set(), "routes missing from docs/openapi.json")
        self.assertEqual(documented - routes, set(), "docs/openapi.json describes routes that do not exist")


    def test_access_log_is_one_json_line_per_request_with_its_id(self):
        r = self.s.client().get("/healthz?probe=access-log")
        rid = r.header("X-Request-Id")
        deadline = time.time() + 5
        entry = None
        while time.time() < deadline and entry is None:
            with open(self.s.log_path) as f:
                for line in f:
                    if line.startswith("{") and rid in line:
                        entry = json.loads(line)
            time.sleep(0.05)
        self.assertIsNotNone(entry, "no access-log line for request " + rid)
        self.assertEqual(entry["request_id"], rid)
        self.assertEqual(entry["route"], "/healthz")
        self.assertEqual(entry["status"], 200)
        self.assertEqual(entry["method"], "GET")
        self.assertIn("duration_ms", entry)


class ConnectionLimitTest(unittest.TestCase):
    def test_connections_over_the_limit_are_refused_and_the_rest_still_served(self):
        with Server(import_units=False, seed_demo=False, env={"MOTCUA_MAX_CONNECTIONS": "2"}) as s:
            held = [socket.create_connection((s.host, s.port), timeout=5) for _ in range(2)]
            time.sleep(0.2)
            extra = socket.create_connection((s.host, s.port), timeout=5)
            extra.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            try:
                data = extra.recv(100)
            except ConnectionResetError:
                data = b""
            self.assertEqual(data, b"", "a third connection was served over a limit of 2")
            held[0].sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            self.assertTrue(held[0].recv(100).startswith(b"HTTP/1.1 200"))
            for c in held + [extra]:
                c.close()


class GracefulShutdownTest(unittest.TestCase):
    def test_sigterm_finishes_the_request_in_flight_then_exits_cleanly(self):
        with Server(import_units=False, seed_demo=False) as s:
            body = json.dumps({"login": "nobody@example.vn", "password": "whatever-123"}).encode()
            sock = socket.create_connection((s.host, s.port), timeout=10)
            head = (f"POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n").encode()
            sock.sendall(head + body[:10])  # the request is in flight: header read, body pending
            time.sleep(0.3)
            s.proc.send_signal(signal.SIGTERM)
            time.sleep(0.5)
            self.assertIsNone(s.proc.poll(), "the server exited with a request in flight")
            # New connections are no longer accepted while draining.
            try:
                socket.create_connection((s.host, s.port), timeout=2).close()
                accepted = True
            except ConnectionRefusedError:
                accepted = False
            self.assertFalse(accepted, "a new connection was accepted while draining")
            sock.sendall(body[10:])
            reply = sock.recv(65536).decode()
            sock.close()
            self.assertTrue(reply.startswith("HTTP/1.1 401"), reply)
            self.assertIn("Connection: close", reply)
            self.assertEqual(s.proc.wait(timeout=10), 0)


if __name__ == "__main__":
    main()

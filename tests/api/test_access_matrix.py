#!/usr/bin/env python3
"""The access matrix: every route × every principal × agency scope, as documented in access_matrix.json.

    MOTCUA_BIN=build/motcua python3 tests/api/test_access_matrix.py              # run the matrix
    python3 tests/api/test_access_matrix.py --markdown > docs/ACCESS.md           # regenerate the docs

One server for the whole file. Each principal logs in once (logout cases log in afresh) from its own
loopback address (127.0.0.20+), so the per-address login limiter (30 a minute) and reset limiter (10 a
minute) never trip. Targets that a case changes (accounts to disable, grants to revoke, agencies to move)
are created for each principal just before its request, by the setup admin, so no case depends on the
order of the others; the one case that changes the principals' own passwords runs last.

Besides the statuses, the run checks that
  * every route printed by `motcua routes` has a case, and every case names a real route;
  * every 2xx answer to POST/PUT/PATCH/DELETE appended exactly one audit row (GET /api/audit total),
    unless the case lists the principal under "no_audit" (then: no row);
  * every 401/403 answer has the JSON error shape;
  * `motcua audit verify` passes at the end;
  * docs/ACCESS.md is exactly what this file renders from the matrix.
All mismatches are collected and reported together in one table.
"""
import difflib
import http.client
import json
import os
import random
import re
import sys
import time
import unittest
import urllib.parse
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import DEMO_PASSWORD, Client, Reply, Server, assert_error_shape  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
MATRIX_PATH = os.path.join(HERE, "access_matrix.json")
DOC_PATH = os.path.normpath(os.path.join(HERE, "..", "..", "docs", "ACCESS.md"))
STATE_CHANGING = ("POST", "PUT", "PATCH", "DELETE")
NO_SUCH_ID = 999999999
SETUP_IP = "127.0.0.1"


def load_matrix():
    with open(MATRIX_PATH, encoding="utf-8") as f:
        return json.load(f)


def parse_expect(value):
    """200 -> (200, None); "403:csrf_failed" -> (403, "csrf_failed")."""
    if isinstance(value, int):
        return value, None
    status, _, code = str(value).partition(":")
    return int(status), (code or None)


def expectation(matrix, case, key):
    profile = matrix["profiles"][case.get("profile", "public")]
    own = case.get("expect", {})
    for v in (own.get(key), profile.get(key), own.get("*"), profile.get("*")):
        if v is not None:
            return parse_expect(v)
    raise KeyError(f"{case['route']} / {case['name']}: no expectation for {key}")


def ordered_cases(matrix):
    cases = matrix["cases"]
    return [c for c in cases if not c.get("run_last")] + [c for c in cases if c.get("run_last")]


def route_regex(route):
    _, pattern = route.split(" ", 1)
    return re.compile("^" + re.sub(r"\\\{[a-z_]+\\\}", "[^/]+", re.escape(pattern)) + "$")


def static_problems(matrix):
    """Mistakes in the matrix itself (no server needed)."""
    problems, seen = [], set()
    keys = [p["key"] for p in matrix["principals"]]
    for i, c in enumerate(matrix["cases"]):
        label = f"case #{i} {c.get('route')} / {c.get('name')}"
        for k in ("route", "name", "request"):
            if k not in c:
                problems.append(f"{label}: missing {k!r}")
        if "route" not in c or "request" not in c:
            continue
        if (c["route"], c["name"]) in seen:
            problems.append(f"{label}: duplicate name for this route")
        seen.add((c["route"], c["name"]))
        method = c["route"].split(" ", 1)[0]
        if c["request"]["method"] != method:
            problems.append(f"{label}: request method {c['request']['method']} differs from the route's")
        if not route_regex(c["route"]).match(c["request"]["path"].split("?", 1)[0]):
            problems.append(f"{label}: path {c['request']['path']} does not match the route")
        if c.get("profile", "public") not in matrix["profiles"]:
            problems.append(f"{label}: unknown profile {c.get('profile')!r}")
            continue
        for k in list(c.get("expect", {})) + list(c.get("no_audit", [])) + list(c.get("body_must_not_contain", {})):
            if k != "*" and k not in keys:
                problems.append(f"{label}: unknown principal {k!r}")
        for k in keys:
            try:
                expectation(matrix, c, k)
            except (KeyError, ValueError) as e:
                problems.append(f"{label}: {e}")
    return problems


# --- markdown ------------------------------------------------------------------------------------------

CODE_ABBREVIATIONS = {
    "csrf_failed": "csrf",
    "password_change_required": "pwd",
    "account_disabled": "disabled",
    "invalid_credentials": "cred",
    "reset_token_invalid": "token",
    "cannot_disable_self": "self",
}

ROLES = [
    ("system_admin", "Quản trị hệ thống", "everything, everywhere; only at the root agency"),
    ("agency_admin", "Quản trị đơn vị", "accounts, role grants and agencies inside the subtree of its agency; never grants system_admin"),
    ("provincial_monitor", "Giám sát cấp tỉnh", "reads accounts inside its subtree, and the audit trail (today the whole trail: see `GET /api/audit`)"),
    ("tthc_controller", "Cán bộ kiểm soát TTHC", "no account or agency administration"),
    ("leader", "Lãnh đạo", "no account or agency administration"),
    ("specialist", "Chuyên viên", "no account or agency administration"),
    ("one_stop_officer", "Cán bộ một cửa", "no account or agency administration"),
    ("postal_staff", "Nhân viên bưu chính", "no account or agency administration"),
    ("citizen", "Công dân, tổ chức", "own account only; self-registered, no agency"),
]

INTRO = """\
# Who may call what: the access matrix

<!-- GENERATED from tests/api/access_matrix.json by
     python3 tests/api/test_access_matrix.py --markdown > docs/ACCESS.md
     Do not edit by hand: tests/api/test_access_matrix.py fails when this file differs from the matrix. -->

Every route of the HTTP API, the requests that show its access rule, and the status each kind of caller
gets. The same table is executed by `tests/api/test_access_matrix.py` against a real server seeded with the
demo agencies and accounts (`motcua seed --demo`), so this page and the behaviour cannot drift apart.

## Roles

A role is always granted *at an agency* (cơ quan) of the agency tree, except `citizen`, which has none.
An account may hold several grants.

| Role | Tên | What it may administer |
|---|---|---|
{roles}

## Scope = agency subtree

A grant at agency X covers X and every agency below it (the agency's `path` starts with X's path). The
demo tree is:

```
UBND tỉnh Sơn La (root)
├── Sở Tư pháp
├── Trung tâm Phục vụ hành chính công
├── UBND phường Tô Hiệu (commune A, xa_a)
│   └── Bộ phận một cửa phường Tô Hiệu (xa_a_mot_cua)
└── UBND xã Mai Sơn (commune B, xa_b)
    └── Bộ phận một cửa xã Mai Sơn (xa_b_mot_cua)
```

So commune A's agency admin manages accounts whose grants lie under commune A, and agencies under
commune A; nothing of commune B. An account is *inside* a scope when at least one of its grants is; it
may be disabled only by someone whose scope covers *all* of its grants.

## Conventions

* **401** `unauthenticated`: no valid session cookie (identity comes only from the session, never from
  headers). Public routes never answer 401.
* **403** `forbidden`: signed in, but the role does not allow the action, or the target agency lies
  outside the caller's scope.
* **403** `csrf_failed`: every POST/PUT/PATCH/DELETE made with a session must send the `X-CSRF-Token`
  header with the token returned by the login (and by `GET /api/auth/me`). This is checked before the
  role.
* **403** `password_change_required`: an official created by an admin must change the initial password
  first (Sơn La QĐ 19/2024 Điều 19.2). Until then only `GET /api/auth/me`, `POST /api/auth/password` and
  `POST /api/auth/logout` work; public routes work as for anyone.
* **404**: an account outside the caller's scope answers exactly as an absent one (reading it, granting
  it a role, disabling or enabling it), so accounts cannot be discovered by id. The agency tree is
  public, so an agency outside the scope answers 403; so do `GET /api/users?agency_id=` with an agency
  outside the scope and `DELETE /api/users/{{id}}/roles/{{grant_id}}` with a grant outside it.
* Every error has the shape `{{"error":{{"code","message_vi","message_en","fields":[...]}}}}`.
* Every successful state-changing request appends exactly one row to the hash-chained audit trail
  (a logout without a session changes nothing and is not audited). Failed logins are audited too;
  requests refused with 401/403 are not.

## Principals (columns)

| Column | Who |
|---|---|
{principals}

Cells: the HTTP status; after it, an abbreviation of the error code where the code matters:
{legend}. Placeholders in paths: `{{agency:xa_a}}` is the id of that demo agency, `{{user:NAME}}` the id of
that account, `{{self}}` the caller's own id, `{{fresh:t.id}}` a target created just before the request for
each caller. `[n]` refers to the note below the table.
"""


def cell(matrix, case, key):
    status, code = expectation(matrix, case, key)
    return f"{status} {CODE_ABBREVIATIONS.get(code, code)}" if code else str(status)


def render_markdown(matrix):
    principals = matrix["principals"]
    roles = "\n".join(f"| `{r}` | {vi} | {what} |" for r, vi, what in ROLES)
    plist = "\n".join(f"| {p['label']} | {p['description']} |" for p in principals)
    legend = ", ".join(f"`{a}` = `{c}`" for c, a in CODE_ABBREVIATIONS.items())
    out = [INTRO.format(roles=roles, principals=plist, legend=legend)]
    routes = []
    for c in matrix["cases"]:
        if c["route"] not in routes:
            routes.append(c["route"])
    out.append(f"## Routes\n\n{len(routes)} routes, {len(matrix['cases'])} cases.\n")
    header = "| Case | " + " | ".join(p["label"] for p in principals) + " |"
    rule = "|---|" + "---|" * len(principals)
    for route in routes:
        cases = [c for c in matrix["cases"] if c["route"] == route]
        out.append(f"### `{route}`\n")
        out.append(header)
        out.append(rule)
        notes = []
        for c in cases:
            name = c["name"].replace("|", "\\|")
            flags = []
            if c.get("csrf") is False:
                flags.append("no CSRF header")
            if c.get("fresh_session"):
                flags.append("fresh session")
            if flags:
                name += " (" + ", ".join(flags) + ")"
            note = c.get("note", "")
            hidden = c.get("body_must_not_contain", {})
            if hidden:
                label = {p["key"]: p["label"] for p in principals}
                note += (" " if note else "") + "Checked: the answer to " + "; to ".join(
                    f"{label[k]} holds none of " + ", ".join(f"`{v}`" for v in vs) for k, vs in hidden.items()) + "."
            if note:
                notes.append(f"{c['name']}: {note}")
                name += f" [{len(notes)}]"
            req = c["request"]
            name += f"<br>`{req['method']} {req['path']}`"
            out.append(f"| {name} | " + " | ".join(cell(matrix, c, p["key"]) for p in principals) + " |")
        out.append("")
        for i, n in enumerate(notes, 1):
            out.append(f"{i}. {n}")
        if notes:
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# --- the run ---------------------------------------------------------------------------------------------


class Principal:
    def __init__(self, spec, ip):
        self.key = spec["key"]
        self.spec = spec
        self.ip = ip
        self.login = spec.get("login")
        self.password = DEMO_PASSWORD
        self.user_id = None
        self.client = None

    @property
    def anonymous(self):
        return self.login is None


PLACEHOLDER = re.compile(r"\{([a-z_]+)(?::([^{}]*))?\}")


def uniq():
    return uuid.uuid4().hex[:12]


def digits(n):
    return "".join(random.choice("0123456789") for _ in range(n))


class AccessMatrix(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.matrix = load_matrix()
        cls.server = Server()
        cls.server.__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    # --- helpers ---------------------------------------------------------------------------------------

    def client(self, ip):
        return Client(self.server.host, self.server.port, ip)

    def audit_total(self):
        r = self.admin.get("/api/audit?per_page=1")
        assert r.status == 200, r
        return r.json["total"]

    def user(self, name):
        if name not in self.users:
            r = self.admin.get(f"/api/users?per_page=200&q={urllib.parse.quote(name)}")
            assert r.status == 200, r
            found = [u for u in r.json["items"] if u["username"] == name]
            assert found, f"no account {name!r}"
            u = found[0]
            self.users[name] = {"id": u["id"], "login": name, "grant": u["roles"][0]["id"] if u["roles"] else None}
        return self.users[name]

    def create_official(self, prefix, roles, disabled=False):
        name = f"{prefix}.{uniq()}"
        r = self.admin.post("/api/users", {
            "username": name, "full_name": "Cán Bộ Thử", "email": name + "@example.vn",
            "roles": [{"role": role, "agency_id": self.agencies[a]} for role, a in roles]})
        assert r.status == 201, f"setup: create official {roles}: {r}"
        u = r.json
        if disabled:
            d = self.admin.post(f"/api/users/{u['id']}/disable")
            assert d.status == 200, f"setup: disable {name}: {d}"
        first = [g for g in u["roles"] if g["role"] == roles[0][0] and g["agency_id"] == self.agencies[roles[0][1]]]
        return {"id": u["id"], "login": u["username"], "email": u["email"], "password": u["initial_password"],
                "grant": first[0]["id"]}

    def create_fresh(self, spec, principal):
        kind = spec["type"]
        if kind == "official":
            obj = self.create_official("f", spec["roles"], spec.get("disabled", False))
            if spec.get("reset_token"):
                r = self.client(principal.ip).post("/api/auth/password-reset/request", {"login": obj["login"]})
                assert r.status == 202, f"setup: reset request: {r}"
                obj["reset_token"] = None  # filled in once the e-mails are delivered
            return obj
        if kind == "citizen":
            email = f"fc.{uniq()}@example.vn"
            r = self.client(SETUP_IP).post("/api/auth/register", {
                "account_type": "citizen", "full_name": "Công Dân Thử", "email": email,
                "password": "Matkhau2026x", "id_number": "014" + digits(9)})
            assert r.status == 201, f"setup: register: {r}"
            return {"id": r.json["id"], "grant": r.json["roles"][0]["id"], "login": email, "password": "Matkhau2026x"}
        if kind == "agency":
            r = self.admin.post("/api/agencies", {"parent_id": self.agencies[spec["parent"]], "kind": "phong_ban",
                                                  "name": f"Phòng thử {uniq()}"})
            assert r.status == 201, f"setup: create agency: {r}"
            return {"id": r.json["id"]}
        raise ValueError(f"unknown fresh type {kind!r}")

    def fill_reset_tokens(self, fresh_objects):
        for obj in fresh_objects:
            if "reset_token" in obj and obj["reset_token"] is None:
                mail = self.server.wait_for_mail(
                    lambda m, e=obj["email"]: f"To: {e}" in m and "reset-password?token=" in m)
                obj["reset_token"] = re.search(r"reset-password\?token=([0-9a-f]{64})", mail).group(1)

    def resolve(self, template, principal, fresh, u):
        if isinstance(template, dict):
            return {k: self.resolve(v, principal, fresh, u) for k, v in template.items()}
        if isinstance(template, list):
            return [self.resolve(v, principal, fresh, u) for v in template]
        if not isinstance(template, str):
            return template

        def value(m):
            name, arg = m.group(1), m.group(2)
            if name == "uniq":
                return u
            if name == "digits":
                return digits(int(arg))
            if name == "hex":
                return "".join(random.choice("0123456789abcdef") for _ in range(int(arg)))
            if name == "agency":
                return self.agencies[arg]
            if name == "self":
                return principal.user_id if principal.user_id else NO_SUCH_ID
            if name == "password" and arg == "self":
                return principal.password
            if name in ("user", "grant", "login", "password"):
                user = self.user(arg)
                return {"user": user["id"], "grant": user["grant"], "login": user["login"],
                        "password": user.get("password", DEMO_PASSWORD)}[name]
            if name == "fresh":
                obj, _, field = arg.partition(".")
                return fresh[obj][field]
            raise KeyError(f"unknown placeholder {m.group(0)}")

        whole = PLACEHOLDER.fullmatch(template)
        if whole:
            return value(whole)
        return PLACEHOLDER.sub(lambda m: str(value(m)), template)

    # --- setup ---------------------------------------------------------------------------------------------

    def set_up_world(self):
        by_code, page = {}, 1
        while True:  # a reused PostgreSQL test database may hold many agencies from earlier runs
            r = self.client(SETUP_IP).get(f"/api/agencies?per_page=200&page={page}")
            self.assertEqual(r.status, 200, r.text)
            by_code.update({a["qcvn102_code"]: a["id"] for a in r.json["items"]})
            if page * 200 >= r.json["total"] or all(c in by_code for c in self.matrix["agencies"].values()):
                break
            page += 1
        self.agencies = {}
        for key, code in self.matrix["agencies"].items():
            self.assertIn(code, by_code, f"demo agency {key} ({code}) is missing")
            self.agencies[key] = by_code[code]

        # The setup actor is its own system admin, so nothing the matrix does to the demo `admin` (the
        # password change revokes its other sessions) can end the setup session.
        demo_admin = self.client(SETUP_IP)
        demo_admin.login("admin")
        self.admin = demo_admin
        me = self.create_official("setup.admin", [["system_admin", "root"]])
        self.admin = self.client(SETUP_IP)
        self.admin.login(me["login"], me["password"])
        r = self.admin.post("/api/auth/password", {"current_password": me["password"], "new_password": "Thietlap2026xyz"})
        self.assertEqual(r.status, 204, r.text)
        self.users = {}  # demo accounts are looked up on first use (see user())
        for key, spec in self.matrix["setup_users"].items():
            user = self.create_official("setup." + key.replace("_", "-"), spec["roles"], spec.get("disabled", False))
            if spec.get("change_password"):
                c = self.client(SETUP_IP)
                c.login(user["login"], user["password"])
                r = c.post("/api/auth/password", {"current_password": user["password"], "new_password": "Doimatkhau2026q"})
                self.assertEqual(r.status, 204, r.text)
                user["password"] = "Doimatkhau2026q"
            self.users[key] = user

        self.principals = []
        for i, spec in enumerate(self.matrix["principals"]):
            p = Principal(spec, f"127.0.0.{20 + i}")
            if spec.get("setup_user"):
                target = self.users[spec["setup_user"]]
                p.login, p.password = target["login"], target["password"]
            p.client = self.client(p.ip)
            if not p.anonymous:
                body = p.client.login(p.login, p.password).json
                p.user_id = body["user"]["id"]
                agency = self.agencies.get(spec["agency"]) if spec["agency"] else None
                self.assertIn({"role": spec["role"], "agency_id": agency},
                              [{"role": g["role"], "agency_id": g["agency_id"]} for g in body["roles"]],
                              f"principal {p.key} does not hold the documented grant")
            self.principals.append(p)

    def session_for(self, case, p):
        if p.anonymous:
            return self.client(p.ip)
        if case.get("fresh_session"):
            c = self.client(p.ip)
            c.login(p.login, p.password)
            return c
        return p.client.clone()

    # --- tests ---------------------------------------------------------------------------------------------

    def test_matrix_is_well_formed(self):
        problems = static_problems(self.matrix)
        self.assertEqual(problems, [], "\n".join(problems))

    def test_every_route_has_a_case(self):
        out = self.server.motcua("routes").stdout
        routes = {line.strip() for line in out.splitlines() if line.strip()}
        self.assertTrue(routes, "`motcua routes` printed nothing")
        covered = {c["route"] for c in self.matrix["cases"]}
        missing, stale = sorted(routes - covered), sorted(covered - routes)
        self.assertEqual(missing, [], "routes without a documented access rule in access_matrix.json")
        self.assertEqual(stale, [], "access_matrix.json names routes the server does not have")

    def test_docs_match_the_matrix(self):
        want = render_markdown(self.matrix)
        have = ""
        if os.path.exists(DOC_PATH):
            with open(DOC_PATH, encoding="utf-8") as f:
                have = f.read()
        if want != have:
            diff = "".join(list(difflib.unified_diff(have.splitlines(True), want.splitlines(True),
                                                     "docs/ACCESS.md", "generated"))[:60])
            self.fail("docs/ACCESS.md is out of date; regenerate it with\n"
                      "  python3 tests/api/test_access_matrix.py --markdown > docs/ACCESS.md\n" + diff)

    def test_access_matrix(self):
        started = time.time()
        self.set_up_world()
        mismatches = []
        runs = 0

        def record(case, p, method, path, expected, reply, problem):
            mismatches.append((f"{case['route']} / {case['name']}", p.key, f"{method} {path}",
                               expected, str(reply.status) if reply else "-", problem))

        for case in ordered_cases(self.matrix):
            # Prepare every principal's request first: the fresh targets' reset e-mails arrive together.
            prepared, fresh_objects = [], []
            for p in self.principals:
                fresh = {name: self.create_fresh(spec, p) for name, spec in case.get("fresh", {}).items()}
                fresh_objects.extend(fresh.values())
                prepared.append((p, fresh, uniq()))
            self.fill_reset_tokens(fresh_objects)

            for p, fresh, u in prepared:
                req = case["request"]
                method = req["method"]
                path = self.resolve(req["path"], p, fresh, u)
                body = self.resolve(req["body"], p, fresh, u) if "body" in req else None
                want_status, want_code = expectation(self.matrix, case, p.key)
                want = f"{want_status}" + (f" {want_code}" if want_code else "")
                client = self.session_for(case, p)
                if case.get("csrf") is False:
                    client.csrf = None
                changing = method in STATE_CHANGING
                before = self.audit_total() if changing else None
                raw = req["raw"].encode() if "raw" in req else None  # e.g. a multipart upload
                reply = client.request(method, path, body=body, raw=raw, headers=req.get("headers"))
                runs += 1
                if reply.status != want_status:
                    record(case, p, method, path, want, reply, reply.text[:160])
                    continue
                if reply.status in (401, 403):
                    try:
                        assert_error_shape(self, reply, reply.status)
                    except Exception as e:  # noqa: BLE001 - every problem goes into the table
                        record(case, p, method, path, want, reply, f"bad error shape: {e}"[:160])
                        continue
                if want_code:
                    got_code = (reply.json or {}).get("error", {}).get("code") if reply.text else None
                    if got_code != want_code:
                        record(case, p, method, path, want, reply, f"error code {got_code!r}")
                        continue
                if changing and 200 <= reply.status < 300:
                    after = self.audit_total()
                    if p.key in case.get("no_audit", []):
                        if after != before:
                            record(case, p, method, path, want, reply, f"audit grew by {after - before}, expected none")
                    elif after != before + 1:
                        record(case, p, method, path, want, reply, f"{after - before} audit rows appended, expected 1")
                if reply.status == 200:
                    for s in case.get("body_must_not_contain", {}).get(p.key, []):
                        s = self.resolve(s, p, fresh, u)
                        if s in reply.text:
                            record(case, p, method, path, want, reply, f"answer contains {s} (out of scope)")
                if req["path"].startswith("/api/auth/password") and "{password:self}" in json.dumps(req.get("body")) \
                        and reply.status == 204 and not p.anonymous:
                    p.password = body["new_password"]

        self.server.motcua("audit", "verify")
        elapsed = time.time() - started
        sys.stderr.write(f"\naccess matrix: {len(self.matrix['cases'])} cases × {len(self.principals)} principals"
                         f" = {runs} requests in {elapsed:.1f} s, {len(mismatches)} mismatches\n")
        if mismatches:
            widths = [max(len(str(m[i])) for m in mismatches) for i in range(5)]
            widths = [min(w, 70) for w in widths]
            head = ("case", "principal", "request", "expected", "got", "detail")
            lines = [" | ".join(str(h).ljust(w) for h, w in zip(head, widths + [0]))]
            for m in mismatches:
                lines.append(" | ".join(str(v)[:70].ljust(w) for v, w in zip(m, widths + [0])))
            self.fail(f"{len(mismatches)} access-matrix mismatches:\n" + "\n".join(lines))


if __name__ == "__main__":
    if "--markdown" in sys.argv[1:]:
        sys.stdout.write(render_markdown(load_matrix()))
        sys.exit(0)
    unittest.main(verbosity=2)

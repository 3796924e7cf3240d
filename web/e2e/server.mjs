// A real motcua for the browser tests: a fresh SQLite data directory, the bundled units and catalogue slice,
// the demo accounts, serving the built UI (web/dist) on a free loopback port. Plus a tiny cookie-keeping API
// client for setting up data the way another user would (an officer at the counter).
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(new URL("../..", import.meta.url).pathname);
export const BIN = process.env.MOTCUA_BIN ?? join(root, "build", "motcua");
export const WEB_DIR = process.env.MOTCUA_WEB_DIR ?? join(root, "web", "dist");
export const DEMO_PASSWORD = "MotCua@2026";

export async function startServer() {
  if (!existsSync(join(WEB_DIR, "index.html"))) throw new Error(`no built UI in ${WEB_DIR}: run make web`);
  const dir = mkdtempSync(join(tmpdir(), "motcua-e2e-"));
  const env = { ...process.env, MOTCUA_DATA_DIR: dir, MOTCUA_PORT: "0", MOTCUA_LISTEN_ADDRESS: "127.0.0.1",
                MOTCUA_WEB_DIR: WEB_DIR, MOTCUA_ACCESS_LOG: "false" };
  for (const args of [["import", "units"], ["import", "catalogue"], ["seed", "--demo"], ["keys", "init"]])
    execFileSync(BIN, args, { env, stdio: "pipe" });
  const proc = spawn(BIN, ["serve"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const base = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error("server did not start:\n" + out)), 30000);
    const onData = (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[0-9.:]+)/);
      if (m) { clearTimeout(timer); ok(m[1]); }
    };
    proc.stdout.on("data", onData);
    proc.stderr.on("data", onData);
    proc.on("exit", (code) => fail(new Error(`server exited (${code}):\n${out}`)));
  });
  return { base, dir, stop: () => new Promise((ok) => { proc.once("exit", ok); proc.kill("SIGTERM"); }) };
}

export class ApiClient {
  constructor(base) { this.base = base; this.cookie = ""; this.csrf = ""; }
  async request(method, path, body) {
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (this.cookie) headers.Cookie = this.cookie;
    if (this.csrf && method !== "GET") headers["X-CSRF-Token"] = this.csrf;
    const r = await fetch(this.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const set = r.headers.get("set-cookie");
    if (set) this.cookie = set.split(";")[0];
    const text = await r.text();
    const json = text ? JSON.parse(text) : null;
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return json;
  }
  async login(login, password = DEMO_PASSWORD) {
    const r = await this.request("POST", "/api/auth/login", { login, password });
    this.csrf = r.csrf_token;
    return r;
  }
}

export function eformExample(code) {
  const p = join(root, "data", "eforms", "examples", code + ".json");
  return existsSync(p) ? JSON.parse(readFileSync(p, "utf8")) : {};
}

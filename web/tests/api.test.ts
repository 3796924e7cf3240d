// Every message from the server is shown in the chosen language (issue: Vietnamese by default, English
// switchable), including field-level validation messages.
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, api, setCsrf } from "../src/api";
import { lang, setLang } from "../src/i18n";

afterEach(() => {
  setLang("vi");
  setCsrf(null);
  vi.unstubAllGlobals();
});

function reply(status: number, body: unknown) {
  return vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } }));
}

describe("api", () => {
  it("turns the error shape into messages in the chosen language", async () => {
    vi.stubGlobal("fetch", reply(422, { error: { code: "validation_failed", message_vi: "Dữ liệu không hợp lệ",
      message_en: "Invalid input", fields: [{ field: "applicant_name", message_vi: "Cần họ tên", message_en: "Name required" }] } }));
    const e = (await api("POST", "/api/dossiers", {}).catch((x) => x)) as ApiError;
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(422);
    expect(lang.value).toBe("vi");
    expect(e.text()).toBe("Dữ liệu không hợp lệ");
    expect(e.fieldText("applicant_name")).toBe("Cần họ tên");
    setLang("en");
    expect(e.text()).toBe("Invalid input");
    expect(e.fieldText("applicant_name")).toBe("Name required");
    expect(e.fieldText("other")).toBeUndefined();
  });

  it("echoes the CSRF token on changes only", async () => {
    const f = reply(200, { ok: true });
    vi.stubGlobal("fetch", f);
    setCsrf("tok");
    await api("GET", "/api/auth/me");
    await api("POST", "/api/auth/logout", {});
    const headers = (f.mock.calls as unknown as [string, RequestInit][]).map((c) => c[1].headers as Record<string, string>);
    expect(headers[0]["X-CSRF-Token"]).toBeUndefined();
    expect(headers[1]["X-CSRF-Token"]).toBe("tok");
  });

  it("says what failed when the server sent no error body", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => new Response("", { status: 502 })));
    const e = (await api("GET", "/api/procedures").catch((x) => x)) as ApiError;
    expect(e.text()).toBe("Lỗi 502");
  });
});

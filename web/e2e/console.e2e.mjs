// The officer console and administration in a real Chromium against a real motcua: counter intake driven
// from the keyboard with a scan, receipt printed (TT 01/2018 Mẫu 01); the queue's deadline colours
// (Hà Nam Điều 12); every paper of the dossier printable; the administration tabs; English throughout.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { DEMO_PASSWORD, startServer } from "./server.mjs";
import { launch, screenshots } from "./browser.mjs";
import { officialPage } from "./console.mjs";

let server, browser, officer, admin, intakeCode;
const scan = Buffer.from("%PDF-1.4\n% scan\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");

before(async () => {
  server = await startServer();
  browser = await launch();
  officer = await officialPage(browser, server.base, "motcua.xa_a", DEMO_PASSWORD);
  admin = await officialPage(browser, server.base, "admin", DEMO_PASSWORD);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("counter intake from the keyboard: procedure, applicant, e-form, a scan; received with a code and a receipt", async () => {
  const p = officer;
  await p.getByRole("link", { name: "Tiếp nhận tại quầy" }).click();
  await p.getByRole("heading", { name: "Tiếp nhận hồ sơ tại quầy" }).waitFor();
  // The page focuses the search once its data has loaded, which may be after the heading shows: wait up to 5 s.
  await p.waitForFunction(() => document.activeElement?.id === "i-procedure", null, { timeout: 5000 }).catch(() => {});
  assert.equal(await p.evaluate(() => document.activeElement?.id), "i-procedure", "the search has the focus");
  await p.keyboard.type("dang ky tam tru");
  await p.locator("#i-hits li").first().waitFor();
  await p.keyboard.press("Enter");
  await p.waitForFunction(() => document.activeElement?.id === "i-applicant_name");
  await p.keyboard.type("Lường Văn Tâm");
  await p.locator("#i-applicant_id_number").fill("014090" + String(Date.now()).slice(-6));
  await p.locator("#i-applicant_address").fill("Bản Hài, xã Chiềng Mung, tỉnh Sơn La");
  // The e-form's required fields are asked for before anything is sent (the server's own messages).
  await p.keyboard.press("Alt+t");
  await p.locator(".field-error").first().waitFor();
  await screenshots(p, "console-intake-errors");
  const form = JSON.parse((await import("node:fs")).readFileSync(new URL("../../data/eforms/examples/1.004194.json", import.meta.url), "utf8"));
  for (const [k, v] of Object.entries(form)) {
    if (v && typeof v === "object") {
      for (const [k2, v2] of Object.entries(v)) if (typeof v2 !== "object") {
        const el = p.locator(`#f-${k}-${k2}`);
        if ((await el.count()) === 0) continue;
        if ((await el.evaluate((n) => n.tagName)) === "SELECT") await el.selectOption(String(v2)); else await el.fill(String(v2));
      }
    } else if (!Array.isArray(v)) {
      const el = p.locator(`#f-${k}`);
      if ((await el.count()) === 0) continue;
      if ((await el.evaluate((n) => n.tagName)) === "SELECT") await el.selectOption(String(v)); else await el.fill(String(v));
    }
  }
  await p.locator("#i-scan-0").setInputFiles({ name: "to-khai-quet.pdf", mimeType: "application/pdf", buffer: scan });
  await screenshots(p, "console-intake");
  const popup = p.context().waitForEvent("page");
  await p.keyboard.press("Alt+t");
  const code = (await p.getByTestId("intake-code").innerText()).trim();
  assert.match(code, /^H52\.61\.01-\d{8}-\d{6}$|^000\.01\.61\.H52-\d{6}-\d{4,}$/);
  intakeCode = code;
  const receipt = await popup;
  assert.match(receipt.url(), /\/documents\/mau-01\.pdf$/);
  const pdf = await p.request.get(receipt.url());
  assert.equal(pdf.headers()["content-type"], "application/pdf");
  await receipt.close();
  await screenshots(p, "console-intake-done");

  // The dossier at the desk: the scan marked as digitised, and every applicable paper printable.
  await p.getByRole("link", { name: "Mở" }).click();
  await p.getByText("số hóa tại quầy").waitFor();
  // The papers arrive in their own request after the dossier: wait for them, not for a fixed time.
  const printSection = p.getByRole("heading", { name: "In giấy tờ" }).locator("..");
  await printSection.getByRole("link", { name: /Giấy tiếp nhận/ }).first().waitFor();
  const links = await printSection.getByRole("link").allInnerTexts();
  assert.ok(links.some((x) => /Giấy tiếp nhận/.test(x)), links.join(" | "));
  assert.ok(links.some((x) => /bản số hóa/.test(x)), links.join(" | "));
  // Alt+N: the next applicant starts from a clean form.
  await p.goBack();
  await p.keyboard.press("Alt+n");
  assert.equal(await p.locator("#i-procedure").inputValue(), "");
});

test("queues flag overdue and due-soon dossiers with colour and words", async () => {
  // No API moves a due date into the past: the test does it in the database, as time would.
  execFileSync("python3", ["-c", `import sqlite3, time; db = sqlite3.connect("${server.dir}/motcua.db");
db.execute("UPDATE dossiers SET due_at_ms = ? WHERE code = ?", (int(time.time() * 1000) - 3600000, "${intakeCode}")); db.commit()`]);
  await officer.getByRole("navigation", { name: "Hệ thống một cửa điện tử" }).getByRole("link", { name: "Hồ sơ cần xử lý" }).click();
  await officer.getByRole("link", { name: "Quá hạn", exact: true }).click();
  const row = officer.getByTestId("queue").locator("tr", { hasText: intakeCode });
  await row.waitFor();
  assert.equal(await row.getAttribute("data-deadline"), "overdue");
  assert.match(await row.innerText(), /Quá hạn/);
  assert.equal(await row.evaluate((r) => getComputedStyle(r).backgroundColor), "rgb(253, 232, 231)");
  await screenshots(officer, "console-queue");
});

test("administration: agencies, users, services, workflows with a definition check, calendar, profile", async () => {
  const p = admin;
  await p.getByRole("link", { name: "Quản trị" }).click();
  await p.getByTestId("agencies").getByText("UBND tỉnh Sơn La").waitFor();
  await screenshots(p, "admin-agencies");
  await p.getByRole("link", { name: "Tài khoản, vai trò" }).click();
  await p.locator("#nu-username").fill("motcua.moi");
  await p.locator("#nu-full_name").fill("Quàng Thị Mới");
  await p.locator("#nu-email").fill("not-an-email");
  await p.getByRole("button", { name: "Tạo mới" }).click();
  await p.locator(".field-error").first().waitFor();  // the server's message at the e-mail field
  await p.locator("#nu-email").fill("motcua.moi@example.vn");
  await p.getByRole("button", { name: "Tạo mới" }).click();
  await p.getByText("Đã tạo tài khoản").waitFor();
  await p.getByTestId("users").getByText("Quàng Thị Mới").waitFor();
  await screenshots(p, "admin-users");
  await p.getByRole("link", { name: "Quy trình" }).click();
  await p.getByTestId("wf-states").waitFor();
  await p.locator("#wf-text").fill(JSON.stringify({ key: "x", version: 1, states: [], actions: [] }));
  await p.getByRole("button", { name: "Kiểm tra" }).click();
  await p.getByTestId("wf-problems").waitFor();
  await screenshots(p, "admin-workflows");
  await p.getByRole("link", { name: "Lịch làm việc" }).click();
  await p.locator("#cal-year").fill("2026");
  await p.getByTestId("days-off").getByText("2026-02-17").waitFor();
  await screenshots(p, "admin-calendar");
  await p.getByRole("link", { name: "Thủ tục của đơn vị" }).click();
  await p.locator("#sv-code").waitFor();
  await p.getByRole("link", { name: "Cấu hình tỉnh" }).click();
  await p.getByText("Chosen at start").or(p.getByText("Chọn cấu hình khi khởi động")).first().waitFor();
});

test("the console in English: labels and the server's messages", async () => {
  const p = officer;
  await p.getByRole("button", { name: "English" }).click();
  await p.getByRole("navigation", { name: "One-stop back office" }).getByRole("link", { name: "Work queues" }).click();
  await p.getByRole("heading", { name: "Work queues" }).waitFor();
  await screenshots(p, "console-queue-en");
  await p.getByRole("button", { name: "Tiếng Việt" }).click();
});

// The public portal in a real Chromium against a real motcua (TT 01/2018 Điều 16 public lookup; TT 01/2023 QR
// link; Sơn La Điều 5, Yên Bái Điều 14.6). Screenshots of each screen at 1280 and 360 px go to test-artifacts/e2e.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ApiClient, eformExample, startServer } from "./server.mjs";
import { launch, screenshots } from "./browser.mjs";

let server, browser, page, received;

before(async () => {
  server = await startServer();
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  // A dossier received at commune A's counter, as an officer would enter it.
  const officer = new ApiClient(server.base);
  await officer.login("motcua.xa_a");
  const agencies = await officer.request("GET", "/api/agencies?per_page=200");
  const counter = agencies.items.find((a) => a.qcvn102_code === "000.01.61.H52").id;
  const d = await officer.request("POST", "/api/intake", {
    procedure_code: "1.004194", agency_id: counter, channel: "counter",
    applicant_name: "Nguyễn Thị Hằng", applicant_id_number: "066190012345", applicant_phone: "0912345678",
    applicant_address: "Buôn Ko Tam, xã Ea Kao, tỉnh Đắk Lắk", delivery: "counter", eform_data: eformExample("1.004194"),
  });
  received = await officer.request("POST", `/api/dossiers/${d.id}/actions/accept`, {});
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("home page: search box, this month's figures, the most used procedures, contacts", async () => {
  await page.goto(server.base + "/");
  await page.getByRole("heading", { name: "Tìm thủ tục hành chính" }).waitFor();
  // The dossier received above counts in this month's strip, and its procedure is now the most used one.
  await page.getByTestId("stats").getByText("Đã tiếp nhận").waitFor();
  assert.match(await page.getByTestId("stats").innerText(), /Đã tiếp nhận\s+1/);
  await page.getByRole("heading", { name: "Thủ tục được sử dụng nhiều" }).waitFor();
  assert.match(await page.locator("ul.cards li").first().innerText(), /Đăng ký tạm trú/);
  await page.getByRole("heading", { name: "Liên hệ, hỗ trợ" }).waitFor();
  await screenshots(page, "portal-home");
});

test("procedure search is diacritics-insensitive and leads to the procedure page", async () => {
  await page.goto(server.base + "/");
  await page.getByPlaceholder("Nhập tên hoặc mã thủ tục").fill("dang ky tam tru");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/thu-tuc\?q=/);
  const first = page.locator("ul.cards li a").first();
  await first.waitFor();
  assert.match(await first.innerText(), /Đăng ký tạm trú/);
  await screenshots(page, "portal-search");
  await first.click();
  await page.getByRole("heading", { name: "Thành phần hồ sơ" }).waitFor();
  assert.ok((await page.locator("table.plain tr").count()) > 0, "the components are listed");
  await screenshots(page, "portal-procedure");
});

test("public lookup by code shows only the public fields", async () => {
  await page.goto(server.base + "/tra-cuu");
  await page.getByLabel("Mã hồ sơ").fill(received.code);
  await page.getByRole("button", { name: "Tra cứu" }).click();
  await page.getByRole("heading", { name: received.code }).waitFor();
  const text = await page.locator("main").innerText();
  assert.match(text, /Đăng ký tạm trú/);
  assert.match(text, /Được tiếp nhận|Đã tiếp nhận/);
  assert.ok(!text.includes("Nguyễn Thị Hằng"), "the applicant's full name is masked");
  for (const secret of ["0912345678", "066190012345", "Buôn Ko Tam"]) assert.ok(!text.includes(secret), secret);
  await screenshots(page, "portal-lookup");
});

test("the QR link printed on the receipt opens the dossier directly", async () => {
  await page.goto(server.base + "/tra-cuu/" + received.qr_token);
  await page.getByRole("heading", { name: received.code }).waitFor();
});

test("English on request, including the server's messages", async () => {
  await page.goto(server.base + "/tra-cuu");
  await page.getByRole("button", { name: "English" }).click();
  await page.getByRole("heading", { name: "Track a dossier" }).waitFor();
  await page.getByLabel("Dossier code").fill("000.00.61.H52-260101-9999");
  await page.getByRole("button", { name: "Look up" }).click();
  const alert = page.getByRole("alert");
  await alert.waitFor();
  assert.match(await alert.innerText(), /not found|No dossier|Dossier/i);
  await screenshots(page, "portal-lookup-en");
  await page.getByRole("button", { name: "Tiếng Việt" }).click();
});

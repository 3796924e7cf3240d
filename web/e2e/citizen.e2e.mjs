// A citizen's whole path in a real Chromium against a real motcua: register, log in, submit a dossier online
// with the e-form and two attachments; the commune's officer receives it, a specialist completes it with a
// signed result file, the officer returns it; the citizen sees "Đã trả kết quả", downloads the receipt and the
// result (the same bytes the specialist issued). A second dossier goes through a supplement request.
// (NĐ 45/2020 Điều 9, 11, 14; NĐ 61/2018 Điều 15–20; TT 01/2018 Mẫu 01.)
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomInt } from "node:crypto";
import { ApiClient, eformExample, startServer } from "./server.mjs";
import { launch, screenshots } from "./browser.mjs";

let server, browser, page, officer, specialist, agencyId;
const email = `hang${randomInt(1e6)}@example.vn`;
const password = "Matkhau2026x";
const pdf = (text) => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`);

async function officialAt(admin, username, role, agency) {
  const r = await admin.request("POST", "/api/users", { username, full_name: "Lò Văn Chuyên (chuyên viên, e2e)",
    email: username + "@example.vn", roles: [{ role, agency_id: agency }] });
  const c = new ApiClient(server.base);
  await c.login(username, r.initial_password);
  await c.request("POST", "/api/auth/password", { current_password: r.initial_password, new_password: "Canbothu2026x" });
  await c.login(username, "Canbothu2026x");
  return c;
}

before(async () => {
  server = await startServer();
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const admin = new ApiClient(server.base);
  await admin.login("admin");
  const agencies = (await admin.request("GET", "/api/agencies?per_page=200")).items;
  agencyId = agencies.find((a) => a.qcvn102_code === "000.01.61.H52").id;
  const communeA = agencies.find((a) => a.qcvn102_code === "000.00.61.H52").id;
  officer = new ApiClient(server.base);
  await officer.login("motcua.xa_a");
  specialist = await officialAt(admin, "chuyenvien.e2e", "specialist", communeA);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function fillForm(data, path = "") {
  for (const [k, v] of Object.entries(data)) {
    const p = path ? `${path}-${k}` : k;
    if (Array.isArray(v)) continue;  // optional lists stay empty
    if (v && typeof v === "object") await fillForm(v, p);
    else {
      const el = page.locator(`#f-${p}`);
      if ((await el.evaluate((n) => n.tagName)) === "SELECT") await el.selectOption(String(v));
      else await el.fill(String(v));
    }
  }
}

async function submitOnline(label) {
  await page.goto(server.base + "/thu-tuc/1.004194");
  await page.getByRole("link", { name: "Nộp hồ sơ trực tuyến" }).click();
  await page.locator("#s-agency").selectOption(String(agencyId));
  await page.locator("#s-applicant_address").fill("Buôn Ko Tam, xã Ea Kao, tỉnh Đắk Lắk");
  const form = eformExample("1.004194");
  delete form.thanh_vien_cung_thay_doi;
  await fillForm(form);
  await screenshots(page, `citizen-submit-form${label}`);
  await page.getByRole("button", { name: "Lưu và tiếp tục" }).click();
  await page.getByRole("heading", { name: "Thành phần hồ sơ (tải tệp lên)" }).waitFor();
  await page.locator("#u-0").setInputFiles({ name: "to-khai-ct01.pdf", mimeType: "application/pdf", buffer: pdf("to khai") });
  await page.getByText("Đã tải lên: to-khai-ct01.pdf").waitFor();
  await page.locator("#u-1").setInputFiles({ name: "hop-dong-thue.pdf", mimeType: "application/pdf", buffer: pdf("hop dong") });
  await page.getByText("Đã tải lên: hop-dong-thue.pdf").waitFor();
  await screenshots(page, `citizen-submit-files${label}`);
  await page.getByRole("button", { name: "Xem lại và nộp" }).click();
  await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
  await page.getByText("Đã nộp hồ sơ.").waitFor();
  const href = await page.getByRole("link", { name: "Hồ sơ của tôi" }).last().getAttribute("href");
  return Number(href.split("/").pop());
}

test("a citizen registers, submits with two attachments, and downloads the returned, signed result", async () => {
  await page.goto(server.base + "/dang-ky");
  await page.locator("#r-full_name").fill("Nguyễn Thị Hằng");
  await page.locator("#r-id_number").fill("014190" + String(randomInt(1e6)).padStart(6, "0"));
  await page.locator("#r-email").fill(email);
  await page.locator("#r-password").fill(password);
  await screenshots(page, "citizen-register");
  await page.getByRole("button", { name: "Đăng ký tài khoản" }).click();
  await page.getByText("Đã tạo tài khoản. Mời đăng nhập.").waitFor();
  await page.locator("#login").fill(email);
  await page.locator("#password").fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.getByRole("heading", { name: "Hồ sơ của tôi" }).waitFor();

  const id = await submitOnline("");
  const full = await officer.request("GET", `/api/dossiers/${id}`);
  assert.equal(full.attachments.length, 2);
  assert.equal(full.status, 1);

  // The commune's one-stop officer receives it and hands it on; the specialist completes it with a result file.
  await officer.request("POST", `/api/dossiers/${id}/actions/accept`, {});
  await officer.request("POST", `/api/dossiers/${id}/actions/transfer`, { to_agency_id: agencyId });
  const result = pdf("Xac nhan dang ky tam tru so 15/XN");
  const boundary = "e2eXYZ";
  const body = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="ket_qua"; filename="xac-nhan.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
                              result, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const up = await fetch(server.base + `/api/dossiers/${id}/result-files`, { method: "POST", body,
    headers: { Cookie: specialist.cookie, "X-CSRF-Token": specialist.csrf, "Content-Type": `multipart/form-data; boundary=${boundary}` } });
  assert.equal(up.status, 201);
  const sha = (await up.json()).items[0].sha256;
  await specialist.request("POST", `/api/dossiers/${id}/actions/complete`, { title: "Xác nhận đăng ký tạm trú", sha256: sha });
  await officer.request("POST", `/api/dossiers/${id}/actions/return_result`, {});

  await page.goto(server.base + `/ho-so/${id}`);
  await page.getByTestId("status").filter({ hasText: "Đã trả kết quả" }).waitFor();
  await page.getByText("Giấy tiếp nhận hồ sơ và hẹn trả kết quả (PDF)").waitFor();
  await screenshots(page, "citizen-dossier-returned");
  const receipt = await page.request.get(server.base + `/api/dossiers/${id}/documents/mau-01.pdf`);
  assert.equal(receipt.headers()["content-type"], "application/pdf");
  const link = await page.getByTestId("result-link").getAttribute("href");
  const file = await page.request.get(server.base + link);
  assert.equal(file.status(), 200);
  assert.equal(createHash("sha256").update(await file.body()).digest("hex"), sha);
});

test("a supplement is requested, answered from the dossier page, and the dossier completes", async () => {
  const id = await submitOnline("-2");
  await officer.request("POST", `/api/dossiers/${id}/actions/request_supplement`,
    { items: [{ component: "Giấy tờ chứng minh chỗ ở hợp pháp", reason: "Bản chụp mờ, không đọc được" }] });
  await page.goto(server.base + `/ho-so/${id}`);
  await page.getByRole("heading", { name: "Bổ sung hồ sơ theo yêu cầu" }).waitFor();
  await page.getByText("Bản chụp mờ, không đọc được").first().waitFor();
  await page.locator("#sup-file").setInputFiles({ name: "hop-dong-ro.pdf", mimeType: "application/pdf", buffer: pdf("ban ro") });
  await page.getByText("Đã tải lên: hop-dong-ro.pdf").waitFor();
  await screenshots(page, "citizen-supplement");
  await page.getByRole("button", { name: "Gửi lại hồ sơ đã bổ sung" }).click();
  await page.getByTestId("status").filter({ hasText: "Mới đăng ký" }).waitFor();
  await officer.request("POST", `/api/dossiers/${id}/actions/accept`, {});
  await officer.request("POST", `/api/dossiers/${id}/actions/transfer`, { to_agency_id: agencyId });
  await specialist.request("POST", `/api/dossiers/${id}/actions/complete`, { title: "Xác nhận đăng ký tạm trú số 16/XN" });
  await page.reload();
  await page.getByTestId("status").filter({ hasText: "Đã xử lý xong" }).waitFor();
  const text = await page.locator("ol.timeline").innerText();
  assert.match(text, /Bản chụp mờ/);
});

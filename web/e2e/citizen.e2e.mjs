// A citizen's whole path in a real Chromium against a real motcua, every official working in the officer
// console: the citizen registers, submits online with the e-form and two attachments; the commune's one-stop
// officer receives and transfers it; the leader (first login: password change) assigns it; the specialist
// appraises and proposes; the leader approves; the specialist issues the signed result file; the officer
// returns it; the citizen sees "Đã trả kết quả" and downloads the receipt and the result (the same bytes).
// A second dossier goes through a supplement request ticked in the console and answered by the citizen.
// (NĐ 45/2020 Điều 9, 11, 14; NĐ 61/2018 Điều 15–20; TT 01/2018 Mẫu 01–02; Sơn La Điều 19.2.)
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomInt } from "node:crypto";
import { ApiClient, DEMO_PASSWORD, eformExample, startServer } from "./server.mjs";
import { launch, screenshots } from "./browser.mjs";
import { act, officialPage, openFromQueue } from "./console.mjs";

let server, browser, page, agencyId, officerPage, leaderPage, specialistPage;
const email = `hang${randomInt(1e6)}@example.vn`;
const password = "Matkhau2026x";
const pdf = (text) => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`);

// An official created by the admin, with the temporary password the API returns (and e-mails).
async function newOfficial(admin, username, fullName, role, agency) {
  const r = await admin.request("POST", "/api/users", { username, full_name: fullName, email: username + "@example.vn",
                                                        roles: [{ role, agency_id: agency }] });
  return r.initial_password;
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
  // Commune A handles the procedure with appraisal and the leader's approval (data/workflows).
  await admin.request("PUT", `/api/agencies/${agencyId}/services/1.004194`, { level: "xa", workflow_key: "appraisal-approval" });
  const leaderPw = await newOfficial(admin, "lanhdao.e2e", "Cầm Thị Đạo (lãnh đạo, e2e)", "leader", communeA);
  const specialistPw = await newOfficial(admin, "chuyenvien.e2e", "Lò Văn Chuyên (chuyên viên, e2e)", "specialist", communeA);
  officerPage = await officialPage(browser, server.base, "motcua.xa_a", DEMO_PASSWORD);
  leaderPage = await officialPage(browser, server.base, "lanhdao.e2e", leaderPw, "Lanhdao2026xyz");
  specialistPage = await officialPage(browser, server.base, "chuyenvien.e2e", specialistPw, "Chuyenvien2026xyz");
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

  // The one-stop officer finds it in "Chờ tiếp nhận", sees both files, receives it and hands it on.
  await openFromQueue(officerPage, "Chờ tiếp nhận", id);
  assert.equal(await officerPage.getByRole("button", { name: "Xem" }).count(), 2);
  await officerPage.getByRole("button", { name: "Xem" }).first().click();
  await officerPage.getByTestId("viewer").waitFor();
  await screenshots(officerPage, "console-dossier-to-receive");
  await act(officerPage, "Tiếp nhận hồ sơ", { status: "Được tiếp nhận" });
  const code = (await officerPage.getByTestId("code").innerText()).trim();
  assert.match(code, /^H52\.61\.01-\d{8}-\d{6}$|^000\.01\.61\.H52-\d{6}-\d{4,}$/);
  // The transfer form fetches the agencies to choose from; on a slow line the confirmation waits for them
  // instead of sending no agency (CI once clicked before the list came).
  await officerPage.route("**/api/agencies?*", async (r) => { await new Promise((ok) => setTimeout(ok, 700)); await r.continue(); });
  await act(officerPage, "Chuyển hồ sơ đến cơ quan giải quyết", { status: "Đang xử lý" });
  await officerPage.unroute("**/api/agencies?*");

  // The leader assigns the specialist; the specialist appraises and proposes; the leader approves.
  await openFromQueue(leaderPage, "Chờ phân công", id, code);
  await act(leaderPage, "Phân công xử lý", { fill: async (p) => {
    const value = await p.locator("#af-first option", { hasText: "Lò Văn Chuyên" }).getAttribute("value");
    await p.locator("#af-first").selectOption(value);
  } });
  await openFromQueue(specialistPage, "Chờ thẩm định", id, code);
  await act(specialistPage, "Thẩm định, trình phê duyệt",
            { fill: (p) => p.locator("#af-first").fill("Hồ sơ đủ điều kiện; đề nghị xác nhận đăng ký tạm trú.") });
  await openFromQueue(leaderPage, "Chờ phê duyệt", id, code);
  await screenshots(leaderPage, "console-dossier-to-approve");
  await act(leaderPage, "Phê duyệt");

  // The specialist issues the result with its file (signed at completion); the officer returns it.
  const result = pdf("Xac nhan dang ky tam tru so 15/XN");
  const sha = createHash("sha256").update(result).digest("hex");
  await specialistPage.reload();
  await act(specialistPage, "Hoàn thành, ban hành kết quả", { status: "Đã xử lý xong", fill: async (p) => {
    await p.locator("#af-first").fill("Xác nhận đăng ký tạm trú số 15/XN");
    await p.locator("#af-file").setInputFiles({ name: "xac-nhan.pdf", mimeType: "application/pdf", buffer: result });
  } });
  await openFromQueue(officerPage, "Chờ trả kết quả", id, code);
  await act(officerPage, "Trả kết quả", { status: "Đã trả kết quả" });
  await screenshots(officerPage, "console-dossier-returned");
  const history = await officerPage.locator("table.plain").last().innerText();
  for (const who of ["Cầm Thị Đạo", "Lò Văn Chuyên"]) assert.match(history, new RegExp(who));

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

test("a supplement is requested in the console, answered from the dossier page, and the dossier completes", async () => {
  const id = await submitOnline("-2");
  await openFromQueue(officerPage, "Chờ tiếp nhận", id);
  // TT 01/2018 Mẫu 02: every missing item ticked with its reason; an item without one is refused at its field.
  await officerPage.getByRole("button", { name: "Yêu cầu bổ sung hồ sơ", exact: true }).click();
  await officerPage.getByTestId("item-1").check();
  await officerPage.getByRole("button", { name: "Xác nhận: Yêu cầu bổ sung hồ sơ" }).click();
  await officerPage.locator(".field-error").first().waitFor();
  await officerPage.locator("#item-reason-1").fill("Bản chụp mờ, không đọc được");
  await screenshots(officerPage, "console-supplement-form");
  await officerPage.getByRole("button", { name: "Xác nhận: Yêu cầu bổ sung hồ sơ" }).click();
  await officerPage.getByTestId("status").filter({ hasText: "Yêu cầu bổ sung" }).waitFor();

  await page.goto(server.base + `/ho-so/${id}`);
  await page.getByRole("heading", { name: "Bổ sung hồ sơ theo yêu cầu" }).waitFor();
  await page.getByText("Bản chụp mờ, không đọc được").first().waitFor();
  await page.locator("#sup-file").setInputFiles({ name: "hop-dong-ro.pdf", mimeType: "application/pdf", buffer: pdf("ban ro") });
  await page.getByText("Đã tải lên: hop-dong-ro.pdf").waitFor();
  await screenshots(page, "citizen-supplement");
  await page.getByRole("button", { name: "Gửi lại hồ sơ đã bổ sung" }).click();
  await page.getByTestId("status").filter({ hasText: "Mới đăng ký" }).waitFor();

  await officerPage.reload();
  // NĐ 61/2018 Điều 15.3: a second request is not possible; the console says why its button is disabled.
  assert.equal(await officerPage.getByRole("button", { name: "Yêu cầu bổ sung hồ sơ", exact: true }).isDisabled(), true);
  await officerPage.getByText(/yêu cầu bổ sung một lần/).waitFor();
  await screenshots(officerPage, "console-supplement-used");
  await act(officerPage, "Tiếp nhận hồ sơ", { status: "Được tiếp nhận" });
  const code = (await officerPage.getByTestId("code").innerText()).trim();
  await act(officerPage, "Chuyển hồ sơ đến cơ quan giải quyết");
  await openFromQueue(specialistPage, "Chờ thẩm định", id, code);
  await act(specialistPage, "Nhận xử lý");
  await act(specialistPage, "Thẩm định, trình phê duyệt", { fill: (p) => p.locator("#af-first").fill("Đủ điều kiện.") });
  await openFromQueue(leaderPage, "Chờ phê duyệt", id, code);
  await act(leaderPage, "Phê duyệt");
  await specialistPage.reload();
  await act(specialistPage, "Hoàn thành, ban hành kết quả",
            { status: "Đã xử lý xong", fill: (p) => p.locator("#af-first").fill("Xác nhận đăng ký tạm trú số 16/XN") });
  await page.reload();
  await page.getByTestId("status").filter({ hasText: "Đã xử lý xong" }).waitFor();
  const text = await page.locator("ol.timeline").innerText();
  assert.match(text, /Bản chụp mờ/);
});

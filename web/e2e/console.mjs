// Driving the officer console as an official would: a browser context per person (own cookies), log in
// through the login page, open a dossier from a queue, and take an action through its form.

// A logged-in official in a context of their own. `newPassword`: the official logs in for the first time
// with a temporary password and is sent to the password change first (Sơn La Điều 19.2).
export async function officialPage(browser, base, login, password, newPassword) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(base + "/dang-nhap");
  await page.locator("#login").fill(login);
  await page.locator("#password").fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  if (newPassword) {
    await page.getByRole("heading", { name: "Đổi mật khẩu" }).waitFor();
    await page.locator("#pw-current").fill(password);
    await page.locator("#pw-new").fill(newPassword);
    await page.getByRole("button", { name: "Đổi mật khẩu" }).click();
  }
  await page.getByRole("heading", { name: "Hồ sơ cần xử lý" }).waitFor();
  return page;
}

// Opens the dossier from the named queue tab (the row links to it by code, or by #id before reception).
export async function openFromQueue(page, tab, id, code) {
  await page.getByRole("navigation", { name: "Hệ thống một cửa điện tử" }).getByRole("link", { name: "Hồ sơ cần xử lý" }).click();
  await page.getByRole("link", { name: tab, exact: true }).click();
  const link = page.getByTestId("queue").getByRole("link", { name: code ?? `#${id}`, exact: true });
  await link.click();
  await page.getByRole("heading", { name: "Thao tác" }).waitFor();
}

// Takes one action: its button, then `fill(page)` for its input, then the confirmation; waits for the
// status the dossier should reach (the status badge), or for the "done" line.
export async function act(page, name, { fill, status } = {}) {
  await page.getByRole("button", { name, exact: true }).click();
  if (fill) await fill(page);
  await page.getByRole("button", { name: `Xác nhận: ${name}` }).click();
  await page.getByText(`Đã thực hiện: ${name}`).waitFor();
  if (status) await page.getByTestId("status").filter({ hasText: status }).waitFor();
}

// Debian's chromium driven by playwright-core (never `npx playwright install`: no downloaded browsers).
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";

export const ARTIFACTS = process.env.MOTCUA_E2E_ARTIFACTS ?? resolve(new URL("../../test-artifacts/e2e", import.meta.url).pathname);

export async function launch() {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
           "--disable-component-update", "--disable-sync"],
  });
}

// A screenshot of the current screen at the desktop (1280 px) and the phone (360 px) widths.
export async function screenshots(page, name) {
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: width === 360 ? 740 : 800 });
    await page.screenshot({ path: join(ARTIFACTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

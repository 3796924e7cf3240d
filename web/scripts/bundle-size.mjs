// Prints the gzipped size of the JavaScript the portal's first page loads (issue: < 200 KB) and fails above it.
import { readFileSync, readdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";

const dir = new URL("../dist/assets/", import.meta.url).pathname;
const html = readFileSync(new URL("../dist/index.html", import.meta.url), "utf8");
const entry = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]);
let first = 0;
let all = 0;
for (const f of readdirSync(dir).filter((f) => f.endsWith(".js"))) {
  const gz = gzipSync(readFileSync(join(dir, f))).length;
  all += gz;
  if (entry.includes(f)) first += gz;
}
const kb = (n) => (n / 1024).toFixed(1) + " KB";
console.log(`bundle: first load ${kb(first)} gzipped JS (limit 200 KB), all chunks ${kb(all)}`);
if (first > 200 * 1024) {
  console.error("bundle: the first load is over 200 KB gzipped");
  process.exit(1);
}

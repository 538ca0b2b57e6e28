// Browser test of the widget at scale: 10,000 synthetic incidents (`aqiqat generate`), a list scrolled far down.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startBrowser, startServer } from "./harness.mjs";

const SIZE = 10_000;
let server, browser, dir;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "aqiqat-scale-"));
  const url = `sqlite://${dir}/big.db`;
  execFileSync(process.env.AQIQAT_BIN, ["generate", "--incidents", String(SIZE), "--database-url", url], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, AQIQAT_LOG: "warn" },
  });
  server = await startServer({ DATABASE_URL: url, AQIQAT_DEMO: "false" });
  browser = await startBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("scrolling 10,000 results keeps about 60 rows in the DOM, loads more in place and keeps the order", async () => {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${server.base}/widget?lang=ru`);
  await page.waitForFunction(() => document.documentElement.classList.contains("aq-js"));
  const rows = () => page.evaluate(() => {
    const lis = [...document.querySelectorAll("ul.aq-list > li[data-id]")];
    return { n: lis.length, pos: lis.map((li) => Number(li.getAttribute("aria-posinset"))),
      size: Number(lis[0]?.getAttribute("aria-setsize")) };
  });
  const start = await rows();
  assert.equal(start.size, SIZE, "each row says how long the whole list is");
  let most = start.n, deepest = 0;
  for (let step = 0; step < 60; step++) {
    await page.evaluate(() => { const ul = document.querySelector(".aq-scroll"); ul.scrollTop += 2500; });
    await page.waitForTimeout(120);
    const r = await rows();
    most = Math.max(most, r.n);
    deepest = Math.max(deepest, ...r.pos);
    for (let i = 1; i < r.pos.length; i++) assert.equal(r.pos[i], r.pos[i - 1] + 1, "the rows in view are consecutive");
  }
  assert.ok(most <= 60, `at most ~60 rows in the DOM (saw ${most})`);
  assert.ok(deepest > 400, `scrolling loaded more rows in place (reached row ${deepest})`);
  // Back to the top: the first rows again.
  await page.evaluate(() => { document.querySelector(".aq-scroll").scrollTop = 0; });
  await page.waitForFunction(() => document.querySelector("ul.aq-list > li[data-id]")?.getAttribute("aria-posinset") === "1");
  // A new query's list starts at its top, from a scrolled box (an unscrolled one is left alone).
  await page.evaluate(() => { document.querySelector(".aq-scroll").scrollTop = 5000; });
  await page.waitForFunction(() => Number(document.querySelector("ul.aq-list > li[data-id]")?.getAttribute("aria-posinset")) > 1);
  const total = await page.locator(".aq-summary").textContent();
  await page.locator(".aq-chip[data-value]").first().click();
  await page.waitForFunction((t) => document.querySelector(".aq-summary")?.textContent !== t
    && document.querySelector(".aq-results")?.getAttribute("aria-busy") === "false", total);
  await page.waitForFunction(() => document.querySelector(".aq-scroll").scrollTop === 0
    && document.querySelector("ul.aq-list > li[data-id]")?.getAttribute("aria-posinset") === "1");
  assert.deepEqual(errors, []);
  await page.close();
});

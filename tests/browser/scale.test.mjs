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

test("a large widget page draws its newest months; reaching for the chart brings every month, keys work at once", async () => {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => ["error", "warning"].includes(m.type()) && errors.push(`${m.type()}: ${m.text()}`));
  const asked = [];
  page.on("request", (r) => r.url().includes("/api/") && asked.push(new URL(r.url()).pathname));
  await page.goto(`${server.base}/widget?lang=en`);
  await page.waitForFunction(() => document.documentElement.classList.contains("aq-js"));
  const chart = () => page.evaluate(() => ({
    months: document.querySelectorAll(".aq-month").length,
    bars: [...document.querySelectorAll(".aq-bar")].reduce((a, p) => a + (p.getAttribute("d") || "").length, 0),
  }));
  const data = await page.evaluate(() => JSON.parse(document.getElementById("aq-data").textContent));
  assert.equal(data.timeline_partial, true, "the page's timeline data is its newest months");
  const first = await chart();
  assert.equal(first.months, 48, "the first screen draws the newest 48 months");
  assert.ok(first.bars > 0, "bars drawn and kept by hydration");
  assert.deepEqual(asked, [], "nothing asked before the reader does anything");
  // Keyboard: Tab into the chart and move at once; the whole timeline arrives and the move happens on it.
  await page.locator(".aq-tl-svg [tabindex='0']").focus();
  await page.keyboard.press("ArrowLeft");
  await page.waitForFunction(() => document.querySelectorAll(".aq-month").length > 48);
  assert.deepEqual(asked, ["/api/v1/timeline"], "one request for the rest of the chart");
  const all = await page.evaluate(() => document.querySelectorAll(".aq-month").length);
  const full = await (await fetch(`${server.base}/api/v1/timeline`)).json();
  const months = new Set([...full.buckets.map((b) => b.month), ...full.ranges.flatMap((r) => [r.from, r.to])]);
  const sorted = [...months].sort();
  const span = (a, b) => (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5)) - Number(a.slice(5)) + 1;
  assert.equal(all, span(sorted[0], sorted.at(-1)), "every month of the timeline is drawn");
  await page.keyboard.press("ArrowLeft");
  const at = await page.evaluate(() => document.activeElement?.dataset?.month ?? null);
  assert.match(at ?? "", /^\d{4}-\d\d$/, "the arrow keys move between months");
  assert.deepEqual(errors, []);
  await page.close();
});

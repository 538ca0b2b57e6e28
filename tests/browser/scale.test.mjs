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

test("a large widget page draws its newest months; the chart grows as a reader reaches for it, keys work at once", async () => {
  const full = await (await fetch(`${server.base}/api/v1/timeline`)).json();
  const sorted = [...new Set([...full.buckets.map((b) => b.month), ...full.ranges.flatMap((r) => [r.from, r.to])])].sort();
  const index = (m) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5)) - 1;
  const span = index(sorted.at(-1)) - index(sorted[0]) + 1;
  assert.ok(span > 100, `the generated data spans many months (${span})`);
  const open = async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => ["error", "warning"].includes(m.type()) && errors.push(`${m.type()}: ${m.text()}`));
    const asked = [];
    page.on("request", (r) => r.url().includes("/api/") && asked.push(new URL(r.url()).pathname));
    await page.goto(`${server.base}/widget?lang=en`);
    await page.waitForFunction(() => document.documentElement.classList.contains("aq-js"));
    return { page, errors, asked };
  };
  const columns = (page) => page.evaluate(() => document.querySelectorAll(".aq-month").length);
  const width = (page) => page.evaluate(() => Number(document.querySelector(".aq-tl-svg").getAttribute("width")));

  // Keyboard.
  const { page, errors, asked } = await open();
  const data = await page.evaluate(() => JSON.parse(document.getElementById("aq-data").textContent));
  assert.equal(data.timeline_partial, true, "the page's timeline data is its newest months");
  assert.equal(await columns(page), 48, "the first screen draws the newest 48 months");
  assert.ok(await page.evaluate(() => [...document.querySelectorAll(".aq-bar")].some((p) => p.getAttribute("d"))),
    "bars drawn and kept by hydration");
  assert.deepEqual(asked, [], "nothing asked before the reader does anything");
  // Tab into the chart and move at once; the whole timeline arrives (bars for every month, the newest columns).
  await page.locator(".aq-tl-svg [tabindex='0']").focus();
  await page.keyboard.press("ArrowLeft");
  await page.waitForFunction((w) => Number(document.querySelector(".aq-tl-svg").getAttribute("width")) === w, span * 36);
  assert.deepEqual(asked, ["/api/v1/timeline"], "one request for the rest of the chart");
  assert.ok(await columns(page) < span, "columns are drawn for the newest months only");
  await page.keyboard.press("ArrowLeft");
  const at = await page.evaluate(() => document.activeElement?.dataset?.month ?? null);
  assert.equal(at, (() => { const i = index(sorted.at(-1)) - 2; return `${Math.floor(i / 12)}-${String(i % 12 + 1).padStart(2, "0")}`; })(),
    "two months back from the newest, the focus kept while the chart grew");
  // Home: the oldest month, drawn on the way, with the focus on it.
  await page.keyboard.press("Home");
  await page.waitForFunction((m) => document.activeElement?.dataset?.month === m, sorted[0]);
  assert.equal(await columns(page), span, "every column drawn");
  assert.deepEqual(errors, []);
  await page.close();

  // Pointing at the chart brings the rest of it; the view stays on the newest months while it grows.
  const second = await open();
  await second.page.hover(".aq-tl-svg");
  await second.page.waitForFunction((w) => Number(document.querySelector(".aq-tl-svg").getAttribute("width")) === w, span * 36);
  await second.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  assert.equal(await second.page.evaluate(() => document.querySelector(".aq-tl-scroll").scrollLeft), 0,
    "the newest months stay in view");
  assert.equal(await columns(second.page), 48);
  // Scrolling the chart to its oldest months draws their columns.
  await second.page.evaluate(() => { const b = document.querySelector(".aq-tl-scroll"); b.scrollLeft = -b.scrollWidth; });
  await second.page.waitForFunction((n) => document.querySelectorAll(".aq-month").length === n, span);
  assert.equal(await width(second.page), span * 36);
  assert.deepEqual(second.errors, []);
  await second.page.close();
});

test("a keyboard reader tabs down the windowed list without losing the focus as rows come and go", async () => {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${server.base}/widget?lang=ru`);
  await page.waitForFunction(() => document.documentElement.classList.contains("aq-js"));
  await page.locator("ul.aq-list > li[data-id] > a").first().focus();
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press("Tab");
    await page.waitForTimeout(40);
  }
  const at = await page.evaluate(() => {
    const a = document.activeElement;
    const li = a?.closest("li[data-id]");
    return { pos: Number(li?.getAttribute("aria-posinset")), first: Number(document.querySelector("ul.aq-list > li")?.getAttribute("aria-posinset")) };
  });
  assert.equal(at.pos, 31, "thirty Tabs from the first row reach the thirty-first");
  assert.ok(at.first > 1, `the window moved on while tabbing (first row in the DOM: ${at.first})`);
  assert.deepEqual(errors, []);
  await page.close();
});

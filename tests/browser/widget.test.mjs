// Browser tests of the reader widget, as partners and readers use it: the /demo partner page with two embeds,
// filtering and search, the detail view, language switching, auto-resizing, and the plain-iframe embed.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS, startBrowser, startServer } from "./harness.mjs";

let server, browser;

before(async () => {
  server = await startServer();
  browser = await startBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Polls `fn` until it returns a truthy value (returned) or the time is up (throws with the last value). */
async function until(what, fn, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${last}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function newPage() {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(`${m.text()} ${JSON.stringify(m.location())}`));
  return { page, errors };
}

/** The widget's state as the reader sees it. */
async function snapshot(frame) {
  return frame.evaluate(() => ({
    items: [...document.querySelectorAll("ul.aq-list > li")].map((li) => li.dataset.id),
    summary: document.querySelector(".aq-summary")?.textContent ?? "",
    months: [...document.querySelectorAll(".aq-month")].map((g) => [g.dataset.month, Number(g.dataset.count)]),
    loading: document.querySelector(".aq-results")?.getAttribute("aria-busy") === "true",
  }));
}

async function settled(frame, pred = () => true) {
  return until("the widget to settle", async () => {
    const s = await snapshot(frame);
    return !s.loading && s.items.length > 0 && s.months.length > 0 && pred(s) ? s : null;
  });
}

const sum = (months) => months.reduce((a, [, n]) => a + n, 0);

test("the demo page shows both embeds, isolated from the host's CSS, and filtering updates list, counts and timeline", async () => {
  const { page, errors } = await newPage();
  await page.goto(`${server.base}/demo`);
  await until("two widget iframes", async () => (await page.locator("iframe").count()) === 2);
  const [all, courts] = page.frames().filter((f) => f.url().includes("/widget"));
  assert.ok(all && courts, "both embeds are iframes of /widget");

  const first = await settled(all);
  assert.equal(first.items.length, 20, "the first page holds 20 incidents");
  assert.match(first.summary, /38/, "the summary counts all 38 incidents");
  const second = await settled(courts);
  assert.equal(second.items.length, 10, "the court-cases embed shows the 10 court cases");

  // The host's aggressive CSS (dashed borders, 30% width, Comic Sans) does not reach the widget.
  const frameStyle = await page.locator("iframe").first().evaluate((el) => {
    const cs = getComputedStyle(el);
    return { border: cs.borderTopWidth, width: el.getBoundingClientRect().width, parent: el.parentElement.getBoundingClientRect().width };
  });
  assert.equal(frameStyle.border, "0px");
  assert.ok(Math.abs(frameStyle.width - frameStyle.parent) < 2, `iframe fills its column: ${JSON.stringify(frameStyle)}`);
  const font = await all.evaluate(() => getComputedStyle(document.querySelector(".aq-card-title")).fontFamily);
  assert.doesNotMatch(font, /Comic/);

  // The iframe is resized to its content by postMessage (not left at the loader's initial 640 px).
  const frameHeight = () => page.locator("iframe").first().evaluate((el) => el.getBoundingClientRect().height);
  const contentHeight = () => all.evaluate(() => document.getElementById("aqiqat-root").getBoundingClientRect().height);
  const tall = await until("the iframe to fit its content", async () => {
    const [h, c] = [await frameHeight(), await contentHeight()];
    return Math.abs(h - Math.ceil(c)) <= 2 && h !== 640 ? h : null;
  });

  // A category filter changes the list, the counts and the timeline together.
  await all.locator('.aq-chip[data-value="personal_data"]').click();
  const filtered = await settled(all, (s) => s.items.length === 7 && /— 7,/.test(s.summary) && sum(s.months) < sum(first.months));
  assert.notDeepEqual(filtered.months, first.months, "the timeline follows the filter");
  assert.ok(sum(filtered.months) < sum(first.months));
  assert.match(all.url(), /category=personal_data/, "the filter is in the widget's URL");

  // A search with another word form than the text ("утечки" for «утечка») narrows it further.
  await all.locator('input[type="search"]').fill("утечки");
  await all.locator('input[type="search"]').press("Enter");
  const searched = await settled(all, (s) => s.items.length < 7 && !/— 7,/.test(s.summary));
  assert.ok(searched.items.includes("data-leak-16-mln-citizens-2025-06"), `leak found: ${searched.items}`);
  assert.notEqual(searched.summary, filtered.summary);
  assert.ok(sum(searched.months) <= sum(filtered.months));
  // Fewer results: the iframe shrinks with its content.
  await until("the iframe to shrink", async () => {
    const [h, c] = [await frameHeight(), await contentHeight()];
    return h < tall && Math.abs(h - Math.ceil(c)) <= 2;
  });

  // The second embed was not touched by the first one's filter.
  assert.equal((await snapshot(courts)).items.length, 10);

  await page.screenshot({ path: `${ARTIFACTS}demo.png`, fullPage: true });
  assert.deepEqual(errors, [], "no script errors on the page or in the widgets");
  await page.close();
});

test("the detail view shows sources as links and a shareable link that restores it", async () => {
  const { page, errors } = await newPage();
  await page.goto(`${server.base}/widget?category=freedom_of_expression`);
  const frame = page.mainFrame();
  await settled(frame);
  await frame.locator('li[data-id="vlast-ddos-attacks-2025-12"] button').click();
  await until("the detail view", () => frame.locator(".aq-detail-title").count());
  const links = await frame.locator(".aq-sources a").evaluateAll((as) => as.map((a) => a.href));
  assert.ok(links.length >= 1 && links.every((h) => h.startsWith("https://")), `source links: ${links}`);
  const share = await frame.locator(".aq-share a").getAttribute("href");
  assert.match(share, /incident=vlast-ddos-attacks-2025-12/);
  await page.screenshot({ path: `${ARTIFACTS}detail.png`, fullPage: true });

  const again = await browser.newPage();
  await again.goto(share);
  await until("the shared detail", async () => (await again.locator(".aq-detail-title").count()) === 1);
  assert.match(await again.locator(".aq-detail-title").textContent(), /DDoS/);
  await again.close();
  assert.deepEqual(errors, []);
  await page.close();
});

test("the language switch changes the interface and the content language", async () => {
  const { page, errors } = await newPage();
  await page.goto(`${server.base}/widget`);
  const frame = page.mainFrame();
  await settled(frame);
  assert.equal(await frame.locator(".aq-title").textContent(), "Мониторинг цифровых прав");
  await frame.locator(".aq-lang", { hasText: "EN" }).click();
  await until("English UI", async () => (await frame.locator(".aq-title").textContent()) === "Digital rights monitor");
  await until("English content", async () => {
    const title = await frame.locator(".aq-card-title").first().textContent();
    return /^[\x00-\x7F«»“”’–—]+$/.test(title);
  });
  assert.equal(await frame.evaluate(() => document.documentElement.lang), "en");
  assert.deepEqual(errors, []);
  await page.close();
});

test("a plain iframe works without embed.js, and a bad option is reported, not fatal", async () => {
  const { page, errors } = await newPage();
  await page.setContent(
    `<iframe src="${server.base}/widget?category=cybersecurity&kind=nonsense" title="Aqiqat" style="width:100%;height:900px;border:0"></iframe>`,
  );
  const frame = await until("the iframe", async () => page.frames().find((f) => f.url().includes("/widget")));
  const s = await settled(frame);
  assert.equal(s.items.length, 5, "the cybersecurity section has 5 incidents");
  const notice = await frame.locator(".aq-notice").textContent();
  assert.match(notice, /kind/);
  assert.deepEqual(errors, []);
  await page.close();
});

// Browser tests of the reader widget, as partners and readers use it: the /demo partner page with two embeds,
// filtering and search, the detail view, language switching, auto-resizing, and the plain-iframe embed.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS, startBrowser, startServer, until } from "./harness.mjs";

let server, browser;

before(async () => {
  server = await startServer();
  browser = await startBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage(options = {}) {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, ...options });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  // Errors, and warnings too: a hydration mismatch is reported as a warning.
  page.on("console", (m) => ["error", "warning"].includes(m.type()) && errors.push(`${m.type()}: ${m.text()} ${JSON.stringify(m.location())}`));
  return { page, errors };
}

/** The widget's state as the reader sees it. */
async function snapshot(frame) {
  return frame.evaluate(() => ({
    items: [...document.querySelectorAll("ul.aq-list > li")].map((li) => li.dataset.id),
    summary: document.querySelector(".aq-summary")?.textContent ?? "",
    months: [...document.querySelectorAll(".aq-month")].map((g) => [g.dataset.month, Number(g.dataset.count)]),
    loading: document.querySelector(".aq-results")?.getAttribute("aria-busy") === "true",
    // The bundle has hydrated the server's HTML (until then, controls are plain links and form fields).
    live: document.documentElement.classList.contains("aq-js"),
  }));
}

async function settled(frame, pred = () => true) {
  return until("the widget to settle", async () => {
    const s = await snapshot(frame);
    return s.live && !s.loading && s.items.length > 0 && s.months.length > 0 && pred(s) ? s : null;
  });
}

const sum = (months) => months.reduce((a, [, n]) => a + n, 0);

test("the demo page shows both embeds, isolated from the host's CSS, and filtering updates list, counts and timeline", async () => {
  const { page, errors } = await newPage();
  await page.goto(`${server.base}/demo`);
  // The iframes exist before their documents load: wait for both to be at /widget.
  const [all, courts] = await until("two widget iframes", async () => {
    const frames = page.frames().filter((f) => f.url().includes("/widget"));
    return (await page.locator("iframe").count()) === 2 && frames.length === 2 ? frames : null;
  });
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

test("the detail view shows sources as links, and its share link is the item's public page", async () => {
  const { page, errors } = await newPage();
  await page.goto(`${server.base}/widget?category=freedom_of_expression`);
  const frame = page.mainFrame();
  await settled(frame);
  await page.evaluate(() => (window.__stillHere = true));
  await frame.locator('li[data-id="vlast-ddos-attacks-2025-12"] a').click();
  await until("the detail view", () => frame.locator(".aq-detail-title").count());
  assert.equal(await page.evaluate(() => window.__stillHere), true, "opened in place, not by loading a page");
  assert.match(page.url(), /incident=vlast-ddos-attacks-2025-12/, "the open item is in the address");
  const links = await frame.locator(".aq-sources a").evaluateAll((as) => as.map((a) => a.href));
  assert.ok(links.length >= 1 && links.every((h) => h.startsWith("https://")), `source links: ${links}`);
  const share = await frame.locator(".aq-share a").evaluate((a) => a.href);
  assert.equal(share, `${server.base}/i/vlast-ddos-attacks-2025-12`);
  await page.screenshot({ path: `${ARTIFACTS}detail.png`, fullPage: true });

  // The public page: the same detail, without any script.
  const again = await browser.newPage({ javaScriptEnabled: false });
  await again.goto(share);
  assert.equal(await again.locator(".aq-detail-title").count(), 1);
  assert.match(await again.locator(".aq-detail-title").textContent(), /DDoS/);
  assert.ok((await again.locator(".aq-sources a").count()) >= 1);
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

test("without JavaScript the lists, the filter form, paging and the item pages all work", async () => {
  const { page, errors } = await newPage({ javaScriptEnabled: false });
  await page.goto(`${server.base}/`);
  const ids = () => page.locator("li.aq-card").evaluateAll((lis) => lis.map((li) => li.dataset.id));
  const first = await ids();
  assert.equal(first.length, 20, "the first page of incidents is in the HTML");
  assert.match(await page.locator(".aq-summary").textContent(), /38/);
  // A filter through the plain GET form.
  await page.locator('.aq-chip[data-value="court_cases"]').click();
  await page.locator(".aq-apply").click();
  await page.waitForURL(/category=court_cases/);
  assert.equal((await ids()).length, 10, "the form's filter changed the list");
  assert.ok(await page.locator('input[value="court_cases"]').isChecked());
  // The search box through the same form.
  await page.locator("#aq-q").fill("утечки");
  await page.locator(".aq-apply").click();
  await page.waitForURL(/q=/);
  // Paging by links.
  await page.goto(`${server.base}/`);
  await page.locator("a.aq-more").click();
  await page.waitForURL(/cursor=/);
  const second = await ids();
  assert.equal(second.length, 18);
  assert.ok(second.every((id) => !first.includes(id)), "the next page continues the list");
  // An item opens its public page, with its sources.
  await page.locator("li.aq-card a").first().click();
  await page.waitForURL(/\/i\//);
  assert.equal(await page.locator(".aq-detail-title").count(), 1);
  assert.ok((await page.locator(".aq-sources a").count()) >= 1);
  await page.screenshot({ path: `${ARTIFACTS}no-js-item.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test("with JavaScript the server's page hydrates without warnings and filters in place", async () => {
  const { page, errors } = await newPage();
  await page.goto(`${server.base}/claims?lang=kk`);
  const frame = page.mainFrame();
  const before = await until("hydration", () => frame.evaluate(() => document.documentElement.classList.contains("aq-js")));
  assert.ok(before);
  await page.evaluate(() => (window.__stillHere = true));
  const count = () => page.locator("li.aq-card").count();
  const all = await count();
  assert.ok(all >= 5, `claims listed: ${all}`);
  await page.locator("#aq-verdict").selectOption("true");
  await until("the verdict filter applied in place", async () => (await count()) === 1);
  assert.equal(await page.evaluate(() => window.__stillHere), true, "no page load");
  assert.match(page.url(), /\/claims\?.*verdict=true/);
  assert.match(page.url(), /lang=kk/);
  await page.goto(`${server.base}/`);
  await until("hydration", () => frame.evaluate(() => document.documentElement.classList.contains("aq-js")));
  await page.evaluate(() => {
    window.__stillHere = true;
    // Setting <html lang>, even to the same value, restyles the whole page: a filter change must not touch it.
    window.__langWrites = 0;
    new MutationObserver((m) => (window.__langWrites += m.length))
      .observe(document.documentElement, { attributes: true, attributeFilter: ["lang"] });
  });
  const asked = [];
  page.on("request", (r) => r.url().includes("/api/") && asked.push(new URL(r.url()).pathname + new URL(r.url()).search));
  await page.locator('.aq-chip[data-value="court_cases"]').click();
  await until("the chip filters in place", async () => (await count()) === 10);
  assert.equal(await page.evaluate(() => window.__stillHere), true, "no page load");
  assert.equal(await page.evaluate(() => window.__langWrites), 0, "<html lang> untouched by a filter change");
  // One request brings the list, the counts and the timeline of the new filter.
  assert.equal(asked.length, 1, `one request per filter change: ${asked}`);
  assert.match(asked[0], /^\/api\/v1\/view\?.*category=court_cases/);
  assert.deepEqual(errors, [], "no hydration warning, no error");
  await page.close();
});

test("the timeline places every incident, draws periods as bands and stories as paths, and works by keyboard", async () => {
  const { page, errors } = await newPage();
  await page.goto(`${server.base}/widget?lang=en`);
  const frame = page.mainFrame();
  await settled(frame);
  const chart = await page.evaluate(() => ({
    months: [...document.querySelectorAll(".aq-month")].reduce((a, g) => a + Number(g.dataset.count), 0),
    bands: [...document.querySelectorAll(".aq-range")].map((g) => Number(g.dataset.count)),
    stories: [...document.querySelectorAll(".aq-story .aq-story-line")].map((p) => p.getAttribute("d")),
    unlabelled: [...document.querySelectorAll(".aq-month, .aq-range")]
      .filter((g) => g.getAttribute("role") !== "button" || !(g.getAttribute("aria-label") || "").match(/\d/)).length,
    tabStops: [...document.querySelectorAll(".aq-tl-svg [tabindex='0']")].length,
  }));
  assert.equal(chart.months + chart.bands.reduce((a, n) => a + n, 0), 38, "every demo incident is on the timeline");
  assert.ok(chart.bands.length > 0, "incidents known only within a period are drawn as bands");
  assert.ok(chart.stories.some((d) => /L/.test(d)), `a story is drawn as a path through its steps: ${chart.stories}`);
  assert.equal(chart.unlabelled, 0, "every month and band is a button with text for screen readers");
  assert.equal(chart.tabStops, 1, "the chart is one tab stop");

  // Keyboard only: from the search box, Tab reaches the chart (its newest month).
  await page.locator("#aq-q").focus();
  const where = () => page.evaluate(() => {
    const e = document.activeElement;
    if (!e?.closest?.(".aq-tl-svg")) return null;
    return e.dataset.month ?? `${e.dataset.from}..${e.dataset.to}`;
  });
  let at = null;
  for (let i = 0; i < 40 && !at; i++) {
    await page.keyboard.press("Tab");
    at = await where();
  }
  assert.ok(at, "Tab reaches the timeline");
  assert.ok(await page.evaluate(() => document.activeElement.matches(":focus-visible")), "the focus is visible");
  await page.keyboard.press("ArrowLeft");
  const month = await where();
  assert.ok(month && month !== at && /^\d{4}-\d\d$/.test(month), `ArrowLeft moves to the previous month: ${at} → ${month}`);
  await page.keyboard.press("Enter");
  await until("Enter shows that month", () => page.url().includes(`from=${month}&to=${month}`));
  const pressed = page.locator(`.aq-month[data-month="${month}"]`);
  assert.equal(await pressed.getAttribute("aria-pressed"), "true");
  // The list holds at least what the chart shows there: that month's incidents and those whose period covers it
  // (and those whose span, drawn at its start, lasted into it).
  const expected = await page.evaluate((m) => Number(document.querySelector(`.aq-month[data-month="${m}"]`).dataset.count)
    + [...document.querySelectorAll(".aq-range")].filter((g) => g.dataset.from <= m && m <= g.dataset.to)
      .reduce((a, g) => a + Number(g.dataset.count), 0), month);
  const listed = (s) => Number(s.summary.match(/— (\d+),/)?.[1] ?? -1);
  await settled(frame, (s) => listed(s) >= expected && listed(s) < 38);
  await page.keyboard.press("Escape");
  await until("Escape clears the month", () => !page.url().includes("from="));
  await page.keyboard.press("ArrowDown");
  const band = await where();
  assert.match(band ?? "", /^\d{4}-\d\d\.\.\d{4}-\d\d$/, "ArrowDown moves to a period's band");
  await page.keyboard.press("Enter");
  const [from, to] = band.split("..");
  await until("Enter shows the period", () => page.url().includes(`from=${from}&to=${to}`));
  // The bands are drawn from one markup string; their pressed state and the focus survive the new answers.
  await until("the band is pressed and keeps the focus", () => frame.evaluate(([f, t]) => {
    const g = document.querySelector(`.aq-range[data-from="${f}"][data-to="${t}"]`);
    return g?.getAttribute("aria-pressed") === "true" && g.classList.contains("aq-on") && document.activeElement === g
      && document.querySelectorAll('.aq-range[aria-pressed="true"]').length === 1
      && document.querySelectorAll('.aq-tl-svg [tabindex="0"]').length === 1;
  }, [from, to]));
  await page.keyboard.press("ArrowUp");
  assert.equal(await where(), from, "ArrowUp goes back to the band's first month");
  // A click on a band shows its period too (one listener on the chart for every band).
  await page.keyboard.press("Escape");
  await until("Escape clears the period", () => !page.url().includes("from="));
  await frame.locator(`.aq-range[data-from="${from}"][data-to="${to}"] rect`).click();
  await until("a click on a band shows the period", () => page.url().includes(`from=${from}&to=${to}`));
  assert.deepEqual(errors, []);
  await page.close();
});

test("on a 390×844 phone the first incident is in the first screen and the filters open from a button", async () => {
  const { page, errors } = await newPage({ viewport: { width: 390, height: 844 }, hasTouch: true });
  await page.goto(`${server.base}/widget?lang=ru`);
  const frame = page.mainFrame();
  await settled(frame);
  const first = await page.locator("ul.aq-list > li .aq-card-title").first().evaluate((e) => e.getBoundingClientRect().bottom);
  assert.ok(first <= 844, `the first incident's title ends at ${first}px, within the first screen`);
  assert.equal(await page.locator(".aq-panel").isVisible(), false, "the filters wait in their panel");
  const toggle = page.locator(".aq-ftoggle");
  assert.equal(await toggle.getAttribute("aria-expanded"), "false");
  await toggle.click();
  assert.equal(await page.locator(".aq-panel").isVisible(), true);
  assert.equal(await toggle.getAttribute("aria-expanded"), "true");
  const small = await page.evaluate(() => [...document.querySelectorAll(
    ".aq-chip, .aq-tab, .aq-lang, .aq-ftoggle, .aq-field select, .aq-field input, #aq-q, .aq-apply, .aq-reset")]
    .filter((e) => e.getClientRects().length)
    .map((e) => [e.className || e.id, Math.round(e.getBoundingClientRect().height)])
    .filter(([, h]) => h < 44));
  assert.deepEqual(small, [], "touch targets are at least 44 px high");
  await page.locator('.aq-chip[data-value="court_cases"]').tap();
  await settled(frame, (s) => s.items.length === 10);
  assert.match(await toggle.textContent(), /\(1\)/, "the button counts the filters set");
  // The timeline opens on its newest months.
  const newest = await page.evaluate(() => {
    const box = document.querySelector(".aq-tl-scroll").getBoundingClientRect();
    const months = [...document.querySelectorAll(".aq-month .aq-col")];
    const r = months[months.length - 1].getBoundingClientRect();
    return r.right <= box.right + 1 && r.left >= box.left - 1;
  });
  assert.ok(newest, "the newest month is in view");
  await page.screenshot({ path: `${ARTIFACTS}phone.png` });
  assert.deepEqual(errors, []);
  await page.close();
});

test("an incident's detail shows where it stands in its story and what came next", async () => {
  const stories = await (await fetch(`${server.base}/api/v1/stories?lang=en`)).json();
  let story = null;
  for (const s of stories.items) {
    const d = await (await fetch(`${server.base}/api/v1/stories/${s.id}?lang=en`)).json();
    if (d.steps.length >= 2 && d.steps[0].incident && d.steps[1].incident) story = d;
    if (story) break;
  }
  assert.ok(story, "a demo story with two incident steps");
  const [a, b] = story.steps;
  const { page, errors } = await newPage();
  await page.goto(`${server.base}/widget?lang=en&incident=${a.incident.id}`);
  await until("hydration", () => page.evaluate(() => document.documentElement.classList.contains("aq-js")));
  const box = page.locator(".aq-story-box");
  assert.equal(await box.count(), 1);
  const current = () => page.evaluate(() =>
    [...document.querySelectorAll(".aq-story-box .aq-steps li")].findIndex((li) => li.hasAttribute("aria-current")));
  assert.equal(await current(), 0, "the first step is marked as this incident's");
  const next = box.locator(".aq-story-next a");
  assert.match(await next.getAttribute("href"), new RegExp(`incident=${b.incident.id}`));
  await next.click();
  await until("the next step opens in place", () => page.url().includes(`incident=${b.incident.id}`));
  await until("its story box marks step 2", async () => (await current()) === 1);
  // The same on the public page, without scripts.
  const html = await (await fetch(`${server.base}/i/${a.incident.id}?lang=en`)).text();
  assert.match(html, /aq-story-next/);
  // Filters: stories only, and by stage.
  await page.goto(`${server.base}/widget?lang=en`);
  const frame = page.mainFrame();
  await settled(frame);
  await page.locator('.aq-check input[name="story"]').check();
  await settled(frame, (s) => /— 5,/.test(s.summary) && s.items.length === 5);
  assert.match(page.url(), /story=any/);
  await page.locator("#aq-stage").selectOption("appeal");
  await settled(frame, (s) => s.items.length === 1);
  assert.match(page.url(), /stage=appeal/);
  assert.deepEqual(errors, []);
  await page.close();
});

test("the widget links its view's data: a CSV of every match and an Atom feed, with its filters", async () => {
  const { page, errors } = await newPage();
  await page.goto(`${server.base}/widget?lang=en`);
  const frame = page.mainFrame();
  await settled(frame);
  await page.locator('.aq-chip[data-value="court_cases"]').click();
  await settled(frame, (s) => s.items.length === 10);
  const csv = await page.locator(".aq-foot a[download]").getAttribute("href");
  assert.match(csv, /^\/api\/v1\/export\/incidents\.csv\?.*category=court_cases/);
  const text = await (await fetch(`${server.base}${csv}`)).text();
  // Records of RFC 4180 CSV: line ends outside quoted fields.
  let records = 0, quoted = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (!quoted && text[i] === "\n") records++;
  }
  assert.equal(records, 11, "a header and the 10 court cases");
  const feed = await page.locator('.aq-foot a[href^="/feeds/"]').getAttribute("href");
  assert.match(feed, /^\/feeds\/incidents\.atom\?.*category=court_cases/);
  assert.equal((await fetch(`${server.base}${feed}`)).status, 200);
  assert.deepEqual(errors, []);
  await page.close();
});

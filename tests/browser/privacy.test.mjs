// Privacy: the reader side asks nothing of another origin and stores nothing in the reader's browser. Every request
// the widget (embedded and alone) and the public pages make is recorded while a reader uses them, and so is every
// Set-Cookie; afterwards the browser holds no cookie and no storage of ours.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startBrowser, startServer, until } from "./harness.mjs";

const INCIDENT = "vlast-ddos-attacks-2025-12";

let server, browser;

before(async () => {
  server = await startServer();
  browser = await startBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function readerReady(frame) {
  await until("the reader view", () =>
    frame.evaluate(
      () =>
        document.documentElement.classList.contains("aq-js") &&
        document.querySelector(".aq-results")?.getAttribute("aria-busy") !== "true" &&
        (document.querySelector("ul.aq-list > li") || document.querySelector(".aq-detail-title")),
    ),
  );
}

/** What a reader's browser kept from a document: cookies its scripts see, and web storage. */
const stored = (frame) =>
  frame.evaluate(() => ({
    url: location.href,
    cookie: document.cookie,
    local: localStorage.length,
    session: sessionStorage.length,
  }));

test("the widget, the demo page, the public pages and the embed builder request only their own origin and set no cookies", async () => {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const requests = [];
  const cookies = [];
  // The context sees every page's and every iframe's requests, scripts' fetches included.
  context.on("request", (r) => requests.push(r.url()));
  context.on("response", async (r) => {
    const set = await r.headerValue("set-cookie").catch(() => null);
    if (set) cookies.push(`${r.url()}: ${set}`);
  });
  const page = await context.newPage();
  const leftovers = [];
  const keep = async (frame) => {
    const s = await stored(frame);
    if (s.cookie || s.local || s.session) leftovers.push(s);
  };

  // The partner page with its two embeds; a reader filters, searches, opens an item and changes the language.
  await page.goto(`${server.base}/demo`);
  const frames = await until("two widget iframes", async () => {
    const fs = page.frames().filter((f) => f.url().includes("/widget"));
    return fs.length === 2 ? fs : null;
  });
  for (const f of frames) await readerReady(f);
  const [all] = frames;
  await all.locator('.aq-chip[data-value="personal_data"]').click();
  await all.locator('input[type="search"]').fill("утечки");
  await all.locator('input[type="search"]').press("Enter");
  await until("the search", async () => /q=/.test(all.url()));
  await readerReady(all);
  await all.locator("ul.aq-list > li a").first().click();
  await until("the detail", () => all.locator(".aq-detail-title").count());
  await all.locator(".aq-lang", { hasText: "KK" }).click();
  await until("Kazakh", () => all.evaluate(() => document.documentElement.lang === "kk"));
  await all.locator(".aq-back").click();
  await readerReady(all);
  for (const f of page.frames()) await keep(f);

  // The widget alone: the claims tab, a claim, the timeline.
  await page.goto(`${server.base}/widget?lang=en`);
  await readerReady(page.mainFrame());
  await page.locator(".aq-tab").nth(1).click();
  await until("the claims tab", async () => /tab=claims/.test(page.url()));
  await readerReady(page.mainFrame());
  await page.locator("ul.aq-list > li a").first().click();
  await until("the claim", () => page.locator(".aq-detail-title").count());
  await keep(page.mainFrame());

  // The public pages, with and without the bundle running.
  const claims = await (await fetch(`${server.base}/api/v1/claims`)).json();
  for (const path of [`/i/${INCIDENT}`, `/c/${claims.items[0].id}`, "/", "/claims?lang=kk"]) {
    await page.goto(`${server.base}${path}`);
    if (!/^\/[ic]\//.test(path)) await readerReady(page.mainFrame());
    await keep(page.mainFrame());
  }
  await page.locator("#aq-verdict").selectOption("true");
  await until("the filter", async () => /verdict=true/.test(page.url()));
  await keep(page.mainFrame());

  // The embed builder: options chosen, its preview (the widget, themed) following them.
  await page.goto(`${server.base}/embed?lang=en`);
  await page.waitForSelector("#aqb #aqb-preview");
  await page.locator("#aqb-category-court_cases").check();
  await page.locator("#aqb-theme").selectOption("dark");
  await page.locator("#aqb-start-incident").check();
  await page.waitForSelector("#aqb-incident");
  const preview = await until("the themed preview", () =>
    page.frames().find((f) => f.url().includes("/widget?") && f.url().includes("theme=dark")),
  );
  await readerReady(preview);
  for (const f of page.frames()) await keep(f);

  const ours = new URL(server.base).origin;
  const elsewhere = requests.filter((u) => !u.startsWith("data:") && new URL(u).origin !== ours);
  assert.ok(requests.length > 20, `requests were recorded: ${requests.length}`);
  assert.ok(requests.some((u) => u.includes("/api/v1/")), "the widget's own data requests were recorded");
  assert.ok(requests.some((u) => u.endsWith(".wasm")), "the bundle's requests were recorded");
  assert.deepEqual(elsewhere, [], "no request to another origin");
  assert.deepEqual(cookies, [], "no Set-Cookie");
  assert.deepEqual(await context.cookies(), [], "no cookie in the browser");
  assert.deepEqual(leftovers, [], "no cookie or web storage seen by the pages' scripts");

  // The documents say what they may use: nothing that reaches a reader's devices, no ad-interest APIs.
  const policy = (await (await fetch(`${server.base}/widget`)).headers.get("permissions-policy")) ?? "";
  for (const feature of ["camera", "microphone", "geolocation", "browsing-topics"]) {
    assert.match(policy, new RegExp(`(^|, )${feature}=\\(\\)`), `${feature} is denied: ${policy}`);
  }
  await context.close();
});

// Accessibility: axe-core finds no violation of any impact (WCAG 2.0, 2.1 and 2.2 A and AA, and axe's best
// practices) on every page a reader or an editor sees: the demo partner page and each of its embeds, the widget in
// each language and tab (and in the dark theme), an item's detail in the widget, the public item and list pages,
// the embed builder (/embed), and the editors' panel.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { startBrowser, startServer, until } from "./harness.mjs";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

const ADMIN = ["admin@aqiqat.kz", "aqiqat-demo-admin"];
const INCIDENT = "vlast-ddos-attacks-2025-12";

let server, browser, context, claim;

before(async () => {
  server = await startServer();
  browser = await startBrowser();
  // The reader pages' CSP would refuse the injected axe script; the test's own script is not what the CSP guards.
  context = await browser.newContext({ bypassCSP: true, viewport: { width: 1100, height: 900 } });
  const claims = await (await fetch(`${server.base}/api/v1/claims?lang=ru`)).json();
  claim = claims.items.find((c) => c.verdict)?.id ?? claims.items[0].id;
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

/** axe-core's violations in one document (a page's main frame or one of its iframes). */
async function audit(frame) {
  if (!(await frame.evaluate(() => typeof window.axe === "object"))) await frame.addScriptTag({ content: AXE });
  const violations = await frame.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary.replace(/\s+/g, " ").slice(0, 240)}`),
    }));
  }, TAGS);
  return violations;
}

/** The widget or a list page, hydrated and showing its list or item. */
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

const found = []; // [label, violations]

async function check(label, frame) {
  const v = await audit(frame);
  found.push([label, v]);
  return v;
}

function report(labels) {
  const rows = found.filter(([l]) => labels.includes(l));
  const lines = rows.map(([l, v]) => `${l}: ${v.length} rule(s), ${v.reduce((a, x) => a + x.nodes.length, 0)} node(s)` +
    v.map((x) => `\n    ${x.id} (${x.impact}) ×${x.nodes.length}\n      ${x.nodes.slice(0, 3).join("\n      ")}`).join(""));
  console.log(lines.join("\n"));
  return rows.filter(([, v]) => v.length > 0).map(([l, v]) => `${l}: ${v.map((x) => x.id).join(", ")}`);
}

test("the demo page and both of its embeds have no axe violations", async () => {
  const page = await context.newPage();
  await page.goto(`${server.base}/demo`);
  const frames = await until("two widget iframes", async () => {
    const fs = page.frames().filter((f) => f.url().includes("/widget"));
    return fs.length === 2 ? fs : null;
  });
  for (const f of frames) await readerReady(f);
  const labels = ["/demo"];
  await check("/demo", page.mainFrame());
  for (const [i, f] of frames.entries()) {
    labels.push(`/demo iframe ${i + 1}`);
    await check(`/demo iframe ${i + 1}`, f);
  }
  await page.close();
  assert.deepEqual(report(labels), []);
});

test("the widget in each language and tab, and an item's detail in it, have no axe violations", async () => {
  const page = await context.newPage();
  const paths = [];
  for (const lang of ["ru", "kk", "en"]) {
    paths.push(`/widget?lang=${lang}`, `/widget?lang=${lang}&tab=claims`);
  }
  paths.push(
    `/widget?lang=ru&incident=${INCIDENT}`,
    `/widget?lang=kk&claim=${claim}`,
    `/widget?lang=en&incident=${INCIDENT}`,
    // Chosen filters look different (chips, the month range on the timeline).
    "/widget?lang=ru&category=court_cases&from=2025-09&to=2025-12&embed=1",
    // The dark theme (and an accent a partner chose) keeps every contrast.
    "/widget?lang=ru&theme=dark",
    "/widget?lang=kk&tab=claims&theme=dark&accent=ffdd00",
    `/widget?lang=en&incident=${INCIDENT}&theme=dark`,
    "/widget?lang=en&category=court_cases&from=2025-09&to=2025-12&theme=dark&embed=1",
  );
  for (const path of paths) {
    await page.goto(`${server.base}${path}`);
    await readerReady(page.mainFrame());
    await check(path, page.mainFrame());
  }
  await page.close();
  assert.deepEqual(report(paths), []);
});

test("the embed builder (/embed) has no axe violations, in each language and with options chosen", async () => {
  const page = await context.newPage();
  const labels = [];
  for (const lang of ["ru", "kk", "en"]) {
    const path = `/embed?lang=${lang}`;
    await page.goto(`${server.base}${path}`);
    await page.waitForSelector("#aqb #aqb-preview");
    labels.push(path);
    await check(path, page.mainFrame());
  }
  // Options chosen: a refused accent (its message), a fixed height, one incident to choose.
  await page.locator("#aqb-category-court_cases").check();
  await page.locator("#aqb-accent").fill("#ffff00");
  await page.locator("#aqb-accent").press("Tab");
  await page.locator("#aqb-height-fixed").check();
  await page.locator("#aqb-start-incident").check();
  await page.waitForSelector("#aqb-incident");
  await until("the refusal", async () => (await page.locator("#aqb-accent-error").textContent()) !== "");
  labels.push("/embed (options)");
  await check("/embed (options)", page.mainFrame());
  await page.close();
  assert.deepEqual(report(labels), []);
});

test("the public item and list pages have no axe violations", async () => {
  const page = await context.newPage();
  const paths = [`/i/${INCIDENT}`, `/c/${claim}`, `/i/${INCIDENT}?lang=kk`, "/", "/claims", "/?lang=en", "/claims?lang=kk", "/i/no-such-item"];
  for (const path of paths) {
    await page.goto(`${server.base}${path}`);
    if (!path.startsWith("/i/") && !path.startsWith("/c/")) await readerReady(page.mainFrame());
    await check(path, page.mainFrame());
  }
  await page.close();
  assert.deepEqual(report(paths), []);
});

test("the editors' panel has no axe violations, signed out and on every page after signing in", async () => {
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${server.base}/admin`);
  await page.waitForSelector("#login-email");
  const labels = ["/admin (sign-in)"];
  await check("/admin (sign-in)", page.mainFrame());
  await page.fill("#login-email", ADMIN[0]);
  await page.fill("#login-password", ADMIN[1]);
  await page.press("#login-password", "Enter");
  await page.waitForSelector('[data-action="logout"]');
  // A refused form shows its errors next to the fields; then a partner is added, so that the partners' table has
  // a row (and the snippet builder something to build).
  await page.goto(`${server.base}/admin#/partners`);
  await page.click('[data-action="save-partner"]');
  await page.waitForSelector(".adm-field-error");
  labels.push("/admin#/partners (refused)");
  await check("/admin#/partners (refused)", page.mainFrame());
  await page.fill("#partner-name", "Степной вестник");
  await page.fill("#partner-domains", "vestnik.example.kz");
  await page.click('[data-action="save-partner"]');
  await page.waitForSelector('#partners tbody tr [data-action="embed"]');
  const routes = [
    ["#/incidents", "table, ul"],
    ["#/claims", "table, ul"],
    ["#/stories", "table, ul"],
    [`#/incidents/${INCIDENT}`, "#item-status"],
    [`#/claims/${claim}`, "#item-status"],
    ["#/new/incident", "#title-ru"],
    ["#/new/claim", "#quote-ru, #title-ru, textarea"],
    ["#/new/story", "#title-ru"],
    ["#/users", "table, ul, form"],
    ["#/audit", "table, ul"],
    ["#/partners", "table, ul, form"],
    ["#/import", "form, textarea, input"],
  ];
  const stories = await (await page.request.get(`${server.base}/api/v1/stories`)).json().catch(() => null);
  const story = stories?.items?.[0]?.id;
  if (story) routes.push([`#/stories/${story}`, "#item-status"]);
  for (const [route, ready] of routes) {
    await page.goto(`${server.base}/admin${route}`);
    await page.waitForSelector(ready);
    // Lists and items load after the page: wait until nothing is busy.
    await until("the page to load", () => page.evaluate(() => !document.querySelector('[aria-busy="true"]')));
    await page.waitForTimeout(200);
    labels.push(`/admin${route}`);
    await check(`/admin${route}`, page.mainFrame());
  }
  // The snippet builder of a partner, and an item's preview (the reader widget, framed in the panel).
  // (After the walk through the item forms above: the snippet builder once found a gone form's error list.)
  await page.goto(`${server.base}/admin#/partners`);
  await page.waitForSelector('#partners tbody tr [data-action="embed"]');
  await until("the snippet builder", async () => {
    await page.locator('[data-action="embed"]').first().click();
    return page.locator("#snippet").count();
  });
  labels.push("/admin#/partners (snippet)");
  await check("/admin#/partners (snippet)", page.mainFrame());
  await page.goto(`${server.base}/admin#/incidents/${INCIDENT}`);
  await page.waitForSelector("#item-status");
  await page.click('[data-action="preview"]');
  const preview = await until("the preview frame", async () => page.frames().find((f) => f.url().includes("preview=1")));
  await preview.waitForSelector(".aq-detail-title");
  labels.push("/admin#/incidents/… (preview)", "preview frame");
  await check("/admin#/incidents/… (preview)", page.mainFrame());
  await check("preview frame", preview);
  await page.close();
  assert.deepEqual(report(labels), []);
  assert.deepEqual(errors, [], "no script error in the panel");
});

// The snapshot for a partner's own domain (`aqiqat snapshot`), as a partner hosts it: written from the demo
// database, served by a plain static file server (python3 -m http.server: no query strings, no Content-Encoding)
// with our server STOPPED. The widget must still work there: first incidents, a category filter, searches in
// Russian and Kazakh word forms (the same matches the server's search gives), the detail, the public pages, and
// no request may leave the snapshot's origin.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ARTIFACTS, freePort, startBrowser, startServer, until } from "./harness.mjs";

let dir, staticServer, browser, base;
/** What the real server answered before it was stopped: the ids each query finds. */
const expected = {};

const QUERIES = {
  category: "category=personal_data",
  russian: `category=personal_data&q=${encodeURIComponent("утечку")}`,
  kazakh: `q=${encodeURIComponent("журналистердің")}`,
  court: "category=court_cases",
};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "aqiqat-snapshot-"));
  const db = `sqlite://${dir}/demo.db`;
  // The demo data, written by the real server; what it answers is what the snapshot must answer.
  const server = await startServer({ DATABASE_URL: db });
  for (const [name, qs] of Object.entries(QUERIES)) {
    const page = await (await fetch(`${server.base}/api/v1/incidents?${qs}&limit=100`)).json();
    expected[name] = page.items.map((i) => i.id).sort();
  }
  const ourBase = server.base;
  await server.stop();
  await assert.rejects(fetch(`${ourBase}/healthz`), "our server is stopped");

  const out = join(dir, "snap");
  const made = spawnSync(process.env.AQIQAT_BIN, ["snapshot", "--database-url", db, "--out", out], {
    encoding: "utf8",
    env: { ...process.env, AQIQAT_LOG: "warn" },
  });
  assert.equal(made.status, 0, `aqiqat snapshot failed: ${made.stderr}`);

  const port = await freePort();
  staticServer = spawn("python3", ["-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", out], {
    stdio: ["ignore", "ignore", "ignore"],
  });
  base = `http://127.0.0.1:${port}`;
  await until("the static server", async () => (await fetch(`${base}/index.html`)).ok);
  browser = await startBrowser();
});

after(async () => {
  await browser?.close();
  if (staticServer && staticServer.exitCode === null) {
    staticServer.kill("SIGTERM");
    await new Promise((r) => (staticServer.exitCode !== null ? r() : staticServer.once("exit", r)));
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function newPage() {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const errors = [];
  const requests = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    // Browsers ask for /favicon.ico by themselves; a static server without one answers 404. Not ours.
    if (["error", "warning"].includes(m.type()) && !/favicon/.test(JSON.stringify(m.location()))) {
      errors.push(`${m.type()}: ${m.text()} ${JSON.stringify(m.location())}`);
    }
  });
  page.on("request", (r) => requests.push(r.url()));
  return { page, errors, requests };
}

async function state(page) {
  return page.evaluate(() => ({
    items: [...document.querySelectorAll("ul.aq-list > li")].map((li) => li.dataset.id),
    summary: document.querySelector(".aq-summary")?.textContent ?? "",
    months: document.querySelectorAll(".aq-month").length,
    loading: document.querySelector(".aq-results")?.getAttribute("aria-busy") === "true",
    live: document.documentElement.classList.contains("aq-js"),
  }));
}

async function settled(page, pred = () => true) {
  return until("the snapshot's widget to settle", async () => {
    const s = await state(page);
    return s.live && !s.loading && s.months > 0 && pred(s) ? s : null;
  });
}

const same = (a, b) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

test("the snapshot's widget filters, searches Russian and Kazakh word forms and opens details, served statically", async () => {
  const { page, errors, requests } = await newPage();
  await page.goto(`${base}/`);
  const first = await settled(page, (s) => s.items.length === 20);
  assert.match(first.summary, /38/, "all 38 incidents are counted");

  // A category filter: the chip applies at once, and the address stays inside the snapshot.
  await page.locator('.aq-chip[data-value="personal_data"]').click();
  const filtered = await settled(page, (s) => same(s.items, expected.category));
  assert.equal(filtered.items.length, expected.category.length);
  assert.match(page.url(), /\/index\.html\?category=personal_data$/, page.url());

  // A Russian word form the texts do not contain as such («утечку» for «утечка»): the server's matches.
  await page.locator('input[type="search"]').fill("утечку");
  await page.locator('input[type="search"]').press("Enter");
  const russian = await settled(page, (s) => same(s.items, expected.russian));
  assert.ok(russian.items.length > 0 && russian.items.length < filtered.items.length, `${russian.items}`);

  // A Kazakh plural genitive («журналистердің»), without the category.
  await page.locator('.aq-chip[data-value="personal_data"]').click();
  await page.locator('input[type="search"]').fill("журналистердің");
  await page.locator('input[type="search"]').press("Enter");
  const kazakh = await settled(page, (s) => same(s.items, expected.kazakh));
  assert.ok(kazakh.items.length > 0, "the Kazakh form finds incidents");

  // The detail opens in place, from the snapshot's data.
  const id = kazakh.items[0];
  await page.evaluate(() => (window.__stillHere = true));
  await page.locator(`li[data-id="${id}"] a`).first().click();
  await until("the detail view", () => page.locator(".aq-detail-title").count());
  assert.equal(await page.evaluate(() => window.__stillHere), true, "opened in place");
  assert.match(page.url(), new RegExp(`index\\.html\\?.*incident=${id}`));
  const share = await page.locator(".aq-share a").getAttribute("href");
  assert.equal(share, `i/${id}.html`, "the share link is the snapshot's own public page");
  await page.screenshot({ path: `${ARTIFACTS}snapshot-detail.png`, fullPage: true });

  // A reload of that address: the static server sends the same index.html; the view comes from the address.
  await page.reload();
  await until("the detail after a reload", () => page.locator(".aq-detail-title").count());

  for (const url of requests) {
    assert.equal(new URL(url).origin, base, `request outside the snapshot: ${url}`);
  }
  assert.ok(requests.some((u) => u.endsWith(".wasm.gz")), "the bundle was loaded");
  assert.ok(requests.some((u) => u.endsWith("/data/ru.json.gz")), "the data file was loaded");
  assert.deepEqual(errors, []);
  await page.close();
});

test("a snapshot address with a filter opens that view, and the public pages link inside the snapshot", async () => {
  const { page, errors, requests } = await newPage();
  await page.goto(`${base}/index.html?${QUERIES.court}`);
  const courts = await settled(page, (s) => same(s.items, expected.court));
  assert.equal(courts.items.length, expected.court.length);

  // Another language: its own data file.
  await page.goto(`${base}/index.html?lang=kk`);
  await until("the Kazakh view", () => page.evaluate(() => document.documentElement.lang === "kk"));
  await settled(page, (s) => s.items.length === 20);
  assert.ok(requests.some((u) => u.endsWith("/data/kk.json.gz")));

  // An incident's public page: complete without scripts, its links resolve inside the snapshot.
  const id = expected.court[0];
  const resp = await page.goto(`${base}/i/${id}.html`);
  assert.equal(resp.status(), 200);
  await page.locator("h2").first().waitFor();
  const hrefs = await page.evaluate(() => [...document.querySelectorAll("a[href], link[href]")].map((a) => [a.tagName, a.getAttribute("href"), a.href]));
  for (const [tag, raw, abs] of hrefs) {
    if (tag === "LINK" && /^https?:/.test(raw)) continue;
    if (/^https?:/.test(raw)) continue; // sources: other sites, opened only when a reader follows them
    assert.ok(abs.startsWith(base), `${raw} leaves the snapshot`);
    const r = await fetch(abs.split("#")[0]);
    assert.equal(r.status, 200, `${raw} (${abs}) answers 200`);
  }
  for (const url of requests) {
    assert.equal(new URL(url).origin, base, `request outside the snapshot: ${url}`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

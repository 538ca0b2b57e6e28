// The public embed builder (/embed), as a partner's developer uses it: change options, see the preview and the code
// follow, paste the script snippet into a blank page on another origin, and get the same view there (filters, first
// tab, theme, accent, the host's font).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { ARTIFACTS, startBrowser, startServer, until } from "./harness.mjs";

let server, browser, partner;
// What the partner's site serves at "/": set by the test before it opens the page.
let partnerHtml = "<!doctype html><title>empty</title>";

before(async () => {
  server = await startServer();
  browser = await startBrowser();
  // The partner's site: another origin (localhost instead of 127.0.0.1, another port), serving one blank page.
  partner = createServer((req, res) => {
    if (req.url !== "/") return res.writeHead(404).end();
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(partnerHtml);
  });
  await new Promise((r) => partner.listen(0, "127.0.0.1", r));
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise((r) => (partner ? partner.close(r) : r()));
});

/** The widget in `frame`, hydrated and showing its list or item. */
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

/** What a reader sees of a widget's view: its options as the page parsed them, the list, the look. */
function viewOf(frame) {
  return frame.evaluate(() => {
    const data = JSON.parse(document.getElementById("aq-data").textContent);
    const root = document.querySelector(".aq");
    const style = getComputedStyle(root);
    return {
      lang: document.documentElement.lang,
      tab: document.querySelector(".aq-tab.aq-on")?.textContent.trim(),
      chips: [...document.querySelectorAll(".aq-chip.aq-on")].map((c) => c.dataset.value).sort(),
      items: [...document.querySelectorAll("ul.aq-list > li[data-id]")].slice(0, 5).map((li) => li.dataset.id),
      background: getComputedStyle(document.documentElement).backgroundColor,
      color: style.color,
      accent: style.getPropertyValue("--aq-accent").trim(),
      font: style.fontFamily,
      notices: data.notices,
    };
  });
}

const snippetText = (page) => page.locator("#aqb-out-script").inputValue();
const previewSrc = (page) => page.locator("#aqb-preview").getAttribute("src");

test("options change the preview and the code; the pasted snippet shows the same view on another origin", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${server.base}/embed?lang=en`);
  await page.waitForSelector("#aqb #aqb-preview");
  assert.equal(await page.locator("h1").textContent(), "The Aqiqat widget on your site");

  const src0 = await previewSrc(page);
  const snippet0 = await snippetText(page);
  assert.equal(src0, "/widget?lang=en");
  assert.equal(
    snippet0,
    `<div data-aqiqat data-lang="en"></div>\n<script async src="${server.base}/embed.js"></script>`,
  );
  assert.match(await page.locator("#aqb-command").textContent(), /^aqiqat snapshot --out DIR --lang en$/);

  // Filters, the first view, the look.
  await page.locator("#aqb-category-legal_regulation").check();
  await page.locator("#aqb-start-claims").check();
  await page.locator("#aqb-theme").selectOption("dark");
  await page.locator("#aqb-font").check();
  // A yellow that is unreadable on the light theme but fine on the dark one; first refused on light...
  await page.locator("#aqb-theme").selectOption("light");
  await page.locator("#aqb-accent").fill("#ffdd00");
  await page.locator("#aqb-accent").press("Tab");
  await until("the refusal", async () => /1\.\d:1/.test(await page.locator("#aqb-accent-error").textContent()));
  assert.match(await page.locator("#aqb-accent-error").textContent(), /#ffdd00 is not used.*4\.5:1/);
  assert.ok(!(await snippetText(page)).includes("data-accent"), "a refused colour is left out of the code");
  // ...then accepted on dark.
  await page.locator("#aqb-theme").selectOption("dark");
  await until("the accent accepted", async () => (await page.locator("#aqb-accent-error").textContent()) === "");

  const want = ["category=legal_regulation", "tab=claims", "theme=dark", "accent=ffdd00", "font=inherit"];
  const src = await until("the preview follows", async () => {
    const s = await previewSrc(page);
    return want.every((w) => s.includes(w)) ? s : null;
  });
  assert.notEqual(src, src0);
  const snippet = await snippetText(page);
  assert.notEqual(snippet, snippet0);
  for (const attr of ['data-category="legal_regulation"', 'data-tab="claims"', 'data-theme="dark"', 'data-accent="ffdd00"', 'data-font="inherit"']) {
    assert.ok(snippet.includes(attr), `${attr} in ${snippet}`);
  }
  // One option format: the snippet's data-* attributes are the iframe URL's query.
  const attrs = [...snippet.matchAll(/ data-([a-z]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]);
  const iframe = await page.locator("#aqb-out-iframe").inputValue();
  const iframeSrc = iframe.match(/src="([^"]+)"/)[1].replaceAll("&amp;", "&");
  assert.deepEqual([...new URL(iframeSrc).searchParams], attrs);
  assert.equal(await page.locator("#aqb-out-cms").inputValue(), iframeSrc);
  assert.equal(await page.locator("#aqb-out-public").inputValue(), `${server.base}/claims?category=legal_regulation&lang=en`);
  // The snapshot opens on the claims too.
  assert.match(await page.locator("#aqb-command").textContent(), /--lang en --category legal_regulation --claims$/);

  // The preview is the real widget with these options.
  const preview = await until("the preview frame", () =>
    page.frames().find((f) => f.url().includes("/widget?") && f.url().includes("theme=dark")),
  );
  await readerReady(preview);
  const seenInPreview = await viewOf(preview);
  await page.screenshot({ path: `${ARTIFACTS}builder.png`, fullPage: true });

  // A blank page on another origin, with the snippet pasted as is, in a serif font of its own.
  const partnerOrigin = `http://localhost:${partner.address().port}`;
  assert.notEqual(new URL(partnerOrigin).origin, new URL(server.base).origin);
  partnerHtml = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner</title></head>
<body style="font-family: 'DejaVu Serif', Georgia, serif"><h1>Our story</h1>
${snippet}
</body></html>`;
  const host = await context.newPage();
  host.on("pageerror", (e) => errors.push(String(e)));
  await host.goto(`${partnerOrigin}/`);
  const frame = await until("the embedded widget", () =>
    host.frames().find((f) => f.url().startsWith(`${server.base}/widget?`)),
  );
  await readerReady(frame);
  const params = new URL(frame.url()).searchParams;
  assert.equal(params.get("category"), "legal_regulation");
  assert.equal(params.get("theme"), "dark");
  assert.equal(params.get("accent"), "ffdd00");
  assert.match(params.get("font"), /^"DejaVu Serif","Georgia",serif$/);
  const seen = await viewOf(frame);
  await host.screenshot({ path: `${ARTIFACTS}builder-partner.png`, fullPage: true });
  assert.deepEqual(seen.notices, []);
  // The same view as the preview: language, tab, filters, items, colours and accent; the host's font on top.
  for (const k of ["lang", "tab", "chips", "items", "background", "color", "accent"]) {
    assert.deepEqual(seen[k], seenInPreview[k], k);
  }
  assert.deepEqual(seen.chips, ["legal_regulation"]);
  assert.equal(seen.lang, "en");
  assert.equal(seen.background, "rgb(20, 24, 29)", "the dark theme's background");
  assert.equal(seen.accent, "#ffdd00");
  assert.match(seen.font, /^"DejaVu Serif", Georgia, serif/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the admin's partner page uses the same builder", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  await page.goto(`${server.base}/admin`);
  await page.fill("#login-email", "admin@aqiqat.kz");
  await page.fill("#login-password", "aqiqat-demo-admin");
  await page.press("#login-password", "Enter");
  await page.waitForSelector('[data-action="logout"]');
  await page.goto(`${server.base}/admin#/partners`);
  await page.fill("#partner-name", "Vlast.kz");
  await page.fill("#partner-domains", "vlast.kz");
  await page.click('[data-action="save-partner"]');
  await page.waitForSelector('#partners tbody tr [data-action="embed"]');
  await page.locator('[data-action="embed"]').first().click();
  await page.waitForSelector("#snippet #aqb #aqb-preview");
  await page.locator("#aqb-theme").selectOption("auto");
  await until("the snippet follows", async () => (await snippetText(page)).includes('data-theme="auto"'));
  assert.ok((await snippetText(page)).includes('data-title="Vlast.kz"'));
  await context.close();
});

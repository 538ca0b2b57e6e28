// Browser tests of the editors' panel: the whole path from a new draft to readers' widget, and a correction.
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

const ADMIN = ["admin@aqiqat.kz", "aqiqat-demo-admin"];
const EDITOR = ["editor@aqiqat.kz", "aqiqat-demo-editor"];

async function signIn(page, [email, password]) {
  await page.goto(`${server.base}/admin`);
  await page.waitForSelector("#login-email");
  await page.fill("#login-email", email);
  await page.fill("#login-password", password);
  await page.press("#login-password", "Enter");
  await page.waitForSelector('[data-action="logout"]');
}

async function signOut(page) {
  await page.click('[data-action="logout"]');
  await page.waitForSelector("#login-email");
}

const status = (page) => page.getAttribute("#item-status", "data-status");

async function newPage() {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  return { page, errors };
}

/** The widget iframes of the demo page, once both have rendered their first list. */
async function demoWidgets(page) {
  await page.goto(`${server.base}/demo`);
  await until("two widgets", async () => page.frames().filter((f) => f.url().includes("/widget")).length === 2);
  const frames = page.frames().filter((f) => f.url().includes("/widget"));
  for (const f of frames) await f.waitForSelector("ul.aq-list > li");
  return frames;
}

test("an editor's draft with a Kazakh title is reviewed, published by another person and reaches the widget", async () => {
  const { page, errors } = await newPage();
  await signIn(page, EDITOR);
  await page.goto(`${server.base}/admin#/new/incident`);
  await page.waitForSelector("#title-ru");
  await page.fill("#title-ru", "Тестовая блокировка сайта «Ақиқат-инфо»");
  await page.click('[data-field="title"] button[data-lang="kk"]');
  await page.fill("#title-kk", "«Ақиқат-инфо» сайтын бұғаттау сынағы");
  await page.fill("#summary-ru", "Провайдеры ограничили доступ к тестовому сайту; редакция проверяет причины.");
  await page.selectOption("#category", "freedom_of_expression");
  await page.selectOption("#kind", "blocking");
  await page.fill("#source-url-0", "https://example.kz/news/test-blocking");
  await page.click('[data-action="save"]');
  await until("the saved draft", async () => /#\/incidents\//.test(page.url()) && (await status(page)) === "draft");
  const id = decodeURIComponent(page.url().split("#/incidents/")[1]);
  assert.ok(id.length >= 3, `an id was made from the title: ${id}`);

  // The preview is the reader widget itself, showing the unpublished draft to the signed-in editor.
  await page.click('[data-action="preview"]');
  const preview = await until("the preview frame", async () => page.frames().find((f) => f.url().includes("preview=1")));
  await preview.waitForSelector(".aq-detail-title");
  assert.match(await preview.textContent(".aq-detail-title"), /Тестовая блокировка сайта/);
  await page.click('[data-preview-lang="kk"]');
  await until("the Kazakh preview", async () => {
    const f = page.frames().find((f) => f.url().includes("preview=1") && f.url().includes("lang=kk"));
    return f && /бұғаттау сынағы/.test((await f.textContent(".aq-detail-title").catch(() => "")) ?? "");
  });

  await page.click('[data-action="submit"]');
  await until("in review", async () => (await status(page)) === "in_review");
  // The editor who submitted it cannot publish it.
  await page.click('[data-action="publish"]');
  await until("the refusal", async () => /сами|yourself|өзіңіз|другой|another/i.test((await page.textContent("#item-notice")) ?? ""));
  assert.equal(await status(page), "in_review");
  await page.screenshot({ path: `${ARTIFACTS}admin-in-review.png`, fullPage: true });
  await signOut(page);

  await signIn(page, ADMIN);
  await page.goto(`${server.base}/admin#/incidents/${id}`);
  await until("the item page", async () => (await status(page)) === "in_review");
  await page.click('[data-action="publish"]');
  await until("published", async () => (await status(page)) === "published");

  // Readers see it: in the demo widget, found by a Kazakh word, with the Kazakh title in Kazakh.
  const [widget] = await demoWidgets(page);
  await widget.click('.aq-lang:has-text("KK")');
  await widget.fill('input[type="search"]', "бұғаттау сынағы");
  await widget.press('input[type="search"]', "Enter");
  await until("the new incident in the widget", async () => (await widget.locator(`li[data-id="${id}"]`).count()) === 1);
  assert.match(await widget.locator(`li[data-id="${id}"] .aq-card-title`).textContent(), /сайтын бұғаттау сынағы/);
  await page.screenshot({ path: `${ARTIFACTS}admin-published-in-widget.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test("a published incident is corrected with a public note that readers see once a second person publishes it", async () => {
  const { page, errors } = await newPage();
  const id = "vlast-ddos-attacks-2025-12";
  await signIn(page, ADMIN);
  await page.goto(`${server.base}/admin#/incidents/${id}`);
  await until("the item page", async () => (await status(page)) === "published");
  const version = Number(await page.textContent("#item-version"));
  const typed = "Сайт «Власти» несколько недель работал с перебоями из-за DDoS-атак; уточнены даты атак.";
  await page.fill("#summary-ru", typed);
  // Saving a published item without a correction note is refused and loses nothing typed.
  await page.click('[data-action="save"]');
  await until("the refusal", async () => (await page.locator("#item-notice.adm-bad").count()) === 1);
  await until("the note's field error", async () => (await page.locator('[id^="correction"][id$="-errors"]').count()) >= 1);
  assert.equal(Number(await page.textContent("#item-version")), version, "nothing was saved");
  assert.equal(await page.inputValue("#summary-ru"), typed, "nothing typed was lost");
  await page.fill("#correction-ru", "Уточнены даты атак по данным редакции.");
  await page.click('[data-action="save"]');
  await until("a new version", async () => Number(await page.textContent("#item-version")) > version);
  assert.equal(await status(page), "published");
  await page.waitForSelector("#item-pending");
  assert.match(await page.inputValue("#summary-ru"), /уточнены даты атак/);
  // The person who made the change cannot publish it.
  await page.waitForSelector("#own-change-hint");

  // Readers still see the published text: one person alone changes nothing public.
  const reader = await browser.newPage();
  await reader.goto(`${server.base}/widget?incident=${id}`);
  await reader.waitForSelector(".aq-detail-title");
  assert.doesNotMatch((await reader.textContent("body")) ?? "", /Уточнены даты атак по данным редакции/);
  await reader.close();

  await signOut(page);
  await signIn(page, EDITOR);
  await page.goto(`${server.base}/admin#/incidents/${id}`);
  await page.waitForSelector("#item-pending");
  await page.click('[data-action="publish"]');
  await until("the change published", async () => (await page.locator("#item-pending").count()) === 0);
  assert.equal(await status(page), "published");

  // A new reader (a browser keeps /api/v1/version for 15 s, as a CDN may).
  const later = await browser.newPage();
  await later.goto(`${server.base}/widget?incident=${id}`);
  await later.waitForSelector(".aq-detail-title");
  await until("the correction note", async () => /Уточнены даты атак по данным редакции/.test((await later.textContent(".aq-correction").catch(() => "")) ?? ""));
  await later.screenshot({ path: `${ARTIFACTS}correction-in-widget.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await later.close();
  await page.close();
});

test("an editor builds a story step by step, another person publishes it, and readers get it", async () => {
  const { page, errors } = await newPage();
  await signIn(page, EDITOR);
  await page.goto(`${server.base}/admin#/new/story`);
  await page.waitForSelector("#title-ru");
  await page.fill("#title-ru", "Тестовое дело о публикациях «Орды»");
  await page.selectOption("#story-kind", "court_case");
  const step = async (i, stage, incident) => {
    await page.selectOption(`#step-${i}-stage`, stage);
    await page.selectOption(`#step-${i}-link`, "incident");
    await page.fill(`#steps-${i}-incident-id`, incident);
  };
  await step(0, "case_opened", "bazhkenova-orda-criminal-cases");
  await page.click('[data-action="add-step"]');
  await step(1, "first_instance_ruling", "gusev-suspended-sentence-court-data");
  await page.click('[data-action="add-step"]');
  await step(2, "hearing", "kaztag-executives-criminal-case");
  // The hearing came before the ruling: one place up.
  await page.locator('#story-steps > li').nth(2).locator('[data-action="move-up"]').click();
  assert.equal(await page.inputValue("#steps-1-incident-id"), "kaztag-executives-criminal-case");
  // A link to an incident that does not exist is refused next to its field, and nothing typed is lost.
  await page.fill("#steps-2-incident-id", "no-such-incident");
  await page.click('[data-action="save"]');
  await until("the refusal", async () => (await page.locator("#steps-2-incident-id-errors").count()) === 1);
  await page.fill("#steps-2-incident-id", "gusev-suspended-sentence-court-data");
  await page.click('[data-action="save"]');
  await until("the saved draft", async () => /#\/stories\//.test(page.url()) && (await status(page)) === "draft");
  const id = decodeURIComponent(page.url().split("#/stories/")[1]);
  await page.click('[data-action="submit"]');
  await until("in review", async () => (await status(page)) === "in_review");
  await signOut(page);

  await signIn(page, ADMIN);
  await page.goto(`${server.base}/admin#/stories/${id}`);
  await until("the story page", async () => (await status(page)) === "in_review");
  await page.click('[data-action="publish"]');
  await until("published", async () => (await status(page)) === "published");
  await page.screenshot({ path: `${ARTIFACTS}admin-story-published.png`, fullPage: true });

  const story = await (await page.request.get(`${server.base}/api/v1/stories/${id}`)).json();
  assert.deepEqual(
    story.steps.map((s) => [s.stage, s.incident?.id]),
    [
      ["case_opened", "bazhkenova-orda-criminal-cases"],
      ["hearing", "kaztag-executives-criminal-case"],
      ["first_instance_ruling", "gusev-suspended-sentence-court-data"],
    ],
  );
  const incident = await (await page.request.get(`${server.base}/api/v1/incidents/kaztag-executives-criminal-case`)).json();
  assert.ok(incident.stories.some((s) => s.id === id && s.position === 2 && s.stage === "hearing"));
  // In the widget: the incident's detail shows the story, its own step marked, and what came next.
  await page.goto(`${server.base}/widget?lang=ru&incident=kaztag-executives-criminal-case`);
  const box = page.locator(".aq-story-box", { hasText: "Тестовое дело о публикациях" });
  await until("the story in the widget", async () => (await box.count()) === 1);
  assert.equal(await box.locator(".aq-steps li").count(), 3);
  assert.equal(await box.locator(".aq-steps li").nth(1).getAttribute("aria-current"), "step");
  assert.match(await box.locator(".aq-story-next a").getAttribute("href"), /incident=gusev-suspended-sentence-court-data/);
  assert.deepEqual(errors, []);
  await page.close();
});

// Browser benchmark of the reader widget (a measuring program, not a test). `cargo xtask bench` runs it against a
// server it has started:
//
//   node tests/browser/bench.mjs --base http://127.0.0.1:PORT [--runs N] [--quick]
//
// It drives headless Chromium (CHROMIUM, default /usr/bin/chromium) and prints ONE JSON object on stdout; progress
// goes to stderr. Anything that does not behave (a load over 60 s, a script error, a widget that never renders)
// ends it with a message on stderr and exit status 1. --runs N (default 5) repeats each page load N times;
// --quick is one run, and the interactions only a few times each without CPU throttling (it proves the program
// works; its numbers mean little).
//
// Times are milliseconds. A "stats" object is {n, p50, p95, min, max} (p95 by nearest rank: with 5 runs it is the
// max). Load times count from the navigation start of the top page (its performance.timeOrigin); every frame
// stamps events as performance.timeOrigin + performance.now(), so frames compare on one clock.
//
// {
//   "runs": 5, "quick": false, "base": "http://127.0.0.1:PORT", "chromium": "156.0…", "cpu_throttle": 4,
//   "slow4g": {"latency_ms": 150, "download_bytes_per_s": 200000, "upload_bytes_per_s": 93750},
//   "process_model": {
//     "same_origin_iframe_oopif": false,   // /demo's widget iframes share the host page's renderer and CDP session
//     "cross_origin_iframe_oopif": true    // a partner's page on another origin: an out-of-process iframe
//   },
//   "load": {"unthrottled": L, "slow4g": L},   // cold /demo (fresh browser context each run), two embeds; L is
//     {"host_fcp": stats,               // the host page's first-contentful-paint (top frame's paint entry)
//      "host_load": stats,              // the host page's load event end
//      "widget_first_render": stats,    // the first embed's first li[data-id] in its DOM (MutationObserver)
//      "widget_first_paint": stats,     // the frame after that (rAF, then a task): the items are on screen
//      "widget_interactive": stats,     // both embeds: items, .aq-results[aria-busy=false], search box enabled
//      "main_thread_quiet": stats,      // first point after interactive followed by 500 ms without a long task
//      "widget_bytes": stats,           // encodedDataLength (headers included) of what the widget frames
//                                       //   requested before interactive; the host's embed.js not included
//      "widget_requests": stats,        // how many requests that was
//      "largest_widget_response": {"url", "bytes", "kbytes_per_s"}}  // throughput of the biggest download, from
//                                       //   the last run: about 200 or less under slow 4G proves the iframes throttled
//   // load also has "first_text_bytes": stats: embed.js plus the first embed's document (its CSS inline; its module
//   //   scripts do not block rendering), encoded bytes with headers
//   "timelinejs": {"events": 38, "unthrottled"|"slow4g": {"first_text": stats, "first_text_bytes": stats,
//     "ratio_p50"}},                    // TimelineJS3 3.9.11 (npm) with the newest 38 incidents on a page of its
//                                       //   own; first_text: its first headline painted; ratio_p50: our /demo's
//                                       //   widget_first_paint p50 over its first_text p50 (lower is better)
//   "host_page": {"unthrottled"|"slow4g": {"fcp_with", "fcp_without", "load_with", "load_without": stats}},
//     // "with" are the load runs above; "without" the same page with embed.js answered by an empty script
//   "interaction": {
//     "debounce_ms": 300,               // the search box's pause (PAUSE in frontend/src/search_box.rs), or null
//     "actions": 20,                    // per kind and target; the HTTP cache is off, so each asks the server
//     "widget"|"demo"|"demo_cross_origin": {   // /widget?lang=ru&embed=1 opened directly; /demo's first embed;
//                                              //   the same /demo served by a second loopback server on
//                                              //   "localhost", with embed.js and the widget from --base
//       "filter": stats,                // chip click → every API response applied (list, counts, timeline),
//                                       //   aria-busy=false, then two animation frames (the change painted)
//       "search": stats,                // one input event in the search box → the same, debounce included
//       "search_minus_debounce": stats, // search minus debounce_ms
//       "search_first_request": stats,  // input event → the first API request: the debounce as it ran, plus
//                                       //   the synchronous work the change does before its requests go out
//       "search_enter": stats,          // Enter (the input's "search" event): no debounce
//       "cpu_check": {"before_ms", "after_ms", "ratio"}},
//     "scroll": {"steps", "step_px", "max_rows_in_dom", "deepest_row", "count", "longest_ms", "attribution"}},
//                                       // /widget's result list scrolled step by step under CPU throttling  // a fixed JS loop in the widget frame, before and
//                                       //   after throttling: a ratio near 4 proves this frame was throttled
//   "longtasks": {                      // PerformanceObserver 'longtask' (tasks over 50 ms) per frame
//     "load": {"unthrottled"|"slow4g": {"host"|"widget": {"count_p50", "count_max", "longest_ms"}}},
//       // until main_thread_quiet; "widget" is the first embed
//     "demo_cross_origin_load": {"host"|"widget": T},
//     "interaction": {"widget": {"widget": T}, "demo"|"demo_cross_origin": {"host": T, "widget": T}}
//       // T = {"count", "longest_ms", "attribution": {name: count}}; a same-origin iframe's tasks run on the
//       // host's thread and are reported to both frames ("same-origin-descendant" in the host); interaction
//       // counts run from the first action to the last, under CPU throttling
//   },
//   "requests": [{"url", "bytes", "type", "by"}]   // first unthrottled run, one row per URL: what the widget
//     // frames ("by": "widget") and, for embed.js, the host ("by": "host") requested before interactive;
//     // bytes = encodedDataLength summed over the page (0 when the second embed hit the cache)
// }
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { startBrowser } from "./harness.mjs";

const LOAD_TIMEOUT = 60_000;
const ACTION_TIMEOUT = 30_000;
const QUIET_WINDOW = 500;
const ACTION_PAIRS = 10; // each: a chip on and off, a word typed and cleared, a word entered and cleared
const VIEWPORT = { width: 1100, height: 900 };
const CPU_RATE = 4;
// Lighthouse's slow 4G: 150 ms, 1.6 Mbit/s down, 750 kbit/s up.
const SLOW4G = { offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 93_750 };
const SEARCH_WORDS = ["утечка", "суд", "блокировка", "журналист", "DDoS", "Telegram", "закон", "данные", "штраф"];

const log = (...a) => console.error("bench:", ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

class BenchError extends Error {}
const fail = (msg) => {
  throw new BenchError(msg);
};

function parseArgs(argv) {
  const o = { base: null, runs: 5, quick: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--base") o.base = argv[++i];
    else if (a === "--runs") o.runs = Number(argv[++i]);
    else if (a === "--quick") o.quick = true;
    else fail(`unknown argument ${a}; usage: bench.mjs --base http://127.0.0.1:PORT [--runs N] [--quick]`);
  }
  if (!o.base) fail("--base http://HOST:PORT is required");
  o.base = new URL(o.base).origin;
  if (o.quick) o.runs = 1;
  if (!Number.isInteger(o.runs) || o.runs < 1) fail("--runs takes a positive integer");
  return o;
}

function stats(xs) {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const r = (x) => Math.round(x * 10) / 10;
  const mid = v.length >> 1;
  const p50 = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  const p95 = v[Math.min(v.length - 1, Math.ceil(0.95 * v.length) - 1)];
  return { n: v.length, p50: r(p50), p95: r(p95), min: r(v[0]), max: r(v[v.length - 1]) };
}

// ---------------------------------------------------------------------------------------------------------------
// In-page instrumentation: runs in every frame (host page and widget iframes) before the page's own scripts.

function instrument() {
  if (window.__aqBench) return;
  const now = () => performance.timeOrigin + performance.now();
  const B = (window.__aqBench = {
    timeOrigin: performance.timeOrigin,
    longtasks: [], // [epoch start, duration, attribution]
    rendered: null, // first li[data-id] in the DOM
    painted: null, // the frame after that
    ready: null, // items, aria-busy=false, search box enabled
    api: { started: 0, inflight: 0, firstAfterMark: null },
    onIdle: null, // called (in a fresh task) whenever the last pending API response has been read
  });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) B.longtasks.push([performance.timeOrigin + e.startTime, e.duration, e.name]);
    }).observe({ type: "longtask", buffered: true });
  } catch {}

  // Count API requests until their bodies are read, so an interaction ends only when every response is applied.
  const reading = new WeakSet();
  const settle = () => {
    B.api.inflight--;
    if (B.api.inflight === 0 && B.onIdle) setTimeout(() => B.onIdle && B.onIdle(), 0);
  };
  const fetch0 = window.fetch;
  window.fetch = function (input, init) {
    const url = String((input && input.url) || input);
    if (!url.includes("/api/")) return fetch0.call(this, input, init);
    B.api.started++;
    B.api.inflight++;
    if (B.api.firstAfterMark === null) B.api.firstAfterMark = performance.now();
    return fetch0.call(this, input, init).then(
      (r) => (reading.add(r), r),
      (e) => (settle(), Promise.reject(e)),
    );
  };
  for (const m of ["text", "json", "arrayBuffer", "blob"]) {
    const orig = Response.prototype[m];
    Response.prototype[m] = function () {
      const p = orig.call(this);
      if (!reading.has(this)) return p;
      reading.delete(this);
      return p.finally(settle);
    };
  }

  // Widget readiness, stamped when the DOM changes.
  const check = () => {
    if (B.ready) return;
    // An incident's text: the widget's first result row, or (the TimelineJS3 anchor page) a slide's headline.
    const li = document.querySelector(".aq-results li[data-id]")
      || [...document.querySelectorAll(".tl-slide .tl-headline")].find((h) => h.textContent.trim());
    if (!li) return;
    if (!B.rendered && li.getClientRects().length) {
      B.rendered = now();
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => (B.painted = now());
        ch.port2.postMessage(0);
      });
    }
    const busy = document.querySelector(".aq-results")?.getAttribute("aria-busy");
    const input = document.querySelector('input[type="search"]');
    // Interactive: the bundle has hydrated the server's HTML (it marks <html> with aq-js) and nothing is loading.
    const live = document.documentElement.classList.contains("aq-js");
    if (B.rendered && live && busy === "false" && input && !input.disabled) B.ready = now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
  // And every frame until ready: an embed can become visible without a change in its own document (its iframe
  // sized by the host page after the last mutation), which the observer alone would never see.
  const tick = () => {
    check();
    if (!B.ready) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

// One interaction in the widget frame, timed in the page: the dispatch, the responses applied, two frames.
async function act({ kind, value, timeout }) {
  const B = window.__aqBench;
  const ids = () => [...document.querySelectorAll(".aq-results li[data-id]")].map((li) => li.dataset.id).join(" ");
  const months = () => [...document.querySelectorAll(".aq-month")]
    .map((g) => g.dataset.month + ":" + g.dataset.count)
    .join(" ");
  const summary = () => document.querySelector(".aq-summary")?.textContent ?? "";
  const busy = () => document.querySelector(".aq-results")?.getAttribute("aria-busy") !== "false";
  const before = { ids: ids(), months: months(), summary: summary() };
  const started = B.api.started;
  B.api.firstAfterMark = null;
  const chip = kind === "filter" ? document.querySelector(`.aq-chip[data-value="${value}"]`) : null;
  const input = document.querySelector('input[type="search"]');
  if (kind === "filter" && !chip) throw new Error(`no chip ${value}`);

  const t0 = performance.now();
  if (chip) chip.click();
  else {
    input.value = value;
    input.dispatchEvent(new Event(kind === "search" ? "input" : "search", { bubbles: true }));
  }
  const tDone = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      B.onIdle = null;
      mo.disconnect();
      const api = `API requests started ${B.api.started - started}, in flight ${B.api.inflight}`;
      reject(new Error(`${kind} ${JSON.stringify(value)}: not settled in ${timeout} ms (${api}, busy ${busy()})`));
    }, timeout);
    const check = () => {
      if (B.api.started > started && B.api.inflight === 0 && !busy()) {
        clearTimeout(timer);
        B.onIdle = null;
        mo.disconnect();
        resolve(performance.now());
      }
    };
    const mo = new MutationObserver(check);
    mo.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    B.onIdle = check;
  });
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const t1 = performance.now();
  return {
    total: t1 - t0,
    applied: tDone - t0,
    firstRequest: B.api.firstAfterMark === null ? null : B.api.firstAfterMark - t0,
    changed: { ids: ids() !== before.ids, months: months() !== before.months, summary: summary() !== before.summary },
  };
}

// A fixed amount of JavaScript work, timed: compares a frame's speed before and after CPU throttling.
function cpuProbe() {
  const run = () => {
    const t = performance.now();
    let x = 0;
    for (let i = 0; i < 5e6; i++) x += Math.sqrt(i) * 1.0001;
    window.__aqSink = x;
    return performance.now() - t;
  };
  for (let i = 0; i < 3; i++) run();
  // The fastest of five: other work on the machine only ever makes a run slower.
  return Math.min(run(), run(), run(), run(), run());
}

// ---------------------------------------------------------------------------------------------------------------
// Node side.

let browser;
let opts;
const INIT = `(${instrument})();`;

/** Records what each frame requests, from the CDP Network domain of the page's session. */
function trackRequests(cdp) {
  const reqs = new Map();
  cdp.on("Network.requestWillBeSent", (e) => {
    if (reqs.has(e.requestId)) return; // a redirect: keep the first URL
    reqs.set(e.requestId, {
      url: e.request.url, frameId: e.frameId, type: e.type, sent: e.wallTime * 1000, ts: e.timestamp,
      bytes: 0, done: null,
    });
  });
  cdp.on("Network.loadingFinished", (e) => {
    const r = reqs.get(e.requestId);
    if (r) Object.assign(r, { bytes: e.encodedDataLength, done: e.timestamp });
  });
  cdp.on("Network.loadingFailed", (e) => {
    const r = reqs.get(e.requestId);
    if (r) r.failed = e.errorText;
  });
  return reqs;
}

async function emulateNetwork(cdp) {
  try {
    await cdp.send("Network.emulateNetworkConditions", SLOW4G);
  } catch (e) {
    // Newer Chromium may only know the per-rule form.
    const { offline, ...cond } = SLOW4G;
    const rules = { offline, matchedNetworkConditions: [{ urlPattern: "", ...cond }] };
    await cdp.send("Network.emulateNetworkConditionsByRule", rules)
      .catch(() => fail(`cannot emulate slow 4G: ${e.message}`));
  }
}

async function newPage() {
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript(INIT);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && log(`console error: ${m.text()}`));
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  return { context, page, cdp, errors };
}

const state = (frame) => frame.evaluate(() => {
  const B = window.__aqBench;
  if (!B) return null;
  const nav = performance.getEntriesByType("navigation")[0];
  const fcp = performance.getEntriesByType("paint").find((p) => p.name === "first-contentful-paint");
  return {
    now: performance.timeOrigin + performance.now(),
    timeOrigin: B.timeOrigin, rendered: B.rendered, painted: B.painted, ready: B.ready, longtasks: B.longtasks,
    fcp: fcp ? fcp.startTime : null, loadEnd: nav && nav.loadEventEnd > 0 ? nav.loadEventEnd : null,
  };
});

/** The widget iframes of a page, in document order. */
async function widgetFrames(page) {
  const frames = page.frames().filter((f) => f !== page.mainFrame() && f.url().includes("/widget"));
  const indexed = await Promise.all(frames.map(async (f) => {
    const el = await f.frameElement();
    const i = await el.evaluate((x) => [...document.querySelectorAll("iframe")].indexOf(x));
    return [i, f];
  }));
  return indexed.sort((a, b) => a[0] - b[0]).map(([, f]) => f);
}

/** The first instant at or after `from` that is followed by `window` ms without a long task. */
function quietPoint(tasks, from, window = QUIET_WINDOW) {
  let t = from;
  for (const [s, d] of [...tasks].sort((a, b) => a[0] - b[0])) {
    if (s + d <= t) continue;
    if (s >= t + window) break;
    t = Math.max(t, s + d);
  }
  return t;
}

function longtaskSummary(tasks) {
  const attribution = {};
  for (const [, , name] of tasks) attribution[name] = (attribution[name] || 0) + 1;
  return { count: tasks.length, longest_ms: Math.round(Math.max(0, ...tasks.map((t) => t[1]))), attribution };
}

/**
 * Polls a page (and its widget frames) until the host page has loaded and, with `embeds`, both embeds are
 * interactive and the main thread has been quiet for QUIET_WINDOW ms. Returns the frames' final states.
 */
async function waitLoaded(page, { embeds, errors, what }) {
  const deadline = Date.now() + LOAD_TIMEOUT;
  let host, widgets = [], frames = [];
  for (;;) {
    if (errors.length) fail(`${what}: script error: ${errors[0]}`);
    host = await state(page.mainFrame()).catch(() => null);
    if (embeds) {
      frames = await widgetFrames(page).catch(() => []);
      widgets = await Promise.all(frames.map((f) => state(f).catch(() => null)));
    }
    if (host && host.loadEnd && host.fcp !== null) {
      if (!embeds) return { host };
      if (widgets.length === 2 && widgets.every((w) => w && w.ready)) {
        const ready = Math.max(...widgets.map((w) => w.ready));
        const tasks = [host, ...widgets].flatMap((s) => s.longtasks);
        const quiet = quietPoint(tasks, ready);
        if (host.now >= quiet + QUIET_WINDOW) return { host, widgets, frames, ready, quiet };
      }
    }
    if (Date.now() > deadline) {
      const w = widgets.map((s) => s && { rendered: !!s.rendered, ready: !!s.ready });
      const seen = `load event: ${!!host?.loadEnd}, embeds: ${JSON.stringify(w)}`;
      fail(`${what}: not loaded in ${LOAD_TIMEOUT / 1000} s (${seen})`);
    }
    await sleep(100);
  }
}

/** One cold load of /demo, with or without the embeds, on a fresh browser context. */
async function coldLoad({ slow, embeds }) {
  const { context, page, cdp, errors } = await newPage();
  try {
    if (slow) await emulateNetwork(cdp);
    if (!embeds) {
      // Answer embed.js with an empty script (CDP Fetch rather than page.route, which would turn the cache off).
      await cdp.send("Fetch.enable", { patterns: [{ urlPattern: "*/embed.js*", requestStage: "Request" }] });
      cdp.on("Fetch.requestPaused", (e) => cdp.send("Fetch.fulfillRequest", {
        requestId: e.requestId, responseCode: 200,
        responseHeaders: [{ name: "Content-Type", value: "text/javascript" }], body: "",
      }).catch(() => {}));
    }
    const reqs = trackRequests(cdp);
    const what = `/demo (${slow ? "slow 4G" : "unthrottled"}, ${embeds ? "with" : "without"} embeds)`;
    await page.goto(`${opts.base}/demo`, { waitUntil: "commit", timeout: LOAD_TIMEOUT });
    const s = await waitLoaded(page, { embeds, errors, what });
    const origin = s.host.timeOrigin;
    const out = { host_fcp: s.host.fcp, host_load: s.host.loadEnd };
    if (!embeds) return out;
    if ((await page.locator("iframe").count()) !== 2) fail(`${what}: expected two iframes`);

    const [first] = s.widgets;
    out.widget_first_render = first.rendered - origin;
    out.widget_first_paint = first.painted ? first.painted - origin : null;
    out.widget_interactive = s.ready - origin;
    out.main_thread_quiet = s.quiet - origin;
    out.longtasks = {
      host: s.host.longtasks.filter((t) => t[0] <= s.quiet),
      widget: first.longtasks.filter((t) => t[0] <= s.quiet),
    };
    // The widget frames are those whose document is /widget; what they and the host's embed.js fetched.
    const all = [...reqs.values()];
    const docs = all.filter((r) => r.type === "Document" && r.url.includes("/widget"));
    const widgetIds = new Set(docs.map((r) => r.frameId));
    if (widgetIds.size !== 2) fail(`${what}: saw ${widgetIds.size} widget documents load, expected 2`);
    const before = all.filter((r) => r.sent <= s.ready && !r.failed && /^https?:/.test(r.url));
    const widget = before.filter((r) => widgetIds.has(r.frameId));
    const embed = before.filter((r) => !widgetIds.has(r.frameId) && new URL(r.url).pathname === "/embed.js");
    out.widget_bytes = widget.reduce((a, r) => a + r.bytes, 0);
    // Bytes before the first incident text can be on screen: the loader (embed.js) and the first embed's document,
    // which carries its CSS inline; its scripts are modules, which do not block rendering. (Counting what had
    // finished by the first paint instead would miss a document still streaming, or add a WASM that came early.)
    const firstUrl = s.frames[0].url();
    const firstDoc = docs.find((r) => r.url === firstUrl) ?? docs[0];
    out.first_text_bytes = embed.reduce((a, r) => a + r.bytes, 0) + firstDoc.bytes;
    out.widget_requests = widget.length;
    const big = widget.filter((r) => r.done).sort((a, b) => b.bytes - a.bytes)[0];
    out.largest = big && {
      url: big.url, bytes: big.bytes, kbytes_per_s: Math.round(big.bytes / 1000 / Math.max(1e-3, big.done - big.ts)),
    };
    // Chromium applies a session's network emulation to its own renderer only: an out-of-process iframe would
    // download at full speed and make the slow-4G numbers a lie.
    if (slow && big && big.bytes > 50_000 && out.largest.kbytes_per_s > 1.25 * (SLOW4G.downloadThroughput / 1000)) {
      fail(`${what}: ${big.url} came at ${out.largest.kbytes_per_s} kB/s: the widget frames were not throttled`);
    }
    const byUrl = new Map();
    for (const [by, list] of [["host", embed], ["widget", widget]]) {
      for (const r of list) {
        const row = byUrl.get(r.url) || { url: r.url, bytes: 0, type: r.type, by };
        row.bytes += r.bytes;
        byUrl.set(r.url, row);
      }
    }
    out.requests = [...byUrl.values()];
    return out;
  } finally {
    await context.close();
  }
}

/**
 * The side-by-side anchor: TimelineJS3 (npm @knight-lab/timelinejs, its dist files as published) on a page of a
 * second loopback server, holding the newest incidents (as many as the demo digest has: 38) in Russian, the way a
 * newsroom would embed it; its files are served brotli-compressed like ours.
 */
const TIMELINE_EVENTS = 38;
let anchor;
async function timelineSite() {
  if (anchor) return anchor;
  const dist = new URL("./node_modules/@knight-lab/timelinejs/dist/", import.meta.url);
  const events = [];
  let cursor = null;
  do {
    const q = `lang=ru&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const page = await (await fetch(`${opts.base}/api/v1/incidents?${q}`)).json();
    for (const i of page.items) {
      const [year, month, day] = String(i.date ?? i.period?.from ?? "").split("-").map(Number);
      if (!year) continue;
      const start_date = { year, ...(month ? { month } : {}), ...(day ? { day } : {}) };
      events.push({ start_date, text: { headline: i.title, text: i.summary } });
    }
    cursor = page.next_cursor;
  } while (cursor && events.length < TIMELINE_EVENTS);
  events.length = Math.min(events.length, TIMELINE_EVENTS);
  const html = `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>TimelineJS3</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/timeline.css"></head><body><div id="tl" style="width:100%;height:650px"></div>
<script src="/timeline.js"></script>
<script>new TL.Timeline("tl", ${JSON.stringify({ events }).replace(/</g, "\\u003c")}, { language: "ru" });</script>
</body></html>`;
  const { brotliCompressSync, constants } = await import("node:zlib");
  const br = (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
  const files = {
    "/": [br(Buffer.from(html)), "text/html; charset=utf-8"],
    "/timeline.js": [br(readFileSync(new URL("js/timeline.js", dist))), "text/javascript"],
    "/timeline.css": [br(readFileSync(new URL("css/timeline.css", dist))), "text/css"],
  };
  const server = createServer((req, res) => {
    const f = files[new URL(req.url, "http://x").pathname];
    if (!f) return res.writeHead(404).end();
    res.writeHead(200, { "Content-Type": f[1], "Content-Encoding": "br", "Cache-Control": "no-store" }).end(f[0]);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  server.unref();
  anchor = { server, url: `http://127.0.0.1:${server.address().port}/`, events: events.length };
  return anchor;
}

/** One cold load of the TimelineJS3 page: when its first incident text is on screen, and the bytes until then. */
async function coldTimeline({ slow }) {
  const site = await timelineSite();
  const { context, page, cdp, errors } = await newPage();
  try {
    if (slow) await emulateNetwork(cdp);
    const reqs = trackRequests(cdp);
    await page.goto(site.url, { waitUntil: "commit", timeout: LOAD_TIMEOUT });
    const deadline = Date.now() + LOAD_TIMEOUT;
    let s;
    for (;;) {
      if (errors.length) fail(`TimelineJS3: script error: ${errors[0]}`);
      s = await state(page.mainFrame()).catch(() => null);
      if (s?.painted) break;
      if (Date.now() > deadline) fail("TimelineJS3: no incident text in 60 s");
      await sleep(50);
    }
    const doneWall = (r) => (r.done === null ? Infinity : r.sent + (r.done - r.ts) * 1000);
    const all = [...reqs.values()].filter((r) => !r.failed);
    return {
      first_paint: s.painted - s.timeOrigin,
      first_text_bytes: all.filter((r) => doneWall(r) <= s.painted).reduce((a, r) => a + r.bytes, 0),
    };
  } finally {
    await context.close();
  }
}

async function loads() {
  const res = {}, tl = {};
  for (const cond of ["unthrottled", "slow4g"]) {
    res[cond] = { with: [], without: [] };
    tl[cond] = [];
  }
  for (let run = 1; run <= opts.runs; run++) {
    for (const cond of ["unthrottled", "slow4g"]) {
      const t = await coldTimeline({ slow: cond === "slow4g" });
      tl[cond].push(t);
      log(`load ${run}/${opts.runs} ${cond} TimelineJS3: incident text ${Math.round(t.first_paint)} ms, ` +
        `${t.first_text_bytes} B`);
      // Alternate the two variants so drift on a busy machine hits both alike.
      for (const embeds of run % 2 ? [true, false] : [false, true]) {
        const r = await coldLoad({ slow: cond === "slow4g", embeds });
        res[cond][embeds ? "with" : "without"].push(r);
        const ms = (x) => `${Math.round(x)} ms`;
        log(`load ${run}/${opts.runs} ${cond} ${embeds ? "with" : "without"} embeds: fcp ${ms(r.host_fcp)}, ` +
          `load ${ms(r.host_load)}` + (embeds ? `, widget ${ms(r.widget_first_render)}, ` +
          `interactive ${ms(r.widget_interactive)}, ${r.widget_bytes} B` : ""));
      }
    }
  }
  const load = {}, hostPage = {}, longtasks = {};
  for (const [cond, { with: w, without: wo }] of Object.entries(res)) {
    const col = (list, k) => stats(list.map((r) => r[k]));
    load[cond] = {
      host_fcp: col(w, "host_fcp"), host_load: col(w, "host_load"),
      widget_first_render: col(w, "widget_first_render"), widget_first_paint: col(w, "widget_first_paint"),
      widget_interactive: col(w, "widget_interactive"), main_thread_quiet: col(w, "main_thread_quiet"),
      widget_bytes: col(w, "widget_bytes"), widget_requests: col(w, "widget_requests"),
      first_text_bytes: col(w, "first_text_bytes"),
      largest_widget_response: w[w.length - 1].largest,
    };
    hostPage[cond] = {
      fcp_with: col(w, "host_fcp"), fcp_without: col(wo, "host_fcp"),
      load_with: col(w, "host_load"), load_without: col(wo, "host_load"),
    };
    const lt = (frame) => {
      const per = w.map((r) => r.longtasks[frame]);
      const counts = stats(per.map((t) => t.length));
      const longest = Math.round(Math.max(0, ...per.flat().map((t) => t[1])));
      return { count_p50: counts.p50, count_max: counts.max, longest_ms: longest };
    };
    longtasks[cond] = { host: lt("host"), widget: lt("widget") };
  }
  // Ours: /demo's first embed's first result painted; theirs: the TimelineJS3 page's first headline painted.
  const timelinejs = { events: anchor.events };
  for (const cond of ["unthrottled", "slow4g"]) {
    const theirs = stats(tl[cond].map((t) => t.first_paint));
    const ours = load[cond].widget_first_paint;
    timelinejs[cond] = {
      first_text: theirs,
      first_text_bytes: stats(tl[cond].map((t) => t.first_text_bytes)),
      ratio_p50: ours && theirs ? Math.round((ours.p50 / theirs.p50) * 100) / 100 : null,
    };
  }
  return { load, hostPage, longtasks, timelinejs, requests: res.unthrottled.with[0].requests };
}

// ---------------------------------------------------------------------------------------------------------------
// Interactions under CPU throttling.

/** Search words that the API finds in some but not all incidents, so each search changes the list. */
async function searchWords() {
  const total = async (q) => {
    const r = await fetch(`${opts.base}/api/v1/incidents?lang=ru&limit=1${q ? `&q=${encodeURIComponent(q)}` : ""}`);
    if (!r.ok) fail(`API ${r.status} for q=${q}`);
    return (await r.json()).total;
  };
  const all = await total("");
  const words = [];
  for (const w of SEARCH_WORDS) {
    const n = await total(w);
    if (n > 0 && n < all) words.push(w);
  }
  if (!words.length) fail(`none of ${SEARCH_WORDS.join(", ")} narrows the ${all} incidents; the data set needs one`);
  return words;
}

/** The debounce the search box is built with, read from its source when this runs in the repository. */
function debounceMs() {
  try {
    const src = readFileSync(new URL("../../frontend/src/search_box.rs", import.meta.url), "utf8");
    const m = src.match(/PAUSE[^=]*=[^;]*from_millis\((\d+)\)/);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/**
 * A partner's site on another origin (a second loopback server, on "localhost" while the widget stays on the base
 * origin): /demo with its embed.js from the base URL, as a partner pastes the snippet. A real server rather than
 * page.route, whose fulfilled documents Chromium places outside the loopback address space and then refuses their
 * requests to 127.0.0.1 (Local Network Access).
 */
let partner;
async function partnerSite() {
  if (partner) return partner;
  const demo = await (await fetch(`${opts.base}/demo`)).text();
  const html = demo.replace('src="/embed.js"', `src="${opts.base}/embed.js"`);
  if (!html.includes(`${opts.base}/embed.js`)) fail("the demo page no longer loads /embed.js");
  const server = createServer((req, res) => {
    if (req.url !== "/demo") return res.writeHead(204).end();
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(html);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  server.unref();
  const host = new URL(opts.base).hostname === "localhost" ? "127.0.0.1" : "localhost";
  partner = { server, origin: `http://${host}:${server.address().port}` };
  return partner;
}

async function interactions(target, words, debounce) {
  const { context, page, cdp, errors } = await newPage();
  try {
    let url = `${opts.base}/widget?lang=ru&embed=1`;
    if (target !== "widget") url = `${opts.base}/demo`;
    if (target === "demo_cross_origin") url = `${(await partnerSite()).origin}/demo`;
    await page.goto(url, { waitUntil: "commit", timeout: LOAD_TIMEOUT });
    let frame = page.mainFrame(), hostFrame = null, oopif = null, loadTasks = null;
    if (target === "widget") {
      const deadline = Date.now() + LOAD_TIMEOUT;
      while (!(await state(frame).catch(() => null))?.ready) {
        if (errors.length) fail(`${target}: script error: ${errors[0]}`);
        if (Date.now() > deadline) fail(`${target}: the widget was not ready in ${LOAD_TIMEOUT / 1000} s`);
        await sleep(100);
      }
      await sleep(QUIET_WINDOW);
    } else {
      const s = await waitLoaded(page, { embeds: true, errors, what: target });
      hostFrame = frame;
      frame = s.frames[0];
      loadTasks = { host: longtaskSummary(s.host.longtasks), widget: longtaskSummary(s.widgets[0].longtasks) };
      if (!frame.url().startsWith(opts.base)) fail(`${target}: the widget came from ${frame.url()}, not ${opts.base}`);
      await (await frame.frameElement()).scrollIntoViewIfNeeded();
    }

    // An out-of-process iframe has its own CDP session; a same-process one is driven through the page's.
    const sessions = [cdp];
    if (hostFrame) {
      try {
        const fcdp = await context.newCDPSession(frame);
        await fcdp.send("Network.enable");
        sessions.push(fcdp);
        oopif = true;
      } catch {
        oopif = false;
      }
    }
    // Each action asks the server again (going back to an earlier filter would otherwise come from the cache).
    for (const s of sessions) await s.send("Network.setCacheDisabled", { cacheDisabled: true });
    const rate = opts.quick ? 1 : CPU_RATE;
    const before = await frame.evaluate(cpuProbe);
    for (const s of sessions) await s.send("Emulation.setCPUThrottlingRate", { rate });
    const after = await frame.evaluate(cpuProbe);
    const ratio = Math.round((after / before) * 10) / 10;
    const cpu_check = { before_ms: Math.round(before), after_ms: Math.round(after), ratio };

    const mark = async (f) => (f ? (await state(f)).longtasks.length : 0);
    const marks = [await mark(hostFrame), await mark(frame)];
    const chips = await frame.evaluate(() => [...document.querySelectorAll(".aq-chip[data-value]")]
      .filter((c) => Number(c.querySelector(".aq-count")?.textContent || 0) > 0)
      .map((c) => c.dataset.value));
    if (chips.length < 2) fail(`${target}: fewer than two category chips with incidents`);

    const n = opts.quick ? 1 : ACTION_PAIRS;
    const results = { filter: [], search: [], search_enter: [], search_first_request: [] };
    const run = async (kind, value) => {
      const r = await frame.evaluate(act, { kind, value, timeout: ACTION_TIMEOUT })
        .catch((e) => fail(`${target}: ${e.message}`));
      const what = `${target}: ${kind} ${JSON.stringify(value)}`;
      if (!r.changed.ids && !r.changed.summary) fail(`${what} did not change the results`);
      if (errors.length) fail(`${target}: script error: ${errors[0]}`);
      if (kind === "filter") results.filter.push(r.total);
      else results[kind].push(r.total);
      if (kind === "search") results.search_first_request.push(r.firstRequest);
      await sleep(250);
    };
    // Each action changes the results: a chip on and off again (with an empty search box), then a word typed and
    // the box cleared, once with the debounced input event and once with Enter (without a category).
    for (let i = 0; i < n; i++) {
      const chip = chips[i % chips.length];
      await run("filter", chip);
      await run("filter", chip);
      for (const kind of ["search", "search_enter"]) {
        await run(kind, words[(2 * i + (kind === "search" ? 0 : 1)) % words.length]);
        await run(kind, "");
      }
    }
    const tasks = async (f, m) => longtaskSummary(f ? (await state(f)).longtasks.slice(m) : []);
    const interaction = { widget: await tasks(frame, marks[1]) };
    // Scrolling the whole list (every incident), still under CPU throttling: the rows in the DOM and the long
    // tasks while it scrolls and loads more pages in place.
    let scroll = null;
    if (target === "widget") {
      const mark = (await state(frame)).longtasks.length;
      let maxRows = 0, deepest = 0;
      const steps = opts.quick ? 10 : 60;
      for (let i = 0; i < steps; i++) {
        const r = await frame.evaluate(() => {
          const box = document.querySelector(".aq-scroll");
          box.scrollTop += 1500;
          const lis = [...box.querySelectorAll("ul.aq-list > li[data-id]")];
          return { rows: lis.length, pos: Math.max(0, ...lis.map((li) => Number(li.getAttribute("aria-posinset")))) };
        });
        maxRows = Math.max(maxRows, r.rows);
        deepest = Math.max(deepest, r.pos);
        await sleep(150);
      }
      const t = (await state(frame)).longtasks.slice(mark);
      scroll = { steps, step_px: 1500, max_rows_in_dom: maxRows, deepest_row: deepest, ...longtaskSummary(t) };
      log(`${target}: scrolled to row ${deepest}, at most ${maxRows} rows, longest task ${scroll.longest_ms} ms`);
    }
    if (hostFrame) interaction.host = await tasks(hostFrame, marks[0]);
    for (const s of sessions) await s.send("Emulation.setCPUThrottlingRate", { rate: 1 });
    const p50 = (k) => `${stats(results[k]).p50} ms`;
    log(`${target}: filter p50 ${p50("filter")}, search p50 ${p50("search")}, cpu ratio ${cpu_check.ratio}`);
    return {
      oopif,
      loadTasks,
      interactionTasks: interaction,
      scroll,
      summary: {
        filter: stats(results.filter),
        search: stats(results.search),
        search_minus_debounce: debounce === null ? null : stats(results.search.map((t) => t - debounce)),
        search_first_request: stats(results.search_first_request),
        search_enter: stats(results.search_enter),
        cpu_check,
      },
    };
  } finally {
    await context.close();
  }
}

async function main() {
  opts = parseArgs(process.argv.slice(2));
  const health = await fetch(`${opts.base}/healthz`).catch((e) => fail(`no server at ${opts.base}: ${e.message}`));
  if (!health.ok) fail(`${opts.base}/healthz answered ${health.status}`);
  browser = await startBrowser();
  log(`chromium ${browser.version()}, ${opts.runs} run(s)${opts.quick ? ", quick" : ""}, against ${opts.base}`);

  const { load, hostPage, longtasks, timelinejs, requests } = await loads();
  const words = await searchWords();
  const debounce = debounceMs();
  const inter = {};
  for (const target of ["widget", "demo", "demo_cross_origin"]) {
    inter[target] = await interactions(target, words, debounce);
  }

  const out = {
    runs: opts.runs,
    quick: opts.quick,
    base: opts.base,
    chromium: browser.version(),
    cpu_throttle: opts.quick ? 1 : CPU_RATE,
    slow4g: {
      latency_ms: SLOW4G.latency,
      download_bytes_per_s: SLOW4G.downloadThroughput,
      upload_bytes_per_s: SLOW4G.uploadThroughput,
    },
    process_model: {
      same_origin_iframe_oopif: inter.demo.oopif,
      cross_origin_iframe_oopif: inter.demo_cross_origin.oopif,
    },
    load,
    timelinejs,
    host_page: hostPage,
    interaction: {
      debounce_ms: debounce,
      actions: 2 * (opts.quick ? 1 : ACTION_PAIRS),
      widget: inter.widget.summary,
      demo: inter.demo.summary,
      demo_cross_origin: inter.demo_cross_origin.summary,
      scroll: inter.widget.scroll,
    },
    longtasks: {
      load: longtasks,
      demo_cross_origin_load: inter.demo_cross_origin.loadTasks,
      interaction: {
        widget: inter.widget.interactionTasks,
        demo: inter.demo.interactionTasks,
        demo_cross_origin: inter.demo_cross_origin.interactionTasks,
      },
    },
    requests,
  };
  process.stdout.write(JSON.stringify(out, null, 2) + "\n");
}

main()
  .catch((e) => {
    console.error(`bench: ${e instanceof BenchError ? e.message : e.stack || e}`);
    process.exitCode = 1;
  })
  .finally(async () => {
    await browser?.close();
    partner?.server.close();
    anchor?.server.close();
  });

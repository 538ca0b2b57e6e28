/*! Aqiqat embed loader. Replaces each <div data-aqiqat> placeholder with an iframe of the widget and keeps the
 * iframe as tall as its content. Hand-written, no dependencies; nothing here touches the host page's styles. */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = new URL(script && script.src ? script.src : "/embed.js", location.href);
  var origin = base.origin;
  // Exactly the widget's URL options (shared::embed::EMBED_KEYS): a snippet's data-* attributes are its query.
  // data-height and data-title are the frame's own (its height, or "auto"; its accessible title).
  var OPTIONS = ["lang", "category", "kind", "region", "platform", "verdict", "from", "to", "q", "story", "stage", "tab",
    "incident", "claim", "theme", "accent", "font"];
  var MIN = 240, MAX = 20000, FONT_MAX = 300;
  var GENERIC = /^(serif|sans-serif|monospace|cursive|fantasy|system-ui|ui-serif|ui-sans-serif|ui-monospace|ui-rounded|emoji|math|fangsong)$/i;

  // data-font="inherit": the host element's font-family, as many whole names as fit the widget's limit. The widget
  // checks it again (shared::appearance::parse_font) before it becomes CSS; a name it would refuse is left out here,
  // so one odd name on the host does not cost the whole list.
  function hostFont(el) {
    var list = (window.getComputedStyle ? getComputedStyle(el).fontFamily : "") || "";
    var out = [];
    list.split(",").forEach(function (name) {
      var n = name.trim();
      var q = n.charAt(0);
      if ((q === '"' || q === "'") && n.length > 1 && n.charAt(n.length - 1) === q) n = n.slice(1, -1);
      n = n.replace(/\s+/g, " ").trim();
      if (!n || !/^[\p{L}\p{N} ._-]+$/u.test(n)) return;
      var item = GENERIC.test(n) ? n.toLowerCase() : '"' + n + '"';
      if ((out.join(",") + "," + item).length <= FONT_MAX && out.length < 12) out.push(item);
    });
    return out.length ? out.join(",") : "inherit";
  }
  var frames = [];

  function important(el, styles) {
    for (var k in styles) el.style.setProperty(k, styles[k], "important");
  }

  function mount(el) {
    if (el.getAttribute("data-aqiqat-mounted")) return;
    el.setAttribute("data-aqiqat-mounted", "1");
    var params = new URLSearchParams();
    OPTIONS.forEach(function (k) {
      var v = el.getAttribute("data-" + k);
      if (k === "font" && v && v.trim().toLowerCase() === "inherit") v = hostFont(el);
      if (v) params.set(k, v);
    });
    params.set("embed", "1");
    var fixed = parseInt(el.getAttribute("data-height") || "", 10); // "auto" (or none): follows its content
    var iframe = document.createElement("iframe");
    iframe.src = origin + "/widget?" + params.toString();
    iframe.title = el.getAttribute("data-title") || "Aqiqat: мониторинг цифровых прав";
    iframe.setAttribute("loading", "lazy");
    iframe.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    // Inline !important declarations win over any rule of the host's stylesheets.
    important(iframe, {
      display: "block", width: "100%", "max-width": "100%", "min-width": "0", border: "0", margin: "0",
      padding: "0", "box-sizing": "border-box", background: "transparent", "color-scheme": "normal",
      height: (fixed > 0 ? Math.max(MIN, fixed) : 640) + "px"
    });
    frames.push({ iframe: iframe, auto: !(fixed > 0) });
    if (el.parentNode) el.parentNode.replaceChild(iframe, el);
  }

  function mountAll() {
    var nodes = document.querySelectorAll("[data-aqiqat]");
    for (var i = 0; i < nodes.length; i++) mount(nodes[i]);
  }

  window.addEventListener("message", function (e) {
    if (e.origin !== origin) return;
    var d = e.data;
    if (!d || d.type !== "aqiqat:resize" || typeof d.height !== "number" || !isFinite(d.height)) return;
    for (var i = 0; i < frames.length; i++) {
      var f = frames[i];
      if (f.auto && f.iframe.contentWindow === e.source) {
        important(f.iframe, { height: Math.min(MAX, Math.max(MIN, Math.ceil(d.height))) + "px" });
      }
    }
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
  else mountAll();
  window.Aqiqat = { mount: mountAll };
})();

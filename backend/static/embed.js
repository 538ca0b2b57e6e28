/*! Aqiqat embed loader. Replaces each <div data-aqiqat> placeholder with an iframe of the widget and keeps the
 * iframe as tall as its content. Hand-written, no dependencies; nothing here touches the host page's styles. */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = new URL(script && script.src ? script.src : "/embed.js", location.href);
  var origin = base.origin;
  // Exactly the widget's URL options (shared::view::ViewState): a snippet's data-* attributes are its query.
  var OPTIONS = ["lang", "category", "kind", "region", "platform", "verdict", "from", "to", "q", "story", "stage", "tab",
    "incident", "claim"];
  var MIN = 240, MAX = 20000;
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
      if (v) params.set(k, v);
    });
    params.set("embed", "1");
    var fixed = parseInt(el.getAttribute("data-height") || "", 10);
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

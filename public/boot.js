// Runs from each page's head, before the app's wasm (an external file: the pages' security policy
// allows no inline script). `data-app` on its script tag says which app the page is.
//
// - It registers the page's own service worker, with its own scope, so each app keeps its own
//   offline shell, once the app has rendered.
// - On the holder's page it makes the first paint right before any wasm has arrived: the page's
//   language and direction at once (from the choice made in the settings, else the phone's
//   languages: the app's own rule), the frame for this path (the page holds one per first screen;
//   the stylesheet shows the one named on <html data-first>), and, once the page is parsed, that
//   frame's words in the chosen language. The app then renders the same markup over it.
//   `cargo xtask web` puts the words from the app's Fluent files in place of __AK_WORDS__.
(function () {
  var script = document.currentScript;
  var app = (script && script.dataset.app) || "holder";
  var workers = {
    holder: ["/sw.js", "/"],
    venue: ["/sted-sw.js", "/sted"],
    admin: ["/admin-sw.js", "/admin"],
  };
  var worker = workers[app];
  // Registered once the app has rendered, so its wasm is fully downloaded by then: the worker's
  // copy of the shell then comes from the browser's cache, not a second download over the
  // family's prepaid data.
  function register() {
    navigator.serviceWorker.register(worker[0], { scope: worker[1] }).catch(function () {});
  }
  if (worker && "serviceWorker" in navigator) {
    document.addEventListener("DOMContentLoaded", function () {
      var main = document.getElementById("main");
      if (!main || main.firstChild) return register();
      new MutationObserver(function (_, observer) {
        observer.disconnect();
        register();
      }).observe(main, { childList: true });
    });
  }
  if (app !== "holder") return;

  var words = {};
  try {
    words = JSON.parse("__AK_WORDS__");
  } catch (e) {}
  function pref(key) {
    try {
      return localStorage.getItem("aktivitetskortet." + key);
    } catch (e) {
      return null;
    }
  }
  function language() {
    var chosen = pref("language");
    if (chosen && words[chosen]) return chosen;
    var wanted = navigator.languages || [navigator.language || ""];
    for (var i = 0; i < wanted.length; i++) {
      var primary = String(wanted[i]).split(/[-_]/)[0].toLowerCase();
      if (primary === "no" || primary === "nn") primary = "nb";
      if (words[primary]) return primary;
    }
    return "nb";
  }
  var lang = language();
  var root = document.documentElement;
  root.lang = lang;
  root.dir = lang === "ar" ? "rtl" : "ltr";
  var path = location.pathname;
  root.dataset.first =
    path === "/aktiver" ? "add" : path === "/" ? (pref("cards") > 0 ? "card" : "empty") : "other";

  document.addEventListener("DOMContentLoaded", function () {
    var shown = words[lang];
    var frame = document.getElementById("first-paint");
    if (!frame || !shown) return;
    frame.lang = lang;
    frame.dir = root.dir;
    frame.querySelectorAll("[data-word]").forEach(function (el) {
      var id = el.dataset.word;
      if (!shown[id]) return;
      if (el.hasAttribute("aria-label")) el.setAttribute("aria-label", shown[id]);
      else el.textContent = shown[id];
    });
  });
})();

// Aktivitetskortet's service worker, one per app (the holder's at /, venue mode's at /sted, the
// admin area's at /admin): keeps that app's shell (page, script, wasm, styles, icons) on the
// device, so a device that has opened the app once opens it again with no network. The card, the
// catalogue, the favourites and a venue's check-ins are not here: they live in the app's own store
// (IndexedDB), which a new version of this worker never touches.
//
// `cargo xtask web` writes a copy of this file for each app, with the app's home path in place of
// __AK_HOME__, a version made from the app's files in place of __AK_VERSION__, and the list of
// those files in place of the placeholder list (dx minifies this file first, so the placeholders
// are strings, which survive that). Without them (`dx serve`), the worker caches what the page
// loads as it goes.
const HOME = "__AK_HOME__".startsWith("__") ? "/" : "__AK_HOME__";
const VERSION = "__AK_VERSION__";
const PRECACHE = ["__AK_PRECACHE__"].filter((url) => url !== "__AK_PRECACHE__");

// The cache's name says whose shell it is: `ak-shell-holder-…`, `ak-shell-sted-…`, `ak-shell-admin-…`.
const APP = HOME === "/" ? "holder" : HOME.slice(1);
const SHELL = `ak-shell-${APP}-${VERSION}`;
// A navigation waits this long for the network before it opens the copy kept here: on a bad
// connection the app should open at once, not after the browser gives up.
const NETWORK_WAIT_MS = 3000;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      // The browser's cache as usual: content-hashed files come from it (the page has just
      // downloaded them; a second download would cost the family's data), and files that must
      // be revalidated (no-cache) are.
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

// A new version takes over at once and drops this app's older shells (never another app's); the
// app's data is elsewhere and stays.
self.addEventListener("activate", (event) => {
  const mine = `ak-shell-${APP}-`;
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(mine) && k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// The app a path belongs to, by its first segment: the same split the server makes.
function appHome(pathname) {
  const first = pathname.split("/")[1];
  return first === "sted" || first === "admin" ? `/${first}` : "/";
}

function isApi(url) {
  return url.pathname.startsWith("/api/") || url.pathname === "/healthz" || url.pathname === "/openapi.json";
}

// The page: from the network when it answers in time (so a new version is picked up on the next
// online start), otherwise the copy kept here. Every route of an app is the same page.
async function navigation(request) {
  const cache = await caches.open(SHELL);
  const fromNetwork = fetch(request).then((response) => {
    if (response.ok) cache.put(HOME, response.clone());
    return response;
  });
  // When the kept copy was served first, a late network failure is expected, not an error.
  fromNetwork.catch(() => {});
  const timeout = new Promise((resolve) => setTimeout(resolve, NETWORK_WAIT_MS));
  const kept = () => cache.match(HOME);
  try {
    const first = await Promise.race([fromNetwork, timeout]);
    if (first) return first;
    return (await kept()) || (await fromNetwork);
  } catch (error) {
    const copy = await kept();
    if (copy) return copy;
    throw error;
  }
}

// Scripts, wasm, styles, icons: their names change with their contents, so a kept copy is right.
async function asset(request) {
  const cache = await caches.open(SHELL);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // The API is the app's business: it knows what to do offline.
  if (request.method !== "GET" || url.origin !== self.location.origin || isApi(url)) return;
  if (request.mode === "navigate") {
    // Another app's page is that app's worker's to keep (or the network's, the first time).
    if (appHome(url.pathname) === HOME) event.respondWith(navigation(request));
    return;
  }
  // Only this app's own files are kept here, so a first visit to another app from this one
  // does not fill this app's shell with files it never uses.
  if (PRECACHE.length === 0 || PRECACHE.includes(url.pathname)) event.respondWith(asset(request));
});

// 连心 service worker: static assets cache-first, pages network-first with the
// offline page as the last resort. Bump VERSION when the caching rules change.
const VERSION = "v3";
const STATIC = "lianxin-static-" + VERSION;
const PAGES = "lianxin-pages-" + VERSION;
const OFFLINE_URL = "/offline";
const PRECACHE = [OFFLINE_URL, "/manifest.webmanifest", "/icons/icon-192.png", "/icons/logo.svg", "/pwa.js"];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(STATIC).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== STATIC && k !== PAGES).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

// Pictures of lessons never change under one id: kept like build files, so a lesson
// read once shows its pictures offline too.
function isStatic(url) {
  return url.pathname.startsWith("/pkg/") || url.pathname.startsWith("/icons/") ||
    url.pathname === "/manifest.webmanifest" || url.pathname === "/pwa.js" ||
    url.pathname === "/api/study/image";
}

// The network's answer, with a copy kept in the named cache when it is a success.
function fetchAndKeep(req, cacheName) {
  return fetch(req).then((res) => {
    if (res.ok) {
      const copy = res.clone();
      caches.open(cacheName).then((c) => c.put(req, copy));
    }
    return res;
  });
}

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") return; // writes always go to the network
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;

  if (req.mode === "navigate") {
    // Pages: the network first, so people see fresh content; the last copy of this
    // page, or the offline page, when the network is gone.
    event.respondWith(
      fetchAndKeep(req, PAGES)
        .catch(() => caches.match(req, { cacheName: PAGES })
          .then((hit) => hit || caches.match(OFFLINE_URL, { cacheName: STATIC })))
    );
    return;
  }

  if (/^\/pkg\/(__wasm_split\..*\.js|lianxin\..*\.(js|wasm))$/.test(url.pathname)) {
    // The split loader, the main JS and the main wasm can change under the same name
    // (cargo-leptos hashes them before writing each other's names in): the network
    // first (a 304 when unchanged), the cache when offline.
    event.respondWith(fetchAndKeep(req, STATIC).catch(() => caches.match(req, { cacheName: STATIC })));
    return;
  }

  if (isStatic(url)) {
    // Hashed build files never change under one name: the cache is always right.
    event.respondWith(
      caches.match(req, { cacheName: STATIC }).then((hit) => hit || fetchAndKeep(req, STATIC))
    );
  }
});

// The field app's service worker (served by /field/sw.js, which prepends VERSION and ASSETS).
// It keeps the app shell and every asset of the repo, so the app opens with no signal. Personal
// data never passes through this cache: downloads and syncs go to the network, and what the phone
// keeps is in IndexedDB, encrypted under the user's PIN (store.js).

const CACHE = `field-${VERSION}`;
const SHELL = ASSETS[0];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(ASSETS.map((url) => new Request(url, { cache: "reload", credentials: "same-origin" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith("field-") && name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

const CACHED = new Set(ASSETS.map((url) => new URL(url, self.location.origin).pathname));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname.startsWith(new URL(SHELL, self.location.origin).pathname)) {
    // The shell from the network when there is a signal (a new version), else from the cache; a
    // signal too weak to answer within 4 seconds counts as none.
    const cached = () => caches.match(SHELL);
    const slow = new Promise((resolve) => setTimeout(resolve, 4000)).then(cached);
    event.respondWith(Promise.race([fetch(request).catch(cached), slow]).then((response) => response || fetch(request)));
    return;
  }
  if (!CACHED.has(url.pathname)) return; // data: always the network
  event.respondWith(caches.match(request, { ignoreSearch: true }).then((hit) => hit || fetch(request)));
});

// Keeps the page working offline once it has been loaded: the page, its scripts, the wasm
// module and the DB index are stored when the worker installs (the list is precache.json,
// written by scripts/precache-list.mjs after the build), and every same-origin GET is
// answered by the network when it answers (the answer is stored) and from the store when
// it does not. DB shards are stored as the scans that need them fetch them, so an
// ecosystem scanned once online is matched offline too; the others are reported as not
// matched. A shard's URL names its DB build, so a stored one is used without asking the
// server again. Nothing is ever fetched from another origin.
const STORE = "lookout-v1";

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const store = await caches.open(STORE);
      const response = await fetch("precache.json", { cache: "no-cache" });
      if (response.ok) {
        const list = await response.json();
        await store.addAll(list);
        // Hashed files of an older build of the page are not needed any more.
        const current = new Set(list.map((path) => new URL(path, self.location.href).href));
        for (const request of await store.keys()) {
          if (new URL(request.url).pathname.includes("/assets/") && !current.has(request.url)) await store.delete(request);
        }
      }
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== STORE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

/** A DB shard asked for with its DB's build time (`db/Debian.json.gz?v=…`, see db.ts). */
function isVersionedShard(url) {
  return url.pathname.includes("/db/") && url.pathname.endsWith(".json.gz") && url.searchParams.has("v");
}

/**
 * A versioned shard never changes under its URL: it is answered from the store when there,
 * else fetched and stored, and the same shard of older DB builds is dropped.
 */
async function shardFromStoreFirst(event, url) {
  const store = await caches.open(STORE);
  const stored = await store.match(event.request);
  if (stored) return stored;
  const response = await fetch(event.request);
  if (response.ok && response.type === "basic") {
    const copy = response.clone();
    event.waitUntil(
      (async () => {
        for (const old of await store.keys()) {
          const oldUrl = new URL(old.url);
          if (oldUrl.pathname === url.pathname && oldUrl.search !== url.search) await store.delete(old);
        }
        await store.put(event.request, copy);
      })(),
    );
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (isVersionedShard(url)) {
    event.respondWith(shardFromStoreFirst(event, url));
    return;
  }
  event.respondWith(
    (async () => {
      try {
        const response = await fetch(request);
        if (response.ok && response.type === "basic") {
          const copy = response.clone();
          event.waitUntil(caches.open(STORE).then((store) => store.put(request, copy)));
        }
        return response;
      } catch (error) {
        const stored =
          (await caches.match(request)) ?? (request.mode === "navigate" ? await caches.match("./") : undefined);
        if (stored) return stored;
        throw error;
      }
    })(),
  );
});

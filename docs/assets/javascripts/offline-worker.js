// The offline copy of the guide: a service worker. The build writes it to the
// site's root with OFFLINE in front (scripts/studysite/offline.py): the build's
// version and every file a reader's browser may request, each as
// [group, size, gzip size, hash of its bytes].
//
// A file is stored under its URL plus its hash, and only when its bytes have
// that hash, so a cache never mixes two builds. A new build is a new worker:
// its install copies the files whose hash is unchanged, downloads the others,
// and only then does it take over and delete the older caches. Until then the
// old copy keeps serving, whole.
const SCOPE = new URL(self.registration.scope);
// Every GitHub Pages project site of an account shares one origin, hence one
// cache storage: cache names carry the site's path, and a site deletes only its own.
const PREFIX = `offline ${SCOPE.pathname} `;
const CACHE = PREFIX + OFFLINE.version;
const CHOICES = new URL(".offline-choices", SCOPE).href; // {whole, decks}: what the reader asked to store
const FILES = new Map(Object.entries(OFFLINE.files));
const PARALLEL = 4;
const SEARCH_INDEX = "search/search_index.json";
let download = null; // the whole-guide download in progress: {ports, done, total, finished}

const keyOf = (path) => `${new URL(path, SCOPE).href}?v=${FILES.get(path)[3]}`;
// The URL pages use for a file ("topics/08-asyncio/"), so the browser's HTTP cache can answer.
const urlOf = (path) => new URL(path.replace(/(^|\/)index\.html$/, "$1"), SCOPE);

// The site file a URL asks for ("topics/08-asyncio/" -> "topics/08-asyncio/index.html"), or null outside the site.
function pathOf(url) {
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return null;
  try {
    const path = decodeURI(url.pathname.slice(SCOPE.pathname.length));
    return path === "" || path.endsWith("/") ? `${path}index.html` : path;
  } catch {
    return null;
  }
}

async function hashOf(body) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

// A copy to store, or null when the bytes are not this build's (the host is
// half-way through a deploy, or an HTTP cache held the previous build's copy).
async function storable(path, response) {
  if (!response.ok || response.type !== "basic") return null;
  const body = await response.arrayBuffer();
  const hash = FILES.get(path)[3];
  if ((await hashOf(body)).slice(0, hash.length) !== hash) return null;
  const type = response.headers.get("Content-Type") || "application/octet-stream";
  return new Response(body, { headers: { "Content-Type": type } });
}

// This build's copy of a file: from the HTTP cache when it has it, else from the host.
async function fetchChecked(path) {
  for (const cache of ["default", "reload"]) {
    const response = await fetch(urlOf(path), { cache });
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    const copy = await storable(path, response);
    if (copy) return copy;
  }
  throw new Error(`${path} is not the version this page lists (a new version is being published?)`);
}

// Only what the HTTP cache already holds: free, and it keeps the pages read before the worker installed.
async function fromHttpCache(path) {
  try {
    return await storable(path, await fetch(urlOf(path), { cache: "only-if-cached", mode: "same-origin" }));
  } catch {
    return null;
  }
}

async function inParallel(items, task) {
  const queue = [...items];
  const worker = async () => {
    while (queue.length) await task(queue.shift());
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
}

async function readChoices(names) {
  const choices = { whole: false, decks: false };
  for (const name of names) {
    const stored = await (await caches.open(name)).match(CHOICES);
    if (!stored) continue;
    const { whole, decks } = await stored.json();
    choices.whole ||= whole;
    choices.decks ||= decks;
  }
  return choices;
}

const writeChoices = (cache, choices) =>
  cache.put(CHOICES, new Response(JSON.stringify(choices), { headers: { "Content-Type": "application/json" } }));

const olderCaches = async () => (await caches.keys()).filter((name) => name.startsWith(PREFIX) && name !== CACHE);

// Before this version serves anyone, its cache holds this build's copy of
// everything the previous version had stored (the pages the reader visited and
// what they loaded, or the whole guide), of the pages open now and of the search
// index. Anything else the HTTP cache already holds (the pages read before the
// worker came) is stored too, for free. A failure leaves the previous version serving; the browser tries
// again on the next visit.
async function install() {
  const cache = await caches.open(CACHE);
  const older = await olderCaches();
  const choices = await readChoices([...older, CACHE]);
  const needed = new Set();
  for (const [path, [group]] of FILES) {
    if (group === "decks" ? choices.decks : choices.whole) needed.add(path);
  }
  // Pages fetch the search index only when the reader shows intent to search, so the
  // HTTP cache may not hold it; without it a stored page could not search offline.
  if (FILES.has(SEARCH_INDEX)) needed.add(SEARCH_INDEX);
  const add = (url) => {
    const path = pathOf(new URL(url));
    if (FILES.has(path)) needed.add(path);
  };
  for (const name of older) for (const request of await (await caches.open(name)).keys()) add(request.url);
  for (const client of await self.clients.matchAll({ type: "window", includeUncontrolled: true })) add(client.url);
  await inParallel(FILES.keys(), async (path) => {
    const key = keyOf(path);
    if (await cache.match(key)) return;
    const copy = (await caches.match(key)) || (needed.has(path) ? await fetchChecked(path) : await fromHttpCache(path));
    if (copy) await cache.put(key, copy);
  });
  await writeChoices(cache, choices);
}

self.addEventListener("install", (event) => {
  self.skipWaiting(); // takes over once installed: the pages it serves next come whole from the new copy
  event.waitUntil(install());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await olderCaches()) await caches.delete(name);
    await self.clients.claim();
  })());
});

function offlinePage() {
  const page = OFFLINE.offlinePage.replace("<head>", `<head><base href="${SCOPE.href}">`);
  return new Response(page, { status: 503, statusText: "Offline", headers: { "Content-Type": "text/html; charset=utf-8" } });
}

// Stored files first: they are this version's, and they need no network. A file
// fetched from the host is kept when its bytes are this version's.
async function storedOrNetwork(event, path) {
  const cache = await caches.open(CACHE);
  const stored = await cache.match(keyOf(path));
  if (stored) return stored;
  let response;
  try {
    response = await fetch(event.request);
  } catch (error) {
    if (event.request.mode === "navigate") return offlinePage();
    throw error; // e.g. instant navigation: Material then loads the page in full, and gets the offline page
  }
  event.waitUntil(storable(path, response.clone()).then((copy) => copy && cache.put(keyOf(path), copy)));
  return response;
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const path = pathOf(new URL(request.url));
  if (FILES.has(path)) event.respondWith(storedOrNetwork(event, path));
  else if (path !== null && request.mode === "navigate") event.respondWith(fetch(request).catch(offlinePage));
});

// Per group (assets, pages, decks): files, stored files, bytes stored, gzip bytes, gzip bytes missing.
async function status() {
  const stored = new Set((await (await caches.open(CACHE)).keys()).map((request) => request.url));
  const groups = {};
  for (const [path, [group, size, gzipSize]] of FILES) {
    const sum = (groups[group] ||= { files: 0, stored: 0, size: 0, gzip: 0, missing: 0 });
    const has = stored.has(keyOf(path));
    sum.files += 1;
    sum.size += size;
    sum.gzip += gzipSize;
    sum.stored += has ? 1 : 0;
    sum.missing += has ? 0 : gzipSize;
  }
  const choices = await readChoices([CACHE]);
  return { type: "status", version: OFFLINE.version, groups, choices, downloading: download && { done: download.done, total: download.total } };
}

// The whole guide (and the decks if asked): what is missing, four files at a
// time, with progress to every page that asked. An interrupted download keeps
// what it stored; the next one continues from there.
function storeGuide(decks, port) {
  if (download) {
    download.ports.add(port);
    return download.finished;
  }
  const run = (download = { ports: new Set([port]), done: 0, total: 0 });
  const tell = (message) => run.ports.forEach((each) => each.postMessage(message));
  run.finished = (async () => {
    try {
      const cache = await caches.open(CACHE);
      const choices = await readChoices([CACHE]);
      const missing = [];
      for (const [path, [group, , gzipSize]] of FILES) {
        if (group === "decks" && !decks) continue;
        if (await cache.match(keyOf(path))) continue;
        missing.push(path);
        run.total += gzipSize;
      }
      tell({ type: "progress", done: 0, total: run.total });
      await inParallel(missing, async (path) => {
        await cache.put(keyOf(path), await fetchChecked(path));
        run.done += FILES.get(path)[2];
        tell({ type: "progress", done: run.done, total: run.total });
      });
      await writeChoices(cache, { whole: true, decks: decks || choices.decks });
      download = null;
      tell({ ...(await status()), type: "stored" });
    } catch (error) {
      download = null;
      tell({ type: "failed", message: error.message });
    }
  })();
  return run.finished;
}

self.addEventListener("message", (event) => {
  const [port] = event.ports;
  if (!port) return;
  if (event.data?.type === "status") event.waitUntil(status().then((report) => port.postMessage(report)));
  else if (event.data?.type === "store") event.waitUntil(storeGuide(Boolean(event.data.decks), port));
});

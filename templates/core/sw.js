/* Chancery's service worker: the pages a person opens still open when the network is gone.
 *
 * - The shell (styles, scripts, icons, the offline page in every language) is stored at
 *   install, under a name that changes with the static files' names.
 * - Pages: from the network first; each good HTML page is kept (at most CONFIG.maxPages, the
 *   oldest saved dropped first) with the time it was saved. Without a network, the kept copy
 *   is shown, marked with that time (static/js/webapp.js shows it); a page never kept gets
 *   the offline page, which lists the ones that were.
 * - The last help answer is also kept under the help page's own address, so that opening
 *   /help/ offline shows it.
 * The site's names and paths come from chancery.core.webapp.worker_config.
 */
"use strict";

const CONFIG = {{ config }};
// Stored with every kept page.
const SAVED_AT = "X-Saved-At";
const SAVED_TITLE = "X-Saved-Title";
const SAVED_ADDRESS = "X-Saved-Address";

// A hashed static file never changes: the copy the page just loaded will do. Anything else
// (the offline pages, unhashed names) is checked with the server.
function shellRequest(url) {
  const immutable = CONFIG.staticHashed && url.startsWith(CONFIG.staticUrl);
  return immutable ? url : new Request(url, { cache: "no-cache" });
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CONFIG.shellCache)
      .then((cache) => cache.addAll(CONFIG.shell.map(shellRequest)))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith(CONFIG.shellCachePrefix) && name !== CONFIG.shellCache)
            .map((name) => caches.delete(name))
        )
      )
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    if (!CONFIG.unsaved.some((prefix) => url.pathname.startsWith(prefix))) {
      url.hash = "";
      event.respondWith(navigate(event, url));
    }
  } else if (url.pathname.startsWith(CONFIG.staticUrl)) {
    event.respondWith(staticFile(event));
  }
});

async function navigate(event, url) {
  let response;
  try {
    response = await fetch(event.request);
  } catch (offline) {
    return (await savedCopy(url)) || (await offlinePage(url)) || Response.error();
  }
  if (worthKeeping(url, response)) {
    event.waitUntil(keep(url, response.clone()));
  } else if (response.status >= 500) {
    // The site is down (overloaded, its database gone): the saved copy is better than an error.
    const saved = await savedCopy(url);
    if (saved) return saved;
  }
  return response;
}

function worthKeeping(url, response) {
  if (response.status !== 200 || response.type !== "basic") return false;
  if (Object.values(CONFIG.offline).includes(url.pathname)) return false;
  const type = response.headers.get("Content-Type") || "";
  const control = response.headers.get("Cache-Control") || "";
  // A page with a form to send carries a personal token: such pages vary by cookie.
  const vary = response.headers.get("Vary") || "";
  return type.startsWith("text/html") && !/no-store|private/i.test(control) && !/cookie/i.test(vary);
}

function isHelpAnswer(url) {
  return CONFIG.help.includes(url.pathname) && url.searchParams.has(CONFIG.helpAnswerParameter);
}

// The help page's address without its question: where the last answer is kept.
function helpKey(url) {
  return url.origin + url.pathname;
}

async function keep(url, response) {
  const body = await response.text();
  const headers = new Headers(response.headers);
  // The body is stored decoded: how it travelled no longer applies.
  for (const name of ["Content-Encoding", "Content-Length", "Transfer-Encoding"]) {
    headers.delete(name);
  }
  headers.set(SAVED_AT, new Date().toISOString());
  headers.set(SAVED_ADDRESS, url.pathname + url.search);
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(body);
  if (title) headers.set(SAVED_TITLE, encodeURIComponent(title[1].trim()));
  const copy = () =>
    new Response(body, { status: response.status, statusText: response.statusText, headers });
  const pages = await caches.open(CONFIG.pagesCache);
  await pages.put(url.href, copy());
  if (isHelpAnswer(url)) {
    const help = await caches.open(CONFIG.helpCache);
    await help.put(helpKey(url), copy());
  }
  await trim(pages, CONFIG.maxPages);
}

function savedTime(response) {
  return Date.parse((response && response.headers.get(SAVED_AT)) || "") || 0;
}

async function trim(cache, limit) {
  const requests = await cache.keys();
  if (requests.length <= limit) return;
  const dated = await Promise.all(
    requests.map(async (request) => [savedTime(await cache.match(request)), request])
  );
  dated.sort((a, b) => a[0] - b[0]);
  await Promise.all(
    dated.slice(0, requests.length - limit).map(([, request]) => cache.delete(request))
  );
}

async function newest(cache) {
  const responses = await Promise.all((await cache.keys()).map((request) => cache.match(request)));
  return responses.reduce((best, response) => (savedTime(response) > savedTime(best) ? response : best), null);
}

async function savedCopy(url) {
  const pages = await caches.open(CONFIG.pagesCache);
  if (CONFIG.help.includes(url.pathname)) {
    // This very answer if it was kept; else the last answer, in this language if there is one.
    const exact = url.search && (await pages.match(url.href, { ignoreVary: true }));
    if (exact) return stamped(exact);
    const help = await caches.open(CONFIG.helpCache);
    const last = (await help.match(helpKey(url), { ignoreVary: true })) || (await newest(help));
    if (last) return stamped(last);
  }
  const page = await pages.match(url.href, { ignoreVary: true });
  return page ? stamped(page) : null;
}

// A kept page, marked with the time it was saved: an attribute on its root element, which
// static/js/webapp.js turns into a sentence in the page's language.
async function stamped(response) {
  const saved = response.headers.get(SAVED_AT) || "";
  const body = await response.text();
  const marked = /^[0-9TZ:.+-]+$/.test(saved)
    ? body.replace(/<html\b/i, `<html data-saved-at="${saved}"`)
    : body;
  return new Response(marked, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

// The offline page in the language of the address asked for.
function offlinePage(url) {
  const language = Object.keys(CONFIG.offline).find(
    (code) =>
      code !== CONFIG.defaultLanguage &&
      (url.pathname === `/${code}` || url.pathname.startsWith(`/${code}/`))
  );
  const path = CONFIG.offline[language || CONFIG.defaultLanguage];
  return caches.match(path, { cacheName: CONFIG.shellCache });
}

// Static files: a file whose name carries its content's hash never changes, so a stored copy
// is served at once; other names ask the network first. Either way a copy is kept.
async function staticFile(event) {
  const cache = await caches.open(CONFIG.shellCache);
  if (CONFIG.staticHashed) {
    const kept = await cache.match(event.request, { ignoreVary: true });
    if (kept) return kept;
  }
  try {
    const response = await fetch(event.request);
    if (response.status === 200 && response.type === "basic") {
      event.waitUntil(cache.put(event.request, response.clone()));
    }
    return response;
  } catch (offline) {
    const kept = await cache.match(event.request, { ignoreVary: true });
    if (kept) return kept;
    throw offline;
  }
}

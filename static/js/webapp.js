// The installable web app, on every page: registers the service worker (/sw.js) that keeps
// the pages a person opens; on a page shown from that store, says when it was saved; on the
// offline page, lists the pages that were saved. Sentences come translated in the page.
(function () {
  "use strict";
  var script = document.currentScript;
  var root = document.documentElement;
  // English dates read day first on this site ("6 December 2026").
  var locale = !root.lang || root.lang === "en" ? "en-GB" : root.lang;

  function format(date, options) {
    try {
      return new Intl.DateTimeFormat(locale, options).format(date);
    } catch (error) {
      return date.toLocaleString();
    }
  }

  // The service worker marks a page it serves from its store with the time it was saved.
  function showSaved(value) {
    var notice = document.querySelector("[data-offline-notice]");
    var saved = new Date(value);
    if (!notice || isNaN(saved.getTime())) { return; }
    var date = notice.querySelector("[data-saved-date]");
    var time = notice.querySelector("[data-saved-time]");
    date.textContent = format(saved, { day: "numeric", month: "long", year: "numeric" });
    date.setAttribute("datetime", saved.toISOString());
    time.textContent = format(saved, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    var main = document.querySelector("main");
    if (main) { main.insertBefore(notice, main.firstChild); }
    notice.hidden = false;
  }

  function plainText(html) {
    // DOMParser runs no script: the title as text, its entities decoded.
    var text = new DOMParser().parseFromString(html, "text/html").documentElement.textContent;
    return text.replace(/\s*·\s*Chancery\s*$/, "").trim();
  }

  function savedIn(cacheName) {
    return caches.has(cacheName).then(function (exists) {
      if (!exists) { return []; }
      return caches.open(cacheName).then(function (cache) {
        return cache.keys().then(function (requests) {
          return Promise.all(requests.map(function (request) {
            return cache.match(request).then(function (response) {
              var headers = response ? response.headers : new Headers();
              var title = headers.get("X-Saved-Title");
              var url = new URL(request.url);
              return {
                href: url.pathname + url.search,
                address: headers.get("X-Saved-Address") || url.pathname + url.search,
                title: title ? plainText(decodeURIComponent(title)) : url.pathname,
                saved: new Date(headers.get("X-Saved-At") || 0)
              };
            });
          }));
        });
      });
    });
  }

  function newestFirst(a, b) { return b.saved - a.saved; }

  // The offline page: the last help answers first, then every other saved page, newest first.
  function listSaved(box) {
    var empty = document.querySelector("[data-no-saved-pages]");
    if (!("caches" in window)) { empty.hidden = false; return; }
    Promise.all([savedIn(box.dataset.helpCache), savedIn(box.dataset.pagesCache)])
      .then(function (found) {
        var answers = found[0].sort(newestFirst);
        // An answer's own page, and the help form its address opens offline, go without saying.
        var shown = [];
        answers.forEach(function (entry) { shown.push(entry.address, entry.href); });
        var pages = found[1].filter(function (entry) { return shown.indexOf(entry.href) < 0; });
        var entries = answers.concat(pages.sort(newestFirst));
        var list = box.querySelector("ul");
        entries.forEach(function (entry) {
          var item = document.createElement("li");
          var link = document.createElement("a");
          link.href = entry.href;
          link.textContent = entry.title;
          item.appendChild(link);
          if (entry.saved.getTime()) {
            var when = document.createElement("time");
            when.className = "muted";
            when.setAttribute("datetime", entry.saved.toISOString());
            when.textContent = format(entry.saved, { dateStyle: "long", timeStyle: "short" });
            item.appendChild(document.createTextNode(" "));
            item.appendChild(when);
          }
          list.appendChild(item);
        });
        box.hidden = entries.length === 0;
        empty.hidden = entries.length > 0;
      })
      .catch(function () { empty.hidden = false; });
  }

  if (root.dataset.savedAt) { showSaved(root.dataset.savedAt); }
  var savedPages = document.querySelector("[data-saved-pages]");
  if (savedPages) { listSaved(savedPages); }

  // Not on a copy of the site that has no worker (a static mirror): registering just fails.
  // After the page has loaded: the worker's first install fetches and stores pages, which
  // must not compete with the page being opened.
  function register() {
    navigator.serviceWorker
      .register(script.dataset.serviceWorker, { scope: "/" })
      .catch(function () {});
  }
  if ("serviceWorker" in navigator && script && script.dataset.serviceWorker) {
    if (document.readyState === "complete") {
      register();
    } else {
      window.addEventListener("load", register);
    }
  }
})();

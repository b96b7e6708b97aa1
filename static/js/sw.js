/* Service worker: guides stay readable where the signal comes and goes. Served at /sw.js by
   offline.views.service_worker, which puts CONFIG (this deploy's asset names, "Đã lưu" pages, bounds) first.

   - Every guide page opened online is kept with its CSS and small images ("guides" cache), up to
     CONFIG.maxGuides guides / CONFIG.maxBytes; the least recently read unpinned guide goes first.
     Pinned guides ("Lưu để đọc khi mất sóng") are never dropped, and their field sheet PDF is kept too.
   - Pages: network first, so online a farmer always gets the current revision; offline, the kept copy,
     else the "Đã lưu" page of the language (it lists saved guides and, for a search, matches them).
   - Online again, a navigation asks CONFIG.revisions which saved guides changed and fetches only those.
   - Static files and images have immutable names: from the cache when there, else from the network. */
var SITE = "site-" + CONFIG.version, GUIDES = "guides";
var META = "/__offline__/saved.json", queue = Promise.resolve();

function shellFor(url) {
  return CONFIG.shells.filter(function (s) { return url.pathname.indexOf(s[0]) === 0; })[0][1];
}

function load() {
  return caches.match(META).then(function (r) { return r ? r.json() : {guides: {}, checked: 0}; });
}

/* Read-modify-write of the saved list, one at a time. */
function update(change) {
  queue = queue.then(load).then(function (meta) {
    var result = change(meta);
    return caches.open(GUIDES).then(function (c) {
      return c.put(META, new Response(JSON.stringify(meta)));
    }).then(function () { return result; });
  }).catch(function () {});
  return queue;
}

function fetchInto(cache, url) {
  return cache.match(url, {ignoreVary: true}).then(function (hit) {
    return hit || fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url);
      return cache.put(url, r.clone()).then(function () { return r; });
    });
  }).then(function (r) { return r.blob(); }).then(function (b) { return b.size; }, function () { return 0; });
}

function attr(html, re) {
  var m = re.exec(html);
  return m ? m[1].replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">").replace(/&amp;/g, "&") : "";
}

/* Keep a guide page's HTML and what it needs, then enforce the bounds. The page is read with patterns that
   allow any white space between attributes: the templates' formatter (djlint) wraps long tags. */
function keep(url, html) {
  var m = /<article\s+class="guide"\s+data-guide="(\d+)"\s+data-revision="(\d*)"\s+data-sheet="([^"]+)"/.exec(html);
  if (!m) return Promise.resolve();
  var assets = [], re = /<(?:img[^>]+src|link\s+rel="stylesheet"[^>]+href|script\s+src)="(\/[^"]+)"/g, a;
  while ((a = re.exec(html))) assets.push(a[1]);
  return caches.open(GUIDES).then(function (c) {
    return c.put(url, new Response(html, {headers: {"Content-Type": "text/html; charset=utf-8"}})).then(function () {
      return Promise.all(assets.map(function (u) { return fetchInto(c, u); }));
    });
  }).then(function (sizes) {
    return update(function (meta) {
      var g = meta.guides[url] || {};
      meta.guides[url] = {id: m[1], v: m[2], f: m[3], p: g.p, r: Date.now(), a: assets,
        t: attr(html, /<meta\s+property="og:title"\s+content="([^"]*)"/),
        s: attr(html, /<meta\s+property="og:description"\s+content="([^"]*)"/),
        d: attr(html, /<p class="updated">([^<]*)</),
        b: html.length + sizes.reduce(function (x, y) { return x + y; }, 0)};
      return g.p;
    });
  }).then(function (pinned) {
    /* The "Đã lưu" page comes with the first guide kept: before that there is nothing to show offline. */
    var shell = caches.open(SITE).then(function (c) {
      return Promise.all(CONFIG.shellAssets.concat(shellFor(new URL(url))).map(function (u) { return fetchInto(c, u); }));
    });
    return Promise.all([pinned && sheet(url, true), prune(), shell]);
  });
}

function keepFresh(url) {
  return fetch(url, {cache: "no-cache"}).then(function (r) { return r.text(); }).then(function (h) { return keep(url, h); });
}

function sheet(url, on) {
  return update(function (meta) { return meta.guides[url]; }).then(function (g) {
    return g && caches.open(GUIDES).then(function (c) {
      return on ? c.delete(g.f).then(function () { return fetchInto(c, g.f); }) : c.delete(g.f);
    });
  });
}

/* Forget a guide and whatever of its files no other kept guide uses. */
function drop(meta, url, c) {
  var g = meta.guides[url], used = {};
  delete meta.guides[url];
  Object.keys(meta.guides).forEach(function (k) { meta.guides[k].a.forEach(function (u) { used[u] = 1; }); });
  c.delete(url);
  c.delete(g.f);
  g.a.forEach(function (u) { if (!used[u]) c.delete(u); });
}

function prune() {
  return caches.open(GUIDES).then(function (c) {
    return update(function (meta) {
      var urls = Object.keys(meta.guides), total = 0;
      urls.forEach(function (u) { total += meta.guides[u].b; });
      urls.filter(function (u) { return !meta.guides[u].p; })
        .sort(function (x, y) { return meta.guides[x].r - meta.guides[y].r; })
        .forEach(function (u) {
          if (Object.keys(meta.guides).length > CONFIG.maxGuides || total > CONFIG.maxBytes) {
            total -= meta.guides[u].b;
            drop(meta, u, c);
          }
        });
    });
  });
}

/* Online: fetch again the saved guides that have a newer revision; forget those no longer public. */
function refresh() {
  return update(function (meta) {
    if (Date.now() - meta.checked < CONFIG.checkMs || !Object.keys(meta.guides).length) return null;
    meta.checked = Date.now();
    return meta.guides;
  }).then(function (guides) {
    if (!guides) return;
    var urls = Object.keys(guides);
    return fetch(CONFIG.revisions + "?" + urls.map(function (u) { return "id=" + guides[u].id; }).join("&"))
      .then(function (r) { return r.json(); }).then(function (live) {
        return caches.open(GUIDES).then(function (c) {
          return Promise.all(urls.map(function (u) {
            var g = guides[u];
            if (!(g.id in live)) return update(function (meta) { if (meta.guides[u]) drop(meta, u, c); });
            if (String(live[g.id]) !== g.v) return keepFresh(u);
          }));
        });
      });
  }).catch(function () {});
}

function navigate(event, url) {
  var key = url.origin + url.pathname;
  /* no-cache: network first means the network, never an old copy from the browser's HTTP cache. */
  return fetch(new Request(event.request, {cache: "no-cache"})).then(function (r) {
    if (r.ok && !url.search) {
      event.waitUntil(r.clone().text().then(function (html) { return keep(key, html); }).then(refresh));
    }
    return r;
  }, function () {
    return caches.match(key, {ignoreVary: true}).then(function (hit) {
      if (!hit || url.search) return caches.match(shellFor(url));
      update(function (meta) { if (meta.guides[key]) meta.guides[key].r = Date.now(); });
      /* Offline the phone shows the small image it kept, whatever its screen density. */
      return hit.text().then(function (html) {
        return new Response(html.replace(/ srcset="[^"]*"/g, ""), {headers: hit.headers});
      });
    });
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SITE).then(function (c) {
    return Promise.all(CONFIG.assets.map(function (u) { return fetchInto(c, u); }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n !== SITE && n !== GUIDES; }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var req = event.request, url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== location.origin || /^\/(admin|api|documents|sw\.js)/.test(url.pathname)) return;
  if (req.mode === "navigate") return event.respondWith(navigate(event, url));
  event.respondWith(caches.match(req, {ignoreVary: true}).then(function (hit) {
    return hit && /^\/(static|media)\//.test(url.pathname) ? hit : fetch(req).catch(function () { return hit || Response.error(); });
  }));
});

/* From the pages (offline.js, saved.js): the list of saved guides, pinning, removing one, keeping the page
   that installed the worker (it was loaded before the worker could see it). */
self.addEventListener("message", function (event) {
  var d = event.data || {}, reply = function (x) { event.ports[0] && event.ports[0].postMessage(x); }, work;
  if (d.cmd === "list") {
    work = load().then(function (meta) {
      return Object.keys(meta.guides).map(function (u) { var g = meta.guides[u]; g.u = u; return g; });
    });
  } else if (d.cmd === "pin") {
    work = load().then(function (meta) { return meta.guides[d.url] || keepFresh(d.url); }).then(function () {
      return update(function (meta) { var g = meta.guides[d.url]; if (g) g.p = d.on; return !!(g && g.p); });
    }).then(function (on) { return sheet(d.url, on).then(function () { return on; }); });
  } else if (d.cmd === "keep") {
    work = keepFresh(d.url);
  } else if (d.cmd === "drop") {  /* the farmer removes a guide from the "Đã lưu" list */
    work = caches.open(GUIDES).then(function (c) {
      return update(function (meta) { if (meta.guides[d.url]) drop(meta, d.url, c); return true; });
    });
  }
  if (work) event.waitUntil(work.then(reply, function () { reply(null); }));
});

/* Alerts (Web Push): show the alert; keep its page so that it opens without signal afterwards; a tap opens it.
   An update carries the first alert's tag, so it replaces that notification on the phone. */
self.addEventListener("push", function (event) {
  var alert = {};
  try { alert = event.data ? event.data.json() : {}; } catch (e) { alert = {title: event.data.text()}; }
  var url = new URL(alert.url || "/", self.location.origin).href;
  event.waitUntil(Promise.all([
    self.registration.showNotification(alert.title || "", {body: alert.body || "", tag: alert.tag, renotify: true,
      data: {url: url}}),
    fetch(url).then(function (r) {
      if (!r.ok) return;
      return caches.open(GUIDES).then(function (c) { return c.put(url.split("#")[0], r); });
    }).catch(function () {})
  ]));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = (event.notification.data || {}).url || "/";
  event.waitUntil(self.clients.matchAll({type: "window"}).then(function (open) {
    var same = open.filter(function (c) { return c.url === url; })[0];
    return same ? same.focus() : self.clients.openWindow(url);
  }));
});

// Buurtpreventie's service worker (buurtpreventie/offline.py serves it at /sw.js).
// Version {{ version }}: it changes with the app shell's files, and the new worker replaces
// this one on the next visit.
"use strict";

// The send queue (store.js) and the pushed messages (sw-push.js: shown, and opened on a tap).
importScripts({{ store_url|safe }}, {{ push_url|safe }});

var SHELL = "shell-{{ version }}";
var PAGES = "pages";
var SHELL_FILES = {{ shell|safe }};
var OFFLINE_PAGES = {{ pages|safe }}.map(function (pattern) { return new RegExp(pattern); });
var OFFLINE_URL = {{ offline_url|safe }};
// Hashed static files (name.0123456789ab.css) never change: from the cache first.
var HASHED = /\.[0-9a-f]{12}\.[a-z0-9]+$/;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL)
      .then(function (cache) { return cache.addAll(SHELL_FILES); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys()
      .then(function (keys) {
        return Promise.all(keys.filter(function (key) {
          return key.indexOf("shell-") === 0 && key !== SHELL;
        }).map(function (key) { return caches.delete(key); }));
      })
      .then(function () { return self.clients.claim(); })
  );
});

function keptOffline(url) {
  return OFFLINE_PAGES.some(function (pattern) { return pattern.test(url.pathname); });
}

// A page: from the network, and a copy kept when it is one of the volunteer's own; without
// a connection the copy, or the page that says it was never opened here.
function page(request, url) {
  return fetch(request).then(function (response) {
    if (response.ok && !response.redirected && keptOffline(url)) {
      var copy = response.clone();
      caches.open(PAGES).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }, function () {
    return caches.match(request, { cacheName: PAGES }).then(function (kept) {
      return kept || caches.match(OFFLINE_URL, { cacheName: SHELL });
    });
  });
}

function staticFile(request, url) {
  if (HASHED.test(url.pathname)) {
    return caches.match(request).then(function (kept) { return kept || fetch(request); });
  }
  // Development serves plain names that change in place: the network first.
  return fetch(request).catch(function () { return caches.match(request); });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(page(request, url));
  } else if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(staticFile(request, url));
  }
});

// Background Sync: the browser wakes the worker when the connection is back.
self.addEventListener("sync", function (event) {
  if (event.tag === "send-queue") {
    event.waitUntil(self.BPStore.send().then(tellPages));
  }
});

// The pages ask for the queue to be sent (when they come online, or load).
self.addEventListener("message", function (event) {
  if (event.data === "send-queue") {
    event.waitUntil(self.BPStore.send().then(tellPages));
  } else if (event.data === "forget") {
    event.waitUntil(caches.delete(PAGES));
  }
});

function tellPages(outcome) {
  return self.clients.matchAll({ type: "window" }).then(function (pages) {
    pages.forEach(function (client) {
      client.postMessage({ type: "queue", sent: outcome.sent.length, waiting: outcome.waiting,
                           attention: outcome.attention });
    });
  });
}

// Push messages in the service worker: the site's service worker imports this file
// (importScripts) so its push handling lives in one place beside the page's push.js.
//
// The server sends JSON {title, body, url, tag, icon, lang} (notifications/push.py). The tag
// is the same for every attempt at one message, so a message that arrives twice (the server
// retried after the push service had already taken it) replaces the first instead of
// showing a second one.
"use strict";

// Only pages of this site open from a notification.
function bpPushUrl(url) {
  try {
    var target = new URL(url || "/", self.location.origin);
    return target.origin === self.location.origin ? target.href : self.location.origin + "/";
  } catch (error) {
    return self.location.origin + "/";
  }
}

self.addEventListener("push", function (event) {
  var data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = {};
  }
  var options = {
    body: data.body || "",
    tag: data.tag || undefined,
    icon: data.icon || undefined,
    lang: data.lang || undefined,
    data: { url: bpPushUrl(data.url) }
  };
  event.waitUntil(self.registration.showNotification(data.title || "Buurtpreventie", options));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = bpPushUrl(event.notification.data && event.notification.data.url);
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
      for (var i = 0; i < windows.length; i++) {
        if (windows[i].url === url && "focus" in windows[i]) return windows[i].focus();
      }
      return self.clients.openWindow ? self.clients.openWindow(url) : undefined;
    })
  );
});

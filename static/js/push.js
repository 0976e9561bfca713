// Push messages on the profile page: turn them on or off for this device.
// The browser asks for permission only after the button is pressed; the subscription is made
// through the service worker (/sw.js, which imports sw-push.js to show the messages) with the
// site's VAPID public key, and posted to the server as JSON with the page's CSRF token.
(function () {
  "use strict";

  var box = document.querySelector("[data-push]");
  if (!box) return;
  var onForm = box.querySelector("[data-push-subscribe]");
  var offForm = box.querySelector("[data-push-unsubscribe]");
  var status = box.querySelector("[data-push-status]");
  var READY_WITHIN = 10000; // ms: without a service worker, navigator.serviceWorker.ready never comes

  function say(kind, text) {
    status.textContent = text || box.dataset["text" + kind.charAt(0).toUpperCase() + kind.slice(1)];
  }

  // "On" stays offered even when this browser has a subscription: the server may not know
  // it (it forgets a device's subscription when someone logs out there), and sending it
  // again is harmless.
  function show(subscribed) {
    onForm.hidden = false;
    offForm.hidden = !subscribed;
  }

  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    say("unsupported");
    return;
  }

  // The VAPID key as the bytes PushManager.subscribe wants.
  function keyBytes(base64url) {
    var base64 = (base64url + "===".slice((base64url.length + 3) % 4))
      .replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(base64);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function sameKey(subscription, wanted) {
    var key = subscription.options && subscription.options.applicationServerKey;
    if (!key) return true; // the browser does not tell: assume it is ours
    var have = new Uint8Array(key);
    if (have.length !== wanted.length) return false;
    for (var i = 0; i < have.length; i++) if (have[i] !== wanted[i]) return false;
    return true;
  }

  function registration() {
    return Promise.race([
      navigator.serviceWorker.ready,
      new Promise(function (resolve, reject) {
        setTimeout(function () { reject(new Error("no service worker")); }, READY_WITHIN);
      })
    ]);
  }

  function post(form, body) {
    var token = form.querySelector("[name=csrfmiddlewaretoken]").value;
    return fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (!response.ok) throw new Error(answer.error || String(response.status));
        return answer;
      });
    });
  }

  function subscribe(reg) {
    var key = keyBytes(box.dataset.publicKey);
    return reg.pushManager.getSubscription().then(function (existing) {
      // A subscription made with another key (the site's keys were renewed) cannot be reused.
      if (existing && sameKey(existing, key)) return existing;
      var gone = existing ? existing.unsubscribe() : Promise.resolve();
      return gone.then(function () {
        return reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
      });
    });
  }

  onForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var button = onForm.querySelector("button");
    button.disabled = true;
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") {
        say("denied");
        return;
      }
      return registration().then(subscribe).then(function (subscription) {
        return post(onForm, subscription.toJSON());
      }).then(function (answer) {
        show(true);
        say("on", answer.message);
      });
    }).catch(function (error) {
      say("failed", box.dataset.textFailed + (error && error.message ? " (" + error.message + ")" : ""));
    }).then(function () { button.disabled = false; });
  });

  offForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var button = offForm.querySelector("button");
    button.disabled = true;
    registration().then(function (reg) {
      return reg.pushManager.getSubscription();
    }).then(function (subscription) {
      if (!subscription) return { message: box.dataset.textOff };
      var endpoint = subscription.endpoint;
      return subscription.unsubscribe().then(function () {
        return post(offForm, { endpoint: endpoint });
      });
    }).then(function (answer) {
      show(false);
      say("off", answer.message);
    }).catch(function () {
      say("failed");
    }).then(function () { button.disabled = false; });
  });

  // What this device has now: no permission is asked for here.
  if (Notification.permission === "denied") say("denied");
  registration().then(function (reg) {
    return reg.pushManager.getSubscription();
  }).then(function (subscription) {
    show(Boolean(subscription));
  }, function () {
    show(false);
  });
})();

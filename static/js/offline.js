// On every page: the service worker (the app without a connection), the offline notice,
// the send queue's state, and forgetting everything on the device at logout.
(function () {
  "use strict";

  var worker = "serviceWorker" in navigator;
  var bar = document.querySelector("[data-offline-bar]");
  var queueBar = document.querySelector("[data-queue-bar]");

  if (worker) {
    navigator.serviceWorker.register("/sw.js").catch(function () {});
  }

  function showConnection() {
    if (bar) bar.hidden = navigator.onLine;
  }

  // The queue's state in words; the texts are in the page (translated), with {n}.
  function showQueue(outcome) {
    if (!queueBar || !window.BPStore) return;
    BPStore.list().then(function (entries) {
      var waiting = entries.filter(function (e) { return e.state !== "attention"; }).length;
      var attention = entries.length - waiting;
      var lines = [];
      if (outcome && outcome.sent) lines.push(text("sent", outcome.sent));
      if (waiting) lines.push(text("waiting", waiting));
      if (attention) lines.push(text("attention", attention));
      queueBar.querySelector("[data-queue-text]").textContent = lines.join(" ");
      queueBar.hidden = lines.length === 0;
    });
  }

  function text(kind, n) {
    var one = queueBar.dataset[kind + "One"];
    var many = queueBar.dataset[kind + "Many"];
    return (n === 1 ? one : many).replace("{n}", n);
  }

  // Send what waits: through the service worker when there is one (it also sends when the
  // browser wakes it with Background Sync), else from the page.
  function sendQueue() {
    if (!window.BPStore || !navigator.onLine) return;
    BPStore.list().then(function (entries) {
      if (!entries.some(function (e) { return e.state !== "attention"; })) return;
      if (worker && navigator.serviceWorker.controller) {
        navigator.serviceWorker.controller.postMessage("send-queue");
      } else {
        BPStore.send().then(showQueue);
      }
    });
  }

  if (worker) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "queue") showQueue(event.data);
    });
  }

  window.addEventListener("online", function () { showConnection(); sendQueue(); });
  window.addEventListener("offline", showConnection);
  document.addEventListener("queue:changed", function () { showQueue(); });

  // Logout on a shared phone: drafts, the send queue and the pages kept are removed. What
  // still waits to be sent is named first.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("[data-logout]") || !window.BPStore || form.dataset.forgotten) return;
    event.preventDefault();
    BPStore.list().then(function (entries) {
      if (entries.length && !window.confirm(form.dataset.confirmUnsent.replace("{n}", entries.length))) {
        return;
      }
      var done = [BPStore.forget()];
      if (window.caches) done.push(caches.delete("pages"));
      Promise.all(done).then(function () {
        form.dataset.forgotten = "1";
        form.submit();
      }, function () { form.submit(); });
    });
  });

  showConnection();
  var me = document.body.dataset.user || "";
  if (window.BPStore) {
    BPStore.setUser(me).then(function (forgetPages) {
      if (forgetPages && window.caches) caches.delete("pages");
      showQueue();
      sendQueue();
    });
  }
})();

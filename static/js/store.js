// What the device keeps for the volunteer, in IndexedDB: drafts of forms being filled in
// (photos included) and the send queue of forms sent without a connection. Used by the
// pages (forms.js, offline.js) and by the service worker (sw.js), so either can send the
// queue: every report carries its own submission id, and the server stores it once.
(function (scope) {
  "use strict";

  var DB = "buurtpreventie";
  var opening = null;

  function open() {
    if (!opening) {
      opening = new Promise(function (resolve, reject) {
        var request = indexedDB.open(DB, 2);
        request.onupgradeneeded = function () {
          var db = request.result;
          if (!db.objectStoreNames.contains("drafts")) db.createObjectStore("drafts");
          if (!db.objectStoreNames.contains("queue")) db.createObjectStore("queue", { keyPath: "id" });
          // Who is logged in on this phone now: the queue sends only their forms.
          if (!db.objectStoreNames.contains("meta")) db.createObjectStore("meta");
        };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
      });
    }
    return opening;
  }

  function run(store, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(store, mode);
        var result = work(tx.objectStore(store));
        tx.oncomplete = function () { resolve(result && "result" in result ? result.result : result); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }

  // A form as the device keeps it: its fields, and its files as blobs.
  function capture(form) {
    var fields = [];
    var files = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.name === "csrfmiddlewaretoken") return;
      if (el.type === "file") {
        Array.prototype.forEach.call(el.files, function (file) {
          files.push({ name: el.name, blob: file, filename: file.name, type: file.type });
        });
      } else if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) fields.push([el.name, el.value]);
      } else if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.selectedOptions, function (option) {
          fields.push([el.name, option.value]);
        });
      } else if (el.type !== "submit" && el.type !== "button") {
        fields.push([el.name, el.value]);
      }
    });
    return { fields: fields, files: files };
  }

  function body(entry, token) {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", token);
    entry.fields.forEach(function (pair) { data.append(pair[0], pair[1]); });
    entry.files.forEach(function (file) { data.append(file.name, file.blob, file.filename); });
    return data;
  }

  // The form's page again, for a fresh CSRF token: the one on a page kept on the device
  // may be from before a new login.
  // Not logged in (a redirect to the login page, not followed: the login page would set a
  // new CSRF cookie under the feet of a person logging in): it waits.
  function freshToken(url) {
    return fetch(url, { credentials: "same-origin", cache: "no-store", redirect: "manual" })
      .then(function (response) {
        if (!response.ok) throw new Error("not logged in");
        return response.text();
      })
      .then(function (html) {
        var found = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(html);
        if (!found) throw new Error("no form");
        return found[1];
      });
  }

  // Sends what waits in the queue. Sent: gone from the queue. Refused by the server (the
  // form needs correcting): kept, marked, and opened again as a draft by the person.
  // Still no connection: kept for the next try. Resolves to {sent, waiting, attention}.
  var sending = null;
  function send() {
    if (sending) return sending;
    sending = Promise.all([list(), user()]).then(function (found) {
      var entries = found[0].filter(function (entry) { return entry.user === found[1]; });
      var outcome = { sent: [], waiting: 0, attention: 0 };
      var chain = Promise.resolve();
      entries.forEach(function (entry) {
        chain = chain.then(function () {
          if (entry.state === "attention") { outcome.attention++; return; }
          return freshToken(entry.url)
            .then(function (token) {
              return fetch(entry.url, {
                method: "POST",
                body: body(entry, token),
                credentials: "same-origin",
                headers: { Accept: "application/json" },
              });
            })
            .then(function (response) {
              if (response.status === 201 || (response.redirected && response.ok)) {
                outcome.sent.push(entry);
                return remove(entry.id);
              }
              entry.state = "attention";
              entry.status = response.status;
              outcome.attention++;
              return put(entry);
            }, function () {
              outcome.waiting++;
            });
        });
      });
      return chain.then(function () { return outcome; });
    });
    sending.then(function () { sending = null; }, function () { sending = null; });
    return sending;
  }

  function list() {
    return run("queue", "readonly", function (store) { return store.getAll(); })
      .then(function (entries) {
        return entries.sort(function (a, b) { return a.created - b.created; });
      });
  }
  function user() { return run("meta", "readonly", function (s) { return s.get("user"); }); }

  // A page tells who is logged in (an empty id: nobody). When someone else logs in on this
  // phone, what the previous person left (drafts, forms waiting to be sent) cannot be used
  // or sent in their name, and goes. Resolves to true when the kept pages must go too: a
  // page without anyone logged in (the session ended without "log out"), or another person.
  function setUser(id) {
    return user().then(function (previous) {
      if (!id) return true;
      if (previous === id) return false;
      var work = [run("meta", "readwrite", function (s) { s.put(id, "user"); })];
      if (previous) {
        work.push(run("drafts", "readwrite", function (s) { s.clear(); }));
        work.push(run("queue", "readwrite", function (s) { s.clear(); }));
      }
      return Promise.all(work).then(function () { return !!previous; });
    });
  }

  function put(entry) { return run("queue", "readwrite", function (s) { s.put(entry); }); }
  function remove(id) { return run("queue", "readwrite", function (s) { s.delete(id); }); }

  scope.BPStore = {
    capture: capture,
    queue: function (entry) { entry.created = Date.now(); entry.state = "waiting"; return put(entry); },
    list: list,
    setUser: setUser,
    remove: remove,
    send: send,
    draft: function (key) { return run("drafts", "readonly", function (s) { return s.get(key); }); },
    saveDraft: function (key, draft) { return run("drafts", "readwrite", function (s) { s.put(draft, key); }); },
    dropDraft: function (key) { return run("drafts", "readwrite", function (s) { s.delete(key); }); },
    // At logout on a shared phone: nothing of this person stays behind.
    forget: function () {
      return run("drafts", "readwrite", function (s) { s.clear(); })
        .then(function () { return run("queue", "readwrite", function (s) { s.clear(); }); });
    },
  };
})(self);

// Forms that must not lose what a volunteer typed, in the street, on a weak connection
// (the report wizard and the patrol log: <form data-keep="...">):
// - a draft on the device as the person types, photos included, put back when the page
//   opens again;
// - sent by this script: the send button disabled, with upload progress; errors shown
//   without losing the photos chosen;
// - without a connection the form waits in the send queue (store.js) and goes as soon as
//   there is one;
// - photos scaled down on the phone (long side at most 2048 px, JPEG) before they go; parts
//   of them blurred there first if the volunteer wants (blur.js).
(function () {
  "use strict";

  var MAX_SIDE = 2048;
  var timers = new WeakMap();  // a draft is saved a moment after the typing stops

  function keyOf(form) { return form.dataset.keep + ":" + location.pathname + location.search; }

  // --- Drafts -------------------------------------------------------------------------
  function saveDraft(form) {
    if (!window.BPStore) return;
    var draft = BPStore.capture(form);
    draft.saved = Date.now();
    BPStore.saveDraft(keyOf(form), draft).catch(function () {});
  }

  function restoreDraft(form) {
    if (!window.BPStore || form.dataset.bound === "1") return;
    BPStore.draft(keyOf(form)).then(function (draft) {
      if (!draft) return;
      fill(form, draft);
      var note = form.querySelector("[data-draft-note]");
      if (note) note.hidden = false;
      form.dispatchEvent(new CustomEvent("form:restored", { bubbles: true }));
    });
  }

  function fill(form, draft) {
    var values = {};
    draft.fields.forEach(function (pair) { (values[pair[0]] = values[pair[0]] || []).push(pair[1]); });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in values) || el.type === "hidden") return;
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = values[el.name].indexOf(el.value) !== -1;
      } else if (el.type !== "file") {
        el.value = values[el.name][0];
      }
    });
    setFiles(form, draft.files);
  }

  function setFiles(form, files) {
    if (!files.length || typeof DataTransfer === "undefined") return;
    var byName = {};
    files.forEach(function (f) { (byName[f.name] = byName[f.name] || []).push(f); });
    Object.keys(byName).forEach(function (name) {
      var input = form.querySelector("input[type=file][name='" + name + "']");
      if (!input) return;
      var transfer = new DataTransfer();
      byName[name].forEach(function (f) {
        transfer.items.add(new File([f.blob], f.filename, { type: f.type }));
      });
      input.files = transfer.files;
    });
  }

  // --- Photos -------------------------------------------------------------------------
  function scaleDown(file) {
    if (!/^image\//.test(file.type) || typeof createImageBitmap === "undefined") {
      return Promise.resolve(file);
    }
    return createImageBitmap(file).then(function (image) {
      var scale = Math.min(1, MAX_SIDE / Math.max(image.width, image.height));
      if (scale === 1 && file.size <= 1024 * 1024 && file.type === "image/jpeg") return file;
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(image.width * scale);
      canvas.height = Math.round(image.height * scale);
      canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          var name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
          resolve(blob ? new File([blob], name, { type: "image/jpeg" }) : file);
        }, "image/jpeg", 0.85);
      });
    }, function () { return file; });
  }

  function scalePhotos(input) {
    if (typeof DataTransfer === "undefined") return Promise.resolve();
    if (!input.files.length) { photosChanged(input); return Promise.resolve(); }
    return Promise.all(Array.prototype.map.call(input.files, scaleDown)).then(function (files) {
      var transfer = new DataTransfer();
      files.forEach(function (f) { transfer.items.add(f); });
      input.files = transfer.files;
      photosChanged(input);
    });
  }

  // The photos in the input are the ones that will go (scaled, or with parts blurred by
  // blur.js): said in words, kept in the draft, and told to the page ("photos:ready").
  function photosChanged(input) {
    var status = input.form.querySelector("[data-photo-status]");
    if (status) {
      var files = Array.prototype.slice.call(input.files);
      var total = files.reduce(function (sum, f) { return sum + f.size; }, 0);
      status.textContent = files.length ? status.dataset.template.replace("{n}", files.length)
        .replace("{size}", Math.max(1, Math.round(total / 1024)) + " kB") : "";
    }
    saveDraft(input.form);
    input.dispatchEvent(new CustomEvent("photos:ready", { bubbles: true }));
  }

  // --- Sending ------------------------------------------------------------------------
  function submitButton(form) { return form.querySelector("[type=submit]"); }

  function busy(form, on, fraction) {
    var button = submitButton(form);
    var progress = form.querySelector("progress[data-progress]");
    if (button) {
      button.disabled = on;
      if (on && !button.dataset.label) button.dataset.label = button.textContent;
      button.textContent = on ? form.dataset.sending : button.dataset.label || button.textContent;
    }
    if (progress) {
      progress.hidden = !on;
      progress.value = Math.round((fraction || 0) * 100);
    }
  }

  function send(form) {
    var data = new FormData(form);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action || location.href);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = function (event) {
      if (event.lengthComputable) busy(form, true, event.loaded / event.total);
    };
    xhr.onload = function () {
      var sentTo = xhr.getResponseHeader("Content-Type") || "";
      if (xhr.status === 201 && sentTo.indexOf("json") !== -1) {
        done(form);
        location.assign(JSON.parse(xhr.responseText).url);
      } else if (xhr.status === 422 || (xhr.status === 200 && xhr.responseURL === form.action)) {
        showErrors(form, xhr.responseText);
      } else if (xhr.status === 200) {
        done(form);
        location.assign(xhr.responseURL);
      } else {
        busy(form, false);
        form.querySelector("[data-send-error]").hidden = false;
      }
    };
    xhr.onerror = function () { queue(form); };
    busy(form, true, 0);
    xhr.send(data);
  }

  function done(form) {
    clearTimeout(timers.get(form));  // a draft saved after this would come back
    if (window.BPStore) BPStore.dropDraft(keyOf(form)).catch(function () {});
  }

  // The server's answer with the errors, in place of the form; the photos chosen stay.
  function showErrors(form, html) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    var region = form.closest("[data-form-region]");
    var freshRegion = fresh.querySelector("[data-form-region]");
    if (!region || !freshRegion) { document.open(); document.write(html); document.close(); return; }
    var fileInputs = Array.prototype.slice.call(form.querySelectorAll("input[type=file]"));
    region.innerHTML = freshRegion.innerHTML;
    var newForm = region.querySelector("form[data-keep]");
    fileInputs.forEach(function (input) {
      var slot = newForm.querySelector("input[type=file][name='" + input.name + "']");
      if (!slot) return;
      // The server's verdict on the photos shows with them (Bootstrap shows a field's error
      // after an input marked invalid).
      ["class", "aria-invalid", "aria-describedby"].forEach(function (name) {
        if (slot.hasAttribute(name)) input.setAttribute(name, slot.getAttribute(name));
        else input.removeAttribute(name);
      });
      slot.replaceWith(input);
    });
    var kept = newForm.querySelector("[data-photos-kept]");
    if (kept && fileInputs.some(function (i) { return i.files.length; })) kept.hidden = false;
    newForm.dispatchEvent(new CustomEvent("form:replaced", { bubbles: true }));
    var alert = region.querySelector("[role=alert]");
    if (alert) { alert.setAttribute("tabindex", "-1"); alert.focus(); }
  }

  // No connection: into the send queue, and a plain message in place of the form.
  function queue(form) {
    if (!window.BPStore) { busy(form, false); form.querySelector("[data-send-error]").hidden = false; return; }
    var entry = BPStore.capture(form);
    var id = form.querySelector("[name=submission]");
    entry.id = id && id.value ? id.value : keyOf(form) + ":" + Date.now();
    entry.url = form.action || location.href;
    entry.user = document.body.dataset.user || "";
    entry.title = form.dataset.title || document.title;
    BPStore.queue(entry).then(function () {
      done(form);
      if (navigator.serviceWorker && navigator.serviceWorker.ready) {
        navigator.serviceWorker.ready.then(function (registration) {
          if (registration.sync) return registration.sync.register("send-queue");
        }).catch(function () {});
      }
      var region = form.closest("[data-form-region]") || form.parentNode;
      var note = document.getElementById("queued-template");
      if (note) {
        region.innerHTML = note.innerHTML;
        var heading = region.querySelector("h1, h2");
        if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
      }
      document.dispatchEvent(new CustomEvent("queue:changed"));
    });
  }

  // --- Wiring -------------------------------------------------------------------------
  function later(form) {
    clearTimeout(timers.get(form));
    timers.set(form, setTimeout(function () { saveDraft(form); }, 400));
  }

  document.addEventListener("input", function (event) {
    var form = event.target.form;
    if (form && form.matches("form[data-keep]") && event.target.type !== "file") later(form);
  });
  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (!form || !form.matches("form[data-keep]")) return;
    if (event.target.type === "file") {
      // A new choice: the server's verdict on the photos sent before no longer holds.
      event.target.classList.remove("is-invalid");
      event.target.removeAttribute("aria-invalid");
      scalePhotos(event.target);
    } else {
      later(form);
    }
  });
  // Parts of a photo blurred (blur.js): the blurred copy is in the input now.
  document.addEventListener("photos:edited", function (event) {
    var form = event.target.form;
    if (form && form.matches("form[data-keep]")) photosChanged(event.target);
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-keep]") || typeof FormData === "undefined") return;
    event.preventDefault();
    if (submitButton(form) && submitButton(form).disabled) return;  // sent already
    if (!navigator.onLine) queue(form);
    else send(form);
  });
  document.addEventListener("click", function (event) {
    var clear = event.target.closest("[data-draft-clear]");
    if (!clear) return;
    var form = clear.closest("form[data-keep]");
    BPStore.dropDraft(keyOf(form)).then(function () { location.reload(); });
  });

  // A new report gets its own id here: the page may come from the phone's copy, shown for
  // report after report, and the server stores one report per id. After an error the
  // server's page carries the id that was sent, and it stays.
  function newId() {
    if (crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); });
    return h.slice(0, 4).join("") + "-" + h.slice(4, 6).join("") + "-" + h.slice(6, 8).join("") +
      "-" + h.slice(8, 10).join("") + "-" + h.slice(10).join("");
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-keep]").forEach(function (form) {
      var id = form.querySelector("input[name=submission]");
      if (id && form.dataset.bound !== "1") id.value = newId();
      restoreDraft(form);
    });
  });
})();

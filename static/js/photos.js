// The photos chosen in the report wizard (signal_form.html), each with the question whether
// people or licence plates are on it and a button to blur parts of it on the phone. The
// blurring (blur.js) loads once photos are chosen, so a report without photos never fetches
// it; without a connection, when it never loaded before, the photo says blurring does not
// work now, and the button tries again. forms.js scales the photos and keeps them in the
// draft. Texts come from the page.
(function () {
  "use strict";

  if (!window.DataTransfer || !window.createImageBitmap || !window.HTMLDialogElement) return;

  var counts = new WeakMap();  // file input -> parts blurred, per photo
  var focusAfter = null;  // the photo whose button gets the focus when the previews are new
  var loading = null;

  function field(element) { return element.closest(".photo-field"); }
  function fill(text, n) { return text.replace("{n}", n); }

  function blurring(list) {
    if (window.BPBlur) return Promise.resolve(window.BPBlur);
    loading = loading || new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = list.dataset.blurScript;
      script.onload = function () { resolve(window.BPBlur); };
      script.onerror = function () {
        loading = null;  // tried again with the next photos or the next tap
        script.remove();
        reject(new Error("blur.js"));
      };
      document.head.appendChild(script);
    });
    return loading;
  }

  function offline(list, shown) {
    list.querySelectorAll("[data-blur-offline]").forEach(function (note) { note.hidden = !shown; });
  }

  function previews(input) {
    var list = field(input).querySelector("[data-photo-previews]");
    var template = field(input).querySelector("template").content.firstElementChild;
    var blurred = counts.get(input) || [];
    list.textContent = "";
    list.hidden = !input.files.length;
    Array.prototype.forEach.call(input.files, function (file, i) {
      var item = template.cloneNode(true);
      var name = item.querySelector("[data-photo-name]");
      var thumb = item.querySelector("canvas");
      var button = item.querySelector("button");
      var note = item.querySelector("[data-photo-blurred]");
      name.textContent = fill(list.dataset.photoLabel, i + 1);
      name.id = "photo-" + (i + 1);
      thumb.setAttribute("aria-label", name.textContent);
      button.dataset.index = i;
      button.setAttribute("aria-describedby", name.id);
      note.hidden = !blurred[i];
      note.textContent = fill(list.dataset.blurredText, blurred[i]);
      list.appendChild(item);
      createImageBitmap(file).then(function (image) {
        var scale = 192 / Math.max(image.width, image.height);
        thumb.width = image.width * scale;
        thumb.height = image.height * scale;
        thumb.getContext("2d").drawImage(image, 0, 0, thumb.width, thumb.height);
        image.close();
      }, function () { thumb.hidden = button.hidden = true; });  // the server will say why
      if (i === focusAfter) button.focus();
    });
    focusAfter = null;
    if (input.files.length) blurring(list).catch(function () { offline(list, true); });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-blur-open]");
    if (!button) return;
    var input = field(button).querySelector("input[type=file]");
    var i = +button.dataset.index;
    var list = button.closest("[data-photo-previews]");
    blurring(list).then(function (blur) {
      offline(list, false);
      return blur.open(input, i);
    }, function () {
      offline(list, true);
      return 0;
    }).then(function (parts) {
      if (!parts) { button.focus(); return; }
      var blurred = counts.get(input) || [];
      blurred[i] = (blurred[i] || 0) + parts;
      counts.set(input, blurred);
      focusAfter = i;
      // forms.js keeps the blurred copy in the draft and counts it; the previews follow.
      input.dispatchEvent(new CustomEvent("photos:edited", { bubbles: true }));
    });
  });
  // A new choice: the old previews go at once, the new ones come when forms.js has scaled
  // the photos (photos:ready), as after a blur, a draft put back or the server's answer.
  document.addEventListener("change", function (event) {
    if (event.target.type !== "file" || !field(event.target)) return;
    counts.delete(event.target);
    field(event.target).querySelector("[data-photo-previews]").hidden = true;
  });
  document.addEventListener("photos:ready", function (event) {
    if (field(event.target)) previews(event.target);
  });
  ["form:restored", "form:replaced"].forEach(function (name) {
    document.addEventListener(name, function (event) {
      var input = event.target.querySelector(".photo-field input[type=file]");
      if (input) previews(input);
    });
  });
})();

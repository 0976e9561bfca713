// Photos that show no one. Each photo chosen in the report wizard shows with the question
// whether people or licence plates are on it, and the volunteer can blur parts of it here,
// on the phone: drag a rectangle over a face or a plate (finger or mouse), or place a box
// and move it with the keyboard. "Done" puts the blurred copy in the form in place of the
// photo, so the original is not sent, queued (store.js) or kept in the draft from then on.
// The texts come from the page (signal_form.html). Without the browser features used here
// nothing shows, and the photos go as chosen; the server re-encodes them either way.
(function () {
  "use strict";

  if (typeof DataTransfer === "undefined" || typeof createImageBitmap === "undefined" ||
      typeof HTMLDialogElement === "undefined" || !HTMLCanvasElement.prototype.toBlob) {
    return;
  }

  var THUMB_SIDE = 192;  // canvas pixels of a preview's long side (shown at half that)
  // A blurred rectangle is averaged in square blocks, this many across its long side, and
  // the blocks are blended into each other: no face or character survives that.
  var BLOCKS = 6;
  var MIN_DRAG = 8;  // screen pixels: a shorter drag is a tap, and blurs nothing
  var QUALITY = 0.85;  // the JPEG quality forms.js scales photos at
  var blurredCounts = new WeakMap();  // file input -> parts blurred, per photo

  function fill(template, n) { return template.replace("{n}", n); }
  function photoField(input) { return input.closest(".photo-field"); }

  // --- Previews ---------------------------------------------------------------------
  function showPreviews(input, focusIndex) {
    var field = photoField(input);
    var list = field && field.querySelector("[data-photo-previews]");
    if (!list) return;
    var template = field.querySelector("template[data-photo-preview]");
    var counts = blurredCounts.get(input) || [];
    list.textContent = "";
    list.hidden = !input.files.length;
    Array.prototype.forEach.call(input.files, function (file, index) {
      var item = template.content.firstElementChild.cloneNode(true);
      var name = item.querySelector("[data-photo-name]");
      var label = fill(list.dataset.photoLabel, index + 1);
      name.textContent = label;
      name.id = "photo-preview-" + (index + 1);
      var thumb = item.querySelector("canvas");
      thumb.setAttribute("aria-label", label);
      var button = item.querySelector("[data-blur-open]");
      button.dataset.index = index;
      button.setAttribute("aria-describedby", name.id);
      if (counts[index]) {
        var done = item.querySelector("[data-photo-blurred]");
        done.textContent = fill(list.dataset.blurredText, counts[index]);
        done.hidden = false;
      }
      list.appendChild(item);
      createImageBitmap(file).then(function (image) {
        var scale = THUMB_SIDE / Math.max(image.width, image.height);
        thumb.width = Math.max(1, Math.round(image.width * scale));
        thumb.height = Math.max(1, Math.round(image.height * scale));
        thumb.getContext("2d").drawImage(image, 0, 0, thumb.width, thumb.height);
        image.close();
      }, function () {
        // Not an image this browser can show (the server says what is wrong with it).
        thumb.hidden = true;
        button.hidden = true;
      });
      if (index === focusIndex) button.focus();
    });
  }

  // Too many photos chosen: said at once (after sending, the server's error says it).
  function countPhotos(input) {
    var tooMany = photoField(input).querySelector("[data-photo-too-many]");
    if (tooMany) tooMany.hidden = input.files.length <= parseInt(input.dataset.max || "5", 10);
  }

  // --- Blurring -----------------------------------------------------------------------
  // The rectangle's pixels averaged per block, and the blocks drawn back blended (smooth
  // scaling up): pixelated and blurred in one, the same in every browser.
  function blurRegion(context, box) {
    var block = Math.max(4, Math.ceil(Math.max(box.w, box.h) / BLOCKS));
    var cols = Math.ceil(box.w / block);
    var rows = Math.ceil(box.h / block);
    var pixels = context.getImageData(box.x, box.y, box.w, box.h).data;
    var sums = new Float64Array(cols * rows * 4);
    for (var y = 0; y < box.h; y++) {
      var rowStart = Math.floor(y / block) * cols;
      for (var x = 0; x < box.w; x++) {
        var i = (y * box.w + x) * 4;
        var j = (rowStart + Math.floor(x / block)) * 4;
        sums[j] += pixels[i];
        sums[j + 1] += pixels[i + 1];
        sums[j + 2] += pixels[i + 2];
        sums[j + 3] += 1;
      }
    }
    var small = document.createElement("canvas");
    small.width = cols;
    small.height = rows;
    var smallContext = small.getContext("2d");
    var averages = smallContext.createImageData(cols, rows);
    for (var k = 0; k < sums.length; k += 4) {
      averages.data[k] = sums[k] / sums[k + 3];
      averages.data[k + 1] = sums[k + 1] / sums[k + 3];
      averages.data[k + 2] = sums[k + 2] / sums[k + 3];
      averages.data[k + 3] = 255;
    }
    smallContext.putImageData(averages, 0, 0);
    context.save();
    context.beginPath();
    context.rect(box.x, box.y, box.w, box.h);
    context.clip();
    context.imageSmoothingEnabled = true;
    context.imageSmoothingQuality = "high";
    context.drawImage(small, box.x, box.y, cols * block, rows * block);
    context.restore();
  }

  // --- The editor (one at a time) -----------------------------------------------------
  var editor = null;
  var bound = new WeakSet();  // dialogs whose buttons and canvas listen already
  var focusAfter = null;  // the photo whose button has the focus once its previews are new

  function openEditor(input, index) {
    var dialog = photoField(input).querySelector("[data-blur-dialog]");
    createImageBitmap(input.files[index]).then(function (image) {
      var canvas = dialog.querySelector("[data-blur-canvas]");
      var base = document.createElement("canvas");
      canvas.width = base.width = image.width;
      canvas.height = base.height = image.height;
      editor = {
        input: input, index: index, image: image, dialog: dialog, canvas: canvas,
        base: base, boxes: [], drag: null, box: null, saved: false,
      };
      if (!bound.has(dialog)) { bind(dialog); bound.add(dialog); }
      var title = dialog.querySelector("[data-blur-title]");
      title.textContent = fill(dialog.dataset.title, index + 1);
      canvas.setAttribute("aria-label", fill(dialog.dataset.photoLabel, index + 1));
      render();
      dialog.showModal();
      title.focus();
    }, function () {});  // not an image this browser can show: its preview has no button
  }

  // The photo with every rectangle blurred, from the original: again after "undo".
  function render() {
    var context = editor.base.getContext("2d");
    context.drawImage(editor.image, 0, 0);
    editor.boxes.forEach(function (box) { blurRegion(context, box); });
    draw();
    controls();
  }

  // On screen: the blurred photo, and the rectangle being dragged or the keyboard's box.
  function draw() {
    var canvas = editor.canvas;
    var context = canvas.getContext("2d");
    context.drawImage(editor.base, 0, 0);
    var box = editor.drag ? editor.drag.box : editor.box;
    if (!box) return;
    var shown = canvas.getBoundingClientRect().width || canvas.width;
    var line = Math.max(2, Math.round(3 * canvas.width / shown));
    context.save();
    context.lineWidth = line;
    context.strokeStyle = "#ffffff";
    context.strokeRect(box.x, box.y, box.w, box.h);
    context.setLineDash([4 * line, 4 * line]);
    context.strokeStyle = "#000000";
    context.strokeRect(box.x, box.y, box.w, box.h);
    context.restore();
  }

  function controls() {
    var dialog = editor.dialog;
    var keyboard = !!editor.box;
    dialog.querySelector("[data-blur-undo]").disabled = !editor.boxes.length;
    dialog.querySelector("[data-blur-place]").hidden = keyboard;
    dialog.querySelector("[data-blur-apply]").hidden = !keyboard;
    dialog.querySelector("[data-blur-keys]").hidden = !keyboard;
    var status = dialog.querySelector("[data-blur-status]");
    var count = editor.boxes.length;
    status.textContent = count ? fill(dialog.dataset.blurredText, count) : "";
  }

  function add(box) {
    editor.boxes.push(box);
    blurRegion(editor.base.getContext("2d"), box);
    draw();
    controls();
  }

  // A point of the page in the photo's own pixels, inside the photo.
  function toPhoto(clientX, clientY) {
    var rect = editor.canvas.getBoundingClientRect();
    var x = (clientX - rect.left) * editor.canvas.width / rect.width;
    var y = (clientY - rect.top) * editor.canvas.height / rect.height;
    return {
      x: Math.round(Math.max(0, Math.min(editor.canvas.width, x))),
      y: Math.round(Math.max(0, Math.min(editor.canvas.height, y))),
    };
  }

  function between(a, b) {
    return {
      x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(a.x - b.x), h: Math.abs(a.y - b.y),
    };
  }

  function keyboardBox() {
    var side = Math.round(Math.min(editor.canvas.width, editor.canvas.height) / 3);
    return {
      x: Math.round((editor.canvas.width - side) / 2),
      y: Math.round((editor.canvas.height - side) / 2),
      w: side,
      h: side,
    };
  }

  // Arrow keys move the box, with Shift they make it wider, narrower, taller or shorter;
  // it always stays inside the photo.
  function moveBox(key, resize) {
    var box = editor.box;
    var width = editor.canvas.width;
    var height = editor.canvas.height;
    var step = Math.max(1, Math.round(Math.min(width, height) / 20));
    var dx = key === "ArrowRight" ? step : key === "ArrowLeft" ? -step : 0;
    var dy = key === "ArrowDown" ? step : key === "ArrowUp" ? -step : 0;
    if (resize) {
      box.w = Math.max(step, Math.min(width - box.x, box.w + dx));
      box.h = Math.max(step, Math.min(height - box.y, box.h + dy));
    } else {
      box.x = Math.max(0, Math.min(width - box.w, box.x + dx));
      box.y = Math.max(0, Math.min(height - box.h, box.y + dy));
    }
    draw();
  }

  // "Done" with the keyboard's box still open blurs it too: it was put over something.
  function save() {
    var done = editor.dialog.querySelector("[data-blur-done]");
    if (editor.box) { add(editor.box); editor.box = null; }
    if (!editor.boxes.length) { editor.dialog.close(); return; }
    done.disabled = true;
    var current = editor;
    current.base.toBlob(function (blob) {
      done.disabled = false;
      if (!blob) { current.dialog.close(); return; }
      var input = current.input;
      var original = input.files[current.index];
      var name = original.name.replace(/\.[^.]*$/, "") + ".jpg";
      var transfer = new DataTransfer();
      Array.prototype.forEach.call(input.files, function (file, i) {
        var blurred = i === current.index;
        transfer.items.add(blurred ? new File([blob], name, { type: "image/jpeg" }) : file);
      });
      input.files = transfer.files;
      var counts = blurredCounts.get(input) || [];
      counts[current.index] = (counts[current.index] || 0) + current.boxes.length;
      blurredCounts.set(input, counts);
      current.saved = true;
      current.dialog.close();
      // forms.js keeps the new copy in the draft and says so; the previews follow, with
      // the focus back on this photo's button.
      focusAfter = current.index;
      input.dispatchEvent(new CustomEvent("photos:edited", { bubbles: true }));
    }, "image/jpeg", QUALITY);
  }

  function bind(dialog) {
    var canvas = dialog.querySelector("[data-blur-canvas]");
    canvas.addEventListener("pointerdown", function (event) {
      if (!editor || event.button > 0) return;
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      var start = toPhoto(event.clientX, event.clientY);
      editor.box = null;
      editor.drag = {
        id: event.pointerId, x: event.clientX, y: event.clientY, start: start,
        box: between(start, start),
      };
      controls();
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!editor || !editor.drag || editor.drag.id !== event.pointerId) return;
      editor.drag.box = between(editor.drag.start, toPhoto(event.clientX, event.clientY));
      var dragging = editor;
      if (!dragging.frame) {
        dragging.frame = requestAnimationFrame(function () {
          dragging.frame = 0;
          if (editor === dragging) draw();
        });
      }
    });
    canvas.addEventListener("pointerup", function (event) {
      if (!editor || !editor.drag || editor.drag.id !== event.pointerId) return;
      var drag = editor.drag;
      editor.drag = null;
      var box = between(drag.start, toPhoto(event.clientX, event.clientY));
      var dragged = Math.abs(event.clientX - drag.x) >= MIN_DRAG &&
        Math.abs(event.clientY - drag.y) >= MIN_DRAG;
      if (dragged && box.w > 0 && box.h > 0) {
        add(box);
      } else {
        draw();
      }
    });
    canvas.addEventListener("pointercancel", function () {
      if (!editor) return;
      editor.drag = null;
      draw();
    });
    dialog.addEventListener("keydown", function (event) {
      if (!editor || !editor.box || !/^Arrow(Up|Down|Left|Right)$/.test(event.key)) return;
      event.preventDefault();
      moveBox(event.key, event.shiftKey);
    });
    dialog.addEventListener("click", function (event) {
      if (!editor) return;
      var button = event.target.closest("button");
      if (!button) return;
      if (button.matches("[data-blur-place]")) {
        editor.box = keyboardBox();
        draw();
        controls();
        dialog.querySelector("[data-blur-apply]").focus();
      } else if (button.matches("[data-blur-apply]")) {
        var box = editor.box;
        editor.box = null;
        add(box);
        dialog.querySelector("[data-blur-place]").focus();
      } else if (button.matches("[data-blur-undo]")) {
        editor.boxes.pop();
        render();
        if (!editor.boxes.length) dialog.querySelector("[data-blur-place]").focus();
      } else if (button.matches("[data-blur-cancel]")) {
        dialog.close();
      } else if (button.matches("[data-blur-done]")) {
        save();
      }
    });
    // "Done", "Cancel" or Escape: the original and the copies leave memory.
    dialog.addEventListener("close", function () {
      if (!editor) return;
      var closed = editor;
      editor = null;
      closed.image.close();
      closed.canvas.width = closed.canvas.height = 0;
      if (closed.saved) return;  // the previews are made again (photos:ready)
      var field = photoField(closed.input);
      var selector = "[data-blur-open][data-index='" + closed.index + "']";
      var button = field && field.querySelector(selector);
      if (button) button.focus();
    });
  }

  // --- Wiring -------------------------------------------------------------------------
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-blur-open]");
    if (!button || editor) return;
    var input = photoField(button).querySelector("input[type=file]");
    var index = parseInt(button.dataset.index, 10);
    if (input && input.files[index]) openEditor(input, index);
  });
  // A new choice: the previews of the old one go at once, the new ones come when forms.js
  // has scaled the photos.
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.type !== "file" || !photoField(input)) return;
    blurredCounts.delete(input);
    var list = photoField(input).querySelector("[data-photo-previews]");
    if (list) { list.textContent = ""; list.hidden = true; }
  });
  document.addEventListener("photos:ready", function (event) {
    if (!photoField(event.target)) return;
    var index = focusAfter;
    focusAfter = null;
    showPreviews(event.target, index);
    countPhotos(event.target);
  });
  // A draft put back, or the server's answer with errors in place of the form (forms.js).
  document.addEventListener("form:restored", function (event) {
    var input = event.target.querySelector(".photo-field input[type=file]");
    if (input) { showPreviews(input, null); countPhotos(input); }
  });
  document.addEventListener("form:replaced", function (event) {
    var input = event.target.querySelector(".photo-field input[type=file]");
    if (input) showPreviews(input, null);
  });
})();

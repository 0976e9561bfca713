// Blurring parts of a photo on the phone, in the report wizard's dialog (signal_form.html);
// photos.js loads this once photos are chosen. Drag over a face or a plate with a finger or
// the mouse, or place a box and move it with the keys. "Done" puts the blurred JPEG in the
// file input in place of the photo, so only that copy is sent, queued or kept in the draft.
// BPBlur.open(input, index) resolves to the number of parts blurred (0: nothing changed).
(function () {
  "use strict";

  var BLOCKS = 6;  // blocks across a blurred rectangle's long side
  var editor = null;

  function fill(text, n) { return text.replace("{n}", n); }
  function field(element) { return element.closest(".photo-field"); }
  function find(root, selector) { return root.querySelector(selector); }

  // The rectangle averaged in blocks and the blocks blended back in (smooth scaling up):
  // pixelated and blurred at once, alike in every browser. No face or character survives.
  function blur(context, box) {
    var size = Math.max(4, Math.ceil(Math.max(box.w, box.h) / BLOCKS));
    var cols = Math.ceil(box.w / size);
    var rows = Math.ceil(box.h / size);
    var pixels = context.getImageData(box.x, box.y, box.w, box.h).data;
    var sums = new Float64Array(cols * rows * 4);
    for (var i = 0; i < pixels.length; i += 4) {
      var x = (i / 4) % box.w;
      var y = Math.floor(i / 4 / box.w);
      var j = 4 * (Math.floor(y / size) * cols + Math.floor(x / size));
      sums[j] += pixels[i];
      sums[j + 1] += pixels[i + 1];
      sums[j + 2] += pixels[i + 2];
      sums[j + 3]++;
    }
    var small = document.createElement("canvas");
    small.width = cols;
    small.height = rows;
    var averages = small.getContext("2d").createImageData(cols, rows);
    for (var k = 0; k < sums.length; k += 4) {
      for (var c = 0; c < 3; c++) averages.data[k + c] = sums[k + c] / sums[k + 3];
      averages.data[k + 3] = 255;
    }
    small.getContext("2d").putImageData(averages, 0, 0);
    context.save();
    context.beginPath();
    context.rect(box.x, box.y, box.w, box.h);
    context.clip();
    context.imageSmoothingQuality = "high";
    context.drawImage(small, box.x, box.y, cols * size, rows * size);
    context.restore();
  }

  function open(input, i) {
    var dialog = find(field(input), "dialog");
    var canvas = find(dialog, "canvas");
    if (editor) return Promise.resolve(0);
    return createImageBitmap(input.files[i]).then(function (image) {
      return new Promise(function (resolve) {
        var base = document.createElement("canvas");  // the photo with its parts blurred
        canvas.width = base.width = image.width;
        canvas.height = base.height = image.height;
        editor = {
          input: input, i: i, image: image, dialog: dialog, canvas: canvas, base: base,
          boxes: [], resolve: resolve,
        };
        if (!dialog.dataset.ready) listen(dialog);
        var title = find(dialog, "h2");
        title.textContent = fill(dialog.dataset.title, i + 1);
        canvas.setAttribute("aria-label", fill(dialog.dataset.photoLabel, i + 1));
        render();
        dialog.showModal();
        title.focus();
      });
    });
  }

  function render() {  // from the original, again after "undo"
    var context = editor.base.getContext("2d");
    context.drawImage(editor.image, 0, 0);
    editor.boxes.forEach(function (box) { blur(context, box); });
    draw();
  }

  // On screen: the blurred photo, the rectangle being dragged or the keyboard's box, and the
  // buttons that fit.
  function draw() {
    var canvas = editor.canvas;
    var context = canvas.getContext("2d");
    var box = editor.drag ? editor.drag.box : editor.box;
    var dialog = editor.dialog;
    context.drawImage(editor.base, 0, 0);
    if (box) {
      var shown = canvas.getBoundingClientRect().width || canvas.width;
      context.lineWidth = Math.max(2, 3 * canvas.width / shown);
      context.setLineDash([]);
      context.strokeStyle = "#fff";
      context.strokeRect(box.x, box.y, box.w, box.h);
      context.setLineDash([4 * context.lineWidth]);
      context.strokeStyle = "#000";
      context.strokeRect(box.x, box.y, box.w, box.h);
    }
    find(dialog, "[data-blur-undo]").disabled = !editor.boxes.length;
    find(dialog, "[data-blur-place]").hidden = !!editor.box;
    find(dialog, "[data-blur-apply]").hidden = !editor.box;
    find(dialog, "[data-blur-keys]").hidden = !editor.box;
    var status = find(dialog, "[data-blur-status]");
    var text = editor.boxes.length ? fill(dialog.dataset.blurredText, editor.boxes.length) : "";
    if (status.textContent !== text) status.textContent = text;
  }

  function add(box) {
    if (box.w > 0 && box.h > 0) {
      editor.boxes.push(box);
      blur(editor.base.getContext("2d"), box);
    }
    editor.box = null;
    draw();
  }

  function at(event) {  // a point of the page in the photo's pixels, inside the photo
    var canvas = editor.canvas;
    var rect = canvas.getBoundingClientRect();
    var x = (event.clientX - rect.left) * canvas.width / rect.width;
    var y = (event.clientY - rect.top) * canvas.height / rect.height;
    return {
      x: Math.round(Math.min(Math.max(0, x), canvas.width)),
      y: Math.round(Math.min(Math.max(0, y), canvas.height)),
      screenX: event.clientX,
      screenY: event.clientY,
    };
  }

  function span(a, b) {
    var x = Math.min(a.x, b.x);
    var y = Math.min(a.y, b.y);
    return { x: x, y: y, w: Math.max(a.x, b.x) - x, h: Math.max(a.y, b.y) - y };
  }

  // Arrow keys move the keyboard's box, a twentieth of the photo a step; with Shift they
  // make it wider, narrower, taller or shorter. It stays inside the photo.
  function move(event) {
    var box = editor && editor.box;
    var arrow = /^Arrow(Left|Right|Up|Down)$/.exec(event.key);
    if (!box || !arrow) return;
    event.preventDefault();
    var width = editor.canvas.width;
    var height = editor.canvas.height;
    var step = Math.round(Math.min(width, height) / 20) || 1;
    var dx = { Left: -step, Right: step }[arrow[1]] || 0;
    var dy = { Up: -step, Down: step }[arrow[1]] || 0;
    if (event.shiftKey) {
      box.w = Math.max(step, Math.min(width - box.x, box.w + dx));
      box.h = Math.max(step, Math.min(height - box.y, box.h + dy));
    } else {
      box.x = Math.max(0, Math.min(width - box.w, box.x + dx));
      box.y = Math.max(0, Math.min(height - box.h, box.y + dy));
    }
    draw();
  }

  function save() {
    var done = editor;
    if (done.saving) return;
    if (done.box) add(done.box);  // "Done" with the keyboard's box out: it covers something
    if (!done.boxes.length) return done.dialog.close();
    done.saving = true;
    done.base.toBlob(function (blob) {
      if (editor !== done) return;  // closed in the meantime: nothing changes
      if (!blob) return done.dialog.close();
      var input = done.input;
      var files = new DataTransfer();
      Array.prototype.forEach.call(input.files, function (file, i) {
        var name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
        files.items.add(i === done.i ? new File([blob], name, { type: "image/jpeg" }) : file);
      });
      input.files = files.files;
      done.saved = true;
      done.dialog.close();
    }, "image/jpeg", 0.85);
  }

  function listen(dialog) {
    var canvas = find(dialog, "canvas");
    dialog.dataset.ready = "1";
    canvas.addEventListener("pointerdown", function (event) {
      if (!editor || event.button > 0) return;
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      var from = at(event);
      editor.box = null;
      editor.drag = { id: event.pointerId, from: from, box: span(from, from) };
      draw();
    });
    canvas.addEventListener("pointermove", function (event) {
      var current = editor;
      if (!current || !current.drag || current.drag.id !== event.pointerId) return;
      current.drag.box = span(current.drag.from, at(event));
      current.frame = current.frame || requestAnimationFrame(function () {
        current.frame = 0;
        if (editor === current) draw();
      });
    });
    function end(event) {
      if (!editor || !editor.drag || editor.drag.id !== event.pointerId) return;
      var from = editor.drag.from;
      var to = at(event);
      editor.drag = null;
      // A tap, or a drag of less than 8 screen pixels either way, blurs nothing.
      var dx = Math.abs(to.screenX - from.screenX);
      var dy = Math.abs(to.screenY - from.screenY);
      var dragged = dx >= 8 && dy >= 8;
      if (event.type === "pointerup" && dragged) add(span(from, to));
      else draw();
    }
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    dialog.addEventListener("keydown", move);
    dialog.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!editor || !button) return;
      if (button.matches("[data-blur-place]")) {
        var side = Math.round(Math.min(canvas.width, canvas.height) / 3);
        var x = Math.round((canvas.width - side) / 2);
        editor.box = { x: x, y: Math.round((canvas.height - side) / 2), w: side, h: side };
        draw();
        find(dialog, "[data-blur-apply]").focus();
      } else if (button.matches("[data-blur-apply]")) {
        add(editor.box);
        find(dialog, "[data-blur-place]").focus();
      } else if (button.matches("[data-blur-undo]")) {
        editor.boxes.pop();
        render();
        if (!editor.boxes.length) find(dialog, "[data-blur-place]").focus();
      } else if (button.matches("[data-blur-cancel]")) {
        dialog.close();
      } else if (button.matches("[data-blur-done]")) {
        save();
      }
    });
    // "Done", "Cancel" or Escape: the photo leaves memory.
    dialog.addEventListener("close", function () {
      var closed = editor;
      if (!closed) return;
      editor = null;
      closed.image.close();
      closed.canvas.width = 0;
      closed.resolve(closed.saved ? closed.boxes.length : 0);
    });
  }

  window.BPBlur = { open: open };
})();

// The report form as steps on a phone. Without JavaScript every step shows at once and the
// form still works; the server checks everything again.
(function () {
  "use strict";

  function init(form) {
    var steps = Array.prototype.slice.call(form.querySelectorAll(".wizard-step"));
    var current = parseInt(form.dataset.start || "0", 10) || 0;

    function show(index) {
      current = Math.max(0, Math.min(index, steps.length - 1));
      steps.forEach(function (step, i) {
        step.hidden = i !== current;
      });
      var legend = steps[current].querySelector("legend");
      if (legend) {
        legend.setAttribute("tabindex", "-1");
        legend.focus();
      }
      document.dispatchEvent(new CustomEvent("wizard:step", { detail: steps[current] }));
      // The step itself hears that it is shown ("Al gemeld?" asks the server only then).
      steps[current].dispatchEvent(new CustomEvent("wizard:shown"));
    }

    function stepIsValid(step) {
      var fields = step.querySelectorAll("input[required], select[required], textarea[required]");
      for (var i = 0; i < fields.length; i++) {
        if (!fields[i].checkValidity()) {
          fields[i].reportValidity();
          return false;
        }
      }
      return true;
    }

    form.addEventListener("click", function (event) {
      if (event.target.closest("[data-next]")) {
        if (stepIsValid(steps[current])) show(current + 1);
      } else if (event.target.closest("[data-back]")) {
        show(current - 1);
      }
    });

    // The chosen category shows its guidance, its subcategories, and whether photos may go.
    var radios = form.querySelectorAll("input[name='category']");
    var subcategory = form.querySelector("select[name='subcategory']");
    var photoField = form.querySelector(".photo-field");

    function chooseCategory() {
      var chosen = form.querySelector("input[name='category']:checked");
      form.querySelectorAll("[data-guidance-for]").forEach(function (panel) {
        panel.hidden = !chosen || panel.dataset.guidanceFor !== chosen.value;
      });
      if (subcategory) {
        var any = false;
        Array.prototype.forEach.call(subcategory.options, function (option) {
          if (!option.dataset.parent) return;
          var match = chosen && option.dataset.parent === chosen.value;
          option.hidden = !match;
          option.disabled = !match;
          if (match) any = true;
          if (!match && option.selected) subcategory.value = "";
        });
        subcategory.closest(".subcategory-field").hidden = !any;
      }
      if (photoField) {
        photoField.hidden = !!chosen && chosen.dataset.photos !== "1";
        var input = photoField.querySelector("input[type='file']");
        if (photoField.hidden && input && input.files.length) {
          input.value = "";
          // The page forgets them too: the draft, the count and the previews (forms.js, blur.js).
          input.dispatchEvent(new Event("change", { bubbles: true }));
        }
      }
    }

    radios.forEach(function (radio) {
      radio.addEventListener("change", chooseCategory);
    });
    // A draft put back (forms.js) may have chosen a category.
    form.addEventListener("form:restored", chooseCategory);
    chooseCategory();
    show(current);
    form.classList.add("wizard-ready");
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.wizard").forEach(init);
  });
  // The server's answer with errors replaced the form (forms.js): its steps start again at
  // the first one with an error.
  document.addEventListener("form:replaced", function (event) {
    if (event.target.matches("form.wizard")) init(event.target);
  });
})();

// Standard feedback phrases: a tap puts the phrase in the text box, to adjust before sending.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-phrase]");
    if (!button) return;
    var form = button.closest("form");
    var text = form && form.querySelector("textarea");
    if (text) {
      text.value = button.dataset.phrase;
      text.focus();
    }
  });
})();

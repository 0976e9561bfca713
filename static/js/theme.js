// The system's colour scheme (light or dark), set before the page is drawn and followed
// when it changes: Bootstrap 5.3 colour modes read data-bs-theme on <html>.
(function () {
  "use strict";
  var dark = window.matchMedia("(prefers-color-scheme: dark)");
  function apply() {
    document.documentElement.setAttribute("data-bs-theme", dark.matches ? "dark" : "light");
  }
  apply();
  dark.addEventListener("change", apply);
})();

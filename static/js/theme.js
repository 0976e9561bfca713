// Before the page is drawn: the system's colour scheme (light or dark), followed when it
// changes (Bootstrap 5.3 colour modes read data-bs-theme on <html>), and a "js" class.
(function () {
  "use strict";
  var dark = window.matchMedia("(prefers-color-scheme: dark)");
  function apply() {
    document.documentElement.setAttribute("data-bs-theme", dark.matches ? "dark" : "light");
  }
  apply();
  dark.addEventListener("change", apply);
  // Paper is white: print in the light scheme, then back. A [data-print] button prints.
  window.addEventListener("beforeprint", function () {
    document.documentElement.setAttribute("data-bs-theme", "light");
  });
  window.addEventListener("afterprint", apply);
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) { window.print(); }
  });
  // Scripts run: steps of a wizard are hidden before the page is drawn (app.css), so
  // the page does not jump when wizard.js shows one step at a time.
  document.documentElement.classList.add("js");
})();

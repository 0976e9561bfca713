// Draws every <canvas data-chart="…"> with Chart.js. The spec comes from the page as JSON in
// the attribute, so no inline script is needed (the Content Security Policy forbids it). The
// server writes the whole spec (teams/charts.py): the colours of one colour-blind-safe palette,
// and the axes with their titles and units. Here only what depends on the page: the text and
// outline colours of the light or dark theme, followed when it changes.
(function () {
  "use strict";

  var charts = [];

  // Sets the theme's colours in a chart's own spec (options and datasets as written, not the
  // values Chart.js resolved from them), so that an update draws them.
  function themed(options, datasets) {
    var style = window.getComputedStyle(document.documentElement);
    var text = style.getPropertyValue("--bs-body-color").trim();
    var lines = style.getPropertyValue("--bs-border-color").trim();
    options.color = text;
    options.plugins.legend.labels = { color: text };
    Object.keys(options.scales).forEach(function (id) {
      var scale = options.scales[id];
      scale.ticks = Object.assign(scale.ticks || {}, { color: text });
      scale.title = Object.assign(scale.title || {}, { color: text });
      scale.grid = Object.assign(scale.grid || {}, { color: lines });
    });
    // An outline in the text colour sets every bar off from its neighbours and from the page,
    // the pale colours on white and the dark ones in dark mode alike.
    datasets.forEach(function (dataset) {
      dataset.borderColor = text;
      dataset.borderWidth = 1;
    });
  }

  function draw(canvas) {
    var spec = JSON.parse(canvas.dataset.chart);
    var options = {
      indexAxis: spec.horizontal ? "y" : "x",
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: true, position: "bottom" } },
      scales: spec.scales,
    };
    themed(options, spec.datasets);
    return new window.Chart(canvas, {
      type: spec.type || "bar",
      data: { labels: spec.labels, datasets: spec.datasets },
      options: options,
    });
  }

  function drawAll(root) {
    root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      if (!canvas.dataset.drawn) {
        canvas.dataset.drawn = "true";
        charts.push(draw(canvas));
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawAll(document);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    drawAll(event.target);
  });
  // theme.js switches the page's theme on this same change, and it listened first.
  window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", function () {
    charts = charts.filter(function (chart) {
      return chart.canvas.isConnected;
    });
    charts.forEach(function (chart) {
      themed(chart.config.options, chart.config.data.datasets);
      chart.update();
    });
  });
})();

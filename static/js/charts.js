// Draws every <canvas data-chart="…"> with Chart.js. The data comes from the page as JSON in
// the attribute, so no inline script is needed (the Content Security Policy forbids it).
(function () {
  "use strict";

  function draw(canvas) {
    var spec = JSON.parse(canvas.dataset.chart);
    var stacked = spec.stacked === true;
    var counts = { stacked: stacked, beginAtZero: true, ticks: { precision: 0 } };
    var labels = { stacked: stacked };
    var horizontal = spec.horizontal === true;
    return new window.Chart(canvas, {
      type: spec.type || "bar",
      data: { labels: spec.labels, datasets: spec.datasets },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { position: "bottom" } },
        scales: horizontal ? { x: counts, y: labels } : { x: labels, y: counts },
      },
    });
  }

  function drawAll(root) {
    root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      if (!canvas.dataset.drawn) {
        canvas.dataset.drawn = "true";
        draw(canvas);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawAll(document);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    drawAll(event.target);
  });
})();

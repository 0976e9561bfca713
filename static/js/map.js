// Leaflet maps without a tile server: neighbourhood outlines on a plain background, tiles
// only when configured. Marker icons come from explicit static URLs (hashed names break
// Leaflet's guess). Data arrives in data-map as JSON: no inline script.
(function () {
  "use strict";

  function inside(lat, lng, points) {
    var hit = false;
    for (var i = 0, j = points.length - 1; i < points.length; j = i++) {
      var a = points[i], b = points[j];
      if ((a[1] > lng) !== (b[1] > lng) && lat < a[0] + ((lng - a[1]) * (b[0] - a[0])) / (b[1] - a[1])) {
        hit = !hit;
      }
    }
    return hit;
  }

  function link(point) {
    var anchor = document.createElement("a");
    anchor.href = point.url;
    anchor.textContent = point.title + " (" + point.status + ")";
    return anchor;
  }

  function init(element) {
    if (element.dataset.ready) return;
    element.dataset.ready = "true";
    var config = JSON.parse(element.dataset.map);
    var map = window.L.map(element, { attributionControl: !!config.tiles });
    if (config.tiles) {
      window.L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
    }
    var icon = window.L.icon({
      iconUrl: config.icon,
      iconRetinaUrl: config.icon2x,
      shadowUrl: config.shadow,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      popupAnchor: [1, -34],
      shadowSize: [41, 41],
    });
    var bounds = [];
    (config.areas || []).forEach(function (area) {
      if (!area.boundary || !area.boundary.length) return;
      window.L.polygon(area.boundary, { color: "#0a58ca", weight: 2, fillOpacity: 0.05 })
        .bindTooltip(area.name)
        .addTo(map);
      bounds = bounds.concat(area.boundary);
    });
    (config.points || []).forEach(function (point) {
      window.L.marker([point.lat, point.lng], { icon: icon }).bindPopup(link(point)).addTo(map);
      bounds.push([point.lat, point.lng]);
    });
    function frame() {
      if (bounds.length) map.fitBounds(bounds, { padding: [16, 16] });
      else map.setView([52.1, 5.1], 7);
    }
    // A map in a hidden wizard step has no size yet: frame it when its step shows.
    if (element.offsetWidth > 0) frame();
    else map.setView([52.1, 5.1], 7);
    document.addEventListener("wizard:step", function () {
      if (element.offsetWidth > 0) {
        map.invalidateSize();
        frame();
      }
    });

    if (!element.dataset.pick) return;
    var form = element.closest("form");
    var marker = null;
    var status = form.querySelector("[data-location-status]");

    function place(lat, lng) {
      form.querySelector("input[name='latitude']").value = lat.toFixed(6);
      form.querySelector("input[name='longitude']").value = lng.toFixed(6);
      if (marker) marker.setLatLng([lat, lng]);
      else marker = window.L.marker([lat, lng], { icon: icon }).addTo(map);
      var select = form.querySelector("select[name='neighbourhood']");
      (config.areas || []).forEach(function (area) {
        if (select && area.boundary && inside(lat, lng, area.boundary)) select.value = String(area.id);
      });
      if (status) status.textContent = element.dataset.placed || "";
    }

    map.on("click", function (event) {
      place(event.latlng.lat, event.latlng.lng);
    });
    var locate = form.querySelector("[data-locate]");
    if (locate && navigator.geolocation) {
      locate.addEventListener("click", function () {
        navigator.geolocation.getCurrentPosition(
          function (position) {
            place(position.coords.latitude, position.coords.longitude);
            map.setView([position.coords.latitude, position.coords.longitude], 17);
          },
          function () {
            if (status) status.textContent = locate.dataset.denied || "";
          },
          { enableHighAccuracy: true, timeout: 10000 }
        );
      });
    } else if (locate) {
      locate.hidden = true;
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-map]").forEach(init);
  });
})();

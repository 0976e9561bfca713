// Leaflet maps without a tile server: neighbourhood outlines on a plain background, tiles
// only when configured. Marker icons come from explicit static URLs (hashed names break
// Leaflet's guess). Data arrives in data-map as JSON: no inline script. On the report form:
// tap or "use my location" to mark the place and fill in the street; street suggestions.
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

  // Leaflet reads a string as HTML: names from the admin go in as text, never as markup.
  function text(value) {
    var span = document.createElement("span");
    span.textContent = value;
    return span;
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
    var map = window.L.map(element, { attributionControl: !!config.tiles, zoomControl: false });
    // Leaflet's own buttons say "Zoom in" and "Zoom out": in the page's language instead.
    window.L.control.zoom({ zoomInTitle: config.zoomIn, zoomOutTitle: config.zoomOut }).addTo(map);
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
        .bindTooltip(text(area.name))
        .addTo(map);
      bounds = bounds.concat(area.boundary);
    });
    (config.points || []).forEach(function (point) {
      var marker = window.L.marker([point.lat, point.lng], { icon: icon, alt: point.title });
      // A point with a page links to it; the signal's own page shows just the place.
      if (point.url) marker.bindPopup(link(point));
      else marker.bindTooltip(text(point.title));
      marker.addTo(map);
      bounds.push([point.lat, point.lng]);
    });
    function frame() {
      if (bounds.length === 1) map.setView(bounds[0], 17);
      else if (bounds.length) map.fitBounds(bounds, { padding: [16, 16] });
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
    var locate = form.querySelector("[data-locate]");
    var lookup = null;

    function say(text) {
      if (status) status.textContent = text || "";
    }

    function choose(select, value) {
      if (!select || !select.querySelector("option[value='" + value + "']")) return;
      select.value = value;
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function place(lat, lng) {
      form.querySelector("input[name='latitude']").value = lat.toFixed(6);
      form.querySelector("input[name='longitude']").value = lng.toFixed(6);
      if (marker) marker.setLatLng([lat, lng]);
      else marker = window.L.marker([lat, lng], { icon: icon }).addTo(map);
      var select = form.querySelector("select[name='neighbourhood']");
      (config.areas || []).forEach(function (area) {
        if (area.boundary && inside(lat, lng, area.boundary)) choose(select, String(area.id));
      });
      say(element.dataset.placed);
    }

    // A value the page filled in: shown as filled (green, with a check mark) until the person
    // changes it, and announced as events, so whatever keeps the form's draft sees it too.
    function fill(name, value) {
      var input = form.querySelector("input[name='" + name + "']");
      if (!input) return;
      input.value = value;
      input.classList.toggle("is-valid", !!value);
      input.dispatchEvent(new Event("input", { bubbles: true }));
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    form.addEventListener("input", function (event) {
      if (event.isTrusted && event.target.classList) event.target.classList.remove("is-valid");
    });

    // The street at the point, asked from our own server (which asks PDOK or looks in the
    // street list): from "use my location" always, from a tap on the map only while the
    // street is still empty.
    function lookUp(lat, lng, overwrite) {
      var url = locate && locate.dataset.addressUrl;
      var street = form.querySelector("input[name='street']");
      if (!url || !street || !window.fetch || (!overwrite && street.value.trim())) return;
      if (lookup) lookup.abort();
      lookup = new AbortController();
      say(locate.dataset.finding);
      var query = new URLSearchParams({ lat: lat.toFixed(6), lon: lng.toFixed(6) });
      fetch(url + "?" + query, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        signal: lookup.signal,
      })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(function (found) {
          if (found.neighbourhood_id) {
            choose(form.querySelector("select[name='neighbourhood']"), String(found.neighbourhood_id));
          }
          if (!found.street) {
            say(locate.dataset.notFound);
            return;
          }
          var changed = street.value.trim() !== found.street;
          fill("street", found.street);
          if (found.house_number || changed) fill("house_number", found.house_number || "");
          var address = [found.street, found.house_number].filter(Boolean).join(" ");
          say((locate.dataset.filled || "").replace("{address}", address));
        })
        .catch(function (error) {
          if (error.name !== "AbortError") say(locate.dataset.notFound);
        });
    }

    map.on("click", function (event) {
      place(event.latlng.lat, event.latlng.lng);
      lookUp(event.latlng.lat, event.latlng.lng, false);
    });
    if (locate && navigator.geolocation) {
      locate.addEventListener("click", function () {
        say(locate.dataset.searching);
        navigator.geolocation.getCurrentPosition(
          function (position) {
            var lat = position.coords.latitude, lng = position.coords.longitude;
            place(lat, lng);
            map.setView([lat, lng], 17);
            lookUp(lat, lng, true);
          },
          function () {
            say(locate.dataset.denied);
          },
          { enableHighAccuracy: true, timeout: 10000 }
        );
      });
    } else if (locate) {
      locate.hidden = true;
    }
  }

  // Street names offered while typing: a native <datalist> bound to the street field, filled
  // from our server as the person types (after a pause), so the browser's own list works with
  // the keyboard and screen readers.
  function suggestStreets(list) {
    var form = list.closest("form");
    var input = form && form.querySelector("input[name='street']");
    if (!input || !window.fetch) return;
    input.setAttribute("list", list.id);
    input.setAttribute("autocomplete", "off");
    var timer = null, pending = null, asked = "";

    function offered(value) {
      return Array.prototype.some.call(list.options, function (option) {
        return option.value === value;
      });
    }

    function ask(query) {
      if (pending) pending.abort();
      pending = new AbortController();
      asked = query;
      fetch(list.dataset.url + "?" + new URLSearchParams({ q: query }), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        signal: pending.signal,
      })
        .then(function (response) {
          return response.ok ? response.json() : { streets: [] };
        })
        .then(function (found) {
          var options = found.streets.map(function (street) {
            var option = document.createElement("option");
            option.value = street.street;
            if (street.place) option.label = street.place;
            return option;
          });
          list.replaceChildren.apply(list, options);
        })
        .catch(function () {});
    }

    input.addEventListener("input", function (event) {
      // Only what the person types: a value the page filled in asks nothing.
      if (!event.isTrusted) return;
      var query = input.value.trim();
      clearTimeout(timer);
      if (query.length < 2 || query === asked || offered(input.value)) return;
      timer = setTimeout(function () {
        ask(query);
      }, 250);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-map]").forEach(init);
    document.querySelectorAll("datalist[data-street-suggestions]").forEach(suggestStreets);
  });
})();

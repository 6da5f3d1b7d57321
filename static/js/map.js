/* Maps with Leaflet, served from this site's own static files.
 *
 * Markup (templates/core/_map.html): a hidden <div data-map> naming either a JSON script of
 * points, [[lat, lon, label, url, detail], …] (data-points-id), or the list items that carry
 * the points (data-points-from: a selector for <li data-lat data-lon> holding a link and a
 * .meta line). One point: a map centred on it; several: clustered markers fitted to them.
 * Without the script, or without tiles (offline), the page still has the coordinates and
 * links written out beside the map.
 */
(function () {
  "use strict";
  // The box a map fills is shown from the start (so the page does not jump when the map
  // comes); without Leaflet, or without points, it goes.
  function drop(element) {
    element.hidden = true;
  }
  if (!window.L) {
    document.querySelectorAll("[data-map]").forEach(drop);
    return;
  }

  function popup(point) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = point[3];
    link.textContent = point[2];
    box.appendChild(link);
    if (point[4]) {
      var detail = document.createElement("div");
      detail.textContent = point[4];
      box.appendChild(detail);
    }
    return box;
  }

  function pointsOf(element) {
    if (element.dataset.pointsId) {
      var source = document.getElementById(element.dataset.pointsId);
      return source ? JSON.parse(source.textContent) : [];
    }
    var items = document.querySelectorAll(element.dataset.pointsFrom || "li[data-lat]");
    return Array.prototype.map.call(items, function (item) {
      var link = item.querySelector("a");
      var meta = item.querySelector(".meta");
      return [
        parseFloat(item.dataset.lat),
        parseFloat(item.dataset.lon),
        link ? link.textContent : "",
        link ? link.getAttribute("href") : "",
        meta ? meta.textContent : ""
      ];
    });
  }

  document.querySelectorAll("[data-map]").forEach(function (element) {
    var points = pointsOf(element);
    if (!points.length) return drop(element);
    // The controls speak the page's language (data-zoom-in, data-zoom-out, data-close).
    var map = L.map(element, { scrollWheelZoom: false, zoomControl: false });
    L.control.zoom({
      zoomInTitle: element.dataset.zoomIn || "Zoom in",
      zoomOutTitle: element.dataset.zoomOut || "Zoom out"
    }).addTo(map);
    map.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close && element.dataset.close) {
        close.setAttribute("aria-label", element.dataset.close);
        close.setAttribute("title", element.dataset.close);
      }
    });
    var tiles = L.tileLayer(element.dataset.tiles, {
      attribution: element.dataset.attribution,
      maxZoom: 19
    });
    var failed = false;
    tiles.on("tileerror", function () {
      if (failed) return;
      failed = true;
      element.classList.add("map-offline");
      var note = element.parentNode.querySelector(".map-offline-note");
      if (note) note.hidden = false;
    });
    tiles.addTo(map);
    if (element.dataset.icon) {
      // Leaflet finds its marker images next to its CSS by their plain names; static files
      // carry hashed names, so each image is named outright instead.
      L.Icon.Default.imagePath = "";
      L.Icon.Default.mergeOptions({
        iconUrl: element.dataset.icon,
        iconRetinaUrl: element.dataset.icon2x,
        shadowUrl: element.dataset.iconShadow
      });
    }
    var markers = points.map(function (point) {
      var marker = L.marker([point[0], point[1]], { title: point[2], alt: point[2] });
      marker.bindPopup(popup(point));
      return marker;
    });
    var clustered = points.length > 1 && L.markerClusterGroup;
    // Clustered markers are added in chunks, once the map has its view, so that a country with
    // hundreds of missions never holds up the page.
    var layer = clustered
      ? L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40, chunkedLoading: true })
      : L.featureGroup(markers);
    layer.addTo(map);
    if (points.length === 1) {
      map.setView([points[0][0], points[0][1]], 15);
    } else {
      var bounds = L.latLngBounds(points.map(function (point) { return [point[0], point[1]]; }));
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 12 });
    }
    if (clustered) layer.addLayers(markers);
  });
})();

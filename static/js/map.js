/* Maps with Leaflet, served from this site's own static files.
 *
 * Markup (templates/core/_map.html): a <div data-map> naming either a JSON script of points,
 * [[lat, lon, label, url, detail], …] (data-points-id), or the list items that carry the
 * points (data-points-from: a selector for <li data-lat data-lon> holding a link and a .meta
 * line). One point: a map centred on it; several: clustered markers fitted to them. Without
 * the script, or without tiles (offline), the page still has the coordinates and links
 * written out beside the map.
 *
 * A map is drawn when it comes into view, once the browser is idle, and Leaflet is fetched
 * only then (its address is on this script's data-leaflet, the clustering plugin's on
 * data-cluster), in short steps; on a phone, when the reader taps "Show the map". The list of
 * missions and their numbers come first, and a map nobody looks at costs nothing.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var elements = document.querySelectorAll("[data-map]");
  if (!elements.length || !script) return;

  // The box a map fills is shown from the start (so the page does not jump when the map
  // comes); without Leaflet, or without points, it goes.
  function drop(element) {
    element.hidden = true;
  }

  var loading = {};
  function load(src) {
    if (!loading[src]) {
      loading[src] = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = src;
        tag.onload = resolve;
        tag.onerror = reject;
        document.head.appendChild(tag);
      });
    }
    return loading[src];
  }

  // Leaflet, and the clustering plugin when a map has several points (it extends Leaflet, so
  // it comes second).
  function leaflet(clustered) {
    var ready = load(script.dataset.leaflet);
    return clustered && script.dataset.cluster
      ? ready.then(function () { return load(script.dataset.cluster); })
      : ready;
  }

  function whenIdle(callback) {
    if (window.requestIdleCallback) {
      window.requestIdleCallback(callback, { timeout: 2000 });
    } else {
      window.setTimeout(callback, 1);
    }
  }

  function popup(point) {
    // Built when a popup first opens, not for every marker up front.
    return function () {
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
    };
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

  // Each step of drawing a map is a task of its own, so that the page answers a tap between
  // them even on a slow phone.
  function inTurn(steps) {
    if (!steps.length) return;
    var t=performance.now(); steps[0](); console.log('step', Math.round(performance.now()-t));
    window.setTimeout(function () { inTurn(steps.slice(1)); }, 0);
  }

  function draw(element, points) {
    var L = window.L;
    var map;
    var markers;
    inTurn([
      function () {
        // The controls speak the page's language (data-zoom-in, data-zoom-out, data-close).
        map = L.map(element, { scrollWheelZoom: false, zoomControl: false });
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
      },
      function () {
        if (points.length === 1) {
          map.setView([points[0][0], points[0][1]], 15);
        } else {
          var bounds = L.latLngBounds(points.map(function (point) { return [point[0], point[1]]; }));
          map.fitBounds(bounds, { padding: [24, 24], maxZoom: 12 });
        }
      },
      function () {
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
      },
      function () {
        if (element.dataset.icon) {
          // Leaflet finds its marker images next to its CSS by their plain names; static
          // files carry hashed names, so each image is named outright instead.
          L.Icon.Default.imagePath = "";
          L.Icon.Default.mergeOptions({
            iconUrl: element.dataset.icon,
            iconRetinaUrl: element.dataset.icon2x,
            shadowUrl: element.dataset.iconShadow
          });
        }
        markers = points.map(function (point) {
          var marker = L.marker([point[0], point[1]], { title: point[2], alt: point[2] });
          return marker.bindPopup(popup(point));
        });
      },
      function () {
        if (points.length > 1 && L.markerClusterGroup) {
          // A country with hundreds of missions is clustered a few dozen markers at a time.
          var group = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 });
          group.addTo(map);
          var batches = [];
          for (var start = 0; start < markers.length; start += 40) {
            batches.push(markers.slice(start, start + 40));
          }
          inTurn(batches.map(function (batch) {
            return function () { group.addLayers(batch); };
          }));
        } else {
          L.featureGroup(markers).addTo(map);
        }
      }
    ]);
  }

  function show(element) {
    var t=performance.now(); var points = pointsOf(element); console.log('points', Math.round(performance.now()-t));
    if (!points.length) return drop(element);
    leaflet(points.length > 1).then(
      function () { whenIdle(function () { draw(element, points); }); },
      function () { drop(element); }
    );
  }

  // On a phone, or when the reader asked to save data, a map waits for a tap on its button:
  // its tiles cost a traveller's roaming data, and the contacts are what the page is for.
  // Elsewhere a map is drawn when it comes into view.
  var small = window.matchMedia && window.matchMedia("(max-width: 47.99rem)").matches;
  var saveData = navigator.connection && navigator.connection.saveData;
  if (small || saveData) {
    Array.prototype.forEach.call(elements, function (element) {
      var button = element.parentNode.querySelector("[data-map-show]");
      if (!button) return show(element);
      button.hidden = false;
      button.addEventListener("click", function () {
        button.remove();
        show(element);
      });
    });
    return;
  }
  if (!("IntersectionObserver" in window)) {
    Array.prototype.forEach.call(elements, show);
    return;
  }
  var watcher = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) return;
      watcher.unobserve(entry.target);
      whenIdle(function () { show(entry.target); });
    });
  }, { rootMargin: "0px" });
  Array.prototype.forEach.call(elements, function (element) { watcher.observe(element); });
})();

/* HDF Field offline map: prospects as clustered dots, cluster sites, selection tools.
 *
 * Up to some tens of thousands of prospects, the markers arrive as one compact array and
 * markercluster groups them here. Beyond that ("remote" mode) the desktop app keeps the
 * points and their per-zoom clusters in Python: after every pan or zoom the page asks for
 * the clusters of its view (viewChanged) and draws the answer (drawView); selections are
 * sent as shapes (areaSelected) and resolved in Python against every point. Talks to the
 * desktop app through QWebChannel when it is there; works as a plain page otherwise.
 */
(function () {
  "use strict";

  var H = (window.hdfMap = {
    ready: false,
    readyMs: null,
    selection: [],
    events: [],
  });

  var bridge = null;
  var pending = [];

  function send(method, arg) {
    H.events.push([method, arg]);
    if (bridge && bridge[method]) {
      bridge[method](arg);
    } else {
      pending.push([method, arg]);
    }
  }

  function connectBridge() {
    if (!(window.QWebChannel && window.qt && window.qt.webChannelTransport)) {
      return;
    }
    new window.QWebChannel(window.qt.webChannelTransport, function (channel) {
      bridge = channel.objects.hdfBridge || null;
      if (!bridge) {
        return;
      }
      var queued = pending;
      pending = [];
      queued.forEach(function (p) {
        if (bridge[p[0]]) {
          bridge[p[0]](p[1]);
        }
      });
    });
  }

  function escapeHtml(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  var map, group, cfg;
  var markers = [];
  var byId = {};
  var visible = [];
  var icons = [];
  var selectedIcons = [];
  var selectionLayer, focusRing = null;
  var mode = "pan";
  var radiusKm = 10;

  function dotIcon(status, selected) {
    var size = selected ? 16 : 12;
    return L.divIcon({
      className: "hdf-dot hdf-s" + status + (selected ? " hdf-selected" : ""),
      iconSize: [size, size],
      iconAnchor: [size / 2, size / 2],
      html: "",
    });
  }

  function clusterIcon(cluster) {
    var children = cluster.getAllChildMarkers();
    var counts = new Array(cfg.statuses.length).fill(0);
    for (var i = 0; i < children.length; i++) {
      counts[children[i].hdfStatus] += 1;
    }
    return pieIcon(counts, children.length);
  }

  /* A cluster as a pie of its statuses with its count in the middle. */
  function pieIcon(counts, total) {
    var stops = [];
    var acc = 0;
    for (var s = 0; s < counts.length; s++) {
      if (!counts[s]) {
        continue;
      }
      var start = (acc / total) * 360;
      acc += counts[s];
      var end = (acc / total) * 360;
      stops.push(cfg.statuses[s][2] + " " + start.toFixed(1) + "deg " + end.toFixed(1) + "deg");
    }
    var size = total < 10 ? 30 : total < 100 ? 36 : total < 1000 ? 44 : 52;
    return L.divIcon({
      className: "hdf-cluster",
      iconSize: [size, size],
      html:
        '<div class="hdf-cluster-pie" style="background:conic-gradient(' +
        stops.join(",") +
        ')"><span>' +
        total +
        "</span></div>",
    });
  }

  function markReady() {
    if (H.ready) {
      return;
    }
    window.requestAnimationFrame(function () {
      declutterLabels();
      H.ready = true;
      H.readyMs = performance.now();
      H.timings.ready = H.readyMs;
      var count = cfg.remote ? cfg.remote.total : visible.length;
      send("markersReady", JSON.stringify({ count: count, ms: H.readyMs, timings: H.timings }));
      loadOutlines();
    });
  }

  function loadMarkers(list) {
    group.clearLayers();
    visible = list;
    if (!list.length) {
      markReady();
      return;
    }
    group.addLayers(list);
  }

  function buildLegend() {
    /* Counts as the app's language writes them: "5 299" in French, "5,299" in English. */
    function formatCount(n) {
      try {
        return Number(n).toLocaleString(cfg.labels.locale || "fr-FR");
      } catch (e) {
        return String(n);
      }
    }
    var legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      var div = L.DomUtil.create("div", "hdf-legend");
      var counts = new Array(cfg.statuses.length).fill(0);
      if (cfg.remote) {
        counts = cfg.remote.counts.slice();
      }
      markers.forEach(function (m) {
        counts[m.hdfStatus] += 1;
      });
      var html = "<h4>" + escapeHtml(cfg.labels.legend) + "</h4>";
      cfg.statuses.forEach(function (st, i) {
        html +=
          '<div class="hdf-legend-row"><i class="hdf-dot hdf-s' +
          i +
          '"></i><span>' +
          escapeHtml(st[1]) +
          '</span><b>' +
          formatCount(counts[i]) +
          "</b></div>";
      });
      if (cfg.sites.length) {
        html +=
          '<div class="hdf-legend-row"><i class="hdf-site-icon"></i><span>' +
          escapeHtml(cfg.labels.sites) +
          "</span><b>" +
          formatCount(cfg.sites.length) +
          "</b></div>";
      }
      div.innerHTML = html;
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    legend.addTo(map);
  }

  function addSites() {
    /* The diamonds get their own pane just under the markers' (600): a cluster drawn over a
     * site keeps its count readable, and the site shows again once the cluster splits. */
    if (!map.getPane("hdfSites")) {
      map.createPane("hdfSites").style.zIndex = 590;
    }
    var layer = L.layerGroup();
    cfg.sites.forEach(function (site) {
      var name = site[0], cluster = site[1], principal = site[4], proposal = site[5];
      var icon = L.divIcon({
        className:
          "hdf-site" + (principal ? " hdf-site-principal" : "") + (proposal ? " hdf-site-proposal" : ""),
        iconSize: [18, 18],
        iconAnchor: [9, 9],
        html: '<div class="hdf-site-icon"></div>',
      });
      var m = L.marker([site[2], site[3]], { icon: icon, pane: "hdfSites", keyboard: false });
      var text = "<b>" + escapeHtml(cluster) + "</b><br>" + escapeHtml(name);
      if (proposal) {
        text += "<br><i>" + escapeHtml(cfg.labels.proposal) + "</i>";
      }
      if (principal) {
        m.bindTooltip(escapeHtml(cluster), {
          permanent: true,
          direction: "right",
          offset: [9, 0],
          className: "hdf-site-label",
        });
        m.bindPopup(text);
      } else {
        m.bindTooltip(text, { direction: "top" });
      }
      layer.addLayer(m);
    });
    layer.addTo(map);
    /* after the clusters are redrawn for the new view (their handlers run after this one) */
    map.on("zoomend moveend", function () {
      window.setTimeout(declutterLabels, 0);
    });
    declutterLabels();
    return layer;
  }

  /* Several clusters sit in the Lille metropolis: hide a site label that would overlap one
   * already shown (principal sites first, in the given order) or a cluster's count, show it
   * again when zoomed. */
  function declutterLabels() {
    var shown = [];
    document.querySelectorAll(".hdf-cluster-pie span").forEach(function (el) {
      shown.push(el.getBoundingClientRect());
    });
    document.querySelectorAll(".hdf-site-label").forEach(function (el) {
      el.style.visibility = "visible";
      var r = el.getBoundingClientRect();
      var hit = shown.some(function (o) {
        return r.left < o.right && r.right > o.left && r.top < o.bottom && r.bottom > o.top;
      });
      if (hit) {
        el.style.visibility = "hidden";
      } else {
        shown.push(r);
      }
    });
  }

  function applySelection(ids, shape) {
    H.selection.forEach(function (id) {
      var m = byId[id];
      if (m) {
        m.setIcon(icons[m.hdfStatus]);
      }
    });
    selectionLayer.clearLayers();
    if (shape) {
      selectionLayer.addLayer(shape);
    }
    ids.forEach(function (id) {
      var m = byId[id];
      if (m) {
        m.setIcon(selectedIcons[m.hdfStatus]);
      }
    });
    H.selection = ids;
    send("selectionMade", JSON.stringify(ids));
  }

  function idsWhere(test) {
    var ids = [];
    for (var i = 0; i < visible.length; i++) {
      if (test(visible[i].getLatLng())) {
        ids.push(visible[i].hdfId);
      }
    }
    return ids;
  }

  var shapeStyle = { color: "#1d4ed8", weight: 2, dashArray: "6 4", fillOpacity: 0.08, interactive: false };

  /* Remote mode: the shape is drawn here, its members are found in Python among all the
   * points; the markers on screen are highlighted by the same test. */
  var selectedTest = null;

  function remoteSelect(area, shape, test) {
    selectionLayer.clearLayers();
    if (shape) {
      selectionLayer.addLayer(shape);
    }
    selectedTest = test;
    visible.forEach(function (m) {
      m.setStyle(dotStyle(m.hdfStatus, test && test(m.getLatLng())));
    });
    H.selection = area;
    send("areaSelected", JSON.stringify(area));
  }

  H.selectRect = function (south, west, north, east) {
    var bounds = L.latLngBounds([south, west], [north, east]);
    if (cfg.remote) {
      remoteSelect(
        { kind: "rect", south: south, west: west, north: north, east: east },
        L.rectangle(bounds, shapeStyle),
        function (ll) {
          return bounds.contains(ll);
        }
      );
      return H.selection;
    }
    applySelection(
      idsWhere(function (ll) {
        return bounds.contains(ll);
      }),
      L.rectangle(bounds, shapeStyle)
    );
    return H.selection;
  };

  H.selectRadius = function (lat, lon, km) {
    if (km) {
      radiusKm = km;
    }
    var center = L.latLng(lat, lon);
    var metres = radiusKm * 1000;
    H.lastCenter = center;
    if (cfg.remote) {
      remoteSelect(
        { kind: "radius", lat: lat, lon: lon, km: radiusKm },
        L.circle(center, Object.assign({ radius: metres }, shapeStyle)),
        function (ll) {
          return center.distanceTo(ll) <= metres;
        }
      );
      return H.selection;
    }
    applySelection(
      idsWhere(function (ll) {
        return center.distanceTo(ll) <= metres;
      }),
      L.circle(center, Object.assign({ radius: metres }, shapeStyle))
    );
    return H.selection;
  };

  H.setRadiusKm = function (km) {
    radiusKm = km;
    if (H.lastCenter && selectionLayer.getLayers()[0] instanceof L.Circle) {
      H.selectRadius(H.lastCenter.lat, H.lastCenter.lng, km);
    }
  };

  H.clearSelection = function () {
    H.lastCenter = null;
    if (cfg.remote) {
      remoteSelect({ kind: "none" }, null, null);
      return;
    }
    applySelection([], null);
  };

  H.setMode = function (newMode) {
    mode = newMode;
    map.getContainer().classList.toggle("hdf-mode-rect", mode === "rect");
    map.getContainer().classList.toggle("hdf-mode-radius", mode === "radius");
  };

  H.showOnly = function (ids) {
    if (cfg.remote) {
      return null; /* filtered in Python; the app calls refresh() */
    }
    if (ids === null) {
      loadMarkers(markers);
      return visible.length;
    }
    var list = [];
    ids.forEach(function (id) {
      if (byId[id]) {
        list.push(byId[id]);
      }
    });
    loadMarkers(list);
    return visible.length;
  };

  H.focus = function (id) {
    var m = byId[id];
    if (focusRing) {
      map.removeLayer(focusRing);
      focusRing = null;
    }
    H.focusedId = m ? id : null;
    if (!m) {
      return false;
    }
    focusRing = L.circleMarker(m.getLatLng(), {
      radius: 13,
      color: "#111827",
      weight: 3,
      fill: false,
      interactive: false,
    }).addTo(map);
    H.focusSettled = null;
    function settled() {
      H.focusSettled = id;
    }
    if (group.hasLayer(m)) {
      group.zoomToShowLayer(m, function () {
        map.setView(m.getLatLng(), map.getZoom(), { animate: false });
        settled();
      });
    } else {
      map.setView(m.getLatLng(), Math.max(map.getZoom(), 13), { animate: false });
      settled();
    }
    return true;
  };

  /* Remote mode: bring a point the page may not have into view; it is settled once the
   * answer for the new view (which holds it, alone, at zoom 14 and above) is drawn. */
  H.focusAt = function (id, lat, lon) {
    if (focusRing) {
      map.removeLayer(focusRing);
      focusRing = null;
    }
    H.focusedId = id;
    H.focusSettled = null;
    focusWaiting = id;
    focusRing = L.circleMarker([lat, lon], {
      radius: 13,
      color: "#111827",
      weight: 3,
      fill: false,
      interactive: false,
    }).addTo(map);
    map.setView([lat, lon], Math.max(map.getZoom(), 14), { animate: false });
    return true;
  };

  /* Remote mode draws lone markers on the canvas (thousands of DOM icons take a second). */
  var dotRenderer = null;

  function dotStyle(status, selected) {
    return {
      renderer: dotRenderer,
      pane: "hdfDots",
      radius: selected ? 8 : 6,
      color: selected ? "#1d4ed8" : "#ffffff",
      weight: selected ? 2.5 : 1.5,
      fillColor: cfg.statuses[status][2],
      fillOpacity: 1,
    };
  }

  var viewSeq = 0;
  var viewAsked = 0;
  var focusWaiting = null;
  var remoteLayer = null;
  H.viewTimes = [];
  H.answerTimes = []; /* moveend -> answer from Python received (remote mode) */

  function requestView() {
    viewSeq += 1;
    viewAsked = performance.now();
    var b = map.getBounds();
    send(
      "viewChanged",
      JSON.stringify({
        seq: viewSeq,
        south: b.getSouth(),
        west: b.getWest(),
        north: b.getNorth(),
        east: b.getEast(),
        zoom: map.getZoom(),
      })
    );
  }

  H.refresh = function () {
    requestView();
    return viewSeq;
  };

  /* The answer to the latest viewChanged: replaces every cluster and marker drawn. Older
   * answers (the user kept panning) are dropped. */
  H.drawView = function (resp) {
    if (!cfg.remote || resp.seq !== viewSeq) {
      return false;
    }
    var asked = viewAsked;
    H.answerTimes.push(performance.now() - asked);
    var layers = [];
    var ids = {};
    var shown = [];
    resp.clusters.forEach(function (c) {
      var m = L.marker([c[0], c[1]], { icon: pieIcon(c[3], c[2]), keyboard: false });
      m.hdfCount = c[2];
      layers.push(m);
    });
    resp.singles.forEach(function (r) {
      var ll = L.latLng(r[2], r[3]);
      var chosen = selectedTest && selectedTest(ll);
      var m = L.circleMarker(ll, dotStyle(r[4], chosen));
      m.hdfId = r[0];
      m.hdfName = r[1];
      m.hdfStatus = r[4];
      m.hdfCommune = r[5];
      ids[r[0]] = m;
      shown.push(m);
      layers.push(m);
    });
    remoteLayer.clearLayers();
    byId = ids;
    visible = shown;
    for (var i = 0; i < layers.length; i++) {
      remoteLayer.addLayer(layers[i]);
    }
    H.lastView = {
      zoom: resp.zoom,
      clusters: resp.clusters.length,
      singles: resp.singles.length,
      total: resp.total,
      bounds: resp.bounds,
    };
    window.requestAnimationFrame(function () {
      H.viewTimes.push(performance.now() - asked);
      if (focusWaiting !== null && byId[focusWaiting]) {
        H.focusSettled = focusWaiting;
        focusWaiting = null;
      }
      H.viewsDrawn = (H.viewsDrawn || 0) + 1;
      declutterLabels();
      markReady();
    });
    return true;
  };

  /* Benchmark hook: move the view; the time to the redrawn markers lands in viewTimes. */
  H.benchView = function (lat, lon, zoom) {
    if (cfg.remote) {
      map.setView([lat, lon], zoom, { animate: false });
      return;
    }
    var asked = performance.now();
    map.once("moveend", function () {
      window.requestAnimationFrame(function () {
        H.viewTimes.push(performance.now() - asked);
        H.viewsDrawn = (H.viewsDrawn || 0) + 1;
      });
    });
    map.setView([lat, lon], zoom, { animate: false });
  };

  /* Where a marker is drawn, in page pixels (null while it is inside a cluster). */
  H.pointOf = function (id) {
    var m = byId[id];
    if (!m || !map.hasLayer(m)) {
      return null;
    }
    return H.pagePoint(m.getLatLng().lat, m.getLatLng().lng);
  };

  H.pagePoint = function (lat, lon) {
    var p = map.latLngToContainerPoint([lat, lon]);
    var r = map.getContainer().getBoundingClientRect();
    return [p.x + r.left, p.y + r.top];
  };

  H.center = function () {
    var c = map.getCenter();
    return [c.lat, c.lng, map.getZoom()];
  };

  H.setTiles = function (urlTemplate, minZoom, maxZoom) {
    if (H.tiles) {
      map.removeLayer(H.tiles);
      H.tiles = null;
    }
    if (urlTemplate) {
      H.tiles = L.tileLayer(urlTemplate, {
        minZoom: 0,
        maxZoom: 19,
        minNativeZoom: minZoom,
        maxNativeZoom: maxZoom,
        attribution: "",
      }).addTo(map);
      H.tiles.bringToBack();
    }
  };

  /* The basemap lives in its own pane and canvas, under the selection shapes and markers,
   * so it can be drawn after them. */
  function decodeLine(line, scale) {
    var out = new Array(line.length / 2);
    var x = 0;
    var y = 0;
    for (var i = 0, j = 0; i < line.length; i += 2, j++) {
      x += line[i];
      y += line[i + 1];
      out[j] = L.latLng(y / scale, x / scale);
    }
    return out;
  }

  function drawOutlines() {
    var data = window.hdfOutlines;
    if (!data || H.basemapDrawn) {
      return;
    }
    var pane = map.createPane("hdfBasemap");
    pane.style.zIndex = 250;
    var renderer = L.canvas({ pane: "hdfBasemap", padding: 0.5 });
    var scale = data.scale;
    function opts(level) {
      return Object.assign(
        { interactive: false, pane: "hdfBasemap", renderer: renderer, smoothFactor: 1.5 },
        cfg.outlineStyles[level]
      );
    }
    if (data.land && data.land.length) {
      var land = data.land.map(function (polygon) {
        return polygon.map(function (ring) {
          return decodeLine(ring, scale);
        });
      });
      L.polygon(land, opts("land")).addTo(map);
    }
    var overlays = {};
    ["communes", "epcis", "departements", "beCantons", "beArrondissements"].forEach(function (level) {
      if (!data[level] || !data[level].length) {
        return;
      }
      var lines = data[level].map(function (line) {
        return decodeLine(line, scale);
      });
      var layer = L.polyline(lines, Object.assign({ fill: false }, opts(level))).addTo(map);
      overlays[cfg.labels[level]] = layer;
    });
    if (cfg.layerControl) {
      L.control.layers(null, overlays, { position: "topright", collapsed: true }).addTo(map);
    }
    H.basemapDrawn = true;
    H.timings.basemapBuilt = performance.now();
    window.requestAnimationFrame(function () {
      H.timings.basemap = performance.now();
      send("basemapReady", JSON.stringify({ ms: H.timings.basemap, timings: H.timings }));
    });
  }

  /* A large basemap script is fetched once the markers are up: they are what the user
   * came for, and the outlines follow a few hundred milliseconds later. */
  function loadOutlines() {
    if (window.hdfOutlines || !cfg.outlinesUrl) {
      drawOutlines();
      return;
    }
    var script = document.createElement("script");
    script.src = cfg.outlinesUrl;
    H.timings.basemapRequested = performance.now();
    script.onload = function () {
      H.timings.basemapLoaded = performance.now();
      drawOutlines();
    };
    document.head.appendChild(script);
  }

  function installTools() {
    map.boxZoom.disable();
    var start = null;
    var rect = null;
    map.on("mousedown", function (e) {
      if (!(mode === "rect" || e.originalEvent.shiftKey) || e.originalEvent.button !== 0) {
        return;
      }
      map.dragging.disable();
      start = e.latlng;
      rect = L.rectangle(L.latLngBounds(start, start), shapeStyle).addTo(map);
    });
    map.on("mousemove", function (e) {
      if (start) {
        rect.setBounds(L.latLngBounds(start, e.latlng));
      }
    });
    function finish(e) {
      if (!start) {
        return;
      }
      var b = L.latLngBounds(start, e.latlng);
      map.removeLayer(rect);
      start = null;
      rect = null;
      map.dragging.enable();
      H.selectRect(b.getSouth(), b.getWest(), b.getNorth(), b.getEast());
    }
    map.on("mouseup", finish);
    map.on("click", function (e) {
      if (mode === "radius") {
        H.selectRadius(e.latlng.lat, e.latlng.lng);
      }
    });
    map.on("contextmenu", function (e) {
      H.selectRadius(e.latlng.lat, e.latlng.lng);
    });
  }

  H.init = function (leafletMap, config) {
    map = leafletMap;
    cfg = config;
    radiusKm = cfg.radiusKm || radiusKm;
    connectBridge();
    H.timings = { init: performance.now() };
    L.control.scale({ imperial: false, position: "bottomleft" }).addTo(map);
    selectionLayer = L.layerGroup().addTo(map);
    for (var s = 0; s < cfg.statuses.length; s++) {
      icons.push(dotIcon(s, false));
      selectedIcons.push(dotIcon(s, true));
    }
    group = L.markerClusterGroup({
      chunkedLoading: true,
      chunkInterval: 150,
      chunkDelay: 10,
      maxClusterRadius: 45,
      disableClusteringAtZoom: 14,
      showCoverageOnHover: false,
      spiderfyOnMaxZoom: true,
      iconCreateFunction: clusterIcon,
      chunkProgress: function (processed, total) {
        if (processed === total) {
          markReady();
        }
      },
    });
    var rows = cfg.markers;
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      var m = L.marker([r[2], r[3]], { icon: icons[r[4]], keyboard: false });
      m.hdfId = r[0];
      m.hdfName = r[1];
      m.hdfStatus = r[4];
      m.hdfCommune = r[5];
      markers.push(m);
      byId[r[0]] = m;
    }
    function onOver(e) {
      var m = e.propagatedFrom || e.layer;
      if (!m || m.hdfId === undefined) {
        return;
      }
      if (!m.getTooltip()) {
        var label = "<b>" + escapeHtml(m.hdfName) + "</b>";
        if (m.hdfCommune) {
          label += "<br>" + escapeHtml(m.hdfCommune);
        }
        label += '<br><span class="hdf-tip-status">' + escapeHtml(cfg.statuses[m.hdfStatus][1]) + "</span>";
        m.bindTooltip(label, { direction: "top", offset: [0, -6] });
        m.openTooltip();
      }
    }
    function onClick(e) {
      var m = e.propagatedFrom || e.layer;
      if (m && m.hdfCount) {
        map.setView(m.getLatLng(), Math.min(Math.floor(map.getZoom()) + 2, 14), { animate: false });
        return;
      }
      if (!m || m.hdfId === undefined) {
        return;
      }
      if (mode === "radius") {
        H.selectRadius(m.getLatLng().lat, m.getLatLng().lng);
        return;
      }
      send("markerClicked", m.hdfId);
    }
    if (cfg.sites.length) {
      addSites();
    }
    buildLegend();
    installTools();
    if (cfg.remote) {
      /* Their own pane above the overlays: another canvas on top (the focus ring, the
       * selection shapes) would swallow the clicks meant for the dots. */
      map.createPane("hdfDots").style.zIndex = 450;
      dotRenderer = L.canvas({ padding: 0.2, pane: "hdfDots" });
      remoteLayer = L.featureGroup().addTo(map);
      remoteLayer.on("mouseover", onOver);
      remoteLayer.on("click", onClick);
      map.on("moveend", requestView);
      requestView();
      return;
    }
    group.on("mouseover", onOver);
    group.on("click", onClick);
    map.addLayer(group);
    loadMarkers(markers);
  };
})();

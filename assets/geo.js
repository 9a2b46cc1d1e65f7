/* Province polygons for every map, fetched once per page and kept, so one failed request cannot leave a map
   blank. Plotly looks a figure's `geojson` URL up in window.PlotlyGeoAssets before fetching it; this script
   fills that entry itself, retrying with backoff, and meanwhile lends Plotly an empty collection (an empty map,
   never a fetch error). Once the polygons arrive, every map that uses them is drawn again. */
(function () {
  const meta = document.querySelector('meta[name="cockpit-geojson"]');
  if (!meta) return;
  const url = meta.getAttribute("content");
  const assets = (window.PlotlyGeoAssets = window.PlotlyGeoAssets || { topojson: {} });
  const EMPTY = { type: "FeatureCollection", features: [] };
  const LEND_AFTER_MS = 2000; // Plotly gives up on a pending entry after 5 s; lend the empty map before that.
  const MAX_DELAY_MS = 15000;

  assets[url] = "pending";
  const lend = setTimeout(function () {
    if (assets[url] === "pending") assets[url] = EMPTY;
  }, LEND_AFTER_MS);

  function redrawMaps() {
    if (!window.Plotly) return;
    document.querySelectorAll(".js-plotly-plot").forEach(function (graph) {
      const usesPolygons = (graph.data || []).some(function (trace) {
        return trace.geojson === url;
      });
      if (usesPolygons) window.Plotly.redraw(graph);
    });
  }

  function load(attempt) {
    fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (polygons) {
        clearTimeout(lend);
        const lent = assets[url] === EMPTY;
        assets[url] = polygons;
        if (lent) redrawMaps();
      })
      .catch(function () {
        if (assets[url] === "pending") assets[url] = EMPTY;
        const delay = Math.min(MAX_DELAY_MS, 500 * 2 ** attempt);
        setTimeout(function () {
          load(attempt + 1);
        }, delay);
      });
  }

  load(0);
})();

// The trace types the cockpit's figures use (layouts/charts.py, layouts/maps.py, layouts/wall_frames.py); scatter
// comes with the core. A figure of another type would fail in the browser: add it here and rebuild.
var Plotly = require("plotly.js/lib/core");

Plotly.register([require("plotly.js/lib/bar"), require("plotly.js/lib/scattergeo"), require("plotly.js/lib/choropleth")]);

module.exports = Plotly;

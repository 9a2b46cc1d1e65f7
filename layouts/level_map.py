"""A province map painted with any discrete colours, each province carrying a symbol (a count, a level).

For what is not an indicator status: the highest severity of open crises, the number of critical indicators
under a chain node. Polygons by the same URL as `layouts.maps.province_map` (served by the app, no CDN);
the graph id of type "province-map" makes a click open the province's page (callbacks/navigation.py).
"""

from __future__ import annotations

import plotly.graph_objects as go
from dash import dcc

from layouts.maps import GEOJSON_URL, map_graph


def level_map(
    rows: list[dict], label_points: dict[str, tuple[float, float]], graph_id: dict | str, height: int = 620
) -> dcc.Graph:
    """rows: {"area", "colour", "symbol", "hover"}; the symbol ("" for none) is drawn on the province."""
    colours = sorted({row["colour"] for row in rows})
    n = max(1, len(colours))
    scale = []
    for index, colour in enumerate(colours):
        scale += [[index / n, colour], [(index + 1) / n, colour]]
    if not scale:
        scale = [[0, "#1f2937"], [1, "#1f2937"]]
    fill = go.Choropleth(
        geojson=GEOJSON_URL,
        featureidkey="id",
        locations=[row["area"] for row in rows],
        z=[colours.index(row["colour"]) + 0.5 for row in rows],
        zmin=0,
        zmax=n,
        colorscale=scale,
        showscale=False,
        marker_line_color="#0b1220",
        marker_line_width=0.8,
        text=[row["hover"] for row in rows],
        hovertemplate="%{text}<extra></extra>",
    )
    marked = [row for row in rows if row.get("symbol") and row["area"] in label_points]
    symbols = go.Scattergeo(
        lon=[label_points[row["area"]][0] for row in marked],
        lat=[label_points[row["area"]][1] for row in marked],
        text=[row["symbol"] for row in marked],
        mode="text",
        textfont={"size": 15, "color": "#ffffff", "family": "Sarabun, sans-serif"},
        hoverinfo="skip",
        showlegend=False,
    )
    return map_graph([fill, symbols], graph_id, height)

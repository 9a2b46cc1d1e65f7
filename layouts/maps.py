"""The choropleth of Thailand by province. The polygons are fetched once by URL, never embedded per figure."""

from __future__ import annotations

import plotly.graph_objects as go
from dash import dcc

from cockpit.catalogue.geo import geojson_url
from layouts.common import fmt, unit
from layouts.i18n import name
from layouts.status import COLOURS, SYMBOLS, status_text

# Fingerprinted, so the browser keeps the polygons; assets/geo.js fetches them once per page, with retries.
GEOJSON_URL = geojson_url()
# Plotly loads a world base map even when hidden; serve it ourselves (scripts/fetch_topojson.sh), not from a CDN.
TOPOJSON_URL = "/assets/topojson/"
STATUS_ORDER = ("green", "yellow", "orange", "red", "incomplete", "no_target", "no_data")


def _status_scale() -> list:
    """A stepped colour scale so z = index in STATUS_ORDER paints each status in its own colour."""
    steps, n = [], len(STATUS_ORDER)
    for index, status in enumerate(STATUS_ORDER):
        steps += [[index / n, COLOURS[status]], [(index + 1) / n, COLOURS[status]]]
    return steps


def province_map(
    rows: list[dict],
    label_points: dict[str, tuple[float, float]],
    lang: str,
    graph_id: dict | str,
    ind: dict | None = None,
    mode: str = "status",
    height: int = 620,
    hover_extra: dict[str, str] | None = None,
) -> dcc.Graph:
    """Provinces coloured by status (or by value); a status symbol on each, so colour is never alone.

    Clicking a province opens its page (the navigation callback reads clickData's `location`).
    """
    codes = [row["area"] for row in rows]
    statuses = [row.get("status", "no_data") for row in rows]
    hover = []
    for row, status in zip(rows, statuses, strict=True):
        value = fmt(row.get("value"), ind["decimals"] if ind else 0, lang) + (
            f" {unit(ind, lang)}" if ind and row.get("value") is not None else ""
        )
        extra = (hover_extra or {}).get(row["area"], "")
        said = status_text(status, lang, row.get("periods_missing", 0))
        hover.append(f"<b>{name(row, lang)}</b><br>{value}<br>{SYMBOLS[status]} {said}{extra}")
    if mode == "value" and ind is not None:
        values = [row.get("value") for row in rows]
        reverse = ind["direction"] == "lower"
        colour_trace = go.Choropleth(
            geojson=GEOJSON_URL,
            featureidkey="id",
            locations=codes,
            z=values,
            colorscale="Blues" if not reverse else "Blues_r",
            marker_line_color="#1f2937",
            marker_line_width=0.6,
            text=hover,
            hovertemplate="%{text}<extra></extra>",
            colorbar={"thickness": 14, "len": 0.6},
        )
    else:
        colour_trace = go.Choropleth(
            geojson=GEOJSON_URL,
            featureidkey="id",
            locations=codes,
            z=[STATUS_ORDER.index(s) for s in statuses],
            zmin=0,
            zmax=len(STATUS_ORDER),
            colorscale=_status_scale(),
            showscale=False,
            marker_line_color="#1f2937",
            marker_line_width=0.6,
            text=hover,
            hovertemplate="%{text}<extra></extra>",
        )
    points = [label_points[c] for c in codes if c in label_points]
    symbols = go.Scattergeo(
        lon=[p[0] for p in points],
        lat=[p[1] for p in points],
        text=[SYMBOLS[s] for c, s in zip(codes, statuses, strict=True) if c in label_points],
        mode="text",
        textfont={"size": 13, "color": "#111827"},
        hoverinfo="skip",
        showlegend=False,
    )
    return map_graph([colour_trace, symbols], graph_id, height)


def map_graph(traces: list, graph_id: dict | str, height: int) -> dcc.Graph:
    """A map of Thailand from its traces: fitted to the provinces, no base map, no zoom, served offline."""
    figure = go.Figure(traces)
    figure.update_geos(fitbounds="locations", visible=False, projection_type="mercator", bgcolor="rgba(0,0,0,0)")
    figure.update_layout(
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        height=height,
        paper_bgcolor="rgba(0,0,0,0)",
        dragmode=False,
        uirevision="map",
        hoverlabel={"font_size": 18},
    )
    return dcc.Graph(
        id=graph_id,
        figure=figure,
        config={"displayModeBar": False, "scrollZoom": False, "topojsonURL": TOPOJSON_URL},
        className="province-map",
    )

"""Plotly figures built from plain rows: trend lines with their target, ranked bars that click through; and the PNG
export every chart of the pages carries (the walls' frames are for viewing and carry none)."""

from __future__ import annotations

import plotly.graph_objects as go
from dash import dcc

from cockpit.rules.thai_time import period_label
from layouts.common import fmt, unit
from layouts.i18n import short_name, t
from layouts.status import COLOURS, SYMBOLS

FONT = {"family": "Sarabun, sans-serif", "size": 16, "color": "#e5e7eb"}
BASE_LAYOUT = {
    "paper_bgcolor": "rgba(0,0,0,0)",
    "plot_bgcolor": "rgba(0,0,0,0)",
    "font": FONT,
    "hoverlabel": {"font_size": 18},
}
STATIC = {"displayModeBar": False, "staticPlot": True}
# The panels' colour (--panel in assets/cockpit.css): a chart's PNG gets it behind its light text, since a
# transparent image would lose the text on a white page or slide.
PANEL = "#111a2e"
PANEL_2 = "#16213a"  # --panel-2: cards inside a panel
# Print quality: a chart of 800 pixels on screen becomes an image of 1,600.
PNG_SCALE = 2


def export_config(subject: str, lang: str, **extra) -> dict:
    """Plotly's mode bar with one button, the camera: the chart as a PNG named after its subject, drawn in the
    browser (nothing leaves the machine). Its tooltip is in the page's language (assets/vendor/plotly-export.js)."""
    return {
        "displayModeBar": "hover",
        "displaylogo": False,
        "modeBarButtons": [["toImage"]],
        "toImageButtonOptions": {"format": "png", "filename": subject, "scale": PNG_SCALE},
        "locale": "th" if lang == "th" else "en",
        **extra,
    }


def exportable_chart(graph: dcc.Graph, subject: str, lang: str, background: str = PANEL) -> dcc.Graph:
    """The same graph with the PNG export: its config keeps what it had (the maps' offline topojson, no scroll
    zoom) but shows the camera; a static chart stays still (no hover, no drag) yet gets its button; the paper takes
    the panel's colour so the image reads as the screen does."""
    config = {k: v for k, v in (graph.config or {}).items() if k not in ("displayModeBar", "staticPlot")}
    still = (graph.config or {}).get("staticPlot", False)
    figure = graph.figure
    layout = {"paper_bgcolor": background} | ({"hovermode": False, "dragmode": False} if still else {})
    if isinstance(figure, dict):
        figure["layout"] = figure.get("layout", {}) | layout
    else:
        figure.update_layout(layout)
    graph.config = export_config(subject, lang, **config)
    return graph


def sparkline(trend: list[dict], ind: dict, graph_id: str | dict | None = None, height: int = 70) -> dcc.Graph:
    """A small line of the value per period with the target as a dotted line; no axes, not interactive.

    Built as a plain dict: a page has many of them, and plotly's validated objects cost ~20 ms each.
    """
    xs = list(range(len(trend)))
    figure = {
        "data": [
            {
                "type": "scatter",
                "x": xs,
                "y": [p["target"] for p in trend],
                "mode": "lines",
                "line": {"dash": "dot", "color": "#9ca3af", "width": 2},
            },
            {
                "type": "scatter",
                "x": xs,
                "y": [p["value"] for p in trend],
                "mode": "lines",
                "line": {"color": "#60a5fa", "width": 3},
            },
        ],
        "layout": BASE_LAYOUT
        | {
            "margin": {"l": 0, "r": 0, "t": 4, "b": 4},
            "height": height,
            "showlegend": False,
            "xaxis": {"visible": False},
            "yaxis": {"visible": False},
        },
    }
    props = {"id": graph_id} if graph_id else {}
    return dcc.Graph(figure=figure, config=STATIC, className="sparkline", **props)


def trend_chart(
    series: list[tuple[str, list[dict]]],
    ind: dict,
    lang: str,
    height: int = 340,
    with_target: bool = True,
    compact: bool = False,
    font_size: int | None = None,
) -> dict:
    """Value per period for one or more areas (name, points), with the first area's target per fiscal year
    (both bounds for a range indicator).

    A plain figure dict: a province page draws thirty of these, and plotly's validated objects cost ~10 ms
    each. `compact` is the small card version: no legend, one tick per fiscal year, few y ticks.
    """
    data, labels = [], []
    for index, (label, points) in enumerate(series):
        x = [
            period_label(p["fiscal_year_be"], ind["frequency"], p["period_no"], lang, ind.get("calendar"))
            for p in points
        ]
        labels = labels or x
        data.append(
            {
                "type": "scatter",
                "x": x,
                "y": [p["value"] for p in points],
                "name": label,
                "mode": "lines+markers",
                "line": {"width": 4 if index == 0 else 2},
                "connectgaps": False,
                "hovertemplate": f"{label}<br>%{{x}}: %{{y:,.{ind['decimals']}f}} {unit(ind, lang)}<extra></extra>",
            }
        )
    if with_target and series:
        points = series[0][1]
        bounds = [[p["target"] for p in points]]
        if any(p.get("target_high") is not None for p in points):
            bounds.append([p.get("target_high") for p in points])
        for index, values in enumerate(bounds):
            data.append(
                {
                    "type": "scatter",
                    "x": labels,
                    "y": values,
                    "name": t("target", lang),
                    "mode": "lines",
                    "line": {"dash": "dash", "color": "#f9fafb", "width": 2, "shape": "hv"},
                    "showlegend": index == 0,
                }
            )
    layout = BASE_LAYOUT | {
        "height": height,
        "margin": {"l": 50, "r": 10, "t": 10, "b": 60},
        "legend": {"orientation": "h", "y": -0.25},
        "xaxis": {"gridcolor": "#374151", "type": "category"},
        "yaxis": {"gridcolor": "#374151", "title": {"text": unit(ind, lang)}},
    }
    if font_size:
        layout["font"] = FONT | {"size": font_size}
    if compact:
        ticks, years = [], []
        for label, point in zip(labels, series[0][1] if series else [], strict=False):
            if point["fiscal_year_be"] not in years:
                years.append(point["fiscal_year_be"])
                ticks.append(label)
        layout |= {
            "showlegend": False,
            "margin": {"l": 56, "r": 12, "t": 8, "b": 36},
            "font": FONT | {"size": font_size or 18},
            "xaxis": layout["xaxis"]
            | {"tickvals": ticks, "ticktext": [period_label(y, "yearly", 1, lang) for y in years], "tickangle": 0},
            "yaxis": {"gridcolor": "#374151", "nticks": 4},
        }
    return {"data": data, "layout": layout}


def ranked_bars(rows: list[dict], ind: dict, lang: str, graph_id: dict, height: int | None = None) -> dcc.Graph:
    """Areas best first as horizontal bars coloured by status, with the symbol in the label; bars click through.

    Areas with no data are listed with an empty bar and the words 'no data', never a zero bar.
    """
    labels = [f"{SYMBOLS[r['status']]} {short_name(r, lang)}" for r in rows]
    values = [r["value"] for r in rows]
    figure = go.Figure(
        go.Bar(
            y=labels,
            x=values,
            orientation="h",
            customdata=[r["area"] for r in rows],
            marker_color=[COLOURS[r["status"]] for r in rows],
            text=[fmt(r["value"], ind["decimals"], lang) for r in rows],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    target = next((r["target"] for r in rows if r.get("target") is not None), None)
    if target is not None and ind["aggregation"] == "ratio":
        figure.add_vline(
            x=target,
            line_dash="dash",
            line_color="#f9fafb",
            annotation_text=t("target", lang),
            annotation_position="bottom right",
            annotation_font_size=16,
        )
    figure.update_layout(
        BASE_LAYOUT
        | {
            "height": height or max(240, 40 * len(rows) + 40),
            "margin": {"l": 10, "r": 70, "t": 10, "b": 30},
            "bargap": 0.25,
        }
    )
    figure.update_yaxes(autorange="reversed", automargin=True)
    figure.update_xaxes(gridcolor="#374151", title_text=unit(ind, lang))
    return dcc.Graph(id=graph_id, figure=figure, config={"displayModeBar": False}, className="ranked-bars")

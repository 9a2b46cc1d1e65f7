"""The frames of the cockpit room's four walls, one renderer per frame kind of cockpit.walls.

Built for a screen read from four metres: few words, big figures, every size in rem (the wall's root font
size follows the viewport width, assets/page-wall.css), status as colour + symbol + words (layouts.status).
Lists are plain rows in a column that wraps whole rows that do not fit out of sight (never a scrollbar); long
names wrap onto more lines, never an ellipsis. Charts are CSS bars and SVG sparklines (data URIs) with their
time axis; the one plotly figure, the crisis map, is a plain dict (plotly objects cost ~20 ms each).
"""

from __future__ import annotations

from urllib.parse import quote

from dash import dcc, html

from cockpit.catalogue.geo import label_points
from cockpit.read import crises
from cockpit.rules.thai_time import format_datetime_be, period_label
from layouts.alert_feed import alert_list
from layouts.common import fmt, target_text, unit
from layouts.crisis_list import SEVERITY_SYMBOLS
from layouts.decisions import due_words
from layouts.i18n import name, short_name, t
from layouts.maps import GEOJSON_URL, TOPOJSON_URL
from layouts.status import SYMBOLS, status_text

# The same severity colours as the crisis page's map (layouts/pages/crisis.py); 0 = no open crisis.
SEVERITY_COLOURS = {0: "#26324a", 1: "#3b82f6", 2: "#e3b505", 3: "#f0761f", 4: "#d62f2f"}
SEVERITY_TEXT = {1: "#ffffff", 2: "#111827", 3: "#111827", 4: "#ffffff"}
STATUS_ORDER = ("green", "yellow", "orange", "red", "incomplete", "no_data")
MAP_LON, MAP_LAT = (97.3, 105.7), (5.5, 20.6)  # Thailand's provinces with a small margin


def _label(table: dict, key, lang: str) -> str:
    th, en = table.get(key, (str(key), str(key)))
    return en if lang == "en" else th


def badge(status: str, lang: str, compact: bool = False, periods_missing: int = 0) -> html.Span:
    """The status badge of layouts.status, wall-sized; `compact` keeps the symbol and colour (the legend at
    the foot of the wall gives the words) where a row has no room for them."""
    text = status_text(status, lang, periods_missing)
    parts = [html.Span(SYMBOLS[status], className="status-symbol", **{"aria-hidden": "true"})]
    if not compact:
        parts.append(text)
    return html.Span(
        parts,
        className=f"status-badge wall-badge status-{status}" + (" wall-badge-compact" if compact else ""),
        title=text,
    )


def frame(title: str, children, kind: str, area: str) -> html.Section:
    """One frame: a short title and its content, placed in the wall's grid by `area`."""
    return html.Section(
        [html.H3(title, className="wall-frame-title"), html.Div(children, className="wall-frame-body")],
        className=f"wall-frame wall-frame-{kind}",
        style={"gridArea": area},
        **{"data-kind": kind},
    )


def no_data(lang: str) -> html.Div:
    return html.Div(t("no_data", lang), className="wall-empty")


# ---------------------------------------------------------------- black wall


def sparkline_src(trend: list[dict]) -> str | None:
    """An SVG line of the values with the target dotted, as a data URI; gaps stay gaps, never zeros."""
    values = [p.get("value") for p in trend]
    targets = [p.get("target") for p in trend]
    known = [v for v in values + targets if v is not None]
    if len([v for v in values if v is not None]) < 1 or not known:
        return None
    low, high = min(known), max(known)
    span = (high - low) or 1.0
    count = max(1, len(trend) - 1)

    def path(series: list[float | None]) -> str:
        parts, pen_down = [], False
        for index, value in enumerate(series):
            if value is None:
                pen_down = False
                continue
            x = index / count * 100
            y = 28 - (value - low) / span * 26
            parts.append(f"{'L' if pen_down else 'M'}{x:.2f} {y:.2f}")
            pen_down = True
        return " ".join(parts)

    svg = (
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='-2 0 104 30' preserveAspectRatio='none'>"
        f"<path d='{path(targets)}' fill='none' stroke='#9ca3af' stroke-width='2' stroke-dasharray='4 4' "
        "vector-effect='non-scaling-stroke'/>"
        f"<path d='{path(values)}' fill='none' stroke='#60a5fa' stroke-width='4' stroke-linejoin='round' "
        "vector-effect='non-scaling-stroke'/>"
        "</svg>"
    )
    return "data:image/svg+xml;utf8," + quote(svg, safe="'=:/ ,.-;<>()")


def time_ticks(
    trend: list[dict], frequency: str, lang: str, most: int = 6, calendar: str | None = None
) -> list[tuple[float, str]]:
    """Where the time axis under a sparkline is labelled: (x in % of the line, label). A trend over several
    fiscal years is labelled by its BE years at each year's first point; one year's periods by period."""
    count = max(1, len(trend) - 1)
    firsts: dict[int, int] = {}
    for index, point in enumerate(trend):
        firsts.setdefault(point["fiscal_year_be"], index)
    if len(firsts) >= 2:
        ticks = [(index / count * 100, str(year)) for year, index in firsts.items()]
    else:
        ticks = [
            (index / count * 100, period_label(p["fiscal_year_be"], frequency, p["period_no"], lang, calendar))
            for index, p in enumerate(trend)
        ]
        ticks = [ticks[0], ticks[-1]] if len(ticks) > 1 else ticks
    step = -(-len(ticks) // most)  # keep every step-th label so they never run into each other
    return ticks[::step]


def trend_box(trend: list[dict], src: str | None, frequency: str, lang: str, calendar: str | None = None) -> html.Div:
    """The sparkline with its time axis; each label is shifted by its own position so it stays in the frame."""
    if not src:
        return html.Div(className="wall-spark-box")
    return html.Div(
        [
            html.Img(src=src, className="wall-spark", alt=t("trend", lang)),
            html.Div(
                [
                    html.Span(
                        label,
                        className="wall-spark-tick",
                        style={"left": f"{x:.1f}%", "transform": f"translateX(-{x:.1f}%)"},
                    )
                    for x, label in time_ticks(trend, frequency, lang, calendar=calendar)
                ],
                className="wall-spark-axis",
                **{"aria-label": t("trend", lang)},
            ),
        ],
        className="wall-spark-box",
    )


def goals_frame(item: dict, lang: str) -> html.Section:
    goals = item["goals"]
    rows = [
        html.Li(
            [
                html.Span(goal["level"], className="wall-goal-level"),
                html.Span(name(goal, lang), className="wall-wrap wall-goal-name"),
                badge(goal["status"], lang),
            ],
            className=f"wall-row wall-goal wall-edge-{goal['status']}",
        )
        for goal in goals
    ]
    return frame(
        t("wall_goals", lang),
        html.Ul(rows, className="wall-list wall-goal-list") if rows else no_data(lang),
        "goals",
        "goals",
    )


def indicator_frame(item: dict, index: int, lang: str) -> html.Section:
    ind, res = item["indicator"], item["result"]
    status = res.get("status", "no_data")
    value = res.get("value")
    src = sparkline_src(item.get("trend", []))
    return frame(
        (ind.get("question_en") if lang == "en" else None) or ind.get("question_th") or name(ind, lang),
        [
            html.Div(name(ind, lang), className="wall-ind-name"),
            html.Div(
                [
                    html.Span(
                        fmt(value, ind["decimals"], lang),
                        className="wall-big" + (" wall-big-none" if value is None else ""),
                    ),
                    html.Span(unit(ind, lang), className="wall-unit") if value is not None else None,
                ],
                className="wall-ind-value",
            ),
            html.Div(f"{t('target', lang)} {target_text(res, ind, lang)}", className="wall-ind-target"),
            badge(status, lang, periods_missing=res.get("periods_missing", 0)),
            trend_box(item.get("trend", []), src, ind["frequency"], lang, ind.get("calendar")),
        ],
        "indicator",
        f"ind{index}",
    )


# ---------------------------------------------------------------- red wall

CRISIS_TOTALS = ("schools_closed", "students_affected", "schools_affected", "staff_affected", "shelter_schools")


def crisis_totals_frame(item: dict, lang: str) -> html.Section:
    totals = item["totals"]
    figures = [(field, t(f"wall_{field}", lang), totals.get(field)) for field in ("events", *CRISIS_TOTALS)]
    cells = [
        html.Div(
            [
                html.Div(
                    fmt(value, 0, lang), className="wall-total-value" + (" wall-big-none" if value is None else "")
                ),
                html.Div(word, className="wall-total-label wall-wrap"),
            ],
            className=f"wall-total wall-total-{field}",
            **{"data-field": field},
        )
        for field, word, value in figures
    ]
    return frame(t("wall_crisis_totals", lang), html.Div(cells, className="wall-totals"), "crisis_totals", "totals")


def crisis_map_figure(severity_by_province: dict[str, int], provinces: dict[str, dict], lang: str) -> dict:
    """Provinces by the highest severity of their open crises, the level's number drawn on each (plain dict)."""
    points = label_points()
    codes = sorted(set(points) | set(severity_by_province))
    levels = [int(severity_by_province.get(code, 0)) for code in codes]
    steps = len(SEVERITY_COLOURS)
    scale = []
    for level, colour in SEVERITY_COLOURS.items():
        scale += [[level / steps, colour], [(level + 1) / steps, colour]]
    marked = [(code, level) for code, level in zip(codes, levels, strict=True) if level and code in points]
    return {
        "data": [
            {
                "type": "choropleth",
                "geojson": GEOJSON_URL,
                "featureidkey": "id",
                "locations": codes,
                "z": [level + 0.5 for level in levels],
                "zmin": 0,
                "zmax": steps,
                "colorscale": scale,
                "showscale": False,
                "marker": {"line": {"color": "#0b1220", "width": 0.8}},
                "hoverinfo": "skip",
            },
            {
                "type": "scattergeo",
                "mode": "text",
                "lon": [points[c][0] for c, _ in marked],
                "lat": [points[c][1] for c, _ in marked],
                "text": [str(level) for _, level in marked],
                "textfont": {
                    "size": 22,
                    "family": "Sarabun, sans-serif",
                    "color": [SEVERITY_TEXT[lv] for _, lv in marked],
                },
                "hoverinfo": "skip",
                "showlegend": False,
            },
        ],
        "layout": {
            # Fixed bounds, not fitbounds: the subplot then takes Thailand's tall shape and fills the frame.
            "geo": {
                "visible": False,
                "projection": {"type": "mercator"},
                "bgcolor": "rgba(0,0,0,0)",
                "lonaxis": {"range": list(MAP_LON)},
                "lataxis": {"range": list(MAP_LAT)},
            },
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
            "paper_bgcolor": "rgba(0,0,0,0)",
            "autosize": True,
            "dragmode": False,
            "showlegend": False,
            "uirevision": "wall-map",
        },
    }


def crisis_map_frame(item: dict, lang: str) -> html.Section:
    figure = crisis_map_figure(item["severity_by_province"], item["provinces"], lang)
    counts = {level: sum(1 for v in item["severity_by_province"].values() if v == level) for level in (4, 3, 2, 1)}
    legend = html.Ul(
        [
            html.Li(
                [
                    html.Span(str(level), className=f"wall-sev-swatch wall-sev-{level}"),
                    html.Span(_label(crises.SEVERITIES, level, lang).split(" ", 2)[-1], className="wall-wrap"),
                    html.Span(f"{counts[level]}", className="wall-sev-count"),
                ],
                className="wall-sev-item",
            )
            for level in (4, 3, 2, 1)
        ],
        className="wall-sev-legend",
    )
    graph = dcc.Graph(
        id="wall-crisis-map",
        figure=figure,
        responsive=True,
        style={"height": "100%", "width": "100%"},
        config={
            "displayModeBar": False,
            "scrollZoom": False,
            "staticPlot": True,
            "topojsonURL": TOPOJSON_URL,
            "responsive": True,
        },
        className="wall-map-graph",
    )
    return frame(t("wall_crisis_map", lang), [html.Div(graph, className="wall-map"), legend], "crisis_map", "map")


def crisis_list_frame(item: dict, lang: str) -> html.Section:
    events = item["crises"]
    if not events:
        return frame(
            t("wall_worst_crises", lang),
            html.Div(t(item.get("none", "no_crises"), lang), className="wall-empty"),
            "crisis_list",
            "list",
        )
    rows = [
        html.Li(
            [
                html.Span(
                    SEVERITY_SYMBOLS.get(event["severity"], "?"),
                    className=f"wall-sev-symbol wall-sev-text-{event['severity']}",
                ),
                html.Div(
                    [
                        html.Div(event["title"], className="wall-wrap wall-crisis-title"),
                        html.Div(
                            f"{_label(crises.TYPES, event['type'], lang)} · "
                            f"{_label(crises.STATUSES, event['status'], lang)}"
                            f" · {t('wall_schools_closed_short', lang)} {fmt(event.get('schools_closed'), 0, lang)}",
                            className="wall-wrap wall-sub",
                        ),
                    ],
                    className="wall-crisis-text",
                ),
            ],
            className=f"wall-row wall-crisis wall-sev-edge-{event['severity']}",
            **{"data-crisis": str(event["id"])},
        )
        for event in events
    ]
    return frame(t("wall_worst_crises", lang), html.Ul(rows, className="wall-list wall-fit"), "crisis_list", "list")


def agency_abbr(agency: dict, lang: str) -> str:
    """สพฐ. on a Thai wall, OBEC on an English one."""
    return agency["code"] if lang == "en" else agency["abbr_th"]


def host_text(entry: dict, lang: str) -> str:
    """' · host สพฐ.' when the row knows its indicator's host agency (a subject wall's rows do)."""
    return f" · {t('wall_host', lang)} {agency_abbr(entry['agency'], lang)}" if entry.get("agency") else ""


def red_indicators_frame(item: dict, lang: str) -> html.Section:
    rows = [
        html.Li(
            [
                html.Div(
                    [
                        html.Div(name(entry["indicator"], lang), className="wall-wrap wall-row-name"),
                        html.Div(
                            f"{fmt(entry['result'].get('value'), entry['indicator']['decimals'], lang)} "
                            f"{unit(entry['indicator'], lang) if entry['result'].get('value') is not None else ''}"
                            f" · {t('target', lang)} {target_text(entry['result'], entry['indicator'], lang)}"
                            + (
                                f" · {t('wall_host', lang)} {agency_abbr(entry['agency'], lang)}"
                                if entry.get("agency")
                                else ""
                            ),
                            className="wall-wrap wall-sub",
                        ),
                    ],
                    className="wall-row-text",
                ),
                badge(entry["result"]["status"], lang, periods_missing=entry["result"].get("periods_missing", 0)),
            ],
            className=f"wall-row wall-edge-{entry['result']['status']}",
        )
        for entry in item["items"]
    ]
    body = (
        html.Ul(rows, className="wall-list wall-fit")
        if rows
        else html.Div(t("wall_none_red", lang), className="wall-empty")
    )
    return frame(t("wall_red_indicators", lang), body, "red_indicators", "inds")


def red_provinces_frame(item: dict, lang: str) -> html.Section:
    total = item.get("indicator_count") or 0
    rows = [
        html.Li(
            [
                html.Span(name(province, lang), className="wall-wrap wall-row-name"),
                html.Span(
                    html.Span(
                        className="wall-bar-fill status-red",
                        style={"width": f"{province['red_count'] / total * 100:.1f}%" if total else "0%"},
                    ),
                    className="wall-bar",
                ),
                html.Span(
                    [html.Span(SYMBOLS["red"], className="wall-red-symbol"), f" {province['red_count']}/{total}"],
                    className="wall-count",
                ),
            ],
            className="wall-row wall-barrow",
        )
        for province in item["items"]
    ]
    body = (
        html.Ul(rows, className="wall-list wall-fit")
        if rows
        else html.Div(t("wall_no_red_provinces", lang), className="wall-empty")
    )
    return frame(t("wall_red_provinces", lang), body, "red_provinces", "provs")


# ---------------------------------------------------------------- blue wall


def status_counts(counts: dict[str, int], lang: str, total: int) -> html.Div:
    return html.Div(
        [
            html.Div(
                [
                    html.Span(
                        [html.Span(SYMBOLS[s], className="status-symbol"), f" {counts.get(s, 0)}"],
                        className=f"status-badge wall-count-badge status-{s}",
                    ),
                    html.Span(t(s, lang), className="wall-count-word wall-wrap"),
                ],
                className="wall-count-cell",
                **{"data-status": s},
            )
            for s in STATUS_ORDER
            if counts.get(s) or s in ("green", "yellow", "orange", "red")
        ],
        className="wall-counts",
        **{"data-total": str(total)},
    )


def score_summary_frame(item: dict, lang: str) -> html.Section:
    performance, potential = item["weights"]
    return frame(
        t("wall_score_summary", lang),
        [
            html.Div(
                [
                    html.Div(
                        [
                            html.Span(fmt(item["mean_total"], 1, lang), className="wall-big"),
                            html.Span(t("wall_points", lang), className="wall-unit"),
                        ]
                    ),
                    html.Div(
                        f"{t('wall_mean_of', lang).format(n=item['areas'])} · "
                        f"{t('target', lang)} {fmt(item['target'], 0, lang)}",
                        className="wall-sub",
                    ),
                    html.Div(
                        t("wall_weights", lang).format(p=round(performance * 100), q=round(potential * 100)),
                        className="wall-sub",
                    ),
                ],
                className="wall-score-head",
            ),
            status_counts(item["counts"], lang, item["areas"]),
        ],
        "score_summary",
        "summary",
    )


def bars(
    rows: list[tuple[str, float | None, str | None]],
    lang: str,
    low: float = 50.0,
    high: float = 100.0,
    target: float | None = None,
) -> html.Ul:
    """Horizontal CSS bars: (label, value, status or None for a neutral bar); no value → the words, no bar."""
    items = []
    for label, value, status in rows:
        width = 0.0 if value is None else max(0.0, min(100.0, (value - low) / (high - low) * 100))
        fill_class = f"wall-bar-fill status-{status}" if status else "wall-bar-fill wall-bar-neutral"
        items.append(
            html.Li(
                [
                    html.Span(label, className="wall-wrap wall-bar-label"),
                    html.Span(
                        [
                            html.Span(className=fill_class, style={"width": f"{width:.1f}%"})
                            if value is not None
                            else None,
                            html.Span(
                                className="wall-bar-target",
                                style={"left": f"{(target - low) / (high - low) * 100:.1f}%"},
                            )
                            if target is not None
                            else None,
                        ],
                        className="wall-bar",
                    ),
                    html.Span(
                        [
                            html.Span(SYMBOLS[status], className="wall-bar-symbol") if status else None,
                            fmt(value, 1, lang),
                        ],
                        className="wall-bar-value" + (" wall-big-none" if value is None else ""),
                    ),
                ],
                className="wall-barrow",
            )
        )
    return html.Ul(items, className="wall-list wall-bars wall-fit")


def region_scores_frame(item: dict, lang: str, target: float | None) -> html.Section:
    rows = [(short_name(r, lang), r["total"], r["status"]) for r in item["regions"]]
    return frame(t("wall_region_scores", lang), bars(rows, lang, target=target), "region_scores", "regions")


def weakest_areas_frame(item: dict, lang: str) -> html.Section:
    rows = [
        html.Li(
            [
                html.Span(name(area, lang), className="wall-wrap wall-row-name"),
                html.Span(fmt(area["total"], 1, lang), className="wall-row-figure"),
                badge(area["status"], lang, compact=True),
            ],
            className=f"wall-row wall-edge-{area['status']}",
        )
        for area in item["areas"]
    ]
    return frame(
        t("wall_weakest_areas", lang), html.Ul(rows, className="wall-list wall-fit"), "weakest_areas", "weakest"
    )


def pmqa_frame(item: dict, lang: str) -> html.Section:
    rows = [(short_name(r, lang), r["pmqa"], None) for r in item["regions"]]
    return frame(t("wall_pmqa", lang), bars(rows, lang), "pmqa_by_region", "pmqa")


# ---------------------------------------------------------------- white wall


def _million(value: float | None, lang: str) -> str:
    return t("no_data", lang) if value is None else f"{value / 1e6:,.1f}"


def project_totals_frame(item: dict, lang: str) -> html.Section:
    return frame(
        t("wall_project_totals", lang),
        [
            html.Div(
                [
                    html.Div(
                        [
                            html.Div(str(item["projects"]), className="wall-total-value"),
                            html.Div(t("wall_projects", lang), className="wall-total-label"),
                        ],
                        className="wall-total",
                    ),
                    html.Div(
                        [
                            html.Div(_million(item["budget_thb"], lang), className="wall-total-value"),
                            html.Div(t("wall_budget_m", lang), className="wall-total-label"),
                        ],
                        className="wall-total",
                    ),
                    html.Div(
                        [
                            html.Div(
                                fmt(item["disbursed_pct"], 1, lang)
                                + ("%" if item["disbursed_pct"] is not None else ""),
                                className="wall-total-value",
                            ),
                            html.Div(t("wall_disbursed", lang), className="wall-total-label"),
                        ],
                        className="wall-total",
                    ),
                ],
                className="wall-totals wall-totals-3",
            ),
            status_counts(item["counts"], lang, item["projects"]),
        ],
        "project_totals",
        "ptotals",
    )


def x_factors_frame(item: dict, lang: str) -> html.Section:
    rows = []
    for factor in item["factors"]:
        chips = [
            html.Span(
                [html.Span(SYMBOLS[p["status"]], className="status-symbol"), f" {fmt(p['progress_pct'], 0, lang)}%"],
                className=f"status-badge wall-chip status-{p['status']}",
                title=name(p, lang),
            )
            for p in factor["projects"]
        ]
        rows.append(
            html.Li(
                [
                    badge(factor["status"], lang, compact=True),
                    html.Span(name(factor, lang), className="wall-wrap wall-row-name"),
                    html.Span(chips or t("wall_no_projects", lang), className="wall-chips"),
                ],
                className=f"wall-row wall-factor wall-edge-{factor['status']}",
            )
        )
    body = html.Ul(rows, className="wall-list wall-fit") if rows else no_data(lang)
    return frame(t("wall_x_factors", lang), body, "x_factors", "factors")


def behind_plan_frame(item: dict, lang: str) -> html.Section:
    rows = [
        html.Li(
            [
                html.Div(
                    [
                        html.Div(name(p, lang), className="wall-wrap wall-row-name"),
                        html.Div(
                            f"{t('wall_progress', lang)} {fmt(p['progress_pct'], 1, lang)}% · "
                            f"{t('wall_plan', lang)} {fmt(p['planned_pct'], 0, lang)}% · "
                            f"{t('wall_disbursed', lang)} {fmt(p['disbursed_pct'], 0, lang)}"
                            f"{'%' if p['disbursed_pct'] is not None else ''}",
                            className="wall-wrap wall-sub",
                        ),
                    ],
                    className="wall-row-text",
                ),
                badge(p["status"], lang),
            ],
            className=f"wall-row wall-edge-{p['status']}",
        )
        for p in item["projects"]
    ]
    body = (
        html.Ul(rows, className="wall-list wall-fit")
        if rows
        else html.Div(t("wall_none_behind", lang), className="wall-empty")
    )
    return frame(t("wall_behind_plan", lang), body, "behind_plan", "behind")


def _decision_row(d: dict, lang: str) -> html.Li:
    status, symbol, words = ("red", "⚠", "dc_overdue") if d["overdue"] else ("yellow", "◷", "dc_due_soon")
    text = [
        html.Div(d["what"], className="wall-wrap wall-row-name wall-decision-what"),
        html.Div(f"{name(d, lang, 'owner_name')} · {due_words(d, lang)}", className="wall-wrap wall-sub"),
    ]
    badge_ = html.Span(
        [html.Span(symbol, className="status-symbol", **{"aria-hidden": "true"}), t(words, lang)],
        className=f"status-badge wall-badge status-{status}",
    )
    return html.Li(
        [html.Div(text, className="wall-row-text"), badge_],
        className=f"wall-row wall-decision wall-edge-{status}",
        **{"data-decision": str(d["id"])},
    )


def decisions_frame(item: dict, lang: str) -> html.Section:
    """The room's decisions overdue (first) or due within a week: what, who, by when."""
    title = t("wall_decisions", lang)
    if not item["items"]:
        return frame(title, html.Div(t("wall_decisions_none", lang), className="wall-empty"), "decisions", "decisions")
    counts = t("wall_decisions_counts", lang).format(overdue=item["overdue"], due=item["due"])
    body = [
        html.Div(counts, className="wall-sub"),
        html.Ul([_decision_row(d, lang) for d in item["items"]], className="wall-list wall-fit"),
    ]
    if item["more"]:
        body.append(html.Div(t("wall_decisions_more", lang).format(n=item["more"]), className="wall-sub"))
    return frame(title, body, "decisions", "decisions")


def alerts_frame(item: dict, lang: str) -> html.Section:
    """The latest alerts, newest first (cockpit.room.alerts)."""
    return frame(t("wall_alerts", lang), alert_list(item["items"], lang), "alerts", "alerts")


NOT_REPORTED_SHOWN = 4  # rows a wall screen shows legibly across the room; the rest are counted


def not_reported_frame(item: dict, lang: str) -> html.Section:
    """Who has not reported: the provinces owing results past their due day, the most overdue first, each with
    how many indicators it owes and for how many days; a count of the rest (cockpit.read.completeness)."""
    title = t("wall_not_reported", lang)
    owing = item["provinces"]
    if not owing:
        return frame(title, html.Div(t("wall_all_reported", lang), className="wall-empty"), "not_reported", "owing")
    rows = [
        html.Li(
            [
                html.Span(name(row, lang), className="wall-wrap wall-row-name wall-owing-name"),
                html.Span(
                    t("wall_owing", lang).format(n=len(row["indicators"]), days=row["days_overdue"]),
                    className="wall-row-figure wall-owing-what",
                    title=", ".join(row["indicators"]),
                ),
            ],
            className="wall-row wall-owing wall-edge-red",
            **{"data-province": row["code"]},
        )
        for row in owing[:NOT_REPORTED_SHOWN]
    ]
    body = [
        html.Div(
            t("wall_owing_counts", lang).format(provinces=len(owing), indicators=item["indicators_due"]),
            className="wall-sub",
        ),
        html.Ul(rows, className="wall-list wall-owing-list"),
    ]
    if len(owing) > NOT_REPORTED_SHOWN:
        more = len(owing) - NOT_REPORTED_SHOWN
        body.append(html.Div(t("wall_owing_more", lang).format(n=more), className="wall-more"))
    return frame(title, body, "not_reported", "owing")


# ---------------------------------------------------------------- dispatch


def with_as_of(section: html.Section, item: dict, lang: str) -> html.Section:
    """Put when the frame's data was last written beside its title (Bangkok time, Buddhist Era), and a stale
    marker when the data is older than its frequency allows (cockpit.room.freshness)."""
    as_of = item.get("as_of")
    if as_of is None:
        return section
    title, *rest = section.children
    stamp = html.Span(f"{t('wall_as_of', lang)} {format_datetime_be(as_of, lang)}", className="wall-frame-asof")
    head = [title, stamp]
    if item.get("stale"):
        many = item.get("stale_indicators") or 0
        words = f"⚠ {t('stale', lang)}" + (f" ({t('stale_indicators', lang).format(n=many)})" if many > 1 else "")
        head.append(html.Span(words, className="wall-frame-stale"))
    section.children = [html.Div(head, className="wall-frame-head"), *rest]
    return section


def render_frames(wall: dict, lang: str) -> list[html.Section]:
    """Every frame of one wall, in the order cockpit.walls gives them, each saying when its data was written."""
    sections = frame_sections(wall, lang)
    return [with_as_of(section, item, lang) for section, item in zip(sections, wall["frames"], strict=True)]


def frame_sections(wall: dict, lang: str) -> list[html.Section]:
    out, indicator_index = [], 0
    target = next((f["target"] for f in wall["frames"] if f["kind"] == "score_summary"), None)
    for item in wall["frames"]:
        kind = item["kind"]
        if kind == "goals":
            out.append(goals_frame(item, lang))
        elif kind == "indicator":
            out.append(indicator_frame(item, indicator_index, lang))
            indicator_index += 1
        elif kind == "crisis_totals":
            out.append(crisis_totals_frame(item, lang))
        elif kind == "crisis_map":
            out.append(crisis_map_frame(item, lang))
        elif kind == "crisis_list":
            out.append(crisis_list_frame(item, lang))
        elif kind == "red_indicators":
            out.append(red_indicators_frame(item, lang))
        elif kind == "red_provinces":
            out.append(red_provinces_frame(item, lang))
        elif kind == "score_summary":
            out.append(score_summary_frame(item, lang))
        elif kind == "region_scores":
            out.append(region_scores_frame(item, lang, target))
        elif kind == "weakest_areas":
            out.append(weakest_areas_frame(item, lang))
        elif kind == "pmqa_by_region":
            out.append(pmqa_frame(item, lang))
        elif kind == "project_totals":
            out.append(project_totals_frame(item, lang))
        elif kind == "x_factors":
            out.append(x_factors_frame(item, lang))
        elif kind == "behind_plan":
            out.append(behind_plan_frame(item, lang))
        elif kind == "decisions":
            out.append(decisions_frame(item, lang))
        elif kind == "alerts":
            out.append(alerts_frame(item, lang))
        elif kind == "not_reported":
            out.append(not_reported_frame(item, lang))
        else:  # "no_scores" and anything new: say there is nothing, never a zero
            out.append(frame(t("no_data", lang), no_data(lang), kind, "all"))
    return out

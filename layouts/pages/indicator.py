"""/indicator/<code> — one joint indicator titled by its question: its definition, the national figure against
target, the provinces on a map and ranked, the trend nationally and by region, and a fair league table."""

from __future__ import annotations

import dash_ag_grid as dag
from dash import dcc, html

from cockpit.catalogue.geo import label_points
from cockpit.room.comments import NATION
from cockpit.rules.thai_time import period_label
from layouts.charts import BASE_LAYOUT, PANEL_2, STATIC, exportable_chart, ranked_bars, trend_chart
from layouts.comments import count_link, count_text, thread_href
from layouts.common import fmt, fresh_results, href, section, target_text, unit
from layouts.completeness import completeness_panel
from layouts.empty import emptiness, empty_state
from layouts.forecast import (
    VERDICT_SYMBOLS,
    forecast_badge,
    forecast_counts,
    method_sentence,
    projection_traces,
    status_count_chips,
    what_if_panel,
)
from layouts.i18n import name, short_name, t
from layouts.maps import province_map
from layouts.pages.nation import map_mode_links
from layouts.status import COLOURS, SYMBOLS, status_badge, status_text
from layouts.table_export import exportable

GRID_ID = "indicator-league"
MAP_ID = {"type": "province-map", "page": "indicator"}
BARS_ID = {"type": "province-bars", "page": "indicator"}
NATIONAL_STATUS_ID = "indicator-national-status"
WALL_FONT = 18
GRID_THEME = (
    "themeQuartz.withParams({backgroundColor: '#111a2e', foregroundColor: '#f3f4f6', headerBackgroundColor: '#16213a',"
    " headerTextColor: '#b6bfcc', borderColor: '#2a3754', oddRowBackgroundColor: '#131d33', rowHoverColor: '#1e2a47',"
    " fontFamily: 'Sarabun, sans-serif', fontSize: 20, headerFontSize: 20, rowHeight: 46, headerHeight: 52,"
    " accentColor: '#60a5fa', wrapperBorderRadius: 10})"
)


def _signed(value: float | None, decimals: int, lang: str) -> str:
    if value is None:
        return t("no_data", lang)
    return f"{value:+,.{decimals}f}".replace("-", "−")


def definition_panel(ind: dict, agency: dict | None, lang: str) -> html.Section:
    def item(label: str, value) -> list:
        return [html.Dt(label), html.Dd(value if value not in (None, "") else t("no_data", lang))]

    rows = item(t("cic_definition", lang), name(ind, lang, "definition"))
    rows += item(t("cic_numerator", lang), name(ind, lang, "numerator") if ind.get("numerator_th") else None)
    rows += item(t("cic_denominator", lang), name(ind, lang, "denominator") if ind.get("denominator_th") else None)
    rows += item(t("cic_unit", lang), unit(ind, lang))
    rows += item(t("cic_direction", lang), t(f"cic_dir_{ind['direction']}", lang))
    rows += item(t("cic_frequency", lang), t(f"cic_freq_{ind['frequency']}", lang))
    rows += item(t("cic_stage", lang), t(f"cic_stage_{ind['value_chain_stage']}", lang))
    host = ind["host_agency_code"]
    if agency:
        host = agency["name_en"] if lang == "en" else f"{agency['abbr_th']} {agency['name_th']}"
    rows += item(t("cic_host_agencies", lang), host)
    rows += item(t("cic_source", lang), ind["source_system"])
    return section(t("cic_definition", lang), html.Dl(rows, className="cic-facts"), "cic-definition-panel")


def national_panel(view: dict, query: dict, lang: str) -> html.Section:
    ind, row = view["indicator"], view["national"]
    if row is None:
        return section(t("cic_national", lang), html.Div(status_badge("no_data", lang)), "cic-national-panel")
    return section(
        f"{t('cic_national', lang)} · {t('fiscal_year', lang)} {view['fiscal_year_be']}",
        html.Div(
            [
                fresh_results(view, lang, [ind["code"]]),
                html.Div(
                    [
                        html.Span(fmt(row["value"], ind["decimals"], lang), className="cic-big-value"),
                        html.Span(unit(ind, lang) if row["value"] is not None else "", className="cic-big-unit"),
                    ]
                ),
                html.Div(f"{t('target', lang)} {target_text(row, ind, lang)}", className="cic-big-target"),
                html.Div(
                    [
                        html.Div(
                            status_badge(row["status"], lang, row.get("periods_missing", 0)), id=NATIONAL_STATUS_ID
                        ),
                        count_link(
                            view.get("comment_counts", {}).get((ind["code"], NATION), 0),
                            thread_href(f"/indicator/{ind['code']}", query, period=query.get("period")),
                            lang,
                        ),
                    ],
                    className="cic-big-status",
                ),
                forecast_badge(view.get("national_forecast"), ind, lang, "indicator-forecast"),
                html.Div(method_sentence(ind, lang), className="fc-method cic-muted", id="indicator-forecast-method"),
                html.Div(
                    f"{t('provinces_reporting', lang)} {row['provinces_reporting']} {t('cic_of', lang)} "
                    f"{row['provinces_expected']}",
                    className="cic-muted",
                ),
            ],
            className=f"cic-national cic-national-{row['status']}",
            id="indicator-national",
        ),
        "cic-national-panel",
    )


def period_links(view: dict, query: dict, path: str, lang: str) -> html.Div | None:
    """The reporting periods of the year with data; the figures on the page are of the chosen one (?period=)."""
    ind, periods = view["indicator"], view["periods"]
    if len(periods) < 2:
        return None
    return html.Div(
        [
            html.Span(t("period", lang), className="choice-label"),
            *[
                dcc.Link(
                    period_label(view["fiscal_year_be"], ind["frequency"], number, lang, ind.get("calendar")),
                    href=href(path, query, period=str(number)),
                    className="choice" + (" choice-current" if number == view["period_no"] else ""),
                    id={"type": "period-choice", "value": number},
                )
                for number in periods
            ],
        ],
        className="choices",
    )


def _wall_fonts(graph: dcc.Graph) -> dcc.Graph:
    graph.figure.update_layout(font_size=WALL_FONT, margin={"l": 210, "r": 70, "t": 30, "b": 10})
    graph.figure.update_yaxes(automargin=False, ticksuffix="  ")
    graph.figure.update_traces(textfont_size=WALL_FONT, selector={"type": "bar"})
    return graph


def indicator_bars(league: list[dict], ind: dict, lang: str) -> dcc.Graph:
    """The provinces ranked as bars in their status colours, at wall size."""
    return _wall_fonts(ranked_bars(league, ind, lang, BARS_ID, height=30 * len(league) + 60))


def _point_of_year(trend: list[dict], year: int | None) -> dict | None:
    points = [p for p in trend if p["fiscal_year_be"] == year]
    return points[-1] if points else None


def region_multiples(view: dict, query: dict, lang: str) -> html.Div:
    """A small chart per region: its line in its latest status colour, the nation dotted behind it."""
    ind, year = view["indicator"], view["fiscal_year_be"]
    national = {(p["fiscal_year_be"], p["period_no"]): p["value"] for p in view["national_trend"]}
    cards = []
    for item in view["region_trends"]:
        region, trend = item["region"], item["trend"]
        latest = _point_of_year(trend, year)
        status = latest["status"] if latest else "no_data"
        xs = [f"{p['fiscal_year_be']}/{p['period_no']}" for p in trend]
        figure = {
            "data": [
                {
                    "type": "scatter",
                    "x": xs,
                    "y": [national.get((p["fiscal_year_be"], p["period_no"])) for p in trend],
                    "mode": "lines",
                    "line": {"dash": "dot", "color": "#9ca3af", "width": 2},
                },
                {
                    "type": "scatter",
                    "x": xs,
                    "y": [p["value"] for p in trend],
                    "mode": "lines+markers",
                    "line": {
                        "color": COLOURS[status] if status in ("green", "yellow", "orange", "red") else "#60a5fa",
                        "width": 4,
                    },
                },
            ],
            "layout": BASE_LAYOUT
            | {
                "margin": {"l": 2, "r": 2, "t": 4, "b": 4},
                "height": 80,
                "showlegend": False,
                "xaxis": {"visible": False},
                "yaxis": {"visible": False},
            },
        }
        cards.append(
            dcc.Link(
                [
                    html.Div(short_name(region, lang), className="cic-multiple-name"),
                    html.Div(
                        [
                            html.Span(
                                fmt(latest["value"] if latest else None, ind["decimals"], lang),
                                className="cic-multiple-value",
                            ),
                            html.Span(SYMBOLS[status], className=f"cic-count status-{status}", title=t(status, lang)),
                        ]
                    ),
                    exportable_chart(
                        dcc.Graph(figure=figure, config=STATIC, className="cic-multiple-chart"),
                        f"{ind['code']}-{region['code']}-trend",
                        lang,
                        background=PANEL_2,
                    ),
                ],
                href=href(f"/region/{region['code']}", query),
                className=f"cic-multiple cic-multiple-{status}",
            )
        )
    return html.Div(cards, className="cic-multiples")


def projected_text(projection: dict | None, ind: dict, lang: str) -> str:
    """A league cell: the projected year-end figure and its verdict, or why there is none."""
    verdict = projection["verdict"] if projection else "not_enough"
    words = f"{VERDICT_SYMBOLS[verdict]} {t(f'fc_{verdict}', lang)}"
    if not projection or projection["value"] is None:
        return words
    return f"{fmt(projection['value'], ind['decimals'], lang)} {words}"


def league_rows(view: dict, lang: str) -> list[dict]:
    ind = view["indicator"]
    projected = view.get("forecast", {})
    counts = view.get("comment_counts", {})
    rows = []
    for row in view["league"]:
        projection = projected.get((ind["code"], row["area"]))
        has_value = row["value"] is not None
        if row["gap"] is not None:
            gap = fmt(row["gap"], ind["decimals"], lang)
        elif row["status"] == "incomplete":
            gap = t("incomplete", lang)
        else:
            gap = t("no_target", lang) if has_value else t("no_data", lang)
        rows.append(
            {
                "area": row["area"],
                "rank": str(row["rank"]) if row["rank"] is not None else t("cic_unranked", lang),
                "province": name(row, lang),
                "value": fmt(row["value"], ind["decimals"], lang)
                + (f" {t('tc_mark', lang)}" if row["area"] in view.get("flagged", ()) else ""),
                "target": target_text(row, ind, lang),
                "gap": gap,
                "change": _signed(row["change"], ind["decimals"], lang),
                "status": f"{SYMBOLS[row['status']]} {status_text(row['status'], lang, row.get('periods_missing', 0))}",
                "status_key": row["status"],
                "projected": projected_text(projection, ind, lang),
                "verdict_key": projection["verdict"] if projection else "not_enough",
                "comments": count_text(counts[key]) if (key := (ind["code"], row["area"])) in counts else "",
            }
        )
    return rows


def league_grid(view: dict, lang: str) -> dag.AgGrid:
    ind = view["indicator"]
    previous = view["previous_fiscal_year_be"]
    status_rules = {
        f"cic-cell status-{s}": f"params.data.status_key === '{s}'"
        for s in ("green", "yellow", "orange", "red", "incomplete", "no_data", "no_target")
    }
    columns = [
        {"field": "rank", "headerName": t("rank", lang), "maxWidth": 150},
        {"field": "province", "headerName": t("cic_province", lang), "cellClass": "cic-grid-link", "minWidth": 220},
        {"field": "value", "headerName": f"{t('value', lang)} ({unit(ind, lang)})", "type": "rightAligned"},
        {"field": "target", "headerName": t("target", lang), "type": "rightAligned"},
        {"field": "gap", "headerName": t("cic_gap", lang), "type": "rightAligned"},
        {
            "field": "change",
            "headerName": f"{t('cic_change', lang)} {previous}" if previous else t("cic_change", lang),
            "type": "rightAligned",
        },
        {"field": "status", "headerName": t("status", lang), "cellClassRules": status_rules, "minWidth": 240},
        {
            "field": "projected",
            "headerName": t("fc_projected", lang),
            "cellClassRules": {f"fc-cell fc-{v}": f"params.data.verdict_key === '{v}'" for v in VERDICT_SYMBOLS},
            "minWidth": 260,
        },
        {"field": "comments", "headerName": t("fc_column", lang), "maxWidth": 170, "type": "rightAligned",
         "cellClass": "cic-grid-link", "cellClassRules": {"fc-league-count": "params.value !== ''"}},
    ]  # fmt: skip
    return dag.AgGrid(
        id=GRID_ID,
        rowData=league_rows(view, lang),
        columnDefs=columns,
        defaultColDef={
            "sortable": False,
            "resizable": False,
            "suppressMovable": True,
            "suppressHeaderMenuButton": True,
        },
        getRowId="params.data.area",
        columnSize="responsiveSizeToFit",
        dashGridOptions={"domLayout": "autoHeight", "suppressCellFocus": True, "theme": {"function": GRID_THEME}},
        className="cic-league",
        style={"width": "100%"},
    )


def render(view: dict, query: dict, lang: str):
    ind = view["indicator"]
    path = f"/indicator/{ind['code']}"
    mode = "value" if query.get("map") == "value" else "status"
    crumbs = [(t("nation", lang), href("/", query))]
    for node in view["chain"]:
        if node["level"] in ("Y1", "X"):
            label = name(node, lang)
            label = label if len(label) <= 40 else label[:39].rstrip() + "…"
            crumbs.append((f"{node['level']} {label}", href("/chain", query, node=node["code"])))
    crumbs.append((f"{ind['code']} {name(ind, lang)}", None))

    question = name(ind, lang, "question") if ind.get("question_th") else name(ind, lang)
    national_series = [(t("cic_national", lang), view["national_trend"])]
    trend = trend_chart(national_series, ind, lang, height=360, font_size=WALL_FONT)
    trend["data"] += projection_traces(
        view.get("national_forecast"),
        view["national_trend"],
        ind,
        view["fiscal_year_be"],
        view["period_no"],
        lang,
    )
    subject = f"{ind['code']}-{view['fiscal_year_be']}"
    bars = exportable_chart(indicator_bars(view["league"], ind, lang), f"{subject}-provinces", lang)
    body = html.Div(
        [
            html.H1(question, className="cic-question", id="indicator-question"),
            html.Div(
                [html.Span(ind["code"], className="cic-code"), name(ind, lang)], className="subtitle cic-subtitle"
            ),
            empty_state(emptiness(view), query, lang),
            html.Div(
                [national_panel(view, query, lang), definition_panel(ind, view.get("agency"), lang)],
                className="cic-indicator-top",
            ),
            what_if_panel(view, mode, lang) if view["fiscal_year_be"] else None,
            html.Div(
                [
                    section(
                        f"{t('map_by_province', lang)} · {t('fiscal_year', lang)} "
                        f"{view['fiscal_year_be'] or t('no_data', lang)}",
                        html.Div(
                            [
                                html.Div(
                                    [map_mode_links(query, path, lang), period_links(view, query, path, lang)],
                                    className="toolbar",
                                ),
                                exportable_chart(
                                    province_map(view["map"], label_points(), lang, MAP_ID, ind, mode, height=700),
                                    f"{subject}-map-{mode}",
                                    lang,
                                ),
                            ]
                        ),
                        "cic-map-panel",
                        fresh=fresh_results(view, lang, [ind["code"]]),
                    ),
                    section(
                        t("cic_provinces_ranked", lang),
                        html.Div(bars, className="cic-bars-scroll"),
                        "cic-bars-panel",
                        fresh=fresh_results(view, lang, [ind["code"]]),
                    ),
                ],
                className="two-columns",
            ),
            html.Div(
                [
                    section(
                        t("cic_trend_national", lang),
                        exportable_chart(
                            dcc.Graph(figure=trend, config={"displayModeBar": False}, className="cic-trend"),
                            f"{ind['code']}-trend-national",
                            lang,
                        ),
                        "cic-trend-panel",
                        fresh=fresh_results(view, lang, [ind["code"]]),
                    ),
                    section(
                        t("cic_trend_regions", lang),
                        region_multiples(view, query, lang),
                        "cic-multiples-panel",
                        fresh=fresh_results(view, lang, [ind["code"]]),
                    ),
                ],
                className="cic-trend-grid",
            ),
            section(
                t("cic_league", lang),
                html.Div(
                    [
                        forecast_counts(list(view.get("forecast", {}).values()), lang),
                        exportable(league_grid(view, lang), f"{subject}-league", lang),
                    ]
                ),
                "cic-league-panel",
                "indicator-league-panel",
                fresh=fresh_results(view, lang, [ind["code"]]),
            ),
            completeness_panel(view.get("completeness"), ind, query, lang),
        ],
        className="cic-page cic-indicator-page",
    )
    return crumbs, body


def what_if_outputs(view: dict, mode: str, lang: str) -> tuple:
    """What the what-if redraws from cockpit.read.views.what_if_view: the league's rows, the map's and the bars'
    figures, the national status, the status counts, and the 'what-if, not saved' mark (shown while the
    target or the gaps differ from the stored ones)."""
    ind = view["indicator"]
    # Only the figures go back to the page (the camera's file name stays in each graph's config); the export's
    # panel-coloured paper must come with them.
    graph = exportable_chart(province_map(view["map"], label_points(), lang, MAP_ID, ind, mode, height=700), "", lang)
    national = status_badge(view["national"]["status"] if view["national"] else "no_data", lang)
    moved = view["moved"] is not None or view.get("gaps") is not None
    active = "wi-active" if moved else "wi-active wi-hidden"
    return (
        league_rows(view, lang),
        graph.figure,
        exportable_chart(indicator_bars(view["league"], ind, lang), "", lang).figure,
        national,
        status_count_chips(view["counts"], lang),
        active,
    )

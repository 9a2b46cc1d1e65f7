"""/ — where the country stands: the chain's goals, key indicators, a map and the regions for one indicator,
and the open crises."""

from dash import dcc, html

from cockpit.catalogue.geo import label_points
from layouts.charts import PANEL_2, exportable_chart, ranked_bars, sparkline
from layouts.common import dropdown, fmt, fresh_crises, fresh_results, href, section, target_text, unit
from layouts.crisis_list import crisis_list
from layouts.empty import NO_CATALOGUE, emptiness, empty_state
from layouts.i18n import name, t
from layouts.maps import province_map
from layouts.status import status_badge
from layouts.table_export import exportable_table


def indicator_choice(view: dict, lang: str, query: dict) -> dcc.Dropdown:
    """The indicator shown on the map and in rankings; the navigation callback puts it in the URL.

    Without ?ind= in the URL the default shows as the placeholder, not as a value: a value would make the
    callback push ?ind= on every page load and trap the browser's back button.
    """
    chosen = view["indicator"]
    return dropdown(
        lang,
        id="indicator-select",
        options=[{"label": f"{i['code']} · {name(i, lang)}", "value": i["code"]} for i in view["indicators"]],
        value=chosen["code"] if query.get("ind") == chosen["code"] else None,
        placeholder=f"{chosen['code']} · {name(chosen, lang)}",
        clearable=False,
        searchable=True,
        className="indicator-select",
    )


def map_mode_links(query: dict, path: str, lang: str) -> html.Div:
    current = query.get("map", "status")
    return html.Div(
        [
            dcc.Link(
                t(f"map_{mode}", lang),
                href=href(path, query, map=mode),
                className="choice" + (" choice-current" if current == mode else ""),
            )
            for mode in ("status", "value")
        ],
        className="choices",
    )


def tile(item: dict, query: dict, lang: str, year: int | None = None) -> dcc.Link:
    """A key indicator's figure, leading to its page; its sparkline has the camera, which does not follow the link
    (assets/vendor/plotly-export.js)."""
    ind, res = item["indicator"], item["result"]
    return dcc.Link(
        [
            html.Div(name(ind, lang), className="tile-title"),
            html.Div(
                [
                    html.Span(fmt(res["value"], ind["decimals"], lang), className="tile-value"),
                    html.Span(unit(ind, lang) if res["value"] is not None else "", className="tile-unit"),
                ]
            ),
            html.Div(f"{t('target', lang)} {target_text(res, ind, lang)}", className="tile-target"),
            status_badge(res["status"], lang, res.get("periods_missing", 0)),
            exportable_chart(sparkline(item["trend"], ind), f"{ind['code']}-trend-{year}", lang, background=PANEL_2),
        ],
        href=href(f"/indicator/{ind['code']}", query),
        className=f"tile tile-{res['status']}",
        id={"type": "indicator-tile", "code": ind["code"]},
    )


def goal_chip(goal: dict, query: dict, lang: str) -> dcc.Link:
    return dcc.Link(
        [
            html.Span(goal["level"], className="goal-level"),
            html.Span(name(goal, lang), className="goal-name"),
            status_badge(goal["status"], lang),
        ],
        href=href("/chain", query, node=goal["code"]),
        className=f"goal goal-depth-{goal['depth']} goal-{goal['status']}",
    )


def region_table(rows: list[dict], query: dict, lang: str) -> html.Table:
    head = html.Tr(
        [
            html.Th(t("rank", lang)),
            html.Th(t("region_scheme", lang)),
            html.Th(t("value", lang)),
            html.Th(t("status", lang)),
            html.Th(t("on_target", lang)),
        ]
    )
    body = [
        html.Tr(
            [
                html.Td(row["rank"] or "–"),
                html.Td(dcc.Link(name(row, lang), href=href(f"/region/{row['area']}", query), className="region-link")),
                html.Td(fmt(row["value"], 1, lang)),
                html.Td(status_badge(row["status"], lang, row.get("periods_missing", 0))),
                html.Td(f"{row['counts']['green']}/{sum(row['counts'].values())}"),
            ]
        )
        for row in rows
    ]
    return html.Table([html.Thead(head), html.Tbody(body)], className="data-table region-table")


def render(view: dict, query: dict, lang: str):
    ind = view["indicator"]
    mode = "value" if query.get("map") == "value" else "status"
    empty = emptiness(view)
    crisis_panel = section(
        t("active_crises", lang),
        crisis_list(view["crises"], query, lang, limit=8),
        "crisis-panel",
        fresh=fresh_crises(view["crises"], lang),
    )
    if empty == NO_CATALOGUE or ind is None:
        body = html.Div(
            [section(t("key_indicators", lang), empty_state(NO_CATALOGUE, query, lang)), crisis_panel],
            className="nation-page",
        )
        return [(t("nation", lang), None)], body
    body = html.Div(
        [
            section(
                t("goals", lang),
                html.Div([goal_chip(g, query, lang) for g in view["goals"]], className="goal-strip"),
                fresh=fresh_results(view, lang),
            ),
            section(
                t("key_indicators", lang),
                empty_state(empty, query, lang)
                if empty
                else html.Div(
                    [tile(i, query, lang, view["fiscal_year_be"]) for i in view["tiles"]], className="tile-grid"
                ),
                fresh=fresh_results(view, lang, [i["indicator"]["code"] for i in view["tiles"]]),
            ),
            html.Div([indicator_choice(view, lang, query), map_mode_links(query, "/", lang)], className="toolbar"),
            html.Div(
                [
                    section(
                        f"{t('map_by_province', lang)}: {name(ind, lang)}",
                        exportable_chart(
                            province_map(
                                view["map"], label_points(), lang, {"type": "province-map", "page": "nation"}, ind, mode
                            ),
                            f"{ind['code']}-map-{mode}-{view['fiscal_year_be']}",
                            lang,
                        ),
                        "map-panel",
                        fresh=fresh_results(view, lang, [ind["code"]]),
                    ),
                    section(
                        t("regions_ranked", lang),
                        html.Div(
                            [
                                exportable_chart(
                                    ranked_bars(view["regions"], ind, lang, {"type": "region-bars", "page": "nation"}),
                                    f"{ind['code']}-regions-{view['fiscal_year_be']}",
                                    lang,
                                ),
                                exportable_table(
                                    region_table(view["regions"], query, lang),
                                    f"{ind['code']}-regions-table-{view['fiscal_year_be']}",
                                    lang,
                                ),
                            ]
                        ),
                        "rank-panel",
                        fresh=fresh_results(view, lang, [ind["code"]]),
                    ),
                ],
                className="two-columns",
            ),
            crisis_panel,
        ],
        className="nation-page",
    )
    return [(t("nation", lang), None)], body

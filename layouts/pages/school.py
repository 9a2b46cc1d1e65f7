"""/school/<code> — one school on every indicator it reports: its figure, its province's target, the status and
its trend over the fiscal year's periods."""

from __future__ import annotations

from dash import dcc, html

from layouts.charts import PANEL_2, STATIC, exportable_chart, trend_chart
from layouts.common import fmt, href, section, target_text, unit
from layouts.empty import emptiness, empty_state
from layouts.i18n import name, t
from layouts.pages.province import status_counts
from layouts.pages.service_area import path_of
from layouts.status import status_badge

CARD_CLASS = "rp-card sc-card"


def card_id(code: str) -> dict:
    return {"type": "school-card", "code": code}


def trend_graph(item: dict, school: dict, lang: str):
    ind, trend = item["indicator"], item["trend"]
    if not any(point["value"] is not None for point in trend):
        return html.Div(t("no_data", lang), className="rp-trend-empty")
    figure = trend_chart([(name(school, lang), trend)], ind, lang, height=190, compact=True)
    graph = dcc.Graph(figure=figure, config=STATIC, className="rp-trend")
    return exportable_chart(graph, f"{school['code']}-{ind['code']}-trend", lang, background=PANEL_2)


def indicator_card(item: dict, school: dict, query: dict, lang: str) -> html.Article:
    """The school's figure on one indicator at the indicator's reporting period (missing if it has not reported
    that period), with the target of its province and its trend."""
    ind, result = item["indicator"], item["result"]
    status = result["status"] if result else "no_data"
    value = result["value"] if result else None
    return html.Article(
        [
            dcc.Link(
                [html.Span(ind["code"], className="rp-card-code"), name(ind, lang)],
                href=href(f"/indicator/{ind['code']}", query),
                className="rp-card-title",
            ),
            html.Div(
                [
                    html.Span(
                        fmt(value, ind["decimals"], lang),
                        className="rp-card-value" + (" rp-card-value-missing" if value is None else ""),
                    ),
                    html.Span(unit(ind, lang), className="rp-card-unit") if value is not None else None,
                ],
                className="rp-card-figure",
            ),
            html.Div(status_badge(status, lang, (result or {}).get("periods_missing", 0)), className="rp-card-status"),
            html.Dl(
                [
                    html.Dt(t("target", lang)),
                    html.Dd(
                        target_text(result, ind, lang) if result else t("no_target", lang), className="rp-card-target"
                    ),
                ],
                className="rp-card-facts",
            ),
            html.Div(t("sc_trend", lang), className="sc-trend-title"),
            trend_graph(item, school, lang),
        ],
        id=card_id(ind["code"]),
        className=f"{CARD_CLASS} rp-card-{status}",
    )


def render(view: dict, query: dict, lang: str):
    school, province, area = view["school"], view["province"], view["service_area"]
    other = "en" if lang == "th" else "th"
    cards = [{"result": row["result"]} for row in view["rows"]]
    body = html.Div(
        [
            html.Div(
                [
                    html.H1(
                        [name(school, lang), html.Span(name(school, other), className="rp-title-other")]
                        if school.get("name_en")
                        else name(school, lang),
                        className="rp-title",
                    ),
                    html.Div(
                        [
                            html.Span(t("sc_school", lang), className="sa-kind"),
                            dcc.Link(
                                name(area, lang),
                                href=href(path_of(area["code"]), query, province=province["code"]),
                                className="service-area-link",
                            ),
                            dcc.Link(
                                name(province, lang),
                                href=href(f"/province/{province['code']}", query),
                                className="province-link",
                            ),
                            status_counts(cards),
                        ],
                        className="rp-subtitle",
                    ),
                ],
                className="rp-head",
            ),
            empty_state(emptiness(view), query, lang),
            section(
                f"{t('sc_indicators', lang)} · {t('fiscal_year', lang)} {view['fiscal_year_be'] or t('no_data', lang)}",
                html.Div([indicator_card(row, school, query, lang) for row in view["rows"]], className="rp-card-grid")
                if view["rows"]
                else html.Div(t("sc_no_results", lang), className="empty", id="school-no-results"),
                "sc-panel",
                "school-indicators",
            ),
        ],
        className="province-page school-page",
    )
    crumbs = [(t("nation", lang), href("/", query))]
    if view.get("region"):
        crumbs.append((name(view["region"], lang), href(f"/region/{view['region']['code']}", query)))
    crumbs += [
        (name(province, lang), href(f"/province/{province['code']}", query)),
        (name(area, lang), href(path_of(area["code"]), query, province=province["code"])),
        (name(school, lang), None),
    ]
    return crumbs, body

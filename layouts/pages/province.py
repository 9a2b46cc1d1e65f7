"""/province/<ISO code> — one province on every joint indicator, by value-chain stage (upstream, midstream,
downstream), with its rank, host agency and trend; its educational service areas and its crises."""

from __future__ import annotations

from dash import dcc, html

from cockpit.read import crises
from cockpit.rules.thai_time import format_datetime_be
from layouts.approval import marker as awaiting_marker
from layouts.charts import PANEL_2, STATIC, exportable_chart, trend_chart
from layouts.comments import count_link, thread_href
from layouts.common import fmt, fresh_crises, fresh_results, href, section, target_text, unit
from layouts.crisis_list import crisis_item
from layouts.empty import emptiness, empty_state
from layouts.forecast import forecast_badge
from layouts.i18n import name, t
from layouts.status import SYMBOLS, status_badge
from layouts.to_check import marker

STAGES = ("upstream", "midstream", "downstream")
STATUS_ORDER = ("green", "yellow", "orange", "red", "incomplete", "no_target", "no_data")


def card_id(code: str) -> dict:
    return {"type": "indicator-card", "code": code}


def _status(card: dict) -> str:
    return card["result"]["status"] if card["result"] else "no_data"


def rank_text(result: dict | None, lang: str) -> str:
    if not result or result.get("rank") is None:
        return t("rp_not_ranked", lang)
    return t("rp_rank_of", lang).format(rank=result["rank"], of=result["ranked_of"])


def agency_text(agency: dict | None, lang: str) -> str:
    if not agency:
        return t("no_data", lang)
    return agency["name_en"] if lang == "en" else agency["abbr_th"]


def trend_graph(card: dict, province: dict, lang: str):
    """The province's values per period with its target (a range shows both bounds); static, no hover."""
    ind, trend = card["indicator"], card["trend"]
    if not any(point["value"] is not None for point in trend):
        return html.Div(t("no_data", lang), className="rp-trend-empty")
    figure = trend_chart([(name(province, lang), trend)], ind, lang, height=190, compact=True)
    graph = dcc.Graph(figure=figure, config=STATIC, className="rp-trend")
    return exportable_chart(graph, f"{province['code']}-{ind['code']}-trend", lang, background=PANEL_2)


def indicator_card(card: dict, province: dict, query: dict, lang: str, comments: dict | None = None) -> html.Article:
    """One indicator's figure for the province, with the count of comments on it (a link to its thread)."""
    comments = comments or {}
    ind, result = card["indicator"], card["result"]
    status = _status(card)
    value = result["value"] if result else None
    agency = card["agency"]
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
                    marker(lang) if card.get("to_check") else None,
                    count_link(
                        comments.get((ind["code"], province["code"]), 0),
                        thread_href(f"/province/{province['code']}", query, ind=ind["code"]),
                        lang,
                    ),
                    awaiting_marker(lang) if card.get("awaiting") else None,
                ],
                className="rp-card-figure",
            ),
            html.Div(status_badge(status, lang, (result or {}).get("periods_missing", 0)), className="rp-card-status"),
            forecast_badge(card.get("forecast"), ind, lang),
            html.Dl(
                [
                    html.Dt(t("target", lang)),
                    html.Dd(
                        target_text(result, ind, lang) if result else t("no_target", lang),
                        className="rp-card-target",
                    ),
                    html.Dt(t("rank", lang)),
                    html.Dd(rank_text(result, lang), className="rp-card-rank"),
                    html.Dt(t("rp_host", lang)),
                    html.Dd(
                        agency_text(agency, lang),
                        className="rp-card-agency",
                        title=(agency["name_th"] if agency and lang == "th" else None),
                    ),
                ],
                className="rp-card-facts",
            ),
            trend_graph(card, province, lang),
        ],
        id=card_id(ind["code"]),
        className=f"rp-card rp-card-{status}",
    )


def status_counts(cards: list[dict]) -> html.Div:
    """How many indicators are in each status: symbol and number, in the status colours."""
    statuses = [_status(c) for c in cards]
    return html.Div(
        [
            html.Span(f"{SYMBOLS[s]} {statuses.count(s)}", className=f"rp-count-chip status-{s}")
            for s in STATUS_ORDER
            if statuses.count(s)
        ],
        className="rp-count-chips",
    )


def stage_section(stage: str, cards: list[dict], province: dict, query: dict, lang: str, view: dict) -> html.Section:
    return html.Section(
        [
            html.Div(
                [html.H2(t(f"rp_{stage}", lang), className="section-title"), status_counts(cards)],
                className="rp-stage-head",
            ),
            fresh_results(view, lang, [c["indicator"]["code"] for c in cards]),
            html.Div(
                [indicator_card(c, province, query, lang, view.get("comment_counts")) for c in cards],
                className="rp-card-grid",
            )
            if cards
            else html.Div(t("no_data", lang), className="empty"),
        ],
        className=f"panel rp-stage rp-stage-{stage}",
        id=f"stage-{stage}",
    )


def service_area_item(area: dict, figures: dict | None, province: dict, query: dict, lang: str) -> html.Li:
    """A service area as a link to its page, with its figure and status on the panel's indicator when its schools
    report it (the ratio of sums of its schools, cockpit/read/schools.py)."""
    link_query = query | {"ind": figures["indicator"]["code"]} if figures else query
    link = dcc.Link(
        name(area, lang),
        href=href(f"/service-area/{area['code']}", link_query, province=province["code"]),
        className="service-area-link",
    )
    row = (figures or {}).get("figures", {}).get(area["code"])
    if not row or not row["schools_reporting"]:
        return html.Li(link, className="rp-sa-item")
    ind = figures["indicator"]
    return html.Li(
        [
            link,
            html.Span(
                [
                    html.Span(fmt(row["value"], ind["decimals"], lang), className="rp-sa-value"),
                    html.Span(unit(ind, lang), className="rp-sa-unit") if row["value"] is not None else None,
                    status_badge(row["status"], lang, row.get("periods_missing", 0)),
                ],
                className="rp-sa-figure",
            ),
        ],
        className="rp-sa-item",
        id={"type": "service-area-figure", "code": area["code"]},
    )


def service_areas(
    areas: list[dict], lang: str, province: dict | None = None, query: dict | None = None, figures: dict | None = None
) -> html.Div:
    """The province's service areas by kind, each a link to its page; with `figures` (views._service_area_panel)
    each shows its figure on that indicator."""
    if not areas:
        return html.Div(t("no_data", lang), className="empty")
    query = query or {}
    blocks = []
    if figures:
        ind = figures["indicator"]
        blocks.append(
            html.Div(
                f"{t('sa_panel_indicator', lang)} {ind['code']} · {name(ind, lang)}",
                className="rp-sa-indicator",
                id="province-sa-indicator",
            )
        )
    for kind in ("primary", "secondary"):
        members = [a for a in areas if a["kind"] == kind]
        if members:
            blocks.append(
                html.Div(
                    [
                        html.H3(t(f"rp_{kind}", lang), className="rp-sa-kind"),
                        html.Ul(
                            [service_area_item(a, figures, province or {"code": None}, query, lang) for a in members],
                            className="rp-sa-list",
                        ),
                    ]
                )
            )
    return html.Div(blocks, className="rp-service-areas")


def _status_word(status: str | None, lang: str) -> str:
    th, en = crises.STATUSES.get(status, (status or "", status or ""))
    return en if lang == "en" else th


def crisis_with_log(event: dict, lang: str, query: dict | None = None) -> html.Div:
    """The event as in every crisis list, then each lifecycle step: status, Bangkok time (BE) and who."""
    steps = [
        html.Li(
            [
                html.Span(
                    _status_word(step["to_status"], lang),
                    className=f"rp-log-status crisis-status-{step['to_status']}",
                ),
                html.Span(format_datetime_be(step["changed_at"], lang), className="rp-log-time"),
                html.Span(f"{t('rp_by', lang)} {step['changed_by']}", className="rp-log-who"),
                html.Span(step["note"], className="rp-log-note") if step.get("note") else None,
            ],
            className="rp-log-step",
        )
        for step in event.get("log", [])
    ]
    return html.Div(
        [
            html.Ul([crisis_item(event, lang, query)], className="crisis-list"),
            html.Details(
                [html.Summary(t("rp_status_log", lang)), html.Ol(steps, className="rp-log")],
                open=True,
                className="rp-log-box",
            )
            if steps
            else None,
        ],
        className="rp-crisis",
    )


def province_crises(events: list[dict], lang: str, query: dict | None = None) -> html.Div:
    if not events:
        return html.Div(t("rp_no_crises", lang), className="empty")
    return html.Div([crisis_with_log(e, lang, query) for e in events], className="rp-crises")


def render(view: dict, query: dict, lang: str):
    province, region = view["province"], view["region"]
    all_cards = [c for stage in STAGES for c in view["stages"].get(stage, [])]
    on_target = sum(1 for c in all_cards if _status(c) == "green")
    other = "en" if lang == "th" else "th"
    body = html.Div(
        [
            html.Div(
                [
                    html.H1(
                        [name(province, lang), html.Span(name(province, other), className="rp-title-other")],
                        className="rp-title",
                    ),
                    html.Div(
                        [
                            dcc.Link(
                                name(region, lang),
                                href=href(f"/region/{region['code']}", query),
                                className="region-link",
                            ),
                            html.Span(
                                t("rp_indicators_on_target", lang).format(n=on_target, total=len(all_cards)),
                                className="rp-on-target",
                            ),
                            status_counts(all_cards),
                        ],
                        className="rp-subtitle",
                    ),
                ],
                className="rp-head",
            ),
            empty_state(emptiness(view), query, lang),
            html.P(t("fc_note", lang), className="fc-note", id="province-forecast-note"),
            *[stage_section(stage, view["stages"].get(stage, []), province, query, lang, view) for stage in STAGES],
            html.Div(
                [
                    section(
                        t("rp_service_areas", lang),
                        service_areas(view["service_areas"], lang, province, query, view.get("service_area_figures")),
                        "rp-sa-panel",
                        "province-service-areas",
                    ),
                    section(
                        t("rp_province_crises", lang),
                        province_crises(view["crises"], lang, query),
                        "crisis-panel",
                        fresh=fresh_crises(view["crises"], lang),
                    ),
                ],
                className="rp-bottom",
            ),
        ],
        className="province-page",
    )
    crumbs = [
        (t("nation", lang), href("/", query)),
        (name(region, lang), href(f"/region/{region['code']}", query)),
        (name(province, lang), None),
    ]
    return crumbs, body

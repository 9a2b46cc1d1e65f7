"""/since — what changed since the last meeting of the room began (cockpit.room.meetings): areas that turned
red or recovered, national figures that moved beyond their threshold, crises reported and closed meanwhile.
The deck can put the same on every wall (the "since" subject wall)."""

from __future__ import annotations

from dash import dcc, html

from cockpit.rules.thai_time import format_datetime_be
from layouts.common import fmt, fresh_crises, fresh_results, href, section, unit, with_identifier
from layouts.crisis_list import crisis_list
from layouts.empty import emptiness, empty_state
from layouts.i18n import name, t
from layouts.status import status_badge

AREA_PAGES = {"nation": "/", "region": "/region/{}", "province": "/province/{}"}


def change_rows(changes: list[dict], query: dict, lang: str, none_key: str) -> html.Div:
    if not changes:
        return html.Div(t(none_key, lang), className="empty")
    rows = []
    for change in changes:
        ind = change["indicator"]
        area_path = AREA_PAGES[change["level"]].format(change["area"])
        rows.append(
            html.Li(
                [
                    dcc.Link(name(change, lang), href=href(area_path, query), className="since-area"),
                    dcc.Link(
                        f"{ind['code']} · {name(ind, lang)}",
                        href=href(f"/indicator/{ind['code']}", query),
                        className="since-indicator",
                    ),
                    html.Span(
                        f"{fmt(change['before'], ind['decimals'], lang)} → {fmt(change['now'], ind['decimals'], lang)}"
                        f" {unit(ind, lang)}",
                        className="since-values",
                        title=t("since_before_now", lang),
                    ),
                    status_badge(change["before_status"], lang),
                    html.Span("→", className="since-arrow", **{"aria-hidden": "true"}),
                    status_badge(change["status"], lang),
                ],
                className="since-row",
                **{"data-area": change["area"], "data-indicator": ind["code"]},
            )
        )
    return html.Ul(rows, className="since-list")


def render(view: dict, query: dict, lang: str):
    changes = view["changes"]
    meeting = changes["meeting"]
    crumbs = [(t("nation", lang), href("/", query)), (t("since_title", lang), None)]
    head = [html.H1(t("since_title", lang)), empty_state(emptiness(view), query, lang)]
    if meeting is None:
        body = html.Div([*head, html.P(t("since_no_meeting", lang), className="empty", id="since-no-meeting")])
        return crumbs, html.Div(body, className="since-page")
    started = with_identifier(
        t("since_started", lang).format(
            title=meeting["title"] or t("since_untitled", lang),
            when=format_datetime_be(meeting["started_at"], lang),
            who="{who}",
            year=meeting["fiscal_year_be"] or "–",
        ),
        "{who}",
        meeting["started_by"].partition(":")[2] or meeting["started_by"],
    )
    codes = sorted({c["indicator"]["code"] for k in ("turned_red", "recovered", "moved") for c in changes[k]})
    sections = [
        section(
            t(f"since_{key}", lang),
            change_rows(changes[key], query, lang, f"since_none_{key}"),
            f"since-{key}",
            f"since-{key}",
            fresh_results(view, lang, codes or None),
        )
        for key in ("turned_red", "recovered", "moved")
    ] + [
        section(
            t(f"since_{key}", lang),
            crisis_list(changes[key], query, lang) if changes[key] else html.Div(t(f"since_none_{key}", lang)),
            f"since-{key}",
            f"since-{key}",
            fresh_crises(changes[key], lang),
        )
        for key in ("reported", "closed")
    ]
    body = html.Div([*head, html.P(started, className="subtitle", id="since-meeting"), *sections])
    return crumbs, html.Div(body, className="since-page")

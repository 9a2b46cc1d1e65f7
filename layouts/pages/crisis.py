"""/crisis — the educational crises still open (or all, with ?closed=1): totals as big numbers, a map of the
highest severity per province, and each event with its impacts, learning mode, help given and lifecycle."""

from __future__ import annotations

from dash import dcc, html

from cockpit.catalogue.geo import label_points
from cockpit.read import crises
from cockpit.rules.thai_time import format_datetime_be
from layouts.charts import exportable_chart
from layouts.common import fmt, fresh_crises, href, section
from layouts.crisis_form import crisis_crumbs, update_panel
from layouts.crisis_list import SEVERITY_SYMBOLS
from layouts.empty import emptiness, empty_state
from layouts.i18n import name, t
from layouts.level_map import level_map
from layouts.table_export import exportable_table

# The same colours as the crisis list's severity bars (assets/cockpit.css).
SEVERITY_COLOURS = {1: "#3b82f6", 2: "#e3b505", 3: "#f0761f", 4: "#d62f2f"}
NO_CRISIS = "#26324a"
TOTALS = crises.IMPACT_FIELDS
IMPACTS = (*TOTALS, "damage_thb")


def label(table: dict, key, lang: str) -> str:
    th, en = table.get(key, (str(key), str(key)))
    return en if lang == "en" else th


def _impact_word(field: str, lang: str) -> str:
    return t("cic_damage" if field == "damage_thb" else f"cic_{field}", lang)


def totals_strip(view: dict, lang: str) -> html.Div:
    totals = view["totals"]
    events_word = t("cic_events_all" if view["show_closed"] else "cic_events_open", lang)
    figures = [("events", events_word, totals["events"])] + [(f, _impact_word(f, lang), totals.get(f)) for f in TOTALS]
    return html.Div(
        [
            html.Div(
                [
                    html.Div(
                        fmt(value, 0, lang), className="cic-total-value" + (" cic-no-data" if value is None else "")
                    ),
                    html.Div(word, className="cic-total-label"),
                ],
                className=f"cic-total cic-total-{field}",
                id=f"crisis-total-{field}",
            )
            for field, word, value in figures
        ],
        className="cic-totals",
        id="crisis-totals",
    )


def severity_map(view: dict, lang: str) -> html.Div:
    by_area = {row["area"]: row for row in view["map"]}
    provinces = view["provinces"]
    rows = []
    for code in sorted(set(label_points()) | set(by_area)):
        place = provinces.get(code, {"name_th": code, "name_en": code})
        hit = by_area.get(code)
        if hit and hit["severity"] in SEVERITY_COLOURS:
            level = hit["severity"]
            hover = (
                f"<b>{name(place, lang)}</b><br>{SEVERITY_SYMBOLS[level]} {label(crises.SEVERITIES, level, lang)}"
                f"<br>{hit['events']} {t('cic_events', lang)}"
            )
            rows.append({"area": code, "colour": SEVERITY_COLOURS[level], "symbol": str(level), "hover": hover})
        else:
            rows.append(
                {
                    "area": code,
                    "colour": NO_CRISIS,
                    "symbol": "",
                    "hover": f"<b>{name(place, lang)}</b><br>{t('cic_no_open_crisis', lang)}",
                }
            )
    key = [
        html.Span(
            [
                html.Span(str(level), className="cic-swatch", style={"background": colour}),
                label(crises.SEVERITIES, level, lang),
            ],
            className="cic-key-item",
        )
        for level, colour in SEVERITY_COLOURS.items()
    ]
    key.append(
        html.Span(
            [html.Span("", className="cic-swatch", style={"background": NO_CRISIS}), t("cic_no_open_crisis", lang)],
            className="cic-key-item",
        )
    )
    return html.Div(
        [
            exportable_chart(
                level_map(rows, label_points(), {"type": "province-map", "page": "crisis"}, height=760),
                "crisis-severity-map",
                lang,
            ),
            html.Div(key, className="cic-map-key"),
        ]
    )


def by_type(events: list[dict], lang: str) -> html.Table:
    """Events, schools closed and students affected per crisis type, most events first."""
    groups: dict[str, list[dict]] = {}
    for event in events:
        groups.setdefault(event["type"], []).append(event)
    head = html.Tr(
        [
            html.Th(t("cic_type", lang)),
            html.Th(t("cic_events_n", lang)),
            html.Th(t("cic_schools_closed", lang)),
            html.Th(t("cic_students_affected", lang)),
        ]
    )
    body = []
    for kind, items in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        closed = crises.totals(items)
        worst = max(e["severity"] for e in items)
        body.append(
            html.Tr(
                [
                    html.Td(
                        [
                            html.Span(
                                SEVERITY_SYMBOLS[worst],
                                className=f"cic-sev cic-sev-{worst}",
                                title=label(crises.SEVERITIES, worst, lang),
                            ),
                            label(crises.TYPES, kind, lang),
                        ]
                    ),
                    html.Td(str(len(items))),
                    html.Td(fmt(closed["schools_closed"], 0, lang)),
                    html.Td(fmt(closed["students_affected"], 0, lang)),
                ]
            )
        )
    return html.Table([html.Thead(head), html.Tbody(body)], className="data-table cic-type-table")


def lifecycle(log: list[dict], lang: str) -> html.Ol:
    """Each status change as one line of text (from → to · when · who · note): one component a step, since
    Dash's renderer slows sharply with the number of components on a page."""
    steps = []
    for entry in log:
        start = label(crises.STATUSES, entry["from_status"], lang) if entry.get("from_status") else "–"
        parts = [
            f"{start} → {label(crises.STATUSES, entry['to_status'], lang)}",
            format_datetime_be(entry["changed_at"], lang),
            f"{t('cic_by', lang)} {entry['changed_by']}",
        ]
        if entry.get("note"):
            parts.append(entry["note"])
        steps.append(html.Li(" · ".join(parts), className=f"cic-step cic-step-{entry['to_status']}"))
    return html.Ol(steps, className="cic-lifecycle")


def event_card(event: dict, view: dict, query: dict, lang: str) -> html.Article:
    provinces = view["provinces"]
    level = event["severity"]
    places = [
        dcc.Link(
            name(provinces[code], lang) if code in provinces else code,
            href=href(f"/province/{code}", query),
            className="province-link cic-place",
        )
        for code in event["provinces"]
    ]
    impacts = [
        html.Div(
            [
                html.Div(
                    fmt(event.get(field), 0, lang),
                    className="cic-impact-value" + (" cic-no-data" if event.get(field) is None else ""),
                ),
                html.Div(_impact_word(field, lang), className="cic-impact-label"),
            ],
            className="cic-impact",
        )
        for field in IMPACTS
    ]
    mode = event.get("learning_mode")
    return html.Article(
        [
            html.Div(
                [
                    html.Span(
                        f"{SEVERITY_SYMBOLS[level]} {label(crises.SEVERITIES, level, lang)}",
                        className=f"cic-sev cic-sev-{level}",
                    ),
                    html.Span(label(crises.TYPES, event["type"], lang), className="cic-type"),
                    html.Span(
                        label(crises.STATUSES, event["status"], lang),
                        className=f"cic-crisis-status cic-crisis-status-{event['status']}",
                    ),
                    html.Span(
                        f"{t('cic_occurred', lang)} {format_datetime_be(event['occurred_at'], lang)}",
                        className="cic-muted",
                    ),
                ],
                className="cic-event-head",
            ),
            html.H3(event["title"], className="cic-event-title"),
            html.Div(
                [html.Span(f"{t('cic_province', lang)}: ", className="cic-muted"), *places], className="cic-places"
            ),
            html.Div(
                [
                    html.Div(impacts, className="cic-impacts"),
                    html.Div(
                        [
                            html.Div(
                                [
                                    html.Span(f"{t('cic_learning_mode', lang)}: ", className="cic-muted"),
                                    label(crises.LEARNING_MODES, mode, lang) if mode else t("no_data", lang),
                                ]
                            ),
                            html.Div(
                                [
                                    html.Span(f"{t('cic_help', lang)}: ", className="cic-muted"),
                                    event.get("help_given") or t("no_data", lang),
                                ]
                            ),
                            html.Div(
                                [html.Span(f"{t('cic_reporter', lang)}: ", className="cic-muted"), event["reporter"]]
                            ),
                            html.Div(t("cic_lifecycle", lang), className="cic-muted cic-lifecycle-title"),
                            lifecycle(event.get("log", []), lang),
                        ],
                        className="cic-event-side",
                    ),
                ],
                className="cic-event-body",
            ),
        ],
        className=f"cic-event crisis-severity-{level}",
        id={"type": "crisis-event", "id": event["id"]},
    )


EVENTS_SHOWN = 20


def may_report(viewer: dict | None) -> bool:
    return bool(viewer and "report" in viewer["can"] and viewer.get("write_scope"))


def may_update(viewer: dict | None, event: dict) -> bool:
    """Whether the one looking may move this event along: a reporter whose write scope covers all its provinces
    (the write itself checks the same, cockpit/write/ingest.py)."""
    if not may_report(viewer):
        return False
    scope = viewer.get("write_provinces")
    return scope is None or set(event["provinces"]) <= set(scope)


def render(view: dict, query: dict, lang: str):
    crumbs = [(t("nation", lang), href("/", query)), (t("crises", lang), None)]
    if view.get("single"):
        crumbs = [*crisis_crumbs(view, query, lang), (view["crises"][0]["title"], None)]
    show_closed = view["show_closed"]
    report_link = (
        dcc.Link(t("cr_new_link", lang), href=href("/crisis/new", query), className="choice cr-new", id="crisis-new")
        if may_report(view.get("viewer"))
        else None
    )
    toggle = dcc.Link(
        t("cic_hide_closed" if show_closed else "cic_show_closed", lang),
        href=href("/crisis", query, closed=None if show_closed else "1"),
        className="choice cic-toggle",
        id="crisis-closed-toggle",
    )
    events = view["crises"]
    # Dash's renderer slows sharply with thousands of components, so the list shows the newest events only;
    # the totals, map and table by type above still count them all.
    shown = events[:EVENTS_SHOWN]
    listing = (
        html.Div([event_card(e, view, query, lang) for e in shown], className="cic-events")
        if events
        else html.Div(t("no_crises", lang), className="empty")
    )
    if len(events) > len(shown):
        more = (
            f"แสดง {len(shown)} เหตุการณ์ล่าสุดจาก {len(events)}"
            if lang == "th"
            else f"Showing the newest {len(shown)} of {len(events)} events"
        )
        listing = html.Div([listing, html.Div(more, className="cic-muted cic-more", id="crisis-more")])
    body = html.Div(
        [
            html.Div(
                [html.H1(t("cic_crisis_question", lang), className="cic-question"), report_link, toggle],
                className="cic-title-row",
            ),
            update_panel(events[0], lang) if view.get("single") and may_update(view.get("viewer"), events[0]) else None,
            empty_state(emptiness(view), query, lang),
            totals_strip(view, lang),
            html.Div(
                [
                    html.Div(
                        [
                            section(
                                t("cic_severity_map", lang),
                                severity_map(view, lang),
                                "cic-map-panel",
                                fresh=fresh_crises(events, lang),
                            ),
                            section(
                                t("cic_by_type", lang),
                                exportable_table(by_type(events, lang), "crises-by-type", lang),
                                "cic-types-panel",
                                fresh=fresh_crises(events, lang),
                            ),
                        ]
                    ),
                    section(
                        f"{t('cic_event_list', lang)} ({len(events)})",
                        listing,
                        "cic-events-panel",
                        "crisis-events",
                        fresh=fresh_crises(events, lang),
                    ),
                ],
                className="cic-crisis-grid",
            ),
        ],
        className="cic-page cic-crisis-page",
    )
    return crumbs, body

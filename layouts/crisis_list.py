"""A compact list of crisis events: severity, type, title, provinces, schools closed, status."""

from dash import dcc, html

from cockpit.read import crises
from cockpit.rules.thai_time import format_datetime_be
from layouts.common import fmt, href
from layouts.i18n import t

SEVERITY_SYMBOLS = {1: "①", 2: "②", 3: "③", 4: "④"}


def _label(table: dict, key, lang: str) -> str:
    th, en = table.get(key, (str(key), str(key)))
    return en if lang == "en" else th


def crisis_item(event: dict, lang: str, query: dict | None = None) -> html.Li:
    """One event; with the page's query its title opens the event's page (where its lifecycle is moved on)."""
    closed = event.get("schools_closed")
    students = event.get("students_affected")
    return html.Li(
        [
            html.Span(
                f"{SEVERITY_SYMBOLS[event['severity']]} {_label(crises.SEVERITIES, event['severity'], lang)}",
                className=f"severity severity-{event['severity']}",
            ),
            html.Span(_label(crises.TYPES, event["type"], lang), className="crisis-type"),
            dcc.Link(
                event["title"],
                href=href(f"/crisis/{event['id']}", {"lang": query.get("lang", "")}),
                className="crisis-title crisis-title-link",
            )
            if query is not None
            else html.Span(event["title"], className="crisis-title"),
            html.Span(
                f"{_label(crises.STATUSES, event['status'], lang)} · {format_datetime_be(event['occurred_at'], lang)}",
                className=f"crisis-status crisis-status-{event['status']}",
            ),
            html.Span(
                ("โรงเรียนปิด " if lang == "th" else "schools closed ")
                + fmt(closed, 0, lang)
                + (" · นักเรียนได้รับผลกระทบ " if lang == "th" else " · students affected ")
                + fmt(students, 0, lang),
                className="crisis-impact",
            ),
        ],
        className=f"crisis-item crisis-severity-{event['severity']}",
        id={"type": "crisis-item", "id": event["id"]},
    )


def crisis_list(events: list[dict], query: dict, lang: str, limit: int | None = None) -> html.Div:
    if not events:
        return html.Div(t("no_crises", lang), className="empty")
    shown = events[:limit] if limit else events
    return html.Ul([crisis_item(e, lang, query) for e in shown], className="crisis-list")

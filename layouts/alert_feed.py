"""The alert feed as components, from the plain rows of cockpit.room.alerts.feed: newest first, each with its
level's colour and symbol, the message in the page's language, when it fired and whether it still holds."""

from __future__ import annotations

from dash import dcc, html

from layouts.common import href
from layouts.i18n import t

SYMBOLS = {"red": "▲", "orange": "◆"}


def alert_row(item: dict, lang: str, query: dict | None = None) -> html.Li:
    level = item["level"]
    message = item["message_en"] if lang == "en" else item["message_th"]
    state = t("al_holds" if item["holds"] else "al_cleared", lang)
    return html.Li(
        [
            html.Span(
                SYMBOLS.get(level, "●"),
                className=f"status-symbol alert-symbol status-text-{level}",
                **{"aria-hidden": "true"},
            ),  # fmt: skip
            html.Div(
                [
                    dcc.Link(
                        message, href=href(item["subject_code"], query or {}), className="wall-wrap alert-message"
                    ),
                    html.Div(
                        f"{item['fired_en'] if lang == 'en' else item['fired_th']} · {state}",
                        className="wall-wrap wall-sub alert-when",
                    ),
                ],
                className="wall-row-text",
            ),
        ],
        className=f"wall-row alert-row wall-edge-{level}" + ("" if item["holds"] else " alert-cleared"),
        **{"data-alert": str(item["id"])},
    )


def alert_list(items: list[dict], lang: str, query: dict | None = None) -> html.Div | html.Ul:
    if not items:
        return html.Div(t("al_none", lang), className="wall-empty alert-none")
    return html.Ul([alert_row(item, lang, query) for item in items], className="wall-list wall-fit alert-feed")

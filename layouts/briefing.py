"""The "briefing (PDF)" button of the header and the deck: its label, and the words it shows while the server
prints (a few seconds), swapped at the click by assets/briefing.js and back by callbacks/briefing.py."""

from dash import html

from layouts.i18n import t

HEADER_BUTTON, DECK_BUTTON = "briefing-button", "deck-briefing-button"
IDLE = "briefing-button"  # "briefing-busy" added while printing


def briefing_button(button_id: str, lang: str) -> html.Button:
    return html.Button(
        [
            html.Span(t("briefing_button", lang), className="briefing-label"),
            html.Span(t("briefing_preparing", lang), className="briefing-wait", role="status"),
        ],
        id=button_id,
        className=IDLE,
        title=t("briefing_hint", lang),
        n_clicks=0,
    )


def briefing_failed(why: str, lang: str) -> str:
    return f"✖ {t('briefing_failed', lang)}: {why}"

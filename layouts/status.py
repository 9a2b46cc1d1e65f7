"""Status colours and symbols, the same everywhere; colour is never the only carrier (symbol and text too).

An incomplete flow has no status colour: a slate grey, hatched where CSS can draw it (`.status-incomplete`),
with a half-filled symbol, distinct from "no data" (dashed, empty) and from any colour of the four levels.
"""

from dash import html

from layouts.i18n import t

COLOURS = {
    "green": "#1f9d55",
    "yellow": "#e3b505",
    "orange": "#f0761f",
    "red": "#d62f2f",
    "no_data": "#6b7280",
    "no_target": "#9ca3af",
    "incomplete": "#7c8ba1",
}
SYMBOLS = {"green": "✔", "yellow": "▼", "orange": "▲", "red": "✖", "no_data": "–", "no_target": "○", "incomplete": "◐"}


def status_text(status: str, lang: str, periods_missing: int = 0) -> str:
    """A status in words; an incomplete flow says how many province-periods its figure lacks."""
    if status == "incomplete" and periods_missing:
        return t("periods_missing", lang).format(n=periods_missing)
    return t(status, lang)


def status_badge(status: str, lang: str, periods_missing: int = 0) -> html.Span:
    text = status_text(status, lang, periods_missing)
    return html.Span(
        [html.Span(SYMBOLS[status], className="status-symbol", **{"aria-hidden": "true"}), text],
        className=f"status-badge status-{status}",
        title=text,
    )

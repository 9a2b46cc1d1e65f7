"""Status colours and symbols, the same everywhere; colour is never the only carrier (symbol and text too)."""

from dash import html

from layouts.i18n import t

COLOURS = {
    "green": "#1f9d55",
    "yellow": "#e3b505",
    "orange": "#f0761f",
    "red": "#d62f2f",
    "no_data": "#6b7280",
    "no_target": "#9ca3af",
}
SYMBOLS = {"green": "✔", "yellow": "▼", "orange": "▲", "red": "✖", "no_data": "–", "no_target": "○"}


def status_badge(status: str, lang: str) -> html.Span:
    return html.Span(
        [html.Span(SYMBOLS[status], className="status-symbol", **{"aria-hidden": "true"}), t(status, lang)],
        className=f"status-badge status-{status}",
    )

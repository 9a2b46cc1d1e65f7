"""What a page shows where its figures would be when the store has none yet: what is missing and what to do.

`view["dataset"]["empty"]` (cockpit.read.queries.emptiness) says which: "no_catalogue" (no indicator at all:
import a catalogue on /catalogue) or "no_results" (indicators but no result reported: import results on
/upload or through the API). Never a blank page, never a zero.
"""

from __future__ import annotations

from dash import dcc, html

from layouts.common import href
from layouts.i18n import t

NO_CATALOGUE, NO_RESULTS = "no_catalogue", "no_results"


def emptiness(view: dict) -> str | None:
    return (view.get("dataset") or {}).get("empty")


def _link(path: str, query: dict, lang: str, key: str) -> dcc.Link:
    # Only the language carries over: a fiscal year or indicator of this page means nothing on those pages.
    return dcc.Link(t(key, lang), href=href(path, {"lang": query.get("lang", "")}), className="empty-state-link")


def empty_state(reason: str | None, query: dict, lang: str, wall: bool = False) -> html.Div | None:
    """The block that says what is missing and links to where to fix it; None when nothing is missing."""
    if reason == NO_CATALOGUE:
        title, next_words, path, link_key, more = (
            "empty_no_catalogue",
            "empty_no_catalogue_next",
            "/catalogue",
            "empty_catalogue_link",
            "empty_no_catalogue_cli",
        )
    elif reason == NO_RESULTS:
        title, next_words, path, link_key, more = (
            "empty_no_results",
            "empty_no_results_next",
            "/upload",
            "empty_upload_link",
            "empty_no_results_api",
        )
    else:
        return None
    # On the wall (a kiosk without navigation) the link is still written out, so the path can be read aloud.
    return html.Div(
        [
            html.Div(t(title, lang), className="empty-state-title"),
            html.P([f"{t(next_words, lang)} ", _link(path, query, lang, link_key), f" ({path})"]),
            html.P(t(more, lang), className="empty-state-more"),
        ],
        className="empty-state" + (" empty-state-wall" if wall else ""),
        role="status",
        **{"data-empty": reason},
    )

"""A path that names nothing; on a store without a catalogue, also what to do about it (an indicator or area
cannot be found before the catalogue that defines it is imported)."""

from dash import dcc, html

from layouts.common import href
from layouts.empty import NO_CATALOGUE, emptiness, empty_state
from layouts.i18n import t


def render(view: dict, query: dict, lang: str):
    empty = emptiness(view)
    body = html.Div(
        [
            html.H1(t("not_found", lang)),
            empty_state(empty, query, lang) if empty == NO_CATALOGUE else None,
            dcc.Link(t("nation", lang), href=href("/", query)),
        ],
        className="not-found",
    )
    return [], body

from dash import dcc, html

from layouts.common import href
from layouts.i18n import t


def render(view: dict, query: dict, lang: str):
    body = html.Div(
        [html.H1(t("not_found", lang)), dcc.Link(t("nation", lang), href=href("/", query))], className="not-found"
    )
    return [], body

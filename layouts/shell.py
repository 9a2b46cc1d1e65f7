"""The frame around every page: header with language and fiscal-year choices, demo banner, breadcrumb."""

from dash import dcc, html


def app_shell() -> html.Div:
    return html.Div(
        [
            dcc.Location(id="url", refresh="callback-nav"),
            html.Header(id="header", className="header"),
            html.Nav(id="breadcrumb", className="breadcrumb"),
            html.Main(id="page", className="page"),
        ],
        className="shell",
    )

"""The frame around every page: header, breadcrumb, page, and the live-data machinery.

A tick every second asks the server for the data version (a one-row read); only when it differs from the
version the page was rendered with does the page render again, in place, with no reload.
"""

from dash import dcc, html

VERSION_CHECK_MS = 1000


def app_shell() -> html.Div:
    return html.Div(
        [
            dcc.Location(id="url", refresh="callback-nav"),
            dcc.Interval(id="version-tick", interval=VERSION_CHECK_MS),
            dcc.Store(id="data-version"),
            dcc.Store(id="rendered-version"),
            dcc.Store(id="page-lang"),
            dcc.Download(id="briefing-download"),
            html.Header(id="header", className="header"),
            html.Div(
                [
                    html.Nav(id="breadcrumb", className="breadcrumb"),
                    html.Div(id="briefing-message", className="briefing-message", role="status"),
                    html.Div(
                        id="connection",
                        className="connection connection-live",
                        role="status",
                        **{"aria-live": "polite"},
                    ),
                ],
                className="subbar",
            ),
            html.Main(id="page", className="page"),
        ],
        className="shell",
    )

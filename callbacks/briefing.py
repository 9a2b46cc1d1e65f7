"""The briefing buttons (header and deck): print the meeting's briefing as the signed-in person and hand it to
the browser as a download. The button says "preparing…" from the click (assets/briefing.js) until this answer
puts it back."""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, State, dcc, no_update
from dash.exceptions import PreventUpdate

from callbacks import who
from callbacks.routing import parse_query
from cockpit.room import briefing
from layouts.briefing import DECK_BUTTON, HEADER_BUTTON, IDLE, briefing_failed
from layouts.i18n import t


def make_download(store, search: str | None) -> tuple[dict | None, str]:
    """(the download, a message) for the page's language and fiscal year; only who may see the walls gets one."""
    query = parse_query(search)
    lang = "en" if query.get("lang") == "en" else "th"
    person = who.current()
    if person is None or not person.sees_all:
        return None, briefing_failed(t("briefing_national", lang), lang)
    year = query.get("fy", "")
    fiscal_year = int(year) if year.isdigit() and len(year) == 4 else None
    try:
        pdf = briefing.make_briefing(store, fiscal_year, lang)
    except briefing.BriefingUnavailable as error:
        return None, briefing_failed(str(error), lang)
    return dcc.send_bytes(pdf, briefing.file_name()), ""


def register_briefing(app, store) -> None:
    for button in (HEADER_BUTTON, DECK_BUTTON):
        app.clientside_callback(
            ClientsideFunction(namespace="briefing", function_name="preparing"),
            Output(button, "className"),
            Output(button, "disabled"),
            Input(button, "n_clicks"),
            prevent_initial_call=True,
        )

        @app.callback(
            Output("briefing-download", "data", allow_duplicate=True),
            Output("briefing-message", "children", allow_duplicate=True),
            Output(button, "className", allow_duplicate=True),
            Output(button, "disabled", allow_duplicate=True),
            Input(button, "n_clicks"),
            State("url", "search"),
            prevent_initial_call=True,
        )
        def print_the_briefing(clicks, search):
            if not clicks:
                raise PreventUpdate
            download, message = make_download(store, search)
            return download or no_update, message, IDLE, False

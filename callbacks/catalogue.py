"""The catalogue page: a dropped file is checked at once (a dry run, nothing written); the Import button then
imports the same file. Both go through cockpit.web.catalogue_api.import_as, the API's own rules, as the
signed-in person."""

from __future__ import annotations

from dash import Input, Output, State, no_update
from dash.exceptions import PreventUpdate

from callbacks import who
from callbacks.routing import parse_query
from callbacks.upload import decode
from cockpit.web.catalogue_api import import_as
from cockpit.write.ingest import InvalidInput
from layouts.pages.catalogue import report


def register_catalogue(app, store) -> None:
    @app.callback(
        Output("ct-report", "data"),
        Output("ct-pending", "data"),
        Output("ct-file", "contents"),
        Input("ct-file", "contents"),
        State("ct-file", "filename"),
        prevent_initial_call=True,
    )
    def check(contents, filename):
        if not contents:
            raise PreventUpdate
        name = filename or "catalogue.xlsx"
        try:
            data = decode(contents)
        except InvalidInput as error:
            return {"file": name, "ok": False, "message": error.fields["file"], "problems": []}, None, None
        result = import_as(store, who.current(), data, name, dry_run=True)
        pending = {"contents": contents, "filename": name} if result["ok"] else None
        return result, pending, None

    @app.callback(
        Output("ct-report", "data", allow_duplicate=True),
        Output("ct-pending", "data", allow_duplicate=True),
        Input("ct-apply", "n_clicks"),
        State("ct-pending", "data"),
        prevent_initial_call=True,
    )
    def apply(n_clicks, pending):
        if not n_clicks or not pending:
            raise PreventUpdate
        result = import_as(store, who.current(), decode(pending["contents"]), pending["filename"], dry_run=False)
        return result, None

    @app.callback(
        Output("ct-result", "children"),
        Output("ct-apply", "disabled"),
        Input("ct-report", "data"),
        Input("ct-pending", "data"),
        State("url", "search"),
    )
    def show(result, pending, search):
        lang = "en" if parse_query(search).get("lang") == "en" else "th"
        if result is None:
            return no_update, pending is None
        return report(result, lang), pending is None

"""A table's CSV and XLSX buttons, one pattern for every grid (keyed by the table's name on its page, MATCH):
in the browser, assets/table-export.js reads what the grid shows; here layouts/table_export.py makes the file,
named with the Buddhist Era date of Bangkok, and dcc.Download hands it over. Nothing is read from the store."""

from __future__ import annotations

import datetime as dt

from dash import MATCH, ClientsideFunction, Input, Output, State, dcc, no_update
from dash.exceptions import PreventUpdate

from cockpit.rules.thai_time import be_year, to_bangkok
from layouts import table_export as te


def stamp(moment: dt.datetime) -> str:
    """When the file was made, in Bangkok and the Buddhist Era: 2569-12-03-2315."""
    local = to_bangkok(moment)
    return f"{be_year(local.year)}-{local:%m-%d-%H%M}"


def register_exports(app) -> None:
    app.clientside_callback(
        ClientsideFunction(namespace="cockpit_exports", function_name="shownTable"),
        Output({"type": te.SHOWN, "grid": MATCH}, "data"),
        Input({"type": te.CSV_BUTTON, "grid": MATCH}, "n_clicks"),
        Input({"type": te.XLSX_BUTTON, "grid": MATCH}, "n_clicks"),
        State({"type": te.SPEC, "grid": MATCH}, "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output({"type": te.DOWNLOAD, "grid": MATCH}, "data"),
        Output({"type": te.PROBLEM, "grid": MATCH}, "children"),
        Input({"type": te.SHOWN, "grid": MATCH}, "data"),
        prevent_initial_call=True,
    )
    def download(shown):
        if not shown:
            raise PreventUpdate
        lang = "en" if isinstance(shown, dict) and shown.get("lang") == "en" else "th"
        try:
            content, name = te.table_file(shown, stamp(dt.datetime.now(dt.UTC)))
        except te.TableProblem as problem:
            return no_update, "✖ " + problem.message(lang)
        return dcc.send_bytes(content, name), ""

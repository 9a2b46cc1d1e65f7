"""The upload page: a dropped file goes through the same import as the API's POST /api/v1/import and
`cockpit import` (as the signed-in person, check every row, write all or nothing), not over HTTP."""

from __future__ import annotations

import base64
import binascii

from dash import Input, Output, State, no_update
from dash.exceptions import PreventUpdate

from callbacks import who
from callbacks.routing import parse_query
from cockpit.store.database import utc_now
from cockpit.write.importer import import_as
from cockpit.write.ingest import InvalidInput
from layouts.pages.upload import report

# Bad lines kept in the report (and the browser's session storage); the CLI lists every one.
MAX_LINES = 5000


def decode(contents: str) -> bytes:
    """The bytes of a dcc.Upload data URL ('data:<type>;base64,<data>')."""
    _, _, data = contents.partition(",")
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput(
            {"file": "the browser sent the file in a form that cannot be read; try again"},
            "the file cannot be imported",
        ) from None


def register_upload(app, store) -> None:
    @app.callback(
        Output("up-report", "data"),
        Output("up-file", "contents"),
        Input("up-file", "contents"),
        State("up-file", "filename"),
        prevent_initial_call=True,
    )
    def upload(contents, filename):
        if not contents:
            raise PreventUpdate
        name = filename or "upload.csv"
        try:
            data = decode(contents)
        except InvalidInput as error:
            return {
                "file": name,
                "at": utc_now().isoformat(),
                "ok": False,
                "problem": "invalid",
                "message": str(error).split(":")[0],
                "lines": [["file", error.fields["file"]]],
                "more": 0,
            }, None
        # Cleared so that dropping the same file again imports it again.
        return import_as(store, who.current(), data, name, MAX_LINES), None

    @app.callback(
        Output("up-result", "children"),
        Input("up-report", "data"),
        State("url", "search"),
    )
    def show(result, search):
        if result is None:
            return no_update
        lang = "en" if parse_query(search).get("lang") == "en" else "th"
        return report(result, lang)

"""Comments on figures in the browser: a page's "post comment", each thread's "post reply" and "withdraw". Each
callback reads the form, calls cockpit/room/comments.py as the signed-in person (the API's model, scope check and
audit) and hands the outcome to layouts/comments.py; the page shows the change when the data version moves."""

from __future__ import annotations

from dash import MATCH, Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from callbacks import who
from callbacks.routing import parse_query
from cockpit.room import comments
from layouts.comments import outcome
from layouts.reasons import reason


def _lang(search: str | None) -> str:
    return "en" if parse_query(search).get("lang") == "en" else "th"


def register_comments(app, store) -> None:
    @app.callback(
        Output("fc-outcome", "children"),
        Output("fc-text", "value"),
        Input("fc-submit", "n_clicks"),
        State("fc-text", "value"),
        State("fc-subject", "data"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def post_comment(clicks, text, subject, search):
        if not clicks:
            raise PreventUpdate
        result = comments.write_by_hand(store, who.current(), subject, text)
        # Saved: the box empties for the next comment; refused: what was typed stays.
        return outcome(result, _lang(search), reason), "" if result.get("ok") else no_update

    @app.callback(
        Output({"type": "fc-reply-outcome", "id": MATCH}, "children"),
        Output({"type": "fc-reply-text", "id": MATCH}, "value"),
        Input({"type": "fc-reply-submit", "id": MATCH}, "n_clicks"),
        State({"type": "fc-reply-text", "id": MATCH}, "value"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def post_reply(clicks, text, search):
        if not clicks:
            raise PreventUpdate
        parent = ctx.triggered_id["id"]
        result = comments.write_by_hand(store, who.current(), None, text, parent_id=parent)
        return outcome(result, _lang(search), reason), "" if result.get("ok") else no_update

    @app.callback(
        Output({"type": "fc-withdraw-outcome", "id": MATCH}, "children"),
        Input({"type": "fc-withdraw", "id": MATCH}, "n_clicks"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def withdraw(clicks, search):
        if not clicks:
            raise PreventUpdate
        result = comments.withdraw_by_hand(store, who.current(), ctx.triggered_id["id"])
        return " ✔" if result.get("ok") else outcome(result, _lang(search), reason)

"""Approval in the browser: the region page's buttons approve, accept or un-approve (with the reason typed beside
it) one result as the signed-in person, through cockpit/write/approval.py (the API's rules, scope checks and
audit); a step taken moves the data version, so the page redraws with the result in its new list."""

from __future__ import annotations

from dash import ALL, Input, Output, State, ctx
from dash.exceptions import PreventUpdate

from callbacks import who
from callbacks.routing import parse_query
from cockpit.write import approval
from layouts.approval import REASON_INPUT, STEP_BUTTON, key_of
from layouts.i18n import t
from layouts.reasons import reason


def register_approval(app, store) -> None:
    @app.callback(
        Output("ap-outcome", "children"),
        Output("ap-outcome", "className"),
        Input({"type": STEP_BUTTON, "step": ALL, "key": ALL}, "n_clicks"),
        State({"type": REASON_INPUT, "key": ALL}, "value"),
        State({"type": REASON_INPUT, "key": ALL}, "id"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def take_a_step(_clicks, reasons, reason_ids, search):
        pressed = ctx.triggered_id
        # A redraw adds buttons with no clicks; only a click takes a step.
        if not pressed or not any(item.get("value") for item in ctx.triggered):
            raise PreventUpdate
        lang = "en" if parse_query(search).get("lang") == "en" else "th"
        typed = next((text for text, i in zip(reasons, reason_ids, strict=True) if i["key"] == pressed["key"]), None)
        result = approval.take_step_by_hand(store, who.current(), pressed["step"], key_of(pressed["key"]), typed)
        if result.get("ok"):
            return f"✔ {t('ap_done', lang)}: {pressed['key'].replace('|', ' ')}", "ap-outcome cr-ok"
        why = result.get("refused") or next(iter(result.get("problems", {}).values()), "")
        return f"✖ {t('ap_refused', lang)}: {reason(why, lang)}", "ap-outcome cr-bad"

"""The room's decisions in the browser: the deck's "record a decision" form and each page's "save progress" on a
decision. Each callback reads the form, calls cockpit/room/decisions.py as the signed-in person (the API's
models, scope checks and audit) and hands the outcome to layouts/decisions.py."""

from __future__ import annotations

from dash import ALL, MATCH, Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from callbacks import who
from callbacks.routing import parse_query
from cockpit.room import decisions
from layouts.crisis_form import problem_lines
from layouts.decisions import outcome
from layouts.i18n import t
from layouts.reasons import reason


def _lang(search: str | None) -> str:
    return "en" if parse_query(search).get("lang") == "en" else "th"


def register_decisions(app, store) -> None:
    @app.callback(
        Output({"type": "dc-problem", "field": ALL}, "children"),
        Output("dc-outcome", "children"),
        Output({"type": "dc-field", "field": ALL}, "value"),
        Input("dc-submit", "n_clicks"),
        State({"type": "dc-field", "field": ALL}, "value"),
        State({"type": "dc-problem", "field": ALL}, "id"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def record_a_decision(clicks, _values, problem_ids, search):
        if not clicks:
            raise PreventUpdate
        lang = _lang(search)
        fields = ctx.states_list[0]
        form = {s["id"]["field"]: s.get("value") for s in fields}
        result = decisions.record_by_hand(store, who.current(), form)
        lines = problem_lines(problem_ids, result.get("problems", {}), lang)
        # Recorded: the form empties for the next decision; refused or not sent: what was typed stays.
        empty = {"what": "", "deadline": ""}  # text boxes take "" (None leaves the typed text showing)
        values = [empty.get(s["id"]["field"]) if result.get("ok") else no_update for s in fields]
        return lines, outcome(result, lang), values

    @app.callback(
        Output({"type": "dc-saved", "id": MATCH}, "children"),
        Output({"type": "dc-saved", "id": MATCH}, "className"),
        Output({"type": "dc-note", "id": MATCH}, "value"),
        Input({"type": "dc-save", "id": MATCH}, "n_clicks"),
        State({"type": "dc-status", "id": MATCH}, "value"),
        State({"type": "dc-note", "id": MATCH}, "value"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def save_progress(clicks, status, note, search):
        if not clicks:
            raise PreventUpdate
        lang = _lang(search)
        result = decisions.update_by_hand(store, who.current(), ctx.triggered_id["id"], status, note)
        if result.get("ok"):
            return "✔ " + t("dc_updated", lang), "dc-saved-line cr-ok", ""
        why = result.get("refused") or next(iter(result.get("problems", {}).values()), "")
        return f"✖ {t('dc_refused', lang)}: {reason(why, lang)}", "dc-saved-line cr-bad", no_update

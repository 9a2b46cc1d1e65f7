"""Writing in the browser as the signed-in person, with no token: a crisis report, a step of its lifecycle,
results typed into a grid. Each callback reads the form, calls cockpit/write/by_hand.py (the API's own models
and write path) and hands the outcome to layouts; a refusal (outside the write scope, a role that cannot
report) comes from the write path itself, so a callback posted by hand is refused the same way."""

from __future__ import annotations

from dash import ALL, Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from callbacks import who
from callbacks.routing import parse_query
from cockpit.read.entry import entry_view
from cockpit.write import by_hand
from layouts.common import href
from layouts.crisis_form import outcome, problem_lines
from layouts.i18n import t
from layouts.pages import enter


def _lang(search: str | None) -> str:
    return "en" if parse_query(search).get("lang") == "en" else "th"


def _form(states: list[dict]) -> tuple[list[dict], dict]:
    """The ids of a pattern-matched form's fields and their values by field name."""
    return [s["id"] for s in states], {s["id"]["field"]: s.get("value") for s in states}


def register_reporting(app, store) -> None:
    @app.callback(
        Output({"type": "cr-problem", "field": ALL}, "children"),
        Output("cr-outcome", "children"),
        Output("url", "href", allow_duplicate=True),
        Output({"type": "cr-field", "field": ALL}, "value"),
        Input("cr-submit", "n_clicks"),
        State({"type": "cr-field", "field": ALL}, "value"),
        State({"type": "cr-problem", "field": ALL}, "id"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def report_crisis(clicks, _values, problem_ids, search):
        if not clicks:
            raise PreventUpdate
        lang = _lang(search)
        ids, form = _form(ctx.states_list[0])
        result = by_hand.report_crisis(store, who.current(), form)
        lines = problem_lines(problem_ids, result.get("problems", {}), lang)
        if result.get("ok"):
            # Sent: the form forgets it, so the next report starts empty; the event's page opens.
            return lines, None, href(f"/crisis/{result['id']}", parse_query(search)), [None] * len(ids)
        return lines, outcome(result, lang, ""), no_update, [no_update] * len(ids)

    @app.callback(
        Output({"type": "cu-problem", "field": ALL}, "children"),
        Output("cu-outcome", "children"),
        Output({"type": "cu-field", "field": ALL}, "value"),
        Input("cu-submit", "n_clicks"),
        State({"type": "cu-field", "field": ALL}, "value"),
        State({"type": "cu-problem", "field": ALL}, "id"),
        State("cu-crisis", "data"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def update_crisis(clicks, _values, problem_ids, crisis_id, search):
        if not clicks or crisis_id is None:
            raise PreventUpdate
        lang = _lang(search)
        ids, form = _form(ctx.states_list[0])
        result = by_hand.update_crisis(store, who.current(), int(crisis_id), form)
        lines = problem_lines(problem_ids, result.get("problems", {}), lang)
        # After a step the note and the chosen status are cleared; the log below shows what was done.
        values = [
            ("" if i["field"] in ("note", "status") else no_update) if result.get("ok") else no_update for i in ids
        ]
        return lines, outcome(result, lang, t("cu_saved", lang)), values

    @app.callback(
        Output("url", "href", allow_duplicate=True),
        Input("en-indicator", "value"),
        Input("en-year", "value"),
        Input("en-period", "value"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def choose(indicator, year, period, search):
        query = parse_query(search)
        changes = {"ind": indicator, "fy": str(year), "period": str(period)}
        if ctx.triggered_id == "en-indicator":
            changes["period"] = None  # another indicator may have another frequency
        if all(query.get(k) == v for k, v in changes.items() if v is not None):
            raise PreventUpdate
        return href("/enter", query, **changes)

    @app.callback(
        Output(enter.GRID_ID, "rowData"),
        Output("en-outcome", "children"),
        Input("en-save", "n_clicks"),
        State(enter.GRID_ID, "rowData"),
        State("en-choice", "data"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def save_results(clicks, rows, choice, search):
        if not clicks or not rows or not choice:
            raise PreventUpdate
        lang = _lang(search)
        person = who.current()
        fields = ("value", "numerator", "denominator")
        typed = {row["area"]: {f: row.get(f) for f in fields if row.get(f) not in (None, "")} for row in rows}
        result = by_hand.enter_results(
            store,
            person,
            choice["indicator"],
            choice["fiscal_year_be"],
            choice["period_no"],
            [{"area": area} | figures for area, figures in typed.items()],
        )
        with store.read() as conn:
            view = entry_view(
                conn,
                person.write_provinces if person else frozenset(),
                choice["indicator"],
                choice["fiscal_year_be"],
                choice["period_no"],
            )
        if result.get("ok"):
            return enter.grid_rows(view, lang), enter.outcome(result, lang)
        return enter.grid_rows(view, lang, typed, result.get("problems")), enter.outcome(result, lang)

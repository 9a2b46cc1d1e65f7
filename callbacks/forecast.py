"""The what-if on the indicator page: as the target input moves, every province is judged again against the
moved target (cockpit.read.views.what_if_view, which reads and never writes) and the league, the map, the bars,
the national status and the counts are redrawn, marked "what-if, not saved"; the reset puts the stored target back."""

from __future__ import annotations

from dash import Input, Output, State, ctx
from dash.exceptions import PreventUpdate

from callbacks import who
from callbacks.routing import parse_query
from cockpit.people.access import page_refusal
from cockpit.read.queries import NotFound
from cockpit.read.views import what_if_view
from layouts.forecast import WHAT_IF_ACTIVE, WHAT_IF_CONTEXT, WHAT_IF_COUNTS, WHAT_IF_INPUT, WHAT_IF_RESET
from layouts.pages.indicator import BARS_ID, GRID_ID, MAP_ID, NATIONAL_STATUS_ID, what_if_outputs


def moved_target(value, stored) -> float | None:
    """The target to judge by: None (as stored) when the input is empty or holds the stored target."""
    if value is None or value == "":
        return None
    try:
        moved = float(value)
    except (TypeError, ValueError):
        return None
    return None if stored is not None and moved == float(stored) else moved


def register_forecast(app, store) -> None:
    @app.callback(
        Output(WHAT_IF_INPUT, "value"),
        Input(WHAT_IF_RESET, "n_clicks"),
        State(WHAT_IF_CONTEXT, "data"),
        prevent_initial_call=True,
    )
    def reset_the_target(clicks, context):
        if not clicks or not context:
            raise PreventUpdate
        return context["stored"]

    @app.callback(
        Output(GRID_ID, "rowData"),
        Output(MAP_ID, "figure"),
        Output(BARS_ID, "figure"),
        Output(NATIONAL_STATUS_ID, "children"),
        Output(WHAT_IF_COUNTS, "children"),
        Output(WHAT_IF_ACTIVE, "className"),
        Input(WHAT_IF_INPUT, "value"),
        State(WHAT_IF_CONTEXT, "data"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def judge_with_the_moved_target(value, context, search):
        if not context or context.get("period_no") is None or ctx.triggered_id != WHAT_IF_INPUT:
            raise PreventUpdate
        if page_refusal(who.current(), "indicator") is not None:
            raise PreventUpdate
        lang = "en" if parse_query(search).get("lang") == "en" else "th"
        try:
            with store.read() as conn:
                view = what_if_view(
                    conn,
                    context["code"],
                    context["fiscal_year_be"],
                    context["period_no"],
                    context.get("scheme"),
                    moved_target(value, context.get("stored")),
                )
        except NotFound as missing:
            raise PreventUpdate from missing
        return what_if_outputs(view, context.get("mode", "status"), lang)

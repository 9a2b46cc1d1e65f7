"""The what-if on the indicator page: as the target input (or the yellow and orange gaps) moves, every province is
judged again against the moved target and thresholds (cockpit.read.views.what_if_view, which reads and never
writes) and the league, the map, the bars, the national status and the counts are redrawn, marked "what-if, not
saved"; the reset puts the stored target and gaps back."""

from __future__ import annotations

from dash import Input, Output, State, ctx
from dash.exceptions import PreventUpdate

from callbacks import who
from callbacks.routing import parse_query
from cockpit.people.access import page_refusal
from cockpit.read.queries import NotFound
from cockpit.read.views import what_if_view
from cockpit.rules.status import gaps_problem
from layouts.forecast import (
    WHAT_IF_ACTIVE,
    WHAT_IF_CONTEXT,
    WHAT_IF_COUNTS,
    WHAT_IF_GAP_NOTE,
    WHAT_IF_INPUT,
    WHAT_IF_ORANGE,
    WHAT_IF_RESET,
    WHAT_IF_YELLOW,
)
from layouts.i18n import t
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


def _number(value) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def moved_gaps(yellow, orange, stored: list | None) -> tuple[tuple[float, float] | None, bool]:
    """(the yellow and orange gaps to judge by, whether the pair typed is refused): None (as stored) when they
    are the stored ones, or when they cannot judge (empty, negative, orange below yellow), which is said."""
    pair = (_number(yellow), _number(orange))
    if gaps_problem(*pair) is not None:
        return None, True
    if stored is not None and pair == (float(stored[0]), float(stored[1])):
        return None, False
    return pair, False


def register_forecast(app, store) -> None:
    @app.callback(
        Output(WHAT_IF_INPUT, "value"),
        Output(WHAT_IF_YELLOW, "value"),
        Output(WHAT_IF_ORANGE, "value"),
        Input(WHAT_IF_RESET, "n_clicks"),
        State(WHAT_IF_CONTEXT, "data"),
        prevent_initial_call=True,
    )
    def reset_the_target(clicks, context):
        if not clicks or not context:
            raise PreventUpdate
        yellow, orange = context.get("stored_gaps") or (None, None)
        return context["stored"], yellow, orange

    @app.callback(
        Output(GRID_ID, "rowData"),
        Output(MAP_ID, "figure"),
        Output(BARS_ID, "figure"),
        Output(NATIONAL_STATUS_ID, "children"),
        Output(WHAT_IF_COUNTS, "children"),
        Output(WHAT_IF_ACTIVE, "className"),
        Output(WHAT_IF_GAP_NOTE, "children"),
        Input(WHAT_IF_INPUT, "value"),
        Input(WHAT_IF_YELLOW, "value"),
        Input(WHAT_IF_ORANGE, "value"),
        State(WHAT_IF_CONTEXT, "data"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def judge_with_the_moved_target(value, yellow, orange, context, search):
        moved = (WHAT_IF_INPUT, WHAT_IF_YELLOW, WHAT_IF_ORANGE)
        if not context or context.get("period_no") is None or ctx.triggered_id not in moved:
            raise PreventUpdate
        if page_refusal(who.current(), "indicator") is not None:
            raise PreventUpdate
        lang = "en" if parse_query(search).get("lang") == "en" else "th"
        gaps, refused = moved_gaps(yellow, orange, context.get("stored_gaps"))
        try:
            with store.read() as conn:
                view = what_if_view(
                    conn,
                    context["code"],
                    context["fiscal_year_be"],
                    context["period_no"],
                    context.get("scheme"),
                    moved_target(value, context.get("stored")),
                    gaps,
                )
        except NotFound as missing:
            raise PreventUpdate from missing
        return *what_if_outputs(view, context.get("mode", "status"), lang), t("wi_gap_bad", lang) if refused else ""

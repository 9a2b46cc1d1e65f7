"""Callbacks of the chain, indicator and crisis pages: a click on a province in the indicator's league table
opens that province's page, keeping the view's choices (the tree, maps and bars are plain links or handled by
callbacks/navigation.py)."""

from __future__ import annotations

from dash import Input, Output, State
from dash.exceptions import PreventUpdate

from callbacks.routing import parse_query
from layouts.common import href
from layouts.pages.indicator import GRID_ID

PROVINCE_COLUMNS = ("province",)


def league_click_href(cell: dict | None, search: str | None) -> str | None:
    """Where a click in the league table leads: the province's page for a click on its name, else nowhere."""
    if not cell or cell.get("colId") not in PROVINCE_COLUMNS or not cell.get("rowId"):
        return None
    return href(f"/province/{cell['rowId']}", parse_query(search))


def register_chain_indicator_crisis(app) -> None:
    @app.callback(
        Output("url", "href", allow_duplicate=True),
        Input(GRID_ID, "cellClicked"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def open_province_from_league(cell, search):
        target = league_click_href(cell, search)
        if target is None:
            raise PreventUpdate
        return target

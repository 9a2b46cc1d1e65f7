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
COMMENT_COLUMNS = ("comments",)


def league_click_href(cell: dict | None, search: str | None, pathname: str | None = None) -> str | None:
    """Where a click in the league table leads: the province's page for a click on its name, the thread of the
    province's figure on this indicator page for a click on its comments, else nowhere."""
    if not cell or not cell.get("rowId"):
        return None
    query = parse_query(search)
    if cell.get("colId") in COMMENT_COLUMNS and pathname:
        return href(pathname, query, area=cell["rowId"], period=query.get("period")) + "#comments"
    if cell.get("colId") not in PROVINCE_COLUMNS:
        return None
    return href(f"/province/{cell['rowId']}", query)


def register_chain_indicator_crisis(app) -> None:
    @app.callback(
        Output("url", "href", allow_duplicate=True),
        Input(GRID_ID, "cellClicked"),
        State("url", "search"),
        State("url", "pathname"),
        prevent_initial_call=True,
    )
    def open_province_from_league(cell, search, pathname):
        target = league_click_href(cell, search, pathname)
        if target is None:
            raise PreventUpdate
        return target

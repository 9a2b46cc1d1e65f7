"""Callbacks of the region and province pages: a click on a province's name in a region's grid opens it."""

from __future__ import annotations

import re

from dash import ALL, Input, Output, State, ctx
from dash.exceptions import PreventUpdate

from callbacks.routing import parse_query
from layouts.common import href
from layouts.pages.region import GRID_TYPE, PROVINCE_COLUMN

PROVINCE_CODE = re.compile(r"^TH-\d{2}$")


def province_from_cell(cell: dict | None) -> str | None:
    """The province code of a clicked province-name cell (the grid's row id is the province code)."""
    if not cell or cell.get("colId") != PROVINCE_COLUMN:
        return None
    code = cell.get("rowId")
    return code if isinstance(code, str) and PROVINCE_CODE.match(code) else None


def register_region_province(app) -> None:
    @app.callback(
        Output("url", "href", allow_duplicate=True),
        Input({"type": GRID_TYPE, "stage": ALL}, "cellClicked"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def open_province(_cells, search):
        code = province_from_cell(ctx.triggered[0]["value"] if ctx.triggered else None)
        if code is None:
            raise PreventUpdate
        return href(f"/province/{code}", parse_query(search))

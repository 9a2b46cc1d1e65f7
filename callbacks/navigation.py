"""Drill-down: clicks on maps, bars and the indicator choice become URL changes (so back/forward work); the
URL's language becomes <html lang> (screen readers, and Chromium's choice of fonts for Thai)."""

from __future__ import annotations

from dash import ALL, Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from callbacks.routing import parse_query
from layouts.common import href


def _clicked(click_data: dict | None, key: str) -> str | None:
    if not click_data or not click_data.get("points"):
        return None
    return click_data["points"][0].get(key)


PAGE_LANG = """function (search) {
    const lang = new URLSearchParams(search || "").get("lang") === "en" ? "en" : "th";
    if (document.documentElement.lang !== lang) document.documentElement.lang = lang;
    return lang;
}"""


def register_navigation(app) -> None:
    app.clientside_callback(PAGE_LANG, Output("page-lang", "data"), Input("url", "search"))

    @app.callback(
        Output("url", "href", allow_duplicate=True),
        Input({"type": "province-map", "page": ALL}, "clickData"),
        Input({"type": "region-bars", "page": ALL}, "clickData"),
        Input({"type": "province-bars", "page": ALL}, "clickData"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def drill_down(_maps, _regions, _provinces, search):
        trigger = ctx.triggered_id
        if not trigger or not ctx.triggered[0]["value"]:
            raise PreventUpdate
        click = ctx.triggered[0]["value"]
        query = parse_query(search)
        if trigger["type"] == "province-map":
            code = _clicked(click, "location")
            return href(f"/province/{code}", query) if code else no_update
        code = _clicked(click, "customdata")
        if not code:
            raise PreventUpdate
        kind = "region" if trigger["type"] == "region-bars" else "province"
        return href(f"/{kind}/{code}", query)

    @app.callback(
        Output("url", "href", allow_duplicate=True),
        Input("indicator-select", "value"),
        State("url", "pathname"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def choose_indicator(code, pathname, search):
        query = parse_query(search)
        if not code or code == query.get("ind"):
            raise PreventUpdate
        return href(pathname or "/", query, ind=code)

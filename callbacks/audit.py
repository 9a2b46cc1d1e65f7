"""The /audit page: the filters fetch the newest matching entries, a chosen entry opens in the side panel.
Both check on the server that the signed-in person may read the trail (a refusal is recorded)."""

from __future__ import annotations

import datetime as dt

from dash import Input, Output, State, no_update
from dash.exceptions import PreventUpdate

from callbacks import who
from callbacks.routing import parse_query
from cockpit.people import admin
from cockpit.people.access import Can
from cockpit.rules.thai_time import bangkok_midnight, parse_date_be
from cockpit.write import audit
from layouts.i18n import t
from layouts.pages import audit as page
from layouts.pages.people import refusal


def _lang(search: str | None) -> str:
    return "en" if parse_query(search).get("lang") == "en" else "th"


def day_range(since: str | None, until: str | None):
    """(start, end) in UTC of the Thai days from `since` to `until` inclusive (either may be blank);
    ValueError when one is not a Buddhist Era date."""
    start = bangkok_midnight(parse_date_be(since)) if since and since.strip() else None
    end = bangkok_midnight(parse_date_be(until) + dt.timedelta(days=1)) if until and until.strip() else None
    return start, end


def register_audit(app, store) -> None:
    @app.callback(
        Output("au-grid", "rowData"),
        Output("au-showing", "children"),
        Output("au-problem", "children"),
        Output("au-detail", "children"),
        Input("au-search", "n_clicks"),
        Input("au-who", "n_submit"),
        Input("au-subject", "n_submit"),
        Input("au-from", "n_submit"),
        Input("au-to", "n_submit"),
        Input("au-action", "value"),
        State("au-who", "value"),
        State("au-subject", "value"),
        State("au-from", "value"),
        State("au-to", "value"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def search(_n, _s1, _s2, _s3, _s4, action, actor, subject, since, until, query):
        lang = _lang(query)
        try:
            admin.check(store, who.current(), Can.READ_AUDIT, "audit_read", who.address())
        except admin.Refused as refused:
            return [], no_update, refusal(refused.reason, lang), no_update
        try:
            start, end = day_range(since, until)
        except ValueError:
            return no_update, no_update, "✖ " + t("au_bad_date", lang), no_update
        with store.read() as conn:
            result = audit.newest(conn, (actor or "").strip(), action, (subject or "").strip(), start, end)
        return page.entry_rows(result["entries"], lang), page.showing(result, lang), None, page.detail_panel(None, lang)

    @app.callback(
        Output("au-detail", "children", allow_duplicate=True),
        Input("au-grid", "selectedRows"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def detail(selected, query):
        if not selected:
            raise PreventUpdate
        lang = _lang(query)
        try:
            admin.check(store, who.current(), Can.READ_AUDIT, "audit_read", who.address())
        except admin.Refused as refused:
            return refusal(refused.reason, lang)
        with store.read() as conn:
            entry = audit.entry(conn, int(selected[0]["id"]))
        return page.detail_panel(entry, lang)

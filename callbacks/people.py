"""The /people page's buttons: add a user, disable or enable one, set a password, make and revoke tokens and
screen links — each through cockpit.people.admin as the signed-in person, so every one is checked on the
server (a hand-made callback request from someone who may not is refused and recorded) and audited as the API
does. A refusal says why in the page's language and leaves what was typed in place."""

from __future__ import annotations

from dash import Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate
from flask import request

from callbacks import who
from callbacks.routing import parse_query
from cockpit.people import admin
from cockpit.people.devices import DEVICE_PREFIX
from layouts.i18n import t
from layouts.pages import people as page

OK, BAD = "ad-message ad-ok", "ad-message ad-bad"


def _lang(search: str | None) -> str:
    return "en" if parse_query(search).get("lang") == "en" else "th"


def _chosen(rows: list[dict] | None, key: str):
    return rows[0][key] if rows else None


def _lists(store) -> dict:
    with store.read() as conn:
        return admin.people_view(conn, who.current())


def _days(value) -> int | None:
    """The token's days from a number field: blank is never expiring; a fraction is no whole number of days."""
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0
    return int(number) if number.is_integer() else 0


def register_people(app, store) -> None:
    @app.callback(
        Output("ad-add-message", "children"),
        Output("ad-add-message", "className"),
        Output("ad-users", "rowData"),
        Output("ad-users-empty", "children"),
        Output("ad-new-username", "value"),
        Output("ad-new-display", "value"),
        Output("ad-new-password", "value"),
        Input("ad-add-user", "n_clicks"),
        State("ad-new-username", "value"),
        State("ad-new-display", "value"),
        State("ad-new-role", "value"),
        State("ad-new-view", "value"),
        State("ad-new-write", "value"),
        State("ad-new-password", "value"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def add_user(n_clicks, username, display_name, role, view_scope, write_scope, password, search):
        if not n_clicks:
            raise PreventUpdate
        lang = _lang(search)
        fields = {
            "username": username or "",
            "display_name": display_name,
            "role": role,
            "view_scope": view_scope,
            "write_scope": None if write_scope == page.NO_WRITE else write_scope,
            "password": password,
        }
        try:
            name = admin.add_user_from_form(store, who.current(), fields, who.address())
        except admin.Refused as refused:
            return page.refusal(refused.reason, lang), BAD, *([no_update] * 5)
        lists = _lists(store)
        rows = page.user_rows(lists["users"], lists["scopes"], lang)
        done = "✔ " + t("ad_user_added", lang).format(name=name)
        return done, OK, rows, page.empty_hint(rows, "ad_no_users", lang), "", "", ""

    @app.callback(
        Output("ad-user-message", "children"),
        Output("ad-user-message", "className"),
        Output("ad-users", "rowData", allow_duplicate=True),
        Output("ad-user-password", "value"),
        Input("ad-disable", "n_clicks"),
        Input("ad-enable", "n_clicks"),
        Input("ad-set-password", "n_clicks"),
        State("ad-users", "selectedRows"),
        State("ad-user-password", "value"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def change_user(_disable, _enable, _password, selected, password, search):
        if not ctx.triggered or not ctx.triggered[0]["value"]:
            raise PreventUpdate
        lang = _lang(search)
        username = _chosen(selected, "username")
        if username is None:
            return "✖ " + t("ad_choose_row", lang), BAD, no_update, no_update
        button = ctx.triggered_id
        try:
            if button == "ad-set-password":
                admin.change_user(store, who.current(), username, who.address(), password=password or "")
                done = "ad_password_set"
            else:
                disable = button == "ad-disable"
                admin.change_user(store, who.current(), username, who.address(), disabled=disable)
                done = "ad_user_disabled" if disable else "ad_user_enabled"
        except admin.Refused as refused:
            return page.refusal(refused.reason, lang), BAD, no_update, no_update
        lists = _lists(store)
        rows = page.user_rows(lists["users"], lists["scopes"], lang)
        cleared = "" if button == "ad-set-password" else no_update
        return "✔ " + t(done, lang).format(name=username), OK, rows, cleared

    @app.callback(
        Output("ad-token-message", "children"),
        Output("ad-token-message", "className"),
        Output("ad-tokens", "rowData"),
        Output("ad-tokens-empty", "children"),
        Output("ad-token-once", "children"),
        Output("ad-token-name", "value"),
        Input("ad-make-token", "n_clicks"),
        Input("ad-revoke-token", "n_clicks"),
        State("ad-token-name", "value"),
        State("ad-token-scope", "value"),
        State("ad-token-days", "value"),
        State("ad-tokens", "selectedRows"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def tokens(_make, _revoke, name, scope, days, selected, search):
        if not ctx.triggered or not ctx.triggered[0]["value"]:
            raise PreventUpdate
        lang = _lang(search)
        once, cleared = None, no_update
        try:
            if ctx.triggered_id == "ad-make-token":
                secret = admin.make_token(store, who.current(), name or "", scope or "", _days(days), who.address())
                done = t("ad_token_made", lang).format(name=(name or "").strip())
                once, cleared = page.once_box("ad-token-secret", secret, lang), ""
            else:
                token_id = _chosen(selected, "id")
                if token_id is None:
                    return "✖ " + t("ad_choose_row", lang), BAD, *([no_update] * 4)
                token = admin.revoke_token(store, who.current(), int(token_id), who.address())
                done = t("ad_token_revoked", lang).format(name=token["name"])
        except admin.Refused as refused:
            return page.refusal(refused.reason, lang), BAD, *([no_update] * 4)
        lists = _lists(store)
        rows = page.token_rows(lists["tokens"], lists["scopes"], lang)
        return "✔ " + done, OK, rows, page.empty_hint(rows, "ad_no_tokens", lang), once, cleared

    @app.callback(
        Output("ad-device-message", "children"),
        Output("ad-device-message", "className"),
        Output("ad-devices", "rowData"),
        Output("ad-devices-empty", "children"),
        Output("ad-device-once", "children"),
        Output("ad-device-name", "value"),
        Input("ad-make-device", "n_clicks"),
        Input("ad-revoke-device", "n_clicks"),
        State("ad-device-name", "value"),
        State("ad-devices", "selectedRows"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def devices(_make, _revoke, name, selected, search):
        if not ctx.triggered or not ctx.triggered[0]["value"]:
            raise PreventUpdate
        lang = _lang(search)
        once, cleared = None, no_update
        try:
            if ctx.triggered_id == "ad-make-device":
                _, key = admin.make_device_link(store, who.current(), name or "", who.address())
                link = f"{request.host_url.rstrip('/')}{DEVICE_PREFIX}{key}"
                done = t("ad_device_made", lang).format(name=(name or "").strip())
                once, cleared = page.once_box("ad-device-link", link, lang), ""
            else:
                link_id = _chosen(selected, "id")
                if link_id is None:
                    return "✖ " + t("ad_choose_row", lang), BAD, *([no_update] * 4)
                revoked = admin.revoke_device_link(store, who.current(), int(link_id), who.address())
                done = t("ad_device_revoked", lang).format(name=revoked["name"])
        except admin.Refused as refused:
            return page.refusal(refused.reason, lang), BAD, *([no_update] * 4)
        rows = page.device_rows(_lists(store)["devices"], lang)
        return "✔ " + done, OK, rows, page.empty_hint(rows, "ad_no_devices", lang), once, cleared

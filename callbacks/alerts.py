"""The /alerts page's buttons: add a rule, add a recipient, set the SMTP server — each as the signed-in person,
checked again on the server (only an administrator), through cockpit.room.alerts. A refusal names the field in the
page's language and leaves what was typed in place."""

from __future__ import annotations

from dash import ALL, Input, Output, State, ctx
from dash.exceptions import PreventUpdate

from callbacks import who
from callbacks.routing import parse_query
from cockpit.people.access import Can
from cockpit.room import alerts
from cockpit.write.ingest import Conflict, InvalidInput, NotFoundError
from layouts.i18n import t
from layouts.pages import alerts as page

OK, BAD = "ad-message ad-ok", "ad-message ad-bad"


def _lang(search: str | None) -> str:
    return "en" if parse_query(search).get("lang") == "en" else "th"


def _whole(value) -> int | None:
    """A number field's value as a whole number; None when empty or not whole (the rule's check names it)."""
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() else None


def refusal(error: InvalidInput, lang: str, kind: str | None = None) -> str:
    """Each wrong field named in the page's language, with why."""
    parts = []
    for field in error.fields:
        why = f"al_why_address_{kind}" if field == "address" and kind in ("webhook", "email") else "al_why_other"
        parts.append(f"{t(f'al_field_{field}', lang)}: {t(why, lang)}")
    return f"✖ {t('al_refused', lang)} — " + "; ".join(parts)


def _save(store, action, lang: str, kind: str | None = None):
    principal = who.current()
    if principal is None or not principal.can(Can.MANAGE_PEOPLE):
        return "✖ " + t("al_forbidden", lang), BAD
    try:
        with store.write() as conn:
            action(conn, principal.actor)
    except InvalidInput as error:
        return refusal(error, lang, kind), BAD
    except (Conflict, NotFoundError) as error:
        return f"✖ {t('al_refused', lang)} — {error}", BAD
    return "✔ " + t("al_saved", lang), OK


def _view(store) -> dict:
    with store.read() as conn:
        return alerts.admin_view(conn)


def register_alerts(app, store) -> None:
    @app.callback(
        Output("al-rule-message", "children"),
        Output("al-rule-message", "className"),
        Output("al-rules", "children"),
        Input("al-add-rule", "n_clicks"),
        State("al-rule-kind", "value"),
        State("al-rule-level", "value"),
        State("al-rule-severity", "value"),
        State("al-rule-hours", "value"),
        State("al-rule-indicator", "value"),
        State("al-rule-area", "value"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def add_rule(n_clicks, kind, level, severity, hours, indicator, area, search):
        if not n_clicks:
            raise PreventUpdate
        lang = _lang(search)

        def action(conn, actor):
            alerts.add_rule(conn, kind or "", actor, level, _whole(severity), _whole(hours), indicator, area)

        message, style = _save(store, action, lang)
        return message, style, page.rules_table(_view(store), lang).children

    @app.callback(
        Output("al-recipient-message", "children"),
        Output("al-recipient-message", "className"),
        Output("al-recipients", "children"),
        Input("al-add-recipient", "n_clicks"),
        State("al-recipient-kind", "value"),
        State("al-recipient-address", "value"),
        State("al-recipient-area", "value"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def add_recipient(n_clicks, kind, address, area, search):
        if not n_clicks:
            raise PreventUpdate
        lang = _lang(search)

        def action(conn, actor):
            alerts.add_recipient(conn, kind or "", address or "", actor, area)

        message, style = _save(store, action, lang, kind)
        return message, style, page.recipients_table(_view(store), lang).children

    @app.callback(
        Output("al-smtp-message", "children"),
        Output("al-smtp-message", "className"),
        Input("al-save-smtp", "n_clicks"),
        State("al-smtp-host", "value"),
        State("al-smtp-port", "value"),
        State("al-smtp-from", "value"),
        State("al-smtp-security", "value"),
        State("al-smtp-username", "value"),
        State("al-smtp-password", "value"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def save_smtp(n_clicks, host, port, sender, security, username, password, search):
        """An empty password field keeps the stored password (the page never shows it back)."""
        if not n_clicks:
            raise PreventUpdate
        lang = _lang(search)

        def action(conn, actor):
            alerts.set_smtp(
                conn, host or "", _whole(port) or 0, sender or "", username or "", password or None, security, actor
            )

        return _save(store, action, lang)

    @app.callback(
        Output("al-rules", "children", allow_duplicate=True),
        Output("al-recipients", "children", allow_duplicate=True),
        Output("al-switch-message", "children"),
        Output("al-switch-message", "className"),
        Input({"type": "al-switch", "what": ALL, "id": ALL}, "n_clicks"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def switch(_clicks, search):
        """A rule's or recipient's button: off if it is on, on if it is off (the table is redrawn either way)."""
        pressed = ctx.triggered_id
        if not pressed or not ctx.triggered or not ctx.triggered[0].get("value"):
            raise PreventUpdate  # the tables were redrawn and their buttons came back unclicked
        lang = _lang(search)
        with store.read() as conn:
            items = alerts.rules(conn) if pressed["what"] == "rule" else alerts.recipients(conn)
        current = next((item for item in items if item["id"] == pressed["id"]), None)
        if current is None:
            message, style = "✖ " + t("al_refused", lang), BAD
        else:
            turned_on = not current["enabled"]

            def action(conn, actor):
                alerts.set_enabled(conn, pressed["what"], pressed["id"], turned_on, actor)

            message, style = _save(store, action, lang)
        view = _view(store)
        return page.rules_table(view, lang).children, page.recipients_table(view, lang).children, message, style

    @app.callback(
        Output("al-log", "children"),
        Output("al-retry-message", "children"),
        Output("al-retry-message", "className"),
        Input({"type": "al-retry", "id": ALL}, "n_clicks"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def retry(_clicks, search):
        """A delivery that gave up: a new attempt, due now (the log is redrawn, its button gone)."""
        pressed = ctx.triggered_id
        if not pressed or not ctx.triggered or not ctx.triggered[0].get("value"):
            raise PreventUpdate
        lang = _lang(search)

        def action(conn, actor):
            alerts.retry_delivery(conn, pressed["id"], actor)

        message, style = _save(store, action, lang)
        if style == OK:
            message = "✔ " + t("al_retry_due", lang)
        return page.log_table(_view(store), lang).children, message, style

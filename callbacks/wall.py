"""The flight deck's buttons: check that the signed-in person may drive the room, change what it shows, say
what happened.

No HTTP round trip to our own API: the same calls as POST /api/v1/deck, in one `store.write()`, which bumps
the data version so every open wall follows within one version check. The walls' rotation itself needs no
callback: assets/wall.js turns them by the clock.
"""

from __future__ import annotations

from dash import ALL, Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from callbacks import who
from callbacks.routing import parse_query
from cockpit.people.access import Can, Principal
from cockpit.read import queries
from cockpit.room import deck, meetings
from cockpit.rules.thai_time import format_datetime_be
from cockpit.write import audit
from layouts.i18n import t
from layouts.pages.deck import meeting_panel, show_label, state_panel

# What each "show" button points the room at, from the chosen code.
PAGE_PATHS = {
    "region": "/region/{}",
    "province": "/province/{}",
    "indicator": "/indicator/{}",
    "crisis": "/crisis/{}",
    "chain": "/chain?node={}",
}


def deck_action(trigger, choices: dict[str, str | None]) -> dict | None:
    """The deck change a button asks for, as set_deck's arguments; None when the choice is missing."""
    if trigger == "deck-rotation":
        return {"show": None, "paused": False, "change_show": True}
    if trigger == "deck-pause":
        return {"show": None, "paused": True, "change_show": False}
    if trigger == "deck-resume":
        return {"show": None, "paused": False, "change_show": False}
    if isinstance(trigger, dict) and trigger.get("type") == "deck-wall":
        return {"show": f"/wall/{trigger['wall']}", "paused": None, "change_show": True}
    if isinstance(trigger, dict) and trigger.get("type") == "deck-go":
        what = trigger["what"]
        if what == "nation":
            return {"show": "/", "paused": None, "change_show": True}
        if what == "since":
            return {"show": "/since", "paused": None, "change_show": True}
        code = choices.get(what)
        return {"show": PAGE_PATHS[what].format(code), "paused": None, "change_show": True} if code else None
    return None


def apply_deck(store, operator: Principal | None, action: dict, lang: str) -> tuple[str, bool, dict | None]:
    """(message, ok, console view after the change) for one operator action, recorded in the audit trail."""
    if operator is None or not operator.can(Can.DRIVE_DECK):
        return t("forbidden_role", lang), False, None
    try:
        with store.write() as conn:
            deck.set_deck(conn, operator.actor, action["show"], action["paused"], change_show=action["change_show"])
            audit.record(conn, operator.actor, "deck", action["show"], "ok", {"asked": action})
    except (deck.InvalidShow, queries.NotFound) as error:
        return t("deck_invalid", lang).format(error=error), False, None
    with store.read() as conn:
        view = deck.console_view(conn)
    state = view["deck"]
    what = show_label(state["show"], view, lang)
    if state["paused"]:
        what += f" · {t('deck_state_paused', lang)}"
    return t("deck_done", lang).format(what=what), True, view


def begin_meeting(store, operator: Principal | None, title: str | None, lang: str) -> tuple[str, bool, dict | None]:
    """(message, ok, the meeting) for the deck's "start a meeting", recorded in the audit trail."""
    if operator is None or not operator.can(Can.DRIVE_DECK):
        return t("forbidden_role", lang), False, None
    with store.write() as conn:
        meeting = meetings.start_meeting(conn, operator.actor, title)
        audit.record(conn, operator.actor, "meeting_start", meeting["title"], "ok", {"after": meeting})
    return t("deck_meeting_done", lang).format(when=format_datetime_be(meeting["started_at"], lang)), True, meeting


def register_wall(app, store) -> None:
    @app.callback(
        Output("deck-message", "children"),
        Output("deck-message", "className"),
        Output("deck-state", "children"),
        Input({"type": "deck-wall", "wall": ALL}, "n_clicks"),
        Input({"type": "deck-go", "what": ALL}, "n_clicks"),
        Input("deck-rotation", "n_clicks"),
        Input("deck-pause", "n_clicks"),
        Input("deck-resume", "n_clicks"),
        State("deck-choice-region", "value"),
        State("deck-choice-province", "value"),
        State("deck-choice-indicator", "value"),
        State("deck-choice-crisis", "value"),
        State("deck-choice-chain", "value"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def drive_the_room(_walls, _pages, _rotation, _pause, _resume, region, province, indicator, crisis, chain, search):
        if not ctx.triggered or not ctx.triggered[0]["value"]:
            raise PreventUpdate
        lang = "en" if parse_query(search).get("lang") == "en" else "th"
        choices = {"region": region, "province": province, "indicator": indicator, "crisis": crisis, "chain": chain}
        action = deck_action(ctx.triggered_id, choices)
        if action is None:
            return t("deck_choose", lang), "deck-message deck-message-error", no_update
        message, ok, view = apply_deck(store, who.current(), action, lang)
        css = "deck-message " + ("deck-message-ok" if ok else "deck-message-error")
        return (("✔ " if ok else "✖ ") + message), css, state_panel(view, lang) if view else no_update

    @app.callback(
        Output("deck-meeting-state", "children"),
        Output("deck-message", "children", allow_duplicate=True),
        Output("deck-message", "className", allow_duplicate=True),
        Input("deck-meeting-start", "n_clicks"),
        State("deck-meeting-title", "value"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def start_a_meeting(clicks, title, search):
        if not clicks:
            raise PreventUpdate
        lang = "en" if parse_query(search).get("lang") == "en" else "th"
        message, ok, meeting = begin_meeting(store, who.current(), title, lang)
        css = "deck-message " + ("deck-message-ok" if ok else "deck-message-error")
        panel = meeting_panel({"meeting": meeting}, lang) if ok else no_update
        return panel, ("✔ " if ok else "✖ ") + message, css

"""/deck — the flight deck: one operator chooses what every wall of the room shows.

Who drives (the signed-in operator), a button per wall, choices of a region, province, indicator, open crisis
or node of the XYZ chain to put on every screen (each gets a wall made for it), back to rotation, pause and
resume, and what the room shows now (callbacks/wall.py sends the choice; the wall screens follow through the
data version). Inputs keep what the operator typed when the page re-renders for new data (Dash persistence in
memory).
"""

from __future__ import annotations

from dash import dcc, html

from cockpit.room.deck import WALLS
from cockpit.rules.thai_time import format_datetime_be
from layouts.alert_feed import alert_list
from layouts.briefing import DECK_BUTTON, briefing_button
from layouts.common import acting_as, dropdown, href, section, with_identifier
from layouts.crisis_list import SEVERITY_SYMBOLS
from layouts.decisions import record_form
from layouts.empty import emptiness, empty_state
from layouts.i18n import name, t

PAGE_CHOICES = ("region", "province", "indicator", "crisis", "chain")


def show_label(show: str | None, view: dict, lang: str) -> str:
    """What a deck target is, in words: a wall's name, or the subject of the page."""
    if not show:
        return t("deck_state_rotation", lang)
    if show.startswith("/wall/"):
        return t(f"wall_name_{show[6:]}", lang) if show[6:] in WALLS else show
    if show == "/":
        return t("deck_nation", lang)
    if show == "/since":
        return t("deck_since", lang)
    kind, _, code = show.strip("/").partition("/")
    if kind.startswith("chain"):
        kind, _, code = kind.partition("?node=")
    lookups = {
        "region": {r["code"]: name(r, lang) for r in view.get("regions", [])},
        "province": {p["code"]: name(p, lang) for p in view.get("provinces", [])},
        "indicator": {i["code"]: f"{i['code']} · {name(i, lang)}" for i in view.get("indicators", [])},
        "crisis": {str(c["id"]): c["title"] for c in view.get("crises", [])},
        "chain": {n["code"]: f"{n['level']} {name(n, lang)}" for n in view.get("chain_nodes", [])},
    }
    found = lookups.get(kind, {}).get(code)
    word = {
        "region": "deck_region",
        "province": "deck_province",
        "indicator": "deck_indicator",
        "crisis": "deck_crisis",
        "chain": "deck_chain",
    }.get(kind)
    if found and word:
        return f"{t(word, lang)}: {found}"
    return show


def state_panel(view: dict, lang: str) -> html.Div:
    deck = view["deck"]
    when = format_datetime_be(deck["updated_at"], lang) if deck.get("updated_at") else t("no_data", lang)
    return html.Div(
        [
            html.Div(
                show_label(deck.get("show"), view, lang),
                className="deck-state-show",
                id="deck-state-show",
                **{"data-show": deck.get("show") or ""},
            ),
            html.Div(
                t("deck_state_paused" if deck.get("paused") else "deck_state_running", lang),
                className="deck-state-paused" + (" deck-paused" if deck.get("paused") else ""),
                id="deck-state-paused",
                **{"data-paused": "1" if deck.get("paused") else "0"},
            ),
            html.Div(
                with_identifier(
                    t("deck_state_by", lang).format(who="{who}", when=when), "{who}", deck.get("updated_by") or "–"
                ),
                className="deck-state-by",
            ),
        ],
        className="deck-state",
    )


def _options(kind: str, view: dict, lang: str) -> list[dict]:
    if kind == "region":
        return [{"label": name(r, lang), "value": r["code"]} for r in view["regions"]]
    if kind == "province":
        return [
            {"label": name(p, lang), "value": p["code"]} for p in sorted(view["provinces"], key=lambda p: name(p, lang))
        ]
    if kind == "indicator":
        return [{"label": f"{i['code']} · {name(i, lang)}", "value": i["code"]} for i in view["indicators"]]
    if kind == "chain":
        return [{"label": f"{n['level']} {name(n, lang)}", "value": n["code"]} for n in view.get("chain_nodes", [])]
    return [
        {"label": f"{SEVERITY_SYMBOLS.get(c['severity'], '')} {c['title']}", "value": str(c["id"])}
        for c in sorted(view["crises"], key=lambda c: -c["severity"])
    ]


def page_choice(kind: str, view: dict, lang: str) -> html.Div:
    return html.Div(
        [
            html.Label(t(f"deck_{kind}", lang), htmlFor=f"deck-choice-{kind}", className="deck-label"),
            dropdown(
                lang,
                id=f"deck-choice-{kind}",
                options=_options(kind, view, lang),
                placeholder=t("deck_choose", lang),
                searchable=True,
                clearable=True,
                persistence=True,
                persistence_type="memory",
                className="deck-select",
            ),
            html.Button(t("deck_show", lang), id={"type": "deck-go", "what": kind}, className="deck-button deck-go"),
        ],
        className="deck-choice",
    )


def meeting_panel(view: dict, lang: str) -> html.Div:
    """The latest meeting: when it began and who began it, or that none has."""
    meeting = view.get("meeting")
    if meeting is None:
        return html.Div(t("deck_meeting_none", lang), className="deck-meeting-none")
    when = format_datetime_be(meeting["started_at"], lang)
    who = meeting["started_by"].partition(":")[2] or meeting["started_by"]
    words = with_identifier(t("deck_meeting_started", lang).format(when=when, who="{who}"), "{who}", who)
    title = [f" · {meeting['title']}"] if meeting["title"] else []
    return html.Div([*words, *title], className="deck-meeting-last")


def render(view: dict, query: dict, lang: str):
    wall_buttons = [
        html.Button(
            t(f"wall_name_{w}", lang),
            id={"type": "deck-wall", "wall": w},
            className=f"deck-button deck-wall-button wall-chip-name wall-chip-{w}",
            **{"data-wall": w},
        )
        for w in WALLS
    ]
    body = html.Div(
        [
            html.H1(t("deck_title", lang)),
            html.P(t("deck_intro", lang), className="subtitle"),
            empty_state(emptiness(view), query, lang),
            section(t("deck_state", lang), html.Div(state_panel(view, lang), id="deck-state"), "deck-state-panel"),
            acting_as(view, lang, "deck-acting-as"),
            html.Div(id="deck-message", className="deck-message", role="status", **{"aria-live": "polite"}),
            section(t("deck_walls", lang), html.Div(wall_buttons, className="deck-walls")),
            section(t("al_feed", lang), alert_list(view.get("alerts", []), lang, query), "deck-alerts", "deck-alerts"),
            section(
                t("deck_meeting", lang),
                html.Div(
                    [
                        html.Div(meeting_panel(view, lang), id="deck-meeting-state"),
                        dcc.Input(
                            id="deck-meeting-title",
                            type="text",
                            maxLength=400,
                            placeholder=t("deck_meeting_title", lang),
                            className="deck-meeting-title",
                            persistence=True,
                            persistence_type="memory",
                        ),
                        html.Button(t("deck_meeting_start", lang), id="deck-meeting-start", className="deck-button"),
                        html.Button(
                            t("deck_since", lang),
                            id={"type": "deck-go", "what": "since"},
                            className="deck-button deck-go",
                        ),
                        dcc.Link(t("deck_since_page", lang), href=href("/since", query), className="deck-open-wall"),
                        briefing_button(DECK_BUTTON, lang),
                    ],
                    className="deck-meeting",
                ),
            ),
            section(t("dc_record", lang), record_form(view, lang), "deck-decision", "deck-decision"),
            section(
                t("deck_pages", lang),
                html.Div(
                    [
                        html.Div(
                            html.Button(
                                t("deck_nation", lang),
                                id={"type": "deck-go", "what": "nation"},
                                className="deck-button deck-go",
                            ),
                            className="deck-choice",
                        )
                    ]
                    + [page_choice(kind, view, lang) for kind in PAGE_CHOICES],
                    className="deck-choices",
                ),
            ),
            html.Div(
                [
                    html.Button(t("deck_rotation", lang), id="deck-rotation", className="deck-button deck-rotation"),
                    html.Button(t("deck_pause", lang), id="deck-pause", className="deck-button"),
                    html.Button(t("deck_resume", lang), id="deck-resume", className="deck-button"),
                    html.A(
                        t("deck_open_wall", lang),
                        href=href("/wall", query),
                        target="_blank",
                        className="deck-open-wall",
                    ),
                ],
                className="deck-actions",
            ),
        ],
        className="deck-page",
    )
    return [(t("nation", lang), href("/", query)), (t("deck_title", lang), None)], body

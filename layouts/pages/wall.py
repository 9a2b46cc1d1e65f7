"""/wall — the kiosk on one wall screen of the cockpit room: no navigation, dark, legible from four metres.

All four walls are rendered, stacked in the same place; one is visible at a time. Which one is decided in
the browser (assets/wall.js) from the clock, so every screen of the room turns in step without asking the
server: index = floor(now / N s) % 4 with `?rotate=N` (default 30), or one wall with `?screen=red`. The
flight deck overrides: deck.show "/wall/<name>" shows that wall everywhere, a subject's path (a province, an
indicator, ...) shows the wall made for that subject (view["focus"], cockpit.room.subjects), paused holds
the wall on show. This render sets the same choice as its initial
class (same formula, server clock), so a first paint or a re-render for new data shows the right wall.
"""

from __future__ import annotations

import time

from dash import html

from cockpit.room.deck import WALLS
from cockpit.rules.thai_time import format_datetime_be
from layouts.empty import emptiness, empty_state
from layouts.i18n import t
from layouts.status import SYMBOLS
from layouts.subject_frames import render_subject
from layouts.wall_frames import render_frames

DEFAULT_ROTATE_S = 30
LEGEND = ("green", "yellow", "orange", "red", "incomplete", "no_data")


def rotate_seconds(query: dict) -> int:
    raw = query.get("rotate", "")
    return max(1, min(3600, int(raw))) if raw.isdigit() and int(raw) > 0 else DEFAULT_ROTATE_S


def pinned_screen(query: dict) -> str | None:
    return query.get("screen") if query.get("screen") in WALLS else None


def deck_wall(deck: dict) -> str | None:
    show = deck.get("show") or ""
    return show.removeprefix("/wall/") if show.startswith("/wall/") and show[6:] in WALLS else None


def initial_wall(view: dict, query: dict, now: float | None = None) -> str:
    """What this screen shows right now: the deck's wall, the deck's subject ("focus"), the pinned wall, or the
    rotation's wall by the clock — the formula assets/wall.js applies every second."""
    forced = deck_wall(view["deck"])
    if forced:
        return forced
    if view.get("focus"):
        return "focus"
    pinned = pinned_screen(query)
    if pinned:
        return pinned
    now = time.time() if now is None else now
    return WALLS[int(now // rotate_seconds(query)) % len(WALLS)]


def focus_subject(focus: dict, lang: str) -> str:
    """The subject the deck chose, in the page's language (a province's name, say)."""
    th, en = focus["title"]
    return en if lang == "en" else th


def mode_text(view: dict, query: dict, lang: str) -> str:
    deck = view["deck"]
    forced = deck_wall(deck)
    if forced:
        words = t("wall_mode_deck_wall", lang).format(wall=t(f"wall_name_{forced}", lang))
    elif view.get("focus"):
        words = t("wall_mode_deck_subject", lang)
    elif pinned_screen(query):
        words = t("wall_mode_pinned", lang).format(wall=t(f"wall_name_{pinned_screen(query)}", lang))
    else:
        words = t("wall_mode_rotate", lang).format(n=rotate_seconds(query))
    if deck.get("paused"):
        words = f"‖ {t('wall_mode_paused', lang)} · {words}"
    return words


def strip(view: dict, query: dict, lang: str) -> html.Div:
    dataset = view.get("dataset") or {}
    years = {w["fiscal_year_be"] for w in view["walls"].values() if w.get("fiscal_year_be")}
    if view.get("fiscal_year_be"):
        years.add(view["fiscal_year_be"])
    updated = dataset.get("updated_at")
    return html.Div(
        [
            html.Div(
                [
                    html.Div(className="wall-clock-time", id="wall-clock-time"),
                    html.Div(className="wall-clock-date", id="wall-clock-date"),
                ],
                className="wall-clock",
                **{"aria-live": "off"},
            ),
            html.Div(
                [
                    html.Div(
                        f"{t('updated', lang)} {format_datetime_be(updated, lang) if updated else t('no_data', lang)}",
                        className="wall-updated",
                    ),
                    html.Div(
                        " · ".join(
                            [
                                f"{t('fiscal_year', lang)} {max(years)}" if years else t("no_data", lang),
                                mode_text(view, query, lang),
                            ]
                        ),
                        className="wall-mode",
                    ),
                ],
                className="wall-strip-text",
            ),
            html.Div(t("demo_banner", lang), className="demo-banner wall-demo")
            if dataset.get("dataset") == "demo"
            else None,
        ],
        className="wall-strip",
    )


def wall_section(wall: dict, lang: str, empty: str | None = None, query: dict | None = None) -> html.Section:
    """One wall; without frames (no catalogue, no results) one frame across it says what is missing."""
    name = wall["wall"]
    question = wall["question_en"] if lang == "en" else wall["question_th"]
    frames = (
        render_frames(wall, lang)
        if wall["frames"]
        else [
            html.Section(
                empty_state(empty, query or {}, lang, wall=True)
                or html.Div(t("no_data", lang), className="wall-empty"),
                className="wall-frame wall-frame-empty",
                style={"gridArea": "all"},
            )
        ]
    )
    return html.Section(
        [
            html.H1(
                [
                    html.Span(t(f"wall_name_{name}", lang), className=f"wall-chip-name wall-chip-{name}"),
                    html.Span(question, className="wall-question wall-wrap"),
                ],
                className="wall-title",
            ),
            html.Div(
                frames, className=f"wall-frames wall-grid-{name}" + ("" if wall["frames"] else " wall-grid-empty")
            ),
        ],
        className=f"wall-view wall-view-{name}",
        id=f"wall-{name}",
        **{"data-wall": name, "aria-label": question},
    )


def focus_section(view: dict, lang: str, empty: str | None = None, query: dict | None = None) -> html.Section:
    """The wall the deck chose for one subject (cockpit.room.subjects), framed like the four walls."""
    focus = view["focus"]
    frames = render_subject(focus, lang) or [
        html.Section(
            empty_state(empty, query or {}, lang, wall=True) or html.Div(t("no_data", lang), className="wall-empty"),
            className="wall-frame wall-frame-empty",
            style={"gridArea": "all"},
        )
    ]
    return html.Section(
        [
            html.H1(
                [
                    html.Span(t("wall_name_focus", lang), className="wall-chip-name wall-chip-focus"),
                    html.Span(focus_subject(focus, lang), className="wall-question wall-wrap"),
                ],
                className="wall-title",
            ),
            html.Div(
                frames,
                className=f"wall-frames wall-grid-{focus['grid']}" + ("" if focus["frames"] else " wall-grid-empty"),
            ),
        ],
        className=f"wall-view wall-view-focus wall-subject-{focus['subject']}",
        id="wall-focus",
        **{"data-wall": "focus", "data-path": focus["path"], "data-subject": focus["subject"]},
    )


def footer(lang: str) -> html.Footer:
    legend = [
        html.Span(
            [html.Span(SYMBOLS[s], className="status-symbol", **{"aria-hidden": "true"}), t(s, lang)],
            className=f"status-badge wall-legend-badge status-{s}",
        )
        for s in LEGEND
    ]
    dots = [html.Span(t(f"wall_name_{w}", lang), className=f"wall-dot wall-dot-{w}") for w in WALLS]
    return html.Footer(
        [html.Div(legend, className="wall-legend"), html.Div(dots, className="wall-dots")], className="wall-footer"
    )


def render(view: dict, query: dict, lang: str):
    deck = view["deck"]
    initial = initial_wall(view, query)
    # While the deck shows a page, the walls are not drawn at all: the page is heavy enough, and the deck's
    # next change bumps the data version, which renders them again.
    if view.get("focus"):
        sections = [focus_section(view, lang, emptiness(view), query)]
    else:
        sections = [wall_section(view["walls"][name], lang, emptiness(view), query) for name in WALLS]
    state = {
        "data-rotate": str(rotate_seconds(query)),
        "data-screen": pinned_screen(query) or "",
        "data-show": deck.get("show") or "",
        "data-paused": "1" if deck.get("paused") else "0",
        "data-focus": "1" if view.get("focus") else "0",
        "data-lang": lang,
        "data-initial": initial,
    }
    body = html.Div(
        [strip(view, query, lang), html.Div(sections, className="wall-stage"), footer(lang)],
        className=f"wall-room wall-initial-{initial}",
        id="wall-room",
        **state,
    )
    return [], body

"""/wall and /deck without a browser: what the kiosk renders from the room's data, and the deck's actions."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from callbacks.routing import ROUTES, _routes, render_path
from callbacks.wall import apply_deck, deck_action
from cockpit.people.access import Principal, Role
from cockpit.people.tokens import create_token
from cockpit.room import deck, subjects, walls
from cockpit.store import schema
from layouts.common import fmt
from layouts.pages import deck as wall_page_deck
from layouts.pages import wall as wall_page
from tests.signin import ADMINISTRATOR


@pytest.fixture(autouse=True)
def routes():
    ROUTES[:] = _routes()


def walk(component):
    yield component
    children = getattr(component, "children", None)
    if isinstance(children, (list, tuple)):
        for child in children:
            yield from walk(child)
    elif children is not None and not isinstance(children, (str, int, float)):
        yield from walk(children)


def classes(component) -> set[str]:
    return set((getattr(component, "className", None) or "").split())


def find_all(body, css: str) -> list:
    return [c for c in walk(body) if css in classes(c)]


def text(component) -> str:
    if isinstance(component, (str, int, float)):
        return str(component)
    children = getattr(component, "children", None)
    if children is None:
        return ""
    if isinstance(children, (list, tuple)):
        return " ".join(text(c) for c in children)
    return text(children)


def test_the_wall_is_a_kiosk_of_four_walls_each_titled_by_its_question(demo_store):
    header, crumbs, body = render_path(demo_store, "/wall", "", ADMINISTRATOR)
    assert header == [] and crumbs == []
    assert body.id == "wall-room"
    with demo_store.read() as conn:
        room = walls.room_view(conn)
    sections = find_all(body, "wall-view")
    assert [s.id for s in sections] == ["wall-black", "wall-red", "wall-blue", "wall-white"]
    for section in sections:
        name = section.id.removeprefix("wall-")
        title = find_all(section, "wall-title")[0]
        assert room["walls"][name]["question_th"] in text(title)
        frames = find_all(section, "wall-frame")
        assert 1 <= len(frames) <= walls.MAX_FRAMES
        assert len(frames) == len(room["walls"][name]["frames"])
    assert "ข้อมูลสาธิต" in text(find_all(body, "wall-strip")[0]), "the demo dataset is marked"


def test_english_walls_ask_in_english(demo_store):
    _, _, body = render_path(demo_store, "/wall", "?lang=en", ADMINISTRATOR)
    titles = [text(find_all(s, "wall-title")[0]) for s in find_all(body, "wall-view")]
    assert any("Where do we stand against our goals?" in title for title in titles)
    assert body.to_plotly_json()["props"]["data-lang"] == "en"


def test_the_figures_shown_are_the_walls_data(demo_store):
    _, _, body = render_path(demo_store, "/wall", "", ADMINISTRATOR)
    with demo_store.read() as conn:
        room = walls.room_view(conn)
    red = {f["kind"]: f for f in room["walls"]["red"]["frames"]}
    totals = red["crisis_totals"]["totals"]
    cells = {
        c.to_plotly_json()["props"].get("data-field"): c
        for c in find_all(body, "wall-total")
        if c.to_plotly_json()["props"].get("data-field")
    }
    assert set(cells) == {
        "events",
        "schools_closed",
        "students_affected",
        "schools_affected",
        "staff_affected",
        "shelter_schools",
    }
    for field, cell in cells.items():
        assert text(find_all(cell, "wall-total-value")[0]) == fmt(totals[field], 0), field
    worst = [c.to_plotly_json()["props"]["data-crisis"] for c in find_all(body, "wall-crisis")]
    assert worst == [str(e["id"]) for e in red["crisis_list"]["crises"]]
    blue = {f["kind"]: f for f in room["walls"]["blue"]["frames"]}
    counts = find_all(find_all(body, "wall-frame-score_summary")[0], "wall-count-cell")
    shown = {c.to_plotly_json()["props"]["data-status"]: text(c) for c in counts}
    for status, n in blue["score_summary"]["counts"].items():
        if status in shown:
            assert f" {n} " in f" {shown[status]} ", status
    graph = next(c for c in walk(body) if getattr(c, "id", None) == "wall-crisis-map")
    figure = graph.figure
    assert isinstance(figure, dict), "the map is a plain dict figure"
    levels = dict(zip(figure["data"][0]["locations"], figure["data"][0]["z"], strict=True))
    for code, level in red["crisis_map"]["severity_by_province"].items():
        assert levels[code] == level + 0.5


def test_missing_figures_say_no_data_never_zero(demo_store):
    from layouts.wall_frames import crisis_totals_frame

    frame = crisis_totals_frame({"totals": {"events": 0, "schools_closed": None}}, "th")
    values = [text(v) for v in find_all(frame, "wall-total-value")]
    assert values[0] == "0" and values[1] == "ไม่มีข้อมูล"


def test_trends_carry_their_time_axis(demo_store):
    from layouts.wall_frames import time_ticks

    years = [{"fiscal_year_be": fy, "period_no": q} for fy in (2566, 2567, 2568) for q in (2, 4)]
    assert time_ticks(years, "quarterly", "th") == [(0.0, "2566"), (40.0, "2567"), (80.0, "2568")]
    one_year = [{"fiscal_year_be": 2568, "period_no": q} for q in (1, 2, 3)]
    assert [label for _, label in time_ticks(one_year, "quarterly", "en")] == ["FY 2568 Q1", "FY 2568 Q3"]
    many = [{"fiscal_year_be": fy, "period_no": 1} for fy in range(2555, 2569)]
    assert len(time_ticks(many, "yearly", "th")) <= 6, "labels never run into each other"
    _, _, body = render_path(demo_store, "/wall", "", ADMINISTRATOR)
    for indicator in find_all(body, "wall-frame-indicator"):
        axis = find_all(indicator, "wall-spark-axis")
        assert axis and all(text(tick).strip().isdigit() for tick in find_all(axis[0], "wall-spark-tick"))


def test_rotation_and_pins_set_the_initial_wall():
    view = {"deck": {"show": None, "paused": False}, "focus": None}
    assert wall_page.initial_wall(view, {}, now=0) == "black"
    assert wall_page.initial_wall(view, {}, now=31) == "red"
    assert wall_page.initial_wall(view, {"rotate": "5"}, now=12) == "blue"
    assert wall_page.initial_wall(view, {"rotate": "5"}, now=4 * 5 * 1000 + 17) == "white"
    assert wall_page.initial_wall(view, {"screen": "white"}, now=0) == "white"
    assert wall_page.initial_wall(view, {"screen": "purple"}, now=0) == "black"
    pinned = {"deck": {"show": "/wall/blue", "paused": False}, "focus": None}
    assert wall_page.initial_wall(pinned, {"screen": "red"}, now=0) == "blue", "the deck overrides a screen's pin"


@pytest.fixture
def room(stores):
    store = stores.prepared(demo=True)
    with store.write(bump_version=False) as conn:
        national = create_token(conn, "ศูนย์ปฏิบัติการ", "national")
        provincial = create_token(conn, "ศธจ.เชียงใหม่", "province:TH-50")
    return store, national, provincial


def test_the_deck_pins_a_wall_or_shows_a_subject_s_wall(room):
    store, _, _ = room
    with store.write() as conn:
        deck.set_deck(conn, "test", "/wall/blue")
    _, _, body = render_path(store, "/wall", "?screen=red", ADMINISTRATOR)
    assert "wall-initial-blue" in classes(body)
    assert body.to_plotly_json()["props"]["data-show"] == "/wall/blue"
    with store.write() as conn:
        deck.set_deck(conn, "test", "/province/TH-50", paused=True)
    _, _, body = render_path(store, "/wall", "", ADMINISTRATOR)
    assert "wall-initial-focus" in classes(body)
    focus = find_all(body, "wall-view-focus")
    assert len(focus) == 1
    assert "เชียงใหม่" in text(find_all(focus[0], "wall-title")[0]), "titled with the subject"
    assert "wall-grid-province" in classes(find_all(focus[0], "wall-frames")[0])
    assert not find_all(body, "wall-view-black"), "the four walls are not drawn meanwhile"
    props = body.to_plotly_json()["props"]
    assert props["data-paused"] == "1" and props["data-focus"] == "1"
    with store.write() as conn:
        deck.set_deck(conn, "test", None, paused=False)
    _, _, body = render_path(store, "/wall", "?screen=white", ADMINISTRATOR)
    assert "wall-initial-white" in classes(body) and not find_all(body, "wall-view-focus")


SUBJECTS = {
    "/province/TH-50": ("province", "เชียงใหม่"),
    "/region/REO08": ("region", "สำนักงานศึกษาธิการภาค 8"),
    "/indicator/JI01": ("indicator", None),
    "/chain?node=120101": ("chain", "Y1"),
    "/": ("nation", None),
    "/crisis": ("crises", None),
}


@pytest.mark.parametrize("lang", ["th", "en"])
def test_each_subject_gets_a_wall_of_question_titled_frames(room, lang):
    store, _, _ = room
    with store.read() as conn:
        crisis_id = conn.execute(sa.select(sa.func.min(schema.crisis_event.c.id))).scalar()
    for show, (kind, words) in SUBJECTS.items() | {f"/crisis/{crisis_id}": ("crisis", None)}.items():
        with store.write() as conn:
            deck.set_deck(conn, "test", show)
        with store.read() as conn:
            focus = subjects.room_view(conn)["focus"]
        assert focus["subject"] == kind and 1 <= len(focus["frames"]) <= walls.MAX_FRAMES, show
        assert all("as_of" in f for f in focus["frames"]), show
        _, _, body = render_path(store, "/wall", f"?lang={lang}", ADMINISTRATOR)
        section = find_all(body, "wall-view-focus")[0]
        titles = [text(t) for t in find_all(section, "wall-frame-title")]
        assert len(titles) == len(focus["frames"]), show
        if kind not in ("nation", "crises"):
            asked = [title.strip().endswith(("?", "หรือไม่", "ไหม")) for title in titles]
            assert all(asked), (show, titles)
        if words and lang == "th":
            assert words in text(find_all(section, "wall-title")[0]), show
    with store.write() as conn:
        deck.set_deck(conn, "test", None)


def test_a_subject_gone_since_the_deck_chose_it_leaves_the_four_walls(room):
    store, _, _ = room
    with store.write() as conn:
        conn.execute(schema.deck_state.update().where(schema.deck_state.c.id == 1).values(show="/indicator/GONE"))
    with store.read() as conn:
        view = subjects.room_view(conn)
    assert view["focus"] is None and set(view["walls"]) == set(deck.WALLS)
    with store.write() as conn:
        deck.set_deck(conn, "test", None)


def test_the_deck_page_offers_the_room_s_choices(demo_store):
    header, crumbs, body = render_path(demo_store, "/deck", "", ADMINISTRATOR)
    assert header and crumbs
    ids = [getattr(c, "id", None) for c in walk(body)]
    assert "deck-acting-as" in ids and "deck-state" in ids, "no token to paste: the deck acts as the signed-in one"
    assert "deck-token" not in ids
    assert "test-admin" in text(next(c for c in walk(body) if getattr(c, "id", None) == "deck-acting-as"))
    walls_offered = [i["wall"] for i in ids if isinstance(i, dict) and i.get("type") == "deck-wall"]
    assert walls_offered == list(walls.WALLS)
    provinces = next(c for c in walk(body) if getattr(c, "id", None) == "deck-choice-province")
    assert len(provinces.options) == 77
    chain = next(c for c in walk(body) if getattr(c, "id", None) == "deck-choice-chain")
    assert "120101" in [o["value"] for o in chain.options]
    assert "แต่ละจอหมุนตามปกติ" in text(body)
    with demo_store.read() as conn:
        console = deck.console_view(conn)
    assert wall_page_deck.show_label("/chain?node=120101", console, "th").startswith("เป้าหมายในห่วงโซ่ XYZ: Y1 ")


def test_deck_buttons_map_to_deck_changes():
    assert deck_action({"type": "deck-wall", "wall": "red"}, {}) == {
        "show": "/wall/red",
        "paused": None,
        "change_show": True,
    }
    assert deck_action({"type": "deck-go", "what": "province"}, {"province": "TH-50"})["show"] == "/province/TH-50"
    assert deck_action({"type": "deck-go", "what": "crisis"}, {"crisis": "51"})["show"] == "/crisis/51"
    assert deck_action({"type": "deck-go", "what": "nation"}, {})["show"] == "/"
    assert deck_action({"type": "deck-go", "what": "chain"}, {"chain": "120101"})["show"] == "/chain?node=120101"
    assert deck_action({"type": "deck-go", "what": "region"}, {"region": None}) is None
    assert deck_action("deck-rotation", {}) == {"show": None, "paused": False, "change_show": True}
    assert deck_action("deck-pause", {}) == {"show": None, "paused": True, "change_show": False}
    assert deck_action("deck-resume", {})["paused"] is False


def test_the_deck_needs_an_operator_and_a_showable_target(room):
    store, national, provincial = room
    national = ADMINISTRATOR
    executive = Principal("user", 1, "exec", Role.EXECUTIVE, "national", None, None, frozenset())
    to_red = deck_action({"type": "deck-wall", "wall": "red"}, {})
    assert apply_deck(store, None, to_red, "th")[1] is False
    message, ok, _ = apply_deck(store, executive, to_red, "th")
    assert not ok and "บทบาทของท่าน" in message
    before = store.data_version()
    message, ok, view = apply_deck(store, national, to_red, "th")
    assert ok and "ผนังแดง" in message and view["deck"]["show"] == "/wall/red"
    assert store.data_version() == before + 1, "every wall follows through the data version"
    assert view["deck"]["updated_by"] == "user:test-admin"
    message, ok, _ = apply_deck(store, national, {"show": "/indicator/NOPE", "paused": None, "change_show": True}, "th")
    assert not ok and "NOPE" in message
    message, ok, view = apply_deck(store, national, deck_action("deck-pause", {}), "en")
    assert ok and view["deck"]["paused"] is True and view["deck"]["show"] == "/wall/red"
    _, ok, view = apply_deck(store, national, deck_action("deck-rotation", {}), "th")
    assert ok and view["deck"]["show"] is None and view["deck"]["paused"] is False

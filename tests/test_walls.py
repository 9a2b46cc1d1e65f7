"""The cockpit room: the four walls' data, the flight deck API, and the deck driving what /wall renders."""

import pytest

from app import create_app
from callbacks.routing import ROUTES, _routes, render_path, room_with_focus
from cockpit.people.tokens import create_token
from cockpit.room import walls
from cockpit.rules.status import Target, status_of
from tests.signin import ADMINISTRATOR, Reading


@pytest.fixture
def room(stores):
    store = stores.prepared(demo=True)
    with store.write(bump_version=False) as conn:
        national = create_token(conn, "ศูนย์ปฏิบัติการ", "national")
        provincial = create_token(conn, "ศธจ.เชียงใหม่", "province:TH-50")
    ROUTES[:] = _routes()
    return store, national, provincial, Reading(create_app(store).server.test_client(), national)


def test_each_wall_answers_its_question_in_at_most_six_frames(demo_store):
    with demo_store.read() as conn:
        room_view = walls.room_view(conn)
    assert set(room_view["walls"]) == {"black", "red", "blue", "white"}
    for wall in room_view["walls"].values():
        assert wall["question_th"].endswith("?") and wall["question_en"].endswith("?")
        assert 1 <= len(wall["frames"]) <= walls.MAX_FRAMES


def test_service_area_totals_weigh_performance_70_and_potential_30(demo_store):
    with demo_store.read() as conn:
        scores = walls.service_area_scores(conn, 2568)
        blue = walls.wall_view(conn, "blue", 2568)
    assert len(scores) == 245
    for item in scores[:20]:
        assert item["total"] == pytest.approx(0.7 * item["performance_base"] + 0.3 * item["potential_base"])
        assert item["status"] == status_of(item["total"], "higher", Target(80.0), 10.0, 20.0)
    regions = next(f for f in blue["frames"] if f["kind"] == "region_scores")["regions"]
    for region in regions:
        members = [s["total"] for s in scores if s["region"] == region["code"]]
        assert region["areas"] == len(members)
        if members:
            assert region["total"] == pytest.approx(sum(members) / len(members))


def test_projects_are_judged_on_progress_against_plan(demo_store):
    with demo_store.read() as conn:
        items = walls.projects(conn)
    assert items
    for item in items:
        gap = item["planned_pct"] - item["progress_pct"]
        expected = "green" if gap <= 0 else "yellow" if gap <= 10 else "orange" if gap <= 25 else "red"
        assert item["status"] == expected


def test_the_deck_needs_a_national_token(room):
    store, national, provincial, client = room
    assert client.post("/api/v1/deck", json={"show": "/province/TH-50"}).status_code == 401
    forbidden = client.post(
        "/api/v1/deck", json={"show": "/province/TH-50"}, headers={"Authorization": f"Bearer {provincial}"}
    )
    assert forbidden.status_code == 403


def test_the_deck_refuses_what_the_walls_cannot_show(room):
    store, national, _, client = room
    headers = {"Authorization": f"Bearer {national}"}
    for show, words in (
        ("/province/TH-99", "unknown province"),
        ("/somewhere", "not something the walls can show"),
        ("/indicator/NOPE", "unknown indicator"),
        ("/crisis/99999", "no crisis"),
    ):
        response = client.post("/api/v1/deck", json={"show": show}, headers=headers)
        assert response.status_code == 422 and words in response.get_json()["fields"]["show"], show
    bad = client.post("/api/v1/deck", json={"paused": "yes", "colour": 1}, headers=headers)
    assert bad.status_code == 422 and set(bad.get_json()["fields"]) == {"paused", "colour"}


def test_the_deck_points_every_wall_at_a_page_and_back_to_rotation(room):
    store, national, _, client = room
    headers = {"Authorization": f"Bearer {national}"}
    before = store.data_version()
    response = client.post("/api/v1/deck", json={"show": "/province/TH-50"}, headers=headers)
    assert response.status_code == 200 and response.get_json()["show"] == "/province/TH-50"
    assert store.data_version() == before + 1, "walls notice the deck through the data version"
    assert client.get("/api/v1/deck").get_json()["updated_by"] == "ศูนย์ปฏิบัติการ"
    with store.read() as conn:
        focus = room_with_focus(conn, {}, {})["focus"]
    assert focus["path"] == "/province/TH-50" and focus["subject"] == "province"
    assert focus["title"] == ("เชียงใหม่", "Chiang Mai"), "the wall is made for the province the deck chose"
    header, crumbs, _ = render_path(store, "/wall", "", ADMINISTRATOR)
    assert header == [] and crumbs == [], "the wall is a kiosk: no navigation chrome"
    paused = client.post("/api/v1/deck", json={"paused": True}, headers=headers).get_json()
    assert paused["paused"] is True and paused["show"] == "/province/TH-50"
    rotation = client.post("/api/v1/deck", json={"show": None, "paused": False}, headers=headers).get_json()
    assert rotation["show"] is None and rotation["paused"] is False
    pinned = client.post("/api/v1/deck", json={"show": "/wall/red"}, headers=headers)
    assert pinned.status_code == 200
    readme_form = client.post("/api/v1/deck", json={"show": "/wall?screen=blue"}, headers=headers)
    assert readme_form.status_code == 200 and readme_form.get_json()["show"] == "/wall/blue"
    assert client.post("/api/v1/deck", json={"show": "/wall?screen=pink"}, headers=headers).status_code == 422


def test_every_frame_says_when_its_data_was_written(demo_store):
    from cockpit.rules.thai_time import format_datetime_be

    ROUTES[:] = _routes()
    with demo_store.read() as conn:
        room_view = walls.room_view(conn)
    _, _, body = render_path(demo_store, "/wall", "", ADMINISTRATOR)

    def frames(component):
        found = []
        if "wall-frame " in f"{getattr(component, 'className', '') or ''} ":
            found.append(component)
        children = getattr(component, "children", None)
        for child in children if isinstance(children, list) else [children] if children is not None else []:
            found += frames(child)
        return found

    rendered = frames(body)
    expected = [frame for wall in room_view["walls"].values() for frame in wall["frames"]]
    assert len(rendered) == len(expected) > 0
    for section, frame in zip(rendered, expected, strict=True):
        if frame["as_of"] is None:  # nothing written yet (no decision recorded, no alert fired): no date to give
            assert frame["kind"] in ("decisions", "alerts") and "ข้อมูล ณ" not in str(section)
            continue
        stamp = f"ข้อมูล ณ {format_datetime_be(frame['as_of'])}"
        assert stamp in str(section), (frame["kind"], stamp)


def test_frames_of_stale_data_say_so(demo_store):
    """The demo's results are of FY 2568; a day long after its quarters were due marks them stale, a day just
    after they were written does not."""
    import datetime as dt

    from cockpit.room import freshness

    with demo_store.read() as conn:
        wall = walls.wall_view(conn, "black")
        late = freshness.mark_frames(conn, [dict(f) for f in wall["frames"]], today=dt.date(2030, 1, 1))
        early = freshness.mark_frames(conn, [dict(f) for f in wall["frames"]], today=dt.date(2025, 10, 15))
    assert all(frame["stale"] for frame in late)
    assert not any(frame["stale"] for frame in early)
    assert all("stale" in frame for frame in wall["frames"]), "every frame is judged"

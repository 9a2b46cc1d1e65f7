"""The room remembers (cockpit.room.meetings): an operator starts a meeting, and the room then shows what
changed since — through the API, the /since page and the "since" subject wall — on both stores."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app import create_app
from cockpit.read import queries
from cockpit.room import meetings, subjects
from cockpit.store import schema
from tests.signin import ADMINISTRATOR, signed_in_client

YEAR = 2568
# Chiang Mai's figures are summed from the demo's schools; Chiang Rai reports for the province.
CHIANG_RAI = "TH-57"
REPORT = {
    "type": "flood",
    "severity": 3,
    "provinces": ["TH-50"],
    "occurred_at": "2026-11-20T08:00:00+07:00",
    "students_affected": 420,
}


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def room(request, writable):
    """(store, national token, an operator's client) on a demo store of this module."""
    _, store, tokens, _ = writable(request.param)
    return store, tokens["national"], signed_in_client(create_app(store), store, "operator")


def _post(client, token: str, path: str, body: dict, method: str = "post"):
    response = getattr(client, method)(path, json=body, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code < 300, response.get_json()
    return response.get_json()


def _province_row(store, code: str, province: str) -> dict:
    with store.read() as conn:
        return next(r for r in queries.results_table(conn, "province", YEAR)[code] if r["area"] == province)


def _red_province(store) -> tuple[str, str]:
    """A (yearly, non-accumulating rate) indicator and a province red on it in the demo's FY 2568, whose figure is
    reported for the province (not summed from the demo's schools, which a province write may not change)."""
    with store.read() as conn:
        rates = [i for i in queries.indicators(conn) if i["frequency"] == "yearly" and i["aggregation"] == "ratio"]
        table = queries.results_table(conn, "province", YEAR, indicator_codes=[i["code"] for i in rates])
        with_schools = set(conn.execute(sa.select(schema.school.c.province_code)).scalars())
    return next(
        (code, row["area"])
        for code, rows in table.items()
        for row in rows
        if row["status"] == "red" and row["area"] not in with_schools
    )


def test_without_a_meeting_the_room_says_how_to_start_one(empty_store):
    operator = signed_in_client(create_app(empty_store), empty_store, "operator")
    answer = operator.get("/api/v1/meetings/latest/changes").get_json()
    assert answer["meeting"] is None and answer["turned_red"] == [] and answer["reported"] == []
    with empty_store.read() as conn:
        wall = subjects.subject_wall(conn, "/since")
    assert wall["subject"] == "since" and wall["title"][1] == "No meeting started yet: start one on the deck"
    from callbacks.routing import ROUTES, _routes, render_path

    ROUTES[:] = _routes()
    _, _, body = render_path(empty_store, "/since", "", ADMINISTRATOR)
    assert "since-no-meeting" in str(body.to_plotly_json())

    started = operator.post("/api/v1/meetings", json={"title": "ครั้งแรก"})
    assert started.status_code == 201 and started.get_json()["fiscal_year_be"] is None  # no results yet
    assert operator.get("/api/v1/meetings/latest/changes").get_json()["meeting"]["title"] == "ครั้งแรก"


def test_what_changed_since_the_meeting_began(room):
    """Figures and crises after the start are compared with those at the start: a province turned red, another
    recovered, a crisis reported, another closed — and nothing that happened before the start."""
    store, token, operator = room
    red_code, red_province = _red_province(store)
    old_crisis = _post(operator, token, "/api/v1/crises", REPORT | {"title": "ก่อนประชุม"})["id"]
    for status in ("verified", "active"):
        _post(operator, token, f"/api/v1/crises/{old_crisis}", {"status": status}, "patch")
    assert _province_row(store, "JI01", CHIANG_RAI)["status"] != "red"

    meeting = operator.post("/api/v1/meetings", json={"title": "ประชุมวอร์รูม 3 ธ.ค."})
    assert meeting.status_code == 201, meeting.get_json()
    with store.read() as conn:
        kept = conn.execute(
            sa.select(sa.func.count()).where(schema.meeting_snapshot.c.meeting_id == meeting.get_json()["id"])
        ).scalar_one()
        shown = sum(
            len(rows)
            for level in meetings.SNAPSHOT_LEVELS
            for rows in queries.results_table(conn, level, YEAR).values()
        )
    assert kept == shown  # every indicator × area the screens show, as it stood

    # After the start: Chiang Rai's reading score falls far below target; the red province meets its target.
    _post(
        operator,
        token,
        "/api/v1/results",
        {
            "results": [
                {
                    "indicator": "JI01",
                    "area": CHIANG_RAI,
                    "fiscal_year_be": YEAR,
                    "numerator": 4000,
                    "denominator": 100,
                },
            ]
        },
    )
    target = _province_row(store, red_code, red_province)["target"]
    with store.read() as conn:
        multiplier = queries.indicator(conn, red_code)["multiplier"]
    _post(
        operator,
        token,
        "/api/v1/results",
        {
            "results": [
                {
                    "indicator": red_code,
                    "area": red_province,
                    "fiscal_year_be": YEAR,
                    "numerator": target / multiplier * 1000,
                    "denominator": 1000,
                },
            ]
        },
    )
    new_crisis = _post(operator, token, "/api/v1/crises", REPORT | {"title": "หลังเริ่มประชุม"})["id"]
    _post(operator, token, f"/api/v1/crises/{old_crisis}", {"status": "closed"}, "patch")

    changes = operator.get("/api/v1/meetings/latest/changes").get_json()
    assert changes["meeting"]["title"] == "ประชุมวอร์รูม 3 ธ.ค." and changes["fiscal_year_be"] == YEAR
    red = [(c["indicator"]["code"], c["level"], c["area"]) for c in changes["turned_red"]]
    assert ("JI01", "province", CHIANG_RAI) in red
    turned = next(c for c in changes["turned_red"] if c["area"] == CHIANG_RAI and c["indicator"]["code"] == "JI01")
    assert turned["now"] == pytest.approx(40.0) and turned["status"] == "red" and turned["before_status"] != "red"
    recovered = [(c["indicator"]["code"], c["area"]) for c in changes["recovered"]]
    assert (red_code, red_province) in recovered
    assert [e["id"] for e in changes["reported"]] == [new_crisis]
    assert [e["id"] for e in changes["closed"]] == [old_crisis]
    assert all(c["status"] == "red" for c in changes["turned_red"])
    assert all(c["before_status"] == "red" and c["status"] != "red" for c in changes["recovered"])

    with store.read() as conn:
        wall = subjects.subject_wall(conn, "/since")
    assert len(wall["frames"]) <= 6
    by_question = {f["question"][1]: f for f in wall["frames"]}
    assert any(i["area"] == CHIANG_RAI for i in by_question["Which areas turned red?"]["items"])
    assert [e["id"] for e in by_question["Which crises were reported?"]["crises"]] == [new_crisis]


def test_the_since_page_lists_the_changes_in_thai_with_links(room):
    store, _, operator = room
    operator.post("/api/v1/meetings", json={})
    from callbacks.routing import ROUTES, _routes, render_path

    ROUTES[:] = _routes()
    _, _, body = render_path(store, "/since", "", ADMINISTRATOR)
    rendered = str(body.to_plotly_json())
    assert "สิ่งที่เปลี่ยนไปตั้งแต่การประชุมครั้งก่อน" in rendered
    for key in ("turned_red", "recovered", "moved", "reported", "closed"):
        assert f"since-{key}" in rendered


@pytest.mark.parametrize(("role", "view"), [("officer", "region:REO08"), ("reporter", "province:TH-50")])
def test_only_an_operator_starts_a_meeting_and_only_a_national_view_reads_the_changes(room, role, view):
    store, _, _ = room
    client = signed_in_client(create_app(store), store, role, view, view)
    with store.read() as conn:
        before = conn.execute(sa.select(sa.func.count()).select_from(schema.meeting)).scalar_one()
    assert client.post("/api/v1/meetings", json={}).status_code == 403
    assert client.get("/api/v1/meetings/latest/changes").status_code == 403
    with store.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(schema.meeting)).scalar_one() == before
    executive = signed_in_client(create_app(store), store, "executive")
    assert executive.post("/api/v1/meetings", json={}).status_code == 403
    assert executive.get("/api/v1/meetings/latest/changes").status_code == 200


def test_a_meeting_title_is_checked(room):
    _, _, operator = room
    assert operator.post("/api/v1/meetings", json={"title": "x" * 401}).status_code == 422
    assert operator.post("/api/v1/meetings", json={"topic": "?"}).status_code == 422
    assert operator.post("/api/v1/meetings", data="not json", content_type="application/json").status_code == 422

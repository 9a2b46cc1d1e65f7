"""Decisions and actions (cockpit.room.decisions, issue 13 item 1): recorded through the API and the deck,
scoped as every write is, followed up by their owners with a note, overdue by the Bangkok date, shown on the
white wall and on the page of what they are about — on DuckDB and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from cockpit.people.tokens import create_token
from cockpit.room import decisions, walls
from cockpit.store import schema
from cockpit.store.database import stored_schema_version
from cockpit.write import audit
from tests.factories import add_minimal_catalogue, add_result
from tests.signin import ADMINISTRATOR, signed_in_client

INSIDE, OUTSIDE = "TH-20", "TH-50"  # a province of ศธภ.8 (REO08), and one of another region
TODAY = decisions.today_in_bangkok()


def _day(days: int) -> str:
    return (TODAY + dt.timedelta(days=days)).isoformat()


def _decision(**changes) -> dict:
    body = {
        "what": "เร่งซ่อมอาคารเรียนก่อนเปิดภาคเรียน",
        "owner": "REO08",
        "deadline": _day(5),
        "about_kind": "area",
        "about_code": INSIDE,
    }
    return {k: v for k, v in (body | changes).items() if v is not None}


class Bearer:
    def __init__(self, client, secret: str):
        self._client, self._auth = client, {"Authorization": f"Bearer {secret}"}

    def open(self, path, method="GET", **kwargs):
        kwargs["headers"] = {**self._auth, **kwargs.get("headers", {})}
        return self._client.open(path, method=method, **kwargs)

    def get(self, path):
        return self.open(path)

    def post(self, path, json):
        return self.open(path, "POST", json=json)

    def patch(self, path, json):
        return self.open(path, "PATCH", json=json)


@pytest.fixture(scope="module")
def rooms(small_served):
    made = {}

    def get(backend):
        if backend not in made:
            store, app = small_served(backend)
            with store.write(bump_version=False) as conn:
                add_result(conn, "TR01", INSIDE, 2568, numerator=80.0, denominator=100.0)  # a year for the walls
                secrets = {
                    "national": create_token(conn, "กระทรวง", "national"),
                    "reo08": create_token(conn, "ศธภ.8", "region:REO08"),
                    "outside": create_token(conn, "ศธจ.เชียงใหม่", f"province:{OUTSIDE}"),
                }
            clients = {name: Bearer(app.server.test_client(), s) for name, s in secrets.items()}
            made[backend] = (store, app, clients)
        return made[backend]

    return get


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def room(request, rooms):
    return rooms(request.param)


def _components(component):
    """Every component of a rendered tree."""
    if isinstance(component, list | tuple):
        for child in component:
            yield from _components(child)
    elif hasattr(component, "to_plotly_json"):
        yield component
        yield from _components(getattr(component, "children", None))


def _count(store, table) -> int:
    with store.read() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar()


def test_record_list_and_follow_up_a_decision(room):
    """Recorded open with the first log line and an audit entry naming its province; its owner's office moves
    it along with a note; the list filters by subject and status."""
    store, _, clients = room
    version = store.data_version()
    answer = clients["reo08"].post("/api/v1/decisions", json=_decision())
    assert answer.status_code == 201, answer.get_json()
    made = answer.get_json()
    assert made["status"] == "open" and made["provinces"] == [INSIDE] and made["owner_kind"] == "region"
    assert made["owner_name_en"] and made["about_name_th"] and made["deadline"] == _day(5)
    assert made["due_soon"] and not made["overdue"] and made["days_left"] == 5
    assert [(e["from_status"], e["to_status"]) for e in made["log"]] == [(None, "open")]
    assert store.data_version() > version, "open screens refresh"
    with store.read() as conn:
        entry = audit.entries(conn, action="POST /api/v1/decisions", limit=1)[0]
    assert entry["areas"] == [INSIDE] and entry["detail"]["decision"] == made["id"]

    moved = clients["reo08"].patch(
        f"/api/v1/decisions/{made['id']}", json={"status": "in_progress", "note": "ผู้รับเหมาเข้าพื้นที่แล้ว"}
    )
    assert moved.status_code == 200, moved.get_json()
    assert moved.get_json()["status"] == "in_progress"
    assert moved.get_json()["log"][-1] | {"changed_at": None} == {
        "id": moved.get_json()["log"][-1]["id"],
        "decision_id": made["id"],
        "from_status": "open",
        "to_status": "in_progress",
        "note": "ผู้รับเหมาเข้าพื้นที่แล้ว",
        "changed_at": None,
        "changed_by": "token:ศธภ.8",
    }
    listed = clients["national"].get(f"/api/v1/decisions?about_kind=area&about_code={INSIDE}&status=in_progress")
    assert made["id"] in [d["id"] for d in listed.get_json()]
    assert made["id"] not in [d["id"] for d in clients["national"].get("/api/v1/decisions?status=done").get_json()]
    done = clients["national"].patch(f"/api/v1/decisions/{made['id']}", json={"status": "done", "note": None})
    assert done.status_code == 200 and done.get_json()["status"] == "done" and not done.get_json()["due_soon"]


def test_reading_lists_only_what_the_reader_may_see(room):
    store, _, clients = room
    inside = clients["national"].post("/api/v1/decisions", json=_decision()).get_json()["id"]
    outside = clients["national"].post("/api/v1/decisions", json=_decision(about_code=OUTSIDE, owner="OBEC"))
    outside = outside.get_json()["id"]
    national = clients["national"].post(
        "/api/v1/decisions", json=_decision(about_kind="indicator", about_code="TR01", owner="OBEC")
    )
    owned = clients["national"].post(
        "/api/v1/decisions", json=_decision(about_kind="indicator", about_code="TC01", owner="REO08")
    )
    national, owned = national.get_json()["id"], owned.get_json()["id"]
    seen = {d["id"] for d in clients["reo08"].get("/api/v1/decisions").get_json()}
    assert inside in seen and owned in seen, "its own area, and what its office owns"
    assert outside not in seen and national not in seen
    everything = {d["id"] for d in clients["national"].get("/api/v1/decisions").get_json()}
    assert {inside, outside, national, owned} <= everything
    # The owner's office updates what it owns, even about a national indicator; not what it cannot see.
    assert clients["reo08"].patch(f"/api/v1/decisions/{owned}", json={"status": "in_progress"}).status_code == 200
    assert clients["reo08"].patch(f"/api/v1/decisions/{outside}", json={"status": "done"}).status_code == 404
    assert clients["reo08"].patch(f"/api/v1/decisions/{national}", json={"status": "done"}).status_code == 404


def test_out_of_scope_writes_are_refused_403_and_store_nothing(room):
    store, _, clients = room
    before = _count(store, schema.decision)
    refused = clients["reo08"].post("/api/v1/decisions", json=_decision(about_code=OUTSIDE, what="นอกเขต"))
    assert refused.status_code == 403 and "TH-50" in refused.get_json()["error"]
    national = clients["reo08"].post("/api/v1/decisions", json=_decision(about_kind="chain", about_code="TX"))
    assert national.status_code == 403 and "whole country" in national.get_json()["error"]
    assert _count(store, schema.decision) == before
    made = clients["national"].post("/api/v1/decisions", json=_decision(about_code=INSIDE, owner="OBEC")).get_json()
    with store.read() as conn:
        log_lines = conn.execute(
            sa.select(sa.func.count()).where(schema.decision_update.c.decision_id == made["id"])
        ).scalar()
    outsider = clients["outside"].patch(f"/api/v1/decisions/{made['id']}", json={"status": "done"})
    assert outsider.status_code == 404  # outside its view scope: not even said to exist
    with store.read() as conn:
        assert decisions.decision(conn, made["id"])["status"] == "open"
        assert (
            conn.execute(sa.select(sa.func.count()).where(schema.decision_update.c.decision_id == made["id"])).scalar()
            == log_lines
        )
        refusal = audit.entries(conn, action="PATCH /api/v1/decisions", limit=1)[0]
    assert refusal["outcome"] == "refused"


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        (_decision(owner=None), "owner", "is required"),
        (_decision(deadline=None), "deadline", "is required"),
        (_decision(deadline=_day(-1)), "deadline", "is in the past"),
        (_decision(deadline="2569-12-31"), "deadline", "years ahead"),
        (_decision(deadline=20261231), "deadline", "as text"),
        (_decision(owner="NOBODY"), "owner", "unknown owner"),
        (_decision(about_code="TH-99"), "about_code", "no area"),
        (_decision(about_kind="crisis", about_code="999999"), "about_code", "no crisis"),
        (_decision(about_kind="indicator", about_code="XX99"), "about_code", "no indicator"),
        (_decision(about_kind="school"), "about_kind", ""),
        (_decision(what="   "), "what", "blank"),
        (_decision(what="x" * 2001), "what", ""),
    ],
    ids=["no owner", "no deadline", "past", "BE year", "number", "unknown owner", "unknown area", "unknown crisis",
         "unknown indicator", "unknown kind", "blank", "too long"],
)  # fmt: skip
def test_bad_input_names_the_field_and_stores_nothing(room, body, field, words):
    store, _, clients = room
    before = _count(store, schema.decision)
    answer = clients["national"].post("/api/v1/decisions", json=body)
    assert answer.status_code == 422, answer.get_json()
    assert words in answer.get_json()["fields"][field]
    assert _count(store, schema.decision) == before


def test_bad_updates(room):
    store, _, clients = room
    made = clients["national"].post("/api/v1/decisions", json=_decision()).get_json()["id"]
    for body, field in (({"status": "closed"}, "status"), ({"note": "x"}, "status"), ({"status": "done", "x": 1}, "x")):
        answer = clients["national"].patch(f"/api/v1/decisions/{made}", json=body)
        assert answer.status_code == 422 and field in answer.get_json()["fields"], answer.get_json()
    assert clients["national"].patch("/api/v1/decisions/99999999", json={"status": "done"}).status_code == 404
    assert clients["national"].patch("/api/v1/decisions/-3", json={"status": "done"}).status_code == 404
    answer = clients["national"].get("/api/v1/decisions?status=closed&about_kind=school&overdue=1")
    assert answer.status_code == 422 and set(answer.get_json()["fields"]) == {"status", "about_kind", "overdue"}


def test_overdue_by_the_bangkok_date(room):
    """Overdue the day after the deadline while not done; due within a week; done is neither. The white wall's
    frame lists the overdue first."""
    store, _, clients = room
    soon = clients["national"].post("/api/v1/decisions", json=_decision(deadline=_day(0), what="วันนี้")).get_json()
    later = clients["national"].post("/api/v1/decisions", json=_decision(deadline=_day(30), what="เดือนหน้า"))
    later = later.get_json()
    with store.read() as conn:
        today = {d["id"]: d for d in decisions.list_decisions(conn)}
        tomorrow = {d["id"]: d for d in decisions.list_decisions(conn, today=TODAY + dt.timedelta(days=1))}
        frame = decisions.due_and_overdue(conn, today=TODAY + dt.timedelta(days=1))
    assert today[soon["id"]]["due_soon"] and not today[soon["id"]]["overdue"]
    assert not today[later["id"]]["due_soon"] and not today[later["id"]]["overdue"]
    assert tomorrow[soon["id"]]["overdue"] and tomorrow[soon["id"]]["days_left"] == -1
    shown = [d["id"] for d in frame["items"]]
    assert soon["id"] in shown and later["id"] not in shown and frame["overdue"] >= 1
    assert all(not d["overdue"] for d in frame["items"][frame["overdue"] :]), "overdue ones first"
    overdue_api = clients["national"].get("/api/v1/decisions?overdue=true").get_json()
    assert soon["id"] not in [d["id"] for d in overdue_api], "not overdue today"
    clients["national"].patch(f"/api/v1/decisions/{soon['id']}", json={"status": "done", "note": "เสร็จ"})
    with store.read() as conn:
        assert not decisions.decision(conn, soon["id"], TODAY + dt.timedelta(days=1))["overdue"]


def test_markup_is_stored_as_text_and_escaped_on_pages(room):
    store, _, clients = room
    markup = '<script>alert("x")</script><b>ตัดสินใจ</b>'
    made = (
        clients["national"]
        .post("/api/v1/decisions", json=_decision(what=markup, about_kind="indicator", about_code="TR01"))
        .get_json()
    )
    assert made["what"] == markup
    from callbacks.routing import ROUTES, _routes, render_path

    ROUTES[:] = _routes()
    _, _, body = render_path(store, "/indicator/TR01", "", ADMINISTRATOR)
    shown = [c.children for c in _components(body) if "dc-what" in (getattr(c, "className", None) or "").split()]
    assert markup in shown, "the text as a plain string child, which React escapes"
    assert not any(type(c).__name__ in ("Markdown", "Iframe") for c in _components(body))


def test_a_decision_hangs_on_the_meeting_under_way(room):
    store, app, clients = room
    operator = signed_in_client(app, store, "operator")
    assert operator.post("/api/v1/meetings", json={"title": "วอร์รูม"}).status_code == 201
    made = operator.post("/api/v1/decisions", json=_decision(owner="OBEC")).get_json()
    with store.read() as conn:
        meeting = conn.execute(sa.select(sa.func.max(schema.meeting.c.id))).scalar()
    assert made["meeting_id"] == meeting
    assert made["recorded_by"].startswith("user:")


def test_pages_and_the_white_wall_list_decisions(room):
    store, _, clients = room
    made = (
        clients["national"]
        .post(
            "/api/v1/decisions",
            json=_decision(what="ติดตามโหนด TX", about_kind="chain", about_code="TX", deadline=_day(1)),
        )
        .get_json()
    )
    from callbacks.routing import ROUTES, _routes, render_path

    ROUTES[:] = _routes()
    _, _, body = render_path(store, "/chain", "?node=TX", ADMINISTRATOR)
    assert "ติดตามโหนด TX" in str(body.to_plotly_json())
    _, _, body = render_path(store, "/chain", "?node=TZ", ADMINISTRATOR)
    assert "ติดตามโหนด TX" not in str(body.to_plotly_json())
    with store.read() as conn:
        white = walls.wall_view(conn, "white")
    frame = next(f for f in white["frames"] if f["kind"] == "decisions")
    assert made["id"] in [d["id"] for d in frame["items"]]
    assert len(white["frames"]) <= walls.MAX_FRAMES


def test_an_empty_list_says_so_in_words(empty_store):
    from callbacks.routing import ROUTES, _routes, render_path

    with empty_store.write() as conn:
        add_minimal_catalogue(conn)
    ROUTES[:] = _routes()
    _, _, body = render_path(empty_store, "/province/TH-20", "?lang=en", ADMINISTRATOR)
    assert "No decision about this yet" in str(body.to_plotly_json())


def test_a_version_12_store_gains_the_decision_tables(stores):
    """The upgrade from version 12 adds the decision and its log; the data before is kept."""
    store = stores.prepared(demo=False)
    url = store.url.render_as_string(hide_password=False)
    with store.write() as conn:
        add_minimal_catalogue(conn)
        schema.decision_update.drop(conn)
        schema.decision.drop(conn)
        conn.execute(schema.schema_info.update().where(schema.schema_info.c.key == "schema_version").values(value="12"))
    store.dispose()
    upgraded = stores.prepared(demo=False, url=url)
    with upgraded.read() as conn:
        assert stored_schema_version(conn) == schema.SCHEMA_VERSION
        assert conn.execute(sa.select(sa.func.count()).select_from(schema.indicator)).scalar() == 2
    writer = ADMINISTRATOR
    with upgraded.write() as conn:
        made = decisions.record_decision(conn, decisions.DecisionRequest(**_decision()), writer)
    with upgraded.read() as conn:
        assert decisions.decision(conn, made["id"])["log"][0]["to_status"] == "open"


def _be(days: int) -> str:
    day = TODAY + dt.timedelta(days=days)
    return f"{day.day}/{day.month}/{day.year + 543}"


def test_the_deck_form_names_each_bad_field_in_thai_and_keeps_nothing(room):
    """The form as a person fills it: nothing typed, a past day, a common-era year, what lies outside the write
    scope — each refused with its reason beside its field; then recorded, as that person, with an audit entry."""
    from cockpit.people.access import Principal, Role
    from layouts.reasons import reason, translated

    store, _, _ = room
    officer = Principal("user", 7, "reo8-officer", Role.OFFICER, "region:REO08", frozenset({INSIDE}), "region:REO08",
                        frozenset({INSIDE}))  # fmt: skip
    before = _count(store, schema.decision)
    blank = decisions.record_by_hand(store, officer, {"what": "  ", "owner": None, "deadline": "", "about": None})
    assert set(blank["problems"]) == {"what", "owner", "deadline", "about"}
    assert all(translated(why) for why in blank["problems"].values()), blank["problems"]
    form = {"what": "ตั้งศูนย์ช่วยเหลือ", "owner": "REO08", "about": f"area:{INSIDE}"}
    past = decisions.record_by_hand(store, officer, form | {"deadline": _be(-2)})
    assert reason(past["problems"]["deadline"], "th") == "เป็นวันที่ผ่านมาแล้ว กำหนดเสร็จต้องเป็นวันนี้หรือหลังจากนี้"
    common_era = decisions.record_by_hand(store, officer, form | {"deadline": "31/12/2026"})
    assert "day/month/year BE" in common_era["problems"]["deadline"]
    outside = decisions.record_by_hand(store, officer, form | {"deadline": _be(3), "about": f"area:{OUTSIDE}"})
    assert "TH-50" in outside["refused"] and translated(outside["refused"])
    assert _count(store, schema.decision) == before
    made = decisions.record_by_hand(store, officer, form | {"deadline": _be(3)})
    assert made["ok"] and made["what"] == "ตั้งศูนย์ช่วยเหลือ"
    with store.read() as conn:
        stored = decisions.decision(conn, made["id"])
        entry = audit.entries(conn, action="decision_record", limit=1)[0]
    assert stored["deadline"] == TODAY + dt.timedelta(days=3) and stored["recorded_by"] == "user:reo8-officer"
    assert entry["outcome"] == "ok" and entry["areas"] == [INSIDE]
    saved = decisions.update_by_hand(store, officer, made["id"], "done", "  เปิดศูนย์แล้ว ")
    assert saved == {"ok": True, "id": made["id"], "status": "done"}
    with store.read() as conn:
        assert decisions.decision(conn, made["id"])["log"][-1]["note"] == "เปิดศูนย์แล้ว"


def test_a_page_offers_to_record_a_decision_about_its_subject_to_whoever_may_write_it(room):
    from callbacks.routing import ROUTES, _routes, render_path, viewer_of
    from cockpit.people.access import Principal, Role

    store, _, _ = room
    ROUTES[:] = _routes()
    officer = Principal("user", 8, "reo8", Role.OFFICER, "region:REO08", frozenset({INSIDE}), "region:REO08",
                        frozenset({INSIDE}))  # fmt: skip
    executive = Principal("user", 9, "exec", Role.EXECUTIVE, "national", None, None, frozenset())

    def form_about(path: str, who) -> list:
        _, _, body = render_path(store, path, "", who)
        return [c.value for c in _components(body) if getattr(c, "id", None) == {"type": "dc-field", "field": "about"}]

    assert viewer_of(officer)["write_provinces"] == [INSIDE]
    assert form_about(f"/province/{INSIDE}", officer) == [f"area:{INSIDE}"]
    assert form_about(f"/province/{INSIDE}", executive) == [], "no write scope: the list only"
    assert form_about("/indicator/TR01", ADMINISTRATOR) == ["indicator:TR01"]
    assert form_about("/chain", ADMINISTRATOR) == [], "the chain page without a node is about no node"

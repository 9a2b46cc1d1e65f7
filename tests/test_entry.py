"""Writing in the browser as the signed-in person (issue 9, item 4): a crisis reported and moved along its
lifecycle, results typed for one indicator and period — posted to Dash's callback endpoint as the page posts
them, on both stores. Refusals come from the write path itself, so a callback posted by hand is refused too."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from callbacks.routing import ROUTES, _routes, render_path
from cockpit.people.access import Principal, Role
from cockpit.read import crises
from cockpit.read.entry import entry_view
from cockpit.store import schema
from cockpit.store.database import utc_now
from cockpit.write import audit
from layouts.crisis_form import moment_be
from tests.conftest import apps_per_backend
from tests.signin import signed_in_client

REO08 = ("TH-20", "TH-21", "TH-24")
REPORT_FIELDS = (
    "type",
    "severity",
    "title",
    "provinces",
    "service_areas",
    "occurred_at",
    "reporter",
    *crises.IMPACT_FIELDS,
    "damage_thb",
    "learning_mode",
    "help_given",
    "description",
)
UPDATE_FIELDS = ("status", "severity", "note", *crises.IMPACT_FIELDS, "damage_thb", "learning_mode", "help_given")


@pytest.fixture(scope="module")
def entry_stores(tmp_path_factory):
    """A demo store per backend that this module writes to, with the whole app in front of it."""
    yield from apps_per_backend(tmp_path_factory, demo=True)


@pytest.fixture(params=["duckdb", "postgres"])
def served(request, entry_stores):
    return entry_stores(request.param)


def _callback_key(app, output_id: str) -> str:
    return next(key for key in app.callback_map if output_id in key)


def _fields(kind: str, form: dict, names: tuple[str, ...]) -> list[dict]:
    return [{"id": {"type": f"{kind}-field", "field": f}, "property": "value", "value": form.get(f)} for f in names]


def _problem_ids(kind: str, names: tuple[str, ...]) -> list[dict]:
    return [
        {
            "id": {"type": f"{kind}-problem", "field": f},
            "property": "id",
            "value": {"type": f"{kind}-problem", "field": f},
        }
        for f in names
    ]


def _answer(response) -> dict:
    assert response.status_code in (200, 204), response.data[:400]
    return response.get_json()["response"] if response.status_code == 200 else {}


def post_report(app, client, form: dict, search: str = "") -> dict:
    """The report form's submit, as the page posts it."""
    body = {
        "output": _callback_key(app, "cr-outcome.children"),
        "outputs": [
            [{"id": {"type": "cr-problem", "field": f}, "property": "children"} for f in REPORT_FIELDS],
            {"id": "cr-outcome", "property": "children"},
            {"id": "url", "property": "href"},
            [{"id": {"type": "cr-field", "field": f}, "property": "value"} for f in REPORT_FIELDS],
        ],
        "inputs": [{"id": "cr-submit", "property": "n_clicks", "value": 1}],
        "state": [
            _fields("cr", form, REPORT_FIELDS),
            _problem_ids("cr", REPORT_FIELDS),
            {"id": "url", "property": "search", "value": search},
        ],
        "changedPropIds": ["cr-submit.n_clicks"],
    }
    return _answer(client.post("/_dash-update-component", json=body))


def post_update(app, client, crisis_id: int, form: dict, search: str = "") -> dict:
    body = {
        "output": _callback_key(app, "cu-outcome.children"),
        "outputs": [
            [{"id": {"type": "cu-problem", "field": f}, "property": "children"} for f in UPDATE_FIELDS],
            {"id": "cu-outcome", "property": "children"},
            [{"id": {"type": "cu-field", "field": f}, "property": "value"} for f in UPDATE_FIELDS],
        ],
        "inputs": [{"id": "cu-submit", "property": "n_clicks", "value": 1}],
        "state": [
            _fields("cu", form, UPDATE_FIELDS),
            _problem_ids("cu", UPDATE_FIELDS),
            {"id": "cu-crisis", "property": "data", "value": crisis_id},
            {"id": "url", "property": "search", "value": search},
        ],
        "changedPropIds": ["cu-submit.n_clicks"],
    }
    return _answer(client.post("/_dash-update-component", json=body))


def post_results(app, client, choice: dict, rows: list[dict], search: str = "") -> dict:
    body = {
        "output": _callback_key(app, "en-outcome.children"),
        "outputs": [{"id": "en-grid", "property": "rowData"}, {"id": "en-outcome", "property": "children"}],
        "inputs": [{"id": "en-save", "property": "n_clicks", "value": 1}],
        "state": [
            {"id": "en-grid", "property": "rowData", "value": rows},
            {"id": "en-choice", "property": "data", "value": choice},
            {"id": "url", "property": "search", "value": search},
        ],
        "changedPropIds": ["en-save.n_clicks"],
    }
    return _answer(client.post("/_dash-update-component", json=body))


def texts(node) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, list):
        return " ".join(texts(n) for n in node)
    if isinstance(node, dict):
        return texts(node.get("props", {}).get("children")) if "props" in node else ""
    return ""


def _crisis_count(store) -> int:
    with store.read() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(schema.crisis_event)).scalar()


def _log(store, crisis_id: int) -> list[str]:
    log = schema.crisis_status_log
    with store.read() as conn:
        return list(
            conn.execute(sa.select(log.c.to_status).where(log.c.crisis_id == crisis_id).order_by(log.c.id)).scalars()
        )


def _report(**changes) -> dict:
    return {
        "type": "flood",
        "severity": 2,
        "title": "น้ำท่วมโรงเรียนริมแม่น้ำ",
        "provinces": ["TH-20"],
        "occurred_at": moment_be(utc_now()),
        "schools_affected": "12",
        "schools_closed": "3",
        "students_affected": "1,250",
        "description": "น้ำเข้าอาคารเรียนชั้นล่าง",
    } | changes


def test_an_officer_reports_a_crisis_and_moves_it_along_as_themselves(served):
    store, app = served
    officer = signed_in_client(app, store, "officer", "region:REO08", "region:REO08")
    answer = post_report(app, officer, _report())
    href = answer["url"]["href"]
    assert href.startswith("/crisis/"), answer
    crisis_id = int(href.removeprefix("/crisis/"))
    with store.read() as conn:
        event = next(e for e in crises.list_crises(conn) if e["id"] == crisis_id)
        entry = audit.entries(conn, action="crisis_report", limit=1)[0]
    assert event["provinces"] == ["TH-20"] and event["students_affected"] == 1250 and event["status"] == "reported"
    assert event["reporter"].startswith("t-offic"), "reported as the signed-in person, with no token"
    assert entry["outcome"] == "ok" and entry["actor"].startswith("user:t-offic")

    moved = post_update(app, officer, crisis_id, {"status": "verified", "severity": 3, "note": "ยืนยันจากพื้นที่"})
    assert texts(moved["cu-outcome"]["children"]) == "บันทึกแล้ว"
    assert _log(store, crisis_id) == ["reported", "verified"]
    skipped = post_update(app, officer, crisis_id, {"status": "closed", "severity": 3})
    assert "เปลี่ยนสถานะจาก ตรวจสอบแล้ว เป็น ปิดเหตุการณ์ ไม่ได้" in texts(skipped["cu-outcome"]["children"])
    assert _log(store, crisis_id) == ["reported", "verified"], "the lifecycle forbids skipping to closed"


def test_bad_fields_are_named_beside_them_in_the_pages_language_and_nothing_is_stored(served):
    store, app = served
    officer = signed_in_client(app, store, "officer", "region:REO08", "region:REO08")
    before = _crisis_count(store)
    bad = _report(title="", severity=None, schools_closed="๓", occurred_at="31/2/2569 10:00")
    answer = post_report(app, officer, bad)
    problems = {f: p for f, p in _problems(answer, "cr").items() if p}
    assert problems == {
        "title": "ต้องกรอก",
        "severity": "ต้องกรอก",
        "schools_closed": "'๓' ใช้เลขไทยหรือเลขอื่น ให้ใช้เลข 0-9",
        "occurred_at": "'31/2/2569 10:00' ไม่มีในปฏิทิน",
    }
    assert "ข้อมูลที่กรอกไว้ยังอยู่ครบ" in texts(answer["cr-outcome"]["children"])
    english = _problems(post_report(app, officer, bad, "?lang=en"), "cr")
    assert english["title"] == "is required"
    assert _crisis_count(store) == before


def _problems(answer: dict, kind: str) -> list:
    """The problem line beside each field of a form, by field."""
    return {
        json.loads(key)["field"]: props["children"]
        for key, props in answer.items()
        if key.startswith("{") and json.loads(key)["type"] == f"{kind}-problem"
    }


def test_outside_the_write_scope_or_without_the_role_a_report_is_refused(served):
    store, app = served
    before = _crisis_count(store)
    officer = signed_in_client(app, store, "officer", "region:REO08", "region:REO08")
    outside = post_report(app, officer, _report(provinces=["TH-10"]))
    assert "อยู่นอกขอบเขตที่ท่านรายงานได้: TH-10" in texts(outside["cr-outcome"]["children"])
    executive = signed_in_client(app, store, "executive", "national", None)
    no_role = post_report(app, executive, _report())
    assert "บทบาทของท่านรายงานข้อมูลไม่ได้" in texts(no_role["cr-outcome"]["children"])
    assert _crisis_count(store) == before
    with store.read() as conn:
        refused = audit.entries(conn, action="crisis_report", limit=2)
    assert [e["outcome"] for e in refused] == ["refused", "refused"]


def test_only_those_who_write_a_crisiss_provinces_move_it_even_by_hand(served):
    store, app = served
    officer = signed_in_client(app, store, "officer", "region:REO08", "region:REO08")
    crisis_id = int(post_report(app, officer, _report(provinces=["TH-21"]))["url"]["href"].removeprefix("/crisis/"))
    other = signed_in_client(app, store, "officer", "national", "region:REO01")
    refused = post_update(app, other, crisis_id, {"status": "verified", "severity": 2})
    assert "เหตุการณ์นี้อยู่นอกขอบเขตที่ท่านรายงานได้ (TH-21)" in texts(refused["cu-outcome"]["children"])
    executive = signed_in_client(app, store, "executive", "national", None)
    assert "บทบาทของท่านรายงานข้อมูลไม่ได้" in texts(
        post_update(app, executive, crisis_id, {"status": "verified"})["cu-outcome"]["children"]
    )
    assert _log(store, crisis_id) == ["reported"]

    ROUTES[:] = _routes()
    looker = Principal("user", 0, "reo01", Role.OFFICER, "national", None, "region:REO01", frozenset({"TH-50"}))
    writer = Principal(
        "user", 0, "reo08", Role.OFFICER, "region:REO08", frozenset(REO08), "region:REO08", frozenset(REO08)
    )
    assert "crisis-update" not in str(render_path(store, f"/crisis/{crisis_id}", "", looker)[2])
    _, crumbs, body = render_path(store, f"/crisis/{crisis_id}", "", writer)
    assert "crisis-update" in str(body)
    assert crumbs[0] == ("พื้นที่ของท่าน", "/region/REO08"), "the trail starts where the officer may go"


def _stored(store, indicator: str, province: str, year: int, period: int):
    r = schema.indicator_result
    with store.read() as conn:
        return conn.execute(
            sa.select(r.c.numerator, r.c.denominator, r.c.value).where(
                r.c.indicator_code == indicator,
                r.c.province_code == province,
                r.c.fiscal_year_be == year,
                r.c.period_no == period,
            )
        ).first()


def test_results_typed_in_the_grid_are_written_whole_or_not_at_all(served):
    store, app = served
    officer = signed_in_client(app, store, "officer", "region:REO08", "region:REO08")
    choice = {"indicator": "JI24", "fiscal_year_be": 2572, "period_no": 1}
    bad = [
        {"area": "TH-20", "numerator": "950", "denominator": "1,000"},
        {"area": "TH-21", "numerator": "1200", "denominator": "1000"},
        {"area": "TH-24", "numerator": "๑๒", "denominator": "100"},
    ]
    refused = post_results(app, officer, choice, bad)
    rows = {row["area"]: row for row in refused["en-grid"]["rowData"]}
    assert rows["TH-21"]["problem"] == "ตัวตั้ง 1,200 มากกว่าตัวหาร 1,000: ร้อยละเกิน 100 ไม่ได้ (จะได้ร้อยละ 120.00)"
    assert rows["TH-24"]["problem"] == "'๑๒' ใช้เลขไทยหรือเลขอื่น ให้ใช้เลข 0-9"
    assert rows["TH-20"]["problem"] == "" and rows["TH-20"]["numerator"] == "950", "what was typed is kept"
    assert "ไม่ได้บันทึกจังหวัดใดเลย: 2 จังหวัดมีปัญหา" in texts(refused["en-outcome"]["children"])
    assert _stored(store, "JI24", "TH-20", 2572, 1) is None, "all or nothing: the good row waits for the bad ones"

    good = post_results(app, officer, choice, [bad[0], {"area": "TH-21"}, {"area": "TH-24", "numerator": ""}])
    assert "บันทึกแล้ว: เพิ่มใหม่ 1" in texts(good["en-outcome"]["children"])
    assert tuple(_stored(store, "JI24", "TH-20", 2572, 1)) == (950, 1000, 95)
    shown = {row["area"]: row for row in good["en-grid"]["rowData"]}
    assert shown["TH-20"]["stored_value"] == "95.00" and shown["TH-20"]["numerator"] == ""
    with store.read() as conn:
        entry = audit.entries(conn, action="results_entry", limit=1)[0]
    assert entry["outcome"] == "ok" and entry["actor"].startswith("user:t-offic")


def test_results_outside_the_write_scope_or_without_the_role_are_refused(served):
    store, app = served
    choice = {"indicator": "JI29", "fiscal_year_be": 2572, "period_no": 1}
    officer = signed_in_client(app, store, "officer", "region:REO08", "region:REO08")
    outside = post_results(app, officer, choice, [{"area": "TH-10", "value": "5"}])
    assert "อยู่นอกขอบเขตที่ท่านรายงานได้: TH-10" in texts(outside["en-outcome"]["children"])
    executive = signed_in_client(app, store, "executive", "national", None)
    no_role = post_results(app, executive, choice, [{"area": "TH-20", "value": "5"}])
    assert "บทบาทของท่านรายงานข้อมูลไม่ได้" in texts(no_role["en-outcome"]["children"])
    assert _stored(store, "JI29", "TH-10", 2572, 1) is None and _stored(store, "JI29", "TH-20", 2572, 1) is None


def test_the_grid_has_a_row_per_province_of_the_write_scope(served):
    store, _ = served
    with store.read() as conn:
        national = entry_view(conn, None, "JI12", 2569, None)
        region = entry_view(conn, frozenset(REO08), "JI12", 2569, 9)
    assert len(national["rows"]) == 77
    assert [r["code"] for r in region["rows"]] == list(REO08)
    assert region["periods"] == [1, 2, 3, 4] and region["period_no"] == 1, "a quarterly indicator has four periods"


def test_an_empty_store_says_what_to_do_before_entering_results(empty_store):
    ROUTES[:] = _routes()
    writer = Principal("user", 0, "admin", Role.ADMINISTRATOR, "national", None, "national", None)
    _, _, body = render_path(empty_store, "/enter", "", writer)
    assert "data-empty" in str(body) and "/catalogue" in str(body)
    assert "en-grid" not in str(body)


def test_the_writing_pages_follow_role_and_scope(served):
    store, app = served
    officer = signed_in_client(app, store, "officer", "region:REO08", "region:REO08")
    executive = signed_in_client(app, store, "executive", "national", None)
    with store.read() as conn:
        elsewhere = next(e["id"] for e in crises.list_crises(conn) if not set(e["provinces"]) & set(REO08))
    assert officer.get("/enter").status_code == 200 and officer.get("/crisis/new").status_code == 200
    assert officer.get(f"/crisis/{elsewhere}").status_code == 403, "another region's crisis is outside the view"
    assert executive.get("/enter").status_code == 403 and executive.get("/crisis/new").status_code == 403
    assert executive.get(f"/crisis/{elsewhere}").status_code == 200

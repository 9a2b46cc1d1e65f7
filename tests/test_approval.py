"""Approval of results (issue 10, item 2), on each store: reported → approved → accepted for indicators that ask
for one or two steps; an approved value is locked until it is un-approved with a reason; every step is logged;
a regional office approves only its own provinces and national acceptance is the ministry's; the national
pages leave out results not yet final (as missing, not as zero) while the office's own pages show them marked,
and include them when the setting says so; the API routes; the upgrade from schema version 14."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from cockpit.people.access import Principal, Role
from cockpit.people.settings import set_approval_steps, set_hide_unapproved
from cockpit.people.tokens import create_token
from cockpit.read import approval as approval_read
from cockpit.read import queries, views
from cockpit.store import schema
from cockpit.store.database import stored_schema_version
from cockpit.write.approval import ApprovalRequest, take_step
from cockpit.write.ingest import Conflict, Forbidden, InvalidInput, check_results, write_results
from tests.conftest import BACKENDS
from tests.factories import add_minimal_catalogue

REO15 = frozenset({"TH-50", "TH-51", "TH-52", "TH-54", "TH-55", "TH-56", "TH-57", "TH-58"})
NATIONAL = Principal("user", 1, "ministry", Role.OFFICER, "national", None, "national", None)
CHIANG_MAI = Principal("user", 2, "cm", Role.REPORTER, "province:TH-50", frozenset({"TH-50"}), "province:TH-50",
                       frozenset({"TH-50"}))  # fmt: skip
EXECUTIVE = Principal("user", 5, "exec", Role.EXECUTIVE, "national", None, None, frozenset())


def office(store, region: str = "REO15", name: str = "reo15") -> Principal:
    with store.read() as conn:
        provinces = frozenset(next(r for r in queries.regions(conn) if r["code"] == region)["provinces"])
    return Principal("user", 3, name, Role.OFFICER, f"region:{region}", provinces, f"region:{region}", provinces)


@pytest.fixture
def store(empty_store):
    with empty_store.write() as conn:
        add_minimal_catalogue(conn)
    return empty_store


def steps(store, indicator: str, count: int | None) -> None:
    with store.write() as conn:
        conn.execute(schema.indicator.update().where(schema.indicator.c.code == indicator).values(approval_steps=count))


def write(store, value: float, province: str = "TH-50", who: Principal = CHIANG_MAI) -> dict:
    payload = {"indicator": "TC01", "area": province, "fiscal_year_be": 2568, "period_no": 1, "value": value}
    with store.write() as conn:
        return write_results(conn, check_results(conn, [payload], ["results[0]"]), who, "api")


def step(store, who: Principal, name: str, province: str = "TH-50", reason: str | None = None) -> dict:
    request = ApprovalRequest.model_validate(
        {
            "step": name,
            "results": [{"indicator": "TC01", "area": province, "fiscal_year_be": 2568, "period_no": 1}],
            "reason": reason,
        }
    )
    with store.write() as conn:
        return take_step(conn, request, who)


def state(store, province: str = "TH-50") -> str | None:
    r = schema.indicator_result
    with store.read() as conn:
        return conn.execute(
            sa.select(r.c.approval).where(r.c.indicator_code == "TC01", r.c.province_code == province)
        ).scalar_one()


def national(store) -> float | None:
    """TC01's national figure for 2568 as the nation page reads it."""
    with store.read() as conn:
        return queries.results_table(conn, "nation", 2568)["TC01"][0]["value"]


def province_figures(store, unapproved: bool) -> dict[str, float | None]:
    with store.read() as conn:
        rows = queries.results_table(conn, "province", 2568, unapproved=unapproved)["TC01"]
    return {row["area"]: row["value"] for row in rows if row["value"] is not None}


def logged(store) -> list[tuple]:
    a = schema.approval_log
    with store.read() as conn:
        return [
            tuple(row)
            for row in conn.execute(
                sa.select(
                    a.c.province_code, a.c.step, a.c.from_state, a.c.to_state, a.c.changed_by, a.c.reason
                ).order_by(a.c.id)
            )
        ]


def test_without_approval_steps_everything_counts_as_before(store):
    write(store, 40)
    write(store, 60, "TH-20", NATIONAL)
    assert national(store) == 100
    with store.read() as conn:
        assert approval_read.awaiting(conn) == []
        assert approval_read.awaiting_results(conn, 2568) == set()
    with pytest.raises(Conflict, match="need no approval"):
        step(store, office(store), "approve")


def test_one_step_reported_then_approved_by_its_regional_office(store):
    steps(store, "TC01", 1)
    write(store, 40)
    write(store, 60, "TH-20", NATIONAL)
    assert state(store) is None
    assert national(store) is None, "nothing is final: the nation shows no data, not 0"
    with store.read() as conn:
        nation_row = queries.results_table(conn, "nation", 2568)["TC01"][0]
        assert (nation_row["status"], nation_row["provinces_reporting"]) == ("no_data", 0)
        waiting = approval_read.awaiting(conn, provinces=REO15)
        assert [(w["indicator"], w["area"], w["value"], w["state"], w["steps"]) for w in waiting] == [
            ("TC01", "TH-50", 40.0, "reported", 1)
        ]
        assert approval_read.awaiting_results(conn, 2568, REO15) == {("TC01", "TH-50")}
    assert province_figures(store, unapproved=False) == {}
    assert province_figures(store, unapproved=True) == {"TH-50": 40.0, "TH-20": 60.0}

    answer = step(store, office(store), "approve")
    assert answer["results"] == [{"result": "TC01 TH-50 2568/1", "from": "reported", "to": "approved"}]
    assert state(store) == "approved"
    assert national(store) == 40, "TH-50 is final, TH-20 still awaits ศธภ.8"
    assert province_figures(store, unapproved=False) == {"TH-50": 40.0}
    with store.read() as conn:
        assert approval_read.awaiting_results(conn, 2568) == {("TC01", "TH-20")}
    with pytest.raises(Conflict, match="already approved by user:reo15"):
        step(store, office(store), "approve")
    with pytest.raises(Conflict, match="regional approval only"):
        step(store, NATIONAL, "accept")
    assert logged(store) == [("TH-50", "approve", "reported", "approved", "user:reo15", None)]


def test_two_steps_need_national_acceptance_after_the_regional_approval(store):
    steps(store, "TC01", 2)
    write(store, 40)
    with pytest.raises(Conflict, match="awaits the regional office's approval first"):
        step(store, NATIONAL, "accept")
    with pytest.raises(Forbidden, match="only a national"):
        step(store, office(store), "accept")
    step(store, office(store), "approve")
    assert national(store) is None, "approved but not yet accepted"
    with store.read() as conn:
        assert [w["area"] for w in approval_read.awaiting(conn, "accept")] == ["TH-50"]
        assert approval_read.awaiting(conn, "approve") == []
    step(store, NATIONAL, "accept")
    assert state(store) == "accepted"
    assert national(store) == 40
    with store.read() as conn:
        assert approval_read.awaiting(conn, "accept") == []
    assert [(s, f, t) for _, s, f, t, _, _ in logged(store)] == [
        ("approve", "reported", "approved"),
        ("accept", "approved", "accepted"),
    ]


def test_an_approved_value_is_locked_until_un_approved_with_a_reason(store):
    steps(store, "TC01", 1)
    write(store, 40)
    step(store, office(store), "approve")
    with pytest.raises(Conflict) as refused:
        write(store, 45)
    message = str(refused.value)
    assert "TC01 TH-50 2568/1" in message and "user:reo15" in message
    assert "ศธภ. รับรองแล้ว" in message and "approved by the regional office" in message
    assert write(store, 40) == {"inserted": 0, "updated": 0, "unchanged": 1}, "the same figure changes nothing"
    for empty in (None, "", "   "):
        with pytest.raises(InvalidInput, match="reason"):
            step(store, office(store), "unapprove", reason=empty)
    assert state(store) == "approved"
    with pytest.raises(Forbidden):
        step(store, CHIANG_MAI, "unapprove", reason="ตัวเลขผิด")
    step(store, office(store), "unapprove", reason="จังหวัดแจ้งตัวเลขผิด")
    assert state(store) is None
    assert national(store) is None
    assert write(store, 45)["updated"] == 1
    assert logged(store)[-1] == ("TH-50", "unapprove", "approved", "reported", "user:reo15", "จังหวัดแจ้งตัวเลขผิด")


def test_an_accepted_value_is_un_approved_nationally_only(store):
    steps(store, "TC01", 2)
    write(store, 40)
    step(store, office(store), "approve")
    step(store, NATIONAL, "accept")
    with pytest.raises(Forbidden):
        step(store, office(store), "unapprove", reason="แก้ไข")
    step(store, NATIONAL, "unapprove", reason="ส่วนกลางขอให้ตรวจใหม่")
    assert state(store) is None
    with pytest.raises(Conflict, match="nothing to un-approve"):
        step(store, NATIONAL, "unapprove", reason="อีกครั้ง")


def test_an_office_never_approves_outside_its_region(store):
    steps(store, "TC01", 1)
    write(store, 60, "TH-20", NATIONAL)
    write(store, 40)
    for who in (office(store), CHIANG_MAI, NATIONAL, EXECUTIVE):
        with pytest.raises(Forbidden):
            step(store, who, "approve", province="TH-20")
    assert state(store, "TH-20") is None
    request = ApprovalRequest.model_validate(
        {
            "step": "approve",
            "results": [
                {"indicator": "TC01", "area": "TH-50", "fiscal_year_be": 2568},
                {"indicator": "TC01", "area": "TH-20", "fiscal_year_be": 2568},
            ],
        }
    )
    with pytest.raises(Forbidden), store.write() as conn:
        take_step(conn, request, office(store))
    assert state(store) is None, "all or nothing: TH-50 was not approved either"
    step(store, office(store, "REO08", "reo08"), "approve", province="TH-20")
    assert state(store, "TH-20") == "approved"
    assert logged(store) == [("TH-20", "approve", "reported", "approved", "user:reo08", None)]


def test_unknown_results_are_refused_naming_them(store):
    steps(store, "TC01", 1)
    with pytest.raises(InvalidInput) as refused:
        step(store, office(store), "approve")
    assert refused.value.fields == {"results[0]": "no stored result TC01 TH-50 2568/1"}


def test_the_setting_lets_unapproved_results_show_and_the_default_steps_apply_to_empty_rows(store):
    write(store, 40)
    with store.write() as conn:
        set_approval_steps(conn, 1)
    assert national(store) is None, "TC01 leaves its steps empty: the store-wide 1 applies"
    with store.write() as conn:
        set_hide_unapproved(conn, False)
    assert national(store) == 40, "with the setting off, results not yet final count"
    with store.read() as conn:
        assert approval_read.awaiting_results(conn, 2568) == {("TC01", "TH-50")}, "still marked"
        assert approval_read.settings(conn) == {"default_steps": 1, "hide_unapproved": False}
    with store.write() as conn:
        set_hide_unapproved(conn, True)
    steps(store, "TC01", 0)
    assert national(store) == 40, "the indicator's own 0 overrides the store-wide setting"


def test_the_national_pages_leave_out_what_the_region_page_shows_marked(store):
    steps(store, "TC01", 1)
    write(store, 40)
    with store.read() as conn:
        nation = views.nation_view(conn, 2568)
        region = views.region_view(conn, "REO15", 2568, "TC01")
        province = views.province_view(conn, "TH-50", 2568)
        walls = queries.series(conn, "nation", ["TC01"])
    assert nation["map"] == [] or all(row["value"] is None for row in nation["map"] if row["area"] == "TH-50")
    assert [c["TH-50"]["value"] for c in (g["cells"] for g in region["grid"] if g["indicator"]["code"] == "TC01")] == [
        40.0
    ]
    assert ("TC01", "TH-50") in region["awaiting"]
    assert [w["area"] for w in region["awaiting_approval"]] == ["TH-50"]
    card = next(c for stage in province["stages"].values() for c in stage if c["indicator"]["code"] == "TC01")
    assert card["result"]["value"] == 40.0 and card["awaiting"]
    assert walls.get(("TC01", "TH"), []) == []


def test_a_version_14_store_gains_approval_keeping_its_results(stores):
    store = stores.prepared(demo=False)
    url = store.url.render_as_string(hide_password=False)
    with store.write() as conn:
        add_minimal_catalogue(conn)
    write(store, 40)
    with store.write() as conn:
        for table in reversed(schema.SCHEMA_15_TABLES):
            table.drop(conn)
        if stores.backend == "postgres":
            conn.execute(sa.text("ALTER TABLE indicator DROP COLUMN approval_steps"))
            for column in ("approval", "approval_at", "approval_by"):
                conn.execute(sa.text(f"ALTER TABLE indicator_result DROP COLUMN {column}"))
        conn.execute(schema.schema_info.update().where(schema.schema_info.c.key == "schema_version").values(value="14"))
    store.dispose()
    upgraded = stores.prepared(demo=False, url=url)
    with upgraded.read() as conn:
        assert stored_schema_version(conn) == schema.SCHEMA_VERSION
    assert national(upgraded) == 40
    assert state(upgraded) is None
    steps(upgraded, "TC01", 1)
    step(upgraded, office(upgraded), "approve")
    assert logged(upgraded) == [("TH-50", "approve", "reported", "approved", "user:reo15", None)]


# --- the API --------------------------------------------------------------------------------------------------


@pytest.fixture(params=BACKENDS)
def served(request, small_served):
    return small_served(request.param)


def bearer(store, scope: str) -> dict:
    with store.write(bump_version=False) as conn:
        return {"Authorization": f"Bearer {create_token(conn, f'approval {scope}', scope)}"}


def test_the_api_lists_approves_locks_and_un_approves_within_scope(served):
    store, app = served
    client = app.server.test_client()
    province, region, other, ministry = (
        bearer(store, scope) for scope in ("province:TH-50", "region:REO15", "region:REO08", "national")
    )
    steps(store, "TC01", 1)
    result = {"indicator": "TC01", "area": "TH-50", "fiscal_year_be": 2567, "period_no": 1}
    sent = client.post("/api/v1/results", json={"results": [result | {"value": 12.0}]}, headers=province)
    assert sent.status_code == 200, sent.get_json()

    listed = client.get("/api/v1/approvals?region=REO15", headers=region)
    assert [(row["area"], row["fiscal_year_be"], row["state"]) for row in listed.get_json()] == [
        ("TH-50", 2567, "reported")
    ]
    assert client.get("/api/v1/approvals?region=REO15", headers=other).status_code == 403
    assert client.get("/api/v1/approvals", headers=other).get_json() == []
    assert client.get("/api/v1/approvals?step=bogus", headers=region).status_code == 422

    body = {"step": "approve", "results": [result]}
    assert client.post("/api/v1/approvals", json=body, headers=other).status_code == 403
    assert client.post("/api/v1/approvals", json=body, headers=province).status_code == 403
    approved = client.post("/api/v1/approvals", json=body, headers=region)
    assert approved.status_code == 200, approved.get_json()
    assert approved.get_json()["results"] == [{"result": "TC01 TH-50 2567/1", "from": "reported", "to": "approved"}]
    assert client.post("/api/v1/approvals", json=body, headers=region).status_code == 409

    locked = client.post("/api/v1/results", json={"results": [result | {"value": 13.0}]}, headers=province)
    assert locked.status_code == 409
    assert "token:approval region:REO15" in locked.get_json()["error"]
    assert "un-approve them with a reason" in locked.get_json()["error"]

    unapprove = {"step": "unapprove", "results": [result]}
    refused = client.post("/api/v1/approvals", json=unapprove | {"reason": "  "}, headers=region)
    assert refused.status_code == 422 and "reason" in refused.get_json()["fields"]
    taken_back = client.post("/api/v1/approvals", json=unapprove | {"reason": "ตัวเลขผิด"}, headers=region)
    assert taken_back.status_code == 200
    again = client.post("/api/v1/results", json={"results": [result | {"value": 13.0}]}, headers=province)
    assert again.get_json()["updated"] == 1

    log = client.get("/api/v1/approvals/log?region=TH-50", headers=region).get_json()
    assert [(e["step"], e["to_state"], e["reason"]) for e in log] == [
        ("unapprove", "reported", "ตัวเลขผิด"),
        ("approve", "approved", None),
    ]
    assert client.get("/api/v1/approvals/log", headers=other).get_json() == []


def test_the_api_settings_are_the_ministry_s(served):
    store, app = served
    client = app.server.test_client()
    region, ministry = bearer(store, "region:REO15"), bearer(store, "national")
    new = {"default_steps": 2, "hide_unapproved": False}
    assert client.put("/api/v1/approvals/settings", json=new, headers=region).status_code == 403
    assert client.put("/api/v1/approvals/settings", json={"default_steps": 3}, headers=ministry).status_code == 422
    changed = client.put("/api/v1/approvals/settings", json=new, headers=ministry)
    assert changed.status_code == 200 and changed.get_json() == new
    assert client.get("/api/v1/approvals/settings", headers=region).get_json() == new
    reset = {"default_steps": 0, "hide_unapproved": True}
    assert client.put("/api/v1/approvals/settings", json=reset, headers=ministry).get_json() == reset


# --- the pages ------------------------------------------------------------------------------------------------


def walk(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            yield from walk(child)


def texts(component) -> str:
    out = []
    for part in walk(component):
        children = getattr(part, "children", None)
        if isinstance(children, str):
            out.append(children)
        for child in children if isinstance(children, list | tuple) else []:
            if isinstance(child, str):
                out.append(child)
    return " ".join(out)


def buttons(body) -> list[tuple[str, str]]:
    return [
        (part.id["step"], part.id["key"])
        for part in walk(body)
        if isinstance(getattr(part, "id", None), dict) and part.id.get("type") == "ap-step"
    ]


def region_body(store, who: Principal, lang: str = "th"):
    from callbacks.routing import viewer_of
    from layouts.pages import region

    with store.read() as conn:
        view = views.region_view(conn, "REO15", 2568, "TC01") | {"viewer": viewer_of(who)}
    return view, region.render(view, {}, lang)[1]


def test_the_region_page_marks_what_awaits_approval_and_offers_each_step_to_who_may_take_it(store):
    from layouts.pages.province import render as province_page
    from layouts.pages.region import grid_rows

    steps(store, "TC01", 2)
    write(store, 40)
    view, body = region_body(store, office(store))
    cell = next(
        row for row in grid_rows(view, [g["indicator"] for g in view["grid"]], "th", {}) if row["area"] == "TH-50"
    )
    assert cell["TC01"].endswith("40 ◔")
    assert buttons(body) == [("approve", "TC01|TH-50|2568|1")]
    assert "◔ รอรับรอง" in texts(body) and "ผลที่รอ ศธภ. รับรอง" in texts(body)
    assert buttons(region_body(store, NATIONAL)[1]) == [], "the ministry does not approve for a region"
    assert buttons(region_body(store, CHIANG_MAI)[1]) == [], "nor does the province that reported"

    step(store, office(store), "approve")
    assert buttons(region_body(store, office(store))[1]) == [("unapprove", "TC01|TH-50|2568|1")]
    _, national_body = region_body(store, NATIONAL, "en")
    assert buttons(national_body) == [("accept", "TC01|TH-50|2568|1"), ("unapprove", "TC01|TH-50|2568|1")]
    assert "Results awaiting national acceptance" in texts(national_body)

    with store.read() as conn:
        province = views.province_view(conn, "TH-50", 2568)
    assert "◔ รอรับรอง" in texts(province_page(province, {}, "th")[1])
    step(store, NATIONAL, "accept")
    with store.read() as conn:
        province = views.province_view(conn, "TH-50", 2568)
    assert "◔" not in texts(province_page(province, {}, "th")[1])


def test_a_refusal_reads_in_the_page_s_language(store):
    from layouts.reasons import reason, translated

    steps(store, "TC01", 1)
    write(store, 40)
    step(store, office(store), "approve")
    with pytest.raises(Conflict) as refused:
        write(store, 41)
    message = str(refused.value)
    assert translated(message)
    thai, english = reason(message, "th"), reason(message, "en")
    assert thai.startswith("ผลที่รับรองแล้ว 1 รายการถูกล็อก") and "approved" not in thai
    assert english.startswith("1 approved result(s) locked") and "รับรอง" not in english


def test_the_walls_and_the_chain_roll_up_count_a_result_once_it_is_approved(store):
    from cockpit.room import walls

    def seen(store) -> tuple[str, list[str]]:
        with store.read() as conn:
            tree = views.chain_tree(conn, 2568)
            red = walls.wall_view(conn, "red", 2568)
        node_inds = [i for node in views.flatten_tree(tree["roots"]) for i in node["indicators"]]
        frames = {frame["kind"]: frame for frame in red["frames"]}
        return (
            next(i["status"] for i in node_inds if i["code"] == "TC01"),
            [item["indicator"]["code"] for item in frames["red_indicators"]["items"]],
        )

    steps(store, "TC01", 1)
    write(store, 40)  # far below the national target of 100: red once it counts
    assert seen(store) == ("no_data", [])
    step(store, office(store), "approve")
    assert seen(store) == ("red", ["TC01"])

"""Results keep their history and every write leaves an audit entry with its before and after (issue 9, items 2
and 6), on both stores: an update keeps the value it replaces, the history is read inside the view scope, and
the audit trail is filtered by area."""

from __future__ import annotations

import io
import zipfile

import pytest
import sqlalchemy as sa

from cockpit.store import schema
from cockpit.store.database import stored_schema_version, utc_now
from cockpit.write import audit
from cockpit.write.importer import EXPORT_COLUMNS
from cockpit.write.ingest import AUDIT_ROWS
from tests.factories import add_minimal_catalogue
from tests.signin import signed_in_client

# ศธภ.8 holds TH-20, TH-21 and TH-24 in the shipped reference data; Chiang Mai (TH-50) lies outside it.
INSIDE, INSIDE_TOO, OUTSIDE = "TH-20", "TH-21", "TH-50"


@pytest.fixture(params=["duckdb", "postgres"])
def served(request, small_served):
    return small_served(request.param)


def _rate(province: str, numerator: float, year: int = 2568, period: int = 1) -> dict:
    return {"indicator": "TR01", "area": province, "fiscal_year_be": year, "period_no": period,
            "numerator": numerator, "denominator": 200.0}  # fmt: skip


def _last(store, action: str) -> dict:
    with store.read() as conn:
        return audit.entries(conn, action=action, limit=1)[0]


def test_an_update_keeps_the_value_it_replaces(served):
    store, app = served
    first = signed_in_client(app, store, "officer", "region:REO08", "region:REO08")
    second = signed_in_client(app, store, "administrator")
    assert first.post("/api/v1/results", json={"results": [_rate(INSIDE, 50, 2567)]}).status_code == 200
    assert second.post("/api/v1/results", json={"results": [_rate(INSIDE, 60, 2567)]}).status_code == 200
    assert second.post("/api/v1/results", json={"results": [_rate(INSIDE, 60, 2567)]}).status_code == 200

    versions = second.get(f"/api/v1/results/history?indicator=TR01&area={INSIDE}&fy=2567&period=1").get_json()
    assert [(v["numerator"], v["current"]) for v in versions] == [(60.0, True), (50.0, False)], "no copy of a repeat"
    now, before = versions
    assert now["written_by"].startswith("user:t-admin") and now["replaced_by"] is None
    assert before["written_by"].startswith("user:t-offic") and before["replaced_by"] == now["written_by"]
    assert before["value"] == 25.0 and before["source"] == "api"
    assert before["replaced_in_batch"] == now["batch"] != before["batch"]
    assert before["written_at"] <= before["replaced_at"] == now["written_at"]

    shown = second.get("/api/v1/results?indicator=TR01&level=province&fy=2567").get_json()
    reported = [(row["area"], row["numerator"]) for row in shown if row["numerator"] is not None]
    assert reported == [(INSIDE, 60.0)], "reads show the current value only"
    exported = second.get("/api/v1/results?indicator=TR01&level=province&fy=2567&format=csv").get_data(as_text=True)
    lines = [line for line in exported.splitlines() if ",60.0," in line or line.startswith("indicator")]
    assert exported.splitlines()[0] == ",".join(EXPORT_COLUMNS) and len(lines) == 2
    assert ",50.0," not in exported, "the export holds current values, not the history"


def test_the_audit_entry_of_a_write_holds_each_rows_before_and_after(served):
    store, app = served
    admin = signed_in_client(app, store, "administrator")
    admin.post("/api/v1/results", json={"results": [_rate(INSIDE, 10, 2566), _rate(INSIDE_TOO, 20, 2566)]})
    admin.post("/api/v1/results", json={"results": [_rate(INSIDE, 11, 2566), _rate(INSIDE_TOO, 20, 2566)]})
    entry = _last(store, "POST /api/v1/results")
    detail = entry["detail"]
    assert detail["results"] == {"inserted": 0, "updated": 1, "unchanged": 1}
    assert detail["rows"] == [
        {
            "result": f"TR01 {INSIDE} 2566/1",
            "before": {"numerator": 10.0, "denominator": 200.0, "value": 5.0},
            "after": {"numerator": 11.0, "denominator": 200.0, "value": 5.5},
        }
    ]
    assert entry["areas"] == [INSIDE, INSIDE_TOO] and entry["address"] == "127.0.0.1"


def test_a_large_write_keeps_its_audit_entry_bounded_and_its_rows_in_the_history(served):
    store, app = served
    admin = signed_in_client(app, store, "administrator")
    periods = range(1, AUDIT_ROWS + 2)
    rows = [
        {"indicator": "TC01", "area": code, "fiscal_year_be": 2565, "value": float(n)}
        for n, code in zip(periods, _provinces(store), strict=False)
    ]
    assert admin.post("/api/v1/results", json={"results": rows}).status_code == 200
    changed = [row | {"value": row["value"] + 1000} for row in rows]
    assert admin.post("/api/v1/results", json={"results": changed}).status_code == 200
    detail = _last(store, "POST /api/v1/results")["detail"]
    assert "rows" not in detail and detail["results"]["updated"] == len(rows)
    batch = detail["batch"]
    assert detail["rows_in"] == f"/api/v1/results/history?batch={batch}"
    versions = admin.get(detail["rows_in"]).get_json()
    assert len(versions) == 2 * len(rows), "each row's before (replaced in the batch) and after (written by it)"
    before = {v["area"]: v["value"] for v in versions if v["replaced_in_batch"] == batch}
    after = {v["area"]: v["value"] for v in versions if v["batch"] == batch}
    assert all(after[area] == before[area] + 1000 for area in before) and len(before) == len(rows)


def _provinces(store) -> list[str]:
    with store.read() as conn:
        return list(conn.execute(sa.select(schema.province.c.code).order_by(schema.province.c.code)).scalars())


def test_the_history_obeys_the_view_scope(served):
    store, app = served
    admin = signed_in_client(app, store, "administrator")
    office = signed_in_client(app, store, "officer", "region:REO08", "region:REO08")
    admin.post("/api/v1/results", json={"results": [_rate(INSIDE, 1, 2564), _rate(OUTSIDE, 2, 2564)]})
    assert {v["area"] for v in admin.get("/api/v1/results/history?indicator=TR01&fy=2564").get_json()} == {
        INSIDE,
        OUTSIDE,
    }
    assert {v["area"] for v in office.get("/api/v1/results/history?indicator=TR01&fy=2564").get_json()} == {INSIDE}
    assert office.get(f"/api/v1/results/history?indicator=TR01&area={OUTSIDE}").status_code == 403
    assert office.get("/api/v1/results/history?indicator=TR01&area=REO08&fy=2564").status_code == 200
    assert office.get("/api/v1/results/history?indicator=TR01&area=REO01").status_code == 403
    for bad in ("area=NOPE", "fy=abc", "limit=0", "batch=xyz", ""):
        query = f"indicator=TR01&{bad}" if bad else ""
        assert admin.get(f"/api/v1/results/history?{query}").status_code == 422, bad
    assert app.server.test_client().get("/api/v1/results/history?indicator=TR01").status_code == 401


def test_the_audit_trail_filters_by_area(served):
    store, app = served
    admin = signed_in_client(app, store, "administrator")
    admin.post("/api/v1/results", json={"results": [_rate(INSIDE_TOO, 3, 2563)]})
    mine = admin.get(f"/api/v1/audit?area={INSIDE_TOO}&what=results&limit=1").get_json()
    assert mine and INSIDE_TOO in mine[0]["areas"]
    assert admin.get("/api/v1/audit?area=REO08&what=results&limit=1").get_json()[0]["id"] == mine[0]["id"]
    assert all(OUTSIDE in row["areas"] for row in admin.get(f"/api/v1/audit?area={OUTSIDE}").get_json())
    assert mine[0]["id"] not in {row["id"] for row in admin.get(f"/api/v1/audit?area={OUTSIDE}").get_json()}
    assert admin.get("/api/v1/audit?area=NOPE").status_code == 422


def test_crisis_deck_and_people_writes_are_audited_with_before_and_after(served):
    store, app = served
    admin = signed_in_client(app, store, "administrator")
    report = {"type": "flood", "severity": 2, "title": "น้ำท่วม (ทดสอบ)", "provinces": [INSIDE],
              "occurred_at": utc_now().isoformat()}  # fmt: skip
    crisis = admin.post("/api/v1/crises", json=report).get_json()["id"]
    created = _last(store, "POST /api/v1/crises")
    assert created["detail"]["before"] is None and created["detail"]["after"]["severity"] == 2
    assert created["areas"] == [INSIDE]
    admin.patch(f"/api/v1/crises/{crisis}", json={"status": "verified", "severity": 3, "schools_affected": 4})
    changed = _last(store, "PATCH /api/v1/crises")["detail"]
    assert changed["before"] == {"severity": 2, "schools_affected": None, "status": "reported"}
    assert changed["after"] == {"severity": 3, "schools_affected": 4, "status": "verified"}

    admin.post("/api/v1/deck", json={"show": "/wall/red"})
    admin.post("/api/v1/deck", json={"paused": True})
    deck = _last(store, "POST /api/v1/deck")["detail"]
    assert deck["before"] == {"show": "/wall/red", "paused": False} and deck["after"] == {
        "show": "/wall/red",
        "paused": True,
    }
    admin.post("/api/v1/deck", json={"show": None, "paused": False})

    user = {"username": "reo08.history", "password": "long-enough-password", "role": "officer",
            "view_scope": "region:REO08", "write_scope": f"province:{INSIDE}"}  # fmt: skip
    assert admin.post("/api/v1/users", json=user).status_code in (201, 422)
    assert (
        admin.patch("/api/v1/users/reo08.history", json={"disabled": True, "password": "another-long-one"}).status_code
        == 200
    )
    entry = _last(store, "user_change")
    assert entry["detail"]["before"]["disabled_at"] is None and entry["detail"]["after"]["disabled_at"]
    assert entry["detail"]["password_changed"] is True and set(entry["areas"]) == {"TH-20", "TH-21", "TH-24"}

    made = admin.post("/api/v1/tokens", json={"name": "ประวัติ (ทดสอบ)", "scope": f"province:{INSIDE}"})
    secret = made.get_json()["token"]
    token_entry = _last(store, "token_add")
    token_id = token_entry["detail"]["after"]["id"]
    assert token_entry["areas"] == [INSIDE]
    admin.post(f"/api/v1/tokens/{token_id}/revoke")
    revoked = _last(store, "token_revoke")["detail"]
    assert revoked["before"]["revoked_at"] is None and revoked["after"]["revoked_at"]
    device = admin.post("/api/v1/devices", json={"name": "จอทดสอบประวัติ"}).get_json()
    admin.post(f"/api/v1/devices/{device['id']}/revoke")
    assert _last(store, "device_revoke")["detail"]["after"]["revoked_at"]
    admin.put("/api/v1/settings", json={"public_read": False})
    assert _last(store, "settings_change")["detail"] == {
        "before": {"public_read": False},
        "after": {"public_read": False},
    }

    with store.read() as conn:
        everything = " ".join(str(e["detail"]) for e in audit.entries(conn, limit=5000))
        hashes = conn.execute(sa.select(schema.app_user.c.password_hash)).scalars().all()
        keys = conn.execute(sa.select(schema.device_link.c.key_hash)).scalars().all()
    assert secret not in everything and device["link"].rsplit("/", 1)[1] not in everything
    assert not any(h and h in everything for h in hashes + keys), "no password hash or key in the audit trail"


def test_a_version_9_store_gains_result_history_keeping_its_results(stores):
    """The upgrade adds the history table and the writer columns; results from before keep their figures and
    have no writer; the next update keeps the replaced value."""
    store = stores.prepared(demo=False)
    url = store.url.render_as_string(hide_password=False)
    with store.write() as conn:
        add_minimal_catalogue(conn)
        conn.execute(
            schema.indicator_result.insert().values(
                indicator_code="TR01", province_code=INSIDE, fiscal_year_be=2568, period_no=1,
                period_end=utc_now().date(), numerator=1.0, denominator=2.0, value=50.0, source="old",
                updated_at=utc_now(),
            )
        )  # fmt: skip
        schema.indicator_result_revision.drop(conn)
        for column in ("written_by", "batch_id"):
            conn.execute(sa.text(f"ALTER TABLE indicator_result DROP COLUMN {column}"))
        conn.execute(sa.text("ALTER TABLE audit_entry DROP COLUMN areas"))
        conn.execute(schema.schema_info.update().where(schema.schema_info.c.key == "schema_version").values(value="9"))
    store.dispose()
    upgraded = stores.prepared(demo=False, url=url)
    with upgraded.read() as conn:
        assert stored_schema_version(conn) == schema.SCHEMA_VERSION
        kept = conn.execute(sa.select(schema.indicator_result)).one()
    assert (kept.numerator, kept.source, kept.written_by) == (1.0, "old", None)
    from cockpit.people.access import Principal

    writer = Principal("token", 1, "ทดสอบ", None, "national", None, "national", None)
    from cockpit.write.ingest import check_results, write_results

    with upgraded.write() as conn:
        rows = check_results(conn, [_rate(INSIDE, 150)], ["r"])
        assert write_results(conn, rows, writer, "api") == {"inserted": 0, "updated": 1, "unchanged": 0}
    with upgraded.read() as conn:
        replaced = conn.execute(sa.select(schema.indicator_result_revision)).one()
    assert (replaced.numerator, replaced.source, replaced.written_by, replaced.replaced_by) == (
        1.0,
        "old",
        None,
        "token:ทดสอบ",
    )


def test_a_catalogue_import_is_audited_with_what_changed(served):
    store, app = served
    admin = signed_in_client(app, store, "administrator")
    exported = zipfile.ZipFile(io.BytesIO(admin.get("/api/v1/catalogue?format=zip").data))
    changed = io.BytesIO()
    with zipfile.ZipFile(changed, "w") as out:
        for name in exported.namelist():
            text = exported.read(name).decode("utf-8")
            if name.endswith("indicators.csv"):
                text = text.replace("Indicator TC01", "Indicator TC01 renamed")
            out.writestr(name, text)
    sent = admin.post(
        "/api/v1/catalogue",
        data={"file": (io.BytesIO(changed.getvalue()), "catalogue.zip")},
        content_type="multipart/form-data",
    )
    assert sent.status_code == 200, sent.get_json()
    entry = _last(store, "catalogue_import")
    report = sent.get_json()
    assert entry["subject"] == "catalogue.zip" and entry["detail"]["checksum"] == report["checksum"]
    assert entry["detail"]["changes"] == report["changes"]
    assert entry["detail"]["codes"] == {"indicators": {"changed": ["TC01"]}}

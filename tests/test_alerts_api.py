"""The alerts API (/api/v1/alerts, cockpit/web/alerts_api.py) on DuckDB and PostgreSQL: the feed inside the
reader's view scope; rules, recipients, the SMTP server and the delivery log for an administrator, with the retry
of a delivery that gave up; bad input answers 422 naming each field and stores nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import sqlalchemy as sa

from app import create_app
from cockpit.people.tokens import create_token
from cockpit.room import alerts, delivery
from cockpit.store import schema
from cockpit.store.database import utc_now
from cockpit.write import audit
from tests.factories import add_minimal_catalogue
from tests.test_alerts import INSIDE, OUTSIDE, Receiver

PASSWORD = "รหัสผ่าน-ลับ-2569"


@pytest.fixture
def api(stores):
    """A fresh store with the smallest catalogue, the app, and a national and a regional office's token."""
    store = stores.prepared(demo=False)
    with store.write() as conn:
        add_minimal_catalogue(conn)
        national = create_token(conn, "กระทรวง", "national")
        regional = create_token(conn, "ศธภ.8", "region:REO08")
    client = create_app(store).server.test_client()
    return store, client, {"Authorization": f"Bearer {national}"}, {"Authorization": f"Bearer {regional}"}


@pytest.fixture
def hook():
    receiver = Receiver(failures=100)
    yield receiver
    receiver.close()


def _count(store, table) -> int:
    with store.read() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar()


def test_rules_are_added_listed_and_turned_off_by_an_administrator(api):
    store, client, national, regional = api
    made = client.post("/api/v1/alerts/rules", json={"kind": "status_enters", "level": "red"}, headers=national)
    assert made.status_code == 201, made.get_json()
    rule = made.get_json()
    assert (rule["kind"], rule["level"], rule["enabled"], rule["created_by"]) == (
        "status_enters",
        "red",
        True,
        "token:กระทรวง",
    )
    assert [r["id"] for r in client.get("/api/v1/alerts/rules", headers=national).get_json()] == [rule["id"]]

    off = client.patch(f"/api/v1/alerts/rules/{rule['id']}", json={"enabled": False}, headers=national)
    assert off.status_code == 200 and off.get_json()["enabled"] is False
    assert client.patch("/api/v1/alerts/rules/9999", json={"enabled": True}, headers=national).status_code == 404
    assert client.patch("/api/v1/alerts/rules/abc", json={"enabled": True}, headers=national).status_code == 404
    with store.read() as conn:
        assert [e["action"] for e in audit.entries(conn, action="alert_rule")] == ["alert_rule_off", "alert_rule_add"]

    refused = client.post("/api/v1/alerts/rules", json={"kind": "crisis_reported"}, headers=regional)
    assert refused.status_code == 403
    assert client.get("/api/v1/alerts/rules", headers=regional).status_code == 403
    assert _count(store, schema.alert_rule) == 1


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"kind": "status_enters", "level": "purple", "indicator_code": "NOPE"}, {"level"}),
        ({"kind": "status_enters", "level": "red", "indicator_code": "NOPE"}, {"indicator_code"}),
        ({"kind": "crisis_stale"}, {"hours"}),
        ({"kind": "crisis_stale", "hours": 0}, {"hours"}),
        ({"kind": "crisis_escalated", "severity": "3"}, {"severity"}),
        ({"kind": "crisis_reported", "area_code": "REO99"}, {"area_code"}),
        ({"kind": "crisis_reported", "colour": "red"}, {"colour"}),
        ({"kind": "whenever"}, {"kind"}),
        ([], {"body"}),
    ],
)
def test_a_bad_rule_names_each_field_and_stores_nothing(api, body, fields):
    store, client, national, _ = api
    answer = client.post("/api/v1/alerts/rules", json=body, headers=national)
    assert answer.status_code == 422, answer.get_json()
    assert set(answer.get_json()["fields"]) == fields
    assert _count(store, schema.alert_rule) == 0


def test_recipients_refuse_a_bad_address_and_area_and_take_a_good_one(api):
    store, client, national, _ = api
    bad = client.post(
        "/api/v1/alerts/recipients",
        json={"kind": "webhook", "address": "ftp://hooks.example.org/x", "area_code": "REO99"},
        headers=national,
    )
    assert bad.status_code == 422
    assert set(bad.get_json()["fields"]) == {"address", "area_code"}
    assert "http://" in bad.get_json()["fields"]["address"]
    bad = client.post("/api/v1/alerts/recipients", json={"kind": "email", "address": "a@b"}, headers=national)
    assert bad.status_code == 422 and set(bad.get_json()["fields"]) == {"address"}
    assert client.post("/api/v1/alerts/recipients", data="kind=email", headers=national).status_code == 422
    assert _count(store, schema.alert_recipient) == 0

    made = client.post(
        "/api/v1/alerts/recipients",
        json={"kind": "email", "address": "reo8@moe.go.th", "area_code": "REO08"},
        headers=national,
    )
    assert made.status_code == 201
    recipient = made.get_json()
    not_a_flag = client.patch(f"/api/v1/alerts/recipients/{recipient['id']}", json={"enabled": "no"}, headers=national)
    assert not_a_flag.status_code == 422 and set(not_a_flag.get_json()["fields"]) == {"enabled"}
    off = client.patch(f"/api/v1/alerts/recipients/{recipient['id']}", json={"enabled": False}, headers=national)
    assert off.status_code == 200 and off.get_json()["enabled"] is False
    listed = client.get("/api/v1/alerts/recipients", headers=national).get_json()
    assert [(r["address"], r["area_code"], r["enabled"]) for r in listed] == [("reo8@moe.go.th", "REO08", False)]


def _fire(store, province: str) -> None:
    """An alert about a province, as the rules' evaluation fires one (a red province, here written directly)."""
    with store.write() as conn:
        rule_id = conn.execute(sa.select(sa.func.min(schema.alert_rule.c.id))).scalar()
        if rule_id is None:
            rule_id = alerts.add_rule(conn, "status_enters", "user:admin", level="red")
        alert = {"rule_id": rule_id, "condition_key": f"status:TR01:{province}:2568", "level": "red",
                 "subject_kind": "indicator", "subject_code": f"/province/{province}", "provinces": {province},
                 "message_th": f"{province} สีแดง", "message_en": f"{province} red"}  # fmt: skip
        alerts.fire(conn, f"{rule_id}|{alert['condition_key']}", alert | {"key": alert["condition_key"]}, utc_now())


def test_the_feed_holds_what_the_readers_scope_covers(api):
    store, client, national, regional = api
    _fire(store, OUTSIDE)
    _fire(store, INSIDE)
    everything = client.get("/api/v1/alerts", headers=national).get_json()
    assert [a["provinces"] for a in everything] == [[INSIDE], [OUTSIDE]], "newest first"
    assert everything[0]["holds"] is True and everything[0]["message_en"] == f"{INSIDE} red"
    assert "open_key" not in everything[0] and "areas" not in everything[0]
    theirs = client.get("/api/v1/alerts", headers=regional).get_json()
    assert [a["provinces"] for a in theirs] == [[INSIDE]]
    assert len(client.get("/api/v1/alerts?limit=1", headers=national).get_json()) == 1
    assert client.get("/api/v1/alerts?holds=false", headers=national).get_json() == []
    bad = client.get("/api/v1/alerts?limit=0&holds=maybe", headers=national)
    assert bad.status_code == 422 and set(bad.get_json()["fields"]) == {"limit", "holds"}
    assert client.get("/api/v1/alerts").status_code == 401


def test_a_delivery_that_gave_up_is_retried_through_the_api(api, hook, monkeypatch):
    store, client, national, regional = api
    monkeypatch.setattr(delivery, "MAX_ATTEMPTS", 2)
    with store.write() as conn:
        alerts.add_recipient(conn, "webhook", hook.url, "user:admin")
    _fire(store, INSIDE)
    delivery.deliver_due(store)
    delivery.deliver_due(store, utc_now() + dt.timedelta(hours=1))
    gave_up = client.get("/api/v1/alerts/deliveries?status=gave_up", headers=national).get_json()
    assert [(d["attempt"], d["retryable"], d["address"]) for d in gave_up] == [(2, True, hook.url)]
    assert "HTTP 500" in gave_up[0]["error"]
    assert client.post(f"/api/v1/alerts/deliveries/{gave_up[0]['id']}/retry", headers=regional).status_code == 403

    again = client.post(f"/api/v1/alerts/deliveries/{gave_up[0]['id']}/retry", headers=national)
    assert again.status_code == 201, again.get_json()
    assert (again.get_json()["attempt"], again.get_json()["status"]) == (3, "due")
    twice = client.post(f"/api/v1/alerts/deliveries/{gave_up[0]['id']}/retry", headers=national)
    assert twice.status_code == 409 and "already" in twice.get_json()["error"]
    first = client.get("/api/v1/alerts/deliveries", headers=national).get_json()[-1]
    assert client.post(f"/api/v1/alerts/deliveries/{first['id']}/retry", headers=national).status_code == 409
    assert client.post("/api/v1/alerts/deliveries/99999/retry", headers=national).status_code == 404
    assert client.post("/api/v1/alerts/deliveries/-1/retry", headers=national).status_code == 404
    bad = client.get("/api/v1/alerts/deliveries?status=lost&limit=x", headers=national)
    assert bad.status_code == 422 and set(bad.get_json()["fields"]) == {"status", "limit"}

    delivery.deliver_due(store)
    assert hook.requests == 3
    with store.read() as conn:
        entries = audit.entries(conn, action="alert_delivery_retry")
    assert [(e["actor"], e["outcome"]) for e in entries] == [("token:กระทรวง", "ok"), ("token:ศธภ.8", "refused")]


def test_the_smtp_password_goes_in_and_never_comes_out(api):
    store, client, national, regional = api
    settings = {"host": "mail.moe.go.th", "port": 587, "sender": "cockpit@moe.go.th", "security": "starttls",
                "username": "cockpit", "password": PASSWORD}  # fmt: skip
    saved = client.put("/api/v1/alerts/smtp", json=settings, headers=national)
    assert saved.status_code == 200
    assert saved.get_json() == {"host": "mail.moe.go.th", "port": 587, "sender": "cockpit@moe.go.th",
                                "username": "cockpit", "security": "starttls", "password_set": True}  # fmt: skip
    shown = client.get("/api/v1/alerts/smtp", headers=national)
    assert shown.get_json()["password_set"] is True and PASSWORD not in shown.get_data(as_text=True)
    kept = {k: v for k, v in settings.items() if k != "password"} | {"port": 2525}
    assert client.put("/api/v1/alerts/smtp", json=kept, headers=national).status_code == 200
    with store.read() as conn:
        assert alerts.smtp_settings(conn)["password"] == PASSWORD and alerts.smtp_settings(conn)["port"] == 2525
        trail = json.dumps(audit.entries(conn), default=str, ensure_ascii=False)
    assert PASSWORD not in trail and "alert_smtp_change" in trail

    bad = client.put(
        "/api/v1/alerts/smtp",
        json={"host": "mail moe", "port": 587, "sender": "nobody", "security": "starttls"},
        headers=national,
    )
    assert bad.status_code == 422 and set(bad.get_json()["fields"]) == {"host", "sender"}
    bad = client.put("/api/v1/alerts/smtp", json={"host": "mail.moe.go.th", "port": 0, "security": "tls"},
                     headers=national)  # fmt: skip
    assert bad.status_code == 422 and set(bad.get_json()["fields"]) == {"port", "security"}
    with store.read() as conn:
        assert alerts.smtp_settings(conn)["host"] == "mail.moe.go.th" and alerts.smtp_settings(conn)["port"] == 2525
    assert client.put("/api/v1/alerts/smtp", json=settings, headers=regional).status_code == 403
    assert client.get("/api/v1/alerts/smtp", headers=regional).status_code == 403


def test_the_openapi_document_describes_the_alerts_api(api):
    _, client, _, _ = api
    spec = client.get("/api/v1/openapi.json").get_json()
    for path, methods in {
        "/api/v1/alerts": {"get"},
        "/api/v1/alerts/rules": {"get", "post"},
        "/api/v1/alerts/rules/{id}": {"patch"},
        "/api/v1/alerts/recipients": {"get", "post"},
        "/api/v1/alerts/recipients/{id}": {"patch"},
        "/api/v1/alerts/smtp": {"get", "put"},
        "/api/v1/alerts/deliveries": {"get"},
        "/api/v1/alerts/deliveries/{id}/retry": {"post"},
    }.items():
        assert set(spec["paths"][path]) == methods, path
    rule = spec["components"]["schemas"]["AlertRuleRequest"]
    assert rule["properties"]["kind"]["enum"] == list(alerts.KINDS) and rule["additionalProperties"] is False
    assert (
        "password"
        not in spec["paths"]["/api/v1/alerts/smtp"]["get"]["responses"]["200"]["content"]["application/json"]["schema"][
            "properties"
        ]
    )

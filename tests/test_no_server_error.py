"""No input answers 500, on each store: what a hostile or careless client sends is a 4xx naming the field,
and the store is left as it was. Also: the same Idempotency-Key with another body is refused, not replayed."""

import io

import pytest
import sqlalchemy as sa

from cockpit.store import schema
from cockpit.store.migrations import add_request_fingerprints

CRISIS = {
    "type": "flood",
    "severity": 2,
    "title": "น้ำท่วมโรงเรียน อ.เมือง",
    "provinces": ["TH-50"],
    "occurred_at": "2025-10-01T08:00:00+07:00",
    "schools_affected": 12,
    "schools_closed": 4,
    "students_affected": 1800,
}


def auth(token, **headers):
    return {"Authorization": f"Bearer {token}"} | headers


def crisis_rows(store):
    e, log = schema.crisis_event, schema.crisis_status_log
    with store.read() as conn:
        return (
            conn.execute(sa.select(e).order_by(e.c.id)).all(),
            conn.execute(sa.select(sa.func.count()).select_from(log)).scalar(),
        )


@pytest.fixture
def crisis(api):
    store, tokens, client = api
    created = client.post("/api/v1/crises", json=CRISIS, headers=auth(tokens["national"]))
    assert created.status_code == 201
    return created.get_json()["id"]


@pytest.mark.parametrize("field", ["severity", "title", "status"])
def test_patch_cannot_clear_what_every_crisis_has(api, crisis, field):
    store, tokens, client = api
    before = crisis_rows(store)
    response = client.patch(f"/api/v1/crises/{crisis}", json={field: None}, headers=auth(tokens["national"]))
    assert response.status_code == 422
    assert set(response.get_json()["fields"]) == {field}
    assert crisis_rows(store) == before
    cleared = client.patch(
        f"/api/v1/crises/{crisis}", json={"students_affected": None}, headers=auth(tokens["national"])
    )
    assert cleared.status_code == 200, "an impact may be cleared"
    assert client.get(f"/api/v1/crises/{crisis}").get_json()["students_affected"] is None


def test_counts_beyond_any_real_one_are_refused_on_post_and_patch(api, crisis):
    store, tokens, client = api
    before = crisis_rows(store)
    huge = {"students_affected": 99999999999}
    posted = client.post("/api/v1/crises", json=CRISIS | huge, headers=auth(tokens["national"]))
    patched = client.patch(f"/api/v1/crises/{crisis}", json=huge, headers=auth(tokens["national"]))
    for response in (posted, patched):
        assert response.status_code == 422
        assert response.get_json()["fields"] == {"students_affected": "must be ≤ 100000000, got 99999999999"}
    money = client.patch(f"/api/v1/crises/{crisis}", json={"damage_thb": 1e308}, headers=auth(tokens["national"]))
    assert money.status_code == 422 and set(money.get_json()["fields"]) == {"damage_thb"}
    assert crisis_rows(store) == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (CRISIS | {"title": "ท่วม\x00"}, "title"),
        (CRISIS | {"title": "ท่วม\ud800"}, "title"),
        (CRISIS | {"reporter": "x" * 201}, "reporter"),
        (CRISIS | {"service_areas": ["P" * 33]}, "service_areas[0]"),
        (CRISIS | {"severity": True}, "severity"),
        (CRISIS | {"severity": "2"}, "severity"),
        (CRISIS | {"occurred_at": "9999-12-31T23:59:59-12:00"}, "occurred_at"),
        (CRISIS | {"occurred_at": "0001-01-01T00:00:00+14:00"}, "occurred_at"),
        (CRISIS | {"damage_thb": -1}, "damage_thb"),
    ],
    ids=["nul", "surrogate", "long reporter", "long code", "bool", "string", "year 9999", "year 1", "negative"],
)
def test_a_crisis_report_the_store_cannot_keep_is_refused(api, body, field):
    store, tokens, client = api
    before = crisis_rows(store)
    response = client.post("/api/v1/crises", json=body, headers=auth(tokens["national"]))
    assert response.status_code == 422, response.get_data(as_text=True)
    assert field in response.get_json()["fields"]
    assert crisis_rows(store) == before


def test_odd_requests_answer_4xx(api, crisis):
    store, tokens, client = api
    national = auth(tokens["national"])
    before = crisis_rows(store)
    assert client.patch("/api/v1/crises/99999999999", json={"severity": 3}, headers=national).status_code == 404
    assert client.get("/api/v1/crises/99999999999").status_code == 404
    for query in ("province=TH%00", "region=%00", "status=reported,%00"):
        response = client.get(f"/api/v1/crises?{query}")
        assert response.status_code == 422, query
    for query in ("fy=99999999999", "fy=--5", "fy=๒๕๖๘", "fy=2568&period=13", "indicator=JI01%00"):
        response = client.get(f"/api/v1/results?indicator=JI01&{query}")
        assert response.status_code == 422, query
    assert client.get("/api/v1/chain?fy=1" + "0" * 5000).status_code == 422
    assert client.get("/api/v1/regions?scheme=%00").status_code == 422
    key = auth(tokens["national"], **{"Idempotency-Key": "สวัสดี"})
    assert client.post("/api/v1/crises", json=CRISIS, headers=key).status_code == 422
    deck = client.post("/api/v1/deck", json={"show": "/crisis/99999999999"}, headers=national)
    assert deck.status_code == 422 and set(deck.get_json()["fields"]) == {"show"}
    assert client.post("/api/v1/deck", json={}, headers=national).status_code == 422
    assert client.post("/api/v1/deck", json={"paused": None}, headers=national).status_code == 422
    token = client.post("/api/v1/tokens", json={"name": "x" * 201, "scope": "national"}, headers=national)
    assert token.status_code == 422 and set(token.get_json()["fields"]) == {"name"}
    assert client.post("/api/v1/tokens", json={"name": "  ", "scope": "national"}, headers=national).status_code == 422
    not_json = client.post("/api/v1/crises", data=b"{", content_type="application/json", headers=national)
    assert not_json.status_code == 422
    listed = client.post("/api/v1/results", json={"results": [1, None, "x"]}, headers=national)
    assert listed.status_code == 422 and len(listed.get_json()["fields"]) == 3
    assert crisis_rows(store) == before


def test_the_same_idempotency_key_with_another_body_is_refused(api):
    store, tokens, client = api
    headers = auth(tokens["national"], **{"Idempotency-Key": "flood-cm-2025-10-01"})
    first = client.post("/api/v1/crises", json=CRISIS, headers=headers)
    assert first.status_code == 201
    before = crisis_rows(store)
    reordered = dict(reversed(list(CRISIS.items())))
    again = client.post("/api/v1/crises", json=reordered, headers=headers)
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true", "the same body, reordered"
    other = client.post("/api/v1/crises", json=CRISIS | {"students_affected": 1900}, headers=headers)
    assert other.status_code == 422
    reason = other.get_json()["fields"]["Idempotency-Key"]
    assert "different body" in reason and "new key" in reason
    assert crisis_rows(store) == before


def test_a_repeated_file_import_is_replayed_and_another_file_refused(api):
    store, tokens, client = api
    headers = auth(tokens["national"], **{"Idempotency-Key": "upload-ji29-2571"})

    def send(text):
        data = {"file": (io.BytesIO(text.encode()), "ji29.csv")}
        return client.post("/api/v1/import", headers=headers, data=data, content_type="multipart/form-data")

    first = send("indicator,area,fiscal_year_be,value\nJI29,TH-50,2571,7\n")
    assert first.status_code == 200 and first.get_json()["inserted"] == 1
    again = send("indicator,area,fiscal_year_be,value\nJI29,TH-50,2571,7\n")
    assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
    other = send("indicator,area,fiscal_year_be,value\nJI29,TH-50,2571,8\n")
    assert other.status_code == 422 and "different body" in other.get_json()["fields"]["Idempotency-Key"]
    rows = client.get("/api/v1/results?indicator=JI29&level=province&fy=2571").get_json()
    assert next(a for a in rows if a["area"] == "TH-50")["value"] == 7


def test_keys_stored_before_fingerprints_still_replay(api):
    """A request stored by release 5 has no fingerprint: its repeat is replayed as before, whatever the body."""
    store, tokens, client = api
    headers = auth(tokens["national"], **{"Idempotency-Key": "before-v6"})
    first = client.post("/api/v1/crises", json=CRISIS, headers=headers)
    table = schema.idempotent_request
    with store.write(bump_version=False) as conn:
        conn.execute(table.update().where(table.c.key == "before-v6").values(request_sha256=None))
        add_request_fingerprints(conn)  # the upgrade step leaves a store that has the column as it is
    again = client.post("/api/v1/crises", json=CRISIS | {"title": "อื่น"}, headers=headers)
    assert again.status_code == 201 and again.get_json() == first.get_json()

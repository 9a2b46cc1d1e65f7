"""The reporting API on each store: auth, validation, lifecycle, idempotency, whole-or-nothing writes, import."""

import io

import pytest
import sqlalchemy as sa

from cockpit.store import schema

CRISIS = {
    "type": "flood",
    "severity": 2,
    "title": "น้ำท่วมโรงเรียน อ.เมือง",
    "provinces": ["TH-50"],
    "occurred_at": "2025-10-01T08:00:00+07:00",
    "schools_affected": 12,
    "schools_closed": 4,
    "students_affected": 1800,
    "learning_mode": "on-hand",
}


def auth(token):
    return {"Authorization": f"Bearer {token}"}


def count(store, table) -> int:
    with store.read() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar()


def test_writes_need_a_token(api):
    store, tokens, client = api
    assert client.post("/api/v1/crises", json=CRISIS).status_code == 401
    response = client.post("/api/v1/crises", json=CRISIS, headers=auth("ckp_not-a-real-token"))
    assert response.status_code == 401
    assert "Bearer" in response.headers["WWW-Authenticate"]
    assert client.post("/api/v1/results", json={"results": []}).status_code == 401


def test_a_token_cannot_write_outside_its_scope(api):
    store, tokens, client = api
    elsewhere = CRISIS | {"provinces": ["TH-10"]}
    before = count(store, schema.crisis_event)
    response = client.post("/api/v1/crises", json=elsewhere, headers=auth(tokens["chiang_mai"]))
    assert response.status_code == 403 and "TH-10" in response.get_json()["error"]
    result = {"indicator": "JI24", "area": "TH-10", "fiscal_year_be": 2568, "numerator": 1, "denominator": 10}
    assert (
        client.post("/api/v1/results", json={"results": [result]}, headers=auth(tokens["chiang_mai"])).status_code
        == 403
    )
    assert count(store, schema.crisis_event) == before
    assert client.post("/api/v1/crises", json=CRISIS, headers=auth(tokens["chiang_mai"])).status_code == 201


def test_invalid_report_names_every_bad_field(api):
    store, tokens, client = api
    bad = {
        "type": "meteor",
        "severity": 7,
        "title": "",
        "provinces": ["TH-50", "TH-99"],
        "colour": "red",
        "schools_affected": 2,
        "schools_closed": 5,
    }
    response = client.post("/api/v1/crises", json=bad, headers=auth(tokens["national"]))
    assert response.status_code == 422
    fields = response.get_json()["fields"]
    assert {"type", "severity", "title", "occurred_at", "colour"} <= set(fields)
    unknown = client.post(
        "/api/v1/crises", json=CRISIS | {"provinces": ["TH-50", "TH-99"]}, headers=auth(tokens["national"])
    )
    assert unknown.status_code == 422 and "provinces[1]" in unknown.get_json()["fields"]
    closed_over = client.post("/api/v1/crises", json=CRISIS | {"schools_closed": 50}, headers=auth(tokens["national"]))
    assert closed_over.status_code == 422 and "schools_closed" in str(closed_over.get_json()["fields"])


def test_the_lifecycle_is_enforced_and_every_change_logged(api):
    store, tokens, client = api
    created = client.post("/api/v1/crises", json=CRISIS, headers=auth(tokens["national"]))
    assert created.status_code == 201
    crisis_id = created.get_json()["id"]
    patch = lambda body: client.patch(f"/api/v1/crises/{crisis_id}", json=body, headers=auth(tokens["national"]))  # noqa: E731
    assert patch({"status": "active"}).status_code == 409
    assert patch({"status": "verified"}).status_code == 200
    assert patch({"status": "active", "severity": 3, "schools_closed": 9}).status_code == 200
    assert patch({"status": "recovering"}).status_code == 200
    assert patch({"status": "closed", "note": "เปิดเรียนครบทุกโรง"}).status_code == 200
    final = patch({"status": "active"})
    assert final.status_code == 409 and "final" in final.get_json()["error"]
    event = client.get(f"/api/v1/crises/{crisis_id}").get_json()
    assert event["status"] == "closed" and event["severity"] == 3 and event["schools_closed"] == 9
    steps = [(e["from_status"], e["to_status"]) for e in event["log"]]
    assert steps == [
        (None, "reported"),
        ("reported", "verified"),
        ("verified", "active"),
        ("active", "recovering"),
        ("recovering", "closed"),
    ]
    assert all(e["changed_by"] == "กระทรวง (ทดสอบ)" and e["changed_at"] for e in event["log"])
    assert "severity: 2 → 3" in event["log"][2]["note"] and "schools_closed: 4 → 9" in event["log"][2]["note"]
    assert event["log"][-1]["note"] == "เปิดเรียนครบทุกโรง"
    assert patch({"status": "bogus"}).status_code == 422
    assert (
        client.patch("/api/v1/crises/999999", json={"status": "verified"}, headers=auth(tokens["national"])).status_code
        == 404
    )


def test_a_repeated_idempotency_key_creates_one_record(api):
    store, tokens, client = api
    headers = auth(tokens["national"]) | {"Idempotency-Key": "report-2025-10-01-cm-1"}
    before = count(store, schema.crisis_event)
    first = client.post("/api/v1/crises", json=CRISIS, headers=headers)
    version = store.data_version()
    again = client.post("/api/v1/crises", json=CRISIS, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.get_json() == again.get_json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert count(store, schema.crisis_event) == before + 1
    assert store.data_version() == version, "a replay writes nothing, so screens are not told to refresh"
    reused = client.patch(f"/api/v1/crises/{first.get_json()['id']}", json={"status": "verified"}, headers=headers)
    assert reused.status_code == 422 and "Idempotency-Key" in reused.get_json()["fields"]


def _results(store, where=None):
    r = schema.indicator_result
    with store.read() as conn:
        query = sa.select(
            r.c.indicator_code,
            r.c.province_code,
            r.c.fiscal_year_be,
            r.c.period_no,
            r.c.numerator,
            r.c.denominator,
            r.c.value,
        ).order_by(*r.primary_key)
        return [tuple(row) for row in conn.execute(query)]


def test_a_batch_with_one_bad_result_writes_nothing(api):
    store, tokens, client = api
    before, version = _results(store), store.data_version()
    batch = [
        {
            "indicator": "JI24",
            "area": "TH-50",
            "fiscal_year_be": 2569,
            "period_no": 1,
            "numerator": 30,
            "denominator": 1000,
        },
        {"indicator": "JI12", "area": "เชียงราย", "fiscal_year_be": 2569, "period_no": 1, "value": 120},
        {"indicator": "JI24", "area": "TH-51", "fiscal_year_be": 2569, "period_no": 1, "value": 3.0},
    ]
    response = client.post("/api/v1/results", json={"results": batch}, headers=auth(tokens["national"]))
    assert response.status_code == 422
    assert set(response.get_json()["fields"]) == {"results[2].numerator"}
    assert _results(store) == before and store.data_version() == version
    good = client.post("/api/v1/results", json={"results": batch[:2]}, headers=auth(tokens["national"]))
    assert good.status_code == 200 and good.get_json() == {"inserted": 2, "updated": 0, "unchanged": 0}
    assert store.data_version() == version + 1
    api_value = client.get("/api/v1/results?indicator=JI24&level=province&fy=2569").get_json()
    assert next(a for a in api_value if a["area"] == "TH-50")["value"] == pytest.approx(3.0)


def test_result_rules_name_the_field(api):
    store, tokens, client = api
    batch = [
        {"indicator": "NOPE", "area": "TH-50", "fiscal_year_be": 2568, "value": 1},
        {"indicator": "JI01", "area": "Atlantis", "fiscal_year_be": 2568, "numerator": 1, "denominator": 2},
        {
            "indicator": "JI01",
            "area": "TH-50",
            "fiscal_year_be": 2568,
            "period_no": 3,
            "numerator": 1,
            "denominator": 2,
        },
        {"indicator": "JI05", "area": "TH-50", "fiscal_year_be": 2568, "numerator": 50, "denominator": 1, "value": 51},
        {"indicator": "JI24", "area": "TH-50", "fiscal_year_be": "next", "numerator": 1, "denominator": 10},
    ]
    fields = client.post("/api/v1/results", json={"results": batch}, headers=auth(tokens["national"])).get_json()[
        "fields"
    ]
    assert set(fields) == {
        "results[0].indicator",
        "results[1].area",
        "results[2].period_no",
        "results[3].value",
        "results[4].fiscal_year_be",
    }


def _export(client, indicator="JI24", fiscal_year=2568):
    response = client.get(f"/api/v1/results?indicator={indicator}&level=province&fy={fiscal_year}&format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return response.data


def _import(client, token, data: bytes, name: str):
    return client.post(
        "/api/v1/import",
        headers=auth(token),
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_export_then_import_changes_nothing(api):
    store, tokens, client = api
    exported = _export(client)
    before, version = _results(store), store.data_version()
    report = _import(client, tokens["national"], exported, "JI24.csv")
    assert report.status_code == 200, report.get_json()
    body = report.get_json()
    assert body["inserted"] == body["updated"] == 0 and body["unchanged"] > 60
    assert _results(store) == before and store.data_version() == version


def test_an_import_whose_last_row_is_bad_writes_nothing(api):
    store, tokens, client = api
    lines = _export(client, "JI01").decode().splitlines()
    changed = [line.replace(",2568,", ",2569,") for line in lines]
    header = lines[0].split(",")
    cells = dict.fromkeys(header, "") | {
        "indicator": "JI01",
        "area": "TH-50",
        "fiscal_year_be": "2569",
        "period_no": "1",
        "numerator": "not-a-number",
        "denominator": "100",
    }
    bad_last = changed + [",".join(cells[h] for h in header)]
    before = _results(store)
    report = _import(client, tokens["national"], "\n".join(bad_last).encode(), "JI01.csv")
    assert report.status_code == 422
    fields = report.get_json()["fields"]
    assert list(fields) == [f"line {len(bad_last)}.numerator"]
    assert _results(store) == before
    written = _import(client, tokens["national"], "\n".join(changed).encode(), "JI01.csv")
    assert written.status_code == 200 and written.get_json()["inserted"] > 60


def test_excel_with_thai_province_names(api):
    from openpyxl import Workbook

    store, tokens, client = api
    book = Workbook()
    sheet = book.active
    sheet.append(["ตัวชี้วัด", "จังหวัด", "ปีงบประมาณ", "งวด", "ค่า"])
    sheet.append(["JI29", "เชียงใหม่", 2570, 1, 14])
    sheet.append(["JI29", "จ.ลำพูน", 2570, 1, 3])
    data = io.BytesIO()
    book.save(data)
    report = _import(client, tokens["national"], data.getvalue(), "merged-schools.xlsx")
    assert report.status_code == 200, report.get_json()
    assert report.get_json()["inserted"] == 2
    rows = client.get("/api/v1/results?indicator=JI29&level=province&fy=2570").get_json()
    assert {a["area"]: a["value"] for a in rows if a["value"] is not None} == {"TH-50": 14, "TH-51": 3}


def test_a_file_that_is_not_a_table_is_refused(api):
    store, tokens, client = api
    report = _import(client, tokens["national"], b"\x00\x01binary", "results.pdf")
    assert report.status_code == 422 and "file" in report.get_json()["fields"]
    report = _import(client, tokens["national"], b"foo,bar\n1,2\n", "results.csv")
    assert (
        report.status_code == 422
        and "lacks the column(s) indicator, area, fiscal_year_be" in report.get_json()["fields"]["file"]
    )


def test_crises_list_filters(api):
    store, tokens, client = api
    open_only = client.get("/api/v1/crises?status=reported,verified,active,recovering").get_json()
    assert open_only and all(e["status"] in ("reported", "verified", "active", "recovering") for e in open_only)
    in_province = client.get("/api/v1/crises?province=TH-96").get_json()
    assert in_province and all("TH-96" in e["provinces"] for e in in_province)
    region = client.get("/api/v1/crises?region=REO08").get_json()
    regions = {r["code"]: r for r in client.get("/api/v1/regions").get_json()}
    assert all(set(e["provinces"]) & set(regions["REO08"]["provinces"]) for e in region)
    assert client.get("/api/v1/crises?status=lost").status_code == 422


def test_openapi_documents_the_writes(api):
    _, _, client = api
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.1")
    assert {"post", "get"} <= set(spec["paths"]["/api/v1/crises"])
    assert "patch" in spec["paths"]["/api/v1/crises/{id}"]
    assert "CrisisReport" in spec["components"]["schemas"]


def test_a_national_token_creates_scoped_tokens_while_the_app_runs(api):
    store, tokens, client = api
    body = {"name": "ศธจ.ลำปาง", "scope": "province:TH-52"}
    assert client.post("/api/v1/tokens", json=body).status_code == 401
    assert client.post("/api/v1/tokens", json=body, headers=auth(tokens["reo"])).status_code == 403
    bad = client.post("/api/v1/tokens", json={"name": "", "scope": "province:TH-99"}, headers=auth(tokens["national"]))
    assert bad.status_code == 422 and set(bad.get_json()["fields"]) == {"name"}
    unknown = client.post(
        "/api/v1/tokens", json={"name": "x", "scope": "province:TH-99"}, headers=auth(tokens["national"])
    )
    assert unknown.status_code == 422 and "unknown province" in unknown.get_json()["fields"]["scope"]
    version = store.data_version()
    made = client.post("/api/v1/tokens", json=body, headers=auth(tokens["national"]))
    assert made.status_code == 201 and made.get_json()["scope"] == "province:TH-52"
    assert store.data_version() == version, "a token changes no figure, so screens are not told to refresh"
    lampang = made.get_json()["token"]
    with store.read() as conn:
        stored = conn.execute(
            sa.select(schema.api_token.c.token_hash).where(schema.api_token.c.name == "ศธจ.ลำปาง")
        ).scalar()
    assert stored and lampang not in stored, "only the hash is kept"
    inside = CRISIS | {"provinces": ["TH-52"]}
    assert client.post("/api/v1/crises", json=inside, headers=auth(lampang)).status_code == 201
    assert client.post("/api/v1/crises", json=CRISIS, headers=auth(lampang)).status_code == 403

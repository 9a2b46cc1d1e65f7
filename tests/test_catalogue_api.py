"""The catalogue over HTTP, on both stores: read as JSON or files, import with a national token (dry run first),
422 naming every problem, 401 without a token, 403 for an office's token."""

from __future__ import annotations

import io

import sqlalchemy as sa

from app import create_app
from cockpit import config
from cockpit.catalogue import files
from cockpit.people.tokens import create_token
from cockpit.store import schema
from tests.signin import Reading

STARTER = config.DATA_DIR / "catalogues" / "starter"


def _post(client, token: str | None, data: bytes, name: str, dry_run: bool = False):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post(
        "/api/v1/catalogue",
        data={"file": (io.BytesIO(data), name), "dry_run": "1" if dry_run else "0"},
        headers=headers,
        content_type="multipart/form-data",
    )


def _indicators(store) -> int:
    with store.read() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(schema.indicator)).scalar_one()


def test_a_catalogue_goes_in_through_the_api_with_a_dry_run_first(empty_store):
    client = create_app(empty_store).server.test_client()
    with empty_store.write(bump_version=False) as conn:
        national = create_token(conn, "ผู้ดูแล (ทดสอบ)", "national")
        office = create_token(conn, "ศธภ.8 (ทดสอบ)", "region:REO08")
    client = Reading(client, national)
    data = files.folder_as_zip(STARTER)
    assert _post(client, None, data, "starter.zip").status_code == 401
    assert _post(client, office, data, "starter.zip").status_code == 403
    dry = _post(client, national, data, "starter.zip", dry_run=True)
    assert dry.status_code == 200 and dry.get_json()["dry_run"] is True
    assert dry.get_json()["changes"]["indicators"]["added"] == 18
    assert _indicators(empty_store) == 0
    done = _post(client, national, data, "starter.zip")
    assert done.status_code == 200 and done.get_json()["dry_run"] is False
    assert _indicators(empty_store) == 18
    body = client.get("/api/v1/catalogue").get_json()
    assert body["about"]["kind"] == "starter"
    assert len(body["sheets"]["indicators"]) == 18
    assert body["history"][0]["imported_by"] == "token:ผู้ดูแล (ทดสอบ)"
    workbook = client.get("/api/v1/catalogue?format=xlsx")
    assert workbook.status_code == 200
    from_book = files.read_bytes(workbook.data, "c.xlsx")
    assert from_book.problems == [] and len(from_book.rows["indicators"]) == 18
    assert "indicators:" in client.get("/api/v1/catalogue/columns").get_data(as_text=True)


def test_a_bad_file_is_422_with_every_problem_and_nothing_written(empty_store):
    client = create_app(empty_store).server.test_client()
    with empty_store.write(bump_version=False) as conn:
        national = create_token(conn, "ผู้ดูแล (ทดสอบ)", "national")
    client = Reading(client, national)
    answer = _post(client, national, b"not a workbook", "catalogue.xlsx")
    assert answer.status_code == 422
    problems = answer.get_json()["problems"]
    assert len(problems) == 1 and "not a readable Excel workbook" in problems[0]["en"] and problems[0]["th"]
    assert _indicators(empty_store) == 0
    assert client.get("/api/v1/catalogue?format=pdf").status_code == 422

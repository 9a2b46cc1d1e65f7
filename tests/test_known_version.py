"""The version check costs no query: the data version is kept in memory (cockpit/store/known_version.py), moved by
this process's writes, and on PostgreSQL by other processes' writes through LISTEN/NOTIFY, with a periodic read in
case a notification was missed. Real DuckDB and PostgreSQL stores; real gunicorn workers."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager

import pytest
import requests
import sqlalchemy as sa

from cockpit import config
from cockpit.people import devices
from cockpit.people.tokens import create_token
from cockpit.store import known_version, schema
from cockpit.store.database import open_store
from cockpit.web import gate
from tests.conftest import BACKENDS, StoreFactory
from tests.signin import signed_in_client

GUNICORN = [sys.executable, "-m", "gunicorn", "-w", "3", "--threads", "2"]


@contextmanager
def statements(store):
    """The SQL statements the store's engine runs inside the block."""
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    sa.event.listen(store.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", count)


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_version_check_issues_no_statement(backend, small_served):
    store, app = small_served(backend)
    client = signed_in_client(app, store)
    first = client.get("/api/v1/version").get_json()["version"]  # the first check of a session may read
    with statements(store) as seen:
        answers = [client.get("/api/v1/version") for _ in range(20)]
    assert [a.status_code for a in answers] == [200] * 20
    assert {a.get_json()["version"] for a in answers} == {first}
    assert seen == [], f"the version check ran {len(seen)} statements: {seen[:3]}"

    with store.write():  # a write in this process: known at once, without asking the store
        pass
    with statements(store) as seen:
        assert store.known_version() == first + 1 == store.data_version()
    assert len(seen) == 1, "only data_version() itself reads the store"
    assert client.get("/api/v1/version").get_json()["version"] == first + 1


@pytest.mark.parametrize("backend", BACKENDS)
def test_under_a_stream_of_writes_the_version_check_still_issues_no_statement(backend, small_served):
    """Each write moves the version; the answer (the version and when it was written) comes from memory, and the
    dataset's name is not read again within DATASET_RECHECK_S."""
    store, app = small_served(backend)
    client = signed_in_client(app, store)
    client.get("/api/v1/version")
    for _ in range(5):
        with store.write():
            pass
        with store.read() as conn:
            stored = conn.execute(sa.select(schema.data_version.c.version, schema.data_version.c.updated_at)).one()
        with statements(store) as seen:
            answer = client.get("/api/v1/version").get_json()
        # Who the session is may be read again (the door's memory of it lasts seconds; a slow machine passes them):
        # what is counted is the answer's own reads, of the version and the dataset.
        answered_from_store = [s for s in seen if "data_version" in s or "schema_info" in s]
        assert answered_from_store == [], f"the version check read the store: {answered_from_store}"
        assert answer["version"] == stored.version
        assert dt.datetime.fromisoformat(answer["updated_at"]) == stored.updated_at
        assert answer["dataset"] == "live"


@pytest.fixture
def postgres_store(tmp_path_factory):
    factory = StoreFactory("postgres", tmp_path_factory)
    store = factory.prepared(demo=False)
    yield factory, store
    factory.close()


def bump_elsewhere(url: str, notify: bool) -> int:
    """A write by another client of the store: through Store.write (which notifies), or a bare UPDATE that does not,
    as if the notification had been lost."""
    other = open_store(url)
    try:
        if notify:
            with other.write():
                pass
        else:
            with other.engine.begin() as conn:
                conn.execute(sa.text("UPDATE data_version SET version = version + 1 WHERE id = 1"))
        return other.data_version()
    finally:
        other.dispose()


def wait_for(condition, seconds: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if condition():
            return time.monotonic() - started
        time.sleep(0.05)
    raise AssertionError(f"not within {seconds} s")


@pytest.mark.postgres
def test_a_write_by_another_client_is_known_at_once_or_at_the_next_read(postgres_store):
    _, store = postgres_store
    url = store.url.render_as_string(hide_password=False)
    store.known_version()  # starts the listener
    time.sleep(0.5)
    notified = bump_elsewhere(url, notify=True)
    took = wait_for(lambda: store.known_version() == notified, 3)
    assert took < known_version.RECHECK_S / 2, "a notification arrives long before the periodic read"
    missed = bump_elsewhere(url, notify=False)
    wait_for(lambda: store.known_version() == missed, known_version.RECHECK_S + 3)


@pytest.mark.postgres
def test_a_wall_link_revoked_by_another_process_is_refused_at_the_next_check(postgres_store):
    """The version check and a wall's other requests remember who a session is (cockpit/web/gate.py), but a write
    to people in any process, heard through NOTIFY, makes them ask again."""
    from app import create_app

    _, store = postgres_store
    with store.write(bump_version=False) as conn:
        link_id, key = devices.create_device_link(conn, "จอทดสอบ", "tests")
    screen = create_app(store).server.test_client()
    assert screen.get(f"{devices.DEVICE_PREFIX}{key}").status_code == 302
    assert screen.get("/api/v1/version").status_code == 200
    with statements(store) as seen:
        assert screen.get("/api/v1/version").status_code == 200
        assert screen.get("/_dash-layout").status_code == 200  # a wall's own requests are remembered too
    assert seen == []
    other = open_store(store.url.render_as_string(hide_password=False))
    try:
        with other.write(bump_version=False) as conn:
            devices.revoke_device_link(conn, link_id)
    finally:
        other.dispose()
    took = wait_for(lambda: screen.get("/api/v1/version").status_code == 401, 3)
    assert took < gate.VERSION_CHECK_TRUST_S / 2, "refused on hearing of the revocation, not when the memory expires"
    assert screen.get("/_dash-layout").status_code == 401


@pytest.mark.postgres
def test_a_write_in_one_worker_is_seen_by_every_worker_within_seconds(postgres_store):
    """gunicorn with three workers on PostgreSQL; a write from another process (as `cockpit import` does) and a
    write through one worker's API both reach every worker's version check, with no query per check."""
    _, store = postgres_store
    with store.write(bump_version=False) as conn:
        token = create_token(conn, "ศูนย์ปฏิบัติการ (ทดสอบ)", "national")
    url = store.url.render_as_string(hide_password=False)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [*GUNICORN, "-b", f"127.0.0.1:{port}", "app:create_server()"],
        cwd=config.ROOT,
        env=os.environ | {config.DATABASE_URL_ENV: url},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base, auth = f"http://127.0.0.1:{port}", {"Authorization": f"Bearer {token}"}

    def versions_by_worker(rounds: int = 30) -> dict[str, int]:
        seen: dict[str, int] = {}
        for _ in range(rounds):
            answer = requests.get(f"{base}/api/v1/version", headers=auth, timeout=5)
            seen[answer.headers["X-Cockpit-Worker"]] = answer.json()["version"]
        return seen

    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert process.poll() is None, process.stdout.read()
            try:
                if len(versions_by_worker()) >= 2:
                    break
            except requests.RequestException:
                time.sleep(0.3)
        assert len(versions_by_worker()) >= 2, "several workers should answer"

        from_elsewhere = bump_elsewhere(url, notify=True)
        wait_for(lambda: set(versions_by_worker().values()) == {from_elsewhere}, 3)

        answer = requests.post(f"{base}/api/v1/deck", json={"show": "/wall/red"}, headers=auth, timeout=10)
        assert answer.status_code == 200, answer.text
        written = store.data_version()
        assert written > from_elsewhere
        wait_for(lambda: set(versions_by_worker().values()) == {written}, 3)
    finally:
        process.terminate()
        process.communicate(timeout=30)

"""Writes take turns in arrival order and a write that cannot start in time is refused before it begins: the client
gets 503 with Retry-After and nothing is written — never a hung request whose write commits after the client gave
up (issue #11, "a room under load"). On DuckDB through the store's queue; on PostgreSQL through lock_timeout on
a row another write holds (every write bumps the one data-version row)."""

import threading
import time

import pytest
import sqlalchemy as sa

from cockpit.errors import StoreBusyError
from cockpit.store import schema
from cockpit.store.write_queue import WriteQueue
from tests.test_reporting_api import CRISIS, auth, count


def _wait_until(condition, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.005)


def test_writes_take_their_turn_in_the_order_they_arrived():
    queue = WriteQueue()
    order: list[int] = []
    release = threading.Event()

    def holder():
        with queue.turn(5):
            release.wait(5)

    def writer(n: int):
        with queue.turn(5):
            order.append(n)

    first = threading.Thread(target=holder)
    first.start()
    _wait_until(lambda: queue.queued() == 1)
    writers = []
    for n in range(8):
        thread = threading.Thread(target=writer, args=(n,))
        thread.start()
        _wait_until(lambda n=n: queue.queued() == n + 2)
        writers.append(thread)
    release.set()
    for thread in [first, *writers]:
        thread.join(5)
    assert order == list(range(8))
    assert queue.queued() == 0


def test_a_write_that_cannot_start_in_time_is_refused_and_the_queue_goes_on():
    queue = WriteQueue()
    release = threading.Event()

    def hold():
        with queue.turn(5):
            release.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    _wait_until(lambda: queue.queued() == 1)
    started = time.monotonic()
    with pytest.raises(StoreBusyError) as refused:
        with queue.turn(0.2):
            pytest.fail("the refused write must never run")
    waited = time.monotonic() - started
    assert 0.2 <= waited < 2
    assert refused.value.retry_after >= 1
    assert "nothing was written" in str(refused.value)
    release.set()
    holder.join(5)
    ran = []
    with queue.turn(0.2):
        ran.append(True)
    assert ran == [True] and queue.queued() == 0


def _hold_a_write(store, release: threading.Event, holding: threading.Event):
    """A write that holds its turn (DuckDB) and the data-version row (PostgreSQL) until released."""

    def run():
        with store.write() as conn:
            conn.execute(schema.data_version.update().values(updated_at=sa.func.now()))
            holding.set()
            release.wait(10)

    thread = threading.Thread(target=run)
    thread.start()
    assert holding.wait(5)
    return thread


def test_a_busy_store_answers_503_with_retry_after_and_writes_nothing(api):
    store, tokens, client = api
    store.write_wait_seconds = 0.3
    release, holding = threading.Event(), threading.Event()
    before = count(store, schema.crisis_event)
    try:
        thread = _hold_a_write(store, release, holding)
        answer = client.post("/api/v1/crises", json=CRISIS, headers=auth(tokens["national"]))
        release.set()
        thread.join(10)
        assert answer.status_code == 503
        assert int(answer.headers["Retry-After"]) >= 1
        body = answer.get_json()
        assert "nothing was written" in body["error_en"]
        assert "โปรดส่งอีกครั้ง" in body["error_th"]
        assert count(store, schema.crisis_event) == before
        again = client.post("/api/v1/crises", json=CRISIS, headers=auth(tokens["national"]))
        assert again.status_code == 201
        assert count(store, schema.crisis_event) == before + 1
    finally:
        release.set()
        store.write_wait_seconds = 10.0


def test_writes_that_wait_less_than_the_limit_all_land_once(api):
    """Twelve crises posted at once while a write holds the store for 0.3 s: every one is answered 201 and
    stored exactly once (the queue lets them through one by one)."""
    store, tokens, client = api
    before = count(store, schema.crisis_event)
    release, holding = threading.Event(), threading.Event()
    thread = _hold_a_write(store, release, holding)
    answers: list[int] = []

    def post(n: int):
        answer = client.application.test_client().post(
            "/api/v1/crises", json=CRISIS | {"title": f"พร้อมกัน {n}"}, headers=auth(tokens["national"])
        )
        answers.append(answer.status_code)

    posters = [threading.Thread(target=post, args=(n,)) for n in range(12)]
    for poster in posters:
        poster.start()
    time.sleep(0.3)
    release.set()
    for poster in [thread, *posters]:
        poster.join(30)
    assert answers == [201] * 12
    with store.read() as conn:
        titles = conn.execute(
            sa.select(schema.crisis_event.c.title).where(schema.crisis_event.c.title.like("พร้อมกัน %"))
        ).scalars()
        assert sorted(titles) == sorted(f"พร้อมกัน {n}" for n in range(12))
    assert count(store, schema.crisis_event) == before + 12

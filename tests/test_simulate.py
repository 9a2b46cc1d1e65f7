"""`cockpit simulate`: invented events go through a running app's API into the store, follow the lifecycle,
are marked as simulated, and repeat exactly for the same seed."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from cockpit import config
from cockpit.bootstrap import prepare_store
from cockpit.demo import simulate
from cockpit.people.tokens import create_token
from cockpit.read import crises
from cockpit.store import schema
from cockpit.web.client import Reply
from tests.signin import Reading

CLI = [sys.executable, "-c", "from cockpit.cli import main; main()"]
NOW = dt.datetime(2025, 10, 20, 3, 0, tzinfo=dt.UTC)  # flood season in the north and northeast


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "COCKPIT_TOKEN"}
    return subprocess.run([*CLI, *args], cwd=config.ROOT, env=env, capture_output=True, text=True, timeout=180)


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[str, object, str]]:
    """The real app on a demo DuckDB store, served from a thread; and a national token."""
    import app as cockpit_app

    store = prepare_store(f"duckdb:///{tmp_path_factory.mktemp('simulate') / 'cockpit.duckdb'}", demo=True)
    with store.write(bump_version=False) as conn:
        token = create_token(conn, "ห้องปฏิบัติการ (จำลอง)", "national")
    server = make_server("127.0.0.1", 0, cockpit_app.create_app(store).server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="cockpit-simulate-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", store, token
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        store.dispose()


def _crises(store) -> dict[int, dict]:
    with store.read() as conn:
        return {e["id"]: e for e in crises.list_crises(conn, with_log=True)}


def test_simulate_streams_events_into_the_running_app(served):
    url, store, token = served
    before_crises, version = _crises(store), store.data_version()
    result = run_cli("simulate", "--url", url, "--token", token, "--count", "6", "--interval", "0", "--seed", "7")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("[cockpit] ") and "/6 " in line]
    assert len(lines) == 6 and all("→ HTTP 20" in line for line in lines), result.stdout
    assert sum("new crisis" in line for line in lines) >= 2
    assert sum("status change" in line for line in lines) >= 1
    assert sum("results: " in line for line in lines) >= 2
    assert "Done: 6 of 6 events accepted" in result.stdout

    after = _crises(store)
    new = [e for i, e in after.items() if i not in before_crises]
    assert len(new) >= 2
    for event in new:
        assert event["title"].endswith("(จำลอง)") and event["reporter"].startswith("ศธจ.")
        assert event["reporter"].endswith("(จำลอง)") and event["provinces"]
        assert event["schools_closed"] <= event["schools_affected"]
    changed = [e for i, e in after.items() if i in before_crises and e["status"] != before_crises[i]["status"]]
    assert changed, "an open crisis moved on"
    for event in after.values():
        for step in event["log"]:
            if step["from_status"] is None:
                assert step["to_status"] == "reported"
            elif step["from_status"] != step["to_status"]:
                assert step["to_status"] in crises.LIFECYCLE[step["from_status"]], (event["id"], step)
    simulated_steps = [s for e in after.values() for s in e["log"] if s["changed_by"] == "ห้องปฏิบัติการ (จำลอง)"]
    assert any(s["note"] and "(จำลอง)" in s["note"] for s in simulated_steps)

    r = schema.indicator_result
    with store.read() as conn:
        from_api = conn.execute(sa.select(sa.func.count()).select_from(r).where(r.c.source == "api")).scalar()
    assert from_api >= 6, "two result events of three to five provinces each"
    assert store.data_version() > version


class DryRun:
    """Reads from the demo through the app's test client; writes are recorded and answered, not stored."""

    def __init__(self, client):
        self.client = client
        self.sent: list[tuple] = []

    def get(self, path, params=None):
        response = self.client.get(path, query_string=params or {})
        return Reply(response.status_code, response.get_json())

    def send(self, method, path, body, key):
        self.sent.append((method, path, body, key))
        if path == "/api/v1/crises":
            return Reply(201, {"id": 1000 + len(self.sent), "status": "reported"})
        if path.startswith("/api/v1/crises/"):
            return Reply(200, {"id": int(path.rsplit("/", 1)[1]), "status": body["status"]})
        return Reply(200, {"inserted": 0, "updated": len(body["results"]), "unchanged": 0})


@pytest.fixture
def dry_run(demo_store):
    from app import create_app
    from cockpit.people.tokens import create_token

    with demo_store.write(bump_version=False) as conn:
        token = create_token(conn, "ห้องปฏิบัติการ (ทดสอบ)", "national")
    server = create_app(demo_store).server
    return lambda: DryRun(Reading(server.test_client(), token))


def test_the_same_seed_makes_the_same_choices(dry_run, demo_store):
    runs = []
    for seed in (11, 11, 12):
        http = dry_run()
        events = simulate.run(http, count=9, interval=0, seed=seed, say=lambda _line: None, now=lambda: NOW)
        assert len(events) == 9 and all(e.ok for e in events)
        runs.append(http.sent)
    strip = lambda sent: [(m, p, b) for m, p, b, _k in sent]  # noqa: E731
    assert strip(runs[0]) == strip(runs[1])
    assert strip(runs[0]) != strip(runs[2])
    keys = [k for sent in runs for *_, k in sent]
    assert len(set(keys)) == len(keys), "every event carries its own Idempotency-Key"

    with demo_store.read() as conn:
        status = {e["id"]: e["status"] for e in crises.list_crises(conn)}
    for method, path, body, _key in runs[0]:
        if method == "POST" and path == "/api/v1/crises":
            assert body["title"].endswith("(จำลอง)") and body["reporter"].endswith("(จำลอง)")
            assert dt.datetime.fromisoformat(body["occurred_at"]) < NOW
        elif method == "PATCH":
            crisis_id = int(path.rsplit("/", 1)[1])
            assert body["status"] in crises.LIFECYCLE[status[crisis_id]]
        else:
            for item in body["results"]:
                assert ("value" in item) != ("numerator" in item and "denominator" in item)
                if "numerator" in item:
                    assert 0 <= item["numerator"] and item["denominator"] > 0


def test_season_shapes_new_reports():
    assert {kind[0] for kind in simulate.season_of(3)} >= {"haze", "fire", "drought"}
    assert "flood" in {kind[0] for kind in simulate.season_of(12)}
    southern = [kind for kind in simulate.season_of(12) if kind[0] == "flood"]
    assert all(set(kind[2]) <= set(simulate.SOUTH) for kind in southern)


def test_refuses_live_data_and_unbounded_runs():
    class Live:
        def get(self, path, params=None):
            return Reply(200, {"version": 1, "dataset": "live"})

        def send(self, *args):
            raise AssertionError("nothing may be sent to live data")

    with pytest.raises(simulate.SimulationError, match="live data"):
        simulate.run(Live(), count=3, interval=0, seed=1, say=lambda _l: None)
    with pytest.raises(simulate.SimulationError, match="--count"):
        simulate.run(Live(), count=0, interval=0)


def test_an_app_that_is_not_running_is_one_line_and_exit_2():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run_cli("simulate", "--url", f"http://127.0.0.1:{port}", "--token", "ckp_x", "--count", "2")
    assert result.returncode == 2
    url = f"http://127.0.0.1:{port}"
    assert result.stderr.strip().splitlines() == [
        f"cockpit: error: no cockpit app answers at {url}: start it with `python app.py` or pass --url"
    ]


def test_a_refused_token_stops_with_one_line(served):
    url, _store, _token = served
    result = run_cli("simulate", "--url", url, "--token", "ckp_not-a-token", "--count", "3", "--interval", "0")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1].startswith("cockpit: error: the app refused the token (401)")
    assert len(result.stderr.strip().splitlines()) == 1

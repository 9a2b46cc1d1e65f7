"""Limits on wrong bearer tokens per client address: 429 with Retry-After after the limit, successes never
counted, counts in memory or shared by workers through Redis (real, at COCKPIT_TEST_REDIS_URL; skipped without it
unless COCKPIT_REQUIRE_REDIS=1), trusted proxies, and the reusable `failure_limit` the login form will use."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import requests
from flask import Flask

from app import create_app
from cockpit import config
from cockpit.bootstrap import prepare_store
from cockpit.errors import ConfigError
from cockpit.people.tokens import create_token
from cockpit.web import security

REDIS_URL = os.environ.get("COCKPIT_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
STORAGES = ("memory", pytest.param("redis", marks=pytest.mark.redis))
LIMIT = 20  # security.TOKEN_FAILURES


def _require(env: str) -> bool:
    return os.environ.get(env, "") not in ("", "0")


def redis_or_skip() -> str:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except Exception as exc:
        reason = f"Redis not reachable at {REDIS_URL}: {str(exc).splitlines()[0]}"
        if _require("COCKPIT_REQUIRE_REDIS"):
            pytest.fail(f"{reason} (COCKPIT_REQUIRE_REDIS=1: the Redis tests must run)")
        pytest.skip(reason)
    return REDIS_URL


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = prepare_store(f"duckdb:///{tmp_path_factory.mktemp('limits') / 'cockpit.duckdb'}", demo=False)
    yield store
    store.dispose()


@pytest.fixture(scope="module")
def token(store) -> str:
    """A valid national token."""
    with store.write(bump_version=False) as conn:
        return create_token(conn, "ทดสอบ", "national")


@pytest.fixture
def server(store, monkeypatch):
    """`server()` → the Flask server of a new app; settings come from the environment, as in production."""

    def make(**environment):
        for name in (security.PROXIES_ENV, security.REDIS_URL_ENV):
            monkeypatch.delenv(name, raising=False)
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        return create_app(store).server

    return make


def client_from(server, address: str | None = None):
    """A test client at its own address: counts in a shared Redis must not mix between tests or runs."""
    client = server.test_client()
    client.environ_base["REMOTE_ADDR"] = address or fresh_address()
    return client


def fresh_address() -> str:
    return "10." + ".".join(str(b) for b in uuid.uuid4().bytes[:3])


def storage_env(storage: str) -> dict[str, str]:
    return {security.REDIS_URL_ENV: redis_or_skip()} if storage == "redis" else {}


def wrong_token(client, token: str = "ckp_not-a-real-token"):
    return client.post("/api/v1/results", json={"results": []}, headers={"Authorization": f"Bearer {token}"})


@pytest.mark.parametrize("storage", STORAGES)
def test_wrong_tokens_from_one_address_get_429_after_the_limit(server, token, storage):
    app = server(**storage_env(storage))
    client, neighbour = client_from(app), client_from(app)

    assert [wrong_token(client).status_code for _ in range(LIMIT)] == [401] * LIMIT
    refused = wrong_token(client)
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    body = refused.get_json()
    assert body["retry_after"] == int(refused.headers["Retry-After"])
    assert "too many failed attempts" in body["error_en"] and "ลองผิดหลายครั้งเกินไป" in body["error_th"]
    assert body["error_en"] in body["error"] and body["error_th"] in body["error"]
    assert refused.headers["Content-Security-Policy"]  # a refusal is a response like any other
    # While refused, even the right token is: a 200 among 429s would tell a guesser that it guessed right.
    assert wrong_token(client, token).status_code == 429
    # Another address is not affected.
    assert wrong_token(neighbour).status_code == 401
    assert wrong_token(neighbour, token).status_code not in (401, 429)


@pytest.mark.parametrize("storage", STORAGES)
def test_successes_and_forgotten_tokens_are_not_counted(server, token, storage):
    client = client_from(server(**storage_env(storage)))

    for _ in range(2 * LIMIT):
        assert wrong_token(client, token).status_code not in (401, 429)
        assert client.post("/api/v1/results", json={"results": []}).status_code == 401  # no Authorization at all
    assert [wrong_token(client).status_code for _ in range(LIMIT)] == [401] * LIMIT
    assert wrong_token(client).status_code == 429


@pytest.mark.redis
def test_workers_share_the_count_through_redis(server):
    """Two apps stand for two gunicorn workers: with Redis, failures at either count against the address."""
    environment = storage_env("redis")
    address = fresh_address()
    first, second = client_from(server(**environment), address), client_from(server(**environment), address)

    assert {wrong_token(first).status_code for _ in range(LIMIT // 2)} == {401}
    assert {wrong_token(second).status_code for _ in range(LIMIT // 2)} == {401}
    assert wrong_token(first).status_code == 429
    assert wrong_token(second).status_code == 429


@pytest.mark.postgres
@pytest.mark.redis
def test_gunicorn_servers_share_the_count_and_name_no_version(tmp_path_factory):
    """The real thing: two gunicorn servers (two hosts behind one balancer, two workers each) on PostgreSQL with
    Redis. Failures are sent to each server in turn, so they certainly reach different processes — one gunicorn
    alone may hand every request to the same worker — and they add up for one address (given by a trusted
    proxy's X-Forwarded-For, fresh each run)."""
    from tests.conftest import StoreFactory

    redis_url = redis_or_skip()
    factory = StoreFactory("postgres", tmp_path_factory)
    processes: list[subprocess.Popen] = []
    outputs: list[str] = []
    try:
        store_url = factory.prepared(demo=False).url.render_as_string(hide_password=False)
        environment = os.environ | {
            config.DATABASE_URL_ENV: store_url,
            security.REDIS_URL_ENV: redis_url,
            security.PROXIES_ENV: "1",
        }
        bases = []
        try:
            for _ in range(2):
                port = _free_port()
                processes.append(_start_gunicorn(port, environment))
                bases.append(f"http://127.0.0.1:{port}")
            for process, base in zip(processes, bases, strict=True):
                _wait_for(process, base)
            address = fresh_address()
            answers = [_post_wrong_token(bases[turn % 2], address) for turn in range(LIMIT)]
            refused = [_post_wrong_token(base, address) for base in bases]
        finally:
            for process in processes:
                process.terminate()
            outputs = [process.communicate(timeout=30)[0] for process in processes]
    finally:
        factory.close()

    output = "\n".join(outputs)
    assert [status for status, _, _ in answers] == [401] * LIMIT, output
    workers = [worker for _, worker, _ in answers]
    assert len(set(workers[0::2]) & set(workers[1::2])) == 0, f"two servers, two sets of processes: {workers}"
    assert [status for status, _, _ in refused] == [429, 429], output
    assert {server for _, _, server in answers + refused} == {"gunicorn"}  # no version


def _start_gunicorn(port: int, environment: dict) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "app:create_server()"]
    return subprocess.Popen(
        command, cwd=config.ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(process: subprocess.Popen, base: str) -> None:
    """Until the server answers (its workers have booted)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read()
        try:
            requests.get(f"{base}/api/v1/health", timeout=2).raise_for_status()
            return
        except requests.RequestException:
            time.sleep(0.3)
    raise AssertionError(f"gunicorn at {base} did not answer within a minute")


def _post_wrong_token(base: str, address: str) -> tuple[int, str, str]:
    headers = {"Authorization": "Bearer ckp_not-a-real-token", "X-Forwarded-For": address, "Connection": "close"}
    response = requests.post(f"{base}/api/v1/results", json={"results": []}, headers=headers, timeout=10)
    return response.status_code, response.headers["X-Cockpit-Worker"], response.headers["Server"]


def test_without_redis_each_worker_counts_alone(server):
    """Why several workers need `COCKPIT_REDIS_URL`: in memory, each process has its own count."""
    address = fresh_address()
    first, second = client_from(server(), address), client_from(server(), address)

    assert {wrong_token(first).status_code for _ in range(LIMIT)} == {401}
    assert wrong_token(second).status_code == 401
    assert wrong_token(first).status_code == 429


def test_an_unreachable_redis_falls_back_to_counting_in_the_process(server, caplog):
    with socket_closed_port() as port:
        client = client_from(server(**{security.REDIS_URL_ENV: f"redis://127.0.0.1:{port}/0"}))
        assert {wrong_token(client).status_code for _ in range(LIMIT)} == {401}
        assert wrong_token(client).status_code == 429
    assert "shared storage unavailable" in caplog.text


@contextmanager
def socket_closed_port() -> Iterator[int]:
    """A local port nothing listens on (bound, never listening: connections are refused) while the block runs."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


def test_trusted_proxies_decide_which_address_is_counted(server):
    peer = fresh_address()
    spoofing = client_from(server(), peer)
    behind_proxy = client_from(server(**{security.PROXIES_ENV: "1"}), peer)

    # No proxy is trusted by default: a forged X-Forwarded-For does not buy a fresh count.
    for _ in range(LIMIT):
        wrong_token(spoofing)
    assert forwarded(spoofing, fresh_address()).status_code == 429
    # Behind one trusted proxy, the address it reports is the client's.
    proxied_client = fresh_address()
    assert {forwarded(behind_proxy, proxied_client).status_code for _ in range(LIMIT)} == {401}
    assert forwarded(behind_proxy, proxied_client).status_code == 429
    assert forwarded(behind_proxy, fresh_address()).status_code == 401


def forwarded(client, address: str):
    headers = {"Authorization": "Bearer ckp_not-a-real-token", "X-Forwarded-For": address}
    return client.post("/api/v1/results", json={"results": []}, headers=headers)


def test_bad_settings_are_one_clear_error(server):
    with pytest.raises(ConfigError, match="COCKPIT_PROXIES"):
        server(**{security.PROXIES_ENV: "yes"})
    with pytest.raises(ConfigError, match="COCKPIT_REDIS_URL"):
        server(**{security.REDIS_URL_ENV: "127.0.0.1:6379"})


def test_a_failure_limit_per_address_and_per_account_for_the_login_form():
    """The pattern the login form follows (see cockpit/web/security.py): both keys counted, either one refuses."""
    app = Flask(__name__)
    with app.test_request_context():
        logins = security.failure_limit("login-test", "3 per minute")
        account = f"account:{uuid.uuid4().hex}"
        for _ in range(3):
            assert logins.retry_after(fresh_address(), account) == 0
            logins.record(fresh_address(), account)

        assert 1 <= logins.retry_after(fresh_address(), account) <= 60  # the account is refused from anywhere
        assert logins.retry_after(fresh_address(), "account:someone-else") == 0
        logins.clear(account)
        assert logins.retry_after(fresh_address(), account) == 0


def test_a_failure_window_passes():
    app = Flask(__name__)
    with app.test_request_context():
        quick = security.failure_limit("window-test", "2 per 1 second")
        quick.record("k", "k")
        assert quick.retry_after("k") == 1
        time.sleep(1.1)
        assert quick.retry_after("k") == 0

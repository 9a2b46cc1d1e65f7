"""Several gunicorn workers on PostgreSQL: a write served by one worker shows, without a reload, on a page
whose updates another worker serves (each response names its worker in X-Cockpit-Worker)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import pytest
import requests

from cockpit import config
from cockpit.people.tokens import create_token
from tests.browser.conftest import ARRIVAL_TIMEOUT_MS, signed_in_cookies
from tests.conftest import StoreFactory

REPORT = {
    "type": "storm",
    "severity": 2,
    "provinces": ["TH-90"],
    "occurred_at": "2026-11-20T09:00:00+07:00",
    "schools_affected": 8,
    "schools_closed": 2,
}


@pytest.fixture
def gunicorn_on_postgres(tmp_path_factory):
    factory = StoreFactory("postgres", tmp_path_factory)
    store = factory.prepared(demo=True)
    with store.write(bump_version=False) as conn:
        token = create_token(conn, "ศูนย์ปฏิบัติการ (ทดสอบ)", "national")
    url = store.url.render_as_string(hide_password=False)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            "3",
            "--threads",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "app:create_server()",
        ],
        cwd=config.ROOT,
        env=os.environ | {config.DATABASE_URL_ENV: url},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    workers: set[str] = set()
    while time.monotonic() < deadline and len(workers) < 2:
        assert process.poll() is None, process.stdout.read()
        try:
            workers.add(requests.get(f"{base}/api/v1/health", timeout=2).headers["X-Cockpit-Worker"])
        except requests.RequestException:
            time.sleep(0.3)
    assert len(workers) >= 2, f"expected several workers to answer, saw {workers}"
    yield base, token, signed_in_cookies(base, store)
    process.terminate()
    process.communicate(timeout=30)
    factory.close()


def test_a_write_through_one_worker_shows_on_a_page_served_by_another(browser, gunicorn_on_postgres):
    base, token, cookies = gunicorn_on_postgres
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    context.add_cookies(cookies)
    page = context.new_page()
    renders: list[tuple[float, str]] = []
    page.on(
        "response",
        lambda r: (
            renders.append((time.monotonic(), r.headers.get("x-cockpit-worker", "")))
            if "_dash-update-component" in r.url
            else None
        ),
    )
    try:
        page.goto(f"{base}/crisis", wait_until="networkidle")
        page.locator(".connection-live").wait_for(timeout=8000)
        seen_across_workers = False
        latencies = []
        for attempt in range(6):
            title = f"พายุ ทดสอบหลายโปรเซส {attempt} {time.time_ns()}"
            response = requests.post(
                f"{base}/api/v1/crises",
                json=REPORT | {"title": title},
                headers={"Authorization": f"Bearer {token}"},
                timeout=10,
            )
            assert response.status_code == 201, response.text
            writer = response.headers["X-Cockpit-Worker"]
            accepted = time.monotonic()
            page.get_by_text(title).first.wait_for(timeout=ARRIVAL_TIMEOUT_MS)
            latencies.append(time.monotonic() - accepted)
            renderers = {worker for at, worker in renders if at >= accepted}
            if renderers - {writer}:
                seen_across_workers = True
                break
        assert seen_across_workers, "every update was rendered by the worker that wrote it; try more workers"
        print(f"POST to visible across workers: {', '.join(f'{x:.2f}' for x in latencies)} s")
    finally:
        context.close()


def test_the_flight_deck_moves_walls_served_by_several_workers(browser, gunicorn_on_postgres):
    """Two walls open (their updates answered by whichever worker); a deck POST to any worker moves both."""
    base, token, cookies = gunicorn_on_postgres
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    context.add_cookies(cookies)
    walls = [context.new_page(), context.new_page()]
    try:
        for page in walls:
            page.goto(f"{base}/wall?screen=white", wait_until="networkidle")
            page.wait_for_function("() => document.documentElement.dataset.wall === 'white'", timeout=10_000)
        for target in ("red", "blue"):
            response = requests.post(
                f"{base}/api/v1/deck",
                json={"show": f"/wall/{target}"},
                headers={"Authorization": f"Bearer {token}"},
                timeout=10,
            )
            assert response.status_code == 200, response.text
            accepted = time.monotonic()
            for page in walls:
                page.wait_for_function(
                    "(w) => document.documentElement.dataset.wall === w", arg=target, timeout=ARRIVAL_TIMEOUT_MS
                )
            print(
                f"deck /wall/{target} on both walls after {time.monotonic() - accepted:.2f} s "
                f"(written by worker {response.headers['X-Cockpit-Worker']})"
            )
    finally:
        context.close()

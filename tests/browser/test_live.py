"""Live data in the browser: a report sent to the API shows on an open page with no reload;
a lost server shows a stale marker, and the page recovers by itself when the server is back."""

from __future__ import annotations

import socket
import threading
import time

import pytest
import requests
from werkzeug.serving import make_server

from cockpit.people.tokens import create_token
from tests.browser.conftest import ARRIVAL_TIMEOUT_MS, CHROMIUM_ARGS, LiveServer, sign_in  # noqa: F401  (documents where the flags live)

REPORT = {
    "type": "flood",
    "severity": 3,
    "provinces": ["TH-50"],
    "occurred_at": "2026-11-20T08:00:00+07:00",
    "schools_affected": 40,
    "schools_closed": 12,
    "students_affected": 5200,
    "learning_mode": "on-hand",
}


def national_token(store) -> str:
    with store.write(bump_version=False) as conn:
        return create_token(conn, "ศูนย์ปฏิบัติการ (ทดสอบ)", "national")


REPORTED: list[tuple[str, str, int]] = []  # (url, token, id) of every test report, withdrawn after its test


def report(url: str, token: str, title: str) -> float:
    """POST a crisis; return the monotonic time the API accepted it."""
    response = requests.post(
        f"{url}/api/v1/crises", json=REPORT | {"title": title}, headers={"Authorization": f"Bearer {token}"}, timeout=10
    )
    assert response.status_code == 201, response.text
    REPORTED.append((url, token, response.json()["id"]))
    return time.monotonic()


@pytest.fixture(autouse=True)
def withdraw_test_reports(live_server):
    """Dismiss this module's test reports when its test ends: the live server is shared, and later pages, walls
    and the README's screenshots must show the demo's crises, not "หลังกลับมาออนไลน์ 1795…"."""
    yield
    while REPORTED:
        _, token, crisis = REPORTED.pop()
        response = requests.patch(
            f"{live_server.url}/api/v1/crises/{crisis}",
            json={"status": "dismissed"},
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        assert response.status_code == 200, response.text


def test_a_report_shows_on_the_open_crisis_page_without_a_reload(page, live_server, goto, shot):
    token = national_token(live_server.store)
    goto(page, live_server, "/crisis")
    page.evaluate("window.__sameDocument = true")
    title = f"น้ำป่าไหลหลาก ทดสอบสด {time.time_ns()}"
    accepted = report(live_server.url, token, title)
    page.get_by_text(title).first.wait_for(timeout=ARRIVAL_TIMEOUT_MS)
    latency = time.monotonic() - accepted
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"
    print(f"POST to visible: {latency:.2f} s (how fast: bench/deck_latency.py)")
    shot(page, "crisis-live-update")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RestartableServer:
    """The app on a fixed port that a test can stop and start again, as a restart or network drop would."""

    def __init__(self, store):
        import app as cockpit_app

        self.app = cockpit_app.create_app(store).server
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server = None

    def start(self) -> None:
        self._server = make_server("127.0.0.1", self.port, self.app, threaded=True)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


# How many provinces each map on the page has drawn (Plotly draws one path per province it found a polygon for).
MAP_PROVINCES = """() => Array.from(document.querySelectorAll('.js-plotly-plot'))
    .filter((graph) => (graph.data || []).some((trace) => typeof trace.geojson === 'string'))
    .map((graph) => graph.querySelectorAll('path.choroplethlocation').length)"""


def wait_for_full_maps(page, timeout_ms: int = 10_000) -> list[int]:
    """Wait until the page has at least one map and every map has drawn all 77 provinces."""
    page.wait_for_function(
        f"() => {{ const drawn = ({MAP_PROVINCES})(); return drawn.length > 0 && drawn.every((n) => n === 77); }}",
        timeout=timeout_ms,
    )
    return page.evaluate(MAP_PROVINCES)


def test_a_lost_server_shows_stale_then_recovers(browser, live_server):
    server = RestartableServer(live_server.store)
    server.start()
    token = national_token(live_server.store)
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    errors, console_after_recovery, recovered = [], [], threading.Event()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            console_after_recovery.append(f"{message.type}: {message.text}")
            if recovered.is_set() and message.type in ("error", "warning")
            else None
        ),
    )
    try:
        sign_in(page, live_server)  # the same store signs the session: it is valid on this server too
        page.goto(f"{server.url}/", wait_until="networkidle")
        page.locator(".connection-live").wait_for(timeout=6000)
        # Stop the server only once the page and its map are whole, so the outage hits a settled page.
        wait_for_full_maps(page)
        page.wait_for_load_state("networkidle")
        page.evaluate("window.__sameDocument = true")
        server.stop()
        page.locator(".connection-stale").wait_for(timeout=6000)
        assert "ติดต่อเซิร์ฟเวอร์ไม่ได้" in page.inner_text("#connection")
        server.start()
        page.locator(".connection-live").wait_for(timeout=6000)
        recovered.set()
        title = f"หลังกลับมาออนไลน์ {time.time_ns()}"
        report(server.url, token, title)
        page.get_by_text(title).first.wait_for(timeout=ARRIVAL_TIMEOUT_MS)
        assert page.evaluate("window.__sameDocument === true"), "recovery must not reload the page"
        assert wait_for_full_maps(page, timeout_ms=ARRIVAL_TIMEOUT_MS)
        assert errors == []
        assert console_after_recovery == []
    finally:
        context.close()
        server.stop()


@pytest.mark.parametrize("path", ["/", "/wall?screen=red"])
def test_a_map_whose_polygons_failed_once_draws_itself_without_a_navigation(browser, live_server, path):
    """The first request for the polygons fails (as in a network blip); the map still draws all 77 provinces."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    errors, blocked = [], []

    def fail_first(route):
        if not blocked:
            blocked.append(route.request.url)
            route.abort("connectionreset")
        else:
            route.continue_()

    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route("**/api/v1/geo/provinces.*", fail_first)
    try:
        sign_in(page, live_server)
        page.goto(f"{live_server.url}{path}", wait_until="domcontentloaded")
        page.evaluate("window.__sameDocument = true")
        drawn = wait_for_full_maps(page, timeout_ms=8000)
        assert blocked, "the polygons were never requested"
        assert drawn and all(n == 77 for n in drawn)
        assert page.evaluate("window.__sameDocument === true"), "the map must draw without a navigation"
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("lang, word", [("en", "Live")])
def test_the_live_marker_speaks_the_page_language(page, live_server, goto, lang, word):
    goto(page, live_server, f"/?lang={lang}")
    page.locator(".connection-live").wait_for(timeout=6000)
    assert word in page.inner_text("#connection")

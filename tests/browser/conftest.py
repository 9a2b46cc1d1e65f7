"""Browser fixtures: the real app served from a thread, driven by Debian's Chromium through Playwright.

No `playwright install`: Chromium comes from the system (`apt-get install chromium`). Without it the tests
skip with the reason, unless COCKPIT_REQUIRE_BROWSER=1 (CI), where they fail instead.

Every page is watched: console errors and warnings, uncaught page errors and any request that leaves
127.0.0.1/localhost (the war room may have no internet, so no CDN) fail the test at teardown.
Tests use the fixtures `goto` (navigate and wait until Dash has rendered), `shot` (full-page screenshot
under COCKPIT_TEST_ARTIFACTS or <repo>/test-artifacts/, in screenshots/<name>.png) and `expected_console` (wait for
console lines a test provokes on purpose, such as a CSP violation, and take them off the page's problems).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

from cockpit import config
from cockpit.bootstrap import prepare_store
from cockpit.store.database import Store
from cockpit.web.security import RequestHandler

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
MISSING_BROWSER = "Chromium not found: apt-get install chromium (Debian) to run the browser tests"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
RENDER_TIMEOUT_MS = 20_000
# How long a live change (a report, a deck command) may take to reach an open page before the test calls it lost.
# Tests assert that it arrives without a reload; how fast it arrives is measured by bench/ (a timed test on a
# shared 2-core CI machine fails at random: a province page once took 3.1 s under load).
ARRIVAL_TIMEOUT_MS = 10_000
QUIET_MS = 300  # the page counts as settled after this long with no request in flight

# While Dash 4 works, the page shows one of these:
#  - `._dash-loading` ("Loading...") inside #react-entry-point until the layout and dependencies have arrived;
#  - `[data-dash-is-loading="true"]` on every component whose props a pending callback will set;
#  - `._dash-loading-callback`, an empty div after the layout, as long as any callback is pending.
DASH_RENDERED = """() => {
    const page = document.querySelector('#page');
    return !!page && page.children.length > 0
        && !document.querySelector('._dash-loading, ._dash-loading-callback, [data-dash-is-loading="true"]');
}"""


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


def _require_browser() -> bool:
    return os.environ.get("COCKPIT_REQUIRE_BROWSER", "") not in ("", "0")


def _no_browser(reason: str):
    if _require_browser():
        pytest.fail(f"{reason} (COCKPIT_REQUIRE_BROWSER=1: the browser tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """Debian's Chromium, launched once per session through Playwright's sync API."""
    executable = shutil.which("chromium")
    if executable is None:
        _no_browser(MISSING_BROWSER)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    except Exception as exc:
        playwright.stop()
        _no_browser(f"{MISSING_BROWSER} ({executable} did not start: {str(exc).splitlines()[0]})")
    yield chromium
    chromium.close()
    playwright.stop()


@dataclass
class LiveServer:
    url: str
    store: Store
    cookies: list[dict] = field(default_factory=list)  # an administrator's session, made on first use


def signed_in_cookies(url: str, store, role: str = "administrator", view: str = "national", write="national"):
    """The session cookie of a new user of this role, from a real POST /login (as a person signs in)."""
    import requests

    from tests.signin import _CSRF, PASSWORD, make_user

    username = make_user(store, role, view, write)
    session = requests.Session()
    token = _CSRF.search(session.get(f"{url}/login", timeout=30).content).group(1).decode()
    answer = session.post(
        f"{url}/login",
        data={"username": username, "password": PASSWORD, "csrf_token": token, "next": "/"},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302, answer.text[:300]
    return [{"name": c.name, "value": c.value, "url": url} for c in session.cookies]


def sign_in(page, server: LiveServer) -> None:
    """Put an administrator's session in the page's browser context, once per context."""
    if not server.cookies:
        server.cookies = signed_in_cookies(server.url, server.store)
    if not page.context.cookies(server.url):
        page.context.add_cookies(server.cookies)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    """The real WSGI app on a demo DuckDB store, served by werkzeug from a daemon thread on a free port.

    Not dash's own test server: its thread killing at teardown breaks Playwright's threads.
    """
    database = tmp_path_factory.mktemp("browser-store") / "cockpit.duckdb"
    with serving(prepare_store(f"duckdb:///{database}", demo=True), "cockpit-live-server") as server:
        yield server


@contextlib.contextmanager
def serving(store, name: str) -> Iterator[LiveServer]:
    """The real app over `store`, served from a daemon thread on a free port; the store is closed at the end."""
    import app as cockpit_app

    server = make_server(
        "127.0.0.1", 0, cockpit_app.create_app(store).server, threaded=True, request_handler=RequestHandler
    )
    thread = threading.Thread(target=server.serve_forever, name=name, daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", store=store)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        store.dispose()


@dataclass
class PageWatch:
    """What a page did that a test must not ignore, and how many requests it has in flight."""

    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    in_flight: set = field(default_factory=set)
    last_activity: float = field(default_factory=time.monotonic)

    def started(self, request) -> None:
        host = urlsplit(request.url).hostname
        if request.url.startswith(("http:", "https:", "ws:", "wss:")) and host not in LOCAL_HOSTS:
            self.external.append(f"{request.method} {request.url}")
        self.in_flight.add(request)
        self.last_activity = time.monotonic()

    def ended(self, request) -> None:
        self.in_flight.discard(request)
        self.last_activity = time.monotonic()

    def problems(self) -> list[str]:
        return (
            [f"console {line}" for line in self.console]
            + [f"page error: {line}" for line in self.errors]
            + [f"external request: {line}" for line in self.external]
        )


_WATCHES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _on_console(watch: PageWatch, message) -> None:
    if message.type in ("error", "warning"):
        where = message.location or {}
        source = f"{where.get('url', '')}:{where.get('lineNumber', '')}"
        watch.console.append(f"{message.type}: {message.text} ({source})")


@pytest.fixture
def page(browser) -> Iterator:
    """A fresh context and page (1600×1000, th-TH, Asia/Bangkok); fails the test on console errors or
    warnings, page errors and requests to any host but this one."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="th-TH", timezone_id="Asia/Bangkok")
    context.set_default_timeout(RENDER_TIMEOUT_MS)
    page = context.new_page()
    watch = PageWatch()
    _WATCHES[page] = watch
    page.on("console", lambda message: _on_console(watch, message))
    page.on("pageerror", lambda error: watch.errors.append(str(error)))
    page.on("request", watch.started)
    page.on("requestfinished", watch.ended)
    page.on("requestfailed", watch.ended)
    yield page
    context.close()
    problems = watch.problems()
    if problems:
        listing = "\n  ".join(problems)
        pytest.fail(f"the page reported {len(problems)} problem(s):\n  {listing}", pytrace=False)


def goto(page, server: LiveServer, path: str) -> None:
    """Open `path` and wait until Dash has rendered: #page has children, nothing of Dash is loading any more
    (see DASH_RENDERED) and no request has been in flight for QUIET_MS."""
    sign_in(page, server)
    page.goto(server.url + path, wait_until="networkidle")
    watch = _WATCHES.get(page)
    deadline = time.monotonic() + RENDER_TIMEOUT_MS / 1000
    while True:
        page.wait_for_function(DASH_RENDERED, timeout=max(1, (deadline - time.monotonic()) * 1000))
        if watch is None:
            return
        quiet = not watch.in_flight and time.monotonic() - watch.last_activity >= QUIET_MS / 1000
        if quiet and page.evaluate(DASH_RENDERED):
            return
        if time.monotonic() > deadline:
            pending = ", ".join(request.url for request in watch.in_flight)
            raise AssertionError(f"{path}: the page did not settle in {RENDER_TIMEOUT_MS} ms ({pending})")
        page.wait_for_timeout(50)


def expected_console(page, fragment: str, timeout_ms: int = 5_000) -> list[str]:
    """Wait until the console shows a line containing `fragment`; take every such line off the page's problems
    (they were provoked on purpose) and return them. Fails when none shows in time."""
    watch = _WATCHES[page]
    deadline = time.monotonic() + timeout_ms / 1000
    while not any(fragment in line for line in watch.console):
        if time.monotonic() > deadline:
            raise AssertionError(f"no console line contains {fragment!r} (saw: {watch.console})")
        page.wait_for_timeout(50)
    taken = [line for line in watch.console if fragment in line]
    watch.console[:] = [line for line in watch.console if fragment not in line]
    return taken


def artifacts_dir() -> Path:
    return Path(os.environ.get("COCKPIT_TEST_ARTIFACTS") or config.ROOT / "test-artifacts")


def shot(page, name: str) -> Path:
    """A full-page PNG screenshot in <artifacts>/screenshots/<name>.png; returns its path."""
    path = artifacts_dir() / "screenshots" / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture(name="goto")
def _goto():
    """`goto(page, live_server, "/path")`: navigate and wait until Dash has rendered."""
    return goto


@pytest.fixture(name="expected_console")
def _expected_console():
    """`expected_console(page, "fragment")`: the console lines a test provoked on purpose, taken off its problems."""
    return expected_console


@pytest.fixture(name="shot")
def _shot():
    """`shot(page, "name")`: full-page screenshot to <artifacts>/screenshots/name.png."""
    return shot

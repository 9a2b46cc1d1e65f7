"""What the room benchmarks share: the app served in-process on a demo store with a national token, and
Chromium at wall size with a wall opened by its device link and pages opened by a signed-in administrator —
the same doors people and screens use (tests/browser/conftest.py holds the launch flags and the sign-in)."""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from werkzeug.serving import make_server

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cockpit.bootstrap import prepare_store  # noqa: E402
from cockpit.people.devices import DEVICE_PREFIX, create_device_link  # noqa: E402
from cockpit.people.tokens import create_token  # noqa: E402
from cockpit.store.database import Store  # noqa: E402
from tests.browser.conftest import CHROMIUM_ARGS, signed_in_cookies  # noqa: E402

WALL_SIZE = {"width": 1920, "height": 1080}
REPORT = {
    "type": "flood",
    "severity": 2,
    "provinces": ["TH-50"],
    "occurred_at": "2026-11-20T08:00:00+07:00",
    "schools_affected": 3,
    "schools_closed": 1,
    "students_affected": 420,
    "learning_mode": "on-hand",
}


@dataclass
class Room:
    url: str
    store: Store
    headers: dict[str, str]  # a national token's, for the API
    screen_path: str  # a device link: opens /wall with no sign-in


@contextmanager
def served_room(label: str, store_url: str | None = None) -> Iterator[Room]:
    """The app on `store_url` (default: a fresh demo DuckDB store in a temp dir), served from a thread."""
    import app as cockpit_app

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    workdir = Path(tempfile.mkdtemp(prefix=f"{label}-"))
    store = prepare_store(store_url or f"duckdb:///{workdir / 'cockpit.duckdb'}", demo=True)
    with store.write(bump_version=False) as conn:
        token = create_token(conn, f"ศูนย์ปฏิบัติการ ({label})", "national")
        _, key = create_device_link(conn, f"จอทดสอบ ({label})", "bench")
    server = make_server("127.0.0.1", 0, cockpit_app.create_app(store).server, threaded=True)
    # server_close() waits for requests still running, so the store is not closed under one of them.
    server.daemon_threads = False
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield Room(
            f"http://127.0.0.1:{server.server_port}", store, {"Authorization": f"Bearer {token}"}, DEVICE_PREFIX + key
        )
    finally:
        server.shutdown()
        server.server_close()
        store.dispose()
        shutil.rmtree(workdir, ignore_errors=True)


@contextmanager
def chromium() -> Iterator:
    """Debian's Chromium through Playwright, with the browser tests' flags; exits 2 when it is missing."""
    executable = shutil.which("chromium")
    if executable is None:
        print("Chromium not found: apt-get install chromium", file=sys.stderr)
        sys.exit(2)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()
        playwright.stop()


def wall_context(browser):
    """A browser context at wall size, as a wall screen is: no one signed in (it opens its device link)."""
    return browser.new_context(viewport=WALL_SIZE, locale="th-TH", timezone_id="Asia/Bangkok")


def signed_in_context(browser, room: Room):
    """A browser context at wall size with an administrator's session."""
    context = wall_context(browser)
    context.add_cookies(signed_in_cookies(room.url, room.store))
    return context


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]

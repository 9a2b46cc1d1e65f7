"""An empty store in a real browser: every page, /wall and /deck say what is missing, with a link, and the
console stays clean; first with no catalogue (A), then with the starter catalogue and no results (B)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

from cockpit.bootstrap import prepare_store
from cockpit.catalogue.apply import import_catalogue
from cockpit.catalogue.files import read_path
from cockpit.config import ROOT
from tests.browser.conftest import LiveServer

PAGES = ["/", "/region/REO08", "/province/TH-50", "/chain", "/crisis", "/upload", "/deck"]
WALLS = ["/wall", "/wall?screen=red", "/wall?screen=black", "/wall?screen=blue", "/wall?screen=white"]
NO_CATALOGUE = "ยังไม่มีตัวชี้วัดในแคตตาล็อก"
NO_RESULTS = "ยังไม่มีการรายงานผลตัวชี้วัดในปีงบประมาณใด"


@pytest.fixture(scope="module")
def empty_server(tmp_path_factory) -> Iterator[LiveServer]:
    """The real app on a DuckDB store made by `cockpit init --no-demo`, served from a thread."""
    import app as cockpit_app

    database = tmp_path_factory.mktemp("empty-store") / "x.duckdb"
    store = prepare_store(f"duckdb:///{database}", demo=False)
    server = make_server("127.0.0.1", 0, cockpit_app.create_app(store).server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="cockpit-empty-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", store=store)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        store.dispose()


def visible_guidance(page, words: str, link: str) -> None:
    block = page.locator(".empty-state:visible").first
    block.wait_for(state="visible")
    assert words in block.inner_text()
    assert block.locator(f"a[href^='{link}']").count() >= 1


def test_no_catalogue_every_page(page, goto, shot, empty_server):
    for path in PAGES:
        goto(page, empty_server, path)
        visible_guidance(page, NO_CATALOGUE, "/catalogue")
        if path == "/":
            shot(page, "empty-store-nation")
    goto(page, empty_server, "/indicator/DROPOUT")
    assert page.locator(".not-found").count() == 1
    visible_guidance(page, NO_CATALOGUE, "/catalogue")


def test_no_catalogue_walls(page, goto, shot, empty_server):
    for path in WALLS:
        goto(page, empty_server, path)
        visible_guidance(page, NO_CATALOGUE, "/catalogue")
        box = page.locator(".empty-state:visible").first.bounding_box()
        assert box and box["height"] > 150 and box["width"] > 600, f"{path}: the message is large, got {box}"
        if path == "/wall?screen=black":
            shot(page, "empty-store-wall-black")


def test_no_catalogue_link_leads_to_the_catalogue(page, goto, empty_server):
    goto(page, empty_server, "/?lang=en")
    link = page.locator(".empty-state a[href='/catalogue?lang=en']")
    assert "no indicators" in page.locator(".empty-state").first.inner_text()
    link.click()
    page.wait_for_url("**/catalogue?lang=en")


def test_catalogue_without_results(page, goto, shot, empty_server):
    """Runs last in this module: it imports the starter catalogue into the module's store."""
    import_catalogue(empty_server.store, read_path(ROOT / "data" / "catalogues" / "starter"), "test")
    for path in ["/", "/region/REO08", "/province/TH-50", "/chain", "/indicator/DROPOUT", "/wall?screen=red"]:
        goto(page, empty_server, path)
        visible_guidance(page, NO_RESULTS, "/upload")
        assert "/api/v1/results" in page.locator(".empty-state:visible").first.inner_text()
        if path == "/":
            shot(page, "empty-store-no-results-nation")
        if path == "/wall?screen=red":
            shot(page, "empty-store-no-results-wall-red")

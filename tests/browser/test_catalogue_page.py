"""The catalogue page in a real browser, on a store that starts empty: it says what to do, a dropped file is
checked first (problems by sheet, row and column, nothing written), then imported with one click."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from cockpit import config
from cockpit.bootstrap import prepare_store
from cockpit.catalogue import files
from cockpit.store import schema
from tests.browser.conftest import LiveServer

FILE_INPUT = "#ct-file input[type=file]"
STARTER = config.DATA_DIR / "catalogues" / "starter"


@pytest.fixture(scope="module")
def empty_server(tmp_path_factory) -> Iterator[LiveServer]:
    import app as cockpit_app

    store = prepare_store(f"duckdb:///{tmp_path_factory.mktemp('catalogue-page') / 'cockpit.duckdb'}", demo=False)
    server = make_server("127.0.0.1", 0, cockpit_app.create_app(store).server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", store=store)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        store.dispose()


def _indicator_count(store) -> int:
    with store.read() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(schema.indicator)).scalar_one()


def _drop(page, name: str, data: bytes) -> None:
    page.set_input_files(FILE_INPUT, files=[{"name": name, "mimeType": "application/zip", "buffer": data}])


def test_an_administrator_checks_then_imports_a_catalogue(page, empty_server, goto, shot, tmp_path):
    store = empty_server.store
    goto(page, empty_server, "/catalogue")  # signed in as an administrator: no token to paste
    page.locator("#ct-empty-hint").wait_for()
    assert page.locator("#ct-apply").is_disabled()

    broken = tmp_path / "broken"
    broken.mkdir()
    for path in STARTER.iterdir():
        (broken / path.name).write_bytes(path.read_bytes())
    indicators = (broken / "indicators.csv").read_text(encoding="utf-8").splitlines()
    indicators[1] = indicators[1].replace(",higher,", ",upwards,", 1)
    (broken / "indicators.csv").write_text("\n".join(indicators) + "\n", encoding="utf-8")
    _drop(page, "broken.zip", files.folder_as_zip(broken))
    page.locator(".ct-problems").wait_for()
    problem = page.locator(".ct-problems tbody tr").first.inner_text()
    assert "indicators" in problem and "2" in problem and "direction" in problem and "upwards" in problem
    assert _indicator_count(store) == 0
    assert page.locator("#ct-apply").is_disabled()

    _drop(page, "starter.zip", files.folder_as_zip(STARTER))
    page.get_by_text("ตรวจสอบผ่าน (ยังไม่บันทึก)").wait_for()
    assert _indicator_count(store) == 0, "a dry run writes nothing"
    page.locator("#ct-apply:not([disabled])").wait_for()
    page.click("#ct-apply")
    page.get_by_text("นำเข้าแคตตาล็อกแล้ว").wait_for()
    assert _indicator_count(store) == 18
    page.locator("#ct-count-indicators .ct-count-value", has_text="18").wait_for(timeout=10_000)
    page.locator(".ct-history tbody tr").first.wait_for()
    assert "user:t-admin-" in page.locator(".ct-history").inner_text()
    shot(page, "catalogue-imported")


def test_the_catalogue_downloads_as_a_workbook(page, empty_server, goto):
    goto(page, empty_server, "/catalogue")
    with page.expect_download() as download:
        page.click("#ct-download-xlsx")
    raw = files.read_bytes(open(download.value.path(), "rb").read(), "cockpit-catalogue.xlsx")
    assert raw.problems == []
    assert "indicators" in raw.headers and "region_provinces" in raw.headers

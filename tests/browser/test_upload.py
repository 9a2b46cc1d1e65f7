"""The upload page in a real browser: a token, a dropped CSV, and the same report as `cockpit import` —
every bad line (in the page's language) and that nothing was written, or the counts; the report survives the
page being rendered again after the import bumped the data version."""

from __future__ import annotations

import sqlalchemy as sa

from cockpit.people.tokens import create_token
from cockpit.store import schema
from tests.browser.conftest import DASH_RENDERED

FILE_INPUT = "#up-file input[type=file]"


def _token(store) -> str:
    with store.write(bump_version=False) as conn:
        return create_token(conn, "ศธจ.แม่ฮ่องสอน (ทดสอบหน้าอัปโหลด)", "national")


def _results(store) -> list[tuple]:
    r = schema.indicator_result
    with store.read() as conn:
        return [
            tuple(row)
            for row in conn.execute(
                sa.select(r.c.indicator_code, r.c.province_code, r.c.fiscal_year_be, r.c.period_no, r.c.value).order_by(
                    *r.primary_key
                )
            )
        ]


def _value(store, indicator: str, province: str, fiscal_year: int) -> float:
    r = schema.indicator_result
    with store.read() as conn:
        return conn.execute(
            sa.select(r.c.value).where(
                r.c.indicator_code == indicator,
                r.c.province_code == province,
                r.c.fiscal_year_be == fiscal_year,
                r.c.period_no == 1,
            )
        ).scalar_one()


def _drop(page, name: str, text: str) -> None:
    page.set_input_files(FILE_INPUT, files=[{"name": name, "mimeType": "text/csv", "buffer": text.encode("utf-8")}])


def test_upload_reports_bad_lines_then_imports(page, live_server, goto, shot):
    store = live_server.store
    old = _value(store, "JI29", "TH-58", 2566)
    goto(page, live_server, "/upload")
    # Signed in (goto signs in as an administrator): no token to paste; the page says as whom it writes.
    assert "ทำรายการในนาม" in page.inner_text("#up-acting-as") and "ทั้งประเทศ" in page.inner_text("#up-acting-as")

    # A file whose last line is bad: that line and its reason, and nothing written.
    before = _results(store)
    bad = (
        "indicator,area,fiscal_year_be,period_no,value\n"
        f"JI29,TH-58,2566,1,{old + 1:g}\n"
        "JI29,แม่ฮ่องสอน,2567,1,4\n"
        "JI29,Atlantis,2566,1,5\n"
    )
    _drop(page, "bad-last-line.csv", bad)
    page.locator(".up-bad-line").first.wait_for()
    report = page.locator("#up-result").inner_text()
    assert "ไม่ได้บันทึกสิ่งใด" in report and "ไม่ได้บันทึกข้อมูลใด ๆ" in report  # in Thai, as the page
    assert "nothing was written" not in report
    rows = page.locator(".up-bad-line")
    assert rows.count() == 1
    assert rows.first.locator(".up-line-no").inner_text().strip() == "4"
    assert "'Atlantis' ไม่ใช่รหัสจังหวัด" in rows.first.locator(".up-line-text").inner_text()
    assert _results(store) == before
    shot(page, "upload")

    # A good file: the counts, and the figure is stored.
    version = store.data_version()
    good = (
        "indicator,area,fiscal_year_be,period_no,value\n"
        f"JI29,TH-58,2566,1,{old + 1:g}\n"
        f"JI29,TH-58,2567,1,{_value(store, 'JI29', 'TH-58', 2567):g}\n"
        "JI29,TH-57,2566,1,\n"
    )
    rerender = page.expect_response(
        lambda r: "_dash-update-component" in r.url and "rendered-version" in (r.request.post_data or ""),
        timeout=15_000,
    )
    with rerender:
        _drop(page, "good.csv", good)
        page.locator(".up-ok").wait_for()
    # The new data version reaches the page (a tick, awaited above) but does not redraw this form page: a redraw
    # would replace the file input under a person dropping the next file; the report stays where it is.
    page.wait_for_timeout(300)
    page.wait_for_function(DASH_RENDERED)
    page.locator(".up-ok").wait_for()
    counts = {
        key: page.locator(f".up-count-{key} .up-count-value").inner_text()
        for key in ("inserted", "updated", "unchanged", "skipped_without_figures")
    }
    assert counts == {"inserted": "0", "updated": "1", "unchanged": "1", "skipped_without_figures": "1"}
    assert _value(store, "JI29", "TH-58", 2566) == old + 1
    assert store.data_version() == version + 1
    shot(page, "upload-done")


def test_upload_page_in_english(page, live_server, goto):
    goto(page, live_server, "/upload?lang=en")
    text = page.locator("#page").inner_text()
    assert "Import indicator results from a file" in text and "Drop a .csv or .xlsx file here" in text

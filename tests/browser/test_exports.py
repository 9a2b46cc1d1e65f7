"""Exports in a real browser: a chart's camera gives a PNG, a table's CSV and XLSX buttons give files that hold what
the grid shows (its header names in the page's language, its rows in the shown order, its cells as shown)."""

from __future__ import annotations

import csv
import io
from urllib.parse import urlsplit

import openpyxl

from cockpit.read import views
from cockpit.room import alerts, comments
from tests.browser.conftest import ARRIVAL_TIMEOUT_MS, artifacts_dir
from tests.signin import ADMINISTRATOR

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
WALL = {"width": 1920, "height": 1080}
LEAGUE = "#indicator-league"


def _settled(page) -> None:
    page.wait_for_function(
        """() => !document.querySelector('._dash-loading, ._dash-loading-callback, [data-dash-is-loading="true"]')"""
    )


def _download(page, click, timeout_ms: int = 30_000):
    """Run `click`, wait for the browser's download, keep it under <artifacts>/downloads/ and return its suggested
    name and bytes."""
    with page.expect_download(timeout=timeout_ms) as info:
        click()
    download = info.value
    assert download.failure() is None, download.failure()
    target = artifacts_dir() / "downloads" / download.suggested_filename
    target.parent.mkdir(parents=True, exist_ok=True)
    download.save_as(target)
    return download.suggested_filename, target.read_bytes()


def _shown_grid(page, selector: str) -> tuple[list[str], list[list[str]]]:
    """Header names and every row's cell texts as the grid draws them (pinned and centre columns joined by row)."""
    return page.evaluate(
        """(selector) => {
            const grid = document.querySelector(selector);
            const headers = [...grid.querySelectorAll('.ag-header-row-column .ag-header-cell')]
                .sort((a, b) => a.getBoundingClientRect().left - b.getBoundingClientRect().left)
                .map((cell) => cell.querySelector('.ag-header-cell-text').innerText.trim());
            const rows = {};
            for (const row of grid.querySelectorAll('.ag-row')) {
                const index = Number(row.getAttribute('row-index'));
                const cells = [...row.querySelectorAll('.ag-cell')].map((cell) => [cell.getBoundingClientRect().left,
                    cell.innerText.trim()]);
                rows[index] = (rows[index] || []).concat(cells);
            }
            const ordered = Object.keys(rows).map(Number).sort((a, b) => a - b)
                .map((index) => rows[index].sort((a, b) => a[0] - b[0]).map((cell) => cell[1]));
            return [headers, ordered];
        }""",
        selector,
    )


def test_a_chart_exports_as_png_from_its_camera(page, live_server, goto, shot):
    page.set_viewport_size(WALL)
    goto(page, live_server, "/indicator/JI01")
    chart = page.locator(".cic-trend-panel .js-plotly-plot")
    chart.locator(".scatterlayer .trace").first.wait_for()
    chart.hover()
    camera = chart.locator('.modebar-btn[data-title="ดาวน์โหลดแผนภูมิเป็นภาพ PNG"]')
    camera.wait_for()
    assert chart.locator(".modebar-btn").count() == 1, "the camera is the mode bar's only button"
    shot(page, "exports-chart-camera")
    name, content = _download(page, camera.click)
    assert name == "JI01-trend-national.png"
    assert content.startswith(PNG_SIGNATURE) and len(content) > 10_000
    # The image is drawn at twice the chart's size on screen, for print.
    width = int.from_bytes(content[16:20], "big")
    assert width == 2 * round(chart.bounding_box()["width"])


def test_a_map_exports_as_png_in_english(page, live_server, goto):
    page.set_viewport_size(WALL)
    goto(page, live_server, "/region/REO08?lang=en")
    chart = page.locator(".js-plotly-plot:has(.choroplethlayer)").first
    chart.locator(".choroplethlayer path").first.wait_for()
    chart.hover()
    camera = chart.locator('.modebar-btn[data-title="Download plot as a PNG"]')
    name, content = _download(page, camera.click)
    assert name.startswith("REO08-") and name.endswith(".png") and "-map-" in name
    assert content.startswith(PNG_SIGNATURE)


def test_the_league_table_exports_what_it_shows_as_csv_and_xlsx(page, live_server, goto, shot):
    page.set_viewport_size(WALL)
    goto(page, live_server, "/indicator/JI01")
    page.locator(f"{LEAGUE} .ag-row").first.wait_for()
    _settled(page)
    headers, rows = _shown_grid(page, LEAGUE)
    assert headers[:2] == ["ลำดับ", "จังหวัด"] and len(rows) == 77
    panel = page.locator("#indicator-league-panel")
    shot(page, "exports-league-buttons")

    name, content = _download(page, panel.get_by_role("button", name="CSV").click)
    assert name.startswith("JI01-") and name.endswith(".csv")
    assert content.startswith("\ufeff".encode()), "a byte order mark, so Excel reads Thai"
    table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert table[0] == headers
    assert table[1:] == rows

    name, content = _download(page, panel.get_by_role("button", name="XLSX").click)
    assert name.startswith("JI01-") and name.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert cells[0] == headers
    shown = [[cell.number_format, cell.value] for cell in sheet[2]]
    assert len(cells) == 1 + len(rows)
    # Each cell reads as on screen: text as text, a number with the decimals and grouping it was shown with.
    for row_no, row in enumerate(rows, start=2):
        for col_no, text in enumerate(row, start=1):
            cell = sheet.cell(row=row_no, column=col_no)
            if isinstance(cell.value, int | float):
                decimals = len(text.split(".")[1]) if "." in text else 0
                assert f"{abs(cell.value):,.{decimals}f}" == text.lstrip("+−-"), (cell.coordinate, text, shown)
            else:
                assert (cell.value or "") == text, (cell.coordinate, text)


def test_a_sorted_filtered_table_exports_in_its_shown_order(page, live_server, goto, shot):
    """The catalogue's indicators sorted by code descending (two clicks on the header) and filtered to the codes
    holding "JI1" (the column filter's model, set through the grid's API as its menu would): the CSV and the
    workbook hold those rows in that order, with English headers."""
    page.set_viewport_size(WALL)
    goto(page, live_server, "/catalogue?lang=en")
    grid = "#ct-indicators"
    page.locator(f"{grid} .ag-row").first.wait_for()
    all_rows = page.locator(f"{grid} .ag-center-cols-container .ag-row").count()
    header = page.locator(f'{grid} .ag-header-cell[col-id="code"] .ag-header-cell-label')
    header.click()
    header.click()
    page.evaluate(
        """async () => {
            const api = window.dash_ag_grid.getApi('ct-indicators');
            await api.setColumnFilterModel('code', {filterType: 'text', type: 'contains', filter: 'JI1'});
            api.onFilterChanged();
        }"""
    )
    page.wait_for_function(
        "([selector, before]) => document.querySelectorAll(selector).length < before",
        arg=[f"{grid} .ag-center-cols-container .ag-row", all_rows],
    )
    page.wait_for_timeout(300)
    headers, rows = _shown_grid(page, grid)
    assert headers[:2] == ["Code", "Indicator"]
    codes = [row[0] for row in rows]
    assert codes and codes == sorted(codes, reverse=True) and all("JI1" in code for code in codes)
    shot(page, "exports-catalogue-sorted-filtered")
    buttons = page.locator(f".table-exportable:has({grid}) .table-export")

    name, content = _download(page, buttons.get_by_role("button", name="CSV").click)
    assert name.startswith("catalogue-indicators-") and name.endswith(".csv")
    table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert table[0] == headers
    assert table[1:] == rows

    name, content = _download(page, buttons.get_by_role("button", name="XLSX").click)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert [cell.value for cell in sheet[1]] == headers
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == codes


def test_a_region_status_grid_exports_its_provinces_and_indicators(page, live_server, goto):
    """A grid with a pattern-matching id and a pinned province column (the region's status grid per value-chain
    stage): the CSV holds the province names and each cell's symbol and value, as drawn."""
    page.set_viewport_size(WALL)
    goto(page, live_server, "/region/REO08")
    block = page.locator("#grid-upstream")
    block.locator(".ag-center-cols-container .ag-row").first.wait_for()
    _settled(page)
    headers, rows = _shown_grid(page, "#grid-upstream .rp-grid")
    assert headers[0] == "จังหวัด" and len(rows) >= 3
    name, content = _download(page, block.get_by_role("button", name="CSV").click)
    assert name.startswith("REO08-upstream-") and name.endswith(".csv")
    table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert table[0] == headers
    assert table[1:] == rows


def test_a_plain_html_table_exports_what_it_shows(page, live_server, goto, shot):
    """The nation page's region ranking (an HTML table, not a grid): its CSV and XLSX hold the drawn header and rows."""
    page.set_viewport_size(WALL)
    goto(page, live_server, "/")
    table = page.locator("table.region-table")
    table.wait_for()
    _settled(page)
    headers, rows = page.evaluate(
        """() => {
            const table = document.querySelector('table.region-table');
            const text = (cell) => cell.innerText.replace(/\\s+/g, ' ').trim();
            return [[...table.querySelectorAll('thead tr:last-child th')].map(text),
                    [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map(text))];
        }"""
    )
    assert len(headers) >= 3 and len(rows) == 18
    panel = page.locator(".table-exportable", has=table)
    name, content = _download(page, panel.get_by_role("button", name="CSV").click)
    assert "-regions-table-" in name and name.endswith(".csv")
    exported = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert exported[0] == headers and exported[1:] == rows
    name, content = _download(page, panel.get_by_role("button", name="XLSX").click)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert [cell.value for cell in sheet[1]] == headers and sheet.max_row == 1 + len(rows)
    shot(page, "exports-region-table")


def test_a_sparkline_exports_as_png_without_following_its_tile_s_link(page, live_server, goto, shot):
    """A key indicator's tile on the nation page is a link to the indicator; the camera of its sparkline gives the
    PNG and leaves the page where it is, while a click elsewhere on the sparkline still opens the indicator."""
    page.set_viewport_size(WALL)
    goto(page, live_server, "/")
    tile = page.locator("a.tile").first
    chart = tile.locator(".js-plotly-plot")
    chart.locator(".scatterlayer .trace").first.wait_for()
    _settled(page)
    code = tile.get_attribute("href").split("?")[0].rsplit("/", 1)[1]
    chart.hover()
    camera = chart.locator('.modebar-btn[data-title="ดาวน์โหลดแผนภูมิเป็นภาพ PNG"]')
    camera.wait_for()
    assert chart.locator(".modebar-btn").count() == 1, "the camera is the mode bar's only button"
    shot(page, "exports-sparkline-camera")
    name, content = _download(page, camera.click)
    assert name.startswith(f"{code}-trend-25") and name.endswith(".png")
    assert content.startswith(PNG_SIGNATURE)
    assert int.from_bytes(content[16:20], "big") == 2 * round(chart.bounding_box()["width"])
    page.wait_for_timeout(500)  # a navigation the click set off would have begun by now
    assert urlsplit(page.url).path == "/", "the camera does not follow the tile's link"
    assert page.locator("a.tile").count() > 0

    box = chart.bounding_box()
    page.mouse.click(box["x"] + 10, box["y"] + box["height"] - 10)
    page.wait_for_url(f"**/indicator/{code}*")


def test_an_alert_rule_table_exports_each_rule_s_state_without_its_button(page, live_server, goto, shot):
    """/alerts' rules (a plain table whose last cell holds the state and the on/off button): the CSV and XLSX hold
    every drawn column, the state's words and not the button's."""
    store = live_server.store
    with store.write() as conn:
        rule = alerts.add_rule(conn, "status_enters", "user:test", level="orange", indicator_code="JI01")
        alerts.set_enabled(conn, "rule", rule, False, "user:test")  # off: it fires nothing in other tests
    page.set_viewport_size(WALL)
    goto(page, live_server, "/alerts")
    table = page.locator("#al-rules table")
    table.wait_for()
    _settled(page)
    headers, rows = page.evaluate(
        """() => {
            const table = document.querySelector('#al-rules table');
            const text = (cell) => cell.innerText.replace(/\\s+/g, ' ').trim();
            return [[...table.querySelectorAll('thead th')].map(text),
                    [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map(text))];
        }"""
    )
    drawn = next(row for row in rows if row[0] == str(rule))
    assert drawn[-1] == "✖ ปิดอยู่ เปิดใช้", "the state and the button beside it"
    panel = page.locator("#al-rules .table-exportable")
    shot(page, "exports-alert-rules")

    name, content = _download(page, panel.get_by_role("button", name="CSV").click)
    assert name.startswith("alert-rules-") and name.endswith(".csv")
    exported = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert exported[0] == headers and len(exported) == 1 + len(rows)
    assert [row[:-1] for row in exported[1:]] == [row[:-1] for row in rows]
    mine = next(row for row in exported[1:] if row[0] == str(rule))
    assert mine[-1] == "✖ ปิดอยู่" and mine[2:4] == ["สีส้มหรือแดง", "JI01"]
    assert all(row[-1] in ("✔ ใช้งาน", "✖ ปิดอยู่") for row in exported[1:])
    assert page.locator("#al-rules button.al-switch").first.is_visible(), "the buttons are back once read"

    name, content = _download(page, panel.get_by_role("button", name="XLSX").click)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert [[cell.value or "" for cell in row] for row in sheet.iter_rows()][0] == headers
    assert [str(c) for c in next(r for r in sheet.iter_rows(values_only=True) if r[0] == str(rule))] == mine


def test_a_region_grid_cell_shows_its_comment_count_and_exports_it_in_words(page, live_server, goto, shot):
    """A province's figure with comments in the region's grid: the bubble and the count beside it, a link to the
    province's thread on that indicator; the CSV holds the cell as drawn, the count with its noun."""
    page.set_viewport_size(WALL)
    goto(page, live_server, "/region/REO08")
    block = page.locator("#grid-upstream")
    block.locator(".ag-center-cols-container .ag-row").first.wait_for()
    _settled(page)
    column = block.locator(".ag-header-cell[col-id]:not([col-id='province'])").first.get_attribute("col-id")
    area = block.locator(".ag-center-cols-container .ag-row[row-id]").first.get_attribute("row-id")
    with live_server.store.read() as conn:
        year = views.region_view(conn, "REO08", None, None, None)["fiscal_year_be"]
    request = comments.CommentRequest(indicator=column, area=area, fiscal_year_be=year, text="ดูตัวเลขนี้ในกริด")
    with live_server.store.write() as conn:
        comments.post_comment(conn, request, ADMINISTRATOR)
        n = comments.counts(conn, year)[(column, area)]

    cell = block.locator(f".ag-center-cols-container .ag-row[row-id='{area}'] .ag-cell[col-id='{column}']")
    count = cell.locator(f".rp-grid-count[title='{n} ความเห็น']")
    count.wait_for(timeout=ARRIVAL_TIMEOUT_MS)  # the page renders again for the new data version
    _settled(page)
    assert count.locator(".fc-count-n").inner_text() == str(n)
    assert cell.inner_text().strip().endswith(f" {n} ความเห็น"), "the noun is read with the count"
    block.scroll_into_view_if_needed()
    shot(page, "region-grid-comment-count")

    headers, rows = _shown_grid(page, "#grid-upstream .rp-grid")
    name, content = _download(page, block.get_by_role("button", name="CSV").click)
    table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert table[0] == headers and table[1:] == rows
    assert any(cell_text.endswith(f" {n} ความเห็น") for row in table[1:] for cell_text in row)

    count.click()
    page.wait_for_url(f"**/province/{area}?*ind={column}*")

"""The forecast and the what-if in a real browser at wall size: the indicator page shows its projection to the
fiscal year's end (badge, method, the projection on the trend chart, a league column); typing another target
(or wider yellow and orange gaps) in the what-if changes a province's status on screen, marked "what-if, not
saved", and the reset puts it back;
the province page carries a projection on its cards."""

from cockpit.read import views
from layouts.i18n import t
from layouts.status import SYMBOLS

WALL = {"width": 1920, "height": 1080}
CODE, PERIOD = "JI15", 5


def _settled(page) -> None:
    page.wait_for_function(
        """() => !document.querySelector('._dash-loading, ._dash-loading-callback, [data-dash-is-loading="true"]')"""
    )


def _shown(status: str) -> str:
    """A status as the league's English status column shows it."""
    return f"{SYMBOLS[status]} {t(status, 'en')}"


def _status_cell(page, area: str):
    return page.locator(f'#indicator-league .ag-row[row-id="{area}"] .ag-cell[col-id="status"]').first


def _changed_area(store) -> tuple[str, float, str, str]:
    """A province whose status a target ten points higher changes: (area, moved target, before, after)."""
    with store.read() as conn:
        stored = views.indicator_view(conn, CODE, period_no=PERIOD)
        moved = stored["national_target"].value + 10
        harder = views.what_if_view(conn, CODE, stored["fiscal_year_be"], PERIOD, None, moved)
    before = {row["area"]: row["status"] for row in stored["league"]}
    area, after = next((row["area"], row["status"]) for row in harder["league"] if row["status"] != before[row["area"]])
    return area, moved, before[area], after


def test_the_projection_shows_and_a_moved_target_changes_a_provinces_status(page, live_server, goto, shot):
    page.set_viewport_size(WALL)
    goto(page, live_server, f"/indicator/{CODE}?period={PERIOD}&lang=en")

    badge = page.locator("#indicator-forecast")
    assert "Projected at FY end" in badge.inner_text()
    assert any(word in badge.inner_text() for word in ("On course", "At risk", "Uncertain"))
    assert "least-squares" in page.locator("#indicator-forecast-method").inner_text()
    page.locator(".cic-trend-panel .js-plotly-plot .scatterlayer .trace").first.wait_for()
    assert "Projection" in page.locator(".cic-trend-panel .js-plotly-plot .legend").text_content()
    assert page.locator(".cic-trend-panel .js-plotly-plot .errorbar").count() >= 1
    page.locator('#indicator-league .ag-header-cell[col-id="projected"]').wait_for()
    assert page.locator('#indicator-league .ag-cell[col-id="projected"]').count() >= 10
    assert not page.locator("#wi-active").is_visible()
    shot(page, "forecast-indicator")

    area, moved, before, after = _changed_area(live_server.store)
    cell = _status_cell(page, area)
    cell.scroll_into_view_if_needed()
    assert cell.inner_text().strip() == _shown(before)
    green_before = page.locator('#wi-counts [data-status="green"]').inner_text()
    national_before = page.locator("#indicator-national-status").inner_text()

    page.locator("#wi-target").scroll_into_view_if_needed()
    page.fill("#wi-target", f"{moved:g}")
    page.locator("#wi-active").wait_for(state="visible")
    page.wait_for_function(
        "([area, word]) => { const c = document.querySelector("
        "`#indicator-league .ag-row[row-id='${area}'] .ag-cell[col-id='status']`);"
        " return !!c && c.innerText.trim() === word; }",
        arg=[area, _shown(after)],
    )
    _settled(page)
    assert "What-if, not saved" in page.locator("#wi-active").inner_text()
    assert page.locator('#wi-counts [data-status="green"]').inner_text() != green_before
    assert page.locator("#indicator-national-status").inner_text() != national_before
    shot(page, "forecast-what-if")

    page.locator("#wi-reset").click()
    page.locator("#wi-active").wait_for(state="hidden")
    page.wait_for_function(
        "([area, word]) => { const c = document.querySelector("
        "`#indicator-league .ag-row[row-id='${area}'] .ag-cell[col-id='status']`);"
        " return !!c && c.innerText.trim() === word; }",
        arg=[area, _shown(before)],
    )
    assert page.locator('#wi-counts [data-status="green"]').inner_text() == green_before
    assert page.locator("#indicator-national-status").inner_text() == national_before


def _wider_gaps_area(store) -> tuple[str, tuple[float, float], str, str]:
    """A province whose status gaps three times as wide change: (area, the gaps, before, after)."""
    with store.read() as conn:
        stored = views.indicator_view(conn, CODE, period_no=PERIOD)
        ind = stored["indicator"]
        gaps = (ind["yellow_gap"] * 3, ind["orange_gap"] * 3)
        wider = views.what_if_view(conn, CODE, stored["fiscal_year_be"], PERIOD, None, None, gaps)
    before = {row["area"]: row["status"] for row in stored["league"]}
    area, after = next((row["area"], row["status"]) for row in wider["league"] if row["status"] != before[row["area"]])
    return area, gaps, before[area], after


def _wait_for_status(page, area: str, status: str) -> None:
    page.wait_for_function(
        "([area, word]) => { const c = document.querySelector("
        "`#indicator-league .ag-row[row-id='${area}'] .ag-cell[col-id='status']`);"
        " return !!c && c.innerText.trim() === word; }",
        arg=[area, _shown(status)],
    )


def test_moved_yellow_and_orange_gaps_redraw_the_statuses(page, live_server, goto, shot):
    """Typing wider gaps (the orange first, then the yellow) recolours a province at once, marked 'what-if, not
    saved'; a yellow gap past the orange one is refused in words; the reset brings back the stored gaps."""
    page.set_viewport_size(WALL)
    goto(page, live_server, f"/indicator/{CODE}?period={PERIOD}&lang=en")
    area, (yellow, orange), before, after = _wider_gaps_area(live_server.store)
    stored_yellow = page.locator("#wi-yellow-gap").input_value()
    _status_cell(page, area).scroll_into_view_if_needed()
    _wait_for_status(page, area, before)

    page.locator("#wi-orange-gap").scroll_into_view_if_needed()
    page.fill("#wi-orange-gap", f"{orange:g}")
    page.fill("#wi-yellow-gap", f"{orange + 1:g}")
    page.locator("#wi-gap-note").filter(has_text="orange gap must be at least").wait_for()
    page.fill("#wi-yellow-gap", f"{yellow:g}")
    page.locator("#wi-active").wait_for(state="visible")
    _wait_for_status(page, area, after)
    _settled(page)
    assert page.locator("#wi-gap-note").inner_text() == ""
    shot(page, "forecast-what-if-gaps")

    page.locator("#wi-reset").click()
    page.locator("#wi-active").wait_for(state="hidden")
    _wait_for_status(page, area, before)
    assert page.locator("#wi-yellow-gap").input_value() == stored_yellow


def test_the_province_page_shows_a_projection_on_its_cards(page, live_server, goto, shot):
    page.set_viewport_size(WALL)
    goto(page, live_server, "/province/TH-50")

    assert "คาดการณ์สิ้นปีงบ" in page.locator("#province-forecast-note").inner_text()
    card = page.locator('[id*="JI15"].rp-card').first
    assert "คาดการณ์สิ้นปีงบ" in card.locator(".fc-badge").inner_text()
    assert page.locator(".rp-card .fc-badge").count() >= 20
    yearly = page.locator('[id*="JI01"].rp-card .fc-badge').first
    assert "ข้อมูลยังไม่พอคาดการณ์" in yearly.inner_text()
    shot(page, "forecast-province")

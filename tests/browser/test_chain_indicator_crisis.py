"""The chain, indicator and crisis pages in a real browser at wall size (1920×1080): drilling from a Y1 goal to an
indicator and on to a province, and the crisis page loading clean. The `page` fixture fails any test on
console errors, page errors or requests leaving the machine."""

import re

WALL = {"width": 1920, "height": 1080}


def _wait_for(page, selector: str, text: str) -> None:
    page.wait_for_function(
        "([selector, text]) => { const el = document.querySelector(selector);"
        " return !!el && el.innerText.includes(text); }",
        arg=[selector, text],
    )


def _settled(page) -> None:
    page.wait_for_function(
        """() => !document.querySelector('._dash-loading, ._dash-loading-callback, [data-dash-is-loading="true"]')"""
    )


def test_drill_from_a_y1_goal_to_its_indicator_and_a_province(page, live_server, goto, shot):
    page.set_viewport_size(WALL)
    goto(page, live_server, "/chain")

    y1 = page.locator(".cic-depth-2 a.cic-node").nth(1)
    code = y1.locator(".cic-code").inner_text().strip()
    y1.click()
    page.wait_for_url(re.compile(rf"/chain\?node={code}$"))
    _wait_for(page, "#chain-detail", code)
    _settled(page)
    assert "Y1" in page.locator("#chain-detail").inner_text()
    selected = page.locator("a.cic-node-selected")
    assert selected.count() == 1 and code in selected.inner_text()
    assert page.locator("#chain-indicators a.cic-ind-link").count() >= 1
    assert page.locator("#chain-red-provinces .js-plotly-plot").count() == 1
    shot(page, "chain")

    indicator = page.locator("#chain-indicators a.cic-ind-link").first
    indicator_code = indicator.locator(".cic-code").inner_text().strip()
    indicator.click()
    page.wait_for_url(re.compile(rf"/indicator/{indicator_code}$"))
    page.locator("#indicator-question").wait_for()
    page.locator("#indicator-league .ag-row").first.wait_for()
    page.locator(".cic-bars-panel .js-plotly-plot .bars path").first.wait_for()
    _settled(page)
    page.wait_for_timeout(300)
    assert page.locator("#indicator-league .ag-row").count() >= 10
    shot(page, "indicator")

    bar = page.locator(".cic-bars-panel .js-plotly-plot .bars path").first
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(re.compile(r"/province/TH-\d{2}$"))


def test_a_province_in_the_league_table_opens_its_page(page, live_server, goto):
    page.set_viewport_size(WALL)
    goto(page, live_server, "/indicator/JI24?lang=en")

    cell = page.locator('#indicator-league .ag-row[row-index="0"] .ag-cell[col-id="province"]')
    cell.scroll_into_view_if_needed()
    row_id = page.locator('#indicator-league .ag-row[row-index="0"]').first.get_attribute("row-id")
    cell.click()
    page.wait_for_url(re.compile(rf"/province/{row_id}\?lang=en$"))


def test_the_crisis_page_loads_clean(page, live_server, goto, shot):
    page.set_viewport_size(WALL)
    goto(page, live_server, "/crisis")

    assert page.locator("#crisis-totals .cic-total").count() == 8
    open_events = page.locator("#crisis-events article").count()
    assert open_events >= 1
    page.locator(".cic-map-panel .js-plotly-plot .choroplethlayer path").first.wait_for()
    shot(page, "crisis")

    page.locator("#crisis-closed-toggle").click()
    page.wait_for_url(re.compile(r"/crisis\?closed=1$"))
    _wait_for(page, "#crisis-closed-toggle", "แสดงเฉพาะ")
    assert page.locator("#crisis-events article").count() > open_events

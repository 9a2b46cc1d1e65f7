"""Region and province pages in a real browser: drill down from the nation by the ranking table, the grid
and the map, and come back with the browser's back button. The `page` fixture fails any of these on console
errors, page errors or requests leaving the machine."""

from __future__ import annotations

import re

from tests.browser.conftest import DASH_RENDERED

WALL = {"width": 1920, "height": 1080}
GRID_ROWS = ".rp-grid .ag-center-cols-container .ag-row"
PROVINCE_CELLS = ".rp-grid .ag-pinned-left-cols-container .ag-cell[col-id='province']"

# A point inside a province's polygon on the map, in page coordinates, found with the SVG's own geometry
# (the path's bound datum carries the ISO code as `loc`); the largest province if none is named.
POINT_IN_PROVINCE = """(code) => {
    const paths = [...document.querySelectorAll('.province-map path.choroplethlocation')]
        .filter(p => p.__data__ && p.__data__.loc);
    let path = paths.find(p => p.__data__.loc === code);
    if (!path) {
        path = paths.reduce((a, b) => {
            const ba = a.getBBox(), bb = b.getBBox();
            return ba.width * ba.height >= bb.width * bb.height ? a : b;
        });
    }
    const box = path.getBBox(), svg = path.ownerSVGElement, ctm = path.getScreenCTM();
    const candidates = [];
    for (let i = 1; i < 24; i++) for (let j = 1; j < 24; j++) {
        candidates.push([box.x + box.width * i / 24, box.y + box.height * j / 24]);
    }
    const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
    candidates.sort((a, b) => Math.hypot(a[0] - cx, a[1] - cy) - Math.hypot(b[0] - cx, b[1] - cy));
    for (const [x, y] of candidates) {
        const pt = svg.createSVGPoint();
        pt.x = x; pt.y = y;
        if (path.isPointInFill(pt)) {
            const screen = pt.matrixTransform(ctm);
            return {code: path.__data__.loc, x: screen.x, y: screen.y};
        }
    }
    return null;
}"""


def settle(page, url_pattern: str) -> None:
    """After an in-app navigation: the URL has changed and Dash has rendered the new page."""
    page.wait_for_url(re.compile(url_pattern))
    page.wait_for_function(DASH_RENDERED)
    page.wait_for_timeout(300)
    page.wait_for_function(DASH_RENDERED)


def test_drill_down_nation_region_province_and_back(page, live_server, goto, shot):
    page.set_viewport_size(WALL)
    goto(page, live_server, "/")

    region_link = page.locator("#page .region-table a.region-link").first
    region_name = region_link.inner_text().strip()
    region_link.click()
    settle(page, r"/region/REO\d\d")
    page.locator(GRID_ROWS).first.wait_for()
    assert region_name in page.locator("#page h1").inner_text()
    assert page.locator(".rp-grid-panel").is_visible()

    cell = page.locator(PROVINCE_CELLS).first
    province_name = cell.inner_text().strip()
    cell.click()
    settle(page, r"/province/TH-\d\d")
    assert province_name in page.locator("#page h1").inner_text()
    assert page.locator("#page .rp-card").count() >= 1

    page.go_back()
    settle(page, r"/region/REO\d\d")
    page.go_back()
    page.wait_for_url(re.compile(r"^[^?#]*//[^/]+/(\?.*)?$"))
    page.wait_for_function(DASH_RENDERED)
    assert page.locator("#page .region-table").count() == 1


def test_region_page_in_thai_and_a_map_click_opens_the_province(page, live_server, goto, shot):
    page.set_viewport_size(WALL)
    goto(page, live_server, "/region/REO08")

    assert page.locator(GRID_ROWS).count() >= 1
    assert "สำนักงานศึกษาธิการภาค 8" in page.locator("#page h1").inner_text()
    assert "ต้นน้ำ" in page.locator(".rp-grids").inner_text()
    page.locator(".province-map path.choroplethlocation").first.wait_for()
    shot(page, "region")

    page.locator(".province-map").scroll_into_view_if_needed()
    point = page.evaluate(POINT_IN_PROVINCE, None)
    assert point, "no point inside a province on the map"
    page.mouse.move(point["x"], point["y"])
    page.mouse.click(point["x"], point["y"])
    settle(page, rf"/province/{point['code']}")
    assert page.locator("#page .rp-card").count() >= 1


def test_province_page_shows_stages_cards_and_crises(page, live_server, goto, shot):
    page.set_viewport_size(WALL)
    goto(page, live_server, "/province/TH-50")

    text = page.locator("#page").inner_text()
    for word in ("เชียงใหม่", "Chiang Mai", "ต้นน้ำ", "กลางน้ำ", "ปลายน้ำ", "เจ้าภาพ", "สพป.เชียงใหม่ เขต 1"):
        assert word in text, word
    assert re.search(r"อันดับ \d+ จาก \d+", text)
    assert page.locator("#page .rp-card .rp-trend").count() >= 1
    assert page.locator("#page .rp-crisis").count() >= 1
    shot(page, "province")

    page.locator("#page .rp-card-title").first.click()
    settle(page, r"/indicator/JI\d\d")


def test_province_page_in_english_keeps_the_language_in_its_links(page, live_server, goto):
    goto(page, live_server, "/province/TH-50?lang=en")

    text = page.locator("#page").inner_text()
    for word in ("Chiang Mai", "เชียงใหม่", "Upstream", "Midstream", "Downstream", "Host agency", "Status log"):
        assert word in text, word
    assert re.search(r"Rank \d+ of \d+", text)
    assert "ต้นน้ำ" not in text
    hrefs = page.locator("#page a.rp-card-title").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs and all("lang=en" in h for h in hrefs)


def test_the_grid_s_province_names_are_real_links_and_the_page_says_its_language(page, live_server, goto):
    page.set_viewport_size(WALL)
    goto(page, live_server, "/region/REO08?fy=2568")
    assert page.evaluate("document.documentElement.lang") == "th"
    link = page.locator(f"{PROVINCE_CELLS} a.rp-grid-link").first
    target = link.get_attribute("href")
    assert re.fullmatch(r"/province/TH-\d\d\?fy=2568", target), target
    headers = page.locator(".rp-grid .ag-header-cell-text").all_inner_texts()
    assert headers and not any(re.fullmatch(r"JI\d\d", h.strip()) for h in headers), "short names, not bare codes"
    page.evaluate("window.__sameDocument = true")
    link.click()
    page.wait_for_url(re.compile(r"/province/TH-\d\d\?fy=2568$"))
    page.wait_for_function(DASH_RENDERED)
    assert page.evaluate("window.__sameDocument === true"), "followed in place, without a reload"
    goto(page, live_server, "/region/REO08?lang=en")
    assert page.evaluate("document.documentElement.lang") == "en"

"""The shell in a real browser: the nation page in Thai and English, the bundled Thai font and the
not-found page.

The `page` fixture fails any of these on console errors, page errors or requests leaving the machine.
"""

THAI_FONT_IN_USE = """async () => {
    await document.fonts.ready;
    const sarabun = [...document.fonts].filter(face => face.family.replace(/["']/g, '') === 'Sarabun');
    return {
        check: document.fonts.check('16px Sarabun', 'ทดสอบ'),
        body: getComputedStyle(document.body).fontFamily,
        thaiLoaded: sarabun.some(face => face.status === 'loaded' && face.unicodeRange.includes('U+E01')),
    };
}"""


def test_nation_page_loads_offline_in_thai_with_demo_banner_and_tiles(page, live_server, goto, shot):
    goto(page, live_server, "/")

    banner = page.locator("#demo-banner")
    assert banner.is_visible()
    assert "ข้อมูลสาธิต" in banner.inner_text()
    tiles = page.locator("#page .tile")
    assert tiles.count() >= 1
    assert tiles.first.locator(".tile-title").inner_text().strip()
    assert tiles.first.locator(".tile-value").inner_text().strip()
    path = shot(page, "nation")
    assert path.is_file() and path.stat().st_size > 0


def test_english_on_request(page, live_server, goto):
    goto(page, live_server, "/?lang=en")

    assert "DEMO DATA" in page.locator("#demo-banner").inner_text()
    header = page.locator("#header").inner_text()
    assert "Ministry of Education" in header
    assert "ข้อมูลสาธิต" not in header


def test_the_bundled_thai_font_is_used(page, live_server, goto):
    goto(page, live_server, "/")

    fonts = page.evaluate(THAI_FONT_IN_USE)
    assert fonts["body"].replace('"', "").replace("'", "").startswith("Sarabun"), fonts
    assert fonts["thaiLoaded"], f"the Thai Sarabun face was not loaded from assets/fonts: {fonts}"
    assert fonts["check"], fonts


def test_an_unknown_path_shows_not_found(page, live_server, goto, expected_console):
    goto(page, live_server, "/no-such-page")
    expected_console(page, "status of 404")  # the first load answers 404, as the page then says

    assert "ไม่พบหน้าที่ต้องการ" in page.locator("#page").inner_text()
    assert page.locator("#page .tile").count() == 0

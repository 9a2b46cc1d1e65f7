"""The wall kiosk in Chromium: every wall fits a full-HD and a 4K screen with no scrollbar, no text under
20 px, no text cut by an ellipsis or a clipped box, at most six frames, trends with their time axis; walls
rotate in step by the clock; the flight deck (API or /deck console) reaches an open wall with no reload (how
fast: bench/deck_latency.py). Tests that move the deck put it back to rotation: the live server is shared."""

from __future__ import annotations

import time

import pytest
import requests
import sqlalchemy as sa

from cockpit.people.tokens import create_token
from cockpit.read import queries
from cockpit.read.completeness import not_reported
from cockpit.room import deck
from cockpit.store import schema
from tests.browser.conftest import ARRIVAL_TIMEOUT_MS, RENDER_TIMEOUT_MS, signed_in_cookies
from tests.browser.conftest import goto as goto_page

WALLS = ("black", "red", "blue", "white")
SIZES = {"1080p": (1920, 1080), "2160p": (3840, 2160)}

LAYOUT_PROBLEMS = """() => {
    const root = document.documentElement;
    const problems = [];
    if (root.scrollWidth > innerWidth || root.scrollHeight > innerHeight) {
        problems.push(`page ${root.scrollWidth}x${root.scrollHeight} in a ${innerWidth}x${innerHeight} window`);
    }
    const visible = (el) => {
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        return style.visibility === 'visible' && style.display !== 'none' && box.width > 0 && box.height > 0;
    };
    const frames = [...document.querySelectorAll('.wall-frame')].filter(visible);
    if (frames.length > 6) problems.push(`${frames.length} frames on one wall`);
    for (const frame of frames) {
        if (frame.scrollHeight > frame.clientHeight + 1) {
            problems.push(`frame ${frame.dataset.kind} overflows: ${frame.scrollHeight} > ${frame.clientHeight}`);
        }
    }
    const inside = (box, outer) => box.left >= outer.left - 1 && box.right <= outer.right + 1
        && box.top >= outer.top - 1 && box.bottom <= outer.bottom + 1;
    const apart = (box, outer) => box.right <= outer.left || box.left >= outer.right
        || box.bottom <= outer.top || box.top >= outer.bottom;
    for (const el of document.querySelectorAll('#wall-room *, #connection')) {
        const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
        if (!own || !visible(el) || el.closest('svg')) continue;
        const text = el.textContent.trim().slice(0, 40);
        const style = getComputedStyle(el);
        const size = parseFloat(style.fontSize);
        if (size < 20) problems.push(`${size}px text: ${text}`);
        // Truncation in effect, on the element or the block that holds it: an ellipsis or a line clamp that
        // cuts its text, or a box that hides what it holds.
        for (let box = el; box && box.id !== 'wall-room'; box = box.parentElement) {
            const s = getComputedStyle(box);
            if (s.textOverflow === 'ellipsis' && box.scrollWidth > box.clientWidth + 1) {
                problems.push(`ellipsis cuts: ${text}`);
                break;
            }
            if (s.webkitLineClamp && s.webkitLineClamp !== 'none' && box.scrollHeight > box.clientHeight + 1) {
                problems.push(`line clamp cuts: ${text}`);
                break;
            }
            if (box.classList.contains('wall-frame')) break;
        }
        // A box cut by the frame or the screen that holds it; a whole row wrapped out of sight is not cut.
        const box = el.getBoundingClientRect();
        const frame = el.closest('.wall-frame');
        const outer = frame ? frame.getBoundingClientRect() : {left: 0, top: 0, right: innerWidth, bottom: innerHeight};
        if (!inside(box, outer) && !apart(box, outer)) problems.push(`clipped box: ${text}`);
    }
    return problems;
}"""


def national_token(store) -> str:
    with store.write(bump_version=False) as conn:
        return create_token(conn, "ศูนย์ปฏิบัติการห้องผนัง (ทดสอบ)", "national")


def reset_deck(store) -> None:
    with store.write() as conn:
        deck.set_deck(conn, "test reset", None, paused=False)


def showing(page) -> str | None:
    return page.evaluate("document.documentElement.dataset.wall || null")


def wait_for_wall(page, wall: str, timeout_ms: int) -> float:
    start = time.monotonic()
    page.wait_for_function("(w) => document.documentElement.dataset.wall === w", arg=wall, timeout=timeout_ms)
    return time.monotonic() - start


@pytest.fixture
def rotation(live_server):
    """The room in rotation before and after the test."""
    reset_deck(live_server.store)
    yield live_server
    reset_deck(live_server.store)


@pytest.mark.parametrize("size", SIZES)
def test_each_wall_fits_the_screen_and_reads_from_across_the_room(browser, rotation, shot, size):
    width, height = SIZES[size]
    context = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=1, locale="th-TH", timezone_id="Asia/Bangkok"
    )
    context.set_default_timeout(RENDER_TIMEOUT_MS)
    page = context.new_page()
    console = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: console.append(f"page error: {e}"))
    try:
        for wall in WALLS:
            goto_page(page, rotation, f"/wall?screen={wall}")
            wait_for_wall(page, wall, ARRIVAL_TIMEOUT_MS)
            page.locator("#connection.connection-live").wait_for(timeout=6000)
            page.wait_for_function("() => !!document.querySelector('#wall-clock-time').textContent")
            page.wait_for_timeout(300)
            problems = page.evaluate(LAYOUT_PROBLEMS)
            assert problems == [], f"{wall} at {size}: {problems}"
            if wall == "black":
                ticks = page.eval_on_selector_all(
                    "#wall-black .wall-frame-indicator",
                    "(frames) => frames.map((f) => f.querySelectorAll('.wall-spark-tick').length)",
                )
                assert ticks and min(ticks) >= 2, f"every trend shows its time axis: {ticks}"
            marker = page.evaluate("""() => {
                const c = document.querySelector('#connection'); const s = getComputedStyle(c);
                const box = c.getBoundingClientRect();
                const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
                return {size: parseFloat(s.fontSize), visible: s.visibility === 'visible' && box.height > 0
                        && !!top && c.contains(top), inside: box.bottom <= innerHeight}; }""")
            assert marker == {"size": marker["size"], "visible": True, "inside": True} and marker["size"] >= 20, marker
            if size == "2160p":
                assert marker["size"] >= 40, "the wall scales up on a 4K screen"
            shot(page, f"wall-{wall}-{size}")
        assert console == []
    finally:
        context.close()


SUBJECTS = (
    "/province/TH-50",
    "/region/REO08",
    "/indicator/JI01",
    "/chain?node=120101",
    "/crisis/{crisis}",
    "/since",
)


def point_the_deck(store, show: str) -> None:
    with store.write() as conn:
        deck.set_deck(conn, "test", show)


@pytest.mark.parametrize("size", SIZES)
def test_each_subject_wall_fits_the_screen(browser, rotation, shot, size):
    """What the deck points the room at gets a wall of its own, as legible as the four walls."""
    with rotation.store.read() as conn:
        crisis = conn.execute(sa.select(sa.func.min(schema.crisis_event.c.id))).scalar()
    width, height = SIZES[size]
    context = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=1, locale="th-TH", timezone_id="Asia/Bangkok"
    )
    context.set_default_timeout(RENDER_TIMEOUT_MS)
    page = context.new_page()
    console = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: console.append(f"page error: {e}"))
    try:
        for show in SUBJECTS:
            show = show.format(crisis=crisis)
            point_the_deck(rotation.store, show)
            goto_page(page, rotation, "/wall")
            page.wait_for_function(
                "(p) => document.querySelector('#wall-focus')?.dataset.path === p", arg=show, timeout=ARRIVAL_TIMEOUT_MS
            )
            wait_for_wall(page, "focus", ARRIVAL_TIMEOUT_MS)
            page.wait_for_timeout(300)
            problems = page.evaluate(LAYOUT_PROBLEMS)
            assert problems == [], f"{show} at {size}: {problems}"
            frames = page.locator("#wall-focus .wall-frame").count()
            assert 3 <= frames <= 6, f"{show}: {frames} frames"
            shot(page, f"wall-subject-{show.strip('/').split('/')[0].split('?')[0]}-{size}")
        assert console == []
    finally:
        context.close()


def test_the_walls_rotate_by_the_clock(page, rotation, goto):
    goto(page, rotation, "/wall?rotate=2")
    seen = []
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        seen.append(showing(page))
        page.wait_for_timeout(250)
    assert len(set(seen) - {None}) >= 2, seen
    # Every screen of the room computes the same wall: the one the clock says. The page switches on a 1 s
    # timer, so right after a boundary it may still show the previous wall for up to a second.
    page.wait_for_function(
        "() => document.documentElement.dataset.wall"
        " === ['black','red','blue','white'][Math.floor(Date.now() / 1000 / 2) % 4]",
        timeout=2500,
    )


def test_the_deck_api_reaches_an_open_wall_without_a_reload(page, rotation, goto, shot):
    token = national_token(rotation.store)
    headers = {"Authorization": f"Bearer {token}"}
    goto(page, rotation, "/wall?screen=white")
    page.evaluate("window.__sameDocument = true")
    try:
        response = requests.post(f"{rotation.url}/api/v1/deck", json={"show": "/wall/red"}, headers=headers, timeout=10)
        assert response.status_code == 200, response.text
        latency = wait_for_wall(page, "red", ARRIVAL_TIMEOUT_MS)
        print(f"deck /wall/red to visible: {latency:.2f} s")
        response = requests.post(
            f"{rotation.url}/api/v1/deck", json={"show": "/province/TH-50"}, headers=headers, timeout=10
        )
        assert response.status_code == 200, response.text
        latency = wait_for_wall(page, "focus", ARRIVAL_TIMEOUT_MS)
        print(f"deck /province/TH-50 to visible: {latency:.2f} s")
        assert "เชียงใหม่" in page.inner_text("#wall-focus .wall-title")
        assert page.locator("#wall-focus .wall-frame").count() >= 3, "a wall made for the province"
        shot(page, "wall-focus-province")
        response = requests.post(f"{rotation.url}/api/v1/deck", json={"show": None}, headers=headers, timeout=10)
        assert response.status_code == 200
        wait_for_wall(page, "white", ARRIVAL_TIMEOUT_MS)
        assert page.evaluate("window.__sameDocument === true"), "the wall was reloaded"
    finally:
        reset_deck(rotation.store)


def test_the_deck_console_drives_an_open_wall(page, rotation, goto):
    """Signed in as an administrator (goto signs in): no token to paste; the deck acts as that person."""
    goto(page, rotation, "/deck")
    assert "ทำรายการในนาม" in page.inner_text("#deck-acting-as")
    wall = page.context.new_page()
    try:
        goto_page(wall, rotation, "/wall?screen=white")
        wait_for_wall(wall, "white", ARRIVAL_TIMEOUT_MS)
        start = time.monotonic()
        page.click("button[data-wall=red]", no_wait_after=True)
        clicked = time.monotonic()
        wall.wait_for_function("() => document.documentElement.dataset.wall === 'red'", timeout=ARRIVAL_TIMEOUT_MS)
        print(
            f"/deck click to red on the wall: {time.monotonic() - start:.2f} s (click itself {clicked - start:.2f} s)"
        )
        page.locator("#deck-state-show[data-show='/wall/red']").wait_for(timeout=ARRIVAL_TIMEOUT_MS)
        page.click("#deck-pause")
        page.locator("#deck-state-paused[data-paused='1']").wait_for(timeout=ARRIVAL_TIMEOUT_MS)
        page.click("#deck-rotation")
        wall.wait_for_function("() => document.documentElement.dataset.wall === 'white'", timeout=ARRIVAL_TIMEOUT_MS)
    finally:
        wall.close()
        reset_deck(rotation.store)


def test_the_room_remembers_what_changed_since_the_meeting_began(page, rotation, goto, shot):
    """The operator starts a meeting on the deck; a crisis reported afterwards is on the "since" wall the deck
    puts on an open screen, and on the /since page."""
    goto(page, rotation, "/deck")
    page.fill("#deck-meeting-title", "ประชุมทดสอบห้องจำ")
    page.click("#deck-meeting-start")
    page.locator("#deck-meeting-state", has_text="ประชุมทดสอบห้องจำ").wait_for(timeout=ARRIVAL_TIMEOUT_MS)
    title = f"น้ำท่วมหลังเริ่มประชุม {time.time_ns()}"
    report = {"type": "flood", "severity": 2, "provinces": ["TH-50"], "occurred_at": "2026-11-20T08:00:00+07:00"}
    headers = {"Authorization": f"Bearer {national_token(rotation.store)}"}
    answer = requests.post(f"{rotation.url}/api/v1/crises", json=report | {"title": title}, headers=headers, timeout=10)
    assert answer.status_code == 201, answer.text
    wall = page.context.new_page()
    try:
        goto_page(wall, rotation, "/wall?screen=white")
        page.get_by_role("button", name="สิ่งที่เปลี่ยนไปตั้งแต่เริ่มประชุม").click()
        wall.wait_for_function(
            "() => document.querySelector('#wall-focus')?.dataset.subject === 'since'", timeout=ARRIVAL_TIMEOUT_MS
        )
        wall.get_by_text(title).first.wait_for(timeout=ARRIVAL_TIMEOUT_MS)
        assert "ตั้งแต่การประชุม" in wall.inner_text("#wall-focus .wall-title")
        shot(wall, "wall-since-meeting")
        goto_page(page, rotation, "/since")
        assert title in page.inner_text("#since-reported")
        assert "ประชุมทดสอบห้องจำ" in page.inner_text("#since-meeting")
        shot(page, "page-since-meeting")
    finally:
        wall.close()
        reset_deck(rotation.store)


def test_an_executive_does_not_drive_the_room(browser, rotation):
    """The deck needs an operator or an administrator: an executive gets the 403 page, with a way home."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="th-TH")
    try:
        context.add_cookies(signed_in_cookies(rotation.url, rotation.store, "executive", "national", None))
        page = context.new_page()
        page.goto(f"{rotation.url}/deck", wait_until="networkidle")
        page.locator(".forbidden").wait_for()
        assert "ไม่มีสิทธิ์เข้าถึงหน้านี้" in page.inner_text(".forbidden")
        assert page.locator("#deck-walls, button[data-wall]").count() == 0
    finally:
        context.close()


def test_the_white_wall_lists_who_has_not_reported(browser, rotation, shot):
    """The completeness frame names, in big type, the province most overdue on the demo's fiscal year, and
    counts the rest; what it lists is what cockpit.read.completeness says, read from the same store."""
    with rotation.store.read() as conn:
        fiscal_year = queries.default_fiscal_year(conn)["fiscal_year_be"]
        owing = not_reported(conn, fiscal_year, queries.indicators(conn))["provinces"]
    assert len(owing) > 4, "the demo has provinces that have not reported"
    context = browser.new_context(
        viewport={"width": 1920, "height": 1080}, device_scale_factor=1, locale="th-TH", timezone_id="Asia/Bangkok"
    )
    context.set_default_timeout(RENDER_TIMEOUT_MS)
    page = context.new_page()
    try:
        goto_page(page, rotation, "/wall?screen=white")
        wait_for_wall(page, "white", ARRIVAL_TIMEOUT_MS)
        frame = page.locator("#wall-white .wall-frame-not_reported")
        frame.wait_for()
        assert "ใครยังไม่รายงาน?" in frame.locator(".wall-frame-title").inner_text()
        first = frame.locator(".wall-owing").first
        assert first.get_attribute("data-province") == owing[0]["code"]
        assert owing[0]["name_th"] in first.inner_text()
        assert f"และอีก {len(owing) - 4} จังหวัด" in frame.inner_text()
        size = first.locator(".wall-owing-name").evaluate("(el) => parseFloat(getComputedStyle(el).fontSize)")
        assert size >= 24, f"a province's name must read from across the room: {size}px"
        assert page.evaluate(LAYOUT_PROBLEMS) == []
        shot(page, "wall-white-not-reported-1080p")
    finally:
        context.close()

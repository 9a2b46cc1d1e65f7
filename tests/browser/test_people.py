"""People in Chromium (issue 9): an officer of a regional education office signs in through the form, sees its
region, is refused another region's province, imports a result for its own province, and signs out; a wall
screen opens by its device link with no login, and is refused once the link is revoked."""

from __future__ import annotations

import datetime as dt
import re

import requests
import sqlalchemy as sa
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from cockpit.rules.thai_time import fiscal_year_be
from cockpit.store import schema
from tests.browser.conftest import ARRIVAL_TIMEOUT_MS, CHROMIUM_ARGS, DASH_RENDERED  # noqa: F401
from tests.signin import PASSWORD, make_user

FILE_INPUT = "#up-file input[type=file]"
DROPDOWN_OPTION = ".dash-dropdown-options .dash-dropdown-option"  # an open dcc.Dropdown's choices (Dash 4)


def _value(store, province: str, fiscal_year: int):
    r = schema.indicator_result
    with store.read() as conn:
        return conn.execute(
            sa.select(r.c.value).where(
                r.c.indicator_code == "JI29", r.c.province_code == province, r.c.fiscal_year_be == fiscal_year
            )
        ).scalar()


def test_an_officer_signs_in_sees_its_region_and_nothing_else(page, live_server, shot, expected_console):
    store = live_server.store
    username = make_user(store, "officer", "region:REO15", "region:REO15")
    page.goto(f"{live_server.url}/", wait_until="networkidle")
    assert page.url.startswith(f"{live_server.url}/login"), "nobody signed in: the sign-in page"
    page.fill("#login-username", username)
    page.fill("#login-password", "not the password")
    page.click("#login-submit")
    page.locator(".login-error").wait_for()
    expected_console(page, "status of 401")
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in page.inner_text(".login-error")
    shot(page, "login-refused")
    page.fill("#login-username", username)
    page.fill("#login-password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_url(f"{live_server.url}/region/REO15")
    page.wait_for_function(DASH_RENDERED)
    page.locator("#viewer-name").wait_for()
    assert page.inner_text("#viewer-name") == username
    assert "เชียงใหม่" in page.inner_text("#page")
    shot(page, "officer-region")

    page.goto(f"{live_server.url}/province/TH-10", wait_until="networkidle")
    page.locator(".forbidden").wait_for()
    expected_console(page, "status of 403")
    assert "นอกขอบเขตที่ท่านดูได้" in page.inner_text(".forbidden")
    page.click("#forbidden-home")
    page.wait_for_url(f"{live_server.url}/region/REO15")

    page.goto(f"{live_server.url}/upload", wait_until="networkidle")
    page.locator("#up-acting-as").wait_for()
    assert username in page.inner_text("#up-acting-as")
    new_value = (_value(store, "TH-50", 2566) or 0) + 7
    csv = f"indicator,area,fiscal_year_be,period_no,value\nJI29,เชียงใหม่,2566,1,{new_value:g}\n"
    page.set_input_files(FILE_INPUT, files=[{"name": "cm.csv", "mimeType": "text/csv", "buffer": csv.encode()}])
    page.locator(".up-ok").wait_for()
    assert _value(store, "TH-50", 2566) == new_value
    outside = "indicator,area,fiscal_year_be,period_no,value\nJI29,TH-10,2566,1,1\n"
    before = _value(store, "TH-10", 2566)
    page.set_input_files(FILE_INPUT, files=[{"name": "bkk.csv", "mimeType": "text/csv", "buffer": outside.encode()}])
    page.locator("#up-result").get_by_text("TH-10").first.wait_for()
    assert _value(store, "TH-10", 2566) == before, "outside the write scope: nothing written"

    page.click("#sign-out")
    page.wait_for_url(f"{live_server.url}/login?out=1")
    assert "ออกจากระบบแล้ว" in page.inner_text(".login-message")
    assert requests.get(f"{live_server.url}/api/v1/version", timeout=10).status_code == 401


def test_a_wall_opens_by_its_device_link_and_is_refused_once_revoked(browser, live_server):
    admin = requests.Session()
    operator = make_user(live_server.store, "operator", "national", None)
    admin.auth = (operator, PASSWORD)
    made = admin.post(f"{live_server.url}/api/v1/devices", json={"name": "จอทดสอบ"}, timeout=10)
    assert made.status_code == 201, made.text
    link = made.json()["link"]
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="th-TH")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(link + "?screen=red", wait_until="networkidle")
        assert page.url == f"{live_server.url}/wall?screen=red"
        page.wait_for_function("() => document.documentElement.dataset.wall === 'red'", timeout=ARRIVAL_TIMEOUT_MS)
        page.goto(f"{live_server.url}/region/REO15", wait_until="networkidle")
        assert page.url.startswith(f"{live_server.url}/wall"), "a screen sees the walls and nothing else"
        revoked = admin.post(f"{live_server.url}/api/v1/devices/{made.json()['id']}/revoke", timeout=10)
        assert revoked.status_code == 200
        page.wait_for_url(f"{live_server.url}/login?next=*", timeout=ARRIVAL_TIMEOUT_MS)
        page.goto(link, wait_until="networkidle")
        assert "ลิงก์ของจอภาพนี้ถูกยกเลิก" in page.inner_text("body")
        assert errors == []
    finally:
        context.close()


def _choose(page, field_id: str, option: str) -> None:
    """Open a dropdown and click one of its options, as a person does (again if the first click came while the
    page was still settling and the list did not open)."""
    page.wait_for_function(DASH_RENDERED)
    choice = page.locator(DROPDOWN_OPTION, has_text=option).first
    for _ in range(3):
        page.click(f"[id='{field_id}']")
        try:
            choice.wait_for(timeout=3000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    choice.click()
    page.keyboard.press("Escape")


def _options(page, field_id: str) -> list[str]:
    page.wait_for_function(DASH_RENDERED)
    page.click(f"[id='{field_id}']")
    options = page.locator(DROPDOWN_OPTION)
    options.first.wait_for()
    texts = [text.strip() for text in options.all_inner_texts()]
    page.keyboard.press("Escape")
    return texts


def _cr(field: str, form: str = "cr") -> str:
    return f'{{"field":"{field}","type":"{form}-field"}}'


def test_an_officer_of_reo08_reports_a_crisis_moves_it_along_and_enters_a_result(
    page, live_server, shot, expected_console
):
    """Issue 9's acceptance as one story: sign in as an officer of ศธภ.8, see the region, be refused another
    region's province, report a crisis in one of its provinces and move it to the next status (the log grows
    without a reload), enter a result for one province and period, see it on the province page, sign out."""
    store = live_server.store
    username = make_user(store, "officer", "region:REO08", "region:REO08")
    page.goto(f"{live_server.url}/", wait_until="networkidle")
    page.fill("#login-username", username)
    page.fill("#login-password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_url(f"{live_server.url}/region/REO08")
    page.wait_for_function(DASH_RENDERED)
    assert "ชลบุรี" in page.inner_text("#page")

    page.goto(f"{live_server.url}/province/TH-50", wait_until="networkidle")
    page.locator(".forbidden").wait_for()
    expected_console(page, "status of 403")
    page.click("#forbidden-home")
    page.wait_for_url(f"{live_server.url}/region/REO08")

    page.click("#nav-report")
    page.wait_for_url(re.compile(r".*/crisis/new(\?.*)?$"))
    page.locator("#cr-submit").wait_for()
    assert sorted(_options(page, _cr("provinces"))) == ["ฉะเชิงเทรา", "ชลบุรี", "ระยอง"], "only ศธภ.8's provinces"
    _choose(page, _cr("type"), "อุทกภัย")
    page.get_by_text("② ระดับ 2 ขนาดกลาง").click()
    page.fill(f"[id='{_cr('title')}']", "น้ำท่วมโรงเรียนริมคลอง")
    _choose(page, _cr("provinces"), "ระยอง")
    page.fill(f"[id='{_cr('schools_affected')}']", "4")
    page.fill(f"[id='{_cr('students_affected')}']", "๕๐๐")
    page.click("#cr-submit")
    problem = page.locator(f"[id='{_cr('students_affected', 'cr').replace('-field', '-problem')}']")
    problem.get_by_text("ใช้เลขไทย").wait_for()
    assert page.input_value(f"[id='{_cr('title')}']") == "น้ำท่วมโรงเรียนริมคลอง", "nothing typed is lost"
    shot(page, "entry-crisis-refused-field")
    page.fill(f"[id='{_cr('students_affected')}']", "500")
    page.click("#cr-submit")
    page.wait_for_url(re.compile(r".*/crisis/\d+$"))
    page.locator("#crisis-update").wait_for()
    page.evaluate("window.stillTheSamePage = true")
    steps = page.locator(".cic-lifecycle li")
    assert steps.count() == 1
    page.locator("#crisis-update").get_by_text("ตรวจสอบแล้ว").click()
    page.fill(f"[id='{_cr('note', 'cu')}']", "ยืนยันกับโรงเรียนแล้ว")
    page.click("#cu-submit")
    page.wait_for_function("() => document.querySelectorAll('.cic-lifecycle li').length === 2")
    assert "ยืนยันกับโรงเรียนแล้ว" in steps.nth(1).inner_text()
    assert page.evaluate("window.stillTheSamePage === true"), "the log grew in place, no reload"
    assert page.input_value(f"[id='{_cr('note', 'cu')}']") == "", "a note saved with its step is not offered again"
    shot(page, "entry-crisis-moved")
    crisis_page = page.url
    page.click("#nav-home")
    page.locator(".crisis-panel").get_by_text("น้ำท่วมโรงเรียนริมคลอง").click()
    page.wait_for_url(crisis_page)
    page.locator("#crisis-update").wait_for()

    page.click("#nav-report")
    page.wait_for_url(re.compile(r".*/crisis/new(\?.*)?$"))
    page.locator("#cr-submit").wait_for()
    assert page.input_value(f"[id='{_cr('title')}']") == "", "a sent report does not fill the next one"

    year = fiscal_year_be(dt.date.today())
    page.click("#nav-enter")
    page.locator(".en-grid").wait_for()
    _choose(page, "en-indicator", "JI29")
    page.wait_for_url(re.compile(r".*ind=JI29.*"))
    cell = page.locator(".en-grid [row-id='TH-20'] [col-id='value']")
    cell.wait_for()
    cell.click()
    page.keyboard.type("4321")
    page.keyboard.press("Enter")
    page.click("#en-save")
    page.locator("#en-saved").wait_for()
    assert _value(store, "TH-20", year) == 4321
    shot(page, "entry-results-saved")

    page.goto(f"{live_server.url}/province/TH-20?fy={year}", wait_until="networkidle")
    page.wait_for_function(DASH_RENDERED)
    card = page.locator("""[id='{"code":"JI29","type":"indicator-card"}']""")
    assert "4,321" in card.inner_text()

    page.click("#sign-out")
    page.wait_for_url(f"{live_server.url}/login?out=1")

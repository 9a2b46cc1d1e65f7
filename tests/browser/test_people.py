"""People in Chromium (issue 9): an officer of a regional education office signs in through the form, sees its
region, is refused another region's province, imports a result for its own province, and signs out; a wall
screen opens by its device link with no login, and is refused once the link is revoked."""

from __future__ import annotations

import requests
import sqlalchemy as sa

from cockpit.store import schema
from tests.browser.conftest import ARRIVAL_TIMEOUT_MS, CHROMIUM_ARGS, DASH_RENDERED  # noqa: F401
from tests.signin import PASSWORD, make_user

FILE_INPUT = "#up-file input[type=file]"


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

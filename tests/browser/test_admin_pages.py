"""The administrator's pages in Chromium (issue 9): an administrator adds an officer of ศธภ.8 on /people (a
refusal first, which keeps what was typed), the officer signs in in a fresh browser, and /audit filtered by the
officer's name shows the user_add; a screen link made on the page opens the wall in a second browser and is
refused once the administrator revokes it there."""

from __future__ import annotations

import uuid

from tests.browser.conftest import ARRIVAL_TIMEOUT_MS, CHROMIUM_ARGS, DASH_RENDERED  # noqa: F401

OFFICER_PASSWORD = "officer-password-2569"
ONLY_ROWS_OF = """name => {
    const rows = [...document.querySelectorAll('#au-grid .ag-row')];
    return rows.length > 0 && rows.every(row => row.innerText.includes(name));
}"""


def choose(page, dropdown: str, option: str) -> None:
    """Pick an option of a dcc.Dropdown as a person does: open it, type to search, click the option."""
    page.click(f"#{dropdown}")
    page.fill(".dash-dropdown-search", option)
    page.get_by_role("option", name=option, exact=True).click()
    page.locator(f"#{dropdown}-value", has_text=option).wait_for()


def test_an_administrator_adds_an_officer_who_signs_in_and_the_audit_shows_it(page, browser, live_server, goto, shot):
    username = f"reo08.{uuid.uuid4().hex[:6]}"
    goto(page, live_server, "/people")
    page.fill("#ad-new-username", username)
    page.fill("#ad-new-display", "สมหญิง ทดสอบ")
    choose(page, "ad-new-role", "เจ้าหน้าที่")
    choose(page, "ad-new-view", "ศธภ. 8")
    choose(page, "ad-new-write", "ศธภ. 8")
    page.fill("#ad-new-password", "short")
    page.click("#ad-add-user")
    page.locator("#ad-add-message.ad-bad").wait_for()
    assert "อย่างน้อย 10 ตัวอักษร" in page.inner_text("#ad-add-message")
    assert page.input_value("#ad-new-username") == username, "a refusal keeps what was typed"
    assert page.inner_text("#ad-new-view-value") == "ศธภ. 8"
    shot(page, "people-refused")
    page.fill("#ad-new-password", OFFICER_PASSWORD)
    page.click("#ad-add-user")
    page.locator("#ad-add-message.ad-ok").wait_for()
    row = page.locator("#ad-users .ag-row", has_text=username)
    row.wait_for()
    assert "เจ้าหน้าที่" in row.inner_text() and "ศธภ. 8" in row.inner_text()
    assert page.input_value("#ad-new-username") == ""
    shot(page, "people-user-added")

    officer = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="th-TH")
    try:
        fresh = officer.new_page()
        fresh.goto(f"{live_server.url}/", wait_until="networkidle")
        fresh.fill("#login-username", username)
        fresh.fill("#login-password", OFFICER_PASSWORD)
        fresh.click("#login-submit")
        fresh.wait_for_url(f"{live_server.url}/region/REO08")
        fresh.wait_for_function(DASH_RENDERED)
        fresh.locator("#viewer-name").wait_for()
        assert fresh.inner_text("#viewer-name") == username
        assert fresh.locator("#nav-people, #nav-audit").count() == 0, "an officer has no admin pages"
    finally:
        officer.close()

    page.click("#nav-audit")
    page.wait_for_url(f"{live_server.url}/audit")
    page.locator("#au-grid .ag-row").first.wait_for()
    page.fill("#au-subject", username)
    page.press("#au-subject", "Enter")
    page.wait_for_function(ONLY_ROWS_OF, arg=username, timeout=ARRIVAL_TIMEOUT_MS)
    assert page.locator("#au-grid .ag-row", has_text="เข้าสู่ระบบ").count() == 1, "the officer's sign-in"
    choose(page, "au-action", "เพิ่มผู้ใช้")
    page.locator("#au-showing", has_text="แสดง 1 รายการล่าสุด").wait_for(timeout=ARRIVAL_TIMEOUT_MS)
    entry = page.locator("#au-grid .ag-row", has_text="เพิ่มผู้ใช้")
    assert entry.count() == 1 and "สำเร็จ" in entry.inner_text()
    entry.locator(".ag-cell").first.click()
    page.locator("#au-detail", has_text="region:REO08").wait_for()
    assert username in page.inner_text("#au-detail")
    shot(page, "audit-user-add")


def test_a_screen_link_made_on_the_page_opens_the_wall_until_revoked(page, browser, live_server, goto, shot):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    goto(page, live_server, "/people")
    screen_name = f"จอทดสอบ {uuid.uuid4().hex[:4]}"
    page.click("#ad-make-device")
    page.locator("#ad-device-message.ad-bad").wait_for()
    page.fill("#ad-device-name", screen_name)
    page.click("#ad-make-device")
    page.locator("#ad-device-message.ad-ok").wait_for()
    link = page.input_value("#ad-device-link")
    assert link.startswith(f"{live_server.url}/screen/")
    page.click("#ad-device-link-copy")
    assert page.evaluate("() => navigator.clipboard.readText()") == link
    shot(page, "people-device-link")

    wall = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="th-TH")
    try:
        screen = wall.new_page()
        errors = []
        screen.on("pageerror", lambda error: errors.append(str(error)))
        screen.goto(link + "?screen=red", wait_until="networkidle")
        assert screen.url == f"{live_server.url}/wall?screen=red"
        screen.wait_for_function("() => document.documentElement.dataset.wall === 'red'", timeout=ARRIVAL_TIMEOUT_MS)

        row = page.locator("#ad-devices .ag-row", has_text=screen_name)
        row.locator(".ag-cell").first.click()
        page.click("#ad-revoke-device")
        page.locator("#ad-device-message.ad-ok", has_text="ยกเลิกลิงก์").wait_for()
        assert "ใช้งานอยู่" not in row.inner_text()
        screen.wait_for_url(f"{live_server.url}/login?next=*", timeout=ARRIVAL_TIMEOUT_MS)
        screen.goto(link, wait_until="networkidle")
        assert "ลิงก์ของจอภาพนี้ถูกยกเลิก" in screen.inner_text("body")
        assert errors == []
        shot(page, "people-device-revoked")
    finally:
        wall.close()

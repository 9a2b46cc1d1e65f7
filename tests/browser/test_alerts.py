"""Alerts in Chromium (issue 13, item 3): an alert fired while the red wall is open appears in its alerts frame
with no reload, legible at full HD, and the operator sees it in the deck's feed, Thai first."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from cockpit.read import crises
from cockpit.room import alerts, delivery
from cockpit.store import schema
from cockpit.store.database import utc_now
from tests.browser.conftest import ARRIVAL_TIMEOUT_MS
from tests.browser.conftest import goto as goto_page
from tests.browser.test_wall import LAYOUT_PROBLEMS, reset_deck


def test_a_fired_alert_shows_on_the_red_wall_and_in_the_deck_feed(page, browser, live_server, goto, shot):
    store = live_server.store
    reset_deck(store)
    with store.read() as conn:
        events = crises.list_crises(conn, statuses=crises.OPEN_STATUSES)
    # A province that only one stale open crisis touches (not updated for an hour: other tests of this browser
    # session may have just updated some), so that the rule below fires one alert.
    stale = [e for e in events if e["updated_at"] <= utc_now() - dt.timedelta(hours=1, minutes=5)]
    touching = Counter(code for e in stale for code in e["provinces"])
    event, province = next((e, code) for e in stale for code in e["provinces"] if touching[code] == 1)
    wall_context = browser.new_context(
        viewport={"width": 1920, "height": 1080}, device_scale_factor=1, locale="th-TH", timezone_id="Asia/Bangkok"
    )
    wall = wall_context.new_page()
    wall_console: list[str] = []
    wall.on("console", lambda m: wall_console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    wall.on("pageerror", lambda e: wall_console.append(f"page error: {e}"))
    try:
        goto_page(wall, live_server, "/wall?screen=red")
        wall.wait_for_function("() => document.documentElement.dataset.wall === 'red'", timeout=ARRIVAL_TIMEOUT_MS)
        assert event["title"] not in wall.inner_text(".wall-frame-alerts")

        # A crisis of the demo left without update for an hour, in its first province only: what the rule fires.
        with store.write() as conn:
            alerts.add_rule(conn, "crisis_stale", "user:test", hours=1, area_code=province)
        fired = alerts.evaluate(store)["fired"]
        delivery.deliver_due(store)
        assert len(fired) == 1

        row = wall.locator(".wall-frame-alerts .alert-row").first
        row.wait_for(timeout=2 * ARRIVAL_TIMEOUT_MS)  # the four walls render again for the new version
        assert event["title"] in row.inner_text(), "the newest first"
        assert "ไม่มีการอัปเดตเกิน 1 ชั่วโมง" in row.inner_text()
        wall.wait_for_timeout(300)
        assert wall.evaluate(LAYOUT_PROBLEMS) == [], "the red wall stays legible with its alerts frame"
        shot(wall, "alert-on-the-red-wall")
        assert wall_console == []

        goto(page, live_server, "/deck")
        item = page.locator("#deck-alerts .alert-row").first
        item.wait_for(timeout=ARRIVAL_TIMEOUT_MS)
        assert event["title"] in item.inner_text() and "ยังคงอยู่" in item.inner_text()
        page.locator("#deck-alerts").scroll_into_view_if_needed()
        shot(page, "alert-in-the-deck-feed")
    finally:
        wall_context.close()


def test_the_administrator_sends_again_a_delivery_that_gave_up_and_sets_an_smtp_login(page, live_server, goto, shot):
    """On /alerts: the button beside a delivery that gave up schedules a new attempt (the log shows it due, the
    button gone); the e-mail form takes a login, a password and STARTTLS, and after a reload shows that a password
    is set but never the password."""
    store = live_server.store
    with store.write() as conn:
        recipient_id = alerts.add_recipient(conn, "webhook", "http://127.0.0.1:9/gave-up", "user:test")
        rule_id = alerts.add_rule(conn, "crisis_reported", "user:test")
        alerts.set_enabled(conn, "rule", rule_id, False, "user:test")  # fires nothing in the other tests
        alert_id = conn.execute(
            schema.alert.insert()
            .values(rule_id=rule_id, condition_key="browser:gave-up", subject_kind="crisis", subject_code="/crises",
                    level="orange", message_th="ทดสอบการส่งใหม่", message_en="retry test", fired_at=utc_now())
            .returning(schema.alert.c.id)
        ).scalar_one()  # fmt: skip
        conn.execute(
            schema.alert_delivery.insert().values(
                alert_id=alert_id, recipient_id=recipient_id, attempt=10, status="gave_up",
                next_attempt_at=utc_now(), attempted_at=utc_now(), error="no answer: connection refused",
            )
        )  # fmt: skip
    goto(page, live_server, "/alerts")
    row = page.locator("#al-log tr", has_text="ทดสอบการส่งใหม่").first
    row.wait_for()
    assert "เลิกลองแล้ว" in row.inner_text()
    row.get_by_role("button", name="ส่งใหม่ตอนนี้").click()
    page.locator("#al-retry-message").filter(has_text="ตั้งให้ส่งใหม่แล้ว").wait_for()
    newest = page.locator("#al-log tr", has_text="ทดสอบการส่งใหม่").first
    assert "รอส่ง" in newest.inner_text() and "11" in newest.inner_text()
    assert page.locator("#al-log").get_by_role("button", name="ส่งใหม่ตอนนี้").count() == 0
    with store.read() as conn:
        assert [(d["attempt"], d["status"]) for d in alerts.delivery_log(conn) if d["alert_id"] == alert_id] == [
            (11, "due"),
            (10, "gave_up"),
        ]
    page.locator("#al-log").scroll_into_view_if_needed()
    shot(page, "alerts-retry-a-delivery")

    secret = "รหัส-ทดสอบ-2569"
    page.fill("#al-smtp-host", "mail.moe.go.th")
    page.fill("#al-smtp-port", "587")
    page.fill("#al-smtp-from", "cockpit@moe.go.th")
    page.locator("#al-smtp-security").click()
    page.get_by_text("STARTTLS (พอร์ต 587)").click()
    page.fill("#al-smtp-username", "cockpit")
    page.fill("#al-smtp-password", secret)
    page.locator("#al-save-smtp").click()
    page.locator("#al-smtp-message").filter(has_text="บันทึกแล้ว").wait_for()
    goto(page, live_server, "/alerts")
    page.locator("#al-smtp-password-note").wait_for()
    assert page.locator("#al-smtp-password").input_value() == ""
    assert "ตั้งรหัสผ่านไว้แล้ว" in page.locator("#al-smtp-password-note").inner_text()
    assert secret not in page.content()
    with store.read() as conn:
        assert alerts.smtp_settings(conn)["password"] == secret
        assert alerts.smtp_settings(conn)["security"] == "starttls"

"""Typing in the browser's forms while the room keeps writing: a write from elsewhere (another office, the
API) re-renders open pages within a second or two, and must not wipe what a person is typing — on an event's
lifecycle panel (its inputs keep typed values over the re-render) and in the results grid (a form page is not
rendered again at all)."""

from __future__ import annotations

import requests

from cockpit.people.tokens import create_token
from cockpit.read import crises
from tests.browser.conftest import DASH_RENDERED


def _token(store) -> str:
    with store.write(bump_version=False) as conn:
        return create_token(conn, "สำนักงานอื่น (ทดสอบ)", "national")


def _rerender(page):
    """Wait for the page's next render under a new data version (the router's callback answering)."""
    return page.expect_response(
        lambda r: "_dash-update-component" in r.url and "rendered-version" in (r.request.post_data or ""),
        timeout=15_000,
    )


def test_a_note_being_typed_survives_a_write_elsewhere(page, live_server, goto, shot):
    store = live_server.store
    with store.read() as conn:
        event = crises.list_crises(conn, statuses=("reported", "verified", "active"))[0]
    goto(page, live_server, f"/crisis/{event['id']}")
    note = """[id='{"field":"note","type":"cu-field"}']"""
    page.fill(note, "กำลังพิมพ์บันทึกอยู่")
    with _rerender(page):
        answer = requests.patch(
            f"{live_server.url}/api/v1/crises/{event['id']}",
            json={"help_given": "ส่งชุดการเรียนถึงบ้านแล้ว"},
            headers={"Authorization": f"Bearer {_token(store)}"},
            timeout=10,
        )
        assert answer.status_code == 200, answer.text
    page.get_by_text("ส่งชุดการเรียนถึงบ้านแล้ว").first.wait_for()
    page.wait_for_function(DASH_RENDERED)
    assert page.input_value(note) == "กำลังพิมพ์บันทึกอยู่", "the re-rendered page kept the note"
    shot(page, "entry-note-kept")


def test_figures_being_typed_in_the_grid_survive_a_write_elsewhere(page, live_server, goto):
    store = live_server.store
    goto(page, live_server, "/enter?ind=JI29")
    cell = page.locator(".en-grid [row-id='TH-10'] [col-id='value']")
    cell.click()
    page.keyboard.type("77")
    page.keyboard.press("Tab")
    with _rerender(page):
        answer = requests.post(
            f"{live_server.url}/api/v1/results",
            json={"results": [{"indicator": "JI29", "area": "TH-50", "fiscal_year_be": 2566, "value": 12}]},
            headers={"Authorization": f"Bearer {_token(store)}"},
            timeout=10,
        )
        assert answer.status_code == 200, answer.text
    page.wait_for_function(DASH_RENDERED)
    assert cell.inner_text().strip() == "77"


def test_the_results_page_in_english(page, live_server, goto):
    goto(page, live_server, "/enter?ind=JI02&lang=en")
    text = page.locator("#page").inner_text()
    assert "Enter indicator results by province" in text and "All or nothing" in text
    headers = page.locator(".en-grid .ag-header-cell-text").all_inner_texts()
    assert "New: Numerator" in headers and "New: Denominator" in headers, "a rate takes numerator and denominator"
    assert page.locator(".en-grid .ag-row").count() >= 20, "a national write scope: every province (rows render lazily)"

"""Approval in a real browser: an indicator that asks for the regional office's approval, an officer of ศธภ.8
signed in; the province's unapproved figure is marked "◔ รอรับรอง" on the province page and in the region's
grid and list, and the officer approves it by clicking — the page redraws with the result among the approved
ones and its figure no longer marked. The `page` fixture fails on any console error.

The live server's store is shared with the other browser tests: the indicator's approval steps and every
approval it took are undone afterwards."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from cockpit.read import queries
from cockpit.store import schema
from tests.browser.conftest import signed_in_cookies

WALL = {"width": 1920, "height": 1080}
INDICATOR, PROVINCE, REGION = "JI04", "TH-20", "REO08"


@pytest.fixture
def awaiting(live_server):
    """JI04 asks for regional approval; (fiscal year, period) of Chonburi's figure that the pages show."""
    store, r = live_server.store, schema.indicator_result
    with store.write() as conn:
        conn.execute(schema.indicator.update().where(schema.indicator.c.code == INDICATOR).values(approval_steps=1))
        year = queries.default_fiscal_year(conn)["fiscal_year_be"]
        period = conn.execute(
            sa.select(sa.func.max(r.c.period_no)).where(r.c.indicator_code == INDICATOR, r.c.fiscal_year_be == year)
        ).scalar_one()
    yield year, period
    with store.write() as conn:
        conn.execute(schema.indicator.update().where(schema.indicator.c.code == INDICATOR).values(approval_steps=None))
        conn.execute(
            r.update().where(r.c.indicator_code == INDICATOR).values(approval=None, approval_at=None, approval_by=None)
        )
        conn.execute(schema.approval_log.delete().where(schema.approval_log.c.indicator_code == INDICATOR))


def test_an_unapproved_value_is_marked_and_its_regional_office_approves_it_by_clicking(
    page, live_server, goto, shot, awaiting
):
    year, period = awaiting
    key = f"{INDICATOR}|{PROVINCE}|{year}|{period}"
    page.set_viewport_size(WALL)
    page.context.add_cookies(signed_in_cookies(live_server.url, live_server.store, "officer", f"region:{REGION}",
                                               f"region:{REGION}"))  # fmt: skip

    goto(page, live_server, f"/province/{PROVINCE}")
    card = page.locator("#page .rp-card", has=page.locator(".rp-card-code", has_text=INDICATOR))
    mark = card.locator(".awaiting-mark")
    mark.wait_for()
    assert mark.inner_text().strip() == "◔ รอรับรอง"
    assert "ยังไม่ได้รับการรับรอง" in mark.get_attribute("title")
    assert page.locator("#page .awaiting-mark").count() == 1, "only the indicator that asks for approval"

    goto(page, live_server, f"/region/{REGION}")
    cell = page.locator(f'.rp-grid .ag-row[row-id="{PROVINCE}"] .ag-cell[col-id="{INDICATOR}"]')
    assert cell.inner_text().endswith("◔"), "Chonburi's JI04 awaits approval"
    panel = page.locator("#region-approval")
    row = panel.locator(f'.ap-row-approve[data-key="{key}"]')
    row.scroll_into_view_if_needed()
    text = row.inner_text()
    for word in (INDICATOR, "ชลบุรี", "◔ รอรับรอง", "รอรับรอง"):
        assert word in text, (word, text)
    shot(page, "approval-awaiting-region")

    row.get_by_role("button", name="✔ รับรอง").click()
    page.locator(f'.ap-row-approve[data-key="{key}"]').wait_for(state="detached")
    approved = panel.locator(f'.ap-row-unapprove[data-key="{key}"]')
    assert approved.count() == 1, "the result moved to the approved ones, where it can be un-approved"
    assert "◔" not in cell.inner_text(), "Chonburi's figure is final now"
    r = schema.indicator_result
    with live_server.store.read() as conn:
        state, by = conn.execute(
            sa.select(r.c.approval, r.c.approval_by).where(
                r.c.indicator_code == INDICATOR,
                r.c.province_code == PROVINCE,
                r.c.fiscal_year_be == year,
                r.c.period_no == period,
            )
        ).one()
    assert state == "approved" and by.startswith("user:")
    panel.locator(".ap-approved summary").click()
    approved.scroll_into_view_if_needed()
    shot(page, "approval-approved-region")

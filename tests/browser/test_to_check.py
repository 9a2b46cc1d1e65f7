"""A value to check in a real browser: a rule of low importance in the catalogue, a result that breaks it sent
through the API, and the value shows its "⚑ ตรวจสอบ" marker (words, not colour alone) beside the figure on the
province page and in the region's list of values to check. The `page` fixture fails on any console error.

The live server's store is shared with the other browser tests: the rule is removed and the original value
written back afterwards, which clears the flag."""

from __future__ import annotations

import pytest
import requests
import sqlalchemy as sa

from cockpit.people.tokens import create_token
from cockpit.read import queries
from cockpit.store import schema

WALL = {"width": 1920, "height": 1080}
INDICATOR, PROVINCE, REGION = "JI29", "TH-20", "REO08"


def send(url: str, token: str, year: int, period: int, value: float) -> dict:
    result = {"indicator": INDICATOR, "area": PROVINCE, "fiscal_year_be": year, "period_no": period, "value": value}
    response = requests.post(
        f"{url}/api/v1/results", json={"results": [result]}, headers={"Authorization": f"Bearer {token}"}, timeout=10
    )
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture
def flagged(live_server):
    """A low rule on JI29 that the stored value keeps and one more breaks; that value sent; undone after."""
    store, r = live_server.store, schema.indicator_result
    with store.write(bump_version=False) as conn:
        token = create_token(conn, "ตรวจสอบค่า (ทดสอบ)", "national")
        year = queries.default_fiscal_year(conn)["fiscal_year_be"]
        period, original = conn.execute(
            sa.select(r.c.period_no, r.c.value)
            .where(r.c.indicator_code == INDICATOR, r.c.province_code == PROVINCE, r.c.fiscal_year_be == year)
            .order_by(r.c.period_no.desc())
            .limit(1)
        ).one()
        conn.execute(
            schema.validation_rule.insert().values(
                code="VRTEST", name_th="โรงเรียนขนาดเล็กไม่เพิ่มเกินค่าเดิม", name_en="Small schools do not rise",
                indicator_code=INDICATOR, left_side="value", operator="<=", right_side=f"{original:g}",
                importance="low", skip_when_missing=True, active=True, sort_order=1,
            )
        )  # fmt: skip
    send(live_server.url, token, year, period, original + 7)
    yield original + 7
    send(live_server.url, token, year, period, original)
    with store.write() as conn:
        conn.execute(schema.validation_rule.delete().where(schema.validation_rule.c.code == "VRTEST"))
        still_open = conn.execute(
            sa.select(sa.func.count())
            .select_from(schema.flagged_value)
            .where(schema.flagged_value.c.rule_code == "VRTEST", schema.flagged_value.c.resolved_at.is_(None))
        ).scalar()
    assert still_open == 0, "writing the original value back satisfies the rule and clears the flag"


def test_a_value_to_check_is_marked_on_the_province_page_and_listed_for_its_region(
    page, live_server, goto, shot, flagged
):
    page.set_viewport_size(WALL)
    goto(page, live_server, f"/province/{PROVINCE}")
    card = page.locator("#page .rp-card", has=page.locator(".rp-card-code", has_text=INDICATOR))
    mark = card.locator(".to-check-mark")
    mark.wait_for()
    assert mark.inner_text().strip() == "⚑ ตรวจสอบ"
    assert "กฎตรวจสอบ" in mark.get_attribute("title")
    assert page.locator("#page .to-check-mark").count() == 1, "only the flagged figure is marked"
    card.scroll_into_view_if_needed()
    shot(page, "to-check-province")

    goto(page, live_server, f"/region/{REGION}")
    flagged_cells = page.locator(".rp-grid .ag-cell", has_text="⚑")
    assert flagged_cells.count() == 1, "the region grid flags the one cell"
    assert f"{flagged:,.0f} ⚑" in flagged_cells.first.inner_text()
    panel = page.locator("#region-to-check")
    panel.scroll_into_view_if_needed()
    rows = panel.locator(".to-check-row")
    assert rows.count() == 1
    text = rows.first.inner_text()
    for word in (INDICATOR, "ชลบุรี", "VRTEST", "ค่า <=", f"ค่า = {flagged:,.0f}", "ต่ำ", "⚑ ตรวจสอบ"):
        assert word in text, (word, text)
    shot(page, "to-check-region")

    goto(page, live_server, f"/region/{REGION}?lang=en")
    text = page.locator("#region-to-check .to-check-row").first.inner_text()
    for word in ("Small schools do not rise", "value <=", "Low", "⚑ To check"):
        assert word in text, (word, text)
    page.locator("#region-to-check a").first.click()
    page.wait_for_url(f"**/province/{PROVINCE}?lang=en")
    page.locator("#page .rp-card .to-check-mark").wait_for()

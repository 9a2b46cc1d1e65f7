"""Comments on figures in Chromium (issue 13, item 2): a person writes a comment with markup on a province's figure,
sees it as the characters typed in the thread and counted beside the figure, replies to it, and finds it again from
the count in the indicator's league table; its author withdraws the reply."""

from __future__ import annotations

import re
import time

from cockpit.room import comments
from tests.browser.conftest import ARRIVAL_TIMEOUT_MS, artifacts_dir

PROVINCE, INDICATOR = "TH-50", "JI01"
CARD = f"""[id='{{"code":"{INDICATOR}","type":"indicator-card"}}']"""


def _count_on(store, fiscal_year_be: int) -> int:
    with store.read() as conn:
        return comments.counts(conn, fiscal_year_be).get((INDICATOR, PROVINCE), 0)


def test_comment_on_a_figure_see_it_beside_the_figure_and_reply(page, live_server, goto, shot):
    stamp = time.time_ns() % 100_000
    typed = f'<b>ค่าลดลง</b> <script>alert("x")</script> **น้ำท่วม** {stamp}'
    goto(page, live_server, f"/province/{PROVINCE}?ind={INDICATOR}")
    panel = page.locator("#comments")
    assert INDICATOR in panel.locator(".section-title").inner_text()

    page.fill("#fc-text", "   ")  # blank: refused where it was typed, nothing stored
    page.click("#fc-submit")
    page.locator("#fc-outcome", has_text="ต้องพิมพ์ความเห็น").wait_for(timeout=ARRIVAL_TIMEOUT_MS)

    page.fill("#fc-text", typed)
    page.click("#fc-submit")
    thread = panel.locator(".fc-thread", has_text=str(stamp))
    thread.wait_for(timeout=ARRIVAL_TIMEOUT_MS)
    shown = thread.locator(".fc-text").first
    assert shown.inner_text() == typed, "the markup shows as the characters typed"
    assert shown.locator("b, script, strong").count() == 0, "never rendered as HTML or Markdown"
    assert re.search(r"25\d\d", thread.locator(".fc-meta").first.inner_text()), "the time in Buddhist Era"

    year = int(re.search(r"ปีงบประมาณ (\d{4})", panel.locator(".section-title").inner_text()).group(1))
    n = _count_on(live_server.store, year)
    assert n >= 1
    page.locator(f"{CARD} .fc-count[title='{n} ความเห็น']").wait_for(timeout=ARRIVAL_TIMEOUT_MS)
    page.locator(CARD).screenshot(path=str(artifacts_dir() / "screenshots" / "comment-count-on-the-card.png"))

    reply = f"รับทราบ จะลงพื้นที่สัปดาห์หน้า {stamp}"
    thread.locator(".fc-reply-summary").click()
    thread.locator(".fc-reply-text").fill(reply)
    thread.locator(".fc-reply button").click()
    panel.locator(".fc-thread", has_text=str(stamp)).locator(".fc-replies .fc-text", has_text=reply).wait_for(
        timeout=ARRIVAL_TIMEOUT_MS
    )
    page.locator(f"{CARD} .fc-count[title='{n + 1} ความเห็น']").wait_for(timeout=ARRIVAL_TIMEOUT_MS)
    assert page.inner_text(f"{CARD} .fc-count").strip() == str(n + 1)
    shot(page, "comment-thread-on-the-province-page")
    panel.screenshot(path=str(artifacts_dir() / "screenshots" / "comment-panel.png"))

    # The indicator's league counts it beside the province's figure; a click there opens that figure's thread.
    goto(page, live_server, f"/indicator/{INDICATOR}")
    cell = page.locator(f'#indicator-league .ag-row[row-id="{PROVINCE}"] .ag-cell[col-id="comments"]').first
    cell.scroll_into_view_if_needed()
    assert cell.inner_text().strip() == str(n + 1)
    cell.click()
    page.wait_for_url(re.compile(rf"/indicator/{INDICATOR}\?area={PROVINCE}"))
    page.locator("#comments .fc-thread", has_text=str(stamp)).wait_for(timeout=ARRIVAL_TIMEOUT_MS)
    shot(page, "comment-thread-on-the-indicator-page")

    # Its author withdraws the reply: it leaves the thread (kept in the store), and the count follows.
    page.locator("#comments .fc-thread", has_text=str(stamp)).locator(".fc-replies .fc-withdraw").click()
    withdrawn = page.locator("#comments .fc-replies .fc-text", has_text=reply)
    withdrawn.wait_for(state="detached", timeout=ARRIVAL_TIMEOUT_MS)
    assert _count_on(live_server.store, year) == n

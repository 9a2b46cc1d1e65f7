"""The briefing in Chromium (issue 13, item 4): the operator starts a meeting on the deck, clicks "สรุปการประชุม
(PDF)", sees that it is being prepared, and gets the PDF as a download — a page per wall, then the meeting; the
same button in the header of any page gives the same briefing in the page's language."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time

import pytest

from tests.browser.conftest import ARRIVAL_TIMEOUT_MS, artifacts_dir

PRINT_TIMEOUT_MS = 120_000


def _pages_and_text(path) -> tuple[int, str]:
    """(page count, the whole text without white space) as poppler reads the file."""
    if shutil.which("pdfinfo") is None or shutil.which("pdftotext") is None:
        reason = "poppler-utils not installed (apt-get install -y poppler-utils): the PDF cannot be read back"
        if os.environ.get("COCKPIT_REQUIRE_BROWSER", "") not in ("", "0"):
            pytest.fail(f"{reason} (COCKPIT_REQUIRE_BROWSER=1: the briefing must be read back)")
        pytest.skip(reason)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1)), re.sub(r"\s+", "", text.stdout)


def test_the_operator_downloads_the_meeting_briefing_from_the_deck(page, live_server, goto, shot):
    title = f"ประชุมสรุป {time.time_ns() % 100_000}"
    goto(page, live_server, "/deck")
    page.fill("#deck-meeting-title", title)
    page.click("#deck-meeting-start")
    page.locator("#deck-meeting-state", has_text=title).wait_for(timeout=ARRIVAL_TIMEOUT_MS)
    goto(page, live_server, "/deck")  # the deck as the operator finds it after the meeting began

    button = page.locator("#deck-briefing-button")
    assert "สรุปการประชุม (PDF)" in button.inner_text()
    with page.expect_download(timeout=PRINT_TIMEOUT_MS) as arrival:
        button.click()
        page.locator("#deck-briefing-button.briefing-busy").wait_for(timeout=ARRIVAL_TIMEOUT_MS)
        assert "กำลังจัดทำ" in button.inner_text()
        assert button.is_disabled(), "a second click does not print it twice"
        shot(page, "deck-briefing-preparing")
    download = arrival.value
    assert re.fullmatch(r"briefing-25\d\d-\d\d-\d\d\.pdf", download.suggested_filename)
    saved = artifacts_dir() / "downloads" / "deck-briefing.pdf"
    saved.parent.mkdir(parents=True, exist_ok=True)
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")
    pages, text = _pages_and_text(saved)
    assert pages == 5, "four walls, then the meeting"
    for wall in ("ผนังดำ", "ผนังแดง", "ผนังน้ำเงิน", "ผนังขาว"):
        assert wall in text
    assert re.sub(r"\s+", "", title) in text, "the meeting just started"
    page.locator("#deck-briefing-button:not(.briefing-busy)").wait_for(timeout=ARRIVAL_TIMEOUT_MS)
    assert "สรุปการประชุม (PDF)" in button.inner_text() and not button.is_disabled()
    assert page.inner_text("#briefing-message") == ""
    shot(page, "deck-briefing-done")


def test_the_header_of_a_page_gives_the_briefing_in_the_page_language(page, live_server, goto, shot):
    goto(page, live_server, "/indicator/JI01?lang=en")
    button = page.locator("#briefing-button")
    assert "Briefing (PDF)" in button.inner_text()
    with page.expect_download(timeout=PRINT_TIMEOUT_MS) as arrival:
        button.click()
        page.locator("#briefing-button.briefing-busy").wait_for(timeout=ARRIVAL_TIMEOUT_MS)
        assert "Preparing" in button.inner_text()
    saved = artifacts_dir() / "downloads" / "page-briefing-en.pdf"
    saved.parent.mkdir(parents=True, exist_ok=True)
    arrival.value.save_as(saved)
    pages, text = _pages_and_text(saved)
    assert pages == 5
    for wall in ("Blackwall", "Redwall", "Bluewall", "Whitewall"):
        assert wall in text
    shot(page, "page-briefing-header")

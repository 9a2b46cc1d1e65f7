"""The meeting's briefing as a PDF (cockpit.room.briefing, issue 13 item 4): printed by Debian's Chromium, read
back with poppler's pdfinfo, pdftotext and pdffonts — a page per wall with its Thai title, then the subjects the
deck showed and the decisions recorded since the meeting began; scoped as the walls are; on both stores.

Without Chromium or poppler-utils these tests skip with the reason, unless COCKPIT_REQUIRE_BROWSER=1 (CI)."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess

import pytest

from cockpit.room import briefing, decisions
from cockpit.room.deck import WALLS
from cockpit.room.walls import QUESTIONS
from layouts.briefing import HEADER_BUTTON
from layouts.header import header

WALL_NAMES_TH = {"black": "ผนังดำ", "red": "ผนังแดง", "blue": "ผนังน้ำเงิน", "white": "ผนังขาว"}
WALL_NAMES_EN = {"black": "Black wall", "red": "Red wall", "blue": "Blue wall", "white": "White wall"}
DECIDED = "ให้ ศธจ.เชียงใหม่ จัดครูสอนเสริมก่อนสอบ O-NET ภายในสองสัปดาห์"


def _tools_or_skip() -> None:
    missing = [tool for tool in ("pdfinfo", "pdftotext", "pdffonts") if shutil.which(tool) is None]
    if briefing.chromium_path() is None:
        missing.insert(0, "chromium")
    if not missing:
        return
    reason = f"{', '.join(missing)} not installed (apt-get install -y chromium poppler-utils)"
    if os.environ.get("COCKPIT_REQUIRE_BROWSER", "") not in ("", "0"):
        pytest.fail(f"{reason} (COCKPIT_REQUIRE_BROWSER=1: the briefing must be printed)")
    pytest.skip(reason)


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def room(request, writable):
    """(store, client reading as a national token, tokens) on a demo store of this module."""
    _tools_or_skip()
    _, store, tokens, client = writable(request.param)
    return store, client, tokens


def _as(client, token: str, method: str, path: str, **kwargs):
    return client.open(path, method=method, headers={"Authorization": f"Bearer {token}"}, **kwargs)


def _pages(pdf: bytes, tmp_path) -> list[str]:
    """Each page's text as pdftotext extracts it, with the white space taken out (it splits Thai clusters)."""
    path = tmp_path / "briefing.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    texts = []
    for number in range(1, count + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        texts.append(re.sub(r"\s+", "", text))
    return texts


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_briefing_has_a_page_per_wall_then_the_subjects_and_decisions_of_the_meeting(room, tmp_path):
    store, client, tokens = room
    national = tokens["national"]
    assert _as(client, national, "POST", "/api/v1/meetings", json={"title": "ประชุมผู้บริหาร (ทดสอบ)"}).status_code == 201
    assert _as(client, national, "POST", "/api/v1/deck", json={"show": "/province/TH-50"}).status_code == 200
    assert _as(client, national, "POST", "/api/v1/deck", json={"show": "/wall/red"}).status_code == 200
    deadline = (decisions.today_in_bangkok() + dt.timedelta(days=14)).isoformat()
    body = {"what": DECIDED, "owner": "TH-50", "deadline": deadline, "about_kind": "area", "about_code": "TH-50"}
    assert _as(client, national, "POST", "/api/v1/decisions", json=body).status_code == 201

    response = client.get("/api/v1/briefing.pdf")
    assert response.status_code == 200, response.data[:300]
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="briefing-25')
    pdf = response.data
    assert pdf.startswith(b"%PDF-")

    pages = _pages(pdf, tmp_path)
    assert len(pages) == len(WALLS) + 1, "one page per wall, then the meeting's page"
    for number, wall in enumerate(WALLS):
        assert _squeezed(WALL_NAMES_TH[wall]) in pages[number], f"page {number + 1} is the {wall} wall"
        assert _squeezed(QUESTIONS[wall][0]) in pages[number]
        assert "ข้อมูลณ" in pages[number], "each figure says as of when"
        assert "ปีงบประมาณ2568" in pages[number]
        assert "ข้อมูลสาธิต" in pages[number], "the demo is marked as demo"
    meeting = pages[-1]
    assert "สรุปการประชุม" in meeting and _squeezed("ประชุมผู้บริหาร (ทดสอบ)") in meeting
    assert _squeezed(DECIDED) in meeting, "the decision recorded during the meeting"
    assert "เชียงใหม่" in meeting and "ผนังแดง" in meeting, "the subjects the deck showed, in order"
    assert meeting.index("เชียงใหม่") < meeting.index("ผนังแดง")

    path = tmp_path / "briefing.pdf"
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Sarabun" in fonts, "Thai is set in the embedded Sarabun, not a fallback font"


def test_an_english_briefing_and_a_chosen_fiscal_year(room, tmp_path):
    _, client, _ = room
    response = client.get("/api/v1/briefing.pdf?lang=en&fy=2568")
    assert response.status_code == 200, response.data[:300]
    pages = _pages(response.data, tmp_path)
    for number, wall in enumerate(WALLS):
        assert _squeezed(WALL_NAMES_EN[wall]) in pages[number]
        assert _squeezed(QUESTIONS[wall][1]) in pages[number]
        assert "Fiscalyear2568" in pages[number] and "asof" in pages[number]
    assert "Meetingbriefing" in pages[-1]


def test_only_who_may_see_the_walls_gets_the_briefing_and_bad_input_names_the_field(room):
    _, client, tokens = room
    province = _as(client, tokens["chiang_mai"], "GET", "/api/v1/briefing.pdf")
    assert province.status_code == 403 and "view scope province:TH-50" in province.get_json()["error"]
    nobody = client.get("/api/v1/briefing.pdf", headers={})
    assert nobody.status_code == 401
    for query, field in (("fy=25", "fy"), ("fy=abc", "fy"), ("lang=fr", "lang")):
        bad = client.get(f"/api/v1/briefing.pdf?{query}")
        assert bad.status_code == 422 and field in bad.get_json()["fields"], query


def test_without_chromium_the_answer_says_what_to_install(room, monkeypatch):
    _, client, _ = room
    monkeypatch.setenv("COCKPIT_CHROMIUM", "/nonexistent/chromium")
    response = client.get("/api/v1/briefing.pdf")
    assert response.status_code == 503
    assert "apt-get install -y chromium" in response.get_json()["error"]


def test_the_print_page_escapes_what_people_typed_and_inlines_its_fonts(room):
    store, _, _ = room
    with store.read() as conn:
        data = briefing.gather(conn)
    data["decisions"] = [d | {"what": "<script>alert(1)</script>"} for d in data["decisions"]] or [
        {
            "what": "<script>alert(1)</script>",
            "owner_name_th": "ศธจ.เชียงใหม่",
            "about_name_th": "เชียงใหม่",
            "recorded_at": dt.datetime.now(dt.UTC),
            "deadline": dt.date.today(),
            "status": "open",
            "overdue": False,
        }
    ]
    data["meeting"] = data["meeting"] or {"started_at": dt.datetime.now(dt.UTC), "started_by": "-", "title": None}
    page = briefing.render_html(data, "th")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "data:font/woff2;base64," in page and "http://" not in page and "https://" not in page
    assert page.count('class="page wall-') == len(WALLS)


@pytest.mark.parametrize(("scope", "shown"), [("national", True), ("province:TH-50", False)])
def test_the_header_offers_the_briefing_to_whoever_may_see_the_walls(scope, shown):
    viewer = {"kind": "user", "name": "t", "view_scope": scope, "write_scope": None, "can": [], "home": "/"}
    view = {"dataset": {"dataset": "live", "updated_at": dt.datetime.now(dt.UTC)}, "viewer": viewer}
    ids = [getattr(part, "id", None) for part in header(view, "/", {}, "th")]
    assert (HEADER_BUTTON in ids) is shown


def test_a_print_that_takes_too_long_is_stopped_with_a_clear_error():
    _tools_or_skip()
    with pytest.raises(briefing.BriefingUnavailable, match="took more than"):
        briefing.print_pdf("<!DOCTYPE html><p>ผนังดำ</p>", timeout=0.01)

"""The drill in a real browser, as a person clicks it: nation → region → province → service area → school, a
figure checked at each level, then back with the browser's back button and up the breadcrumb. The demo store gets
a few schools in Chiang Mai (tests/test_pages_schools.py: `fill`), rolled up into the province's results."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

import pytest

from cockpit.bootstrap import prepare_store
from cockpit.read import queries
from layouts.common import fmt
from tests.browser.conftest import DASH_RENDERED, LiveServer, serving
from tests.browser.test_exports import _download
from tests.test_pages_schools import RATE, fill

WALL = {"width": 1920, "height": 1080}
REGION, PROVINCE, SERVICE_AREA, SCHOOL = "REO15", "TH-50", "P5001", "D1"


@pytest.fixture(scope="module")
def drill_server(tmp_path_factory) -> Iterator[LiveServer]:
    """The real app on a demo DuckDB store with schools, served from a thread (as conftest's live_server)."""
    database = tmp_path_factory.mktemp("drill-store") / "cockpit.duckdb"
    store = prepare_store(f"duckdb:///{database}", demo=True)
    fill(store)
    with serving(store, "cockpit-drill-server") as server:
        yield server


def settle(page, url_pattern: str) -> None:
    """After an in-app navigation: the URL has changed and Dash has rendered the new page."""
    page.wait_for_url(re.compile(url_pattern))
    page.wait_for_function(DASH_RENDERED)
    page.wait_for_timeout(300)
    page.wait_for_function(DASH_RENDERED)


def region_figure(store) -> str:
    """The region's figure on the nation page, as the nation page computes it (approved results only)."""
    with store.read() as conn:
        year = queries.default_fiscal_year(conn)["fiscal_year_be"]
        rows = queries.results_table(conn, "region", year, indicator_codes=[RATE])[RATE]
    return fmt(next(r for r in rows if r["area"] == REGION)["value"], 1)


def crumb(page, label: str):
    return page.locator("#breadcrumb a.crumb", has_text=label).first


def test_drill_from_the_nation_to_a_school_and_back(page, drill_server, goto, shot):
    page.set_viewport_size(WALL)
    goto(page, drill_server, f"/?ind={RATE}")

    # Nation: the region's figure in the ranking, then into the region.
    row = page.locator("#page .region-table tr", has=page.locator(f"a[href^='/region/{REGION}']"))
    assert region_figure(drill_server.store) in row.inner_text()
    row.locator("a.region-link").click()
    settle(page, rf"/region/{REGION}\?ind={RATE}")

    # Region: Chiang Mai's cell on the rate is the ratio of sums of its schools, (40 + 30) / (50 + 60).
    cell = page.locator(f".rp-grid .ag-row[row-id='{PROVINCE}'] .ag-cell[col-id='{RATE}']")
    cell.wait_for()
    assert "63.6" in cell.inner_text()
    page.locator(f".rp-grid a.rp-grid-link[href^='/province/{PROVINCE}']").first.click()
    settle(page, rf"/province/{PROVINCE}")

    # Province: its service area with its figure, a link to its page.
    item = page.locator("#province-service-areas .rp-sa-item", has=page.locator(f"a[href*='/{SERVICE_AREA}?']"))
    assert "63.6" in item.inner_text()
    item.scroll_into_view_if_needed()
    shot(page, "drill-province")
    item.locator("a.service-area-link").click()
    settle(page, rf"/service-area/{SERVICE_AREA}\?ind={RATE}&province={PROVINCE}")

    # Service area: its figure, its schools ranked, and who has not reported.
    assert "63.6" in page.locator("#service-area-figure").inner_text()
    assert "โรงเรียนที่รายงาน 2 จาก 3 โรงเรียน" in page.locator("#service-area-figure").inner_text()
    assert "โรงเรียนทดสอบ D3" in page.locator("#service-area-not-reporting").inner_text()
    league = page.locator(f".sa-league .ag-row[row-id='{SCHOOL}']")
    league.first.wait_for()
    assert "80.0" in page.locator(f".sa-league .ag-center-cols-container .ag-row[row-id='{SCHOOL}']").inner_text()
    shot(page, "drill-service-area")
    page.locator(f".sa-league a.rp-grid-link[href^='/school/{SCHOOL}']").click()
    settle(page, rf"/school/{SCHOOL}")

    # School: its own figure on the rate, with its trend.
    card = page.locator(".sc-card", has=page.locator(".rp-card-code", has_text=RATE))
    assert "80.0" in card.locator(".rp-card-value").inner_text()
    assert card.locator(".rp-trend").count() == 1
    crumbs = page.locator("#breadcrumb .crumb").all_inner_texts()
    assert crumbs == ["ประเทศ", "สำนักงานศึกษาธิการภาค 15", "เชียงใหม่", "สพป.เชียงใหม่ เขต 1", "โรงเรียนทดสอบ D1"]
    shot(page, "drill-school")

    # Back with the browser's button: the service area as it was.
    page.go_back()
    settle(page, rf"/service-area/{SERVICE_AREA}")
    assert "63.6" in page.locator("#service-area-figure").inner_text()

    # Up the breadcrumb: province, region, nation.
    crumb(page, "เชียงใหม่").click()
    settle(page, rf"/province/{PROVINCE}")
    assert "เชียงใหม่" in page.locator("#page h1").inner_text()
    crumb(page, "สำนักงานศึกษาธิการภาค 15").click()
    settle(page, rf"/region/{REGION}")
    assert "63.6" in page.locator(f".rp-grid .ag-row[row-id='{PROVINCE}'] .ag-cell[col-id='{RATE}']").inner_text()
    crumb(page, "ประเทศ").click()
    page.wait_for_url(re.compile(r"^[^?#]*//[^/]+/(\?.*)?$"))
    page.wait_for_function(DASH_RENDERED)
    assert page.locator("#page .region-table").count() == 1


def test_a_service_area_without_school_data_says_what_to_do_in_english(page, drill_server, goto, shot):
    goto(page, drill_server, "/service-area/P5002?lang=en")
    message = page.locator("#service-area-no-data").inner_text()
    assert "POST /api/v1/school-results" in message and "school_code" in message
    shot(page, "drill-service-area-no-data")
    page.locator("#service-area-no-data a.empty-state-link").click()
    settle(page, r"/upload")


def test_a_service_area_s_league_exports_its_schools_as_csv(page, drill_server, goto):
    goto(page, drill_server, f"/service-area/{SERVICE_AREA}?ind={RATE}&lang=en")
    page.locator(".sa-league .ag-row").first.wait_for()
    panel = page.locator("#service-area-league-panel")
    name, content = _download(page, panel.get_by_role("button", name="CSV").click)
    assert name.startswith(f"{SERVICE_AREA}-{RATE}-") and name.endswith(".csv")
    table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert table[0] == ["Rank", "School", "Value (%)", "Target", "Status"]
    assert [row[:3] for row in table[1:]] == [
        ["1", "Test school D1", "80.0"],
        ["2", "Test school D2", "50.0"],
        ["Not ranked", "Test school D3", "No data"],
    ]

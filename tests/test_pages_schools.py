"""The pages below the province, rendered through the router on the demo store with a few schools added: the
province's service-area panel, a service area's page (its figure, its schools ranked, who has not reported, or
what to do when no school reports) and a school's page, with figures computed by hand; both refused outside the
viewer's view scope."""

from __future__ import annotations

import dash_ag_grid as dag
import pytest
import sqlalchemy as sa
from dash import dcc

from callbacks.routing import page_status, render_path
from cockpit.people.access import Principal, Role
from cockpit.read import queries
from cockpit.store import schema
from layouts.i18n import t
from tests.conftest import apps_per_backend
from tests.factories import add_school, add_school_result, add_service_area, roll_up_schools
from tests.signin import ADMINISTRATOR
from tests.test_pages_region_province import by_id, find, texts

CHIANG_MAI, LAMPHUN = "TH-50", "TH-51"
RATE = "JI26"  # schools meeting the safety standard: a quarterly rate, higher is better, one decimal


def fill(store):
    """In Chiang Mai's P5001: D1 reports 40/50 and D2 30/60 in every period of the default year, D3 nothing.
    S9901, a secondary service area spanning Chiang Mai and Lamphun: E1 (Lamphun) 10/20."""
    with store.read() as conn:
        year = queries.default_fiscal_year(conn)["fiscal_year_be"]
        periods = queries.periods(conn, RATE, year)
    # The demo's own few schools go (their provinces keep the figures they were split from), so that this module's
    # hand-made schools are the only ones and every figure below is computed by hand from them. Two transactions:
    # DuckDB refuses to delete a row whose references were deleted in the same one.
    with store.write() as conn:
        conn.execute(schema.school_result.delete())
    with store.write() as conn:
        conn.execute(schema.school.delete())
    with store.write() as conn:
        for code in ("D1", "D2", "D3"):
            add_school(conn, code, CHIANG_MAI, "P5001", name_th=f"โรงเรียนทดสอบ {code}", name_en=f"Test school {code}")
        add_service_area(conn, "S9901", [CHIANG_MAI, LAMPHUN], kind="secondary", name_th="สพม.ทดสอบ")
        add_school(conn, "E1", LAMPHUN, "S9901", name_th="โรงเรียนลำพูนทดสอบ", name_en="Lamphun test school")
        for period in periods:
            add_school_result(conn, RATE, "D1", year, period, 40, 50)
            add_school_result(conn, RATE, "D2", year, period, 30, 60)
            add_school_result(conn, RATE, "E1", year, period, 10, 20)
        roll_up_schools(conn)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    yield from apps_per_backend(tmp_path_factory, demo=True, fill=fill)


@pytest.fixture(params=("duckdb", "postgres"))
def store(request, served):
    return served(request.param)[0]


def page(store, path: str, search: str = "", who=ADMINISTRATOR):
    return render_path(store, path, search, who)


def viewer_of(province: str) -> Principal:
    return Principal("user", 7, "ศธจ.", Role.OFFICER, f"province:{province}", frozenset({province}))


def test_the_province_page_links_its_service_areas_with_their_figures(store):
    _, _, body = page(store, "/province/TH-50")
    assert RATE in texts(by_id(body, "province-sa-indicator"))
    item = by_id(body, {"type": "service-area-figure", "code": "P5001"})
    link = find(item, lambda c: isinstance(c, dcc.Link))[0]
    assert link.href == f"/service-area/P5001?ind={RATE}&province=TH-50"
    assert "63.6" in texts(item)  # (40 + 30) / (50 + 60), not 65.0, the mean of the schools' 80 and 50
    # A service area whose schools do not report is still a link, without a figure.
    others = find(body, lambda c: isinstance(c, dcc.Link) and (c.href or "").startswith("/service-area/P5002"))
    assert others and not find(
        body, lambda c: getattr(c, "id", None) == {"type": "service-area-figure", "code": "P5002"}
    )


def test_a_service_area_page_shows_its_figure_its_schools_and_who_has_not_reported(store):
    _, crumbs, body = page(store, "/service-area/P5001", "?lang=en")
    figure = texts(by_id(body, "service-area-figure"))
    assert "63.6" in figure and "2 of 3 schools reported" in figure
    grid = find(body, lambda c: isinstance(c, dag.AgGrid) and c.id == "service-area-league")[0]
    rows = [(r["area"], r["rank"], r["value"]) for r in grid.rowData]
    assert rows == [("D1", "1", "80.0"), ("D2", "2", "50.0"), ("D3", "Not ranked", "No data")]
    assert grid.rowData[0]["href"] == "/school/D1?lang=en"
    assert find(body, lambda c: getattr(c, "id", None) == {"type": "table-csv", "grid": grid_name(store)})
    assert texts(by_id(body, "service-area-not-reporting")) == "Test school D3"
    assert [label for label, _ in crumbs] == [
        "Nation",
        "Regional Education Office 15",
        "Chiang Mai",
        "Chiang Mai Primary Educational Service Area 1",
    ]


def grid_name(store) -> str:
    with store.read() as conn:
        year = queries.default_fiscal_year(conn)["fiscal_year_be"]
    return f"P5001-{RATE}-{year}"


def test_a_service_area_without_school_data_says_what_to_do(store):
    _, _, body = page(store, "/service-area/P5002")
    message = texts(by_id(body, "service-area-no-data"))
    assert "POST /api/v1/school-results" in message and "school_code" in message
    assert find(by_id(body, "service-area-no-data"), lambda c: isinstance(c, dcc.Link) and c.href == "/upload")


def test_a_spanning_service_area_sums_both_provinces_and_keeps_the_trail_it_came_by(store):
    _, crumbs, body = page(store, "/service-area/S9901", "?province=TH-51&lang=en")
    assert "50.0" in texts(by_id(body, "service-area-figure"))  # its one school in Lamphun, 10 / 20
    assert [label for label, _ in crumbs][2] == "Lamphun"
    _, crumbs, _ = page(store, "/service-area/S9901", "?lang=en")
    assert [label for label, _ in crumbs][2] == "Chiang Mai"


def test_a_school_page_shows_each_indicator_with_target_status_and_trend(store):
    with store.read() as conn:
        year = queries.default_fiscal_year(conn)["fiscal_year_be"]
        periods = queries.periods(conn, RATE, year)
        target = queries.targets(conn, year, RATE)[RATE]
    _, crumbs, body = page(store, "/school/D1", "?lang=en")
    card = by_id(body, {"type": "school-card", "code": RATE})
    expected_target = (target.get(CHIANG_MAI) or target["TH"]).value
    assert "80.0" in texts(card) and f"{expected_target:.1f}" in texts(card)
    graph = find(card, lambda c: isinstance(c, dcc.Graph))[0]
    assert list(graph.figure["data"][0]["y"]) == [pytest.approx(80.0)] * len(periods)
    assert [label for label, _ in crumbs] == [
        "Nation",
        "Regional Education Office 15",
        "Chiang Mai",
        "Chiang Mai Primary Educational Service Area 1",
        "Test school D1",
    ]
    assert all(link for _, link in crumbs[:-1])
    _, _, body = page(store, "/school/D3", "?lang=en")
    assert texts(by_id(body, "school-no-results")) == "This school has no indicator result in this fiscal year"


def test_pages_below_the_province_are_refused_outside_the_view_scope(store):
    chiang_mai, lamphun = viewer_of(CHIANG_MAI), viewer_of(LAMPHUN)
    for path in ("/service-area/P5001", "/school/D1"):
        assert page_status(store, path, {}, chiang_mai) == 200
        assert page_status(store, path, {}, lamphun) == 403
        assert texts(by_id(page(store, path, "?lang=en", lamphun)[2], "forbidden-reason")) == t(
            "forbidden_area", "en"
        ).format(scope="province:TH-51")
        assert (
            find(page(store, path, "?lang=en", chiang_mai)[2], lambda c: getattr(c, "id", None) == "forbidden-reason")
            == []
        )
    assert page_status(store, "/school/E1", {}, lamphun) == 200
    # A secondary service area spanning two provinces shows both provinces' schools: only a viewer of both sees it.
    assert page_status(store, "/service-area/S9901", {}, chiang_mai) == 403
    assert page_status(store, "/service-area/S9901", {}, ADMINISTRATOR) == 200
    assert page_status(store, "/service-area/NOPE", {}, ADMINISTRATOR) == 200  # the page itself says not found
    for path in ("/school/NOPE", "/service-area/NOPE"):
        assert t("not_found", "en") in texts(page(store, path, "?lang=en")[2])


def test_the_roll_up_the_pages_drill_from_is_the_schools_ratio_of_sums(store):
    with store.read() as conn:
        year = queries.default_fiscal_year(conn)["fiscal_year_be"]
        rows = conn.execute(
            sa.select(schema.indicator_result.c.province_code, schema.indicator_result.c.value).where(
                schema.indicator_result.c.indicator_code == RATE,
                schema.indicator_result.c.fiscal_year_be == year,
                schema.indicator_result.c.source == "schools",
            )
        ).all()
    assert dict(rows) == {CHIANG_MAI: pytest.approx(70 / 110 * 100), LAMPHUN: pytest.approx(50.0)}

"""Reads below the province (cockpit/read/schools.py) on both stores, against figures computed by hand: a service
area is the ratio of sums of its schools (across both provinces when it spans two), a school is its own row, a
school without a result is missing and not reported, and each is judged against the contract's target. The
statement count of each read does not grow with the number of schools or years."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from cockpit.read import queries, schools
from cockpit.read.queries import NotFound
from tests.factories import (
    add_indicator,
    add_minimal_catalogue,
    add_school,
    add_school_result,
    add_service_area,
    add_target,
    roll_up_schools,
)

FY = 2568
CHIANG_MAI, LAMPHUN = "TH-50", "TH-51"


def schools_store(stores):
    """TR01 (a rate, higher is better, yellow within 10 points, orange within 20; targets: nation 80, Chiang Mai
    90) and TF01 (a quarterly flow, counted year to date) reported by schools of three service areas:
      P5001 (Chiang Mai): A1 45/50, A2 30/60, A3 nothing;   S5051 (spans Chiang Mai and Lamphun): B1 40/50 in
      Chiang Mai, B2 10/50 in Lamphun;   P5002 (Chiang Mai): C1, nothing.
    A1 also reports TF01: 3 in Q1, nothing in Q2, 5 in Q3."""
    store = stores.prepared(demo=False)
    with store.write() as conn:
        add_minimal_catalogue(conn)
        add_target(conn, "TR01", FY, CHIANG_MAI, value=90.0)
        add_indicator(conn, "TF01", aggregation="sum", multiplier=1.0, decimals=0, unit="count",
                      frequency="quarterly", accumulates=True, sort_order=3)  # fmt: skip
        add_target(conn, "TF01", FY, value=1000.0)
        add_service_area(conn, "P5001", [CHIANG_MAI])
        add_service_area(conn, "S5051", [CHIANG_MAI, LAMPHUN], kind="secondary")
        add_service_area(conn, "P5002", [CHIANG_MAI])
        for code, province, area in (
            ("A1", CHIANG_MAI, "P5001"),
            ("A2", CHIANG_MAI, "P5001"),
            ("A3", CHIANG_MAI, "P5001"),
            ("B1", CHIANG_MAI, "S5051"),
            ("B2", LAMPHUN, "S5051"),
            ("C1", CHIANG_MAI, "P5002"),
        ):
            add_school(conn, code, province, area)
        for school, numerator, denominator in (("A1", 45, 50), ("A2", 30, 60), ("B1", 40, 50), ("B2", 10, 50)):
            add_school_result(conn, "TR01", school, FY, 1, numerator, denominator)
        add_school_result(conn, "TF01", "A1", FY, 1, value=3)
        add_school_result(conn, "TF01", "A1", FY, 3, value=5)
        roll_up_schools(conn)
    return store


def targets_of(conn, code: str) -> dict:
    return queries.targets(conn, FY, code).get(code, {})


def test_service_areas_of_a_province_are_the_ratio_of_sums_of_their_schools(stores):
    store = schools_store(stores)
    with store.read() as conn:
        ind = queries.indicator(conn, "TR01")
        rows = {
            r["area"]: r for r in schools.service_area_figures(conn, ind, FY, 1, targets_of(conn, "TR01"), CHIANG_MAI)
        }
        lamphun = schools.service_area_figures(conn, ind, FY, 1, targets_of(conn, "TR01"), LAMPHUN)
    assert set(rows) == {"P5001", "P5002", "S5051"}
    p5001 = rows["P5001"]
    assert p5001["value"] == pytest.approx(75 / 110 * 100)  # (45 + 30) / (50 + 60), not 70, the mean of 90 and 50
    assert (p5001["numerator"], p5001["denominator"]) == (75, 110)
    assert (p5001["target"], p5001["status"]) == (90.0, "red")  # Chiang Mai's target, 21.8 points short
    assert (p5001["schools"], p5001["schools_reporting"], p5001["schools_not_reporting"]) == (3, 2, 1)
    spanning = rows["S5051"]
    assert spanning["value"] == pytest.approx(50.0)  # both provinces' schools: (40 + 10) / 100
    assert spanning["provinces"] == [CHIANG_MAI, LAMPHUN]
    assert (spanning["target"], spanning["status"]) == (80.0, "red")  # spanning two: the national target
    assert [r["area"] for r in lamphun] == ["S5051"] and lamphun[0]["value"] == pytest.approx(50.0)
    empty = rows["P5002"]
    assert (empty["value"], empty["status"], empty["schools_reporting"], empty["schools"]) == (None, "no_data", 0, 1)


def test_schools_of_a_service_area_with_status_and_those_not_reporting(stores):
    store = schools_store(stores)
    with store.read() as conn:
        ind = queries.indicator(conn, "TR01")
        rows = {r["area"]: r for r in schools.school_figures(conn, ind, FY, 1, "P5001", targets_of(conn, "TR01"))}
        spanning = {r["area"]: r for r in schools.school_figures(conn, ind, FY, 1, "S5051", targets_of(conn, "TR01"))}
        other_year = schools.school_figures(conn, ind, FY - 1, 1, "P5001", targets_of(conn, "TR01"))
    assert (rows["A1"]["value"], rows["A1"]["status"], rows["A1"]["reported"]) == (pytest.approx(90.0), "green", True)
    assert (rows["A2"]["value"], rows["A2"]["status"]) == (pytest.approx(50.0), "red")
    assert (rows["A3"]["value"], rows["A3"]["status"], rows["A3"]["reported"]) == (None, "no_data", False)
    # Each school against its own province's target: Lamphun has none of its own, so the national 80.
    assert (spanning["B1"]["target"], spanning["B1"]["status"]) == (90.0, "yellow")
    assert (spanning["B2"]["target"], spanning["B2"]["status"], spanning["B2"]["province"]) == (80.0, "red", LAMPHUN)
    assert all(r["value"] is None and not r["reported"] for r in other_year)


def test_the_province_roll_up_agrees_with_its_schools(stores):
    """The province figure everything above reads (indicator_result, source 'schools') is the ratio of sums of all
    its schools, whichever service area they lie in; Lamphun's is its one school."""
    store = schools_store(stores)
    with store.read() as conn:
        provinces = {r["area"]: r for r in queries.area_results(conn, "TR01", "province", FY)["areas"]}
    assert provinces[CHIANG_MAI]["value"] == pytest.approx(115 / 160 * 100)
    assert provinces[LAMPHUN]["value"] == pytest.approx(20.0)


def test_a_school_s_trend_over_the_year_s_periods(stores):
    store = schools_store(stores)
    with store.read() as conn:
        trends = schools.school_trends(conn, "A1", FY, queries.indicators(conn))
        nothing = schools.school_trends(conn, "A3", FY, queries.indicators(conn))
    assert set(trends) == {"TR01", "TF01"} and nothing == {}
    assert [(p["period_no"], p["value"], p["status"]) for p in trends["TR01"]] == [(1, pytest.approx(90.0), "green")]
    flow = trends["TF01"]
    # Year to date: 3, then 3 + 5 with Q2 missing (incomplete, never judged); a count has no target below the province.
    assert [(p["period_no"], p["value"], p["periods_missing"]) for p in flow] == [(1, 3, 0), (3, 8, 1)]
    assert [p["status"] for p in flow] == ["no_target", "incomplete"]


def test_unknown_codes_and_access_helpers(stores):
    store = schools_store(stores)
    with store.read() as conn:
        assert schools.service_area(conn, "S5051")["provinces"] == [CHIANG_MAI, LAMPHUN]
        assert schools.service_area_provinces(conn, "S5051") == {CHIANG_MAI, LAMPHUN}
        assert schools.school_province(conn, "B2") == {LAMPHUN}
        assert schools.school(conn, "B2")["service_area_name_en"] == "Service area S5051"
        assert schools.service_area_provinces(conn, "NOPE") is None and schools.school_province(conn, "NOPE") is None
        assert schools.indicators_with_school_data(conn, FY, province_code=LAMPHUN) == ["TR01"]
        assert schools.indicators_with_school_data(conn, FY, service_area_code="P5001") == ["TF01", "TR01"]
        assert schools.indicators_with_school_data(conn, FY, service_area_code="P5002") == []
        assert schools.indicators_with_school_data(conn, FY - 1, service_area_code="P5001") == []
        with pytest.raises(NotFound):
            schools.service_area(conn, "NOPE")
        with pytest.raises(NotFound):
            schools.school(conn, "NOPE")


def _statements(store, read) -> int:
    seen = []

    def count(*_args, **_kwargs):
        seen.append(1)

    sa.event.listen(store.engine, "before_cursor_execute", count)
    try:
        with store.read() as conn:
            read(conn)
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", count)
    return len(seen)


def test_statements_do_not_grow_with_schools_or_years(stores):
    store = schools_store(stores)

    def reads(conn):
        ind = queries.indicator(conn, "TR01")
        targets = targets_of(conn, "TR01")
        schools.service_area_figures(conn, ind, FY, 1, targets, CHIANG_MAI)
        schools.school_figures(conn, ind, FY, 1, "P5001", targets)
        schools.school_trends(conn, "A1", FY, queries.indicators(conn))

    before = _statements(store, reads)
    with store.write() as conn:
        for n in range(40):
            add_school(conn, f"X{n}", CHIANG_MAI, "P5001")
            for year in (FY - 2, FY - 1, FY):
                add_school_result(conn, "TR01", f"X{n}", year, 1, n, 50)
            add_school_result(conn, "TF01", "A1", FY - 10 - n, 1, value=1)
    assert _statements(store, reads) == before > 0

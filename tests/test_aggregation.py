"""Figures for regions and the nation: ratio of sums, targets per area, status, and missing data.

Every expected number here is worked out by hand from the rows the test writes into a real store.
"""

import pytest

from cockpit.read import queries
from tests.factories import add_chain, add_indicator, add_result, add_target

FY = 2568


@pytest.fixture
def region_store(empty_store):
    """Three provinces of one regional office with known numerators and denominators."""
    with empty_store.read() as conn:
        region = queries.regions(conn)[0]
    first, second, third = region["provinces"][:3]
    with empty_store.write() as conn:
        add_chain(conn)
        add_indicator(conn, "RATE")
        add_target(conn, "RATE", FY, value=80)
        add_result(conn, "RATE", first, FY, numerator=90, denominator=100)  # 90 %
        add_result(conn, "RATE", second, FY, numerator=10, denominator=50)  # 20 %
        add_result(conn, "RATE", third, FY, numerator=700, denominator=1000)  # 70 %
    return empty_store, region, (first, second, third)


def _by_area(result):
    return {a["area"]: a for a in result["areas"]}


def test_region_value_is_the_ratio_of_sums_not_the_mean_of_percentages(region_store):
    store, region, _ = region_store
    with store.read() as conn:
        result = _by_area(queries.area_results(conn, "RATE", "region", FY))[region["code"]]
    # (90 + 10 + 700) / (100 + 50 + 1000) = 800 / 1150; the mean of 90, 20 and 70 would be 60.
    assert result["numerator"] == 800
    assert result["denominator"] == 1150
    assert result["value"] == pytest.approx(69.5652173913)
    assert result["status"] == "orange"  # 69.57 is 10.43 below the target of 80: past the yellow gap of 10
    assert result["provinces_reporting"] == 3
    assert result["provinces_expected"] == len(region["provinces"])


def test_nation_sums_every_province(region_store):
    store, _, _ = region_store
    with store.read() as conn:
        nation = queries.area_results(conn, "RATE", "nation", FY)["areas"]
    assert len(nation) == 1
    assert nation[0]["area"] == "TH"
    assert nation[0]["value"] == pytest.approx(800 / 1150 * 100)
    assert nation[0]["target"] == 80


def test_provinces_get_their_own_status_and_missing_ones_show_no_data(region_store):
    store, _, (first, second, third) = region_store
    with store.read() as conn:
        provinces = _by_area(queries.area_results(conn, "RATE", "province", FY))
    assert len(provinces) == 77
    assert provinces[first]["value"] == pytest.approx(90) and provinces[first]["status"] == "green"
    assert provinces[second]["value"] == pytest.approx(20) and provinces[second]["status"] == "red"
    assert provinces[third]["value"] == pytest.approx(70) and provinces[third]["status"] == "yellow"
    silent = [a for code, a in provinces.items() if code not in (first, second, third)]
    assert all(a["value"] is None and a["status"] == "no_data" for a in silent)
    assert all(a["numerator"] is None and a["denominator"] is None for a in silent)


def test_a_region_with_no_reports_shows_no_data_not_zero(region_store):
    store, region, _ = region_store
    with store.read() as conn:
        others = [a for a in queries.area_results(conn, "RATE", "region", FY)["areas"] if a["area"] != region["code"]]
    assert others and all(a["value"] is None and a["status"] == "no_data" for a in others)


def test_a_province_target_overrides_the_national_one(region_store):
    store, _, (first, _, _) = region_store
    with store.write() as conn:
        add_target(conn, "RATE", FY, area=first, value=95)
    with store.read() as conn:
        provinces = _by_area(queries.area_results(conn, "RATE", "province", FY))
    assert provinces[first]["target"] == 95
    assert provinces[first]["status"] == "yellow"


def test_the_latest_reported_period_is_the_one_shown(region_store):
    store, region, (first, second, _) = region_store
    with store.write() as conn:
        add_result(conn, "RATE", first, FY, period_no=2, numerator=50, denominator=100)
    with store.read() as conn:
        result = queries.area_results(conn, "RATE", "region", FY)
        earlier = queries.area_results(conn, "RATE", "region", FY, period_no=1)
    assert result["period_no"] == 2
    mine = _by_area(result)[region["code"]]
    # Only the first province has reported period 2: 50 / 100.
    assert mine["value"] == pytest.approx(50) and mine["provinces_reporting"] == 1
    assert _by_area(earlier)[region["code"]]["value"] == pytest.approx(800 / 1150 * 100)


def test_counts_are_summed_and_a_region_target_is_the_sum_of_its_provinces(empty_store):
    with empty_store.read() as conn:
        region = queries.regions(conn)[0]
    members = region["provinces"]
    with empty_store.write() as conn:
        add_chain(conn)
        add_indicator(
            conn,
            "COUNT",
            aggregation="sum",
            unit="count",
            multiplier=1.0,
            direction="lower",
            yellow_gap=5.0,
            orange_gap=10.0,
        )
        for index, province in enumerate(members):
            add_target(conn, "COUNT", FY, area=province, value=10)
            add_result(conn, "COUNT", province, FY, value=float(index + 10))
    with empty_store.read() as conn:
        result = _by_area(queries.area_results(conn, "COUNT", "region", FY))[region["code"]]
    n = len(members)
    assert result["value"] == sum(range(10, 10 + n))
    assert result["target"] == 10 * n
    assert result["numerator"] is None and result["denominator"] is None
    # A count's gaps are percentages of its target: 5 % and 10 % of 10 n.
    excess_pct = sum(range(n)) / (10 * n) * 100
    expected = "green" if excess_pct == 0 else "yellow" if excess_pct <= 5 else "orange" if excess_pct <= 10 else "red"
    assert result["status"] == expected


def test_a_flow_counts_year_to_date_against_its_pro_rated_target(empty_store):
    """Teachers trained per quarter: Q1-Q3 are summed, and three quarters of the yearly target apply."""
    with empty_store.read() as conn:
        region = queries.regions(conn)[0]
    first, second = region["provinces"][:2]
    with empty_store.write() as conn:
        add_chain(conn)
        add_indicator(
            conn,
            "FLOW",
            aggregation="sum",
            unit="count",
            multiplier=1.0,
            frequency="quarterly",
            accumulates=True,
            yellow_gap=10.0,
            orange_gap=25.0,
        )
        add_target(conn, "FLOW", FY, value=400)  # the nation's yearly target
        for province, quarters in ((first, (40, 60, 100)), (second, (50, 20, 30))):
            add_target(conn, "FLOW", FY, area=province, value=200)
            for period_no, value in enumerate(quarters, start=1):
                add_result(conn, "FLOW", province, FY, period_no=period_no, value=float(value))
    with empty_store.read() as conn:
        nation = queries.area_results(conn, "FLOW", "nation", FY)
        provinces = _by_area(queries.area_results(conn, "FLOW", "province", FY))
        table = queries.results_table(conn, "nation", FY)["FLOW"][0]
        trend = queries.series(conn, "nation", ["FLOW"])[("FLOW", "TH")]
        second_quarter = queries.area_results(conn, "FLOW", "nation", FY, period_no=2)["areas"][0]
    assert nation["period_no"] == 3
    national = nation["areas"][0]
    assert national["value"] == 300 and national["target"] == 300  # 200 + 100 by Q3; 3/4 of 400
    assert national["status"] == "green" and national["provinces_reporting"] == 2
    assert table["value"] == 300 and table["target"] == 300 and table["status"] == "green"
    assert (
        provinces[first]["value"] == 200 and provinces[first]["target"] == 150 and provinces[first]["status"] == "green"
    )
    # 100 against 150: 33 % short, past the 25 % orange gap.
    assert provinces[second]["value"] == 100 and provinces[second]["status"] == "red"
    assert [(p["period_no"], p["value"], p["target"]) for p in trend] == [(1, 90, 100), (2, 170, 200), (3, 300, 300)]
    # 170 against 200 by Q2: 15 % short, past the 10 % yellow gap.
    assert second_quarter["value"] == 170 and second_quarter["target"] == 200 and second_quarter["status"] == "orange"


def test_a_range_indicator_is_judged_inside_its_band(empty_store):
    with empty_store.read() as conn:
        province = queries.provinces(conn)[0]["code"]
    with empty_store.write() as conn:
        add_chain(conn)
        add_indicator(conn, "CLASS", unit="ratio", multiplier=1.0, direction="range", yellow_gap=2.0, orange_gap=5.0)
        add_target(conn, "CLASS", FY, low=20, high=25)
        add_result(conn, "CLASS", province, FY, numerator=540, denominator=20, value=27.0)
    with empty_store.read() as conn:
        result = _by_area(queries.area_results(conn, "CLASS", "province", FY))[province]
    assert result["value"] == pytest.approx(27.0)
    assert (result["target_low"], result["target_high"]) == (20, 25)
    assert result["status"] == "yellow"

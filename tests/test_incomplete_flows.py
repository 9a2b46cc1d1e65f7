"""A flow with missing periods is marked incomplete and never judged as if it were complete (issue 10, item 3).

A flow (an indicator that accumulates) counts its periods to date against a pro-rated target: a province that
skipped a quarter would be judged on three quarters' worth of data against the target of four, and a
lower-is-better flow would look better for the missing quarter. Every expected figure is worked out by hand from
the rows the test writes into a real store, on DuckDB and PostgreSQL.
"""

import pytest
import sqlalchemy as sa

from cockpit.read import queries, views
from cockpit.rules.status import INCOMPLETE, NO_DATA, roll_up
from cockpit.store import schema
from tests.factories import add_chain, add_indicator, add_result, add_target

FY = 2568


def _flow(conn, code: str, direction: str) -> None:
    add_indicator(
        conn,
        code,
        aggregation="sum",
        unit="count",
        multiplier=1.0,
        decimals=0,
        frequency="quarterly",
        accumulates=True,
        direction=direction,
        yellow_gap=10.0,
        orange_gap=25.0,
    )


@pytest.fixture
def flows(empty_store):
    """Two flows in one regional office, Q1-Q3 reported: `first` complete, `second` skipped Q2, `third` only
    reported Q1 and Q3 of the lower-is-better flow as well; a second region's provinces all complete."""
    with empty_store.read() as conn:
        region, other = queries.regions(conn)[:2]
    first, second = region["provinces"][:2]
    elsewhere = other["provinces"][0]
    with empty_store.write() as conn:
        add_chain(conn)
        _flow(conn, "TRAINED", "higher")  # teachers trained: higher is better
        _flow(conn, "DROPOUTS", "lower")  # pupils who left school: lower is better
        for code in ("TRAINED", "DROPOUTS"):
            add_target(conn, code, FY, value=1200)
            for area, target in (
                (first, 400),
                (second, 400),
                (elsewhere, 400),
                (region["code"], 800),
                (other["code"], 400),
            ):
                add_target(conn, code, FY, area=area, value=target)  # three quarters of it by Q3
            for province, quarters in ((first, (100, 100, 100)), (second, (100, None, 100)), (elsewhere, (100,) * 3)):
                for period_no, value in enumerate(quarters, start=1):
                    if value is not None:
                        add_result(conn, code, province, FY, period_no=period_no, value=float(value))
    return empty_store, region, other, (first, second, elsewhere)


def _by_area(result):
    return {a["area"]: a for a in result["areas"]}


def test_a_province_that_skipped_a_quarter_is_incomplete_and_not_coloured(flows):
    store, _, _, (first, second, _) = flows
    with store.read() as conn:
        provinces = _by_area(queries.area_results(conn, "TRAINED", "province", FY))
        bulk = {row["area"]: row for row in queries.results_table(conn, "province", FY)["TRAINED"]}
    # 200 by Q3 against 300 would be 33 % short: red, had the missing quarter been judged.
    assert provinces[second]["value"] == 200 and provinces[second]["status"] == INCOMPLETE
    assert provinces[second]["periods_missing"] == 1
    assert provinces[first]["value"] == 300 and provinces[first]["status"] == "green"
    assert provinces[first]["periods_missing"] == 0
    assert bulk[second]["status"] == INCOMPLETE and bulk[second]["periods_missing"] == 1
    assert bulk[first]["status"] == "green"


def test_a_lower_is_better_flow_with_a_missing_quarter_is_not_green(flows):
    store, _, _, (first, second, _) = flows
    with store.read() as conn:
        provinces = _by_area(queries.area_results(conn, "DROPOUTS", "province", FY))
    # 200 dropouts by Q3 against at most 300 would be green: the missing quarter must not make it look better.
    assert provinces[second]["value"] == 200 and provinces[second]["status"] == INCOMPLETE
    assert provinces[first]["value"] == 300 and provinces[first]["status"] == "green"


def test_a_region_and_the_nation_with_an_incomplete_province_are_incomplete(flows):
    store, region, other, (first, second, elsewhere) = flows
    with store.read() as conn:
        regions = _by_area(queries.area_results(conn, "DROPOUTS", "region", FY))
        nation = queries.area_results(conn, "DROPOUTS", "nation", FY)["areas"][0]
        table = queries.results_table(conn, "nation", FY)["DROPOUTS"][0]
    assert regions[region["code"]]["value"] == 500 and regions[region["code"]]["status"] == INCOMPLETE
    assert regions[region["code"]]["periods_missing"] == 1
    assert regions[other["code"]]["value"] == 300 and regions[other["code"]]["status"] == "green"
    assert nation["value"] == 800 and nation["status"] == INCOMPLETE and nation["periods_missing"] == 1
    assert table["status"] == INCOMPLETE and table["periods_missing"] == 1


def test_an_earlier_period_is_judged_on_the_periods_it_has(flows):
    """By Q1 every province has its one quarter: complete, and judged as before."""
    store, region, _, (_, second, _) = flows
    with store.read() as conn:
        q1 = _by_area(queries.area_results(conn, "TRAINED", "province", FY, period_no=1))
        q1_region = _by_area(queries.area_results(conn, "TRAINED", "region", FY, period_no=1))
    assert q1[second]["value"] == 100 and q1[second]["status"] == "green" and q1[second]["periods_missing"] == 0
    assert q1_region[region["code"]]["status"] == "green"


def test_the_trend_marks_the_points_that_lack_a_period(flows):
    store, region, _, (_, second, _) = flows
    with store.read() as conn:
        province_trend = queries.series(conn, "province", ["TRAINED"], area_codes=[second])[("TRAINED", second)]
        region_trend = queries.series(conn, "region", ["TRAINED"])[("TRAINED", region["code"])]
        nation_trend = queries.series(conn, "nation", ["TRAINED"])[("TRAINED", queries.NATION)]
    # The province has Q1 and Q3: its Q3 point (100 + 100) lacks Q2.
    assert [(p["period_no"], p["value"], p["status"]) for p in province_trend] == [
        (1, 100, "green"),
        (3, 200, INCOMPLETE),
    ]
    assert [(p["period_no"], p["status"], p["periods_missing"]) for p in region_trend] == [
        (1, "green", 0),
        (2, INCOMPLETE, 1),
        (3, INCOMPLETE, 1),
    ]
    assert [p["status"] for p in nation_trend] == ["green", INCOMPLETE, INCOMPLETE]


def test_an_incomplete_figure_is_no_colour_in_a_roll_up_a_count_or_a_rank(flows):
    store, region, _, (first, second, _) = flows
    assert roll_up([INCOMPLETE, INCOMPLETE]) == NO_DATA
    assert roll_up(["green", INCOMPLETE, INCOMPLETE]) == "green"
    with store.read() as conn:
        tree = views.chain_tree(conn, FY)
        nation = views.nation_view(conn, FY, "TRAINED")
    factor = views.find_node(tree["roots"], "TX")
    assert factor["status"] == NO_DATA  # both flows are incomplete nationally: nothing to colour the factor with
    assert factor["counts"][INCOMPLETE] == 2 and factor["counts"]["green"] == 0
    row = next(r for r in nation["regions"] if r["area"] == region["code"])
    assert row["counts"][INCOMPLETE] == 2 and row["counts"]["green"] == 0
    with store.read() as conn:
        league = {r["area"]: r for r in views.indicator_view(conn, "TRAINED", FY)["league"]}
    assert league[second]["rank"] is None and league[second]["gap"] is None, "not ranked, no gap to a target"
    assert league[first]["rank"] == 1 and league[first]["gap"] == 0


def test_a_flow_reported_in_full_stays_judged(empty_store):
    """The same province with every quarter: no period missing, status as the rule says."""
    with empty_store.read() as conn:
        province = queries.provinces(conn)[0]["code"]
    with empty_store.write() as conn:
        add_chain(conn)
        _flow(conn, "TRAINED", "higher")
        add_target(conn, "TRAINED", FY, area=province, value=400)
        for period_no in (1, 2, 3, 4):
            add_result(conn, "TRAINED", province, FY, period_no=period_no, value=50.0)
    with empty_store.read() as conn:
        row = _by_area(queries.area_results(conn, "TRAINED", "province", FY))[province]
    assert row["value"] == 200 and row["periods_missing"] == 0 and row["status"] == "red"  # 50 % short


def _incomplete_by_hand(conn) -> dict[tuple[str, int], dict[str, int]]:
    """Which province-years of each flow lack a period, from the raw rows alone (not the production query):
    {(flow, fiscal year): {province: periods missing}}, each judged at the year's latest reported period."""
    result, indicator = schema.indicator_result, schema.indicator
    flows = {
        code: aggregation
        for code, aggregation in conn.execute(
            sa.select(indicator.c.code, indicator.c.aggregation).where(
                indicator.c.accumulates.is_(True), indicator.c.retired_at.is_(None)
            )
        )
    }
    reported: dict[tuple[str, int], dict[str, set[int]]] = {}
    for row in conn.execute(sa.select(result).where(result.c.indicator_code.in_(flows))):
        usable = (
            row.value is not None
            if flows[row.indicator_code] == "sum"
            else None not in (row.numerator, row.denominator)
        )
        if usable:
            reported.setdefault((row.indicator_code, row.fiscal_year_be), {}).setdefault(row.province_code, set()).add(
                row.period_no
            )
    out = {}
    for key, by_province in reported.items():
        last = max(max(periods) for periods in by_province.values())
        out[key] = {
            province: last - len(periods)
            for province, periods in by_province.items()
            if periods != set(range(1, last + 1))
        }
    return out


def test_the_demo_flows_that_lack_periods_are_incomplete_and_no_others(demo_store):
    with demo_store.read() as conn:
        by_hand = _incomplete_by_hand(conn)
        shown = {}
        for code, fiscal_year in by_hand:
            rows = queries.area_results(conn, code, "province", fiscal_year)["areas"]
            shown[(code, fiscal_year)] = {
                row["area"]: row["periods_missing"] for row in rows if row["status"] == INCOMPLETE
            }
    assert shown == by_hand
    # The issue counted 27 province-years that skipped a quarter before the last one reported; 9 more have every
    # quarter but the year's last (Q4), and are just as incomplete: their sum lacks a quarter the target counts.
    province_years = sum(len(provinces) for provinces in by_hand.values())
    assert province_years == 36, by_hand
    with demo_store.read() as conn:
        result = schema.indicator_result
        skipped = 0
        for (code, fiscal_year), provinces in by_hand.items():
            for province in provinces:
                periods = conn.execute(
                    sa.select(result.c.period_no).where(
                        result.c.indicator_code == code,
                        result.c.fiscal_year_be == fiscal_year,
                        result.c.province_code == province,
                    )
                ).scalars()
                periods = sorted(periods)
                skipped += periods != list(range(1, len(periods) + 1))
    assert skipped == 27


def test_the_api_and_its_csv_say_incomplete_and_how_many_periods(flows):
    from app import create_app
    from tests.signin import signed_in_client

    store, region, _, (first, second, _) = flows
    client = signed_in_client(create_app(store), store)
    rows = {r["area"]: r for r in client.get(f"/api/v1/results?indicator=TRAINED&level=province&fy={FY}").get_json()}
    assert rows[second]["status"] == INCOMPLETE and rows[second]["periods_missing"] == 1
    assert rows[first]["status"] == "green" and rows[first]["periods_missing"] == 0
    nation = client.get(f"/api/v1/results?indicator=TRAINED&level=nation&fy={FY}").get_json()[0]
    assert nation["status"] == INCOMPLETE and nation["periods_missing"] == 1
    text = client.get(f"/api/v1/results?indicator=TRAINED&level=province&fy={FY}&format=csv").get_data(as_text=True)
    header, *lines = [line.split(",") for line in text.splitlines()]
    mine = [dict(zip(header, line, strict=True)) for line in lines if line[1] == second]
    # Q1 and Q3 reported: at Q1 the total is complete; at Q2 (a row of its own, with no figure) and Q3 it lacks Q2.
    assert [(r["period_no"], r["value"], r["status"], r["periods_missing"]) for r in mine] == [
        ("1", "100.0", "green", "0"),
        ("2", "", INCOMPLETE, "1"),
        ("3", "100.0", INCOMPLETE, "1"),
    ]


def test_the_region_page_and_the_wall_legend_show_incomplete_in_words(flows):
    from app import create_app
    from callbacks.routing import render_path
    from tests.signin import ADMINISTRATOR
    from tests.test_pages_region_province import by_class, texts

    store, region, _, (_, second, _) = flows
    create_app(store)
    _header, _crumbs, body = render_path(store, "/indicator/TRAINED", f"?fy={FY}", ADMINISTRATOR)
    national = by_class(body, "cic-national-panel")[0]
    assert by_class(national, "status-incomplete") and "ข้อมูลไม่ครบ 1 งวด" in texts(national)
    _header, _crumbs, body = render_path(store, "/indicator/TRAINED", f"?fy={FY}&lang=en", ADMINISTRATOR)
    assert "Incomplete: 1 period(s) missing" in texts(by_class(body, "cic-national-panel")[0])
    _header, _crumbs, body = render_path(store, "/wall", f"?fy={FY}", ADMINISTRATOR)
    legend = by_class(body, "wall-legend")[0]
    assert by_class(legend, "status-incomplete") and "ข้อมูลไม่ครบ" in texts(legend)

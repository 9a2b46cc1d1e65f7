"""The forecast and the what-if on the stored figures, on both stores: the indicator page's and the province
page's projections follow the stated method on the per-period figures the API exports; the what-if, posted to
Dash's callback endpoint as the page posts it, changes provinces' statuses and leaves the store as it was."""

from __future__ import annotations

import statistics

import pytest
import sqlalchemy as sa

from cockpit.read import forecast, queries, views
from cockpit.rules.status import INCOMPLETE, Target, status_of
from cockpit.store import schema
from layouts.forecast import (
    WHAT_IF_ACTIVE,
    WHAT_IF_CONTEXT,
    WHAT_IF_COUNTS,
    WHAT_IF_GAP_NOTE,
    WHAT_IF_INPUT,
    WHAT_IF_ORANGE,
    WHAT_IF_RESET,
    WHAT_IF_YELLOW,
)
from layouts.pages.indicator import BARS_ID, GRID_ID, MAP_ID, NATIONAL_STATUS_ID
from tests.conftest import apps_per_backend
from tests.signin import signed_in_client


def own_figures(conn, code: str, level: str, year: int, up_to: int) -> dict[str, list[tuple[int, float]]]:
    """Each area's own figure per period, as the CSV export writes them (queries.period_results)."""
    out: dict[str, list[tuple[int, float]]] = {}
    for row in queries.period_results(conn, code, level, year)["areas"]:
        if row["period_no"] <= up_to and row["value"] is not None:
            out.setdefault(row["area"], []).append((row["period_no"], row["value"]))
    return out


def test_a_flow_on_the_indicator_page_goes_on_at_its_run_rate(demo_store):
    with demo_store.read() as conn:
        view = views.indicator_view(conn, "JI12", period_no=2)
        year = view["fiscal_year_be"]
        national = own_figures(conn, "JI12", "nation", year, 2)[queries.NATION]
        provinces = own_figures(conn, "JI12", "province", year, 2)
    (_, q1), (_, q2) = national
    projection = view["national_forecast"]
    assert projection["method"] == "flow" and projection["periods_used"] == 2
    assert projection["value"] == pytest.approx((q1 + q2) / 2 * 4)
    assert projection["low"] == pytest.approx(q1 + q2 + 2 * min(q1, q2))
    assert projection["high"] == pytest.approx(q1 + q2 + 2 * max(q1, q2))
    assert projection["target"] == view["national_target"].value  # the whole year's target, not Q2's share
    assert {area for _, area in view["forecast"]} == {row["area"] for row in view["league"]}
    for area, points in provinces.items():
        mine = view["forecast"][("JI12", area)]
        if len(points) >= 2:
            assert mine["value"] == pytest.approx(sum(v for _, v in points) / len(points) * 4), area
        else:
            assert mine["value"] is None and mine["verdict"] == "not_enough", area


def test_a_level_on_the_indicator_page_follows_the_least_squares_line(demo_store):
    with demo_store.read() as conn:
        view = views.indicator_view(conn, "JI15", period_no=5)
        points = own_figures(conn, "JI15", "nation", view["fiscal_year_be"], 5)[queries.NATION]
    xs, ys = [p for p, _ in points], [v for _, v in points]
    slope, intercept = statistics.linear_regression(xs, ys)
    widest = max(abs(y - (intercept + slope * x)) for x, y in points)
    expected = min(100.0, max(0.0, intercept + slope * 12))
    projection = view["national_forecast"]
    assert projection["method"] == "level" and projection["periods_used"] == 5
    assert projection["value"] == pytest.approx(expected)
    assert projection["low"] == pytest.approx(min(100.0, max(0.0, expected - widest)))
    target = view["national_target"].value
    met = [v >= target for v in (projection["low"], projection["value"], projection["high"])]
    verdict = "on_course" if all(met) else ("at_risk" if not any(met) else "uncertain")
    assert projection["verdict"] == verdict


def test_a_yearly_indicator_and_a_single_period_give_no_projection(demo_store):
    with demo_store.read() as conn:
        yearly = views.indicator_view(conn, "JI01")
        first = views.indicator_view(conn, "JI15", period_no=1)
    assert yearly["national_forecast"]["verdict"] == "not_enough" and yearly["national_forecast"]["value"] is None
    assert first["national_forecast"]["verdict"] == "not_enough"
    assert all(p["value"] is None for p in first["forecast"].values())


def test_each_province_card_carries_its_projection_for_the_year(demo_store):
    with demo_store.read() as conn:
        view = views.province_view(conn, "TH-50")
        year = view["fiscal_year_be"]
        cards = {c["indicator"]["code"]: c for stage in view["stages"].values() for c in stage}
        monthly = own_figures(conn, "JI15", "province", year, 12)["TH-50"]
        flow = own_figures(conn, "JI12", "province", year, 4)["TH-50"]
    assert cards["JI01"]["forecast"]["verdict"] == "not_enough"
    # The demo's year is complete: its projection is the year's own figure.
    assert cards["JI15"]["forecast"]["value"] == pytest.approx(dict(monthly)[12])
    assert cards["JI12"]["forecast"]["value"] == pytest.approx(sum(v for _, v in flow))
    assert cards["JI12"]["forecast"]["verdict"] in ("on_course", "at_risk")


def test_what_if_moves_every_province_with_the_national_target(demo_store):
    with demo_store.read() as conn:
        stored = views.what_if_view(conn, "JI15", 2568, 5, None, None)
        stored_target = forecast.national_target(conn, stored["indicator"], 2568)
        harder = views.what_if_view(conn, "JI15", 2568, 5, None, stored_target.value + 10)
    assert stored["counts"] != harder["counts"]
    assert harder["counts"]["green"] < stored["counts"]["green"]
    before = {row["area"]: row for row in stored["league"]}
    for row in harder["league"]:
        assert row["target"] == pytest.approx(before[row["area"]]["target"] + 10)
    assert any(row["status"] != before[row["area"]]["status"] for row in harder["league"])
    assert stored_target == Target(value=stored["national"]["target"])


def test_what_if_moves_a_counts_targets_by_the_same_share(demo_store):
    with demo_store.read() as conn:
        stored = views.what_if_view(conn, "JI12", 2568, 2, None, None)
        yearly = forecast.national_target(conn, stored["indicator"], 2568).value
        higher = views.what_if_view(conn, "JI12", 2568, 2, None, yearly * 1.5)
    before = {row["area"]: row for row in stored["league"]}
    for row in higher["league"]:
        if before[row["area"]]["target"] is not None:
            assert row["target"] == pytest.approx(before[row["area"]]["target"] * 1.5)
    assert higher["national"]["target"] == pytest.approx(stored["national"]["target"] * 1.5)
    assert higher["counts"]["green"] < stored["counts"]["green"]
    for key, projection in higher["forecast"].items():
        if stored["forecast"][key]["target"] is not None:
            assert projection["target"] == pytest.approx(stored["forecast"][key]["target"] * 1.5), key


@pytest.fixture(scope="module")
def what_if_stores(tmp_path_factory):
    """A demo store per backend with the whole app in front of it, for checking that nothing is written."""
    yield from apps_per_backend(tmp_path_factory, demo=True)


def snapshot(store) -> dict:
    """Every table's rows (sorted), so any write shows as a difference."""
    with store.read() as conn:
        return {
            table.name: sorted(map(repr, conn.execute(sa.select(table)).all()))
            for table in schema.metadata.sorted_tables
        }


def what_if_body(app, value, context: dict, search: str = "", gaps=None, changed: str = WHAT_IF_INPUT) -> dict:
    """The what-if callback's request, as the page posts it when the target input (or a gap) changes; `gaps`
    None: the stored ones, as the page starts."""
    key = next(k for k in app.callback_map if f"{GRID_ID}.rowData" in k)
    yellow, orange = gaps if gaps is not None else context.get("stored_gaps", (None, None))
    return {
        "output": key,
        "outputs": [
            {"id": GRID_ID, "property": "rowData"},
            {"id": MAP_ID, "property": "figure"},
            {"id": BARS_ID, "property": "figure"},
            {"id": NATIONAL_STATUS_ID, "property": "children"},
            {"id": WHAT_IF_COUNTS, "property": "children"},
            {"id": WHAT_IF_ACTIVE, "property": "className"},
            {"id": WHAT_IF_GAP_NOTE, "property": "children"},
        ],
        "inputs": [
            {"id": WHAT_IF_INPUT, "property": "value", "value": value},
            {"id": WHAT_IF_YELLOW, "property": "value", "value": yellow},
            {"id": WHAT_IF_ORANGE, "property": "value", "value": orange},
        ],
        "state": [
            {"id": WHAT_IF_CONTEXT, "property": "data", "value": context},
            {"id": "url", "property": "search", "value": search},
        ],
        "changedPropIds": [f"{changed}.value"],
    }


def post_what_if(app, client, value, context: dict, search: str = "", gaps=None, changed=WHAT_IF_INPUT) -> dict:
    response = client.post("/_dash-update-component", json=what_if_body(app, value, context, search, gaps, changed))
    assert response.status_code == 200, response.data[:400]
    return response.get_json()["response"]


def _context(view: dict, code: str, period: int) -> dict:
    """The what-if panel's context as the page holds it (layouts/forecast.py)."""
    return {
        "code": code,
        "fiscal_year_be": view["fiscal_year_be"],
        "period_no": period,
        "scheme": view["scheme"],
        "stored": view["national_target"].value,
        "stored_gaps": [view["indicator"]["yellow_gap"], view["indicator"]["orange_gap"]],
        "mode": "status",
    }


@pytest.mark.parametrize("backend", ["duckdb", "postgres"])
def test_the_what_if_callback_changes_statuses_and_writes_nothing(what_if_stores, backend):
    store, app = what_if_stores(backend)
    client = signed_in_client(app, store)
    with store.read() as conn:
        view = views.indicator_view(conn, "JI15", period_no=5)
    context = _context(view, "JI15", 5)
    before = snapshot(store)
    moved = post_what_if(app, client, view["national_target"].value + 10, context, "?lang=en")
    grid = moved[GRID_ID]["rowData"]
    statuses = {row["area"]: row["status_key"] for row in grid}
    stored_statuses = {row["area"]: row["status"] for row in view["league"]}
    assert statuses != stored_statuses
    assert all(row["status_key"] in ("green", "yellow", "orange", "red", "no_data") for row in grid)
    assert moved[WHAT_IF_ACTIVE]["className"] == "wi-active"
    figure = next(v for k, v in moved.items() if "province-map" in k)["figure"]
    assert len(figure["data"][0]["locations"]) == len(grid)
    bars = next(v for k, v in moved.items() if "province-bars" in k)["figure"]
    assert len(bars["data"][0]["x"]) == len(grid)
    assert NATIONAL_STATUS_ID in moved
    back = post_what_if(app, client, view["national_target"].value, context)
    assert {row["area"]: row["status_key"] for row in back[GRID_ID]["rowData"]} == stored_statuses
    assert back[WHAT_IF_ACTIVE]["className"] == "wi-active wi-hidden"
    assert snapshot(store) == before, "a what-if wrote to the store"


@pytest.mark.parametrize("backend", ["duckdb", "postgres"])
def test_the_what_if_answers_only_those_who_may_see_the_indicator_page(what_if_stores, backend):
    store, app = what_if_stores(backend)
    client = signed_in_client(app, store, "officer", "region:REO15", "region:REO15")
    context = {"code": "JI15", "fiscal_year_be": 2568, "period_no": 5, "scheme": None, "stored": 68.0}
    answer = client.post("/_dash-update-component", json=what_if_body(app, 90, context))
    assert answer.status_code == 204, answer.data[:300]


def test_what_if_gaps_judge_every_province_again_against_its_own_target(demo_store):
    """Wider gaps turn reds orange or yellow, narrower ones the other way; each province's status is the rule's on
    its stored target with the moved gaps; the targets do not move."""
    with demo_store.read() as conn:
        stored = views.what_if_view(conn, "JI15", 2568, 5, None, None)
        ind = stored["indicator"]
        wider = views.what_if_view(conn, "JI15", 2568, 5, None, None, (ind["yellow_gap"] * 3, ind["orange_gap"] * 3))
        narrower = views.what_if_view(conn, "JI15", 2568, 5, None, None, (0.0, 0.5))
    assert wider["counts"]["red"] < stored["counts"]["red"]
    assert narrower["counts"]["red"] > stored["counts"]["red"] and narrower["counts"]["yellow"] == 0
    assert wider["counts"]["green"] == stored["counts"]["green"] == narrower["counts"]["green"]
    before = {row["area"]: row for row in stored["league"]}
    for row in wider["league"]:
        assert row["target"] == before[row["area"]]["target"]
        expected = status_of(row["value"], ind["direction"], Target(value=row["target"]), ind["yellow_gap"] * 3,
                             ind["orange_gap"] * 3, decimals=ind["decimals"])  # fmt: skip
        assert row["status"] == expected, row["area"]
    assert wider["indicator"]["yellow_gap"] == ind["yellow_gap"] * 3 and wider["gaps"] is not None
    with demo_store.read() as conn:
        assert queries.indicator(conn, "JI15")["yellow_gap"] == ind["yellow_gap"], "nothing saved"


def test_what_if_gaps_and_a_moved_target_together_and_a_count_s_gaps_are_shares(demo_store):
    with demo_store.read() as conn:
        stored = views.what_if_view(conn, "JI12", 2568, 2, None, None)
        yearly = forecast.national_target(conn, stored["indicator"], 2568).value
        both = views.what_if_view(conn, "JI12", 2568, 2, None, yearly * 1.2, (50.0, 90.0))
    ind = stored["indicator"]
    assert ind["aggregation"] == "sum"
    for row in both["league"]:
        if row["value"] is None or row["status"] == INCOMPLETE or row["target"] is None:
            continue
        expected = status_of(row["value"], ind["direction"], Target(value=row["target"]), 50.0, 90.0, relative=True,
                             decimals=ind["decimals"])  # fmt: skip
        assert row["status"] == expected, row["area"]


def test_an_incomplete_flow_stays_incomplete_in_the_what_if(demo_store):
    """A flow missing periods is never judged: moving the target or the gaps leaves it incomplete."""
    with demo_store.read() as conn:
        found = [
            (code, period, view)
            for code in [i["code"] for i in queries.indicators(conn) if i.get("accumulates")]
            for period in (1, 2, 3, 4)
            if (view := views.what_if_view(conn, code, 2568, period, None, None))["counts"].get(INCOMPLETE)
        ]
        assert found, "the demo holds flows that lack periods (tests/test_incomplete_flows.py)"
        code, period, stored = found[0]
        ind = stored["indicator"]
        moved = views.what_if_view(conn, code, 2568, period, None, None, (ind["yellow_gap"] + 1, ind["orange_gap"] + 5))
        target = forecast.national_target(conn, ind, 2568)
        harder = views.what_if_view(conn, code, 2568, period, None, (target.value or 1.0) * 2)
    incomplete = {row["area"] for row in stored["map"] if row["status"] == INCOMPLETE}
    for view in (moved, harder):
        assert {row["area"] for row in view["map"] if row["status"] == INCOMPLETE} == incomplete


@pytest.mark.parametrize("backend", ["duckdb", "postgres"])
def test_the_what_if_gaps_redraw_the_page_and_write_nothing(what_if_stores, backend):
    """Moving the gaps on the page (the target as stored) redraws every province's status, marked 'what-if, not
    saved'; a pair that cannot judge (orange below yellow) is said, and the stored gaps still apply; the reset
    brings back the stored target and gaps; the store is unchanged after."""
    store, app = what_if_stores(backend)
    client = signed_in_client(app, store)
    with store.read() as conn:
        view = views.indicator_view(conn, "JI15", period_no=5)
    context = _context(view, "JI15", 5)
    yellow, orange = context["stored_gaps"]
    target = view["national_target"].value
    stored_statuses = {row["area"]: row["status"] for row in view["league"]}
    before = snapshot(store)

    wider = post_what_if(app, client, target, context, gaps=(yellow * 3, orange * 3), changed=WHAT_IF_ORANGE)
    statuses = {row["area"]: row["status_key"] for row in wider[GRID_ID]["rowData"]}
    assert statuses != stored_statuses
    assert sum(s == "red" for s in statuses.values()) < sum(s == "red" for s in stored_statuses.values())
    assert wider[WHAT_IF_ACTIVE]["className"] == "wi-active" and wider[WHAT_IF_GAP_NOTE]["children"] == ""

    crossed = post_what_if(app, client, target, context, "?lang=en", gaps=(10.0, 5.0), changed=WHAT_IF_YELLOW)
    assert {row["area"]: row["status_key"] for row in crossed[GRID_ID]["rowData"]} == stored_statuses
    assert "orange gap must be at least the yellow gap" in crossed[WHAT_IF_GAP_NOTE]["children"]
    assert crossed[WHAT_IF_ACTIVE]["className"] == "wi-active wi-hidden"

    key = next(k for k in app.callback_map if f"{WHAT_IF_YELLOW}.value" in k and f"{WHAT_IF_INPUT}.value" in k)
    reset = client.post(
        "/_dash-update-component",
        json={
            "output": key,
            "outputs": [{"id": i, "property": "value"} for i in (WHAT_IF_INPUT, WHAT_IF_YELLOW, WHAT_IF_ORANGE)],
            "inputs": [{"id": WHAT_IF_RESET, "property": "n_clicks", "value": 1}],
            "state": [{"id": WHAT_IF_CONTEXT, "property": "data", "value": context}],
            "changedPropIds": [f"{WHAT_IF_RESET}.n_clicks"],
        },
    ).get_json()["response"]
    assert [reset[i]["value"] for i in (WHAT_IF_INPUT, WHAT_IF_YELLOW, WHAT_IF_ORANGE)] == [target, yellow, orange]
    assert snapshot(store) == before, "a what-if wrote to the store"

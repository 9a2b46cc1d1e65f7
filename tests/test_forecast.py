"""The forecast and the what-if on the stored figures, on both stores: the indicator page's and the province
page's projections follow the stated method on the per-period figures the API exports; the what-if, posted to
Dash's callback endpoint as the page posts it, changes provinces' statuses and leaves the store as it was."""

from __future__ import annotations

import statistics

import pytest
import sqlalchemy as sa

from cockpit.read import forecast, queries, views
from cockpit.rules.status import Target
from cockpit.store import schema
from layouts.forecast import WHAT_IF_ACTIVE, WHAT_IF_CONTEXT, WHAT_IF_COUNTS, WHAT_IF_INPUT
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


def what_if_body(app, value, context: dict, search: str = "") -> dict:
    """The what-if callback's request, as the page posts it when the target input changes."""
    key = next(k for k in app.callback_map if f"{GRID_ID}.rowData" in k)
    return {
        "output": key,
        "outputs": [
            {"id": GRID_ID, "property": "rowData"},
            {"id": MAP_ID, "property": "figure"},
            {"id": BARS_ID, "property": "figure"},
            {"id": NATIONAL_STATUS_ID, "property": "children"},
            {"id": WHAT_IF_COUNTS, "property": "children"},
            {"id": WHAT_IF_ACTIVE, "property": "className"},
        ],
        "inputs": [{"id": WHAT_IF_INPUT, "property": "value", "value": value}],
        "state": [
            {"id": WHAT_IF_CONTEXT, "property": "data", "value": context},
            {"id": "url", "property": "search", "value": search},
        ],
        "changedPropIds": [f"{WHAT_IF_INPUT}.value"],
    }


def post_what_if(app, client, value, context: dict, search: str = "") -> dict:
    response = client.post("/_dash-update-component", json=what_if_body(app, value, context, search))
    assert response.status_code == 200, response.data[:400]
    return response.get_json()["response"]


@pytest.mark.parametrize("backend", ["duckdb", "postgres"])
def test_the_what_if_callback_changes_statuses_and_writes_nothing(what_if_stores, backend):
    store, app = what_if_stores(backend)
    client = signed_in_client(app, store)
    with store.read() as conn:
        view = views.indicator_view(conn, "JI15", period_no=5)
    context = {
        "code": "JI15",
        "fiscal_year_be": view["fiscal_year_be"],
        "period_no": 5,
        "scheme": view["scheme"],
        "stored": view["national_target"].value,
        "mode": "status",
    }
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

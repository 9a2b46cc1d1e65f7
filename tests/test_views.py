"""Page data: rankings, chain roll-up and the figures pages show, checked against the API and by hand."""

import pytest

from app import create_app
from cockpit.read import views
from cockpit.rules.status import roll_up
from tests.signin import ADMINISTRATOR, signed_in_client


def _row(area, value, status="green", low=None, high=None):
    return {"area": area, "value": value, "status": status, "target": None, "target_low": low, "target_high": high}


def test_ranking_follows_the_direction_and_leaves_no_data_unranked():
    rows = [_row("A", 50), _row("B", None, "no_data"), _row("C", 70), _row("D", 50)]
    higher = views.rank_areas({"direction": "higher"}, rows)
    assert [(r["area"], r["rank"]) for r in higher] == [("C", 1), ("A", 2), ("D", 2), ("B", None)]
    assert all(r["ranked_of"] == 3 for r in higher)
    lower = views.rank_areas({"direction": "lower"}, rows)
    assert [(r["area"], r["rank"]) for r in lower] == [("A", 1), ("D", 1), ("C", 3), ("B", None)]


def test_a_range_indicator_ranks_by_distance_outside_its_band():
    rows = [_row("in", 22, low=20, high=25), _row("far", 31, low=20, high=25), _row("near", 19, low=20, high=25)]
    ranked = views.rank_areas({"direction": "range"}, rows)
    assert [r["area"] for r in ranked] == ["in", "near", "far"]


def test_chain_statuses_roll_up_from_the_national_figures_of_the_api(demo_store):
    client = signed_in_client(create_app(demo_store), demo_store)
    api_tree = client.get("/api/v1/chain").get_json()
    national = {}
    for ind in client.get("/api/v1/indicators").get_json():
        row = client.get(f"/api/v1/results?indicator={ind['code']}&level=nation").get_json()[0]
        national[ind["code"]] = row["status"]

    def check(node):
        for ind in node["indicators"]:
            assert ind["status"] == national[ind["code"]]
        for child in node["children"]:
            check(child)
        expected = roll_up([c["status"] for c in node["children"]] + [i["status"] for i in node["indicators"]])
        assert node["status"] == expected, node["code"]

    assert api_tree["roots"], "the chain has a root"
    for root in api_tree["roots"]:
        check(root)


def test_nation_page_tiles_and_regions_match_the_api(demo_store):
    client = signed_in_client(create_app(demo_store), demo_store)
    with demo_store.read() as conn:
        view = views.nation_view(conn, None, "JI24")
    assert view["fiscal_year_be"] == 2568
    for tile in view["tiles"]:
        api = client.get(f"/api/v1/results?indicator={tile['indicator']['code']}&level=nation").get_json()[0]
        assert tile["result"]["value"] == pytest.approx(api["value"])
        assert tile["result"]["status"] == api["status"]
    api_regions = {r["area"]: r for r in client.get("/api/v1/results?indicator=JI24&level=region").get_json()}
    assert len(view["regions"]) == 18
    for row in view["regions"]:
        assert row["value"] == pytest.approx(api_regions[row["area"]]["value"])
        assert row["status"] == api_regions[row["area"]]["status"]
    ranked = [r["value"] for r in view["regions"] if r["rank"] is not None]
    assert ranked == sorted(ranked), "dropout: lower is better, so the best region comes first"


def test_unknown_codes_are_not_found(demo_store):
    from cockpit.read.queries import NotFound

    with demo_store.read() as conn:
        with pytest.raises(NotFound):
            views.region_view(conn, "REO99")
        with pytest.raises(NotFound):
            views.province_view(conn, "TH-99")
        with pytest.raises(NotFound):
            views.chain_view(conn, None, "nothing")


def test_counts_rank_by_share_of_their_own_target_so_size_does_not_win():
    rows = [
        {"area": "big", "value": 900.0, "target": 1000.0, "status": "yellow", "target_low": None, "target_high": None},
        {"area": "small", "value": 95.0, "target": 100.0, "status": "yellow", "target_low": None, "target_high": None},
        {
            "area": "untargeted",
            "value": 50.0,
            "target": None,
            "status": "no_target",
            "target_low": None,
            "target_high": None,
        },
    ]
    ranked = views.rank_areas({"direction": "higher", "aggregation": "sum"}, rows)
    assert [(r["area"], r["rank"]) for r in ranked] == [("small", 1), ("big", 2), ("untargeted", None)]


def test_the_indicator_page_reads_one_reporting_period_and_keeps_it_in_the_url(demo_store):
    """A quarterly indicator: the page shows the latest quarter unless ?period= names another; the API agrees."""
    client = signed_in_client(create_app(demo_store), demo_store)
    with demo_store.read() as conn:
        latest = views.indicator_view(conn, "JI26", 2568)
        first = views.indicator_view(conn, "JI26", 2568, period_no=1)
        unknown = views.indicator_view(conn, "JI26", 2568, period_no=9)
    assert latest["periods"] == [1, 2, 3, 4] and latest["period_no"] == 4 and first["period_no"] == 1
    assert unknown["period_no"] == 4, "a period without data falls back to the latest"
    api = {
        a["area"]: a for a in client.get("/api/v1/results?indicator=JI26&level=province&fy=2568&period=1").get_json()
    }
    for row in first["league"]:
        assert row["value"] == (pytest.approx(api[row["area"]]["value"]) if row["value"] is not None else None)
    assert first["national"]["value"] != pytest.approx(latest["national"]["value"])
    from callbacks.routing import ROUTES, _routes, render_path

    ROUTES[:] = _routes()
    _, _, body = render_path(demo_store, "/indicator/JI26", "?fy=2568&period=1", ADMINISTRATOR)
    assert "period=1" in str(body) and "choice-current" in str(body)

"""The read API, through the real Flask app on each store."""

import pytest

from app import create_app
from cockpit.read import queries
from tests.factories import add_chain, add_indicator, add_result, add_target
from tests.signin import signed_in_client
from tests.test_reference import KNOWN


def client_for(store):
    return signed_in_client(create_app(store), store)


def test_provinces_are_the_77_with_iso_codes_and_thai_names(demo_store):
    body = client_for(demo_store).get("/api/v1/provinces").get_json()
    assert len(body) == 77
    by_code = {p["code"]: p for p in body}
    for code, (name_th, name_en) in KNOWN.items():
        assert by_code[code]["name_th"] == name_th
        assert by_code[code]["name_en"] == name_en


def test_regions_default_to_the_18_offices_covering_each_province_once(demo_store):
    client = client_for(demo_store)
    regions = client.get("/api/v1/regions").get_json()
    assert len(regions) == 18
    assert all(r["code"] and r["name_th"].startswith("สำนักงานศึกษาธิการภาค") for r in regions)
    covered = [code for r in regions for code in r["provinces"]]
    provinces = {p["code"] for p in client.get("/api/v1/provinces").get_json()}
    assert sorted(covered) == sorted(provinces)


def test_another_region_scheme_by_query(demo_store):
    client = client_for(demo_store)
    regions = client.get("/api/v1/regions?scheme=geo6").get_json()
    assert {r["code"]: len(r["provinces"]) for r in regions} == {"N": 9, "NE": 20, "C": 22, "E": 7, "W": 5, "S": 14}
    missing = client.get("/api/v1/regions?scheme=nowhere")
    assert missing.status_code == 404
    assert "unknown region scheme" in missing.get_json()["error"]


def test_indicators_carry_unit_direction_and_their_xyz_links(demo_store):
    body = client_for(demo_store).get("/api/v1/indicators").get_json()
    assert 20 <= len(body) <= 40
    for ind in body:
        assert ind["code"] and ind["name_th"] and ind["name_en"]
        assert ind["unit"] and ind["direction"] in ("higher", "lower", "range")
        assert ind["chain"]["z"] is not None, ind["code"]
        assert ind["chain"]["y2"] is not None and ind["chain"]["y1"] is not None, ind["code"]


def test_version_tells_the_data_version_and_the_demo_marker(demo_store):
    body = client_for(demo_store).get("/api/v1/version").get_json()
    assert isinstance(body["version"], int) and body["version"] >= 1
    assert body["dataset"] == "demo"
    assert body["updated_at"].endswith("+00:00")


def test_results_match_hand_computed_figures(empty_store):
    with empty_store.read() as conn:
        region = queries.regions(conn)[0]
    first, second = region["provinces"][:2]
    with empty_store.write() as conn:
        add_chain(conn)
        add_indicator(conn, "RATE")
        add_target(conn, "RATE", 2567, value=50)
        add_target(conn, "RATE", 2568, value=80)
        add_result(conn, "RATE", first, 2567, numerator=29, denominator=100)  # 21 short of 50: red
        add_result(conn, "RATE", first, 2568, numerator=3, denominator=4)
        add_result(conn, "RATE", second, 2568, numerator=81, denominator=100)
    client = client_for(empty_store)
    latest = client.get(f"/api/v1/results?indicator=RATE&level=region&scheme={region['scheme']}").get_json()
    mine = next(a for a in latest if a["area"] == region["code"])
    assert mine["fiscal_year_be"] == 2568
    assert (mine["numerator"], mine["denominator"]) == (84, 104)
    assert mine["value"] == pytest.approx(84 / 104 * 100)
    assert (mine["target"], mine["status"]) == (80, "green")
    older = client.get("/api/v1/results?indicator=RATE&level=province&fy=2567").get_json()
    assert len(older) == 77
    assert next(a for a in older if a["area"] == first)["status"] == "red"
    assert next(a for a in older if a["area"] == second)["status"] == "no_data"


def test_bad_query_names_each_bad_parameter(empty_store):
    response = client_for(empty_store).get("/api/v1/results?level=planet&fy=next")
    assert response.status_code == 422
    fields = response.get_json()["fields"]
    assert set(fields) == {"level", "indicator", "fy"}
    assert client_for(empty_store).get("/api/v1/results?indicator=NOPE").status_code == 404


def test_the_page_names_fingerprinted_polygons_that_the_browser_may_keep_for_a_year(demo_store):
    from cockpit.catalogue import geo

    client = client_for(demo_store)
    url = geo.geojson_url()
    assert f'<meta name="cockpit-geojson" content="{url}">' in client.get("/").get_data(as_text=True)
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert len(response.get_json()["features"]) == 77
    stale = client.get("/api/v1/geo/provinces.0000000000000000.geojson")
    assert stale.status_code == 404
    assert url in stale.get_json()["error"]
    assert client.get("/api/v1/geo/provinces.geojson").status_code == 200


def test_a_status_is_decided_on_the_value_as_shown(empty_store):
    """Two provinces at 33.96 % and 34.04 % both show "34.0" (one decimal) and so both show yellow."""
    with empty_store.write() as conn:
        add_chain(conn)
        add_indicator(conn, "RATE", decimals=1)
        add_target(conn, "RATE", 2568, value=44)
        add_result(conn, "RATE", "TH-50", 2568, numerator=3396, denominator=10000)
        add_result(conn, "RATE", "TH-51", 2568, numerator=3404, denominator=10000)
        add_result(conn, "RATE", "TH-52", 2568, numerator=3394, denominator=10000)
    rows = client_for(empty_store).get("/api/v1/results?indicator=RATE&level=province&fy=2568").get_json()
    shown = {a["area"]: (f"{a['value']:.1f}", a["status"]) for a in rows if a["value"] is not None}
    assert shown == {"TH-50": ("34.0", "yellow"), "TH-51": ("34.0", "yellow"), "TH-52": ("33.9", "orange")}


def test_an_unknown_api_path_answers_json_not_the_dash_page(empty_store):
    """A client that mistypes a route gets a JSON 404 (or 405 for a known route and a wrong method), never the
    HTML page with status 200 that Dash serves for any other path."""
    client = client_for(empty_store)

    unknown = client.get("/api/v1/provinces-list")
    assert unknown.status_code == 404 and unknown.is_json
    assert "/api/v1/openapi.json" in unknown.get_json()["error"]
    assert client.get("/api/v1/").status_code == 404

    wrong_method = client.delete("/api/v1/results")
    assert wrong_method.status_code == 405 and wrong_method.is_json
    assert set(wrong_method.headers["Allow"].split(", ")) == {"GET", "POST"}

    assert client.get("/api/v1/provinces").status_code == 200
    assert client.get("/region/REO08").status_code == 200  # pages stay Dash's

"""The chain, indicator and crisis pages rendered through the router on the demo store (DuckDB and PostgreSQL),
checked against the read API and the crisis queries: what the screen shows is what the API says."""

from __future__ import annotations

import pytest

import app as cockpit_app
from callbacks.chain_indicator_crisis import league_click_href
from callbacks.routing import render_path
from cockpit.read import crises
from layouts.common import fmt
from layouts.i18n import t
from tests.signin import ADMINISTRATOR, signed_in_client


def walk(component):
    """Every component in a Dash component tree, depth first."""
    if component is None or isinstance(component, str | int | float):
        return
    if isinstance(component, list | tuple):
        for child in component:
            yield from walk(child)
        return
    yield component
    yield from walk(getattr(component, "children", None))


def text(component) -> str:
    """All the words under a component, joined by spaces."""
    if component is None:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(text(child) for child in component)
    return text(getattr(component, "children", None))


def by_id(body, wanted) -> object:
    found = [c for c in walk(body) if getattr(c, "id", None) == wanted]
    assert len(found) == 1, f"expected one component with id {wanted!r}, found {len(found)}"
    return found[0]


def of_type(body, kind: str) -> list:
    return [c for c in walk(body) if isinstance(getattr(c, "id", None), dict) and c.id.get("type") == kind]


def classes(component) -> set[str]:
    return set((getattr(component, "className", None) or "").split())


@pytest.fixture
def client(demo_store):
    """The app on the demo store (which also fills the router's routes) and its test client."""
    return signed_in_client(cockpit_app.create_app(demo_store), demo_store)


def _api(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def _find(nodes: list[dict], code: str) -> dict | None:
    for node in nodes:
        if node["code"] == code:
            return node
        found = _find(node["children"], code)
        if found:
            return found
    return None


def _flat(nodes: list[dict]) -> list[dict]:
    return [n for node in nodes for n in [node, *_flat(node["children"])]]


def _subtree_indicators(node: dict) -> list[str]:
    return [i["code"] for n in _flat([node]) for i in n["indicators"]]


def test_chain_node_is_selected_with_its_red_provinces_as_the_api_computes_them(demo_store, client):
    chain = _api(client, "/api/v1/chain")
    node = _find(chain["roots"], "120101")
    assert node is not None and node["level"] == "Y1"

    _, crumbs, body = render_path(demo_store, "/chain", "?node=120101", ADMINISTRATOR)

    selected = [c for c in of_type(body, "chain-node") if "cic-node-selected" in classes(c)]
    assert [c.id["code"] for c in selected] == ["120101"]
    detail = by_id(body, "chain-detail")
    assert node["name_th"] in text(detail)
    assert [label.split(" ")[0] for label, _ in crumbs[2:]] == ["Z", "Y2", "Y1"]
    assert crumbs[-1][1].endswith("node=120101")

    expected: dict[str, list[str]] = {}
    for code in _subtree_indicators(node):
        rows = _api(client, f"/api/v1/results?indicator={code}&level=province&fy={chain['fiscal_year_be']}")
        for row in rows:
            if row["status"] == "red":
                expected.setdefault(row["area"], []).append(code)
    assert expected, "the demo data should have critical provinces under 120101"
    shown = {c.id["code"]: c for c in of_type(body, "red-province")}
    assert set(shown) == set(expected)
    for area, codes in expected.items():
        words = text(shown[area]).split()
        assert sorted(w for w in words if w.startswith("JI")) == sorted(codes), area
        assert shown[area].href.startswith(f"/province/{area}")

    # every indicator under the node is listed with a link to its page
    links = {c.id["code"]: c for c in of_type(body, "chain-indicator")}
    assert set(links) == set(_subtree_indicators(node))
    assert all(link.href.startswith(f"/indicator/{code}") for code, link in links.items())


def test_chain_statuses_match_the_chain_api(demo_store, client):
    chain = _api(client, "/api/v1/chain")
    _, _, body = render_path(demo_store, "/chain", "?lang=en", ADMINISTRATOR)

    shown = {c.id["code"]: c for c in of_type(body, "chain-node")}
    api_nodes = _flat(chain["roots"])
    assert set(shown) == {n["code"] for n in api_nodes}
    for node in api_nodes:
        link = shown[node["code"]]
        assert f"cic-node-{node['status']}" in classes(link), node["code"]
        badges = [c for c in walk(link) if "status-badge" in classes(c)]
        assert badges and f"status-{node['status']}" in classes(badges[0])
        assert t(node["status"], "en") in text(badges[0])
        assert "lang=en" in link.href and f"node={node['code']}" in link.href
    chips = {c.href.split("?")[0].rsplit("/", 1)[1]: c for c in walk(body) if "cic-ind-chip" in classes(c)}
    for node in api_nodes:
        for ind in node["indicators"]:
            assert f"status-{ind['status']}" in classes(chips[ind["code"]])


def test_indicator_league_matches_the_api_with_no_data_last_and_unranked(demo_store, client):
    _, crumbs, body = render_path(demo_store, "/indicator/JI24", "", ADMINISTRATOR)
    rows = by_id(body, "indicator-league").rowData
    api = _api(client, "/api/v1/results?indicator=JI24&level=province")
    indicator = next(i for i in _api(client, "/api/v1/indicators") if i["code"] == "JI24")

    assert len(rows) == len(api) == 77
    by_area = {row["area"]: row for row in api}
    for row in rows:
        source = by_area[row["area"]]
        assert row["value"] == fmt(source["value"], indicator["decimals"], "th")
        assert row["status_key"] == source["status"]
        assert t(source["status"], "th") in row["status"]
        assert row["province"] == source["name_th"]

    without = [row for row in rows if by_area[row["area"]]["value"] is None]
    assert without, "the demo data leaves some province without JI24"
    assert rows[-len(without) :] == without
    assert all(row["rank"] == t("cic_unranked", "th") and row["value"] == t("no_data", "th") for row in without)
    ranks = [int(row["rank"]) for row in rows[: len(rows) - len(without)]]
    assert ranks == sorted(ranks) and ranks[0] == 1

    assert crumbs[0][0] == t("nation", "th")
    assert [label.split(" ")[0] for label, _ in crumbs[1:-1]] == ["Y1", "X"]
    assert crumbs[-1] == (f"JI24 {indicator['name_th']}", None)
    assert indicator["question_th"] in text(by_id(body, "indicator-question"))


def test_a_click_on_a_province_in_the_league_opens_its_page_keeping_the_choices():
    cell = {"colId": "province", "rowId": "TH-50", "value": "เชียงใหม่"}
    assert league_click_href(cell, "?lang=en&fy=2567&node=x") == "/province/TH-50?lang=en&fy=2567"
    assert league_click_href({**cell, "colId": "value"}, "") is None
    assert league_click_href(None, "") is None


@pytest.mark.parametrize("search", ["", "?closed=1"])
def test_crisis_totals_are_sums_over_the_events(demo_store, search):
    with demo_store.read() as conn:
        events = crises.list_crises(conn, statuses=None if search else crises.OPEN_STATUSES)
    _, _, body = render_path(demo_store, "/crisis", search, ADMINISTRATOR)

    assert text(by_id(body, "crisis-total-events")).split()[0] == str(len(events))
    for field in ("schools_affected", "schools_closed", "students_affected", "staff_affected", "injuries", "deaths"):
        known = [e[field] for e in events if e[field] is not None]
        expected = fmt(sum(known), 0, "th") if known else t("no_data", "th")
        assert text(by_id(body, f"crisis-total-{field}")).startswith(expected), field
    cards = of_type(body, "crisis-event")
    assert [c.id["id"] for c in cards] == [e["id"] for e in events][:20], "the newest 20, newest first"
    if len(events) > 20:
        assert text(by_id(body, "crisis-more")).startswith(f"แสดง 20 เหตุการณ์ล่าสุดจาก {len(events)}")
    toggle = by_id(body, "crisis-closed-toggle")
    assert ("closed=1" in toggle.href) == (search == "")


def test_crisis_events_show_their_lifecycle_in_bangkok_time_and_linked_provinces(demo_store):
    _, _, body = render_path(demo_store, "/crisis", "?lang=en", ADMINISTRATOR)
    card = of_type(body, "crisis-event")[0]
    steps = [c for c in walk(card) if "cic-step" in classes(c)]
    assert steps and " BE " in text(steps[0])
    places = [c for c in walk(card) if "cic-place" in classes(c)]
    assert places and all(p.href.startswith("/province/TH-") and "lang=en" in p.href for p in places)
    assert "ไม่มีข้อมูล" not in text(body)

"""The region and province pages, rendered through the router on the demo store, checked against the API."""

from __future__ import annotations

import re

import dash_ag_grid as dag
import pytest

from app import create_app
from callbacks.routing import render_path
from cockpit.read import queries, views
from layouts.common import fmt
from layouts.pages.region import GRID_TYPE, PROVINCE_COLUMN, status_field
from layouts.status import SYMBOLS
from tests.signin import ADMINISTRATOR, signed_in_client

REGION = "REO01"
PROVINCE = "TH-50"


def walk(node):
    """Every component (and string) in a rendered tree."""
    yield node
    children = node if isinstance(node, (list, tuple)) else getattr(node, "children", None)
    if isinstance(children, (list, tuple)):
        for child in children:
            yield from walk(child)
    elif children is not None and not isinstance(children, (str, int, float)):
        yield from walk(children)
    elif isinstance(children, (str, int, float)) and not isinstance(node, (list, tuple)):
        yield children


def texts(node) -> str:
    return " ".join(str(item) for item in walk(node) if isinstance(item, (str, int, float)))


def find(node, predicate):
    return [item for item in walk(node) if not isinstance(item, (str, int, float, list, tuple)) and predicate(item)]


def by_id(node, wanted):
    found = find(node, lambda c: getattr(c, "id", None) == wanted)
    assert found, f"no component with id {wanted!r}"
    return found[0]


def by_class(node, name: str):
    return find(node, lambda c: name in (getattr(c, "className", None) or "").split())


@pytest.fixture
def client(demo_store):
    return signed_in_client(create_app(demo_store), demo_store)  # also fills the router's routes


@pytest.fixture
def fiscal_year(demo_store) -> int:
    with demo_store.read() as conn:
        return queries.fiscal_years(conn)[0]


def api_results(client, code: str, fy: int) -> dict[str, dict]:
    response = client.get(f"/api/v1/results?indicator={code}&level=province&fy={fy}")
    assert response.status_code == 200
    return {row["area"]: row for row in response.get_json()}


def indicator_codes(client) -> list[str]:
    return [i["code"] for i in client.get("/api/v1/indicators").get_json()]


def region_provinces(client, region: str) -> list[str]:
    return next(r for r in client.get("/api/v1/regions").get_json() if r["code"] == region)["provinces"]


def leaf_columns(column_defs: list[dict]) -> list[dict]:
    out = []
    for col in column_defs:
        out.extend(leaf_columns(col["children"]) if "children" in col else [col])
    return out


def region_grids(demo_store, region: str, search: str = "?lang=en") -> tuple[list[dag.AgGrid], object]:
    """The region page's status grids (one per value-chain stage) and the page body."""
    _, _, body = render_path(demo_store, f"/region/{region}", search, ADMINISTRATOR)
    grids = find(body, lambda c: isinstance(c, dag.AgGrid) and isinstance(c.id, dict) and c.id["type"] == GRID_TYPE)
    assert grids, "no status grid on the region page"
    return grids, body


def merged_rows(grids: list[dag.AgGrid]) -> list[dict]:
    """Each province's row across the stage grids, merged into one."""
    merged: dict[str, dict] = {}
    for grid in grids:
        for row in grid.rowData:
            merged.setdefault(row["area"], {}).update(row)
    return list(merged.values())


def test_region_grid_has_a_row_per_province_and_a_column_per_indicator(demo_store, client):
    grids, body = region_grids(demo_store, REGION)

    members = region_provinces(client, REGION)
    names = {p["code"]: p["name_en"] for p in client.get("/api/v1/provinces").get_json()}
    indicator_columns = []
    for grid in grids:
        assert [row["area"] for row in grid.rowData] == members
        assert [row[PROVINCE_COLUMN] for row in grid.rowData] == [names[code] for code in members]
        columns = leaf_columns(grid.columnDefs)
        assert columns[0]["field"] == PROVINCE_COLUMN and columns[0]["pinned"] == "left"
        for column in columns[1:]:
            assert column["headerName"].endswith(f"({column['field']})"), "the indicator's short name and code"
            assert column["headerTooltip"].startswith(column["field"])
        indicator_columns += [c["field"] for c in columns[1:]]
    assert sorted(indicator_columns) == sorted(indicator_codes(client))  # each indicator once
    # Grouped by value-chain stage, in that order.
    stages = {i["code"]: i["value_chain_stage"] for i in client.get("/api/v1/indicators").get_json()}
    assert [g.id["stage"] for g in grids] == ["upstream", "midstream", "downstream"]
    for grid in grids:
        assert {stages[c["field"]] for c in leaf_columns(grid.columnDefs)[1:]} == {grid.id["stage"]}
    # The title names the region and counts its provinces; the map and the comparison are there.
    assert "Regional Education Office 1" in texts(body) and f"{len(members)} provinces" in texts(body)
    by_id(body, {"type": "province-map", "page": "region"})
    bars = by_id(body, {"type": "region-bars", "page": "region"})
    mine = list(bars.figure.data[0].customdata).index(REGION)
    assert bars.figure.data[0].marker.line.width[mine] > 0


def test_each_grid_cell_has_the_apis_province_status_with_its_symbol(demo_store, client, fiscal_year):
    grids, _ = region_grids(demo_store, REGION)
    rows = merged_rows(grids)

    checked = 0
    for code in indicator_codes(client):
        api = api_results(client, code, fiscal_year)
        for row in rows:
            expected = api[row["area"]]
            assert row[status_field(code)] == expected["status"], (code, row["area"])
            assert row[code].startswith(SYMBOLS[expected["status"]]), (code, row["area"], row[code])
            if expected["value"] is None:
                assert "No data" in row[code] and "0" not in row[code]
            checked += 1
    assert checked == len(region_provinces(client, REGION)) * len(indicator_codes(client))


def test_province_cards_show_the_apis_values_status_and_rank(demo_store, client, fiscal_year):
    _, crumbs, body = render_path(demo_store, f"/province/{PROVINCE}", "?lang=en", ADMINISTRATOR)
    assert [label for label, _ in crumbs] == ["Nation", "Regional Education Office 15", "Chiang Mai"]
    assert crumbs[1][1] == "/region/REO15?lang=en"
    assert "เชียงใหม่" in texts(body) and "Chiang Mai" in texts(body)

    inds = {i["code"]: i for i in client.get("/api/v1/indicators").get_json()}
    for code, ind in inds.items():
        api = api_results(client, code, fiscal_year)
        mine = api[PROVINCE]
        card = by_id(body, {"type": "indicator-card", "code": code})
        value = by_class(card, "rp-card-value")[0]
        assert value.children == fmt(mine["value"], ind["decimals"], "en"), code
        assert by_class(card, f"status-{mine['status']}"), code
        assert f"rp-card-{mine['status']}" in card.className
        title = by_class(card, "rp-card-title")[0]
        assert title.href == f"/indicator/{code}?lang=en"
        # Counts rank by their share of each province's own target, so only provinces with a target count; an
        # incomplete flow (a period missing) is never judged, so never ranked.
        by_target = ind["aggregation"] == "sum"

        def rankable(r, by_target=by_target):
            return r["value"] is not None and (not by_target or r["target"]) and r["status"] != "incomplete"

        ranked = [r for r in api.values() if rankable(r)]
        rank = by_class(card, "rp-card-rank")[0].children
        if not rankable(mine):
            assert rank == "Not ranked"
        else:
            assert re.fullmatch(rf"Rank \d+ of {len(ranked)}", rank), (code, rank)


def test_cards_sit_under_their_value_chain_stage(demo_store, client):
    _, _, body = render_path(demo_store, f"/province/{PROVINCE}", "", ADMINISTRATOR)
    stages = {i["code"]: i for i in client.get("/api/v1/indicators").get_json()}
    for stage, word in (("upstream", "ต้นน้ำ"), ("midstream", "กลางน้ำ"), ("downstream", "ปลายน้ำ")):
        section = by_id(body, f"stage-{stage}")
        assert word in texts(section)
        codes = [
            c.id["code"]
            for c in find(
                section,
                lambda c: isinstance(getattr(c, "id", None), dict) and c.id.get("type") == "indicator-card",
            )
        ]
        assert codes and all(stages[code]["value_chain_stage"] == stage for code in codes)


def test_missing_data_shows_the_no_data_words_never_zero(demo_store, client, fiscal_year):
    gap = None
    for code in indicator_codes(client):
        missing = [area for area, row in api_results(client, code, fiscal_year).items() if row["value"] is None]
        if missing:
            gap = (code, missing[0])
            break
    assert gap, "the demo data is expected to have at least one gap"
    code, province = gap

    _, _, body = render_path(demo_store, f"/province/{province}", "", ADMINISTRATOR)
    card = by_id(body, {"type": "indicator-card", "code": code})
    assert by_class(card, "rp-card-value")[0].children == "ไม่มีข้อมูล"
    assert not by_class(card, "rp-card-unit")
    assert by_class(card, "status-no_data")
    assert "ไม่มีข้อมูล" in texts(by_class(card, "rp-card-status")[0])

    region = next(r["code"] for r in client.get("/api/v1/regions").get_json() if province in r["provinces"])
    grids, _ = region_grids(demo_store, region, "")
    row = next(r for r in merged_rows(grids) if r["area"] == province)
    assert row[code] == f"{SYMBOLS['no_data']} ไม่มีข้อมูล"
    assert row[status_field(code)] == "no_data"


def test_province_page_lists_service_areas_and_crises_with_their_log_in_bangkok_be_time(demo_store):
    _, _, body = render_path(demo_store, f"/province/{PROVINCE}", "", ADMINISTRATOR)
    text = texts(body)
    assert "สพป.เชียงใหม่ เขต 1" in text and "สพม.เชียงใหม่" in text
    with demo_store.read() as conn:
        from cockpit.read import crises

        events = crises.list_crises(conn, provinces=[PROVINCE], with_log=True)
    assert events
    shown = by_class(body, "rp-crisis")
    assert len(shown) == min(len(events), 20)
    first_log = by_class(shown[0], "rp-log-step")
    assert len(first_log) == len(events[0]["log"])
    times = [item.children for item in by_class(shown[0], "rp-log-time")]
    assert all(re.search(r" 25\d\d \d\d:\d\d น\.$", t) for t in times), times
    assert "โดย" in texts(first_log[0])


def test_links_keep_the_views_choices(demo_store):
    _, crumbs, body = render_path(demo_store, f"/region/{REGION}", "?lang=en&fy=2568&ind=JI05&map=value", ADMINISTRATOR)
    links = [c.href for c in find(body, lambda c: hasattr(c, "href") and isinstance(c.href, str))]
    province_links = [h for h in links if h.startswith("/province/")]
    assert province_links and all("lang=en" in h and "fy=2568" in h and "ind=JI05" in h for h in province_links)
    select = by_id(body, "indicator-select")
    assert select.value == "JI05"


def test_the_region_grid_names_its_columns_and_links_its_provinces(demo_store):
    from layouts.pages.region import grid_columns, grid_rows

    with demo_store.read() as conn:
        view = views.region_view(conn, REGION)
    inds = [column["indicator"] for column in view["grid"]]
    headers = [c["headerName"] for c in grid_columns(inds, "th")[1:]]
    assert all(h != i["code"] and h.endswith(f"({i['code']})") for h, i in zip(headers, inds, strict=True))
    assert not any(h.startswith("ร้อยละของ") for h in headers), "short names, not the opening words"
    assert grid_columns(inds, "th")[0]["cellRenderer"] == "ProvinceLink"
    rows = grid_rows(view, inds, "th", {"lang": "en", "fy": "2568"})
    assert all(row["href"] == f"/province/{row['area']}?lang=en&fy=2568" for row in rows)

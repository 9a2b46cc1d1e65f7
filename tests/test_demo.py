"""The demo dataset: deterministic, shaped exactly like the schema, believable enough for the war room.

No database: `build_demo` is pure, so these tests call it on the shipped reference files and the shipped demo
catalogue (data/catalogues/demo), which holds what the demo's figures are about.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter, defaultdict

import pytest

from cockpit import config
from cockpit.catalogue import files
from cockpit.catalogue.check import Provinces, check
from cockpit.demo.generate import DEMO_AS_OF, DEMO_FISCAL_YEARS_BE, SHAPES, build_demo
from cockpit.demo.load import DEMO_TABLES
from cockpit.errors import ReferenceDataError
from cockpit.read.crises import TYPES
from cockpit.rules.thai_time import period_end
from cockpit.store.schema import metadata

AGENCIES = ["OPS", "OBEC", "OVEC", "OEC", "DOLE"]
TABLES = DEMO_TABLES
PERIODS = {"monthly": 12, "quarterly": 4, "term": 2, "yearly": 1}
ALLOWED = {
    "reported": {"verified", "dismissed"},
    "verified": {"active", "dismissed"},
    "active": {"recovering", "closed"},
    "recovering": {"active", "closed"},
}
SEED = 2568


def _read(name: str) -> list[dict]:
    with open(config.REFERENCE_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def reference():
    provinces = [{"code": r["code"], "name_th": r["name_th"], "name_en": r["name_en"]} for r in _read("provinces.csv")]
    region_of = {r["province_code"]: r["region_code"] for r in _read("regions_moe18.csv")}
    assert len(provinces) == 77 and len(region_of) == 77
    return provinces, region_of


@pytest.fixture(scope="module")
def catalogue(reference) -> dict[str, list[dict]]:
    """The shipped demo catalogue's tables, as the catalogue import checks them."""
    provinces, _ = reference
    checked, problems = check(files.read_path(files.shipped_catalogue("demo")), Provinces.from_rows(provinces))
    assert problems == []
    return checked.tables


@pytest.fixture(scope="module")
def demo(reference, catalogue):
    provinces, _ = reference
    return build_demo(provinces, catalogue, SEED)


def test_deterministic_and_seed_dependent(reference, catalogue, demo):
    provinces, _ = reference
    again = build_demo(provinces, catalogue, SEED)
    assert again == demo
    other = build_demo(provinces, catalogue, SEED + 1)
    assert other["indicator_result"] != demo["indicator_result"]
    assert other["crisis_event"] != demo["crisis_event"]


def test_rows_have_exactly_the_schema_columns(demo):
    assert set(demo) == set(TABLES)
    for name in TABLES:
        # retired_at is set only by catalogue imports, never by the generator.
        columns = set(metadata.tables[name].columns.keys()) - {"retired_at"}
        assert demo[name], f"{name} is empty"
        for row in demo[name]:
            assert set(row) == columns, (name, set(row) ^ columns)


def test_timestamps_are_utc_and_dates_are_dates(demo):
    for name in TABLES:
        table = metadata.tables[name]
        for col in table.columns:
            kind = type(col.type).__name__
            for row in demo[name][:500]:
                value = row.get(col.name)
                if value is None:
                    continue
                if kind == "DateTime":
                    assert isinstance(value, dt.datetime) and value.utcoffset() == dt.timedelta(0), (
                        name,
                        col.name,
                    )
                elif kind == "Date":
                    assert type(value) is dt.date, (name, col.name)


def test_every_demo_indicator_has_a_shape_and_every_shape_an_indicator(catalogue):
    assert set(SHAPES) == {row["code"] for row in catalogue["indicator"]}


def test_an_indicator_the_demo_has_no_shape_for_is_refused_by_name(reference, catalogue):
    provinces, _ = reference
    unknown = catalogue["indicator"][0] | {"code": "JI99"}
    with pytest.raises(ReferenceDataError, match="JI99.*SHAPES"):
        build_demo(provinces, catalogue | {"indicator": [*catalogue["indicator"], unknown]}, SEED)


def test_the_figures_do_not_depend_on_the_order_of_the_catalogue_rows(reference, catalogue, demo):
    provinces, _ = reference
    reordered = {name: list(reversed(rows)) for name, rows in catalogue.items()}
    assert build_demo(provinces, reordered, SEED) == demo


def test_chain_parents_first(catalogue):
    seen = {}
    levels = {"Z": None, "Y2": "Z", "Y1": "Y2", "X": "Y1"}
    for node in catalogue["chain_node"]:
        parent_level = levels[node["level"]]
        if parent_level is None:
            assert node["parent_code"] is None
        else:
            assert seen[node["parent_code"]]["level"] == parent_level
        if node["level"] == "X":
            assert node["value_chain_stage"] in ("upstream", "midstream", "downstream")
            assert node["host_agency_code"] in AGENCIES
        else:
            assert node["value_chain_stage"] is None and node["host_agency_code"] is None
        seen[node["code"]] = node
    assert 8 <= sum(n["level"] == "X" for n in catalogue["chain_node"]) <= 14


def test_indicators(catalogue):
    nodes = {n["code"] for n in catalogue["chain_node"]}
    indicators = catalogue["indicator"]
    assert 20 <= len(indicators) <= 40
    assert len({i["code"] for i in indicators}) == len(indicators)
    for i in indicators:
        assert i["chain_node_code"] in nodes
        assert i["direction"] in ("higher", "lower", "range")
        assert i["frequency"] in PERIODS
        assert i["aggregation"] in ("ratio", "sum")
        assert i["value_chain_stage"] in ("upstream", "midstream", "downstream")
        assert i["host_agency_code"] in AGENCIES
        assert 0 < i["yellow_gap"] < i["orange_gap"]
        if i["aggregation"] == "ratio":
            assert i["numerator_th"] and i["denominator_th"]
    count = Counter(i["aggregation"] for i in indicators)
    assert 2 <= count["sum"] <= 4
    assert any(i["direction"] == "range" for i in indicators)
    assert 6 <= sum(i["is_key"] for i in indicators) <= 8
    assert {i["frequency"] for i in indicators} == set(PERIODS)


def test_targets(catalogue, demo):
    indicators = {i["code"]: i for i in catalogue["indicator"]}
    provinces = {r["province_code"] for r in demo["indicator_result"]}
    by_key = defaultdict(list)
    for t in catalogue["indicator_target"]:
        by_key[(t["indicator_code"], t["fiscal_year_be"])].append(t)
    for code, ind in indicators.items():
        for fy in DEMO_FISCAL_YEARS_BE:
            rows = by_key[(code, fy)]
            national = [t for t in rows if t["area_code"] == "TH"]
            assert len(national) == 1, (code, fy)
            nat = national[0]
            if ind["direction"] == "range":
                assert nat["target_low"] < nat["target_high"] and nat["target_value"] is None
            else:
                assert nat["target_value"] is not None
            if ind["aggregation"] == "sum":
                per_province = [t for t in rows if t["area_code"] != "TH"]
                assert {t["area_code"] for t in per_province} == provinces
                assert sum(t["target_value"] for t in per_province) == pytest.approx(nat["target_value"])


def test_results(catalogue, demo):
    indicators = {i["code"]: i for i in catalogue["indicator"]}
    provinces = {r["province_code"] for r in demo["indicator_result"]}
    assert len(provinces) == 77
    keys = set()
    for r in demo["indicator_result"]:
        ind = indicators[r["indicator_code"]]
        n = PERIODS[ind["frequency"]]
        assert 1 <= r["period_no"] <= n
        assert r["fiscal_year_be"] in DEMO_FISCAL_YEARS_BE
        assert r["period_end"] == period_end(r["fiscal_year_be"], ind["frequency"], r["period_no"], ind["calendar"])
        assert r["source"] == "demo"
        assert r["period_end"] < r["updated_at"].date() and r["updated_at"] <= DEMO_AS_OF
        if ind["aggregation"] == "ratio":
            assert r["denominator"] > 0 and r["numerator"] >= 0
            assert r["value"] == r["numerator"] / r["denominator"] * ind["multiplier"]
        else:
            assert r["numerator"] is None and r["denominator"] is None and r["value"] >= 0
        key = (r["indicator_code"], r["province_code"], r["fiscal_year_be"], r["period_no"])
        assert key not in keys
        keys.add(key)
    expected = sum(PERIODS[i["frequency"]] for i in indicators.values()) * len(provinces) * 3
    missing = 1 - len(keys) / expected
    assert 0.01 < missing < 0.04
    # one or two indicator x province x fiscal year of a monthly or quarterly indicator were never reported
    reported = {(c, p, y) for c, p, y, _ in keys}
    frequent = [c for c, i in indicators.items() if i["frequency"] in ("monthly", "quarterly")]
    whole = [(c, p, y) for c in frequent for p in provinces for y in DEMO_FISCAL_YEARS_BE if (c, p, y) not in reported]
    assert 1 <= len(whole) <= 2


def test_fiscal_periods():
    assert period_end(2568, "quarterly", 1) == dt.date(2024, 12, 31)
    assert period_end(2568, "monthly", 1) == dt.date(2024, 10, 31)
    assert period_end(2568, "monthly", 5) == dt.date(2025, 2, 28)
    assert period_end(2568, "term", 1, "fiscal_year") == dt.date(2025, 3, 31), (
        "the demo catalogue names the fiscal calendar"
    )
    assert period_end(2568, "yearly", 1) == dt.date(2025, 9, 30)
    assert period_end(2566, "quarterly", 4) == dt.date(2023, 9, 30)


def test_service_areas(catalogue, reference):
    provinces, _ = reference
    kinds = {a["code"]: a["kind"] for a in catalogue["service_area"]}
    assert Counter(kinds.values()) == {"primary": 183, "secondary": 62}
    per = defaultdict(Counter)
    spans = Counter()
    for link in catalogue["service_area_province"]:
        per[link["province_code"]][kinds[link["service_area_code"]]] += 1
        spans[link["service_area_code"]] += 1
    for p in provinces:
        if p["code"] == "TH-10":
            assert per["TH-10"] == {"secondary": 2}
        else:
            assert per[p["code"]]["primary"] >= 1 and per[p["code"]]["secondary"] == 1, p["code"]
    assert set(spans) == set(kinds)
    assert max(spans.values()) == 2 and all(kinds[c] == "secondary" for c, n in spans.items() if n == 2)
    assert per["TH-30"]["primary"] > per["TH-75"]["primary"]


def test_crises(catalogue, demo):
    events = demo["crisis_event"]
    assert 40 <= len(events) <= 70
    assert [e["id"] for e in events] == list(range(1, len(events) + 1))
    assert [r["id"] for r in demo["crisis_status_log"]] == list(range(1, len(demo["crisis_status_log"]) + 1))
    types = set(TYPES)
    provinces_of = defaultdict(set)
    for r in demo["crisis_province"]:
        provinces_of[r["crisis_id"]].add(r["province_code"])
    area_provinces = defaultdict(set)
    for link in catalogue["service_area_province"]:
        area_provinces[link["service_area_code"]].add(link["province_code"])
    for r in demo["crisis_service_area"]:
        assert area_provinces[r["service_area_code"]] & provinces_of[r["crisis_id"]]
    log = defaultdict(list)
    for r in demo["crisis_status_log"]:
        log[r["crisis_id"]].append(r)
    for e in events:
        assert e["type"] in types and 1 <= e["severity"] <= 4 and e["is_demo"] is True
        assert 1 <= len(provinces_of[e["id"]]) <= 6
        assert e["schools_closed"] <= e["schools_affected"]
        assert e["learning_mode"] in (None, "on-site", "on-air", "on-demand", "online", "on-hand")
        assert "(สาธิต)" in e["reporter"]
        assert dt.datetime(2022, 10, 1, tzinfo=dt.UTC) <= e["occurred_at"] <= e["reported_at"] <= e["updated_at"]
        steps = log[e["id"]]
        assert steps[0]["from_status"] is None and steps[0]["to_status"] == "reported"
        for before, after in zip(steps, steps[1:], strict=False):
            assert after["from_status"] == before["to_status"]
            assert after["to_status"] in ALLOWED[before["to_status"]], (
                e["id"],
                before["to_status"],
                after["to_status"],
            )
            assert after["changed_at"] >= before["changed_at"]
        assert e["status"] == steps[-1]["to_status"]
        assert e["reported_at"] == steps[0]["changed_at"] and e["updated_at"] == steps[-1]["changed_at"]
        assert steps[-1]["changed_at"] <= DEMO_AS_OF
    open_ = [e for e in events if e["status"] not in ("closed", "dismissed")]
    assert 6 <= len(open_) <= 10
    assert any(e["status"] == "active" for e in open_)
    assert any(e["status"] == "dismissed" for e in events)
    assert max(e["severity"] for e in events if e["type"] == "flood") == 4

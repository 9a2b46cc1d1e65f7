"""The demo dataset as it lands in a real store: deterministic, marked as demo, and a believable mix."""

from collections import Counter

import pytest
import sqlalchemy as sa

from cockpit.read import queries
from cockpit.store import schema


def _content(store) -> dict:
    """Every demo table's rows, ordered, without the store-assigned crisis ids."""
    tables = {
        "indicator_result": schema.indicator_result,
        "indicator_target": schema.indicator_target,
        "indicator": schema.indicator,
        "service_area": schema.service_area,
    }
    content = {}
    with store.read() as conn:
        for name, table in tables.items():
            columns = [c for c in table.c if c.name != "updated_at"]
            content[name] = [tuple(row) for row in conn.execute(sa.select(*columns).order_by(*table.primary_key))]
        e = schema.crisis_event
        content["crisis_event"] = [
            tuple(row)
            for row in conn.execute(
                sa.select(e.c.type, e.c.severity, e.c.title, e.c.status, e.c.occurred_at, e.c.schools_closed).order_by(
                    e.c.id
                )
            )
        ]
    return content


def test_the_same_seed_gives_the_same_store(stores):
    first = stores.prepared(demo=True)
    second = stores.prepared(demo=True)
    assert _content(first) == _content(second)
    assert len(_content(first)["indicator_result"]) > 10_000


def test_the_demo_is_marked_as_demo_everywhere_it_lands(demo_store):
    with demo_store.read() as conn:
        assert queries.dataset_info(conn)["dataset"] == "demo"
        assert conn.execute(sa.select(sa.func.count()).where(~schema.indicator.c.is_demo)).scalar() == 0
        assert conn.execute(sa.select(sa.func.count()).where(~schema.crisis_event.c.is_demo)).scalar() == 0
        sources = conn.execute(sa.select(schema.indicator_result.c.source).distinct()).scalars().all()
    assert sources == ["demo"]


def test_province_statuses_show_every_colour_and_some_missing_data(demo_store):
    with demo_store.read() as conn:
        fiscal_year = queries.latest_fiscal_year(conn)
        table = queries.results_table(conn, "province", fiscal_year)
    mix = Counter(area["status"] for rows in table.values() for area in rows)
    total = sum(mix.values())
    assert fiscal_year == 2568
    for colour in ("green", "yellow", "orange", "red"):
        assert mix[colour] / total > 0.05, mix
    assert mix["no_data"] > 0


def test_the_bulk_table_and_the_single_indicator_path_agree(demo_store):
    with demo_store.read() as conn:
        table = queries.results_table(conn, "region", 2568)
        for code in ("JI01", "JI17", "JI13", "JI30"):
            single = queries.area_results(conn, code, "region", 2568)["areas"]
            # Sums of floats may differ in the last bit with the order PostgreSQL adds them in.
            assert len(single) == len(table[code])
            for one, bulk in zip(single, table[code], strict=True):
                for key, value in one.items():
                    expected = pytest.approx(bulk[key], rel=1e-12) if isinstance(value, float) else bulk[key]
                    assert value == expected, (code, one["area"], key)


def test_active_crises_exist_for_the_war_room(demo_store):
    with demo_store.read() as conn:
        statuses = conn.execute(sa.select(schema.crisis_event.c.status)).scalars().all()
    assert {"active", "recovering"} <= set(statuses)
    assert statuses.count("closed") > len(statuses) / 2

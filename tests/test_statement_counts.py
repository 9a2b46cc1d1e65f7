"""A page's reads are set-based: the number of SQL statements one render (or one move of the indicator page's
what-if) issues does not grow with the years of history. Counted on the store's engine while the router renders
each page, before and after twenty more fiscal years of results (the schools' too) and targets are added."""

from __future__ import annotations

import sqlalchemy as sa

from app import create_app
from callbacks import routing
from cockpit.read import queries, views
from cockpit.store import schema
from tests.factories import add_school, add_school_result, roll_up_schools
from tests.signin import ADMINISTRATOR

PAGES = (
    "/",
    "/region/REO01",
    "/province/TH-50",
    "/service-area/P5001",
    "/school/SC501",
    "/indicator/JI01",
    "/indicator/JI12",
    "/indicator/JI15",
    "/chain",
    "/crisis",
    "/since",
    "/deck",
)
EXTRA_YEARS = 20


def statements_per_page(store) -> dict[str, int]:
    counts = {}
    for path in PAGES:
        seen = []

        def count(*_args, seen=seen, **_kwargs):
            seen.append(1)

        sa.event.listen(store.engine, "before_cursor_execute", count)
        try:
            routing.render_path(store, path, "", ADMINISTRATOR)
        finally:
            sa.event.remove(store.engine, "before_cursor_execute", count)
        counts[path] = len(seen)
    return counts


def statements_of_what_if(store) -> int:
    """Statements one move of the indicator page's what-if issues (cockpit.read.views.what_if_view)."""
    seen = []

    def count(*_args, **_kwargs):
        seen.append(1)

    sa.event.listen(store.engine, "before_cursor_execute", count)
    try:
        with store.read() as conn:
            views.what_if_view(conn, "JI12", 2568, 2, None, 150000)
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", count)
    return len(seen)


def add_schools(store) -> None:
    """Two schools of a Chiang Mai service area reporting a quarterly rate in every period of every year, rolled
    up into their province's results."""
    result = schema.indicator_result
    with store.write() as conn:
        years = conn.execute(sa.select(result.c.fiscal_year_be).distinct()).scalars().all()
        add_school(conn, "SC501", "TH-50", "P5001")
        add_school(conn, "SC502", "TH-50", "P5001")
        for year in years:
            for period in (1, 2, 3, 4):
                add_school_result(conn, "JI26", "SC501", year, period, 40, 50)
                add_school_result(conn, "JI26", "SC502", year, period, 30, 50)
        roll_up_schools(conn)


def add_history(store, years: int) -> None:
    """Copies of the oldest fiscal year's results and targets, ten years apart further back (2556, 2546, …)."""
    result, target = schema.indicator_result, schema.indicator_target
    with store.write() as conn:
        oldest = conn.execute(sa.select(sa.func.min(result.c.fiscal_year_be))).scalar_one()
        for table in (result, target, schema.school_result):
            names = [c.name for c in table.columns]
            for step in range(1, years + 1):
                shifted = [
                    (table.c.fiscal_year_be - step * 10).label(name) if name == "fiscal_year_be" else table.c[name]
                    for name in names
                ]
                source = sa.select(*shifted).where(table.c.fiscal_year_be == oldest)
                conn.execute(table.insert().from_select(names, source))


def test_statements_per_page_render_do_not_grow_with_fiscal_years(stores):
    store = stores.prepared(demo=True)
    add_schools(store)
    create_app(store)  # fills the router's routes
    before = statements_per_page(store)
    what_if_before = statements_of_what_if(store)
    add_history(store, EXTRA_YEARS)
    with store.read() as conn:
        years = conn.execute(sa.select(sa.func.count(sa.distinct(schema.indicator_result.c.fiscal_year_be)))).scalar()
    assert years >= 3 + EXTRA_YEARS
    after = statements_per_page(store)
    assert all(count > 0 for count in before.values()), before
    grown = {path: (before[path], after[path]) for path in PAGES if after[path] != before[path]}
    assert not grown, f"statements per render grew with {EXTRA_YEARS} more fiscal years: {grown}"
    assert statements_of_what_if(store) == what_if_before > 0


def test_a_read_asks_for_the_catalogue_once_and_the_next_read_sees_a_change(stores):
    store = stores.prepared(demo=True)
    seen = []

    def count(*_args, **_kwargs):
        seen.append(1)

    i = schema.indicator
    sa.event.listen(store.engine, "before_cursor_execute", count)
    try:
        with store.read() as conn:
            first = queries.indicators(conn)
            asked = len(seen)
            first[0]["name_en"] = "changed by the caller"
            again = queries.indicators(conn)
            assert len(seen) == asked > 0
            assert again[0]["name_en"] != "changed by the caller"
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", count)
    with store.write() as conn:
        conn.execute(i.update().where(i.c.code == again[0]["code"]).values(name_en="Renamed"))
        assert queries.indicators(conn)[0]["name_en"] == "Renamed"
    with store.read() as conn:
        assert queries.indicators(conn)[0]["name_en"] == "Renamed"

"""Loading the demo dataset into a store: at creation, and after an upgrade of a demo store, the demo rows
that new tables or columns need. (Migrations change the shape of data only; filling demo rows is this wing's job.)
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cockpit import config
from cockpit.catalogue import files
from cockpit.catalogue.apply import apply_catalogue, province_lookup
from cockpit.catalogue.check import CheckedCatalogue, check
from cockpit.catalogue.reference import ReferenceData
from cockpit.demo.generate import DEMO_AS_OF, SCHOOL_SEED, build_demo, school_results_of
from cockpit.demo.wall import build_scores
from cockpit.errors import ReferenceDataError
from cockpit.store import bulk, schema
from cockpit.store.database import get_info, set_info

Progress = Callable[[str], None]

# The demo's catalogue: shipped as CSV and loaded through the same import as any ministry's catalogue.
DEMO_CATALOGUE = files.shipped_catalogue("demo")
# What the generator makes, in insert order: parents before children, so foreign keys hold at every statement.
DEMO_TABLES = (
    "indicator_result",
    "school_result",
    "crisis_event",
    "crisis_province",
    "crisis_service_area",
    "crisis_status_log",
)
_BATCH = 5000
# Written in one bulk statement each (cockpit/store/bulk.py) rather than in batches of single-row inserts.
_IN_BULK = ("indicator_result", "school_result")


def _quiet(_message: str) -> None:
    pass


def load_demo(conn: Connection, ref: ReferenceData, seed: int, progress: Progress = _quiet) -> None:
    """Import the demo catalogue from its CSV files, then write the generated results, crises and scores, and
    mark the store as holding demo data."""
    started = time.perf_counter()
    progress(f"Importing the demo catalogue ({DEMO_CATALOGUE.relative_to(config.ROOT)})")
    checked = demo_catalogue(conn)
    apply_catalogue(conn, checked, "demo")
    progress(f"Generating the demo dataset (seed {seed})")
    tables = build_demo(ref.provinces, checked.tables, seed)
    _renumber_crises(conn, tables)
    total = sum(len(tables[name]) for name in DEMO_TABLES)
    written = 0
    for name in DEMO_TABLES:
        rows = tables[name]
        step = len(rows) if name in _IN_BULK else _BATCH
        for start in range(0, len(rows), step):
            if name in _IN_BULK:
                bulk.insert(conn, schema.metadata.tables[name], rows)
            else:
                conn.execute(schema.metadata.tables[name].insert(), rows[start : start + _BATCH])
            written += len(rows[start : start + step])
            progress(f"Loading demo data: {name:<22} {written:>7,}/{total:,} rows ({written * 100 // max(total, 1)}%)")
    service_areas = [row["code"] for row in checked.tables["service_area"]]
    conn.execute(schema.service_area_score.insert(), build_scores(service_areas, seed))
    conn.execute(schema.project.update().values(updated_at=DEMO_AS_OF))
    set_info(conn, "dataset", "demo")
    set_info(conn, "demo_seed", str(seed))
    progress(f"Demo data loaded: {total:,} rows in {time.perf_counter() - started:.1f} s")


def demo_catalogue(conn: Connection) -> CheckedCatalogue:
    """The shipped demo catalogue, checked against the store's provinces; a broken one stops the load."""
    checked, problems = check(files.read_path(DEMO_CATALOGUE), province_lookup(conn))
    if problems:
        raise ReferenceDataError(f"the shipped demo catalogue is broken: {problems[0].line()}")
    return checked


def _write_room_demo(conn: Connection, projects: list[dict], seed: int) -> None:
    """The room's walls of a store from before them: the demo catalogue's projects, the scores from the seed."""
    conn.execute(schema.project.insert(), [row | {"updated_at": DEMO_AS_OF, "is_demo": True} for row in projects])
    service_areas = list(conn.execute(sa.select(schema.service_area.c.code)).scalars())
    conn.execute(schema.service_area_score.insert(), build_scores(service_areas, seed))


def _renumber_crises(conn: Connection, tables: dict[str, list[dict]]) -> None:
    """Let the store's sequences number the demo crises, so later reports continue after them.

    DuckDB cannot reset a sequence, so rather than inserting explicit ids, each demo event takes the next
    id and its child rows are pointed at it. The events are written here; the children follow in order.
    """
    new_id = {}
    event_table = schema.crisis_event
    for row in tables["crisis_event"]:
        values = {k: v for k, v in row.items() if k != "id"}
        new_id[row["id"]] = conn.execute(event_table.insert().values(values).returning(event_table.c.id)).scalar_one()
    tables["crisis_event"] = []
    for name in ("crisis_province", "crisis_service_area", "crisis_status_log"):
        tables[name] = [
            {k: v for k, v in row.items() if k != "id"} | {"crisis_id": new_id[row["crisis_id"]]}
            for row in tables[name]
        ]


def fill_after_upgrade(conn: Connection, from_version: int, progress: Progress = _quiet) -> None:
    """A demo store upgraded from `from_version` gets the demo rows of what the upgrade added, so it stays whole."""
    seed = int(get_info(conn, "demo_seed") or 0)
    catalogue = demo_catalogue(conn).tables if from_version < 4 else {}
    if from_version < 3:
        progress("Demo rows for the room's walls (projects, service-area scores)")
        _write_room_demo(conn, catalogue["project"], seed)
    if from_version < 4:
        _write_labels_and_flows(conn, catalogue["indicator"])
    if from_version < 18:
        progress("Demo schools and their results, split from the stored demo results")
        _write_demo_schools(conn, seed)


def _write_demo_schools(conn: Connection, seed: int) -> None:
    """What schema version 18 added, as a fresh demo has it: the demo catalogue's schools (those whose service
    area the store holds), and their results split exactly from the province rows the demo wrote (rows someone
    wrote since stay the province's own figures), so that no province's figure changes."""
    s, area = schema.school, schema.service_area
    present = set(conn.execute(sa.select(s.c.code)).scalars())
    areas = set(conn.execute(sa.select(area.c.code)).scalars())
    new = [
        row
        for row in demo_catalogue(conn).tables["school"]
        if row["code"] not in present and row["service_area_code"] in areas
    ]
    if not new:
        return
    conn.execute(s.insert(), new)
    r, i = schema.indicator_result, schema.indicator
    query = (
        sa.select(r)
        .where(r.c.source == "demo", r.c.province_code.in_(sorted({row["province_code"] for row in new})))
        .order_by(r.c.indicator_code, r.c.province_code, r.c.fiscal_year_be, r.c.period_no)
    )
    stored = [dict(row) for row in conn.execute(query).mappings()]
    indicators = [dict(row) for row in conn.execute(sa.select(i.c.code, i.c.aggregation, i.c.multiplier)).mappings()]
    rows = school_results_of(random.Random(seed + SCHOOL_SEED), indicators, stored, new)
    bulk.insert(conn, schema.school_result, rows)


def _write_labels_and_flows(conn: Connection, indicators: list[dict]) -> None:
    """What schema version 4 added to the indicators, as the demo catalogue has it: the English labels of each
    rate's numerator and denominator, and the flows counted year to date. What it leaves empty stays so."""
    for row in indicators:
        values = {}
        if row["accumulates"]:
            values["accumulates"] = True
        if row["numerator_en"] is not None or row["denominator_en"] is not None:
            values |= {"numerator_en": row["numerator_en"], "denominator_en": row["denominator_en"]}
        if values:
            conn.execute(schema.indicator.update().where(schema.indicator.c.code == row["code"]).values(values))

"""Make a store ready to serve: create the schema, load reference and demo data, or upgrade an old store.

Creation is one transaction: if anything fails, nothing is left behind (a DuckDB file that did not exist
before is removed), so the next start tries again from empty.
"""

from __future__ import annotations

import time
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cockpit import config, schema
from cockpit.reference import ReferenceData, load_reference, write_reference
from cockpit.store import (
    Progress,
    Store,
    create_schema,
    open_store,
    parse_database_url,
    set_info,
    stored_schema_version,
    upgrade_schema,
)

# Insert order: parents before children, so foreign keys hold at every statement.
DEMO_TABLES = (
    "chain_node",
    "indicator",
    "indicator_target",
    "service_area",
    "service_area_province",
    "indicator_result",
    "crisis_event",
    "crisis_province",
    "crisis_service_area",
    "crisis_status_log",
)
_BATCH = 5000
# DuckDB checks a self-referencing key only against rows of earlier statements, so parents go in first, alone.
_SELF_REFERENCING = {"chain_node"}


def _quiet(_message: str) -> None:
    pass


def load_demo(conn: Connection, ref: ReferenceData, seed: int, progress: Progress = _quiet) -> None:
    """Write the deterministic demo dataset and mark the store as holding demo data."""
    from cockpit.demo import build_demo

    started = time.perf_counter()
    progress(f"Generating the demo dataset (seed {seed})")
    tables = build_demo(ref.provinces, ref.region_of("moe18"), [a["code"] for a in ref.agencies], seed)
    _renumber_crises(conn, tables)
    total = sum(len(tables[name]) for name in DEMO_TABLES)
    written = 0
    for name in DEMO_TABLES:
        rows = tables[name]
        batch = 1 if name in _SELF_REFERENCING else _BATCH
        for start in range(0, len(rows), batch):
            conn.execute(schema.metadata.tables[name].insert(), rows[start : start + batch])
            written += len(rows[start : start + batch])
            if batch == _BATCH or start + batch >= len(rows):
                progress(f"Loading demo data: {name:<22} {written:>7,}/{total:,} rows ({written * 100 // total}%)")
    write_wall_demo(conn, seed)
    set_info(conn, "dataset", "demo")
    set_info(conn, "demo_seed", str(seed))
    progress(f"Demo data loaded: {total:,} rows in {time.perf_counter() - started:.1f} s")


def write_wall_demo(conn: Connection, seed: int) -> None:
    """The demo projects and service-area scores (the blue and white walls), from the same seed."""
    from cockpit.demo_wall import build_wall_demo

    service_areas = list(conn.execute(sa.select(schema.service_area.c.code)).scalars())
    agencies = list(conn.execute(sa.select(schema.agency.c.code)).scalars())
    rows = build_wall_demo(service_areas, agencies, seed)
    for name in ("project", "service_area_score"):
        conn.execute(schema.metadata.tables[name].insert(), rows[name])


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


def prepare_store(
    url: str | None = None, demo: bool = True, seed: int = config.DEMO_SEED, progress: Progress = _quiet
) -> Store:
    """Open the store and make it ready: create and fill it when empty, upgrade it when old."""
    ref = load_reference()
    duckdb_path = _duckdb_path(url)
    existed = duckdb_path is None or duckdb_path.exists()
    store = open_store(url)
    try:
        with store.write(bump_version=False) as conn:
            version = stored_schema_version(conn)
            if version is None:
                progress(f"Empty store ({store.description}): creating the schema")
                create_schema(conn)
                progress("Loading reference data: 77 provinces, agencies, region schemes")
                write_reference(conn, ref)
                if demo:
                    load_demo(conn, ref, seed, progress)
                else:
                    set_info(conn, "dataset", "live")
            elif version != schema.SCHEMA_VERSION:
                upgrade_schema(conn, version, progress=progress)
    except BaseException:
        store.dispose()
        _remove_new_file(duckdb_path, existed)
        raise
    return store


def _duckdb_path(url: str | None) -> Path | None:
    parsed = parse_database_url(url or config.database_url())
    return Path(parsed.database) if parsed.get_backend_name() == "duckdb" else None


def _remove_new_file(path: Path | None, existed: bool) -> None:
    if path is None or existed:
        return
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)

"""Upgrades of an existing store, one per schema version; each runs inside the upgrade's transaction.

MIGRATIONS[n] takes a store from version n - 1 to n without losing data.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cockpit import schema
from cockpit.store import get_info, utc_now


def add_writer_tables(conn: Connection) -> None:
    """Version 2: API tokens and idempotent requests, for the reporting API."""
    for table in schema.SCHEMA_2_TABLES:
        table.create(conn)


def add_room_tables(conn: Connection) -> None:
    """Version 3: projects, service-area scores and the flight deck's state, for the cockpit room's walls.

    A store holding the demo dataset gets the demo rows of the new tables too, so it stays complete.
    """
    for table in schema.SCHEMA_3_TABLES:
        table.create(conn)
    conn.execute(
        schema.deck_state.insert().values(id=1, show=None, paused=False, updated_at=utc_now(), updated_by="upgrade")
    )
    if get_info(conn, "dataset") == "demo":
        from cockpit.bootstrap import write_wall_demo

        write_wall_demo(conn, int(get_info(conn, "demo_seed") or 0))


def _columns(conn: Connection, table: str) -> set[str]:
    """Column names from information_schema (SQLAlchemy's reflection does not work on DuckDB)."""
    query = sa.text("SELECT column_name FROM information_schema.columns WHERE table_name = :table")
    return set(conn.execute(query, {"table": table}).scalars())


def add_english_labels_and_flows(conn: Connection) -> None:
    """Version 4: English labels for each rate's numerator and denominator, and which indicators are flows
    counted year to date (`accumulates`); the demo's are filled in.

    DuckDB can add a column to a table that other tables reference, but not drop or change one, so schema
    changes to such tables must only ever add.
    """
    present = _columns(conn, "indicator")
    for column, kind in (
        ("numerator_en", "VARCHAR(400)"),
        ("denominator_en", "VARCHAR(400)"),
        ("accumulates", "BOOLEAN"),
    ):
        if column not in present:
            conn.execute(sa.text(f"ALTER TABLE indicator ADD COLUMN {column} {kind}"))
    if get_info(conn, "dataset") == "demo":
        from cockpit.demo import ACCUMULATING, NUMERATOR_DENOMINATOR_EN

        conn.execute(
            schema.indicator.update().where(schema.indicator.c.code.in_(ACCUMULATING)).values(accumulates=True)
        )
        for code, (numerator, denominator) in NUMERATOR_DENOMINATOR_EN.items():
            conn.execute(
                schema.indicator.update()
                .where(schema.indicator.c.code == code)
                .values(numerator_en=numerator, denominator_en=denominator)
            )


MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    2: add_writer_tables,
    3: add_room_tables,
    4: add_english_labels_and_flows,
}

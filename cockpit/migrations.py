"""Upgrades of an existing store, one per schema version; each runs inside the upgrade's transaction.

MIGRATIONS[n] takes a store from version n - 1 to n without losing data.
"""

from __future__ import annotations

from collections.abc import Callable

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


MIGRATIONS: dict[int, Callable[[Connection], None]] = {2: add_writer_tables, 3: add_room_tables}

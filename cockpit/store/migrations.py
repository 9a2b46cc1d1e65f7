"""Upgrades of an existing store, one per schema version; each runs inside the upgrade's transaction.

MIGRATIONS[n] takes a store from version n - 1 to n without losing data.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cockpit.errors import StoreVersionError
from cockpit.rules.thai_time import FISCAL_YEAR
from cockpit.store import schema
from cockpit.store.database import Progress, utc_now


def add_writer_tables(conn: Connection) -> None:
    """Version 2: API tokens and idempotent requests, for the reporting API."""
    for table in schema.SCHEMA_2_TABLES:
        table.create(conn)


def add_room_tables(conn: Connection) -> None:
    """Version 3: projects, service-area scores and the flight deck's state, for the cockpit room's walls.

    A demo store gets the demo rows of the new tables from the demo wing after the upgrade
    (cockpit/demo/load.py: fill_after_upgrade); a migration only changes the shape of data.
    """
    for table in schema.SCHEMA_3_TABLES:
        table.create(conn)
    conn.execute(
        schema.deck_state.insert().values(id=1, show=None, paused=False, updated_at=utc_now(), updated_by="upgrade")
    )


def _columns(conn: Connection, table: str) -> set[str]:
    """Column names from information_schema (SQLAlchemy's reflection does not work on DuckDB)."""
    query = sa.text("SELECT column_name FROM information_schema.columns WHERE table_name = :table")
    return set(conn.execute(query, {"table": table}).scalars())


def add_english_labels_and_flows(conn: Connection) -> None:
    """Version 4: English labels for each rate's numerator and denominator, and which indicators are flows
    counted year to date (`accumulates`); a demo store's are filled in by the demo wing after the upgrade.

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


def add_catalogue_tables(conn: Connection) -> None:
    """Version 5: the catalogue as data — schools, the record of catalogue imports, and `retired_at` on the
    catalogue's tables (a row a file leaves out but that results refer to is retired, never deleted)."""
    for table in schema.SCHEMA_5_TABLES:
        table.create(conn)
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("ALTER TABLE schema_info ALTER COLUMN value TYPE TEXT"))
    for name in schema.RETIRABLE_TABLES:
        if "retired_at" not in _columns(conn, name):
            conn.execute(sa.text(f"ALTER TABLE {name} ADD COLUMN retired_at TIMESTAMP WITH TIME ZONE"))


def add_people_tables(conn: Connection) -> None:
    """Version 6: people (users with a role and view and write scopes), device links for wall screens, the
    audit trail, and an expiry and a last use on API tokens."""
    for table in schema.SCHEMA_6_TABLES:
        table.create(conn)
    present = _columns(conn, "api_token")
    for column, kind in (
        ("expires_at", "TIMESTAMP WITH TIME ZONE"),
        ("last_used_at", "TIMESTAMP WITH TIME ZONE"),
        ("created_by", "VARCHAR(200)"),
    ):
        if column not in present:
            conn.execute(sa.text(f"ALTER TABLE api_token ADD COLUMN {column} {kind}"))


def add_request_fingerprints(conn: Connection) -> None:
    """Version 7: the fingerprint of each idempotent request's body; requests stored before have none and are
    replayed as before."""
    if "request_sha256" not in _columns(conn, "idempotent_request"):
        conn.execute(sa.text("ALTER TABLE idempotent_request ADD COLUMN request_sha256 VARCHAR(64)"))


def add_freshness_allowance(conn: Connection) -> None:
    """Version 8: each indicator's own allowance before its data is stale; null keeps the frequency's."""
    if "stale_after_days" not in _columns(conn, "indicator"):
        conn.execute(sa.text("ALTER TABLE indicator ADD COLUMN stale_after_days INTEGER"))


def add_meeting_tables(conn: Connection) -> None:
    """Version 9: meetings of the room and what the figures were as each began (checkfirst: a store that a
    failed start left half-upgraded may already hold them)."""
    for table in schema.SCHEMA_9_TABLES:
        table.create(conn, checkfirst=True)


def add_result_history(conn: Connection) -> None:
    """Version 10: results keep their history — every value an update replaces, with who wrote it and who
    replaced it — and the audit trail names the provinces an entry concerns. Results stored before have no
    writer (NULL), and audit entries from before name no provinces."""
    for table in schema.SCHEMA_10_TABLES:
        table.create(conn, checkfirst=True)
    present = _columns(conn, "indicator_result")
    for column, kind in (("written_by", "VARCHAR(200)"), ("batch_id", "VARCHAR(32)")):
        if column not in present:
            conn.execute(sa.text(f"ALTER TABLE indicator_result ADD COLUMN {column} {kind}"))
    if "areas" not in _columns(conn, "audit_entry"):
        conn.execute(sa.text("ALTER TABLE audit_entry ADD COLUMN areas TEXT"))


def add_term_calendars(conn: Connection) -> None:
    """Version 11: a term indicator follows the school year (term 1 to the end of October, term 2 to the end of
    March) unless the catalogue names the fiscal calendar. Results stored before were entered as the fiscal
    year's halves, so a term indicator that already has results keeps the fiscal calendar: an upgrade never
    changes what stored figures mean (the ministry can move an indicator to the school year with a new code)."""
    if "calendar" not in _columns(conn, "indicator"):
        conn.execute(sa.text("ALTER TABLE indicator ADD COLUMN calendar VARCHAR(16)"))
    indicator, result = schema.indicator, schema.indicator_result
    with_results = sa.select(result.c.indicator_code).distinct()
    conn.execute(
        indicator.update()
        .where(indicator.c.frequency == "term", indicator.c.calendar.is_(None), indicator.c.code.in_(with_results))
        .values(calendar=FISCAL_YEAR)
    )


def add_report_due_days(conn: Connection) -> None:
    """Version 12: each indicator's reporting deadline after its period ends; null keeps the frequency's."""
    if "report_due_days" not in _columns(conn, "indicator"):
        conn.execute(sa.text("ALTER TABLE indicator ADD COLUMN report_due_days INTEGER"))


def add_decision_tables(conn: Connection) -> None:
    """Version 13: the room's decisions and the log of their status changes (new tables only)."""
    for table in schema.SCHEMA_13_TABLES:
        table.create(conn, checkfirst=True)


def add_validation_rules(conn: Connection) -> None:
    """Version 14: validation rules as catalogue data, the values flagged "to check", and each indicator's
    declared minimum and maximum (NULL: no bound)."""
    for table in schema.SCHEMA_14_TABLES:
        table.create(conn, checkfirst=True)
    present = _columns(conn, "indicator")
    for column in ("minimum", "maximum"):
        if column not in present:
            conn.execute(sa.text(f"ALTER TABLE indicator ADD COLUMN {column} DOUBLE PRECISION"))


def add_approval(conn: Connection) -> None:
    """Version 15: approval of results — each indicator's approval steps (NULL: the store-wide setting, 0 by
    default), each result's approval state (NULL: reported), and the log of approval steps. Results stored before
    are "reported"; with no steps configured they count as before."""
    for table in schema.SCHEMA_15_TABLES:
        table.create(conn, checkfirst=True)
    if "approval_steps" not in _columns(conn, "indicator"):
        conn.execute(sa.text("ALTER TABLE indicator ADD COLUMN approval_steps INTEGER"))
    present = _columns(conn, "indicator_result")
    for column, kind in (
        ("approval", "VARCHAR(16)"),
        ("approval_at", "TIMESTAMP WITH TIME ZONE"),
        ("approval_by", "VARCHAR(200)"),
    ):
        if column not in present:
            conn.execute(sa.text(f"ALTER TABLE indicator_result ADD COLUMN {column} {kind}"))


def add_figure_comments(conn: Connection) -> None:
    """Version 16: comments on figures (a new table only)."""
    for table in schema.SCHEMA_16_TABLES:
        table.create(conn, checkfirst=True)


def add_alert_tables(conn: Connection) -> None:
    """Version 17: alert rules and recipients (set by an administrator), fired alerts and their deliveries."""
    for table in schema.SCHEMA_17_TABLES:
        table.create(conn, checkfirst=True)


def add_school_results(conn: Connection) -> None:
    """Version 18: results reported by schools (a new table only)."""
    for table in schema.SCHEMA_18_TABLES:
        table.create(conn, checkfirst=True)


Migration = Callable[[Connection], None]

MIGRATIONS: dict[int, Migration] = {
    2: add_writer_tables,
    3: add_room_tables,
    4: add_english_labels_and_flows,
    5: add_catalogue_tables,
    6: add_people_tables,
    7: add_request_fingerprints,
    8: add_freshness_allowance,
    9: add_meeting_tables,
    10: add_result_history,
    11: add_term_calendars,
    12: add_report_due_days,
    13: add_decision_tables,
    14: add_validation_rules,
    15: add_approval,
    16: add_figure_comments,
    17: add_alert_tables,
    18: add_school_results,
}


def upgrade_schema(
    conn: Connection,
    from_version: int,
    to_version: int = schema.SCHEMA_VERSION,
    migrations: dict[int, Migration] | None = None,
    progress: Progress = lambda _msg: None,
) -> None:
    """Apply each migration from `from_version` up to `to_version` inside the caller's transaction."""
    if migrations is None:
        migrations = MIGRATIONS
    if from_version > to_version:
        raise StoreVersionError(
            f"The store has schema version {from_version} but this release knows only up to {to_version}: "
            "it was written by a newer release of the cockpit. Upgrade the cockpit, or use another store."
        )
    for version in range(from_version + 1, to_version + 1):
        if version not in migrations:
            raise StoreVersionError(f"No upgrade is known from schema version {version - 1} to {version}.")
        progress(f"Upgrading the store's schema to version {version}")
        migrations[version](conn)
        conn.execute(
            schema.schema_info.update().where(schema.schema_info.c.key == "schema_version").values(value=str(version))
        )

"""Many rows in or out of a table in one statement, inside the caller's transaction: what an import of a million
results needs (issue #11, fast import).

A plain `conn.execute(table.insert(), rows)` sends the rows one by one through the driver (a few thousand a
second on DuckDB), and deleting rows by key one statement at a time is slower still. Here DuckDB scans a pandas
frame registered on the connection (`INSERT … SELECT FROM frame`, `DELETE … WHERE key IN (SELECT … FROM frame)`),
and PostgreSQL takes the rows through `COPY … FROM STDIN` (psycopg 3), into the table or into a temporary table of
keys that the delete joins. Any other dialect falls back to executemany. All of it stays in the caller's
transaction, so an import remains all or nothing.

A few rows (one reported value, the usual API write) go as a plain statement: building and registering a frame
costs more than it saves below `FEW` rows, and a write's time is what limits the writes a second on DuckDB.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator, Sequence

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

_names = itertools.count()
FEW = 32


def _columns(table: sa.Table, rows: Sequence[dict]) -> list[str]:
    """The table's columns that the rows carry, in the table's order (a missing value is NULL)."""
    present = set().union(*(row.keys() for row in rows[:1000])) if rows else set()
    return [c.name for c in table.columns if c.name in present]


def _series(column: sa.Column, values: list) -> pd.Series:
    """A column of the frame typed as the table's column, NULL-able: DuckDB reads pandas' missing values (NaN, NA,
    NaT) as NULL, and never has to guess a type from a first stretch of empty cells."""
    kind = column.type
    if isinstance(kind, sa.DateTime):
        return pd.Series(pd.to_datetime(values, utc=True))
    if isinstance(kind, sa.Float):
        return pd.Series(values, dtype="float64")
    if isinstance(kind, sa.Integer):
        return pd.Series(values, dtype="Int64")
    if isinstance(kind, sa.Boolean):
        return pd.Series(values, dtype="boolean")
    if isinstance(kind, sa.String):
        return pd.Series(values, dtype="string")
    return pd.Series(values, dtype=object)


def _frame(table: sa.Table, columns: Sequence[str], rows: Sequence) -> pd.DataFrame:
    """Rows as dicts (by column name) or as tuples (in the order of `columns`)."""
    if rows and isinstance(rows[0], dict):
        values = {c: [row.get(c) for row in rows] for c in columns}
    else:
        values = {c: [row[i] for row in rows] for i, c in enumerate(columns)}
    return pd.DataFrame({c: _series(table.c[c], values[c]) for c in columns})


def _driver(conn: Connection):
    return conn.connection.dbapi_connection


def _numbered(conn: Connection, table: sa.Table, rows: Sequence[dict]) -> Sequence[dict]:
    """Rows given the next numbers of their table's id sequence when they carry none: the store's tables number
    their rows from a sequence, with no default on the column (what executemany did one row at a time)."""
    numbered = [c for c in table.columns if isinstance(c.default, sa.Sequence) and c.name not in rows[0]]
    if not numbered:
        return rows
    column = numbered[0]
    sequence = column.default.name
    count = len(rows)
    if conn.dialect.name == "duckdb":
        query = sa.text(f"SELECT nextval('{sequence}') FROM range({count})")
    else:
        query = sa.text(f"SELECT nextval('{sequence}') FROM generate_series(1, {count})")
    ids = conn.execute(query).scalars().all()
    return [row | {column.name: number} for row, number in zip(rows, ids, strict=True)]


@contextlib.contextmanager
def _registered(conn: Connection, frame: pd.DataFrame) -> Iterator[str]:
    """A DuckDB view of the frame under a fresh name, for the statements inside the block."""
    name = f"cockpit_bulk_{next(_names)}"
    driver = _driver(conn)
    driver.register(name, frame)
    try:
        yield name
    finally:
        driver.unregister(name)


def _copy(conn: Connection, target: str, listed: str, rows) -> None:
    """PostgreSQL's COPY FROM STDIN of the rows (each a sequence of values in the order of `listed`)."""
    with _driver(conn).cursor() as cursor, cursor.copy(f"COPY {target} ({listed}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def insert(conn: Connection, table: sa.Table, rows: Sequence[dict]) -> int:
    """Insert the rows; returns how many."""
    if not rows:
        return 0
    rows = _numbered(conn, table, rows)
    columns = _columns(table, rows)
    listed = ", ".join(f'"{c}"' for c in columns)
    if len(rows) < FEW:
        conn.execute(table.insert(), [{c: row.get(c) for c in columns} for row in rows])
    elif conn.dialect.name == "duckdb":
        with _registered(conn, _frame(table, columns, rows)) as name:
            conn.execute(sa.text(f'INSERT INTO "{table.name}" ({listed}) SELECT {listed} FROM {name}'))
    elif conn.dialect.name == "postgresql":
        _copy(conn, f'"{table.name}"', listed, ([row.get(c) for c in columns] for row in rows))
    else:
        conn.execute(table.insert(), [{c: row.get(c) for c in columns} for row in rows])
    return len(rows)


def delete_keys(conn: Connection, table: sa.Table, keys: Sequence[tuple], key_columns: Sequence[str]) -> int:
    """Delete the rows whose key (the values of `key_columns`, in that order) is among `keys`; returns how many
    keys were given."""
    if not keys:
        return 0
    listed = ", ".join(f'"{c}"' for c in key_columns)
    if len(keys) < FEW:
        conn.execute(table.delete().where(sa.tuple_(*(table.c[c] for c in key_columns)).in_([tuple(k) for k in keys])))
    elif conn.dialect.name == "duckdb":
        with _registered(conn, _frame(table, key_columns, keys)) as name:
            conn.execute(sa.text(f'DELETE FROM "{table.name}" WHERE ({listed}) IN (SELECT {listed} FROM {name})'))
    elif conn.dialect.name == "postgresql":
        name = f"cockpit_keys_{next(_names)}"
        conn.execute(
            sa.text(f'CREATE TEMPORARY TABLE {name} ON COMMIT DROP AS SELECT {listed} FROM "{table.name}" WITH NO DATA')
        )
        _copy(conn, name, listed, keys)
        matches = " AND ".join(f'"{table.name}"."{c}" = {name}."{c}"' for c in key_columns)
        conn.execute(sa.text(f'DELETE FROM "{table.name}" USING {name} WHERE {matches}'))
        conn.execute(sa.text(f"DROP TABLE {name}"))
    else:
        for key in keys:
            conn.execute(table.delete().where(*(table.c[c] == v for c, v in zip(key_columns, key, strict=True))))
    return len(keys)

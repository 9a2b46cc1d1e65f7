"""Opening the store, creating and upgrading its schema, and writing to it.

DuckDB allows one process per file, so with DuckDB the server process owns the file; any other process
that opens it gets a `StoreUnavailableError` saying what to do, never a lock traceback. Every write goes
through `Store.write()`, which bumps the data version in the same transaction (and serialises writers on
DuckDB, where concurrent updates of one row conflict), announces it to other processes on PostgreSQL and tells this
process's `KnownVersion` (cockpit/store/known_version.py), so that asking for the version costs no query.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.engine.url import URL

from cockpit import config
from cockpit.errors import ConfigError, StoreBusyError, StoreUnavailableError
from cockpit.store import schema
from cockpit.store.known_version import CHANNEL, QUIET, KnownVersion, payload
from cockpit.store.write_queue import WriteQueue

Progress = Callable[[str], None]

SUPPORTED = ("duckdb", "postgresql")
_URL_HELP = "e.g. duckdb:///data/cockpit.duckdb or postgresql+psycopg://user@127.0.0.1:5432/cockpit"


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def parse_database_url(raw: str) -> URL:
    """Validate a database URL and pick the driver we support, or raise a one-line ConfigError."""
    try:
        url = make_url(raw)
    except Exception as exc:
        raise ConfigError(
            f"{config.DATABASE_URL_ENV}={raw!r} is not a valid database URL ({exc}); use {_URL_HELP}"
        ) from None
    backend = url.get_backend_name()
    if backend not in SUPPORTED:
        raise ConfigError(
            f"{config.DATABASE_URL_ENV} uses '{backend}', which the cockpit does not support; use {_URL_HELP}"
        )
    if backend == "postgresql":
        if url.drivername in ("postgresql", "postgres"):
            url = url.set(drivername="postgresql+psycopg")
        if not url.database:
            raise ConfigError(f"{config.DATABASE_URL_ENV}={raw!r} names no database; use {_URL_HELP}")
    if backend == "duckdb" and url.database in (None, "", ":memory:"):
        raise ConfigError(
            f"{config.DATABASE_URL_ENV}={raw!r} names no DuckDB file; an in-memory store would lose every "
            f"report on restart. Use {_URL_HELP}"
        )
    return url


def _explain_connect_error(url: URL, exc: BaseException) -> StoreUnavailableError:
    text = str(getattr(exc, "orig", None) or exc)
    if url.get_backend_name() == "duckdb":
        path = url.database
        if "lock" in text.lower():
            pid = re.search(r"PID (\d+)", text)
            who = f" (PID {pid.group(1)})" if pid else ""
            return StoreUnavailableError(
                f"The store {path} is in use by another process{who}, most likely the running cockpit app. "
                "Stop that process first, or send the data through the running app "
                "(cockpit import FILE --url http://127.0.0.1:8050 --token TOKEN)."
            )
        if "not a valid DuckDB database" in text or "corrupt" in text.lower() or "Serialization" in text:
            return StoreUnavailableError(
                f"The store {path} is not a readable DuckDB database (corrupt or another kind of file). "
                "Move it aside to start from an empty store, or point COCKPIT_DATABASE_URL at a good one."
            )
        first_line = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
        return StoreUnavailableError(f"Cannot open the DuckDB store {path}: {first_line}")
    where = f"{url.host or 'localhost'}:{url.port or 5432}/{url.database}"
    first_line = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return StoreUnavailableError(
        f"Cannot reach PostgreSQL at {where} ({first_line}). Is the server running and the database created? "
        f"Check {config.DATABASE_URL_ENV}."
    )


@dataclass
class Store:
    """The open store: an engine plus the rules for writing to it."""

    engine: Engine
    url: URL
    write_wait_seconds: float = field(default_factory=config.write_wait_seconds)
    _writes: WriteQueue = field(init=False, repr=False, compare=False)
    _known: KnownVersion = field(init=False, repr=False, compare=False)
    _on_dispose: list = field(default_factory=list, repr=False, compare=False)

    def __post_init__(self) -> None:
        listen_to = None
        if not self.is_duckdb:
            listen_to = self.url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._known = KnownVersion(self._version_and_time, listen_to)
        self._writes = WriteQueue()

    @property
    def is_duckdb(self) -> bool:
        return self.url.get_backend_name() == "duckdb"

    @property
    def description(self) -> str:
        if self.is_duckdb:
            return f"DuckDB file {self.url.database}"
        return f"PostgreSQL {self.url.host}:{self.url.port or 5432}/{self.url.database}"

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for reading; what one read asks again (the catalogue, a year's targets) is remembered
        for its duration only (READ_MEMO, see cockpit.read.queries.per_read)."""
        with self.engine.connect() as conn:
            conn.info[READ_MEMO] = {}
            try:
                yield conn
            finally:
                conn.info.pop(READ_MEMO, None)

    @contextlib.contextmanager
    def write(self, bump_version: bool = True) -> Iterator[Connection]:
        """One transaction; the data version is bumped inside it so readers see data and version together.

        On DuckDB writes take turns in arrival order (WriteQueue); on PostgreSQL a write waits for a row another
        transaction holds at most as long (lock_timeout). Either way a write that cannot start in time raises
        StoreBusyError and writes nothing."""
        turn = self._writes.turn(self.write_wait_seconds) if self.is_duckdb else contextlib.nullcontext()
        committed = None
        with turn, self.engine.begin() as conn:
            conn.info.pop(UNCHANGED, None)
            conn.info.pop(NOTED, None)
            conn.info.pop(READ_MEMO, None)
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text(f"SET LOCAL lock_timeout = '{int(self.write_wait_seconds * 1000)}ms'"))
            try:
                yield conn
                if bump_version and not conn.info.pop(UNCHANGED, False):
                    committed = bump_data_version(conn)
                elif conn.dialect.name == "postgresql":
                    conn.execute(sa.select(sa.func.pg_notify(CHANNEL, QUIET)))
            except sa.exc.OperationalError as error:
                if getattr(error.orig, "sqlstate", None) != LOCK_NOT_AVAILABLE:
                    raise
                raise StoreBusyError(
                    f"the store is busy: a row this write changes was held by another write for more than "
                    f"{self.write_wait_seconds:g} s; nothing was written, send it again",
                    max(1, round(self.write_wait_seconds / 2)),
                ) from None
        if committed is not None:
            self._known.saw(*committed)
        else:
            self._known.saw_quiet_write()

    def data_version(self) -> int:
        """The version as stored (one query): what tests and the CLI compare."""
        with self.read() as conn:
            return conn.execute(sa.select(schema.data_version.c.version)).scalar_one()

    def _version_and_time(self) -> tuple[int, dt.datetime | None]:
        with self.read() as conn:
            found = conn.execute(sa.select(schema.data_version.c.version, schema.data_version.c.updated_at)).one()
        return found.version, found.updated_at

    def known_updated_at(self) -> dt.datetime | None:
        """When the newest version this process knows of was written, without a query."""
        return self._known.updated_at()

    def known_version(self) -> int:
        """The version as this process knows it, without a query: what the screens' version checks ask."""
        return self._known.current()

    def quiet_writes(self) -> int:
        """Writes that changed no figure (people, tokens, settings) seen by this process, from any process."""
        return self._known.quiet_writes()

    def on_dispose(self, stop) -> None:
        """Something to stop (a background thread of this store) when the store is closed."""
        self._on_dispose.append(stop)

    def dispose(self) -> None:
        for stop in self._on_dispose:
            stop()
        self._known.stop()
        self.engine.dispose()


# PostgreSQL's SQLSTATE when lock_timeout ends a wait for a row.
LOCK_NOT_AVAILABLE = "55P03"
# A read's remembered answers (cockpit.read.queries.per_read), kept in conn.info for one store.read() only.
READ_MEMO = "cockpit.read_memo"
# A writer that found nothing to change sets conn.info[UNCHANGED], so screens are not told to refresh.
UNCHANGED = "cockpit_unchanged"
# What a write noted for its audit entry (cockpit/write/audit.py); cleared as each write transaction begins, since
# a connection's info outlives the transaction in the pool.
NOTED = "cockpit_noted"


def bump_data_version(conn: Connection) -> tuple[int, dt.datetime]:
    """The next version and its time, written in the caller's transaction; on PostgreSQL also announced to every
    process that listens (cockpit/store/known_version.py), when the transaction commits."""
    at = utc_now()
    version = conn.execute(
        schema.data_version.update()
        .where(schema.data_version.c.id == 1)
        .values(version=schema.data_version.c.version + 1, updated_at=at)
        .returning(schema.data_version.c.version)
    ).scalar_one()
    if conn.dialect.name == "postgresql":
        conn.execute(sa.select(sa.func.pg_notify(CHANNEL, payload(version, at))))
    return version, at


def open_store(raw_url: str | None = None) -> Store:
    """Open (without creating tables) the store named by the URL or the environment, or raise one clear error."""
    url = parse_database_url(raw_url or config.database_url())
    if url.get_backend_name() == "duckdb":
        path = Path(url.database)
        if not path.parent.exists():
            raise ConfigError(f"The folder {path.parent} for the DuckDB store does not exist; create it first.")
        engine = sa.create_engine(url)
        # duckdb_engine turns SQLAlchemy's cache of compiled statements off (supports_statement_cache = False), so
        # each statement was compiled again on every call: about a millisecond each, a sixth of a page's data
        # time. Its compiler is PostgreSQL's, which caches; turned on for this engine only.
        engine.dialect._supports_statement_cache = True
    else:
        engine = sa.create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except Exception as exc:
        engine.dispose()
        raise _explain_connect_error(url, exc) from None
    return Store(engine=engine, url=url)


def stored_schema_version(conn: Connection) -> int | None:
    """The schema version written in the store, or None for an empty store."""
    if not sa.inspect(conn).has_table(schema.schema_info.name):
        return None
    raw = conn.execute(
        sa.select(schema.schema_info.c.value).where(schema.schema_info.c.key == "schema_version")
    ).scalar_one_or_none()
    return int(raw) if raw is not None else None


def create_schema(conn: Connection) -> None:
    schema.metadata.create_all(conn)
    now = utc_now()
    conn.execute(
        schema.schema_info.insert(),
        [
            {"key": "schema_version", "value": str(schema.SCHEMA_VERSION)},
            {"key": "created_at", "value": now.isoformat()},
        ],
    )
    conn.execute(schema.data_version.insert().values(id=1, version=1, updated_at=now))
    conn.execute(schema.deck_state.insert().values(id=1, show=None, paused=False, updated_at=now, updated_by="setup"))


def set_info(conn: Connection, key: str, value: str) -> None:
    table = schema.schema_info
    exists = conn.execute(sa.select(table.c.key).where(table.c.key == key)).first()
    if exists:
        conn.execute(table.update().where(table.c.key == key).values(value=value))
    else:
        conn.execute(table.insert().values(key=key, value=value))


def get_info(conn: Connection, key: str) -> str | None:
    table = schema.schema_info
    return conn.execute(sa.select(table.c.value).where(table.c.key == key)).scalar_one_or_none()

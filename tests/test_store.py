"""Opening, creating and upgrading the store, and the clear errors for bad configuration."""

import subprocess
import sys
import textwrap

import pytest
import sqlalchemy as sa

from cockpit.bootstrap import prepare_store
from cockpit.errors import ConfigError, StoreUnavailableError, StoreVersionError
from cockpit.store import schema
from cockpit.store.database import open_store, stored_schema_version, utc_now
from cockpit.store.migrations import upgrade_schema


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("not a url at all", "is not a valid database URL"),
        ("mysql://root@localhost/test", "does not support"),
        ("duckdb:///:memory:", "names no DuckDB file"),
        ("postgresql://127.0.0.1:5432", "names no database"),
    ],
)
def test_malformed_database_url_is_one_clear_line(url, words):
    with pytest.raises(ConfigError, match=words) as caught:
        open_store(url)
    assert "\n" not in str(caught.value)


def test_unreachable_postgresql_says_where_and_what_to_check():
    with pytest.raises(
        StoreUnavailableError, match=r"Cannot reach PostgreSQL at 127.0.0.1:1/nowhere.*COCKPIT_DATABASE_URL"
    ):
        open_store("postgresql+psycopg://postgres@127.0.0.1:1/nowhere")


def test_duckdb_in_a_missing_folder(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        open_store(f"duckdb:///{tmp_path}/absent/cockpit.duckdb")


def test_corrupt_duckdb_file_is_reported_not_overwritten(tmp_path):
    path = tmp_path / "cockpit.duckdb"
    path.write_bytes(b"this is not a database" * 1000)
    with pytest.raises(StoreUnavailableError, match="not a readable DuckDB database") as caught:
        prepare_store(f"duckdb:///{path}", demo=False)
    assert "\n" not in str(caught.value)
    assert path.read_bytes().startswith(b"this is not a database")


def test_duckdb_file_held_by_another_process_gives_what_to_do(tmp_path):
    path = tmp_path / "cockpit.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import duckdb, sys
            con = duckdb.connect({str(path)!r})
            print("holding", flush=True)
            sys.stdin.read()
        """),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        with pytest.raises(StoreUnavailableError) as caught:
            open_store(f"duckdb:///{path}")
        message = str(caught.value)
        assert "in use by another process" in message
        assert f"PID {holder.pid}" in message
        assert "--url" in message
        assert "Traceback" not in message and "\n" not in message
    finally:
        holder.communicate("", timeout=10)


def test_a_failed_creation_leaves_no_store_behind(stores, monkeypatch):
    import cockpit.demo.load

    def broken_demo(*args, **kwargs):
        raise RuntimeError("disk full while generating")

    monkeypatch.setattr(cockpit.demo.load, "build_demo", broken_demo)
    url = stores.url()
    with pytest.raises(RuntimeError, match="disk full"):
        prepare_store(url, demo=True)
    if stores.backend == "duckdb":
        path = url.removeprefix("duckdb:///")
        import pathlib

        assert not pathlib.Path(path).exists()
    else:
        engine = sa.create_engine(url)
        with engine.connect() as conn:
            assert sa.inspect(conn).get_table_names() == []
        engine.dispose()
    monkeypatch.undo()
    store = stores.prepared(demo=False, url=url)
    with store.read() as conn:
        assert stored_schema_version(conn) == schema.SCHEMA_VERSION


def test_schema_version_is_recorded_and_a_newer_store_is_refused(empty_store):
    with empty_store.write(bump_version=False) as conn:
        assert stored_schema_version(conn) == schema.SCHEMA_VERSION
        conn.execute(schema.schema_info.update().where(schema.schema_info.c.key == "schema_version").values(value="99"))
    url = empty_store.url.render_as_string(hide_password=False)
    empty_store.dispose()
    with pytest.raises(StoreVersionError, match="newer release"):
        prepare_store(url, demo=False)


def test_upgrade_runs_each_migration_in_order_and_keeps_the_data(empty_store):
    applied = []

    def add_note_column(conn):
        applied.append(6)
        conn.execute(sa.text("ALTER TABLE province ADD COLUMN note VARCHAR"))

    def fill_note(conn):
        applied.append(7)
        conn.execute(sa.text("UPDATE province SET note = 'kept'"))

    with empty_store.write(bump_version=False) as conn:
        upgrade_schema(conn, from_version=5, to_version=7, migrations={6: add_note_column, 7: fill_note})
    with empty_store.read() as conn:
        assert applied == [6, 7]
        assert stored_schema_version(conn) == 7
        rows = conn.execute(sa.text("SELECT count(*), min(note) FROM province")).one()
        assert tuple(rows) == (77, "kept")


def test_upgrade_without_a_known_step_fails_and_changes_nothing(empty_store):
    now, next_ = schema.SCHEMA_VERSION, schema.SCHEMA_VERSION + 1
    with pytest.raises(StoreVersionError, match=f"No upgrade is known from schema version {now} to {next_}"):
        with empty_store.write(bump_version=False) as conn:
            upgrade_schema(conn, from_version=now, to_version=next_, migrations={})
    with empty_store.read() as conn:
        assert stored_schema_version(conn) == now


def test_a_version_1_store_is_upgraded_in_place_keeping_its_data(stores):
    """A store as release 1 left it (no writer or room tables, no English numerator labels) gains them on the
    next start, data untouched, and a demo store gets the demo rows of what is new."""
    store = stores.prepared(demo=True)
    url = store.url.render_as_string(hide_password=False)
    with store.write(bump_version=False) as conn:
        projects = conn.execute(sa.select(sa.func.count()).select_from(schema.project)).scalar()
        later = (
            schema.SCHEMA_2_TABLES
            + schema.SCHEMA_3_TABLES
            + schema.SCHEMA_5_TABLES
            + schema.SCHEMA_6_TABLES
            + schema.SCHEMA_9_TABLES
            + schema.SCHEMA_10_TABLES
            + schema.SCHEMA_13_TABLES
            + schema.SCHEMA_14_TABLES
            + schema.SCHEMA_18_TABLES
        )
        for table in reversed(later):
            table.drop(conn)
        if stores.backend == "postgres":
            for column in ("numerator_en", "denominator_en"):
                conn.execute(sa.text(f"ALTER TABLE indicator DROP COLUMN {column}"))
            for name in schema.RETIRABLE_TABLES:
                if name != "project":
                    conn.execute(sa.text(f"ALTER TABLE {name} DROP COLUMN retired_at"))
            for column in ("written_by", "batch_id"):
                conn.execute(sa.text(f"ALTER TABLE indicator_result DROP COLUMN {column}"))
            for column in ("calendar", "report_due_days", "minimum", "maximum"):
                conn.execute(sa.text(f"ALTER TABLE indicator DROP COLUMN {column}"))
        else:  # DuckDB cannot drop a column of a table that others reference: empty it instead
            conn.execute(schema.indicator.update().values(numerator_en=None, denominator_en=None))
        conn.execute(schema.schema_info.update().where(schema.schema_info.c.key == "schema_version").values(value="1"))
        results_before = conn.execute(sa.select(sa.func.count()).select_from(schema.indicator_result)).scalar()
    store.dispose()
    upgraded = stores.prepared(url=url)
    with upgraded.read() as conn:
        assert stored_schema_version(conn) == schema.SCHEMA_VERSION
        admins = conn.execute(sa.select(schema.app_user.c.username, schema.app_user.c.role)).all()
        assert admins == [("admin", "administrator")], "an upgraded store gets its first administrator"
        assert conn.execute(sa.select(sa.func.count()).select_from(schema.catalogue_import)).scalar() == 0
        assert conn.execute(sa.select(sa.func.count()).where(schema.indicator.c.retired_at.is_not(None))).scalar() == 0
        assert conn.execute(sa.select(sa.func.count()).select_from(schema.indicator_result)).scalar() == results_before
        labels = conn.execute(
            sa.select(schema.indicator.c.numerator_en).where(schema.indicator.c.code == "JI24")
        ).scalar_one()
        assert labels == "Pupils who dropped out"
        assert conn.execute(sa.select(sa.func.count()).select_from(schema.api_token)).scalar() == 0
        assert conn.execute(sa.select(sa.func.count()).select_from(schema.project)).scalar() == projects > 0
        assert conn.execute(sa.select(schema.deck_state.c.show, schema.deck_state.c.paused)).one() == (None, False)


def test_every_write_bumps_the_data_version_in_its_transaction(empty_store):
    before = empty_store.data_version()
    with empty_store.write() as conn:
        conn.execute(schema.agency.insert().values(code="X", abbr_th="ท.", name_th="ทดสอบ", name_en="Test"))
    assert empty_store.data_version() == before + 1
    with pytest.raises(RuntimeError):
        with empty_store.write() as conn:
            conn.execute(schema.agency.insert().values(code="Y", abbr_th="ท.", name_th="ทดสอบ", name_en="Test"))
            raise RuntimeError("abort")
    assert empty_store.data_version() == before + 1
    with empty_store.read() as conn:
        assert conn.execute(sa.select(schema.agency.c.code).where(schema.agency.c.code == "Y")).first() is None


def test_a_version_6_store_gains_request_fingerprints_keeping_its_idempotent_requests(stores):
    store = stores.prepared(demo=False)
    url = store.url.render_as_string(hide_password=False)
    with store.write(bump_version=False) as conn:
        token = conn.execute(
            schema.api_token.insert()
            .values(name="t", scope="national", token_hash="h" * 64, created_at=utc_now())
            .returning(schema.api_token.c.id)
        ).scalar_one()
        conn.execute(sa.text("ALTER TABLE idempotent_request DROP COLUMN request_sha256"))
        conn.execute(
            sa.text(
                "INSERT INTO idempotent_request (token_id, key, method, path, status, body, created_at) "
                "VALUES (:token, 'k1', 'POST', '/api/v1/crises', 201, '{\"id\": 7}', :now)"
            ),
            {"token": token, "now": utc_now()},
        )
        conn.execute(schema.schema_info.update().where(schema.schema_info.c.key == "schema_version").values(value="6"))
    store.dispose()
    upgraded = stores.prepared(demo=False, url=url)
    with upgraded.read() as conn:
        assert stored_schema_version(conn) == schema.SCHEMA_VERSION
        kept = conn.execute(sa.select(schema.idempotent_request)).one()
    assert (kept.key, kept.body, kept.request_sha256) == ("k1", '{"id": 7}', None)


def test_a_version_8_store_gains_the_meeting_tables(stores):
    store = stores.prepared(demo=False)
    url = store.url.render_as_string(hide_password=False)
    with store.write(bump_version=False) as conn:
        for table in reversed(schema.SCHEMA_9_TABLES):
            table.drop(conn)
        conn.execute(schema.schema_info.update().where(schema.schema_info.c.key == "schema_version").values(value="8"))
    store.dispose()
    upgraded = stores.prepared(demo=False, url=url)
    with upgraded.write() as conn:
        assert stored_schema_version(conn) == schema.SCHEMA_VERSION
        from cockpit.room.meetings import latest_meeting, start_meeting

        assert latest_meeting(conn) is None
        assert start_meeting(conn, "user:test", "หลังอัปเกรด")["title"] == "หลังอัปเกรด"


def test_a_version_10_store_keeps_the_fiscal_calendar_for_term_results_it_holds(stores):
    """Before version 11 a term was a half of the fiscal year; an upgrade keeps that meaning for every term
    indicator that has results (calendar fiscal_year, period ends untouched), while one without results takes
    the school year, as a new one does."""
    store = stores.prepared(demo=True)
    url = store.url.render_as_string(hide_password=False)
    result, indicator = schema.indicator_result, schema.indicator
    with store.write(bump_version=False) as conn:
        terms = conn.execute(sa.select(indicator.c.code).where(indicator.c.frequency == "term")).scalars().all()
        unused = terms[-1]
        conn.execute(result.delete().where(result.c.indicator_code == unused))
        ends_before = conn.execute(sa.select(result.c.period_end).order_by(*result.primary_key.columns)).scalars().all()
        if stores.backend == "postgres":
            conn.execute(sa.text("ALTER TABLE indicator DROP COLUMN calendar"))
        else:  # DuckDB cannot drop a column of a table that others reference: empty it instead
            conn.execute(indicator.update().values(calendar=None))
        conn.execute(schema.schema_info.update().where(schema.schema_info.c.key == "schema_version").values(value="10"))
    store.dispose()
    upgraded = stores.prepared(url=url)
    with upgraded.read() as conn:
        assert stored_schema_version(conn) == schema.SCHEMA_VERSION
        calendars = dict(
            conn.execute(sa.select(indicator.c.code, indicator.c.calendar).where(indicator.c.code.in_(terms))).all()
        )
        ends_after = conn.execute(sa.select(result.c.period_end).order_by(*result.primary_key.columns)).scalars().all()
    assert len(terms) == 3, "the demo has three term indicators"
    assert calendars == {code: ("fiscal_year" if code != unused else None) for code in terms}
    assert ends_after == ends_before

"""Make a store ready to serve: create the schema, load reference and demo data, or upgrade an old store —
the entry points' step (app.py, the CLI), which alone chooses between the demo and an empty store.

Creation is one transaction: if anything fails, nothing is left behind (a DuckDB file that did not exist
before is removed), so the next start tries again from empty.
"""

from __future__ import annotations

import os
from pathlib import Path

from cockpit import config
from cockpit.catalogue.reference import load_reference, write_reference
from cockpit.demo.load import fill_after_upgrade, load_demo
from cockpit.demo.national import load_national
from cockpit.people.settings import ensure_session_secret
from cockpit.people.users import ADMIN, ensure_admin
from cockpit.store import schema
from cockpit.store.database import (
    Progress,
    Store,
    create_schema,
    get_info,
    open_store,
    parse_database_url,
    set_info,
    stored_schema_version,
)
from cockpit.store.migrations import upgrade_schema

ADMIN_PASSWORD_ENV = "COCKPIT_ADMIN_PASSWORD"


def _quiet(_message: str) -> None:
    pass


def prepare_store(
    url: str | None = None,
    demo: bool = True,
    seed: int = config.DEMO_SEED,
    progress: Progress = _quiet,
    national_schools: int | None = None,
) -> Store:
    """Open the store and make it ready: create and fill it when empty, upgrade it when old.

    `national_schools`: a new demo store is the national-scale demo with that many schools
    (cockpit/demo/national.py)."""
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
                    if national_schools:
                        load_national(conn, seed, national_schools, progress)
                else:
                    set_info(conn, "dataset", "live")
            elif version != schema.SCHEMA_VERSION:
                upgrade_schema(conn, version, progress=progress)
                if get_info(conn, "dataset") == "demo":
                    fill_after_upgrade(conn, version, progress)
            ensure_session_secret(conn)
            password = ensure_admin(conn, os.environ.get(ADMIN_PASSWORD_ENV))
            if password:
                progress(
                    f"Administrator '{ADMIN}' created with the password {password} — shown only now: sign in at "
                    f"/login and change it on /account (or set {ADMIN_PASSWORD_ENV} before the first start)"
                )
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

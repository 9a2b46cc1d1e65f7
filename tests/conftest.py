"""Fixtures: real stores on DuckDB and PostgreSQL, the same tests run on both.

PostgreSQL comes from COCKPIT_TEST_POSTGRES_URL (default: the local server's `test` database). Each store
gets a database of its own, created here and dropped afterwards. Without a server the PostgreSQL cases skip
with the reason, unless COCKPIT_REQUIRE_POSTGRES=1 (CI), where they fail instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from cockpit.bootstrap import prepare_store
from cockpit.store.database import Store

# The apps the tests make start no alert thread (cockpit/room/delivery.py: AlertWorker), so that no thread reads a
# store behind a test's back (statement counts, data versions); tests/test_alerts.py starts one where it is the subject.
os.environ.setdefault("COCKPIT_ALERTS", "off")

POSTGRES_ADMIN_URL = os.environ.get("COCKPIT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BACKENDS = ("duckdb", "postgres")


def _require(env: str) -> bool:
    return os.environ.get(env, "") not in ("", "0")


def _postgres_admin() -> sa.Engine:
    engine = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except Exception as exc:
        engine.dispose()
        reason = f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL}: {str(exc).splitlines()[0]}"
        if _require("COCKPIT_REQUIRE_POSTGRES"):
            pytest.fail(f"{reason} (COCKPIT_REQUIRE_POSTGRES=1: the PostgreSQL tests must run)")
        pytest.skip(reason)
    return engine


class StoreFactory:
    """Hands out store URLs of one backend and cleans up after the test."""

    def __init__(self, backend: str, tmp_path_factory: pytest.TempPathFactory):
        self.backend = backend
        self._tmp = tmp_path_factory
        self._databases: list[str] = []
        self._stores: list[Store] = []
        self._admin = _postgres_admin() if backend == "postgres" else None

    def url(self) -> str:
        if self.backend == "duckdb":
            return f"duckdb:///{self._tmp.mktemp('store') / 'cockpit.duckdb'}"
        name = f"cockpit_test_{uuid.uuid4().hex[:12]}"
        with self._admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        self._databases.append(name)
        return make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)

    def prepared(self, demo: bool = True, url: str | None = None) -> Store:
        store = prepare_store(url or self.url(), demo=demo)
        self._stores.append(store)
        return store

    def close(self) -> None:
        for store in self._stores:
            store.dispose()
        if self._admin is not None:
            with self._admin.connect() as conn:
                for name in self._databases:
                    conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            self._admin.dispose()


@pytest.fixture(params=BACKENDS)
def stores(request, tmp_path_factory) -> Iterator[StoreFactory]:
    """A factory of fresh stores, once per backend."""
    factory = StoreFactory(request.param, tmp_path_factory)
    yield factory
    factory.close()


@pytest.fixture(scope="session")
def _demo_factories(tmp_path_factory) -> Iterator[dict]:
    made: dict[str, StoreFactory] = {}
    yield made
    for factory in made.values():
        factory.close()


def shared_demo_store(backend: str, tmp_path_factory, made: dict) -> Store:
    """The session's demo store of a backend, built on first use."""
    if backend not in made:
        factory = StoreFactory(backend, tmp_path_factory)
        factory.prepared(demo=True)
        made[backend] = factory
    return made[backend]._stores[0]


@pytest.fixture(params=BACKENDS)
def demo_store(request, tmp_path_factory, _demo_factories) -> Store:
    """A store holding the demo dataset, built once per backend per session; tests must not write to it."""
    return shared_demo_store(request.param, tmp_path_factory, _demo_factories)


@pytest.fixture
def empty_store(stores: StoreFactory) -> Store:
    """A store with the schema and reference data but no demo data, on each backend."""
    return stores.prepared(demo=False)


@pytest.fixture(scope="module")
def writable(tmp_path_factory):
    """A demo store per backend that one test module's tests may write to, with a national, a province
    (Chiang Mai) and a regional token, and a test client of the whole app."""
    from app import create_app
    from cockpit.people.tokens import create_token
    from tests.signin import Reading

    factories = {}

    def make(backend):
        if backend not in factories:
            factory = StoreFactory(backend, tmp_path_factory)
            store = factory.prepared(demo=True)
            with store.write(bump_version=False) as conn:
                tokens = {
                    "national": create_token(conn, "กระทรวง (ทดสอบ)", "national"),
                    "chiang_mai": create_token(conn, "ศธจ.เชียงใหม่", "province:TH-50"),
                    "reo": create_token(conn, "ศธภ.", "region:REO15"),
                }
            # GETs read as the national token (nothing is readable without one); writes carry their own.
            client = Reading(create_app(store).server.test_client(), tokens["national"])
            factories[backend] = (factory, store, tokens, client)
        return factories[backend]

    yield make
    for factory, *_ in factories.values():
        factory.close()


@pytest.fixture(params=BACKENDS)
def api(request, writable):
    """(store, tokens, client) of the module's writable demo store, once per backend."""
    _, store, tokens, client = writable(request.param)
    return store, tokens, client


@pytest.fixture(scope="module")
def small_served(tmp_path_factory):
    """get(backend) -> (store, app): per module and backend, an empty store with the smallest catalogue
    (tests/factories.py: add_minimal_catalogue) and the whole app over it; much quicker to build than the demo."""
    from tests.factories import add_minimal_catalogue

    def fill(store):
        with store.write() as conn:
            add_minimal_catalogue(conn)

    yield from apps_per_backend(tmp_path_factory, demo=False, fill=fill)


def apps_per_backend(tmp_path_factory, demo: bool, fill=None):
    """For a module-scoped fixture: yields get(backend) -> (store, app), each store made once per backend (the
    demo or only reference data, then `fill(store)`) with the whole app over it; closes them afterwards."""
    from app import create_app

    made = {}

    def get(backend):
        if backend not in made:
            factory = StoreFactory(backend, tmp_path_factory)
            store = factory.prepared(demo=demo)
            if fill is not None:
                fill(store)
            made[backend] = (factory, store, create_app(store))
        return made[backend][1:]

    yield get
    for factory, *_ in made.values():
        factory.close()

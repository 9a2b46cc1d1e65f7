"""Export → import changes nothing, on each store: the results CSV carries each period's own figures (a flow's
too), so every indicator of the demo exported for every fiscal year and imported into a copy of the store
leaves it as it was — and imported into the copy emptied of results, gives back exactly the same results."""

import csv
import io

import pytest
import sqlalchemy as sa

from app import create_app
from cockpit.people.tokens import create_token
from cockpit.read import queries
from cockpit.store import schema
from tests.conftest import shared_demo_store
from tests.signin import signed_in_client

r = schema.indicator_result
FIGURES = (r.c.indicator_code, r.c.province_code, r.c.fiscal_year_be, r.c.period_no, r.c.period_end)
FIGURES += (r.c.numerator, r.c.denominator, r.c.value)


def results(store) -> list[tuple]:
    with store.read() as conn:
        return [tuple(row) for row in conn.execute(sa.select(*FIGURES).order_by(*r.primary_key))]


def export_everything(store) -> str:
    """Every indicator for every fiscal year, as the API's province CSV, in one file (one header)."""
    client = signed_in_client(create_app(store), store)
    with store.read() as conn:
        codes = [i["code"] for i in queries.indicators(conn)]
        years = queries.fiscal_years(conn)
    header, lines = None, []
    for code in codes:
        for year in years:
            response = client.get(f"/api/v1/results?indicator={code}&level=province&fy={year}&format=csv")
            assert response.status_code == 200
            first, *rest = response.get_data(as_text=True).splitlines()
            assert header in (None, first)
            header = first
            lines += rest
    return "\n".join([header, *lines]) + "\n"


def import_file(store, text: str) -> dict:
    with store.write(bump_version=False) as conn:
        token = create_token(conn, "round trip", "national")
    client = signed_in_client(create_app(store), store)
    data = {"file": (io.BytesIO(text.encode()), "everything.csv")}
    response = client.post(
        "/api/v1/import", headers={"Authorization": f"Bearer {token}"}, data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()


@pytest.fixture
def demo_and_copy(stores, tmp_path_factory, _demo_factories):
    """The session's demo store (read only) and a fresh copy of it to import into, on one backend."""
    return shared_demo_store(stores.backend, tmp_path_factory, _demo_factories), stores.prepared(demo=True)


def test_every_export_imports_unchanged_and_rebuilds_the_results(demo_and_copy):
    store, copy = demo_and_copy
    original = results(store)
    assert results(copy) == original, "the copy starts as the original"
    exported = export_everything(store)
    version = copy.data_version()
    again = import_file(copy, exported)
    assert (again["inserted"], again["updated"], again["unchanged"]) == (0, 0, len(original))
    assert results(copy) == original and copy.data_version() == version
    with copy.write() as conn:
        conn.execute(r.delete())
    rebuilt = import_file(copy, exported)
    assert rebuilt["inserted"] == len(original)
    assert results(copy) == original


def test_a_flow_is_exported_per_period_and_its_total_is_their_sum(demo_store):
    """JI12 (teachers trained, counted year to date): the national figure the API shows for FY 2568 is the sum
    of the periods exported, not the last period's total counted again."""
    client = signed_in_client(create_app(demo_store), demo_store)
    shown = client.get("/api/v1/results?indicator=JI12&level=nation&fy=2568").get_json()[0]
    text = client.get("/api/v1/results?indicator=JI12&level=province&fy=2568&format=csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text)))
    periods = sorted({int(row["period_no"]) for row in rows})
    assert periods == list(range(1, shown["period_no"] + 1)) and len(periods) > 1
    assert sum(float(row["value"]) for row in rows if row["value"]) == shown["value"]
    last = [row for row in rows if int(row["period_no"]) == periods[-1] and row["value_to_date"]]
    assert sum(float(row["value_to_date"]) for row in last) == shown["value"]
    national = client.get("/api/v1/results?indicator=JI12&level=nation&fy=2568&format=csv").get_data(as_text=True)
    by_period = {int(row["period_no"]): row for row in csv.DictReader(io.StringIO(national))}
    assert float(by_period[periods[-1]]["value_to_date"]) == shown["value"]
    assert sum(float(row["value"]) for row in by_period.values()) == shown["value"]

"""Results reported per school (issue #11 item 1), on each store, against figures computed by hand: a province's
figure is the ratio of sums of its schools and everything above it follows (school → province → region →
nation), a service area's is the ratio of sums of its schools across both provinces it spans; a school without
data is missing, never 0. A figure cannot be both reported for the province and summed from its schools; a
school write stays inside the writer's scope and the approval locks; an import with a bad line writes nothing;
a school's changed value keeps the province's previous figure in its history."""

from __future__ import annotations

import csv
import datetime as dt
import io
import threading

import pytest
import sqlalchemy as sa

from cockpit.catalogue import files
from cockpit.catalogue.apply import import_catalogue
from cockpit.catalogue.export import catalogue_tables
from cockpit.catalogue.problems import CatalogueRejected
from cockpit.people.access import Principal
from cockpit.read import queries
from cockpit.store import schema
from cockpit.write import schools
from cockpit.write.importer import import_as, import_results
from cockpit.write.ingest import (
    Conflict,
    Forbidden,
    InvalidInput,
    PlainSchoolResult,
    SchoolResultIn,
    SchoolRules,
    check_results,
    write_results,
)
from layouts.reasons import reason
from tests.factories import add_minimal_catalogue
from tests.signin import ADMINISTRATOR
from tests.test_reporting_api import auth
from tests.test_write_queue import _hold_a_write

NATIONAL = Principal("token", 1, "ministry", None, "national", None, "national", None)
CHIANG_MAI = Principal("token", 2, "cm", None, "province:TH-50", frozenset({"TH-50"}), "province:TH-50",
                       frozenset({"TH-50"}))  # fmt: skip

# Service areas: P5001 lies in Chiang Mai (TH-50); S5201 spans Lamphun (TH-51) and Lampang (TH-52); P5201 lies in
# Lampang, P5401 in Phrae (TH-54). All of them are in the regional office REO15.
SERVICE_AREAS = {"P5001": ["TH-50"], "S5201": ["TH-51", "TH-52"], "P5201": ["TH-52"], "P5401": ["TH-54"]}
SCHOOLS = {
    "CM1": ("TH-50", "P5001"),
    "CM2": ("TH-50", "P5001"),
    "CM3": ("TH-50", "P5001"),  # reports nothing
    "LN1": ("TH-51", "S5201"),
    "LP1": ("TH-52", "S5201"),
    "LP2": ("TH-52", "P5201"),
    "PR1": ("TH-54", "P5401"),
}


def rate(school: str, numerator: float, denominator: float, year: int = 2568) -> dict:
    return {"indicator": "TR01", "school_code": school, "fiscal_year_be": year, "numerator": numerator,
            "denominator": denominator}  # fmt: skip


def count(school: str, value: float) -> dict:
    return {"indicator": "TC01", "school_code": school, "fiscal_year_be": 2568, "value": value}


@pytest.fixture
def store(empty_store):
    with empty_store.write() as conn:
        add_minimal_catalogue(conn)
        for code, provinces in SERVICE_AREAS.items():
            conn.execute(
                schema.service_area.insert().values(
                    code=code, kind="secondary" if code[0] == "S" else "primary", name_th=code, name_en=code,
                    is_demo=False,
                )
            )  # fmt: skip
            conn.execute(
                schema.service_area_province.insert(),
                [{"service_area_code": code, "province_code": p} for p in provinces],
            )
        conn.execute(
            schema.school.insert(),
            [
                {"code": code, "name_th": f"โรงเรียน {code}", "province_code": p, "service_area_code": area}
                for code, (p, area) in SCHOOLS.items()
            ],
        )
    return empty_store


def write(store, *payloads: dict, who: Principal = NATIONAL) -> dict:
    with store.write() as conn:
        rows = check_results(
            conn, list(payloads), [f"results[{i}]" for i in range(len(payloads))], model=SchoolResultIn
        )
        return schools.write_school_results(conn, rows, who, "api")


def write_province(store, payload: dict, who: Principal = NATIONAL) -> dict:
    with store.write() as conn:
        return write_results(conn, check_results(conn, [payload], ["results[0]"]), who, "api")


def figures(store, level: str, indicator: str = "TR01") -> dict[str, tuple]:
    """{area: (value, numerator, denominator)} as the pages read them."""
    with store.read() as conn:
        rows = queries.results_table(conn, level, 2568)[indicator]
    return {row["area"]: (row["value"], row["numerator"], row["denominator"]) for row in rows}


def service_area_figures(store) -> dict[str, tuple]:
    """A service area's rate as the ratio of sums of its schools' rows, across every province it spans."""
    sr, s = schema.school_result, schema.school
    query = (
        sa.select(s.c.service_area_code, sa.func.sum(sr.c.numerator), sa.func.sum(sr.c.denominator))
        .join(s, s.c.code == sr.c.school_code)
        .where(sr.c.indicator_code == "TR01", sr.c.fiscal_year_be == 2568)
        .group_by(s.c.service_area_code)
    )
    with store.read() as conn:
        return {area: (num / den * 100, num, den) for area, num, den in conn.execute(query)}


def province_row(store, province: str, indicator: str = "TR01"):
    r = schema.indicator_result
    with store.read() as conn:
        return conn.execute(sa.select(r).where(r.c.indicator_code == indicator, r.c.province_code == province)).first()


def school_rows(store) -> list[tuple]:
    sr = schema.school_result
    with store.read() as conn:
        return [tuple(row) for row in conn.execute(
            sa.select(sr.c.indicator_code, sr.c.school_code, sr.c.fiscal_year_be, sr.c.numerator, sr.c.denominator,
                      sr.c.value).order_by(sr.c.indicator_code, sr.c.school_code)
        )]  # fmt: skip


def province_results(store) -> list[tuple]:
    r = schema.indicator_result
    with store.read() as conn:
        return [tuple(row) for row in conn.execute(
            sa.select(r.c.indicator_code, r.c.province_code, r.c.numerator, r.c.denominator, r.c.value, r.c.source)
            .order_by(r.c.indicator_code, r.c.province_code)
        )]  # fmt: skip


def write_the_schools(store) -> dict:
    return write(
        store,
        rate("CM1", 30, 40),
        rate("CM2", 10, 60),
        rate("LN1", 45, 50),
        rate("LP1", 20, 50),
        rate("LP2", 5, 100),
        count("CM1", 7),
        count("CM2", 5),
    )


def test_ratio_of_sums_along_both_hierarchies(store):
    counts = write_the_schools(store)
    assert counts == {
        "inserted": 7,
        "updated": 0,
        "unchanged": 0,
        "provinces": {"inserted": 4, "updated": 0, "unchanged": 0},
    }
    # school → province: (30 + 10) / (40 + 60); CM3 reported nothing and adds nothing (not a 0 of 0).
    provinces = figures(store, "province")
    assert provinces["TH-50"] == (pytest.approx(40.0), 40, 100)
    assert provinces["TH-51"] == (pytest.approx(90.0), 45, 50)
    assert provinces["TH-52"] == (pytest.approx(25 / 150 * 100), 25, 150)
    assert provinces["TH-54"][0] is None, "a province none of whose schools reported has no figure"
    assert province_row(store, "TH-50").source == "schools"
    # province → region → nation: REO15 holds TH-50, TH-51 and TH-52 (and others without data).
    assert figures(store, "region")["REO15"] == (pytest.approx(110 / 300 * 100), 110, 300)
    assert figures(store, "nation")["TH"] == (pytest.approx(110 / 300 * 100), 110, 300)
    # school → service area: S5201 spans Lamphun and Lampang, (45 + 20) / (50 + 50).
    areas = service_area_figures(store)
    assert areas["S5201"] == (pytest.approx(65.0), 65, 100)
    assert areas["P5001"] == (pytest.approx(40.0), 40, 100)
    assert areas["P5201"] == (pytest.approx(5.0), 5, 100)
    # A count is summed.
    assert figures(store, "province", "TC01")["TH-50"][0] == 12
    assert "CM3" not in {row[1] for row in school_rows(store)}, "a school without data has no row (missing, not 0)"


def test_rolled_up_is_the_sum_of_the_schools(store):
    write_the_schools(store)
    with store.read() as conn:
        rolled = {
            (row.indicator_code, row.province_code): (row.numerator, row.denominator, row.value)
            for row in conn.execute(schools.rolled_up())
        }
        columns = list(conn.execute(schools.rolled_up()).keys())
    assert columns == list(schools.ROLLED_UP_COLUMNS)
    assert rolled == {
        ("TR01", "TH-50"): (40, 100, pytest.approx(40.0)),
        ("TR01", "TH-51"): (45, 50, pytest.approx(90.0)),
        ("TR01", "TH-52"): (25, 150, pytest.approx(25 / 150 * 100)),
        ("TC01", "TH-50"): (None, None, 12),
    }


def test_identical_rows_change_nothing(store):
    write_the_schools(store)
    again = write(store, rate("CM1", 30, 40), rate("CM2", 10, 60))
    assert again == {"inserted": 0, "updated": 0, "unchanged": 2,
                     "provinces": {"inserted": 0, "updated": 0, "unchanged": 1}}  # fmt: skip


def test_a_changed_school_keeps_the_provinces_history(store):
    write_the_schools(store)
    before = province_row(store, "TH-50")
    counts = write(store, rate("CM1", 35, 40))
    assert counts["updated"] == 1 and counts["provinces"] == {"inserted": 0, "updated": 1, "unchanged": 0}
    assert figures(store, "province")["TH-50"] == (pytest.approx(45.0), 45, 100)
    assert figures(store, "nation")["TH"] == (pytest.approx(115 / 300 * 100), 115, 300)
    revision = schema.indicator_result_revision
    with store.read() as conn:
        kept = conn.execute(
            sa.select(revision).where(revision.c.indicator_code == "TR01", revision.c.province_code == "TH-50")
        ).one()
    assert (kept.numerator, kept.denominator, kept.value, kept.source) == (40, 100, pytest.approx(40.0), "schools")
    assert kept.batch_id == before.batch_id
    assert kept.replaced_batch_id == province_row(store, "TH-50").batch_id != before.batch_id


def test_a_direct_province_figure_and_a_summed_one_do_not_mix(store):
    write_the_schools(store)
    with pytest.raises(Conflict, match=r"TR01 TH-50 2568/1.*summed from its schools"):
        write_province(store, {"indicator": "TR01", "area": "TH-50", "fiscal_year_be": 2568, "numerator": 1,
                               "denominator": 2})  # fmt: skip
    assert figures(store, "province")["TH-50"] == (pytest.approx(40.0), 40, 100)
    # Phrae reported for the province itself: its school's figure cannot be summed into it.
    write_province(store, {"indicator": "TR01", "area": "TH-54", "fiscal_year_be": 2568, "numerator": 3,
                           "denominator": 4})  # fmt: skip
    before = school_rows(store), province_results(store)
    with pytest.raises(Conflict, match=r"TR01 TH-54 2568/1 \(source api\).*reported for the province directly"):
        write(store, rate("PR1", 1, 4), rate("CM1", 1, 40))
    assert (school_rows(store), province_results(store)) == before, "all or nothing"


def test_an_approved_province_figure_locks_its_schools(store):
    write_the_schools(store)
    r = schema.indicator_result
    with store.write() as conn:
        conn.execute(r.update().where(r.c.province_code == "TH-50", r.c.indicator_code == "TR01").values(
            approval="approved", approval_by="reo15", approval_at=dt.datetime(2025, 10, 1, tzinfo=dt.UTC)))  # fmt: skip
    before = school_rows(store), province_results(store)
    with pytest.raises(Conflict, match="TR01 TH-50 2568/1"):
        write(store, rate("CM1", 1, 40))
    assert (school_rows(store), province_results(store)) == before


def test_a_school_outside_the_scope_is_refused(store):
    before = school_rows(store), province_results(store)
    with pytest.raises(Forbidden, match="TH-51.*LN1"):
        write(store, rate("CM1", 30, 40), rate("LN1", 45, 50), who=CHIANG_MAI)
    assert (school_rows(store), province_results(store)) == before
    assert write(store, rate("CM1", 30, 40), who=CHIANG_MAI)["inserted"] == 1


def test_unknown_and_retired_schools_are_named(store):
    with store.write() as conn:
        conn.execute(schema.school.update().where(schema.school.c.code == "CM3").values(
            retired_at=dt.datetime(2025, 5, 1, tzinfo=dt.UTC)))  # fmt: skip
    with pytest.raises(InvalidInput) as refused:
        write(store, rate("CM1", 30, 40), rate("NOPE", 1, 2), rate("CM3", 1, 2), rate("CM2", 50, 40))
    assert set(refused.value.fields) == {"results[1].school_code", "results[2].school_code", "results[3].numerator"}
    assert "unknown school code 'NOPE'" in refused.value.fields["results[1].school_code"]
    assert "retired" in refused.value.fields["results[2].school_code"]
    assert school_rows(store) == []


def test_an_import_with_a_bad_line_changes_nothing(store):
    write_the_schools(store)
    before = school_rows(store), province_results(store)
    data = (
        b"indicator,school_code,fiscal_year_be,period_no,numerator,denominator,value\n"
        b"TR01,CM1,2568,1,39,40,\n"
        b"TR01,LP2,2568,1,,,\n"  # not reported: skipped
        b"TR01,LN1,2568,1,51,50,\n"  # line 4: more than all
    )
    with store.write() as conn, pytest.raises(InvalidInput) as refused:
        import_results(conn, data, "schools.csv", NATIONAL)
    assert list(refused.value.fields) == ["line 4.numerator"]
    assert (school_rows(store), province_results(store)) == before
    with store.write() as conn:
        report = import_results(conn, data.replace(b"51,50", b"45,50"), "schools.csv", NATIONAL)
    assert report | {"provinces": None} == {"file": "schools.csv", "rows": 3, "skipped_without_figures": 1,
                                            "inserted": 0, "updated": 1, "unchanged": 1, "provinces": None}  # fmt: skip
    assert figures(store, "province")["TH-50"] == (pytest.approx(49.0), 49, 100)
    sr = schema.school_result
    with store.read() as conn:
        source = conn.execute(
            sa.select(sr.c.source).where(sr.c.school_code == "CM1", sr.c.indicator_code == "TR01")
        ).scalar_one()
    assert source == "import:schools.csv"


# --- the demo and the API -------------------------------------------------------------------------------------

DEMO_PROVINCES = ("TH-50", "TH-51", "TH-52")


def test_the_demo_splits_its_provinces_exactly_among_their_schools(demo_store):
    """The demo's schools sum EXACTLY (not approximately) to the province figures the demo had without them, so
    every province, region and national figure stays the same; every school row is one a writer could send."""
    r = schema.indicator_result
    with demo_store.read() as conn:
        rolled = {tuple(row[:4]): tuple(row[4:]) for row in conn.execute(schools.rolled_up())}
        stored = {
            tuple(row[:4]): tuple(row[4:])
            for row in conn.execute(
                sa.select(*(r.c[k] for k in schools.ROLLED_UP_COLUMNS)).where(
                    r.c.province_code.in_(DEMO_PROVINCES), r.c.numerator.is_not(None)
                )
            )
        }
        in_schools = conn.execute(
            sa.select(schema.school.c.service_area_code, schema.school.c.province_code).distinct()
        ).all()
        rules = SchoolRules(conn)
        rows = conn.execute(sa.select(schema.school_result)).mappings().all()
    assert len(rolled) > 600 and rolled == stored
    assert {province for _, province in in_schools} == set(DEMO_PROVINCES)
    assert {province for area, province in in_schools if area == "S5201"} == {"TH-51", "TH-52"}
    assert {row["school_code"] for row in rows} == set(rules.known_places) - {"DEMO-52-06"}
    for row in rows:
        plain = PlainSchoolResult(
            row["indicator_code"], row["school_code"], row["fiscal_year_be"], row["period_no"], None,
            row["numerator"], row["denominator"],
        )  # fmt: skip
        checked, problems = rules.check(plain)
        assert problems == {} and checked["value"] == pytest.approx(row["value"]), row


def _province_figure(client, indicator: str, province: str) -> tuple:
    rows = client.get(f"/api/v1/school-results?indicator={indicator}&fy=2568&period=1&province={province}").get_json()
    return sum(row["numerator"] for row in rows), sum(row["denominator"] for row in rows), rows


def test_the_api_writes_a_school_and_its_province_follows(api):
    store, tokens, client = api
    numerator, denominator, rows = _province_figure(client, "JI02", "TH-50")
    assert len(rows) == 12 and {row["province_code"] for row in rows} == {"TH-50"}
    first = next(row for row in rows if row["school_code"] == "DEMO-50-01")
    body = {"results": [{"indicator": "JI02", "school_code": "DEMO-50-01", "fiscal_year_be": 2568, "period_no": 1,
                         "numerator": first["numerator"] + 5, "denominator": first["denominator"] + 10}]}  # fmt: skip
    headers = auth(tokens["chiang_mai"]) | {"Idempotency-Key": "school-write-1"}
    version = store.data_version()
    answer = client.post("/api/v1/school-results", json=body, headers=headers)
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json() == {"inserted": 0, "updated": 1, "unchanged": 0,
                                 "provinces": {"inserted": 0, "updated": 1, "unchanged": 0}}  # fmt: skip
    assert store.data_version() > version
    province = next(
        row
        for row in client.get("/api/v1/results?indicator=JI02&fy=2568&period=1&level=province").get_json()
        if row["area"] == "TH-50"
    )
    assert (province["numerator"], province["denominator"]) == (numerator + 5, denominator + 10)
    assert province["value"] == pytest.approx((numerator + 5) / (denominator + 10) * 100)
    again = client.post("/api/v1/school-results", json=body, headers=headers)
    assert again.headers.get("Idempotent-Replayed") == "true" and again.get_json() == answer.get_json()
    assert _province_figure(client, "JI02", "TH-50")[:2] == (numerator + 5, denominator + 10)


def test_the_api_refuses_what_it_must(api):
    store, tokens, client = api
    school = {"indicator": "JI02", "school_code": "DEMO-51-01", "fiscal_year_be": 2568, "period_no": 1,
              "numerator": 1, "denominator": 2}  # fmt: skip
    before = _province_figure(client, "JI02", "TH-51")
    outside = client.post("/api/v1/school-results", json={"results": [school]}, headers=auth(tokens["chiang_mai"]))
    assert outside.status_code == 403 and "TH-51" in outside.get_json()["error"]
    direct = client.post(
        "/api/v1/results",
        json={"results": [{"indicator": "JI02", "area": "TH-51", "fiscal_year_be": 2568, "period_no": 1,
                           "numerator": 1, "denominator": 2}]},
        headers=auth(tokens["national"]),
    )  # fmt: skip
    assert direct.status_code == 409
    assert "JI02 TH-51 2568/1" in direct.get_json()["error"] and "summed from its schools" in direct.get_json()["error"]
    unknown = client.post(
        "/api/v1/school-results", json={"results": [school | {"school_code": "NOPE"}]}, headers=auth(tokens["national"])
    )
    assert unknown.status_code == 422 and "results[0].school_code" in unknown.get_json()["fields"]
    assert _province_figure(client, "JI02", "TH-51") == before


def test_reading_school_results_stays_inside_the_view(api):
    store, tokens, client = api
    spanning = client.get("/api/v1/school-results?indicator=JI02&fy=2568&period=1&service_area=S5201").get_json()
    assert {row["school_code"] for row in spanning} == {"DEMO-51-03", "DEMO-51-04", "DEMO-52-05"}
    assert {row["province_code"] for row in spanning} == {"TH-51", "TH-52"}
    as_chiang_mai = client.get("/api/v1/school-results?indicator=JI02&fy=2568", headers=auth(tokens["chiang_mai"]))
    assert {row["province_code"] for row in as_chiang_mai.get_json()} == {"TH-50"}
    refused = client.get("/api/v1/school-results?province=TH-52", headers=auth(tokens["chiang_mai"]))
    assert refused.status_code == 403
    bad = client.get("/api/v1/school-results?fy=abc&service_area=NOPE&limit=0").get_json()["fields"]
    assert set(bad) == {"fy", "limit"}
    assert client.get("/api/v1/school-results?service_area=NOPE").status_code == 422
    assert client.get("/api/v1/school-results?school=DEMO-52-06").get_json() == [], "a silent school has no rows"


def test_a_busy_store_answers_a_school_write_503_and_writes_nothing(api):
    store, tokens, client = api
    before = _province_figure(client, "JI02", "TH-52")
    body = {"results": [{"indicator": "JI02", "school_code": "DEMO-52-01", "fiscal_year_be": 2568, "period_no": 1,
                         "numerator": 1, "denominator": 2}]}  # fmt: skip
    store.write_wait_seconds = 0.3
    release, holding = threading.Event(), threading.Event()
    try:
        thread = _hold_a_write(store, release, holding)
        answer = client.post("/api/v1/school-results", json=body, headers=auth(tokens["national"]))
        release.set()
        thread.join(10)
    finally:
        release.set()
        store.write_wait_seconds = 10.0
    assert answer.status_code == 503 and int(answer.headers["Retry-After"]) >= 1
    assert _province_figure(client, "JI02", "TH-52") == before


def test_a_school_with_results_left_out_of_the_catalogue_is_retired_not_deleted(stores, tmp_path):
    store = stores.prepared(demo=True)
    with store.read() as conn:
        files.write_folder(catalogue_tables(conn), tmp_path / "catalogue")
    path = tmp_path / "catalogue" / "schools.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))

    def write_schools(kept: list[dict]) -> None:
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(kept)

    moved = {"province": "TH-51", "service_area": "S5201"}
    write_schools([row | moved if row["code"] == "DEMO-50-01" else row for row in rows])
    with pytest.raises(CatalogueRejected) as rejected:
        import_catalogue(store, files.read_path(tmp_path / "catalogue"), "test")
    problem = rejected.value.problems[0]
    assert (problem.sheet, problem.column) == ("schools", "province") and "cannot move to TH-51" in problem.en
    write_schools([row for row in rows if row["code"] not in ("DEMO-50-01", "DEMO-52-06")])
    report = import_catalogue(store, files.read_path(tmp_path / "catalogue"), "test")
    assert report["codes"]["schools"]["retired"] == ["DEMO-50-01"]
    assert report["codes"]["schools"]["deleted"] == ["DEMO-52-06"], "a school without results goes"
    with pytest.raises(InvalidInput, match="retired"):
        write(store, {"indicator": "JI02", "school_code": "DEMO-50-01", "fiscal_year_be": 2568, "numerator": 1,
                      "denominator": 2})  # fmt: skip
    with store.read() as conn:
        kept = conn.execute(
            sa.select(sa.func.count()).where(schema.school_result.c.school_code == "DEMO-50-01")
        ).scalar_one()
    assert kept > 0
    # Another service area of the same province: the province's sums stay; DuckDB cannot move a row referred to.
    kept = [row for row in rows if row["code"] not in ("DEMO-50-01", "DEMO-52-06")]
    write_schools([row | {"service_area": "P5001"} if row["code"] == "DEMO-50-03" else row for row in kept])
    if stores.backend == "duckdb":
        with pytest.raises(CatalogueRejected) as rejected:
            import_catalogue(store, files.read_path(tmp_path / "catalogue"), "test")
        assert "DuckDB" in rejected.value.problems[0].en
    else:
        assert import_catalogue(store, files.read_path(tmp_path / "catalogue"), "test")["codes"]["schools"][
            "changed"
        ] == ["DEMO-50-03"]


def test_a_demo_store_from_before_schools_gains_the_same_schools_and_results_as_a_fresh_one(stores):
    store = stores.prepared(demo=True)
    url = store.url.render_as_string(hide_password=False)
    sr = schema.school_result
    order = (sr.c.indicator_code, sr.c.school_code, sr.c.fiscal_year_be, sr.c.period_no)
    province_rows = province_results(store)
    with store.write(bump_version=False) as conn:
        fresh = conn.execute(sa.select(sr).order_by(*order)).all()
        sr.drop(conn)
        conn.execute(schema.school.delete())
        conn.execute(schema.schema_info.update().where(schema.schema_info.c.key == "schema_version").values(value="17"))
    store.dispose()
    upgraded = stores.prepared(url=url)
    with upgraded.read() as conn:
        assert conn.execute(sa.select(sr).order_by(*order)).all() == fresh
    assert len(fresh) > 4000 and province_results(upgraded) == province_rows


def test_the_upload_page_imports_schools_and_says_why_not_in_thai(store):
    """The upload page's import (import_as, as the signed-in person) takes a school file the same way."""
    good = b"indicator,school_code,fiscal_year_be,numerator,denominator\nTR01,CM1,2568,30,40\nTR01,CM2,2568,10,60\n"
    done = import_as(store, ADMINISTRATOR, good, "schools.csv")
    assert done["ok"] and (done["inserted"], done["updated"]) == (2, 0)
    assert figures(store, "province")["TH-50"] == (pytest.approx(40.0), 40, 100)
    bad = good + b"TR01,GONE,2568,1,2\nTR01,CM1,2568,1,2\n"
    refused = import_as(store, ADMINISTRATOR, bad, "schools.csv")
    assert not refused["ok"] and figures(store, "province")["TH-50"] == (pytest.approx(40.0), 40, 100)
    said = {line: reason(text, "th") for line, text in refused["lines"]}
    assert said == {
        "line 4": "รหัสโรงเรียน: ไม่รู้จักรหัสโรงเรียน 'GONE' (ดูรายชื่อโรงเรียนในแคตตาล็อก)",
        "line 5": "ซ้ำกับบรรทัด 2 (ตัวชี้วัด โรงเรียน และงวดเดียวกัน)",
    }


def test_the_catalogues_rules_judge_the_provinces_sum(store):
    """A rule of high importance refuses a school write whose province sum breaks it (nothing written); one of low
    importance lets it through and flags the province's figure to check."""
    with store.write() as conn:
        conn.execute(
            schema.validation_rule.insert(),
            [
                {"code": code, "name_th": code, "name_en": code, "indicator_code": indicator, "left_side": "value",
                 "operator": "<=", "right_side": limit, "importance": importance, "skip_when_missing": True,
                 "active": True, "sort_order": 1}
                for code, indicator, limit, importance in (("VRH", "TR01", "50", "high"), ("VRL", "TC01", "10", "low"))
            ],
        )  # fmt: skip
    with pytest.raises(InvalidInput) as refused:
        write(store, rate("CM1", 30, 40), rate("CM2", 30, 60))  # (30 + 30) / 100 = 60 % > 50
    assert list(refused.value.fields) == ["TR01 TH-50 2568/1.rules.VRH"]
    assert (school_rows(store), province_results(store)) == ([], [])
    write(store, rate("CM1", 30, 40), rate("CM2", 10, 60), count("CM1", 7), count("CM2", 5))  # 40 %; 12 > 10
    flagged = schema.flagged_value
    with store.read() as conn:
        flags = conn.execute(sa.select(flagged.c.indicator_code, flagged.c.province_code, flagged.c.rule_code)).all()
    assert flags == [("TC01", "TH-50", "VRL")]

"""Validation rules as catalogue data (issue 10, item 1), on each store: each operator; a rule of high
importance refuses the write (422 naming the rule and the figures), a lower one accepts it and flags the value
"to check" until a later write satisfies the rule; skip when missing; the change from the previous period;
the indicator's declared minimum and maximum; bad rules in a catalogue file; the rules' round trip; the
upgrade from schema version 13."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
import sqlalchemy as sa

from cockpit.catalogue import files
from cockpit.catalogue.apply import import_catalogue
from cockpit.catalogue.export import catalogue_tables
from cockpit.catalogue.problems import CatalogueRejected
from cockpit.people.access import Principal
from cockpit.people.tokens import create_token
from cockpit.read import checks, views
from cockpit.store import schema
from cockpit.store.database import stored_schema_version
from cockpit.write.importer import report_lines
from cockpit.write.ingest import InvalidInput, check_results, write_results
from layouts.pages.indicator import league_rows
from layouts.pages.region import grid_rows
from layouts.reasons import reason, translated
from tests.conftest import BACKENDS
from tests.factories import add_minimal_catalogue

WRITER = Principal("token", 1, "ทดสอบ", None, "national", None, "national", None)
RULE_COLUMNS = "code,name_th,name_en,indicator,left_side,operator,right_side,importance,skip_when_missing,active"


def rule(code="VR01", left="value", operator="<=", right="100", importance="low", indicator="TC01", skip=True):
    return {
        "code": code,
        "name_th": f"กฎ {code}",
        "name_en": f"Rule {code}",
        "indicator_code": indicator,
        "left_side": left,
        "operator": operator,
        "right_side": right,
        "importance": importance,
        "skip_when_missing": skip,
        "active": True,
        "sort_order": 1,
    }


def count(value, year=2568, province="TH-50", indicator="TC01") -> dict:
    return {"indicator": indicator, "area": province, "fiscal_year_be": year, "period_no": 1, "value": value}


def rate(numerator, denominator=200.0, year=2568, province="TH-50") -> dict:
    return {"indicator": "TR01", "area": province, "fiscal_year_be": year, "period_no": 1,
            "numerator": numerator, "denominator": denominator}  # fmt: skip


def write(store, *payloads) -> dict:
    with store.write() as conn:
        rows = check_results(conn, list(payloads), [f"results[{i}]" for i in range(len(payloads))])
        return write_results(conn, rows, WRITER, "api")


def open_flags(store) -> list[tuple]:
    f = schema.flagged_value
    with store.read() as conn:
        return [
            tuple(row)
            for row in conn.execute(
                sa.select(f.c.indicator_code, f.c.province_code, f.c.fiscal_year_be, f.c.rule_code)
                .where(f.c.resolved_at.is_(None))
                .order_by(f.c.id)
            )
        ]


@pytest.fixture
def store(empty_store):
    with empty_store.write() as conn:
        add_minimal_catalogue(conn)
    return empty_store


def with_rules(store, *rules) -> None:
    with store.write() as conn:
        conn.execute(schema.validation_rule.delete())
        if rules:
            conn.execute(schema.validation_rule.insert(), list(rules))


@pytest.mark.parametrize(
    ("operator", "kept", "broken"),
    [("<", 99, 100), ("<=", 100, 101), (">", 101, 100), (">=", 100, 99), ("==", 100, 101), ("!=", 101, 100)],
)
def test_each_operator_flags_exactly_the_values_that_break_it(store, operator, kept, broken):
    with_rules(store, rule(operator=operator, right="100"))
    write(store, count(kept, province="TH-50"), count(broken, province="TH-51"))
    assert open_flags(store) == [("TC01", "TH-51", 2568, "VR01")]


def test_a_high_rule_refuses_the_write_naming_the_rule_and_the_figures(store):
    with_rules(store, rule(importance="high", right="1000"))
    with pytest.raises(InvalidInput) as refused:
        write(store, count(10), count(1500, province="TH-51"))
    assert refused.value.fields == {
        "results[1].rules.VR01": "breaks rule VR01 «Rule VR01»: value <= 1000 does not hold (value = 1,500)"
    }
    with store.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(schema.indicator_result)).scalar() == 0
    thai = reason(refused.value.fields["results[1].rules.VR01"], "th")
    assert thai == "ไม่ผ่านกฎตรวจสอบ VR01: เงื่อนไข ค่า <= 1000 ไม่เป็นจริง (ค่า = 1,500)"


def test_a_lower_rule_accepts_and_flags_and_a_later_write_that_satisfies_it_clears_the_flag(store):
    with_rules(store, rule(importance="medium", right="1000"), rule("VR02", importance="low", right="2000"))
    assert write(store, count(1500))["inserted"] == 1
    assert open_flags(store) == [("TC01", "TH-50", 2568, "VR01")]
    assert write(store, count(2500))["updated"] == 1
    assert open_flags(store) == [("TC01", "TH-50", 2568, "VR01"), ("TC01", "TH-50", 2568, "VR02")]
    with store.read() as conn:
        listed = checks.values_to_check(conn, {"TH-50"})
        assert checks.values_to_check(conn, {"TH-51"}) == []
        assert checks.flagged_results(conn, 2568) == {("TC01", "TH-50")}
    assert [(row["rule"], row["importance"], row["value"], row["left_value"]) for row in listed] == [
        ("VR01", "medium", 2500.0, 2500.0),
        ("VR02", "low", 2500.0, 2500.0),
    ]
    write(store, count(900))
    assert open_flags(store) == []
    f = schema.flagged_value
    with store.read() as conn:
        resolved = conn.execute(sa.select(f.c.resolved_by).where(f.c.resolved_at.is_not(None))).scalars().all()
    assert resolved == ["token:ทดสอบ", "token:ทดสอบ"]


def test_a_rule_skipped_when_missing_or_counting_the_missing_side_as_zero(store):
    with_rules(store, rule(left="value", operator="<=", right="indicator:TR01", skip=True))
    write(store, count(5))
    assert open_flags(store) == [], "TR01 has no value for TH-50: the rule is skipped"
    with_rules(store, rule(left="value", operator="<=", right="indicator:TR01", skip=False))
    write(store, count(6))
    assert open_flags(store) == [("TC01", "TH-50", 2568, "VR01")], "the missing side counts as 0"
    write(store, rate(20))  # TR01 = 10 %
    write(store, count(7))
    assert open_flags(store) == [], "7 <= 10 now that TR01 has a value for the same province and period"


def test_a_change_of_more_than_x_percent_from_the_previous_period_is_flagged(store):
    with_rules(store, rule(left="change_pct", operator="<=", right="50"))
    write(store, count(100, year=2567))
    assert open_flags(store) == [], "no previous period: change_pct is missing and the rule is skipped"
    write(store, count(140, year=2568))
    assert open_flags(store) == []
    write(store, count(160, year=2568))
    assert open_flags(store) == [("TC01", "TH-50", 2568, "VR01")]
    with store.read() as conn:
        (flagged,) = checks.values_to_check(conn)
    assert (flagged["condition"], flagged["left_value"], flagged["right_value"]) == ("change_pct <= 50", 60.0, 50.0)


def test_rules_on_a_rate_compare_its_numerator_and_denominator(store):
    with_rules(store, rule(left="numerator", operator=">=", right="10", indicator="TR01", importance="high"))
    with pytest.raises(InvalidInput, match=r"numerator >= 10 does not hold \(numerator = 5\)"):
        write(store, rate(5))
    write(store, rate(15))


def test_a_value_outside_the_declared_minimum_and_maximum_is_refused(store):
    with store.write() as conn:
        conn.execute(
            schema.indicator.update().where(schema.indicator.c.code == "TC01").values(minimum=10, maximum=1000)
        )
    with pytest.raises(InvalidInput) as refused:
        write(store, count(1500), count(5, province="TH-51"), count(500, province="TH-52"))
    assert refused.value.fields == {
        "results[0].value": "1500 is above the maximum 1000 declared for TC01",
        "results[1].value": "5 is below the minimum 10 declared for TC01",
    }
    assert all(translated(text) for text in refused.value.fields.values())
    assert write(store, count(500))["inserted"] == 1


# --- the rules as catalogue data ----------------------------------------------------------------------------------


def catalogue_with(store, tmp_path, rules_csv: str, indicator_bounds: tuple[str, str] | None = None):
    """The store's catalogue as a folder, with a validation_rules sheet (and minimum/maximum on TC01)."""
    folder = tmp_path / "catalogue"
    with store.read() as conn:
        files.write_folder(catalogue_tables(conn), folder)
    (folder / "validation_rules.csv").write_text(RULE_COLUMNS + "\n" + rules_csv, encoding="utf-8")
    if indicator_bounds:
        path = folder / "indicators.csv"
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
        for row in rows:
            if row["code"] == "TC01":
                row["minimum"], row["maximum"] = indicator_bounds
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")
    return folder


GOOD_RULES = (
    "VR01,ไม่เกินหนึ่งพัน,At most a thousand,TC01,value,<=,1000,high,1,1\n"
    "VR02,เปลี่ยนไม่เกินครึ่ง,Moves at most half,,change_pct,<=,50,low,1,1\n"
    "VR03,ตัวตั้งไม่เกินตัวหาร,Numerator within denominator,TR01,numerator,<=,denominator,medium,0,0\n"
)


def test_rules_imported_with_the_catalogue_apply_and_round_trip_byte_for_byte(store, stores, tmp_path):
    folder = catalogue_with(store, tmp_path, GOOD_RULES, ("0", "5000"))
    report = import_catalogue(store, files.read_path(folder), "test")
    assert sorted(report["codes"]["validation_rules"]["added"]) == ["VR01", "VR02", "VR03"]
    with pytest.raises(InvalidInput, match="breaks rule VR01"):
        write(store, count(1001))
    with pytest.raises(InvalidInput, match="above the maximum 5000"):
        write(store, count(6000))
    first = tmp_path / "first"
    with store.read() as conn:
        files.write_folder(catalogue_tables(conn), first)
    assert (first / "validation_rules.csv").read_text(encoding="utf-8") == RULE_COLUMNS + "\n" + GOOD_RULES
    empty = stores.prepared(demo=False)
    import_catalogue(empty, files.read_path(first), "test")
    second = tmp_path / "second"
    with empty.read() as conn:
        files.write_folder(catalogue_tables(conn), second)
    for path in sorted(first.iterdir()):
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name
    again = import_catalogue(empty, files.read_path(second), "test")
    assert again["changes"]["validation_rules"] == {"added": 0, "changed": 0, "retired": 0, "deleted": 0, "restored": 0}


@pytest.mark.parametrize(
    ("line", "column", "english"),
    [
        ("VR09,ก,A,TC01,value,=<,5,low,1,1", "operator", "'=<' is not one of <, <=, >, >=, ==, !="),
        ("VR09,ก,A,TC01,__import__('os'),<=,5,low,1,1", "left_side", "is not a term"),
        ("VR09,ก,A,TC01,value,<=,indicator:NOPE,low,1,1", "right_side", "unknown indicator 'NOPE'"),
        ("VR09,ก,A,NOPE,value,<=,5,low,1,1", "indicator", "unknown indicator 'NOPE'"),
        ("VR09,ก,A,TC01,value,<=,5,urgent,1,1", "importance", "'urgent' is not one of high, medium, low"),
        ("VR09,ก,A,TC01,numerator,<=,5,low,1,1", "left_side", "TC01 is a count: it has no numerator"),
        ("VR09,ก,A,TC01,value,<=,value,low,1,1", "right_side", "both sides are the same"),
        ("VR09,ก,A,TC01,value,<=,5,low,maybe,1", "skip_when_missing", "'maybe' must be 1 or 0"),
    ],
)
def test_a_bad_rule_is_reported_with_its_sheet_row_column_and_reason(store, tmp_path, line, column, english):
    folder = catalogue_with(store, tmp_path, "VR01,ก,A,TC01,value,<=,5,low,1,1\n" + line + "\n")
    with pytest.raises(CatalogueRejected) as refused:
        import_catalogue(store, files.read_path(folder), "test")
    (problem,) = refused.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("validation_rules", 3, column)
    assert english in problem.en and problem.th
    with store.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(schema.validation_rule)).scalar() == 0


def test_minimum_above_maximum_is_a_catalogue_problem(store, tmp_path):
    folder = catalogue_with(store, tmp_path, "", ("100", "10"))
    with pytest.raises(CatalogueRejected) as refused:
        import_catalogue(store, files.read_path(folder), "test")
    (problem,) = refused.value.problems
    assert (problem.sheet, problem.column) == ("indicators", "maximum")
    assert problem.en == "maximum (10) must be at least minimum (100)"


# --- through the API ---------------------------------------------------------------------------------------------


@pytest.fixture(params=BACKENDS)
def served(request, small_served):
    return small_served(request.param)


def test_the_api_refuses_with_422_and_lists_flags_per_region(served):
    store, app = served
    with_rules(
        store,
        rule("VR01", right="1000", importance="high"),
        rule("VR02", right="500", importance="low"),
    )
    with store.write(bump_version=False) as conn:
        secret = create_token(conn, "rules", "national")
        regional = create_token(conn, "reo", "region:REO08")
    client = app.server.test_client()
    headers = {"Authorization": f"Bearer {secret}"}
    refused = client.post("/api/v1/results", json={"results": [count(1200, province="TH-20")]}, headers=headers)
    assert refused.status_code == 422
    assert refused.get_json()["fields"] == {
        "results[0].rules.VR01": "breaks rule VR01 «Rule VR01»: value <= 1000 does not hold (value = 1,200)"
    }
    accepted = client.post("/api/v1/results", json={"results": [count(800, province="TH-20")]}, headers=headers)
    assert accepted.status_code == 200, accepted.get_json()
    listed = client.get("/api/v1/checks?region=REO08", headers=headers).get_json()
    assert [(row["area"], row["rule"], row["value"], row["condition"]) for row in listed] == [
        ("TH-20", "VR02", 800.0, "value <= 500")
    ]
    assert client.get("/api/v1/checks?region=REO01", headers=headers).get_json() == []
    bad = client.get("/api/v1/checks?region=NOWHERE", headers=headers)
    assert bad.status_code == 422 and "region" in bad.get_json()["fields"]
    outside = client.get("/api/v1/checks?region=REO01", headers={"Authorization": f"Bearer {regional}"})
    assert outside.status_code == 403
    mine = client.get("/api/v1/checks", headers={"Authorization": f"Bearer {regional}"}).get_json()
    assert [row["area"] for row in mine] == ["TH-20"]
    with_rules(store)


def test_an_import_breaking_a_high_rule_is_refused_with_the_reason_in_thai(served):
    store, app = served
    with_rules(store, rule("VR01", right="1000", importance="high"))
    with store.write(bump_version=False) as conn:
        secret = create_token(conn, "import", "national")
    text = "indicator,area,fiscal_year_be,period_no,value\nTC01,TH-20,2568,1,1500\n"
    try:
        answer = app.server.test_client().post(
            "/api/v1/import",
            headers={"Authorization": f"Bearer {secret}"},
            data={"file": (io.BytesIO(text.encode()), "results.csv")},
            content_type="multipart/form-data",
        )
    finally:
        with_rules(store)
    assert answer.status_code == 422
    (line,) = report_lines(answer.get_json()["fields"])
    assert line == "line 2: rules.VR01: breaks rule VR01 «Rule VR01»: value <= 1000 does not hold (value = 1,500)"
    said = reason(line.split(": ", 1)[1], "th")
    assert said == "กฎ VR01: ไม่ผ่านกฎตรวจสอบ VR01: เงื่อนไข ค่า <= 1000 ไม่เป็นจริง (ค่า = 1,500)"


def test_the_indicator_league_and_the_region_grid_mark_a_value_to_check(served):
    store, _app = served
    with_rules(store, rule("VR05", right="10"))
    try:
        write(store, count(50, province="TH-21"))
        with store.read() as conn:
            indicator = views.indicator_view(conn, "TC01", 2568)
            region = views.region_view(conn, "REO08", 2568)
    finally:
        with_rules(store)
    league = {row["area"]: row["value"] for row in league_rows(indicator, "th")}
    assert league["TH-21"] == "50 ⚑ ตรวจสอบ"
    assert "⚑" not in league["TH-24"]
    grid = {row["area"]: row["TC01"] for row in grid_rows(region, region["indicators"], "th", {})}
    assert grid["TH-21"].endswith(" ⚑") and "⚑" not in grid["TH-24"]
    assert [(row["area"], row["rule"]) for row in region["to_check"] if row["rule"] == "VR05"] == [("TH-21", "VR05")]


def test_the_enter_page_refuses_a_high_rule_and_flags_a_low_one_with_the_same_reasons(store):
    from cockpit.people.access import Role
    from cockpit.write.by_hand import enter_results

    person = Principal("user", 0, "admin", Role.ADMINISTRATOR, "national", None, "national", None)
    with_rules(store, rule("VR01", right="1000", importance="high"), rule("VR02", right="500", importance="low"))
    refused = enter_results(store, person, "TC01", 2568, 1, [{"area": "TH-50", "value": "1,200"}])
    assert refused["ok"] is False
    assert refused["problems"] == {
        "TH-50.rules.VR01": "breaks rule VR01 «Rule VR01»: value <= 1000 does not hold (value = 1,200)"
    }
    assert reason(refused["problems"]["TH-50.rules.VR01"], "th").startswith("ไม่ผ่านกฎตรวจสอบ VR01")
    accepted = enter_results(store, person, "TC01", 2568, 1, [{"area": "TH-50", "value": "800"}])
    assert accepted["ok"] is True and accepted["inserted"] == 1
    assert open_flags(store) == [("TC01", "TH-50", 2568, "VR02")]


# --- the upgrade -------------------------------------------------------------------------------------------------


def test_a_version_13_store_gains_the_rule_tables_and_the_bounds_keeping_its_indicators(stores):
    store = stores.prepared(demo=False)
    url = store.url.render_as_string(hide_password=False)
    with store.write() as conn:
        add_minimal_catalogue(conn)
        for table in reversed(schema.SCHEMA_14_TABLES):
            table.drop(conn)
        if stores.backend == "postgres":
            for column in ("minimum", "maximum"):
                conn.execute(sa.text(f"ALTER TABLE indicator DROP COLUMN {column}"))
        conn.execute(schema.schema_info.update().where(schema.schema_info.c.key == "schema_version").values(value="13"))
    store.dispose()
    upgraded = stores.prepared(demo=False, url=url)
    with upgraded.read() as conn:
        assert stored_schema_version(conn) == schema.SCHEMA_VERSION
        bounds = conn.execute(
            sa.select(schema.indicator.c.code, schema.indicator.c.minimum, schema.indicator.c.maximum)
        )
        assert sorted(bounds) == [("TC01", None, None), ("TR01", None, None)]
        assert checks.values_to_check(conn) == []
    with_rules(upgraded, rule(right="10"))
    write(upgraded, count(50))
    assert open_flags(upgraded) == [("TC01", "TH-50", 2568, "VR01")]


def test_an_export_zip_holds_the_rules_sheet(served):
    store, app = served
    from tests.signin import signed_in_client

    admin = signed_in_client(app, store, "administrator")
    exported = zipfile.ZipFile(io.BytesIO(admin.get("/api/v1/catalogue?format=zip").data))
    assert exported.read("validation_rules.csv").decode("utf-8").splitlines()[0] == RULE_COLUMNS

"""The catalogue as data: export, import all or nothing, every bad input named by sheet, row and column,
retiring instead of deleting, refusing changes that would make stored results wrong — on both stores."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from cockpit import config
from cockpit.catalogue import files
from cockpit.catalogue.apply import catalogue_history, import_catalogue
from cockpit.catalogue.export import catalogue_tables, retired
from cockpit.catalogue.problems import CatalogueRejected
from cockpit.read import queries
from cockpit.store import schema

DEMO_FOLDER = config.DATA_DIR / "catalogues" / "demo"


def export_folder(store, folder: Path) -> Path:
    with store.read() as conn:
        files.write_folder(catalogue_tables(conn), folder)
    return folder


def read_csv(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def write_csv(path: Path, rows: list[dict], header: list[str] | None = None) -> None:
    header = header or list(rows[0])
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def counts(store) -> dict[str, int]:
    with store.read() as conn:
        out = {
            name: conn.execute(sa.select(sa.func.count()).select_from(schema.metadata.tables[name])).scalar_one()
            for name in ("indicator", "chain_node", "indicator_target", "service_area", "project", "catalogue_import")
        }
        out["version"] = queries.dataset_info(conn)["version"]
    return out


@pytest.fixture
def demo_copy(tmp_path) -> Path:
    """The shipped demo catalogue, copied so a test may change it."""
    return Path(shutil.copytree(DEMO_FOLDER, tmp_path / "catalogue"))


def test_the_demo_catalogue_round_trips_byte_for_byte_through_an_empty_store(demo_store, stores, tmp_path):
    first = export_folder(demo_store, tmp_path / "first")
    empty = stores.prepared(demo=False)
    report = import_catalogue(empty, files.read_path(first), "test")
    assert report["changes"]["indicators"]["added"] == 30
    second = export_folder(empty, tmp_path / "second")
    for path in sorted(first.iterdir()):
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name


def test_the_workbook_holds_the_same_content_as_the_folder(demo_store, stores, tmp_path):
    with demo_store.read() as conn:
        tables = catalogue_tables(conn)
    workbook = tmp_path / "catalogue.xlsx"
    workbook.write_bytes(files.workbook_bytes(tables))
    from_book = files.read_path(workbook)
    from_folder = files.read_path(export_folder(demo_store, tmp_path / "folder"))
    assert from_book.problems == [] and from_folder.problems == []
    assert from_book.rows == from_folder.rows
    empty = stores.prepared(demo=False)
    import_catalogue(empty, from_book, "test")
    with empty.read() as conn:
        again = files.workbook_bytes(catalogue_tables(conn))
    assert files.read_bytes(again, "again.xlsx").rows == from_book.rows


def test_a_dry_run_reports_the_changes_and_writes_nothing(empty_store, demo_copy):
    before = counts(empty_store)
    report = import_catalogue(empty_store, files.read_path(demo_copy), "test", dry_run=True)
    assert report["dry_run"] is True
    assert report["changes"]["indicators"]["added"] == 30
    assert report["changes"]["targets"]["added"] > 0
    assert counts(empty_store) == before


def test_an_import_is_recorded_and_bumps_the_data_version(empty_store, demo_copy):
    before = counts(empty_store)
    import_catalogue(empty_store, files.read_path(demo_copy), "ผู้ดูแลระบบ (ทดสอบ)")
    after = counts(empty_store)
    assert after["version"] > before["version"]
    with empty_store.read() as conn:
        history = catalogue_history(conn)
    assert len(history) == 1
    assert history[0]["imported_by"] == "ผู้ดูแลระบบ (ทดสอบ)"
    assert len(history[0]["checksum"]) == 64
    assert history[0]["changes"]["indicators"]["added"] == 30
    again = import_catalogue(empty_store, files.read_path(demo_copy), "test")
    assert all(sum(kind.values()) == 0 for kind in again["changes"].values())


def test_a_new_count_indicator_gets_results_by_thai_province_name_and_sums_up(empty_store, demo_copy, tmp_path):
    from cockpit.people.tokens import Token
    from cockpit.write.importer import import_results

    indicators = read_csv(demo_copy / "indicators.csv")
    count_row = next(row for row in indicators if row["unit"] == "count" and row["accumulates"] == "0")
    new = dict(count_row, code="M6GRAD", name_th="จำนวนผู้สำเร็จการศึกษา ม.6", name_en="Grade 12 graduates", sort_order="")
    write_csv(demo_copy / "indicators.csv", [*indicators, new])
    targets = read_csv(demo_copy / "targets.csv")
    write_csv(
        demo_copy / "targets.csv",
        [*targets, {"indicator": "M6GRAD", "area": "TH", "fiscal_year_be": "2569", "target": "350000"}],
    )
    import_catalogue(empty_store, files.read_path(demo_copy), "test")
    results = "indicator,area,fiscal_year_be,period_no,value\n" + "".join(
        f"M6GRAD,{name},2569,1,{value}\n"
        for name, value in (("เชียงใหม่", 12000), ("ลำพูน", 2500), ("ลำปาง", 4000), ("กรุงเทพมหานคร", 40000))
    )
    local = Token(id=0, name="test", scope="national", provinces=None)
    with empty_store.write() as conn:
        import_results(conn, results.encode(), "m6.csv", local)
    given = {"TH-50": 12000, "TH-51": 2500, "TH-52": 4000, "TH-10": 40000}
    with empty_store.read() as conn:
        nation = queries.results_table(conn, "nation", 2569, indicator_codes=["M6GRAD"])["M6GRAD"]
        regions = queries.results_table(conn, "region", 2569, indicator_codes=["M6GRAD"])["M6GRAD"]
        members = {region["code"]: region["provinces"] for region in queries.regions(conn)}
    assert nation[0]["value"] == sum(given.values())
    for row in regions:
        reported = [given[code] for code in members[row["area"]] if code in given]
        assert row["value"] == (sum(reported) if reported else None), row["area"]


def _mutate(folder: Path, sheet: str, change) -> None:
    path = folder / f"{sheet}.csv"
    rows = read_csv(path)
    header = list(rows[0]) if rows else next(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows, header = change(rows, header)
    write_csv(path, rows, header)


def _set(sheet_rows: list[dict], index: int, **values) -> list[dict]:
    sheet_rows[index] = sheet_rows[index] | values
    return sheet_rows


BAD_INPUTS = {
    "missing sheet": (lambda f: (f / "indicators.csv").unlink(), ("indicators", None, None, "missing")),
    "missing column": (
        lambda f: _mutate(f, "indicators", lambda rows, header: (rows, [h for h in header if h != "unit"])),
        ("indicators", 1, "unit", "missing"),
    ),
    "duplicate code": (
        lambda f: _mutate(f, "indicators", lambda rows, header: ([*rows, rows[0]], header)),
        ("indicators", 32, "code", "repeats row 2"),
    ),
    "unknown parent": (
        lambda f: _mutate(f, "chain", lambda rows, header: (_set(rows, 3, parent="NOWHERE"), header)),
        ("chain", 5, "parent", "no node 'NOWHERE'"),
    ),
    "X directly under Z": (
        lambda f: _mutate(
            f,
            "chain",
            lambda rows, header: (
                _set(rows, next(i for i, r in enumerate(rows) if r["level"] == "X"), parent=rows[0]["code"]),
                header,
            ),
        ),
        ("chain", None, "parent", "must sit directly under a Y1"),
    ),
    "loop in the chain": (
        lambda f: _mutate(f, "chain", lambda rows, header: (_set(rows, 0, parent=rows[1]["code"], level="Y2"), header)),
        ("chain", 2, "parent", "loops back"),
    ),
    "unknown agency": (
        lambda f: _mutate(f, "indicators", lambda rows, header: (_set(rows, 2, host_agency="NOPE"), header)),
        ("indicators", 4, "host_agency", "unknown agency 'NOPE'"),
    ),
    "unknown province": (
        lambda f: _mutate(f, "service_areas", lambda rows, header: (_set(rows, 0, provinces="TH-99"), header)),
        ("service_areas", 2, "provinces", "unknown province 'TH-99'"),
    ),
    "unknown region": (
        lambda f: _mutate(f, "region_provinces", lambda rows, header: (_set(rows, 0, region="REO99"), header)),
        ("region_provinces", 2, "region", "no region 'REO99'"),
    ),
    "negative threshold": (
        lambda f: _mutate(f, "indicators", lambda rows, header: (_set(rows, 0, yellow_gap="-1"), header)),
        ("indicators", 2, "yellow_gap", "must not be negative"),
    ),
    "thresholds out of order": (
        lambda f: _mutate(
            f, "indicators", lambda rows, header: (_set(rows, 0, yellow_gap="9", orange_gap="2"), header)
        ),
        ("indicators", 2, "orange_gap", "must be at least yellow_gap"),
    ),
    "target of an unknown indicator": (
        lambda f: _mutate(f, "targets", lambda rows, header: (_set(rows, 0, indicator="NOPE"), header)),
        ("targets", 2, "indicator", "unknown indicator 'NOPE'"),
    ),
    "target of an unknown area": (
        lambda f: _mutate(f, "targets", lambda rows, header: (_set(rows, 0, area="Atlantis"), header)),
        ("targets", 2, "area", "unknown area 'Atlantis'"),
    ),
    "non-numeric target": (
        lambda f: _mutate(f, "targets", lambda rows, header: (_set(rows, 0, target="seventy"), header)),
        ("targets", 2, "target", "'seventy' is not a number"),
    ),
    "Thai digits in a target": (
        lambda f: _mutate(f, "targets", lambda rows, header: (_set(rows, 0, target="๗๒"), header)),
        ("targets", 2, "target", "is not a number"),
    ),
    "CSV in TIS-620": (
        lambda f: (f / "agencies.csv").write_bytes((f / "agencies.csv").read_text(encoding="utf-8").encode("tis-620")),
        ("agencies", None, None, "TIS-620"),
    ),
    "an unclosed quote": (
        lambda f: (f / "agencies.csv").write_text('code,abbr_th,name_th,name_en\nOBEC,"สพฐ.,x,y\n', encoding="utf-8"),
        ("agencies", None, None, "unclosed quote"),
    ),
    "a short row": (
        lambda f: (f / "agencies.csv").write_text(
            (f / "agencies.csv").read_text(encoding="utf-8") + "XX,เอ็กซ์\n", encoding="utf-8"
        ),
        ("agencies", 7, "name_th", "required"),
    ),
    "a 20 MB file": (
        lambda f: (f / "schools.csv").write_bytes(b"code,name_th,name_en,province,service_area\n" + b"x" * 20_000_000),
        (None, None, None, "over the 10 MB limit"),
    ),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_a_bad_catalogue_is_refused_whole_with_the_place_and_reason(case, empty_store, demo_copy):
    import_catalogue(empty_store, files.read_path(DEMO_FOLDER), "test")
    before = counts(empty_store)
    damage, (sheet, row, column, why) = BAD_INPUTS[case]
    damage(demo_copy)
    with pytest.raises(CatalogueRejected) as rejected:
        import_catalogue(empty_store, files.read_path(demo_copy), "test")
    lines = [p.line() for p in rejected.value.problems]
    matching = [
        p
        for p in rejected.value.problems
        if p.sheet == sheet and (row is None or p.row == row) and p.column == column and why in p.en
    ]
    assert matching, f"no problem at {sheet}/{row}/{column} saying {why!r}: {lines}"
    assert all(p.th and p.en for p in rejected.value.problems), "every problem is in Thai and English"
    assert counts(empty_store) == before, "nothing may be written"


def test_a_file_that_is_not_a_workbook_is_refused(empty_store, tmp_path):
    fake = tmp_path / "catalogue.xlsx"
    fake.write_bytes(b"this is not a workbook")
    with pytest.raises(CatalogueRejected) as rejected:
        import_catalogue(empty_store, files.read_path(fake), "test")
    assert "not a readable Excel workbook" in rejected.value.problems[0].en


def test_a_byte_order_mark_is_accepted_because_excel_writes_one(empty_store, demo_copy):
    path = demo_copy / "indicators.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    report = import_catalogue(empty_store, files.read_path(demo_copy), "test")
    assert report["changes"]["indicators"]["added"] == 30


def test_an_indicator_with_results_left_out_is_retired_not_deleted_and_comes_back(demo_store, stores, tmp_path):
    store = stores.prepared(demo=True)
    folder = export_folder(store, tmp_path / "catalogue")
    indicators = read_csv(folder / "indicators.csv")
    write_csv(folder / "indicators.csv", [row for row in indicators if row["code"] != "JI24"])
    write_csv(folder / "targets.csv", [row for row in read_csv(folder / "targets.csv") if row["indicator"] != "JI24"])
    report = import_catalogue(store, files.read_path(folder), "test")
    assert report["codes"]["indicators"]["retired"] == ["JI24"]
    with store.read() as conn:
        assert "JI24" not in {row["code"] for row in queries.indicators(conn)}
        assert [row["code"] for row in retired(conn)["indicators"]] == ["JI24"]
        kept = conn.execute(
            sa.select(sa.func.count()).where(schema.indicator_result.c.indicator_code == "JI24")
        ).scalar_one()
    assert kept > 0
    export_folder(store, tmp_path / "without")
    restored = import_catalogue(store, files.read_path(export_folder(demo_store, tmp_path / "again")), "test")
    assert restored["codes"]["indicators"]["restored"] == ["JI24"]


def test_a_change_that_would_make_stored_results_wrong_is_refused(stores, tmp_path):
    store = stores.prepared(demo=True)
    folder = export_folder(store, tmp_path / "catalogue")
    indicators = read_csv(folder / "indicators.csv")
    row = next(i for i, r in enumerate(indicators) if r["code"] == "JI12")
    write_csv(folder / "indicators.csv", _set(indicators, row, accumulates="0"))
    before = counts(store)
    with pytest.raises(CatalogueRejected) as rejected:
        import_catalogue(store, files.read_path(folder), "test")
    problem = rejected.value.problems[0]
    assert (problem.sheet, problem.row, problem.column) == ("indicators", row + 2, "accumulates")
    assert "has stored results" in problem.en
    assert counts(store) == before


def test_a_calendar_on_an_indicator_that_is_not_per_term_is_refused(empty_store, demo_copy):
    yearly = next(i for i, row in enumerate(read_csv(demo_copy / "indicators.csv")) if row["frequency"] == "yearly")
    _mutate(demo_copy, "indicators", lambda rows, header: (_set(rows, yearly, calendar="school_year"), header))
    with pytest.raises(CatalogueRejected) as rejected:
        import_catalogue(empty_store, files.read_path(demo_copy), "test")
    assert [(p.sheet, p.row, p.column) for p in rejected.value.problems] == [("indicators", yearly + 2, "calendar")]
    assert "only a term indicator" in rejected.value.problems[0].en


def test_a_term_indicator_s_calendar_is_kept_until_it_has_results(stores, tmp_path):
    """Moving a term indicator to the fiscal calendar is a catalogue change while nothing is stored; once it has
    results, their periods would end on other days, so it is refused like a change of unit."""
    from cockpit.people.tokens import Token
    from cockpit.write.importer import import_results

    folder = Path(shutil.copytree(DEMO_FOLDER, tmp_path / "catalogue"))
    term = next(i for i, row in enumerate(read_csv(folder / "indicators.csv")) if row["frequency"] == "term")
    code = read_csv(folder / "indicators.csv")[term]["code"]
    store = stores.prepared(demo=False)
    import_catalogue(store, files.read_path(folder), "test")
    _mutate(folder, "indicators", lambda rows, header: (_set(rows, term, calendar="fiscal_year"), header))
    import_catalogue(store, files.read_path(folder), "test")
    result = f"indicator,area,fiscal_year_be,period_no,numerator,denominator,value\n{code},TH-50,2568,1,50,100,\n"
    if read_csv(folder / "indicators.csv")[term]["aggregation"] == "sum":
        result = f"indicator,area,fiscal_year_be,period_no,value\n{code},TH-50,2568,1,50\n"
    with store.write() as conn:
        import_results(conn, result.encode(), "term.csv", Token(id=0, name="test", scope="national", provinces=None))
        stored = conn.execute(sa.select(schema.indicator_result.c.period_end)).scalar_one()
    assert stored.isoformat() == "2025-03-31", "the fiscal calendar's first half"
    _mutate(folder, "indicators", lambda rows, header: (_set(rows, term, calendar=""), header))
    with pytest.raises(CatalogueRejected) as rejected:
        import_catalogue(store, files.read_path(folder), "test")
    assert [(p.column, "would make them wrong" in p.en) for p in rejected.value.problems] == [("calendar", True)]

"""Applying a checked catalogue to the store, all or nothing: create and update what the file holds, retire
what it leaves out but the store still needs (results, crises, scores or other rows refer to it), delete the
rest, refuse a change that would make stored results mean something else, and record the import.

A dry run does all of it inside the transaction and rolls it back, so it finds exactly what a real import
would (foreign keys included) and reports the same changes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cockpit.catalogue.check import CheckedCatalogue, Provinces, check
from cockpit.catalogue.files import RawCatalogue
from cockpit.catalogue.problems import CatalogueRejected, Problem
from cockpit.rules.thai_time import calendar_of
from cockpit.store import schema
from cockpit.store.database import get_info, set_info, utc_now

Progress = Callable[[str], None]
# Changing one of these while results exist would change what the stored numbers mean.
RESULT_DEFINING = ("unit", "aggregation", "multiplier", "frequency", "accumulates", "calendar")
KINDS = (
    "agencies",
    "region_schemes",
    "regions",
    "service_areas",
    "schools",
    "chain",
    "indicators",
    "targets",
    "projects",
    "validation_rules",
)


def _quiet(_message: str) -> None:
    pass


class _DryRun(Exception):
    """Raised at the end of a dry run so the transaction rolls back."""

    def __init__(self, report: dict):
        super().__init__("dry run")
        self.report = report


@dataclass
class _Changes:
    per_kind: dict[str, dict[str, list[str]]]

    @classmethod
    def empty(cls) -> _Changes:
        return cls({kind: {"added": [], "changed": [], "retired": [], "deleted": [], "restored": []} for kind in KINDS})

    def note(self, kind: str, what: str, code: str) -> None:
        self.per_kind[kind][what].append(code)

    def counts(self) -> dict[str, dict[str, int]]:
        return {kind: {what: len(codes) for what, codes in whats.items()} for kind, whats in self.per_kind.items()}


def province_lookup(conn: Connection) -> Provinces:
    rows = conn.execute(sa.select(schema.province.c.code, schema.province.c.name_th, schema.province.c.name_en))
    return Provinces.from_rows([dict(row._mapping) for row in rows])


def import_catalogue(store, raw: RawCatalogue, actor: str, dry_run: bool = False, progress: Progress = _quiet) -> dict:
    """Check and apply a catalogue read from files; raises CatalogueRejected with every problem, else returns
    the report: what was (or, in a dry run, would be) added, changed, retired, deleted and restored."""
    try:
        with store.write(bump_version=not dry_run) as conn:
            progress(f"Checking {raw.source}")
            checked, problems = check(raw, province_lookup(conn))
            if problems:
                raise CatalogueRejected(problems)
            report = apply_catalogue(conn, checked, actor, progress)
            if dry_run:
                raise _DryRun(report)
            return report
    except _DryRun as done:
        return done.report | {"dry_run": True}


def apply_catalogue(conn: Connection, checked: CheckedCatalogue, actor: str, progress: Progress = _quiet) -> dict:
    """Write a checked catalogue in the open transaction; raises CatalogueRejected for a forbidden change."""
    referred = _referred(conn)
    refusals = _refusals(conn, checked, referred)
    if refusals:
        raise CatalogueRejected(refusals)
    changes = _Changes.empty()
    tables = checked.tables
    is_demo = checked.about.get("kind") == "demo"
    progress("Agencies, regions and service areas")
    _upsert(conn, schema.agency, tables["agency"], changes, "agencies")
    _regions(conn, tables, changes, referred)
    _upsert(
        conn, schema.service_area, [r | {"is_demo": is_demo} for r in tables["service_area"]], changes, "service_areas"
    )
    _replace_links(conn, schema.service_area_province, "service_area_code", tables["service_area_province"])
    _upsert(conn, schema.school, tables["school"], changes, "schools")
    progress("The XYZ chain and the indicators")
    _chain(conn, tables["chain_node"], changes)
    _upsert(conn, schema.indicator, [r | {"is_demo": is_demo} for r in tables["indicator"]], changes, "indicators")
    _targets(conn, tables["indicator_target"], {r["code"] for r in tables["indicator"]}, changes)
    now = utc_now()
    projects = [r | {"is_demo": is_demo, "updated_at": now} for r in tables["project"]]
    _upsert(conn, schema.project, projects, changes, "projects", ignore=("updated_at",))
    _validation_rules(conn, tables["validation_rule"], changes)
    progress("Retiring what the file leaves out")
    _leave_out(conn, tables, changes, referred)
    for key in ("name", "kind", "description", "as_of"):
        set_info(conn, f"catalogue_{key}", checked.about.get(key, ""))
    counts = changes.counts()
    record = {
        "imported_at": now,
        "imported_by": actor,
        "source": checked.source[-400:],
        "checksum": checked.checksum,
        "kind": checked.about.get("kind") or "ministry",
        "summary": json.dumps({"counts": counts, "codes": changes.per_kind}, ensure_ascii=False, sort_keys=True),
    }
    conn.execute(schema.catalogue_import.insert().values(record))
    return {
        "dry_run": False,
        "source": checked.source,
        "checksum": checked.checksum,
        "changes": counts,
        "codes": changes.per_kind,
    }


def _codes(conn: Connection, column: sa.Column, where=None) -> set[str]:
    query = sa.select(column).distinct()
    if where is not None:
        query = query.where(where)
    return {code for code in conn.execute(query).scalars() if code is not None}


def _referred(conn: Connection) -> dict[str, set]:
    """What other rows refer to, as the transaction starts.

    A row referred to is retired rather than deleted when a file leaves it out, even if the same import
    removes what referred to it: DuckDB checks a foreign key against the rows as they were when the
    transaction began, so such a delete would fail there. One rule on both stores keeps them alike.
    """
    node, indicator, project = schema.chain_node, schema.indicator, schema.project
    return {
        "indicator_results": _codes(conn, schema.indicator_result.c.indicator_code),
        "indicator": _codes(conn, schema.indicator_result.c.indicator_code)
        | _codes(conn, schema.indicator_target.c.indicator_code),
        "service_area": _codes(conn, schema.service_area_province.c.service_area_code)
        | _codes(conn, schema.crisis_service_area.c.service_area_code)
        | _codes(conn, schema.service_area_score.c.service_area_code)
        | _codes(conn, schema.school.c.service_area_code),
        "chain_node": _codes(conn, indicator.c.chain_node_code)
        | _codes(conn, project.c.chain_node_code)
        | _codes(conn, node.c.parent_code),
        "agency": _codes(conn, indicator.c.host_agency_code)
        | _codes(conn, node.c.host_agency_code)
        | _codes(conn, project.c.host_agency_code),
        "region": {(r.scheme_code, r.region_code) for r in conn.execute(sa.select(schema.region_province))},
        "region_scheme": _codes(conn, schema.region.c.scheme_code),
        "school": _codes(conn, schema.school_result.c.school_code),
        "project": set(),
    }


# Columns that DuckDB indexes for a foreign key: it cannot change them on a row that other rows refer to.
_MOVES = {
    "indicator": ("chain_node_code", "host_agency_code"),
    "chain_node": ("parent_code", "host_agency_code"),
    "school": ("service_area_code",),
}
_SHEET_COLUMN = {
    "chain_node_code": "chain_node",
    "host_agency_code": "host_agency",
    "parent_code": "parent",
    "service_area_code": "service_area",
}


def _refusals(conn: Connection, checked: CheckedCatalogue, referred: dict[str, set]) -> list[Problem]:
    stored = {row.code: row for row in conn.execute(sa.select(schema.indicator))}
    problems = []
    for row in checked.tables["indicator"]:
        old = stored.get(row["code"])
        if old is None or row["code"] not in referred["indicator_results"]:
            continue
        for column in RESULT_DEFINING:
            before, after = getattr(old, column), row[column]
            if column == "accumulates":
                before, after = bool(before), bool(after)
            if column == "calendar":
                before, after = calendar_of(old.frequency, before), calendar_of(row["frequency"], after)
            if before == after:
                continue
            problems.append(
                Problem(
                    "indicators",
                    checked.row_number("indicators", (row["code"],)),
                    column,
                    f"{row['code']} มีผลที่บันทึกแล้ว: เปลี่ยน {column} จาก '{_shown(before)}' เป็น '{_shown(after)}' "
                    "จะทำให้ผลเดิมผิดความหมาย (สร้างตัวชี้วัดรหัสใหม่แทน)",
                    f"{row['code']} has stored results: changing {column} from '{_shown(before)}' to "
                    f"'{_shown(after)}' would make them wrong (add an indicator with a new code instead)",
                )
            )
    schools = {row.code: row.province_code for row in conn.execute(sa.select(schema.school))}
    for row in checked.tables["school"]:
        before = schools.get(row["code"])
        if before is None or row["code"] not in referred["school"] or before == row["province_code"]:
            continue
        problems.append(
            Problem(
                "schools",
                checked.row_number("schools", (row["code"],)),
                "province",
                f"โรงเรียน {row['code']} มีผลที่บันทึกแล้ว ซึ่งรวมอยู่ในค่าของจังหวัด {before}: ย้ายไปจังหวัด "
                f"{row['province_code']} ไม่ได้ (เพิ่มโรงเรียนรหัสใหม่แทน)",
                f"school {row['code']} has stored results summed into {before}'s figures: it cannot move to "
                f"{row['province_code']} (add a school with a new code instead)",
            )
        )
    if conn.dialect.name == "duckdb":
        problems += _duckdb_moves(conn, checked, referred)
    return problems


def _duckdb_moves(conn: Connection, checked: CheckedCatalogue, referred: dict[str, set]) -> list[Problem]:
    """DuckDB cannot move a row that others refer to under another parent or agency; say so, not a 500."""
    problems = []
    for table_name, sheet in (("indicator", "indicators"), ("chain_node", "chain"), ("school", "schools")):
        table = schema.metadata.tables[table_name]
        stored = {row.code: row for row in conn.execute(sa.select(table))}
        for row in checked.tables[table_name]:
            old = stored.get(row["code"])
            if old is None or row["code"] not in referred[table_name]:
                continue
            for column in _MOVES[table_name]:
                if getattr(old, column) != row[column]:
                    problems.append(
                        Problem(
                            sheet,
                            checked.row_number(sheet, (row["code"],)),
                            _SHEET_COLUMN[column],
                            f"{row['code']} มีข้อมูลอื่นอ้างถึง: ที่เก็บข้อมูล DuckDB ย้าย {_SHEET_COLUMN[column]} จาก "
                            f"'{getattr(old, column)}' เป็น '{row[column]}' ไม่ได้ (ข้อจำกัดของ DuckDB; PostgreSQL ทำได้)",
                            f"{row['code']} is referred to by other rows: the DuckDB store cannot move its "
                            f"{_SHEET_COLUMN[column]} from '{getattr(old, column)}' to '{row[column]}' (a DuckDB "
                            "limitation; a PostgreSQL store can)",
                        )
                    )
    return problems


def _shown(value) -> str:
    if isinstance(value, bool) or value is None:
        return {True: "1", False: "0", None: ""}[value]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _changed(old, new: dict, ignore: tuple[str, ...]) -> dict:
    """The columns of `new` whose value differs from the stored row (numbers compared as numbers)."""
    out = {}
    for column, value in new.items():
        if column in ignore:
            continue
        before = getattr(old, column)
        if isinstance(value, float) or isinstance(before, float):
            same = (before is None and value is None) or (
                before is not None and value is not None and float(before) == float(value)
            )
        else:
            same = before == value
        if not same:
            out[column] = value
    return out


def _upsert(
    conn: Connection, table: sa.Table, rows: list[dict], changes: _Changes, kind: str, ignore: tuple[str, ...] = ()
) -> None:
    """Insert new rows; update only the columns that changed (DuckDB rewrites a row whose indexed columns are
    set, and refuses that for a row others refer to); restore a retired row the file names again."""
    current = {row.code: row for row in conn.execute(sa.select(table))}
    for row in rows:
        old = current.get(row["code"])
        if old is None:
            conn.execute(table.insert().values(row))
            changes.note(kind, "added", row["code"])
            continue
        values = _changed(old, row, ignore)
        restored = "retired_at" in table.c and old.retired_at is not None
        if restored:
            values["retired_at"] = None
        if values:
            extra = {column: row[column] for column in ignore if column in row}
            conn.execute(table.update().where(table.c.code == row["code"]).values(values | extra))
            changes.note(kind, "restored" if restored else "changed", row["code"])


def _regions(conn: Connection, tables: dict[str, list[dict]], changes: _Changes, referred: dict[str, set]) -> None:
    """Region schemes and regions by their codes; the provinces of each region are replaced whole."""
    scheme, region, link = schema.region_scheme, schema.region, schema.region_province
    _upsert(conn, scheme, tables["region_scheme"], changes, "region_schemes")
    old_regions = {(row.scheme_code, row.code): row for row in conn.execute(sa.select(region))}
    old_links = {(r.scheme_code, r.province_code): r.region_code for r in conn.execute(sa.select(link))}
    new_links = {(r["scheme_code"], r["province_code"]): r["region_code"] for r in tables["region_province"]}
    new_regions = {(r["scheme_code"], r["code"]): r for r in tables["region"]}

    def members(links: dict, key: tuple) -> set[str]:
        return {province for (s, province), r in links.items() if (s, r) == key}

    for key, row in new_regions.items():
        label = f"{key[0]}:{key[1]}"
        old = old_regions.get(key)
        if old is None:
            conn.execute(region.insert().values(row))
            changes.note("regions", "added", label)
            continue
        values = _changed(old, row, ())
        restored = old.retired_at is not None
        if restored:
            values["retired_at"] = None
        if values:
            conn.execute(region.update().where(region.c.scheme_code == key[0], region.c.code == key[1]).values(values))
        if values or members(old_links, key) != members(new_links, key):
            changes.note("regions", "restored" if restored else "changed", label)
    conn.execute(link.delete())
    if tables["region_province"]:
        conn.execute(link.insert(), tables["region_province"])
    now = utc_now()
    for key, old in old_regions.items():
        if key in new_regions or old.retired_at is not None:
            continue
        where = sa.and_(region.c.scheme_code == key[0], region.c.code == key[1])
        if key in referred["region"]:
            conn.execute(region.update().where(where).values(retired_at=now))
            changes.note("regions", "retired", f"{key[0]}:{key[1]}")
        else:
            conn.execute(region.delete().where(where))
            changes.note("regions", "deleted", f"{key[0]}:{key[1]}")
    kept = {row["code"] for row in tables["region_scheme"]}
    for old in conn.execute(sa.select(scheme.c.code).where(scheme.c.retired_at.is_(None))).all():
        if old.code in kept:
            continue
        if old.code in referred["region_scheme"]:
            conn.execute(scheme.update().where(scheme.c.code == old.code).values(retired_at=now, is_default=False))
            changes.note("region_schemes", "retired", old.code)
        else:
            conn.execute(scheme.delete().where(scheme.c.code == old.code))
            changes.note("region_schemes", "deleted", old.code)


def _replace_links(conn: Connection, table: sa.Table, owner: str, rows: list[dict]) -> None:
    owners = {row[owner] for row in rows}
    if owners:
        conn.execute(table.delete().where(table.c[owner].in_(owners)))
        conn.execute(table.insert(), rows)


def _chain(conn: Connection, rows: list[dict], changes: _Changes) -> None:
    """New nodes parents first, one statement each (DuckDB checks a self-reference only against earlier
    statements); then the changed columns of existing nodes, so a node may move under one the file adds."""
    order = {"Z": 0, "Y2": 1, "Y1": 2, "X": 3}
    table = schema.chain_node
    new = [row for row in rows if row["code"] not in _codes(conn, table.c.code)]
    for row in sorted(new, key=lambda r: order[r["level"]]):
        conn.execute(table.insert().values(row))
        changes.note("chain", "added", row["code"])
    added = {row["code"] for row in new}
    _upsert(conn, table, [row for row in rows if row["code"] not in added], changes, "chain")


def _targets(conn: Connection, rows: list[dict], indicators: set[str], changes: _Changes) -> None:
    """The file's indicators get exactly the file's targets; a retired indicator keeps its own."""
    table = schema.indicator_target
    old = {
        (r.indicator_code, r.area_code, r.fiscal_year_be): r
        for r in conn.execute(sa.select(table).where(table.c.indicator_code.in_(indicators)))
    }
    new = {(r["indicator_code"], r["area_code"], r["fiscal_year_be"]): r for r in rows}
    for key, row in new.items():
        label = f"{key[0]}:{key[1]}:{key[2]}"
        if key not in old:
            changes.note("targets", "added", label)
        elif _changed(old[key], row, ()):
            changes.note("targets", "changed", label)
    for key in old:
        if key not in new:
            changes.note("targets", "deleted", f"{key[0]}:{key[1]}:{key[2]}")
    if indicators:
        conn.execute(table.delete().where(table.c.indicator_code.in_(indicators)))
    if rows:
        conn.execute(table.insert(), rows)


def _validation_rules(conn: Connection, rows: list[dict], changes: _Changes) -> None:
    """The file's rules replace the stored ones whole: flags keep the condition they were raised on, so no row
    refers to a rule and none needs retiring."""
    table = schema.validation_rule
    old = {row.code: row for row in conn.execute(sa.select(table))}
    for row in rows:
        if row["code"] not in old:
            changes.note("validation_rules", "added", row["code"])
        elif _changed(old[row["code"]], row, ()):
            changes.note("validation_rules", "changed", row["code"])
    for code in sorted(set(old) - {row["code"] for row in rows}):
        changes.note("validation_rules", "deleted", code)
    conn.execute(table.delete())
    if rows:
        conn.execute(table.insert(), rows)


def _leave_out(conn: Connection, tables: dict[str, list[dict]], changes: _Changes, referred: dict[str, set]) -> None:
    """Rows the file leaves out: retired when something referred to them, else deleted."""
    now = utc_now()
    for table_name, kind, sheet_rows in (
        ("indicator", "indicators", "indicator"),
        ("project", "projects", "project"),
        ("school", "schools", "school"),
        ("service_area", "service_areas", "service_area"),
        ("chain_node", "chain", "chain_node"),
        ("agency", "agencies", "agency"),
    ):
        table = schema.metadata.tables[table_name]
        keep = {row["code"] for row in tables[sheet_rows]}
        active = _codes(conn, table.c.code, table.c.retired_at.is_(None))
        for code in sorted(active - keep):
            if code in referred[table_name]:
                conn.execute(table.update().where(table.c.code == code).values(retired_at=now))
                changes.note(kind, "retired", code)
            else:
                conn.execute(table.delete().where(table.c.code == code))
                changes.note(kind, "deleted", code)


def catalogue_history(conn: Connection, limit: int = 50) -> list[dict]:
    """The latest imports, newest first: who, when, which file (checksum) and how many rows changed per kind."""
    table = schema.catalogue_import
    rows = conn.execute(sa.select(table).order_by(table.c.id.desc()).limit(limit))
    out = []
    for row in rows:
        summary = json.loads(row.summary)
        out.append(
            {
                "id": row.id,
                "imported_at": row.imported_at,
                "imported_by": row.imported_by,
                "source": row.source,
                "checksum": row.checksum,
                "kind": row.kind,
                "changes": summary["counts"],
            }
        )
    return out


def catalogue_kind(conn: Connection) -> str | None:
    return get_info(conn, "catalogue_kind") or None

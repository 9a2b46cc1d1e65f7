"""The joint indicators' results and the projects' progress per XYZ node, as one CSV for the ministry's entry
into the national M&E system eMENSCR (docs/emenscr.md describes every column).

eMENSCR takes what an agency reports against the national strategy along the XYZ chain: each row here names
its Z, Y2, Y1 and X codes so that the officer who enters it finds the node without looking it up. The figures
are the ones the cockpit shows (the same reads as the pages: ratio of sums, status by direction and
thresholds), so what the ministry sends is what its room saw.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cockpit.read import queries
from cockpit.rules.status import project_status
from cockpit.rules.thai_time import be_year, period_label, to_bangkok
from cockpit.store import schema

COLUMNS = (
    "record_type",
    "fiscal_year_be",
    "z_code",
    "y2_code",
    "y1_code",
    "x_code",
    "node_name_th",
    "value_chain_stage",
    "code",
    "name_th",
    "name_en",
    "host_agency_code",
    "area_level",
    "area_code",
    "area_name_th",
    "period_no",
    "period_th",
    "unit_th",
    "value",
    "target",
    "target_low",
    "target_high",
    "status",
    "provinces_reporting",
    "provinces_expected",
    "budget_thb",
    "disbursed_thb",
    "progress_pct",
    "planned_pct",
    "as_of_be",
)


def _as_of(moment: dt.datetime | None) -> str | None:
    """The Bangkok day as YYYY-MM-DD with the Buddhist Era year (2568-10-15): sortable, and the year as Thai
    officials write it."""
    if moment is None:
        return None
    day = to_bangkok(moment).date()
    return f"{be_year(day.year)}-{day.month:02d}-{day.day:02d}"


def indicator_rows(conn: Connection, fiscal_year: int) -> list[dict]:
    """Every active indicator at the nation and in every province, at its latest reported period of the year."""
    nodes = {n["code"]: n for n in queries.chain_nodes(conn)}
    periods_now = queries.reporting_periods(conn, fiscal_year)
    written = queries.results_updated_at(conn, fiscal_year)
    tables = {level: queries.results_table(conn, level, fiscal_year) for level in ("nation", "province")}
    rows = []
    for ind in queries.indicators(conn):
        period_no = periods_now.get(ind["code"])
        node = nodes.get(ind["chain_node_code"], {})
        common = {
            "record_type": "indicator",
            "fiscal_year_be": fiscal_year,
            "z_code": ind["chain"]["z"],
            "y2_code": ind["chain"]["y2"],
            "y1_code": ind["chain"]["y1"],
            "x_code": ind["chain"]["x"],
            "node_name_th": node.get("name_th"),
            "value_chain_stage": ind["value_chain_stage"],
            "code": ind["code"],
            "name_th": ind["name_th"],
            "name_en": ind["name_en"],
            "host_agency_code": ind["host_agency_code"],
            "period_no": period_no,
            "period_th": (
                period_label(fiscal_year, ind["frequency"], period_no, "th", ind.get("calendar")) if period_no else None
            ),
            "unit_th": ind["unit_label_th"],
            "as_of_be": _as_of(written.get(ind["code"])),
        }
        for level, table in tables.items():
            for area in table.get(ind["code"], []):
                rows.append(
                    common
                    | {
                        "area_level": level,
                        "area_code": area["area"],
                        "area_name_th": area["name_th"],
                        "value": area["value"],
                        "target": area["target"],
                        "target_low": area["target_low"],
                        "target_high": area["target_high"],
                        "status": area["status"],
                        "provinces_reporting": area["provinces_reporting"],
                        "provinces_expected": area["provinces_expected"],
                    }
                )
    return rows


def project_rows(conn: Connection, fiscal_year: int) -> list[dict]:
    """The projects of the fiscal year, each under its X factor, judged on work done against work planned."""
    p = schema.project
    nodes = {n["code"]: n for n in queries.chain_nodes(conn)}
    found = conn.execute(
        sa.select(p).where(p.c.retired_at.is_(None), p.c.fiscal_year_be == fiscal_year).order_by(p.c.code)
    ).all()
    rows = []
    for project in found:
        path = queries.chain_path(nodes, project.chain_node_code) if project.chain_node_code in nodes else {}
        node = nodes.get(project.chain_node_code, {})
        rows.append(
            {
                "record_type": "project",
                "fiscal_year_be": fiscal_year,
                "z_code": path.get("z"),
                "y2_code": path.get("y2"),
                "y1_code": path.get("y1"),
                "x_code": path.get("x"),
                "node_name_th": node.get("name_th"),
                "value_chain_stage": node.get("value_chain_stage"),
                "code": project.code,
                "name_th": project.name_th,
                "name_en": project.name_en,
                "host_agency_code": project.host_agency_code,
                "area_level": "nation",
                "unit_th": "ร้อยละ",
                "value": project.progress_pct,
                "target": project.planned_pct,
                "status": project_status(project.progress_pct, project.planned_pct),
                "budget_thb": project.budget_thb,
                "disbursed_thb": project.disbursed_thb,
                "progress_pct": project.progress_pct,
                "planned_pct": project.planned_pct,
                "as_of_be": _as_of(project.updated_at),
            }
        )
    return rows


def export_rows(conn: Connection, fiscal_year: int | None = None) -> tuple[int | None, list[dict]]:
    """The fiscal year exported (the pages' default when none is named) and its rows, indicators then projects."""
    year = fiscal_year or queries.default_fiscal_year(conn)["fiscal_year_be"]
    if year is None:
        return None, []
    return year, indicator_rows(conn, year) + project_rows(conn, year)


def to_csv(rows: list[dict]) -> bytes:
    """UTF-8 with a byte-order mark (Excel then opens the Thai names correctly), full float precision."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(
            ["" if row.get(c) is None else (repr(row[c]) if isinstance(row[c], float) else row[c]) for c in COLUMNS]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")

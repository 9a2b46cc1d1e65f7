"""Figures below the province, read from school_result on demand: a service area's figure is the ratio of sums of
its schools (across both provinces when a secondary service area spans two), a school's figure is its own row.

Every function here issues a fixed number of statements whatever the number of schools or years, and sums in
SQL. A school or service area without a usable result shows missing (never 0). Status follows the contract of
issue #11: a school is judged against its province's target, a service area against the target of the province it
lies in (spanning two: the national target). A count's target is a province's or the nation's total and means
nothing for one school, so below the province a count is shown without a target. Like the province's own page,
these pages show a result whatever its approval (a school result has no approval of its own; its province's
roll-up in indicator_result carries it).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cockpit.read import queries
from cockpit.read.queries import NATION, NotFound
from cockpit.rules.status import Target, incomplete_status
from cockpit.store import schema

sr = schema.school_result
sc = schema.school
area = schema.service_area
link = schema.service_area_province


def _usable(ind: dict) -> sa.ColumnElement[bool]:
    """Rows that can take part in the indicator's aggregation: both parts of a rate, or a count's value."""
    if ind["aggregation"] == "ratio":
        return sa.and_(sr.c.numerator.is_not(None), sr.c.denominator.is_not(None))
    return sr.c.value.is_not(None)


def _in_period(ind: dict, fiscal_year: int, period_no: int) -> sa.ColumnElement[bool]:
    """The rows of one indicator's reporting period: every period up to it for a flow, else that one."""
    at = sr.c.period_no <= period_no if ind.get("accumulates") else sr.c.period_no == period_no
    return sa.and_(sr.c.indicator_code == ind["code"], sr.c.fiscal_year_be == fiscal_year, at, _usable(ind))


def _sums() -> list:
    """The same sums as queries.aggregate, so queries.judged reads them: `reporting` counts schools and
    `province_periods` the school-periods summed."""
    return [
        sa.func.sum(sr.c.numerator).label("numerator"),
        sa.func.sum(sr.c.denominator).label("denominator"),
        sa.func.sum(sr.c.value).label("value_sum"),
        sa.func.count(sa.distinct(sr.c.school_code)).label("reporting"),
        sa.func.count(sr.c.school_code).label("province_periods"),
    ]


def target_below_province(ind: dict, table: dict[str, Target], province_code: str | None) -> Target:
    """The target a school or service area is judged against: its province's (None: the nation's), else the
    national one; a count has none (see the module's docstring)."""
    if ind["aggregation"] != "ratio":
        return Target()
    if province_code is not None and province_code in table:
        return table[province_code]
    return table.get(NATION, Target())


def _judged(ind: dict, row_area: dict, row, target: Target, period_no: int) -> dict:
    """queries.judged with the counts named for schools."""
    out = queries.judged(ind, row_area, row, queries.to_date(ind, target, period_no), "province", period_no)
    out.pop("provinces_reporting")
    out.pop("provinces_expected")
    return out


def service_area(conn: Connection, code: str) -> dict:
    """A service area with the provinces it covers (one or two), in one statement."""
    rows = conn.execute(
        sa.select(area, link.c.province_code)
        .join(link, link.c.service_area_code == area.c.code, isouter=True)
        .where(area.c.code == code)
        .order_by(link.c.province_code)
    ).all()
    if not rows:
        raise NotFound(f"unknown service area {code!r}")
    found = {k: v for k, v in rows[0]._mapping.items() if k != "province_code"}
    return found | {"provinces": [row.province_code for row in rows if row.province_code]}


def service_area_provinces(conn: Connection, code: str) -> frozenset[str] | None:
    """The provinces a service area covers (None: no such service area), for the page's access check."""
    provinces = conn.execute(sa.select(link.c.province_code).where(link.c.service_area_code == code)).scalars().all()
    return frozenset(provinces) if provinces else None


def school(conn: Connection, code: str) -> dict:
    """A school with its province's and service area's names, in one statement."""
    p = schema.province
    row = conn.execute(
        sa.select(
            sc,
            p.c.name_th.label("province_name_th"),
            p.c.name_en.label("province_name_en"),
            area.c.name_th.label("service_area_name_th"),
            area.c.name_en.label("service_area_name_en"),
        )
        .join(p, p.c.code == sc.c.province_code)
        .join(area, area.c.code == sc.c.service_area_code)
        .where(sc.c.code == code)
    ).first()
    if row is None:
        raise NotFound(f"unknown school {code!r}")
    return dict(row._mapping)


def school_province(conn: Connection, code: str) -> frozenset[str] | None:
    """The province of a school (None: no such school), for the page's access check."""
    province = conn.execute(sa.select(sc.c.province_code).where(sc.c.code == code)).scalar()
    return frozenset({province}) if province else None


def _areas_of_province(province_code: str) -> sa.Select:
    return sa.select(link.c.service_area_code).where(link.c.province_code == province_code)


def indicators_with_school_data(
    conn: Connection, fiscal_year: int, province_code: str | None = None, service_area_code: str | None = None
) -> list[str]:
    """Codes of the active indicators with any school result in a fiscal year, in the service areas covering a
    province or in one service area. Asked as EXISTS per indicator and school, so that the store probes
    school_result by its key (indicator, school, year) instead of reading every school result of the year:
    ~60 ms instead of ~700 ms on PostgreSQL with 29,000 schools and 5.8 million school results."""
    i = schema.indicator
    result = (
        sa.select(sr.c.school_code)
        .where(sr.c.indicator_code == i.c.code, sr.c.school_code == sc.c.code, sr.c.fiscal_year_be == fiscal_year)
        .correlate(i, sc)
    )
    schools_of = (
        sc.c.service_area_code.in_(_areas_of_province(province_code))
        if province_code is not None
        else (sc.c.service_area_code == service_area_code)
    )
    reported = sa.select(sc.c.code).where(schools_of, result.exists()).correlate(i)
    query = sa.select(i.c.code).where(i.c.retired_at.is_(None), reported.exists()).order_by(i.c.code)
    return list(conn.execute(query).scalars())


def service_area_figures(
    conn: Connection,
    ind: dict,
    fiscal_year: int,
    period_no: int,
    targets: dict[str, Target],
    province_code: str | None = None,
    service_area_code: str | None = None,
) -> list[dict]:
    """The figure of every service area covering a province (or of one service area) on one indicator, year and
    reporting period: the ratio of sums of all its schools, with status and how many of its schools reported.

    Three statements: the service areas with their provinces, the sums of their schools' results and the
    count of their schools. `targets` is the indicator's targets of the year ({area code: Target})."""
    if province_code is not None:
        chosen = area.c.code.in_(_areas_of_province(province_code))
        of_school = sc.c.service_area_code.in_(_areas_of_province(province_code))
    else:
        chosen = area.c.code == service_area_code
        of_school = sc.c.service_area_code == service_area_code
    areas: dict[str, dict] = {}
    rows = conn.execute(
        sa.select(area.c.code, area.c.kind, area.c.name_th, area.c.name_en, link.c.province_code)
        .join(link, link.c.service_area_code == area.c.code)
        .where(chosen, area.c.retired_at.is_(None))
        .order_by(area.c.kind, area.c.code, link.c.province_code)
    )
    for row in rows:
        entry = areas.setdefault(
            row.code, {"code": row.code, "kind": row.kind, "name_th": row.name_th, "name_en": row.name_en}
        )
        entry.setdefault("provinces", []).append(row.province_code)
    sums = {
        row.service_area_code: row
        for row in conn.execute(
            sa.select(sc.c.service_area_code, *_sums())
            .join(sc, sc.c.code == sr.c.school_code)
            .where(of_school, _in_period(ind, fiscal_year, period_no))
            .group_by(sc.c.service_area_code)
        )
    }
    counts = dict(
        conn.execute(
            sa.select(sc.c.service_area_code, sa.func.count())
            .where(of_school, sc.c.retired_at.is_(None))
            .group_by(sc.c.service_area_code)
        ).all()
    )
    out = []
    for code, entry in areas.items():
        lies_in = entry["provinces"][0] if len(entry["provinces"]) == 1 else None
        row = sums.get(code)
        judged = _judged(ind, entry, row, target_below_province(ind, targets, lies_in), period_no)
        schools = counts.get(code, 0)
        reporting = row.reporting if row is not None else 0
        out.append(
            judged
            | {
                "kind": entry["kind"],
                "provinces": entry["provinces"],
                "schools": schools,
                "schools_reporting": reporting,
                "schools_not_reporting": max(0, schools - reporting),
            }
        )
    return out


def school_figures(
    conn: Connection, ind: dict, fiscal_year: int, period_no: int, service_area_code: str, targets: dict[str, Target]
) -> list[dict]:
    """Every active school of a service area on one indicator, year and reporting period, each with its figure
    and status (against its province's target); a school without a usable result has value None (no data) and
    `reported` False. One statement: the schools LEFT JOIN their results."""
    rows = conn.execute(
        sa.select(sc.c.code, sc.c.name_th, sc.c.name_en, sc.c.province_code, *_sums())
        .select_from(sc.outerjoin(sr, sa.and_(sr.c.school_code == sc.c.code, _in_period(ind, fiscal_year, period_no))))
        .where(sc.c.service_area_code == service_area_code, sc.c.retired_at.is_(None))
        .group_by(sc.c.code, sc.c.name_th, sc.c.name_en, sc.c.province_code)
        .order_by(sc.c.code)
    )
    out = []
    for row in rows:
        entry = {"code": row.code, "name_th": row.name_th, "name_en": row.name_en or row.name_th, "provinces": []}
        judged = _judged(ind, entry, row, target_below_province(ind, targets, row.province_code), period_no)
        out.append(judged | {"province": row.province_code, "reported": row.reporting > 0})
    return out


def school_trends(conn: Connection, school_code: str, fiscal_year: int, inds: list[dict]) -> dict[str, list[dict]]:
    """A school's figures for every indicator it has results for in a fiscal year, period by period:
    {indicator code: [{"period_no", "value", "target", "target_low", "target_high", "status",
    "periods_missing"}...]} in period order. A flow's point is its total to date (summed in SQL by a window), owed
    every period from the first; each point is judged against the school's province's target of the year.
    Two statements: the results with their running sums, and the year's targets."""
    by_code = {i["code"]: i for i in inds}
    window = {"partition_by": sr.c.indicator_code, "order_by": sr.c.period_no}
    rows = conn.execute(
        sa.select(
            sr.c.indicator_code,
            sr.c.period_no,
            sr.c.numerator,
            sr.c.denominator,
            sr.c.value.label("value_sum"),
            sa.func.sum(sr.c.numerator).over(**window).label("numerator_to_date"),
            sa.func.sum(sr.c.denominator).over(**window).label("denominator_to_date"),
            sa.func.sum(sr.c.value).over(**window).label("value_to_date"),
            sa.func.count().over(**window).label("periods_so_far"),
            sc.c.province_code,
        )
        .join(sc, sc.c.code == sr.c.school_code)
        .where(
            sr.c.school_code == school_code,
            sr.c.fiscal_year_be == fiscal_year,
            sr.c.indicator_code.in_(list(by_code)),
        )
        .order_by(sr.c.indicator_code, sr.c.period_no)
    ).all()
    table = queries.targets(conn, fiscal_year)
    out: dict[str, list[dict]] = {}
    for row in rows:
        ind = by_code[row.indicator_code]
        target = target_below_province(ind, table.get(ind["code"], {}), row.province_code)
        missing = 0
        if ind.get("accumulates"):
            sums = _Point(row.numerator_to_date, row.denominator_to_date, row.value_to_date)
            target = queries.to_date(ind, target, row.period_no)
            missing = max(0, row.period_no - row.periods_so_far)
        else:
            sums = _Point(row.numerator, row.denominator, row.value_sum)
        value = queries.figure(ind, sums)[0]
        out.setdefault(ind["code"], []).append(
            {
                "fiscal_year_be": fiscal_year,
                "period_no": row.period_no,
                "value": value,
                "target": target.value if target.value is not None else target.low,
                "target_low": target.low,
                "target_high": target.high,
                "status": incomplete_status(queries.judge(ind, value, target), bool(ind.get("accumulates")), missing),
                "periods_missing": missing,
            }
        )
    return out


class _Point:
    """Numerator, denominator and value of one point, as queries.figure reads an aggregated row."""

    __slots__ = ("numerator", "denominator", "value_sum")

    def __init__(self, numerator, denominator, value_sum):
        self.numerator, self.denominator, self.value_sum = numerator, denominator, value_sum

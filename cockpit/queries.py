"""Read queries: every figure the API and the screens show comes from a function here.

Province results are the only stored values. A region's or the nation's value is computed from its
provinces' numerators and denominators (ratio of sums, as DHIS2 does), or summed for count indicators;
never an average of percentages. All figures of one indicator and fiscal year refer to one reporting
period: the latest period of that year with any data (or the one asked for), so areas are compared like
for like and a province that has not reported that period shows "no data".
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cockpit import schema
from cockpit.status import Target, status_of
from cockpit.store import get_info

Level = Literal["nation", "region", "province"]
LEVELS: tuple[Level, ...] = ("nation", "region", "province")
NATION = "TH"

r = schema.indicator_result
rp = schema.region_province


class NotFound(LookupError):
    """A code (indicator, region, scheme, province) that the store does not know."""


def provinces(conn: Connection) -> list[dict]:
    p = schema.province
    rows = conn.execute(sa.select(p.c.code, p.c.name_th, p.c.name_en, p.c.abbr_th).order_by(p.c.code))
    return [dict(row._mapping) for row in rows]


def schemes(conn: Connection) -> list[dict]:
    s = schema.region_scheme
    rows = conn.execute(sa.select(s).order_by(s.c.is_default.desc(), s.c.code))
    return [dict(row._mapping) for row in rows]


def default_scheme(conn: Connection) -> str:
    s = schema.region_scheme
    return conn.execute(sa.select(s.c.code).where(s.c.is_default)).scalar_one()


def resolve_scheme(conn: Connection, scheme: str | None) -> str:
    if scheme is None:
        return default_scheme(conn)
    if scheme not in {s["code"] for s in schemes(conn)}:
        raise NotFound(f"unknown region scheme {scheme!r}")
    return scheme


def regions(conn: Connection, scheme: str | None = None) -> list[dict]:
    """The regions of a scheme (the default: the 18 regional education offices), each with its provinces."""
    scheme = resolve_scheme(conn, scheme)
    g = schema.region
    members: dict[str, list[str]] = {}
    for row in conn.execute(
        sa.select(rp.c.region_code, rp.c.province_code).where(rp.c.scheme_code == scheme).order_by(rp.c.province_code)
    ):
        members.setdefault(row.region_code, []).append(row.province_code)
    rows = conn.execute(
        sa.select(g.c.code, g.c.name_th, g.c.name_en).where(g.c.scheme_code == scheme).order_by(g.c.sort_order)
    )
    return [dict(row._mapping) | {"scheme": scheme, "provinces": members.get(row.code, [])} for row in rows]


def chain_nodes(conn: Connection) -> list[dict]:
    c = schema.chain_node
    return [dict(row._mapping) for row in conn.execute(sa.select(c).order_by(c.c.sort_order, c.c.code))]


def chain_path(nodes_by_code: dict[str, dict], code: str) -> dict[str, str | None]:
    """The Z, Y2, Y1 and X codes above (and including) a chain node."""
    path: dict[str, str | None] = {"z": None, "y2": None, "y1": None, "x": None}
    seen = set()
    while code and code not in seen:
        seen.add(code)
        node = nodes_by_code[code]
        path[node["level"].lower()] = code
        code = node["parent_code"]
    return path


def indicators(conn: Connection) -> list[dict]:
    """Every indicator with its definition and its links along the XYZ chain."""
    i = schema.indicator
    nodes = {n["code"]: n for n in chain_nodes(conn)}
    rows = conn.execute(sa.select(i).order_by(i.c.sort_order, i.c.code))
    return [dict(row._mapping) | {"chain": chain_path(nodes, row.chain_node_code)} for row in rows]


def indicator(conn: Connection, code: str) -> dict:
    i = schema.indicator
    row = conn.execute(sa.select(i).where(i.c.code == code)).first()
    if row is None:
        raise NotFound(f"unknown indicator {code!r}")
    return dict(row._mapping)


def dataset_info(conn: Connection) -> dict:
    """Data version, last write time and whether the store holds the demo dataset."""
    v = conn.execute(sa.select(schema.data_version.c.version, schema.data_version.c.updated_at)).one()
    return {
        "version": v.version,
        "updated_at": v.updated_at,
        "dataset": get_info(conn, "dataset") or "live",
        "demo_seed": get_info(conn, "demo_seed"),
    }


def fiscal_years(conn: Connection, indicator_code: str | None = None) -> list[int]:
    """Fiscal years (BE) with any result, newest first."""
    query = sa.select(r.c.fiscal_year_be).distinct().order_by(r.c.fiscal_year_be.desc())
    if indicator_code:
        query = query.where(r.c.indicator_code == indicator_code)
    return [row[0] for row in conn.execute(query)]


def reporting_period(conn: Connection, indicator_code: str, fiscal_year: int) -> int | None:
    """The latest period of the fiscal year for which any province has reported this indicator."""
    return conn.execute(
        sa.select(sa.func.max(r.c.period_no)).where(r.c.indicator_code == indicator_code, r.c.fiscal_year_be == fiscal_year)
    ).scalar()


def _value_filter(ind: dict) -> sa.ColumnElement[bool]:
    """Rows that can take part in the indicator's aggregation."""
    if ind["aggregation"] == "ratio":
        return sa.and_(r.c.numerator.is_not(None), r.c.denominator.is_not(None))
    return r.c.value.is_not(None)


def _aggregate_rows(conn: Connection, ind: dict, group_by: list[sa.ColumnElement], where: list, join_scheme: str | None):
    """Sum numerators, denominators and values per group: the single SQL path behind every figure."""
    source = r
    if join_scheme is not None:
        source = r.join(rp, sa.and_(rp.c.province_code == r.c.province_code, rp.c.scheme_code == join_scheme))
    query = (
        sa.select(
            *group_by,
            sa.func.sum(r.c.numerator).label("numerator"),
            sa.func.sum(r.c.denominator).label("denominator"),
            sa.func.sum(r.c.value).label("value_sum"),
            sa.func.count().label("reporting"),
        )
        .select_from(source)
        .where(r.c.indicator_code == ind["code"], _value_filter(ind), *where)
        .group_by(*group_by)
    )
    return conn.execute(query).all()


def _value(ind: dict, numerator: float | None, denominator: float | None, value_sum: float | None) -> float | None:
    if ind["aggregation"] == "ratio":
        if numerator is None or not denominator:
            return None
        return numerator / denominator * ind["multiplier"]
    return value_sum


def targets(conn: Connection, indicator_code: str, fiscal_year: int) -> dict[str, Target]:
    t = schema.indicator_target
    rows = conn.execute(
        sa.select(t.c.area_code, t.c.target_value, t.c.target_low, t.c.target_high).where(
            t.c.indicator_code == indicator_code, t.c.fiscal_year_be == fiscal_year
        )
    )
    return {row.area_code: Target(row.target_value, row.target_low, row.target_high) for row in rows}


def area_target(ind: dict, table: dict[str, Target], level: Level, area: str, provinces_of_area: Iterable[str]) -> Target:
    """The target that applies to an area.

    Its own target if set. Otherwise a rate shares the national target, while a count's regional target is
    the sum of its provinces' targets (a national count target means nothing for one province).
    """
    if area in table:
        return table[area]
    if ind["aggregation"] == "ratio":
        return table.get(NATION, Target())
    if level == "region":
        parts = [table.get(p) for p in provinces_of_area]
        if parts and all(t is not None and t.value is not None for t in parts):
            return Target(value=sum(t.value for t in parts))
    return Target()


def area_results(
    conn: Connection,
    indicator_code: str,
    level: Level,
    fiscal_year: int | None = None,
    scheme: str | None = None,
    period_no: int | None = None,
) -> dict:
    """Value, numerator, denominator, target and status for every area of a level (no data included).

    Returns {"indicator", "fiscal_year_be", "period_no", "areas": [...]}; areas without a result have
    value None and status "no_data".
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}")
    ind = indicator(conn, indicator_code)
    if fiscal_year is None:
        years = fiscal_years(conn, indicator_code)
        fiscal_year = years[0] if years else None
    scheme = resolve_scheme(conn, scheme)
    area_list = _areas(conn, level, scheme)
    if fiscal_year is not None and period_no is None:
        period_no = reporting_period(conn, indicator_code, fiscal_year)
    aggregates = {}
    if fiscal_year is not None and period_no is not None:
        where = [r.c.fiscal_year_be == fiscal_year, r.c.period_no == period_no]
        if level == "province":
            rows = _aggregate_rows(conn, ind, [r.c.province_code.label("area")], where, None)
        elif level == "region":
            rows = _aggregate_rows(conn, ind, [rp.c.region_code.label("area")], where, scheme)
        else:
            rows = _aggregate_rows(conn, ind, [], where, None)
        aggregates = {(row.area if level != "nation" else NATION): row for row in rows}
    target_table = targets(conn, indicator_code, fiscal_year) if fiscal_year is not None else {}
    results = []
    for area in area_list:
        row = aggregates.get(area["code"])
        numerator = row.numerator if row is not None and ind["aggregation"] == "ratio" else None
        denominator = row.denominator if row is not None and ind["aggregation"] == "ratio" else None
        value = _value(ind, numerator, denominator, row.value_sum) if row is not None else None
        target = area_target(ind, target_table, level, area["code"], area["provinces"])
        results.append(
            {
                "area": area["code"],
                "name_th": area["name_th"],
                "name_en": area["name_en"],
                "value": value,
                "numerator": numerator,
                "denominator": denominator,
                "target": target.value,
                "target_low": target.low,
                "target_high": target.high,
                "status": status_of(value, ind["direction"], target, ind["yellow_gap"], ind["orange_gap"]),
                "provinces_reporting": row.reporting if row is not None else 0,
                "provinces_expected": len(area["provinces"]),
            }
        )
    return {"indicator": ind, "fiscal_year_be": fiscal_year, "period_no": period_no, "scheme": scheme, "areas": results}


def _areas(conn: Connection, level: Level, scheme: str) -> list[dict]:
    all_provinces = provinces(conn)
    if level == "province":
        return [p | {"provinces": [p["code"]]} for p in all_provinces]
    if level == "region":
        return regions(conn, scheme)
    return [{"code": NATION, "name_th": "ประเทศไทย", "name_en": "Thailand", "provinces": [p["code"] for p in all_provinces]}]

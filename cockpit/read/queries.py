"""Read queries: every figure the API and the screens show comes from a function here.

Province results are the only stored values. A region's or the nation's value is computed from its
provinces' numerators and denominators (ratio of sums, as DHIS2 does), or summed for count indicators;
never an average of percentages. An indicator that `accumulates` (a flow such as teachers trained) is
counted year to date: the sum of its periods up to the reporting period, against its target pro-rated to
that period. All figures of one indicator and fiscal year refer to one reporting
period: the latest period of that year with any data (or the one asked for), so areas are compared like
for like and a province that has not reported that period shows "no data". A flow's area that lacks any
of the periods up to the reporting period (a province that skipped a quarter, or a region with such a
province) is "incomplete": its sum is shown, with how many province-periods it lacks, but never judged.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cockpit.read import approval
from cockpit.rules.status import Target, incomplete_status, status_of
from cockpit.rules.thai_time import PERIODS_PER_YEAR
from cockpit.store import schema
from cockpit.store.database import READ_MEMO, get_info

Level = Literal["nation", "region", "province"]
LEVELS: tuple[Level, ...] = ("nation", "region", "province")
NATION = "TH"

r = schema.indicator_result
rp = schema.region_province


class NotFound(LookupError):
    """A code (indicator, region, scheme, province) that the store does not know."""


def _copy(value):
    """A copy two levels deep, so a caller that changes what it was given does not change the remembered answer."""
    if isinstance(value, list):
        return [dict(item) if isinstance(item, dict) else item for item in value]
    if isinstance(value, dict):
        return {key: dict(item) if isinstance(item, dict) else item for key, item in value.items()}
    return value


def per_read(function: Callable) -> Callable:
    """Ask the store once per store.read(): a page's view asks for the catalogue, the regions or a year's targets
    from several places (up to nine times on the indicator page); within one read they cannot change."""

    @functools.wraps(function)
    def remembered(conn: Connection, *args, **kwargs):
        memo = conn.info.get(READ_MEMO)
        if memo is None:
            return function(conn, *args, **kwargs)
        key = (function.__name__, args, tuple(sorted(kwargs.items())))
        try:
            known = key in memo
        except TypeError:  # an argument that cannot be a key (a list): asked every time
            return function(conn, *args, **kwargs)
        if not known:
            memo[key] = function(conn, *args, **kwargs)
        return _copy(memo[key])

    return remembered


@per_read
def provinces(conn: Connection) -> list[dict]:
    p = schema.province
    rows = conn.execute(sa.select(p.c.code, p.c.name_th, p.c.name_en, p.c.abbr_th).order_by(p.c.code))
    return [dict(row._mapping) for row in rows]


@per_read
def schemes(conn: Connection) -> list[dict]:
    s = schema.region_scheme
    rows = conn.execute(sa.select(s).where(s.c.retired_at.is_(None)).order_by(s.c.is_default.desc(), s.c.code))
    return [dict(row._mapping) for row in rows]


@per_read
def default_scheme(conn: Connection) -> str:
    s = schema.region_scheme
    return conn.execute(sa.select(s.c.code).where(s.c.is_default, s.c.retired_at.is_(None))).scalar_one()


def resolve_scheme(conn: Connection, scheme: str | None) -> str:
    if scheme is None:
        return default_scheme(conn)
    if scheme not in {s["code"] for s in schemes(conn)}:
        raise NotFound(f"unknown region scheme {scheme!r}")
    return scheme


@per_read
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
        sa.select(g.c.code, g.c.name_th, g.c.name_en)
        .where(g.c.scheme_code == scheme, g.c.retired_at.is_(None))
        .order_by(g.c.sort_order)
    )
    return [dict(row._mapping) | {"scheme": scheme, "provinces": members.get(row.code, [])} for row in rows]


@per_read
def agencies(conn: Connection) -> list[dict]:
    a = schema.agency
    return [dict(row._mapping) for row in conn.execute(sa.select(a).where(a.c.retired_at.is_(None)).order_by(a.c.code))]


def service_areas(conn: Connection, province_code: str) -> list[dict]:
    """The educational service areas (สพป. and สพม.) that cover a province."""
    area, link = schema.service_area, schema.service_area_province
    rows = conn.execute(
        sa.select(area)
        .join(link, link.c.service_area_code == area.c.code)
        .where(link.c.province_code == province_code, area.c.retired_at.is_(None))
        .order_by(area.c.kind, area.c.code)
    )
    return [dict(row._mapping) for row in rows]


@per_read
def chain_nodes(conn: Connection) -> list[dict]:
    """The active XYZ nodes (a node an import retired is hidden)."""
    c = schema.chain_node
    rows = conn.execute(sa.select(c).where(c.c.retired_at.is_(None)).order_by(c.c.sort_order, c.c.code))
    return [dict(row._mapping) for row in rows]


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


@per_read
def indicators(conn: Connection, with_chain: bool = True) -> list[dict]:
    """Every active indicator with its definition and its links along the XYZ chain (retired ones are hidden);
    without the chain for a write's checks, which need only the definitions (one query fewer per write)."""
    i = schema.indicator
    rows = conn.execute(sa.select(i).where(i.c.retired_at.is_(None)).order_by(i.c.sort_order, i.c.code)).all()
    if not with_chain:
        return [dict(row._mapping) for row in rows]
    nodes = {n["code"]: n for n in chain_nodes(conn)}
    return [dict(row._mapping) | {"chain": chain_path(nodes, row.chain_node_code)} for row in rows]


@per_read
def indicator(conn: Connection, code: str) -> dict:
    i = schema.indicator
    row = conn.execute(sa.select(i).where(i.c.code == code, i.c.retired_at.is_(None))).first()
    if row is None:
        raise NotFound(f"unknown indicator {code!r}")
    return dict(row._mapping)


def dataset_info(conn: Connection, with_emptiness: bool = True) -> dict:
    """Data version, last write time, whether the store holds the demo dataset and what it still lacks.
    The version poll (every open page, every second) leaves out the emptiness: it only needs the version."""
    v = conn.execute(sa.select(schema.data_version.c.version, schema.data_version.c.updated_at)).one()
    info = {
        "version": v.version,
        "updated_at": v.updated_at,
        "dataset": get_info(conn, "dataset") or "live",
        "demo_seed": get_info(conn, "demo_seed"),
    }
    if with_emptiness:
        info["empty"] = emptiness(conn)
    return info


NO_CATALOGUE, NO_RESULTS = "no_catalogue", "no_results"


def emptiness(conn: Connection) -> str | None:
    """What a store still lacks before its pages can show figures: "no_catalogue" (no active indicator),
    "no_results" (indicators, but no result reported yet) or None. Two EXISTS queries."""
    i = schema.indicator
    if not conn.execute(sa.select(sa.exists().where(i.c.retired_at.is_(None)))).scalar():
        return NO_CATALOGUE
    if not conn.execute(sa.select(sa.exists().select_from(r))).scalar():
        return NO_RESULTS
    return None


@per_read
def fiscal_years(conn: Connection, indicator_code: str | None = None) -> list[int]:
    """Fiscal years (BE) with any result, newest first."""
    query = sa.select(r.c.fiscal_year_be).distinct().order_by(r.c.fiscal_year_be.desc())
    if indicator_code:
        query = query.where(r.c.indicator_code == indicator_code)
    return [row[0] for row in conn.execute(query)]


@per_read
def reporting_periods(conn: Connection, fiscal_year: int) -> dict[str, int]:
    """Each indicator's latest reported period of a fiscal year."""
    query = (
        sa.select(r.c.indicator_code, sa.func.max(r.c.period_no))
        .where(r.c.fiscal_year_be == fiscal_year)
        .group_by(r.c.indicator_code)
    )
    return {code: period for code, period in conn.execute(query)}


def reporting_period(conn: Connection, indicator_code: str, fiscal_year: int) -> int | None:
    """The latest period of the fiscal year for which any province has reported this indicator."""
    return conn.execute(
        sa.select(sa.func.max(r.c.period_no)).where(
            r.c.indicator_code == indicator_code, r.c.fiscal_year_be == fiscal_year
        )
    ).scalar()


def periods(conn: Connection, indicator_code: str, fiscal_year: int) -> list[int]:
    """The periods of a fiscal year for which any province has reported this indicator, in order."""
    query = (
        sa.select(r.c.period_no)
        .distinct()
        .where(r.c.indicator_code == indicator_code, r.c.fiscal_year_be == fiscal_year)
        .order_by(r.c.period_no)
    )
    return [row[0] for row in conn.execute(query)]


def latest_periods(conn: Connection) -> dict[str, dict]:
    """Each indicator's latest reported period over all fiscal years and when it was last written,
    {code: {"fiscal_year_be", "period_no", "written_at"}}: what its freshness is judged on."""
    latest_year = (
        sa.select(r.c.indicator_code, sa.func.max(r.c.fiscal_year_be).label("fy"))
        .group_by(r.c.indicator_code)
        .subquery()
    )
    query = (
        sa.select(r.c.indicator_code, latest_year.c.fy, sa.func.max(r.c.period_no), sa.func.max(r.c.updated_at))
        .join(
            latest_year,
            sa.and_(latest_year.c.indicator_code == r.c.indicator_code, latest_year.c.fy == r.c.fiscal_year_be),
        )
        .group_by(r.c.indicator_code, latest_year.c.fy)
    )
    return {
        code: {"fiscal_year_be": fy, "period_no": period, "written_at": written}
        for code, fy, period, written in conn.execute(query)
    }


def results_updated_at(conn: Connection, fiscal_year: int) -> dict[str, dt.datetime]:
    """When each indicator's results of a fiscal year were last written: {indicator code: time}."""
    query = (
        sa.select(r.c.indicator_code, sa.func.max(r.c.updated_at))
        .where(r.c.fiscal_year_be == fiscal_year)
        .group_by(r.c.indicator_code)
    )
    return {code: moment for code, moment in conn.execute(query)}


def _usable() -> sa.ColumnElement[bool]:
    """Rows that can take part in their indicator's aggregation: both parts of a rate, or a count's value."""
    i = schema.indicator
    return sa.or_(
        sa.and_(i.c.aggregation == "ratio", r.c.numerator.is_not(None), r.c.denominator.is_not(None)),
        sa.and_(i.c.aggregation == "sum", r.c.value.is_not(None)),
    )


def _area_column(level: Level) -> sa.ColumnElement:
    if level == "province":
        return r.c.province_code.label("area")
    if level == "region":
        return rp.c.region_code.label("area")
    return sa.literal(NATION).label("area")


def in_period(to_date: sa.ColumnElement[bool], at: sa.ColumnElement[bool]) -> sa.ColumnElement[bool]:
    """Rows of the reporting period: every period up to it for an accumulating indicator, else that one."""
    i = schema.indicator
    return sa.or_(
        sa.and_(i.c.accumulates.is_(True), to_date), sa.and_(sa.not_(sa.func.coalesce(i.c.accumulates, False)), at)
    )


def to_date(ind: dict, target: Target, period_no: int | None) -> Target:
    """An accumulating indicator's yearly target pro-rated to the reporting period (Q2 of 4: half of it)."""
    if not ind.get("accumulates") or period_no is None or not target.is_set:
        return target
    share = period_no / PERIODS_PER_YEAR[ind["frequency"]]

    def scale(v: float | None) -> float | None:
        return None if v is None else v * share

    return Target(scale(target.value), scale(target.low), scale(target.high))


def aggregate(
    conn: Connection,
    level: Level,
    scheme: str,
    where: list,
    by_period: bool = False,
    latest_period_of: int | None = None,
    unapproved: bool = False,
) -> list:
    """Sum numerators, denominators and values per indicator and area: the one SQL path behind every figure.

    `latest_period_of=FY` keeps, for each indicator, its latest reported period of that fiscal year (and the
    periods before it for an accumulating indicator); `by_period=True` groups by fiscal year and period too.
    Results not yet approved as far as their indicator asks are left out (they show as missing, never as 0)
    unless the store-wide setting lets them show, or `unapproved=True` (a region's or province's own pages,
    which mark them instead).
    """
    i = schema.indicator
    source = r.join(i, i.c.code == r.c.indicator_code)
    if level == "region":
        source = source.join(rp, sa.and_(rp.c.province_code == r.c.province_code, rp.c.scheme_code == scheme))
    conditions = [_usable(), *where]
    if not unapproved:
        conditions.append(approval.counted())
    if latest_period_of is not None:
        latest = (
            sa.select(r.c.indicator_code.label("code"), sa.func.max(r.c.period_no).label("period_no"))
            .where(r.c.fiscal_year_be == latest_period_of)
            .group_by(r.c.indicator_code)
            .subquery("latest")
        )
        source = source.join(latest, latest.c.code == r.c.indicator_code)
        conditions += [
            r.c.fiscal_year_be == latest_period_of,
            in_period(r.c.period_no <= latest.c.period_no, r.c.period_no == latest.c.period_no),
        ]
    area = _area_column(level)
    keys = [r.c.indicator_code, area]
    if by_period:
        keys += [r.c.fiscal_year_be, r.c.period_no]
    group = [r.c.indicator_code, r.c.fiscal_year_be, r.c.period_no] if by_period else [r.c.indicator_code]
    if level != "nation":
        group.append(area)
    query = (
        sa.select(
            *keys,
            sa.func.max(r.c.period_no).label("last_period"),
            sa.func.sum(r.c.numerator).label("numerator"),
            sa.func.sum(r.c.denominator).label("denominator"),
            sa.func.sum(r.c.value).label("value_sum"),
            sa.func.count(sa.distinct(r.c.province_code)).label("reporting"),
            # One row per province and period (the primary key), so this counts the province-periods summed.
            sa.func.count().label("province_periods"),
        )
        .select_from(source)
        .where(*conditions)
        .group_by(*group)
    )
    return conn.execute(query).all()


def figure(ind: dict, row) -> tuple[float | None, float | None, float | None]:
    """(value, numerator, denominator) of one aggregated row; a rate is sum(num) / sum(den) * multiplier."""
    if row is None:
        return None, None, None
    if ind["aggregation"] == "ratio":
        if row.numerator is None or not row.denominator:
            return None, None, None
        return row.numerator / row.denominator * ind["multiplier"], row.numerator, row.denominator
    return row.value_sum, None, None


@per_read
def targets(conn: Connection, fiscal_year: int, indicator_code: str | None = None) -> dict[str, dict[str, Target]]:
    """Targets of a fiscal year: {indicator code: {area code: Target}}."""
    t = schema.indicator_target
    query = sa.select(t.c.indicator_code, t.c.area_code, t.c.target_value, t.c.target_low, t.c.target_high).where(
        t.c.fiscal_year_be == fiscal_year
    )
    if indicator_code is not None:
        query = query.where(t.c.indicator_code == indicator_code)
    table: dict[str, dict[str, Target]] = {}
    for row in conn.execute(query):
        table.setdefault(row.indicator_code, {})[row.area_code] = Target(
            row.target_value, row.target_low, row.target_high
        )
    return table


def targets_by_year(
    conn: Connection, fiscal_years: Iterable[int], indicator_codes: list[str] | None = None
) -> dict[int, dict[str, dict[str, Target]]]:
    """Targets of several fiscal years in one statement: {fiscal year: {indicator code: {area code: Target}}}.
    A trend reads all its years at once, so its cost does not grow with the years of history."""
    t = schema.indicator_target
    years = sorted(set(fiscal_years))
    table: dict[int, dict[str, dict[str, Target]]] = {year: {} for year in years}
    if not years:
        return table
    query = sa.select(
        t.c.fiscal_year_be, t.c.indicator_code, t.c.area_code, t.c.target_value, t.c.target_low, t.c.target_high
    ).where(t.c.fiscal_year_be.in_(years))
    if indicator_codes is not None:
        query = query.where(t.c.indicator_code.in_(indicator_codes))
    for row in conn.execute(query):
        table[row.fiscal_year_be].setdefault(row.indicator_code, {})[row.area_code] = Target(
            row.target_value, row.target_low, row.target_high
        )
    return table


def area_target(
    ind: dict, table: dict[str, Target], level: Level, area: str, provinces_of_area: Iterable[str]
) -> Target:
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


@per_read
def areas(conn: Connection, level: Level, scheme: str) -> list[dict]:
    """The areas of a level, each with the provinces it covers."""
    all_provinces = provinces(conn)
    if level == "province":
        return [p | {"provinces": [p["code"]]} for p in all_provinces]
    if level == "region":
        return regions(conn, scheme)
    return [
        {"code": NATION, "name_th": "ประเทศไทย", "name_en": "Thailand", "provinces": [p["code"] for p in all_provinces]}
    ]


def judge(ind: dict, value: float | None, target: Target) -> str:
    """An indicator's status rule on its value as shown (rounded to its decimals); a count's gaps are
    percentages of its target (see cockpit.rules.status)."""
    return status_of(
        value,
        ind["direction"],
        target,
        ind["yellow_gap"],
        ind["orange_gap"],
        relative=ind["aggregation"] == "sum",
        decimals=ind["decimals"],
    )


def periods_missing(ind: dict, row, period_no: int | None) -> int:
    """How many province-periods a flow's figure lacks: each province that reported any period up to the
    reporting period should have all of them (0 for an indicator that does not accumulate)."""
    if not ind.get("accumulates") or row is None or period_no is None:
        return 0
    return max(0, row.reporting * period_no - row.province_periods)


def judged(ind: dict, area: dict, row, target: Target, level: Level, period_no: int | None = None) -> dict:
    """One area's figure with its target and status (incomplete for a flow that lacks periods)."""
    value, numerator, denominator = figure(ind, row)
    missing = periods_missing(ind, row, period_no)
    return {
        "area": area["code"],
        "name_th": area["name_th"],
        "name_en": area["name_en"],
        "value": value,
        "numerator": numerator,
        "denominator": denominator,
        "target": target.value,
        "target_low": target.low,
        "target_high": target.high,
        "status": incomplete_status(judge(ind, value, target), bool(ind.get("accumulates")), missing),
        "periods_missing": missing,
        "provinces_reporting": row.reporting if row is not None else 0,
        "provinces_expected": len(area["provinces"]),
    }


def indicators_with_data(conn: Connection) -> dict[int, int]:
    """How many indicators of the catalogue have any result, per fiscal year (BE)."""
    i = schema.indicator
    query = (
        sa.select(r.c.fiscal_year_be, sa.func.count(sa.distinct(r.c.indicator_code)))
        .join(i, i.c.code == r.c.indicator_code)
        .where(i.c.retired_at.is_(None))
        .group_by(r.c.fiscal_year_be)
    )
    return {year: count for year, count in conn.execute(query)}


def default_fiscal_year(conn: Connection) -> dict:
    """The fiscal year pages and walls show when none is asked for, and why.

    The latest fiscal year in which most of the catalogue (at least half its indicators) has data — so one
    early result for a new year does not move every page to a year of "no data", while the current year takes
    over as soon as most indicators have reported. Without such a year, the one with the most indicators.
    Returns {"fiscal_year_be", "indicators_with_data", "indicators", "latest_fiscal_year_be",
    "latest_indicators_with_data"}; the year is None when there is no result at all.
    """
    counts = indicators_with_data(conn)
    i = schema.indicator
    total = conn.execute(sa.select(sa.func.count()).select_from(i).where(i.c.retired_at.is_(None))).scalar()
    if not counts:
        return {
            "fiscal_year_be": None,
            "indicators_with_data": 0,
            "indicators": total,
            "latest_fiscal_year_be": None,
            "latest_indicators_with_data": 0,
        }
    latest = max(counts)
    most = [year for year, count in counts.items() if 2 * count >= total]
    year = max(most) if most else max(counts, key=lambda y: (counts[y], y))
    return {
        "fiscal_year_be": year,
        "indicators_with_data": counts[year],
        "indicators": total,
        "latest_fiscal_year_be": latest,
        "latest_indicators_with_data": counts[latest],
    }


def latest_fiscal_year(conn: Connection, indicator_code: str | None = None) -> int | None:
    years = fiscal_years(conn, indicator_code)
    return years[0] if years else None


def results_table(
    conn: Connection,
    level: Level,
    fiscal_year: int,
    scheme: str | None = None,
    indicator_codes: list[str] | None = None,
    unapproved: bool = False,
) -> dict[str, list[dict]]:
    """Every indicator's figure for every area of a level in one fiscal year: {indicator code: [area rows]}.

    Each indicator is read at its own latest reported period of the year; areas without data are included
    with status no_data. `unapproved`: count results not yet approved too (see `aggregate`).
    """
    scheme = resolve_scheme(conn, scheme)
    where = [r.c.indicator_code.in_(indicator_codes)] if indicator_codes else []
    rows = aggregate(conn, level, scheme, where, latest_period_of=fiscal_year, unapproved=unapproved)
    by_key = {(row.indicator_code, row.area): row for row in rows}
    area_list = areas(conn, level, scheme)
    target_table = targets(conn, fiscal_year)
    periods_now = reporting_periods(conn, fiscal_year)
    table = {}
    for ind in indicators(conn):
        if indicator_codes and ind["code"] not in indicator_codes:
            continue
        ind_targets = target_table.get(ind["code"], {})
        period_no = periods_now.get(ind["code"])
        table[ind["code"]] = [
            judged(
                ind,
                area,
                by_key.get((ind["code"], area["code"])),
                to_date(ind, area_target(ind, ind_targets, level, area["code"], area["provinces"]), period_no),
                level,
                period_no,
            )
            for area in area_list
        ]
    return table


def area_results(
    conn: Connection,
    indicator_code: str,
    level: Level,
    fiscal_year: int | None = None,
    scheme: str | None = None,
    period_no: int | None = None,
) -> dict:
    """Value, numerator, denominator, target and status of one indicator for every area of a level.

    Returns {"indicator", "fiscal_year_be", "period_no", "scheme", "areas": [...]}; the period is the latest
    reported one of the fiscal year unless given; areas without a result have value None and status no_data.
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}")
    ind = indicator(conn, indicator_code)
    scheme = resolve_scheme(conn, scheme)
    if fiscal_year is None:
        fiscal_year = latest_fiscal_year(conn, indicator_code)
    if fiscal_year is not None and period_no is None:
        period_no = reporting_period(conn, indicator_code, fiscal_year)
    by_area = {}
    if period_no is not None:
        in_time = r.c.period_no <= period_no if ind.get("accumulates") else r.c.period_no == period_no
        where = [r.c.indicator_code == indicator_code, r.c.fiscal_year_be == fiscal_year, in_time]
        by_area = {row.area: row for row in aggregate(conn, level, scheme, where)}
    ind_targets = targets(conn, fiscal_year, indicator_code).get(indicator_code, {}) if fiscal_year else {}
    rows = [
        judged(
            ind,
            area,
            by_area.get(area["code"]),
            to_date(ind, area_target(ind, ind_targets, level, area["code"], area["provinces"]), period_no),
            level,
            period_no,
        )
        for area in areas(conn, level, scheme)
    ]
    return {"indicator": ind, "fiscal_year_be": fiscal_year, "period_no": period_no, "scheme": scheme, "areas": rows}


def period_results(
    conn: Connection,
    indicator_code: str,
    level: Level,
    fiscal_year: int | None = None,
    scheme: str | None = None,
    period_no: int | None = None,
) -> dict:
    """Each area's own figures for every reported period of a fiscal year (or for one period), each beside
    the figure to date with its target and status: one row per area and period.

    What the CSV export writes. A flow's year-to-date total is the sum of its periods; written as if it were
    the last period's figure it would be counted again on import, so each row carries the period's own value
    (`value`) and the total as `value_to_date`. For any other indicator the two are the same.
    """
    ind = indicator(conn, indicator_code)
    scheme = resolve_scheme(conn, scheme)
    if fiscal_year is None:
        fiscal_year = latest_fiscal_year(conn, indicator_code)
    wanted = [period_no] if period_no is not None else periods(conn, indicator_code, fiscal_year or 0)
    if not wanted:
        result = area_results(conn, indicator_code, level, fiscal_year, scheme, period_no)
        return result | {"areas": [a | {"period_no": None, "value_to_date": None} for a in result["areas"]]}
    where = [r.c.indicator_code == indicator_code, r.c.fiscal_year_be == fiscal_year, r.c.period_no.in_(wanted)]
    own = {(row.area, row.period_no): row for row in aggregate(conn, level, scheme, where, by_period=True)}
    rows = []
    for period in wanted:
        to_date = area_results(conn, indicator_code, level, fiscal_year, scheme, period)
        for area in to_date["areas"]:
            value, numerator, denominator = figure(ind, own.get((area["area"], period)))
            rows.append(
                area
                | {
                    "period_no": period,
                    "value": value,
                    "numerator": numerator,
                    "denominator": denominator,
                    "value_to_date": area["value"],
                }
            )
    return {"indicator": ind, "fiscal_year_be": fiscal_year, "scheme": scheme, "areas": rows}


def series(
    conn: Connection,
    level: Level,
    indicator_codes: list[str],
    scheme: str | None = None,
    area_codes: list[str] | None = None,
    unapproved: bool = False,
) -> dict[tuple[str, str], list[dict]]:
    """Trends: each indicator's value per reported period, per area, with the target of each fiscal year.

    Returns {(indicator code, area code): [{"fiscal_year_be", "period_no", "value", "target", "status"}...]}
    in time order, computed by the same aggregation as every other figure. A flow's point lacking periods
    (see `periods_missing`) is incomplete, as on every other screen.
    """
    scheme = resolve_scheme(conn, scheme)
    where = [r.c.indicator_code.in_(indicator_codes)]
    if area_codes is not None and level == "province":
        where.append(r.c.province_code.in_(area_codes))
    if area_codes is not None and level == "region":
        where.append(rp.c.region_code.in_(area_codes))
    rows = aggregate(conn, level, scheme, where, by_period=True, unapproved=unapproved)
    inds = {i["code"]: i for i in indicators(conn) if i["code"] in indicator_codes}
    area_by_code = {a["code"]: a for a in areas(conn, level, scheme)}
    target_tables = targets_by_year(conn, (row.fiscal_year_be for row in rows), indicator_codes)
    flows = [code for code, ind in inds.items() if ind.get("accumulates")]
    starting = _provinces_starting(conn, level, scheme, where, flows) if flows and level != "province" else {}
    out: dict[tuple[str, str], list[dict]] = {}
    running: dict[tuple, _Sums] = {}
    started: dict[tuple, int] = {}
    for row in sorted(rows, key=lambda x: (x.indicator_code, x.area, x.fiscal_year_be, x.period_no)):
        ind = inds[row.indicator_code]
        area = area_by_code[row.area]
        target = area_target(
            ind, target_tables[row.fiscal_year_be].get(ind["code"], {}), level, area["code"], area["provinces"]
        )
        sums: _Sums | object = row
        missing = 0
        if ind.get("accumulates"):
            # Year to date: each point sums its fiscal year's periods so far, against the pro-rated target.
            key = (row.indicator_code, row.area, row.fiscal_year_be)
            sums = running[key] = running.get(key, _Sums()).plus(row)
            target = to_date(ind, target, row.period_no)
            # Provinces that have reported any period so far, each owing every period up to this one.
            new = 1 if level == "province" and key not in started else starting.get((*key, row.period_no), 0)
            started[key] = started.get(key, 0) + new
            missing = max(0, started[key] * row.period_no - sums.province_periods)
        value = figure(ind, sums)[0]
        out.setdefault((ind["code"], area["code"]), []).append(
            {
                "fiscal_year_be": row.fiscal_year_be,
                "period_no": row.period_no,
                "value": value,
                "target": target.value if target.value is not None else target.low,
                "target_low": target.low,
                "target_high": target.high,
                "status": incomplete_status(judge(ind, value, target), bool(ind.get("accumulates")), missing),
                "periods_missing": missing,
            }
        )
    return out


def _provinces_starting(conn: Connection, level: Level, scheme: str, where: list, codes: list[str]) -> dict:
    """How many provinces of each area first reported a flow in each period of a fiscal year:
    {(indicator code, area code, fiscal year, period): provinces}, so a trend knows how many periods are owed."""
    i = schema.indicator
    source = r.join(i, i.c.code == r.c.indicator_code)
    if level == "region":
        source = source.join(rp, sa.and_(rp.c.province_code == r.c.province_code, rp.c.scheme_code == scheme))
    area = _area_column(level)
    group = [r.c.indicator_code, r.c.province_code, r.c.fiscal_year_be] + ([area] if level != "nation" else [])
    first = (
        sa.select(r.c.indicator_code, area, r.c.fiscal_year_be, sa.func.min(r.c.period_no).label("first_period"))
        .select_from(source)
        .where(_usable(), r.c.indicator_code.in_(codes), *where)
        .group_by(*group)
        .subquery("first")
    )
    query = sa.select(
        first.c.indicator_code, first.c.area, first.c.fiscal_year_be, first.c.first_period, sa.func.count()
    ).group_by(first.c.indicator_code, first.c.area, first.c.fiscal_year_be, first.c.first_period)
    return {(code, area_code, year, period): n for code, area_code, year, period, n in conn.execute(query)}


@dataclass(frozen=True)
class _Sums:
    """Running totals of aggregated rows (numerator, denominator, value), missing parts staying missing."""

    numerator: float | None = None
    denominator: float | None = None
    value_sum: float | None = None
    province_periods: int = 0

    def plus(self, row) -> _Sums:
        def add(a: float | None, b: float | None) -> float | None:
            return a if b is None else (b if a is None else a + b)

        return _Sums(
            add(self.numerator, row.numerator),
            add(self.denominator, row.denominator),
            add(self.value_sum, row.value_sum),
            self.province_periods + row.province_periods,
        )

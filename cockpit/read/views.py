"""What each page shows, as plain data: the screens' single entry into the queries.

Each function takes the choices that shape a view (fiscal year, indicator, region scheme, chain node) and
returns dicts and lists only, so layouts can render them without touching the store, and a figure on a
screen can be followed from its callback to the SQL in `cockpit.queries` in one path.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Connection

from cockpit.read import approval, checks, crises, queries, schools
from cockpit.read import forecast as forecasts
from cockpit.read.completeness import reporting_completeness
from cockpit.read.queries import NotFound
from cockpit.rules import freshness
from cockpit.rules.approval import ACCEPT, APPROVE, UNAPPROVE
from cockpit.rules.status import COUNTED, INCOMPLETE, NO_DATA, roll_up, shortfall
from cockpit.rules.status import Target as _Target

STAGES = ("upstream", "midstream", "downstream")
PROVINCE_CRISES_SHOWN = 20


def _choose_year(conn: Connection, fiscal_year: int | None) -> tuple[int | None, list[int], dict | None]:
    """The fiscal year asked for if it has data, else the default one with why it was chosen (else None)."""
    years = queries.fiscal_years(conn)
    if fiscal_year in years:
        return fiscal_year, years, None
    default = queries.default_fiscal_year(conn)
    return default["fiscal_year_be"], years, default


def _choose_indicator(all_indicators: list[dict], code: str | None) -> dict | None:
    """The indicator asked for, else the first key indicator, else the first; None without a catalogue."""
    by_code = {i["code"]: i for i in all_indicators}
    if code in by_code:
        return by_code[code]
    return next((i for i in all_indicators if i["is_key"]), all_indicators[0] if all_indicators else None)


def indicator_freshness(conn: Connection, all_indicators: list[dict], today: dt.date | None = None) -> dict:
    """Each indicator's freshness: {code: {"as_of" (last write), "stale", "due"}} (cockpit.rules.freshness)."""
    today = today or freshness.bangkok_today()
    latest = queries.latest_periods(conn)
    out = {}
    for ind in all_indicators:
        mine = latest.get(ind["code"])
        judged = freshness.indicator_freshness(
            (mine["fiscal_year_be"], mine["period_no"]) if mine else None,
            ind["frequency"],
            today,
            ind.get("stale_after_days"),
            ind.get("calendar"),
        )
        out[ind["code"]] = {"as_of": mine["written_at"] if mine else None, "stale": judged.stale, "due": judged.due}
    return out


def _base(conn: Connection, fiscal_year: int | None, scheme: str | None) -> dict:
    year, years, default = _choose_year(conn, fiscal_year)
    all_indicators = queries.indicators(conn)
    return {
        "freshness": indicator_freshness(conn, all_indicators),
        "fiscal_year_be": year,
        "fiscal_years": years,
        "fiscal_year_default": default,
        "scheme": queries.resolve_scheme(conn, scheme),
        "schemes": queries.schemes(conn),
        "indicators": all_indicators,
        "dataset": queries.dataset_info(conn),
    }


def rank_areas(ind: dict, rows: list[dict]) -> list[dict]:
    """Best first by the indicator's direction; areas without data are listed last and not ranked.

    Rates rank by value. A count (teachers trained, schools closed) would favour big provinces, so it ranks
    by its share of the area's own target, and an area without a target is not ranked. A range indicator
    ranks by the distance outside its band. Ties share a rank. An incomplete flow is not ranked either.
    """
    by_target = ind.get("aggregation") == "sum"

    def rankable(row: dict) -> bool:
        # An incomplete flow is never judged, so never ranked: its sum lacks periods the others have.
        complete = row.get("status") != INCOMPLETE
        return row["value"] is not None and complete and (not by_target or bool(row.get("target")))

    def badness(row: dict) -> float:
        value = row["value"] / row["target"] if by_target else row["value"]
        if ind["direction"] == "higher":
            return -value
        if ind["direction"] == "lower":
            return value
        if row["target_low"] is None or row["target_high"] is None:
            return 0.0
        return shortfall(row["value"], "range", _Target(low=row["target_low"], high=row["target_high"]))

    with_data = sorted((r for r in rows if rankable(r)), key=badness)
    ranked, previous, rank = [], None, 0
    for position, row in enumerate(with_data, start=1):
        score = badness(row)
        if score != previous:
            rank, previous = position, score
        ranked.append(row | {"rank": rank, "ranked_of": len(with_data)})
    rest = [r for r in rows if r["value"] is not None and not rankable(r)] + [r for r in rows if r["value"] is None]
    return ranked + [row | {"rank": None, "ranked_of": len(with_data)} for row in rest]


def _status_counts(statuses: list[str]) -> dict[str, int]:
    return {status: statuses.count(status) for status in COUNTED}


def chain_tree(conn: Connection, fiscal_year: int | None, national: dict | None = None) -> dict:
    """The XYZ chain as a tree with each indicator's national status rolled up to X, Y1, Y2 and Z.

    `national` is the nation-level results table of that year when the caller already has it.
    """
    year, _, _ = _choose_year(conn, fiscal_year)
    nodes = queries.chain_nodes(conn)
    if national is None:
        national = queries.results_table(conn, "nation", year) if year else {}
    by_parent: dict[str | None, list[dict]] = {}
    for node in nodes:
        by_parent.setdefault(node["parent_code"], []).append(node)
    abbr = {a["code"]: a["abbr_th"] for a in queries.agencies(conn)}  # สพฐ. for OBEC, on Thai pages
    inds_by_node: dict[str, list[dict]] = {}
    for ind in queries.indicators(conn):
        row = national.get(ind["code"], [None])[0]
        inds_by_node.setdefault(ind["chain_node_code"], []).append(
            {
                "code": ind["code"],
                "name_th": ind["name_th"],
                "name_en": ind["name_en"],
                "status": row["status"] if row else NO_DATA,
                "value": row["value"] if row else None,
                "target": row["target"] if row else None,
                "unit_label_th": ind["unit_label_th"],
                "unit_label_en": ind["unit_label_en"],
                "decimals": ind["decimals"],
                "host_agency_code": ind["host_agency_code"],
                "host_abbr_th": abbr.get(ind["host_agency_code"]),
            }
        )

    def build(node: dict) -> dict:
        children = [build(child) for child in by_parent.get(node["code"], [])]
        own = inds_by_node.get(node["code"], [])
        statuses = [c["status"] for c in children] + [i["status"] for i in own]
        return {
            "code": node["code"],
            "level": node["level"],
            "name_th": node["name_th"],
            "name_en": node["name_en"],
            "value_chain_stage": node["value_chain_stage"],
            "host_agency_code": node["host_agency_code"],
            "host_abbr_th": abbr.get(node["host_agency_code"]),
            "status": roll_up(statuses),
            "counts": _status_counts(statuses),
            "children": children,
            "indicators": own,
        }

    roots = [build(node) for node in by_parent.get(None, [])]
    return {"fiscal_year_be": year, "roots": roots}


def find_node(tree_nodes: list[dict], code: str) -> dict | None:
    for node in tree_nodes:
        if node["code"] == code:
            return node
        found = find_node(node["children"], code)
        if found:
            return found
    return None


def _subtree_indicators(node: dict) -> list[dict]:
    return node["indicators"] + [i for child in node["children"] for i in _subtree_indicators(child)]


def flatten_tree(tree_nodes: list[dict], depth: int = 0) -> list[dict]:
    out = []
    for node in tree_nodes:
        out.append({k: v for k, v in node.items() if k != "children"} | {"depth": depth})
        out.extend(flatten_tree(node["children"], depth + 1))
    return out


def nation_view(
    conn: Connection, fiscal_year: int | None = None, indicator_code: str | None = None, scheme: str | None = None
) -> dict:
    """/ : the chain's goals, key indicators with trend, the map and regions for one indicator, active crises."""
    view = _base(conn, fiscal_year, scheme)
    year, inds = view["fiscal_year_be"], view["indicators"]
    chosen = _choose_indicator(inds, indicator_code)
    national = queries.results_table(conn, "nation", year) if year else {}
    key_codes = [i["code"] for i in inds if i["is_key"]]
    trends = queries.series(conn, "nation", key_codes)
    tiles = [
        {"indicator": i, "result": national[i["code"]][0], "trend": trends.get((i["code"], queries.NATION), [])}
        for i in inds
        if i["is_key"] and i["code"] in national
    ]
    region_table = queries.results_table(conn, "region", year, view["scheme"]) if year else {}
    counts = {}
    for rows in region_table.values():
        for row in rows:
            counts.setdefault(row["area"], []).append(row["status"])
    regions = rank_areas(chosen, region_table.get(chosen["code"], [])) if chosen else []
    for row in regions:
        row["counts"] = _status_counts(counts.get(row["area"], []))
    tree = chain_tree(conn, year, national)
    goals = [n for n in flatten_tree(tree["roots"]) if n["level"] in ("Z", "Y2", "Y1")]
    return view | {
        "indicator": chosen,
        "tiles": tiles,
        "goals": goals,
        "map": queries.results_table(conn, "province", year, indicator_codes=[chosen["code"]])[chosen["code"]]
        if year and chosen
        else [],
        "regions": regions,
        "crises": crises.list_crises(conn, statuses=crises.OPEN_STATUSES),
    }


def region_view(
    conn: Connection,
    region_code: str,
    fiscal_year: int | None = None,
    indicator_code: str | None = None,
    scheme: str | None = None,
) -> dict:
    """/region/<code>: its provinces on the map, a province x indicator status grid, its crises, its rank."""
    view = _base(conn, fiscal_year, scheme)
    region = next((g for g in queries.regions(conn, view["scheme"]) if g["code"] == region_code), None)
    if region is None:
        raise NotFound(f"unknown region {region_code!r} in scheme {view['scheme']!r}")
    year, inds = view["fiscal_year_be"], view["indicators"]
    chosen = _choose_indicator(inds, indicator_code)
    members = set(region["provinces"])
    # The office's own page: its provinces' results not yet approved are shown, marked (the national pages
    # leave them out).
    province_table = queries.results_table(conn, "province", year, unapproved=True) if year else {}
    grid = [
        {
            "indicator": i,
            "cells": {row["area"]: row for row in province_table.get(i["code"], []) if row["area"] in members},
        }
        for i in inds
    ]
    province_rows = [r for r in province_table.get(chosen["code"], []) if r["area"] in members] if chosen else []
    comparison = (
        rank_areas(
            chosen, queries.results_table(conn, "region", year, view["scheme"], [chosen["code"]])[chosen["code"]]
        )
        if year and chosen
        else []
    )
    chosen_period = queries.reporting_period(conn, chosen["code"], year) if year and chosen else None
    return view | {
        "region": region,
        "indicator": chosen,
        "completeness": (
            reporting_completeness(
                conn, chosen, year, chosen_period, [p for p in queries.provinces(conn) if p["code"] in members]
            )
            if chosen_period
            else None
        ),
        "provinces": [p for p in queries.provinces(conn) if p["code"] in members],
        "map": province_rows,
        "grid": grid,
        "comparison": comparison,
        "crises": crises.list_crises(conn, statuses=crises.OPEN_STATUSES, provinces=sorted(members)),
        "to_check": checks.values_to_check(conn, members),
        "flagged": checks.flagged_results(conn, year, members),
        "awaiting": approval.awaiting_results(conn, year, members),
        "awaiting_approval": approval.awaiting(conn, APPROVE, members),
        "awaiting_acceptance": approval.awaiting(conn, ACCEPT, members),
        "approved_results": approval.awaiting(conn, UNAPPROVE, members),
    }


def province_view(
    conn: Connection,
    province_code: str,
    fiscal_year: int | None = None,
    scheme: str | None = None,
    indicator_code: str | None = None,
) -> dict:
    """/province/<ISO code>: indicator cards by value-chain stage with trend, rank, service areas (with their
    figure on the chosen indicator when their schools report it), crises."""
    view = _base(conn, fiscal_year, scheme)
    province = next((p for p in queries.provinces(conn) if p["code"] == province_code), None)
    if province is None:
        raise NotFound(f"unknown province {province_code!r}")
    year, inds = view["fiscal_year_be"], view["indicators"]
    region = next((g for g in queries.regions(conn, view["scheme"]) if province_code in g["provinces"]), None)
    if region is None:
        raise NotFound(f"province {province_code} is in no region of scheme {view['scheme']!r}")
    province_table = queries.results_table(conn, "province", year, unapproved=True) if year else {}
    trends = queries.series(conn, "province", [i["code"] for i in inds], area_codes=[province_code], unapproved=True)
    agencies = {a["code"]: a for a in queries.agencies(conn)}
    flagged = checks.flagged_results(conn, year, [province_code])
    projected = forecasts.projections(conn, "province", inds, year, view["scheme"], [province_code])
    awaiting = approval.awaiting_results(conn, year, [province_code])
    cards = []
    for ind in inds:
        ranked = rank_areas(ind, province_table.get(ind["code"], []))
        mine = next((row for row in ranked if row["area"] == province_code), None)
        cards.append(
            {
                "indicator": ind,
                "result": mine,
                "trend": trends.get((ind["code"], province_code), []),
                "agency": agencies.get(ind["host_agency_code"]),
                "to_check": (ind["code"], province_code) in flagged,
                "forecast": projected.get((ind["code"], province_code)),
                "awaiting": (ind["code"], province_code) in awaiting,
            }
        )
    by_stage = {stage: [c for c in cards if c["indicator"]["value_chain_stage"] == stage] for stage in STAGES}
    province_crises = crises.list_crises(conn, provinces=[province_code], with_log=True)
    return view | {
        "province": province,
        "region": region,
        "stages": by_stage,
        "service_areas": queries.service_areas(conn, province_code),
        "service_area_figures": _service_area_panel(conn, province_code, year, inds, indicator_code),
        "crises": province_crises[:PROVINCE_CRISES_SHOWN],
        "crises_total": len(province_crises),
    }


def _school_indicator(inds: list[dict], with_data: list[str], code: str | None) -> dict | None:
    """The indicator asked for; else the first (key indicators first) that schools report; else the default."""
    by_code = {i["code"]: i for i in inds}
    if code in by_code:
        return by_code[code]
    reported = [i for i in inds if i["code"] in with_data]
    return _choose_indicator(reported, None) or _choose_indicator(inds, None)


def _reporting_period(conn: Connection, ind: dict, year: int, period_no: int | None) -> tuple[list[int], int | None]:
    """The periods of the year with data for an indicator, and the one shown: the asked one, else the latest."""
    periods = queries.periods(conn, ind["code"], year)
    return periods, (period_no if period_no in periods else (periods[-1] if periods else None))


def _service_area_panel(
    conn: Connection, province_code: str, year: int | None, inds: list[dict], indicator_code: str | None
) -> dict | None:
    """The province page's service areas on one indicator (?ind=, else the first its schools report), when any
    school of the province's service areas reports in the year; None otherwise."""
    with_data = schools.indicators_with_school_data(conn, year, province_code=province_code) if year else []
    if not with_data:
        return None
    ind = _school_indicator(inds, with_data, indicator_code)
    _, period = _reporting_period(conn, ind, year, None)
    if period is None:
        return {"indicator": ind, "period_no": None, "figures": {}}
    targets = queries.targets(conn, year, ind["code"]).get(ind["code"], {})
    figures = schools.service_area_figures(conn, ind, year, period, targets, province_code=province_code)
    return {"indicator": ind, "period_no": period, "figures": {row["area"]: row for row in figures}}


def _region_of(conn: Connection, scheme: str, province_code: str) -> dict | None:
    return next((g for g in queries.regions(conn, scheme) if province_code in g["provinces"]), None)


def service_area_view(
    conn: Connection,
    service_area_code: str,
    fiscal_year: int | None = None,
    indicator_code: str | None = None,
    period_no: int | None = None,
    scheme: str | None = None,
    province_code: str | None = None,
) -> dict:
    """/service-area/<code>: its figure and status on one indicator, its schools ranked, those that have not
    reported. `province_code` is the province the trail comes through (a สพม. may span two; default: its first).

    The figures are of the indicator's reporting period of the year (the latest, or `period_no` when it has
    data), as on the indicator page."""
    view = _base(conn, fiscal_year, scheme)
    found = schools.service_area(conn, service_area_code)
    year, inds = view["fiscal_year_be"], view["indicators"]
    provinces = {p["code"]: p for p in queries.provinces(conn)}
    through = province_code if province_code in found["provinces"] else (found["provinces"] or [None])[0]
    province = provinces.get(through)
    region = _region_of(conn, view["scheme"], through) if through else None
    with_data = schools.indicators_with_school_data(conn, year, service_area_code=service_area_code) if year else []
    chosen = _school_indicator(inds, with_data, indicator_code)
    periods, period = _reporting_period(conn, chosen, year, period_no) if chosen and year else ([], None)
    figure, league = None, []
    if period is not None:
        targets = queries.targets(conn, year, chosen["code"]).get(chosen["code"], {})
        figure = schools.service_area_figures(conn, chosen, year, period, targets, service_area_code=service_area_code)[
            0
        ]
        league = rank_areas(chosen, schools.school_figures(conn, chosen, year, period, service_area_code, targets))
    return view | {
        "service_area": found,
        "province": province,
        "provinces": [provinces[code] for code in found["provinces"] if code in provinces],
        "region": region,
        "indicator": chosen,
        "indicators_with_school_data": with_data,
        "has_school_data": bool(with_data),
        "periods": periods,
        "period_no": period,
        "figure": figure,
        "schools": league,
        "not_reporting": [row for row in league if not row["reported"]],
        "counts": _status_counts([row["status"] for row in league]),
    }


def school_view(conn: Connection, school_code: str, fiscal_year: int | None = None, scheme: str | None = None) -> dict:
    """/school/<code>: the school's figure on every indicator it reports in the year (value, target and status at
    the indicator's reporting period) with its trend over the year's periods."""
    view = _base(conn, fiscal_year, scheme)
    found = schools.school(conn, school_code)
    year, inds = view["fiscal_year_be"], view["indicators"]
    trends = schools.school_trends(conn, school_code, year, inds) if year else {}
    periods_now = queries.reporting_periods(conn, year) if year else {}
    rows = []
    for ind in inds:
        if ind["code"] not in trends:
            continue
        trend = trends[ind["code"]]
        period = periods_now.get(ind["code"])
        point = next((p for p in trend if p["period_no"] == period), None)
        rows.append({"indicator": ind, "period_no": period, "result": point, "trend": trend})
    return view | {
        "school": found,
        "province": {
            "code": found["province_code"],
            "name_th": found["province_name_th"],
            "name_en": found["province_name_en"],
        },
        "service_area": {
            "code": found["service_area_code"],
            "name_th": found["service_area_name_th"],
            "name_en": found["service_area_name_en"],
        },
        "region": _region_of(conn, view["scheme"], found["province_code"]),
        "rows": rows,
        "counts": _status_counts([row["result"]["status"] if row["result"] else NO_DATA for row in rows]),
    }


def indicator_view(
    conn: Connection,
    indicator_code: str,
    fiscal_year: int | None = None,
    scheme: str | None = None,
    period_no: int | None = None,
) -> dict:
    """/indicator/<code>: map and ranked provinces, trends nationally and by region, a fair league table.

    The figures are of one reporting period: the latest of the fiscal year, or `period_no` when it has data.
    The change is against the same period of the previous fiscal year.
    """
    view = _base(conn, fiscal_year, scheme)
    ind = queries.indicator(conn, indicator_code)
    ind = next(i for i in view["indicators"] if i["code"] == ind["code"])
    year = view["fiscal_year_be"]
    periods = queries.periods(conn, ind["code"], year) if year else []
    period = period_no if period_no in periods else (periods[-1] if periods else None)

    def figures(level: str, fiscal_year_be: int | None, period_of_year: int | None) -> list[dict]:
        if fiscal_year_be is None or period_of_year is None:
            return []
        return queries.area_results(conn, ind["code"], level, fiscal_year_be, view["scheme"], period_of_year)["areas"]

    provinces_now = figures("province", year, period)
    previous_year = next((y for y in view["fiscal_years"] if year and y < year), None)
    before = {r["area"]: r["value"] for r in figures("province", previous_year, period)}
    league = _league(ind, provinces_now, before)
    national_trend = queries.series(conn, "nation", [ind["code"]]).get((ind["code"], queries.NATION), [])
    region_trends = queries.series(conn, "region", [ind["code"]], view["scheme"])
    regions = queries.regions(conn, view["scheme"])
    agency = next((a for a in queries.agencies(conn) if a["code"] == ind["host_agency_code"]), None)
    return view | {
        "indicator": ind,
        "agency": agency,
        "previous_fiscal_year_be": previous_year,
        "map": provinces_now,
        "league": league,
        "flagged": {p for code, p in checks.flagged_results(conn, year) if code == ind["code"]},
        "national": (figures("nation", year, period) or [None])[0],
        "periods": periods,
        "period_no": period,
        "completeness": reporting_completeness(conn, ind, year, period, queries.provinces(conn)) if period else None,
        "national_trend": national_trend,
        "region_trends": [{"region": g, "trend": region_trends.get((ind["code"], g["code"]), [])} for g in regions],
        "chain": [n for n in flatten_tree(chain_tree(conn, year)["roots"]) if n["code"] in ind["chain"].values()],
        "forecast": forecasts.projections(conn, "province", [ind], year, view["scheme"], up_to_period=period),
        "national_forecast": forecasts.projections(
            conn, "nation", [ind], year, view["scheme"], up_to_period=period
        ).get((ind["code"], queries.NATION)),
        "national_target": forecasts.national_target(conn, ind, year),
        "counts": _status_counts([row["status"] for row in provinces_now]),
    }


def _league(ind: dict, provinces_now: list[dict], before: dict[str, float | None]) -> list[dict]:
    """The provinces ranked, each with its gap to target and its change since the same period a year before."""
    league = []
    for row in rank_areas(ind, provinces_now):
        target = _Target(row["target"], row["target_low"], row["target_high"])
        gap = None
        judged = row["status"] != INCOMPLETE  # an incomplete flow's sum lacks periods: no gap to its target
        if judged and row["value"] is not None and (target.value is not None or target.low is not None):
            gap = shortfall(row["value"], ind["direction"], target)
        last = before.get(row["area"])
        change = row["value"] - last if row["value"] is not None and last is not None else None
        league.append(row | {"gap": gap, "change": change})
    return league


def what_if_view(
    conn: Connection,
    indicator_code: str,
    fiscal_year: int,
    period_no: int,
    scheme: str | None,
    moved: float | None,
    gaps: tuple[float, float] | None = None,
) -> dict:
    """The indicator page's provinces (map, league, counts) and nation judged with the national target of the
    year moved to `moved` (None: as stored) and with the yellow and orange gaps `gaps` (None: the indicator's own).
    Reads only; nothing is written (cockpit.read.forecast.what_if).

    An accumulating indicator's targets are pro-rated to the period, so the moved target is too.
    """
    stored = queries.indicator(conn, indicator_code)
    ind = forecasts.with_gaps(stored, gaps)
    rejudge = gaps is not None
    scheme = queries.resolve_scheme(conn, scheme)
    year_target = forecasts.national_target(conn, ind, fiscal_year)
    national = queries.to_date(ind, year_target, period_no)
    moved_to_date = None if moved is None else queries.to_date(ind, _Target(value=moved), period_no).value

    def figures(level: str, year: int | None) -> list[dict]:
        if year is None:
            return []
        return queries.area_results(conn, ind["code"], level, year, scheme, period_no)["areas"]

    provinces_now = forecasts.what_if(ind, figures("province", fiscal_year), national, moved_to_date, rejudge)
    previous_year = next((y for y in queries.fiscal_years(conn) if y < fiscal_year), None)
    before = {r["area"]: r["value"] for r in figures("province", previous_year)}
    nation = forecasts.what_if(ind, figures("nation", fiscal_year), national, moved_to_date, rejudge)
    return {
        "indicator": ind,
        "map": provinces_now,
        "league": _league(ind, provinces_now, before),
        "national": nation[0] if nation else None,
        "counts": _status_counts([row["status"] for row in provinces_now]),
        "flagged": {p for code, p in checks.flagged_results(conn, fiscal_year) if code == ind["code"]},
        "forecast": forecasts.what_if_projections(
            ind,
            forecasts.projections(conn, "province", [stored], fiscal_year, scheme, up_to_period=period_no),
            year_target,
            moved,
            rejudge,
        ),
        "moved": moved,
        "gaps": gaps,
    }


def chain_view(
    conn: Connection, fiscal_year: int | None = None, node_code: str | None = None, scheme: str | None = None
) -> dict:
    """/chain: the tree with rolled-up status; a chosen node's indicators, red provinces and host agencies."""
    view = _base(conn, fiscal_year, scheme)
    tree = chain_tree(conn, view["fiscal_year_be"])
    node = find_node(tree["roots"], node_code) if node_code else None
    if node_code and node is None:
        raise NotFound(f"unknown chain node {node_code!r}")
    focus = node or (tree["roots"][0] if tree["roots"] else None)
    detail = None
    if focus is not None:
        codes = [i["code"] for i in _subtree_indicators(focus)]
        province_table = (
            queries.results_table(conn, "province", view["fiscal_year_be"], indicator_codes=codes)
            if codes and view["fiscal_year_be"]
            else {}
        )
        red: dict[str, dict] = {}
        for code, rows in province_table.items():
            for row in rows:
                if row["status"] == "red":
                    entry = red.setdefault(
                        row["area"],
                        {"area": row["area"], "name_th": row["name_th"], "name_en": row["name_en"], "indicators": []},
                    )
                    entry["indicators"].append(code)
        agencies = {a["code"]: a for a in queries.agencies(conn)}
        hosts: dict[str, list[str]] = {}
        for item in flatten_tree([focus]):
            if item["host_agency_code"]:
                hosts.setdefault(item["host_agency_code"], []).append(item["status"])
            for ind in item["indicators"]:
                hosts.setdefault(ind["host_agency_code"], []).append(ind["status"])
        detail = {
            "node": {k: v for k, v in focus.items() if k != "children"},
            "path": _ancestors(conn, focus["code"]),
            "indicators": _subtree_indicators(focus),
            "red_provinces": sorted(red.values(), key=lambda e: (-len(e["indicators"]), e["area"])),
            "host_agencies": [
                agencies[code] | {"status": roll_up(statuses), "counts": _status_counts(statuses)}
                for code, statuses in sorted(hosts.items())
                if code in agencies
            ],
        }
    return view | {"tree": tree["roots"], "flat": flatten_tree(tree["roots"]), "selected": node_code, "detail": detail}


def crisis_view(
    conn: Connection, show_closed: bool = False, scheme: str | None = None, crisis_id: int | None = None
) -> dict:
    """/crisis: open crises (or all) with their lifecycle, and totals of schools closed and students affected;
    /crisis/<id>: the same for one event."""
    view = _base(conn, None, scheme)
    events = crises.list_crises(conn, statuses=None if show_closed else crises.OPEN_STATUSES, with_log=True)
    if crisis_id is not None:
        events = [e for e in events if e["id"] == crisis_id]
        if not events:
            raise NotFound(f"no crisis with id {crisis_id}")
    by_province: dict[str, dict] = {}
    for event in events:
        for code in event["provinces"]:
            entry = by_province.setdefault(code, {"area": code, "severity": 0, "events": 0})
            entry["severity"] = max(entry["severity"], event["severity"])
            entry["events"] += 1
    return view | {
        "crises": events,
        "totals": crises.totals(events),
        "map": list(by_province.values()),
        "provinces": {p["code"]: p for p in queries.provinces(conn)},
        "show_closed": show_closed,
        "single": crisis_id is not None,
    }


def _ancestors(conn: Connection, code: str) -> list[dict]:
    """The chain nodes from the root down to (and including) a node, for the breadcrumb."""
    nodes = {n["code"]: n for n in queries.chain_nodes(conn)}
    path = []
    while code in nodes and len(path) <= len(nodes):
        path.insert(0, nodes[code])
        code = nodes[code]["parent_code"]
    return path

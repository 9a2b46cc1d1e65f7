"""Forecasts and what-ifs on stored figures: each area's projection to the fiscal year's end, and the statuses
every area would take if a target moved. Reads only; a what-if is never written.

The per-period figures of every area come from one aggregation (the same SQL path as every other figure,
grouped by period), so the cost of a page does not grow with its areas, indicators or years of history.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

from cockpit.read import queries
from cockpit.read.queries import NATION, Level, _Sums, aggregate, area_target, areas, figure, judge, r, targets
from cockpit.rules.forecast import FLOW, method_of, project
from cockpit.rules.forecast import judge as judge_projection
from cockpit.rules.status import Target, incomplete_status
from cockpit.rules.thai_time import PERIODS_PER_YEAR


def period_figures(
    conn: Connection,
    level: Level,
    inds: list[dict],
    fiscal_year: int,
    scheme: str,
    area_codes: list[str] | None = None,
    up_to_period: int | None = None,
) -> dict[tuple[str, str], list[tuple[int, float]]]:
    """Each indicator's figure per reported period of one fiscal year, per area: {(code, area): [(period,
    figure)]}, up to `up_to_period` when given. A flow's figure is the period's own; an accumulating rate's is
    its rate to date (a rate of summed parts), anything else the period's value."""
    by_code = {i["code"]: i for i in inds}
    where = [r.c.indicator_code.in_(list(by_code)), r.c.fiscal_year_be == fiscal_year]
    if area_codes is not None and level == "province":
        where.append(r.c.province_code.in_(area_codes))
    if area_codes is not None and level == "region":
        where.append(queries.rp.c.region_code.in_(area_codes))
    if up_to_period is not None:
        where.append(r.c.period_no <= up_to_period)
    rows = aggregate(conn, level, scheme, where, by_period=True)
    out: dict[tuple[str, str], list[tuple[int, float]]] = {}
    running: dict[tuple[str, str], _Sums] = {}
    for row in sorted(rows, key=lambda x: (x.indicator_code, x.area, x.period_no)):
        ind = by_code[row.indicator_code]
        key = (row.indicator_code, row.area)
        sums = row
        if ind.get("accumulates") and method_of(ind) != FLOW:
            sums = running[key] = running.get(key, _Sums()).plus(row)
        value = figure(ind, sums)[0]
        if value is not None:
            out.setdefault(key, []).append((row.period_no, value))
    return out


def projections(
    conn: Connection,
    level: Level,
    inds: list[dict],
    fiscal_year: int | None,
    scheme: str | None = None,
    area_codes: list[str] | None = None,
    up_to_period: int | None = None,
) -> dict[tuple[str, str], dict]:
    """Every area's projection to the end of a fiscal year for each indicator, against the year's target, from
    the periods reported so far (or up to `up_to_period`, to see what was foreseeable then):
    {(code, area): {"method", "periods_used", "periods_in_year", "value", "low", "high", "verdict", "status",
    "target", "target_low", "target_high", "period_no"}} where `period_no` is the year's last period."""
    if fiscal_year is None or not inds:
        return {}
    scheme = queries.resolve_scheme(conn, scheme)
    figures = period_figures(conn, level, inds, fiscal_year, scheme, area_codes, up_to_period)
    target_table = targets(conn, fiscal_year)
    wanted = [a for a in areas(conn, level, scheme) if area_codes is None or a["code"] in area_codes]
    out = {}
    for ind in inds:
        ind_targets = target_table.get(ind["code"], {})
        for area in wanted:
            target = area_target(ind, ind_targets, level, area["code"], area["provinces"])
            projection = project(ind, figures.get((ind["code"], area["code"]), []), target)
            # Its fields are plain values: vars() gives what dataclasses.asdict's deep copy did, several times faster.
            out[(ind["code"], area["code"])] = vars(projection) | {
                "target": target.value if target.value is not None else target.low,
                "target_low": target.low,
                "target_high": target.high,
                "period_no": PERIODS_PER_YEAR[ind["frequency"]],
            }
    return out


def moved_target(ind: dict, own: Target, national: Target, moved: float) -> Target:
    """An area's target when the national target moves to `moved` (a what-if).

    Every area's target moves with the national one: a rate's by the same amount (so areas sharing the
    national target take the moved value, and one set above or below it stays as far above or below), a
    count's by the same share (its targets differ by orders of magnitude between areas). A range moves as a
    whole, its lower bound standing for it. Without a national target, every area takes the moved value.
    """
    reference = national.value if national.value is not None else national.low
    if reference is None:
        if ind["direction"] == "range":
            return own
        return Target(value=moved)
    if ind.get("aggregation") == "sum":
        if reference == 0:
            return own

        def change(v: float | None) -> float | None:
            return None if v is None else v * moved / reference
    else:

        def change(v: float | None) -> float | None:
            return None if v is None else v + moved - reference

    return Target(change(own.value), change(own.low), change(own.high))


def with_gaps(ind: dict, gaps: tuple[float, float] | None) -> dict:
    """The indicator judged with other thresholds (yellow, orange) for a what-if; None: its own."""
    return ind if gaps is None else ind | {"yellow_gap": float(gaps[0]), "orange_gap": float(gaps[1])}


def what_if(ind: dict, rows: list[dict], national: Target, moved: float | None, rejudge: bool = False) -> list[dict]:
    """The rows (area figures with target and status, as queries.area_results gives them) judged again with
    the national target moved to `moved` (None: each area's own), or with `rejudge` against the thresholds `ind`
    carries (with_gaps); neither gives them back as they are. An incomplete flow stays incomplete, never judged.
    Pure: nothing is read or written."""
    if moved is None and not rejudge:
        return [dict(row) for row in rows]
    out = []
    for row in rows:
        own = Target(row.get("target"), row.get("target_low"), row.get("target_high"))
        if ind["direction"] == "range":
            own = Target(None, row.get("target_low"), row.get("target_high"))
        target = own if moved is None else moved_target(ind, own, national, moved)
        status = judge(ind, row.get("value"), target)
        out.append(
            row
            | {
                "target": target.value if target.value is not None else target.low,
                "target_low": target.low,
                "target_high": target.high,
                "status": incomplete_status(status, bool(ind.get("accumulates")), row.get("periods_missing") or 0),
                "what_if": True,
            }
        )
    return out


def what_if_projections(
    ind: dict,
    projected: dict[tuple[str, str], dict],
    national: Target,
    moved: float | None,
    rejudge: bool = False,
) -> dict[tuple[str, str], dict]:
    """Projections judged again against targets moved as `what_if` moves them (the year's, not pro-rated), or
    against the thresholds `ind` carries when `rejudge`."""
    if moved is None and not rejudge:
        return projected
    out = {}
    for key, projection in projected.items():
        own = Target(
            projection["target"] if ind["direction"] != "range" else None,
            projection["target_low"],
            projection["target_high"],
        )
        target = own if moved is None else moved_target(ind, own, national, moved)
        again = {"target": target.value if target.value is not None else target.low}
        again |= {"target_low": target.low, "target_high": target.high}
        if projection["value"] is not None:
            again |= judge_projection(ind, projection["value"], projection["low"], projection["high"], target)
        out[key] = projection | again
    return out


def national_target(conn: Connection, ind: dict, fiscal_year: int | None) -> Target:
    """The national target of a fiscal year (the whole year's, not pro-rated): what the what-if moves."""
    if fiscal_year is None:
        return Target()
    return targets(conn, fiscal_year, ind["code"]).get(ind["code"], {}).get(NATION, Target())

"""Completeness and timeliness of one reporting period: which provinces reported it, on time or late, and which
have not — the question a regional office answers before a meeting ("who has not reported?").

A province reported on time when its result for the period was first written (the oldest of the stored value and
the values it replaced, `indicator_result_revision`) on or before the period's due day, a Bangkok day
(cockpit.rules.freshness.report_due). Before the due day a province without a result is still expected, not late.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cockpit.rules import freshness
from cockpit.rules.thai_time import to_bangkok
from cockpit.store import schema

ON_TIME, LATE, OVERDUE, EXPECTED = "on_time", "late", "overdue", "expected"


def first_written(conn: Connection, indicator_code: str, fiscal_year: int, period_no: int) -> dict[str, dt.datetime]:
    """When each province's result for the period was first written: {province code: UTC timestamp}."""
    result, revision = schema.indicator_result, schema.indicator_result_revision
    stored = conn.execute(
        sa.select(result.c.province_code, result.c.updated_at).where(
            result.c.indicator_code == indicator_code,
            result.c.fiscal_year_be == fiscal_year,
            result.c.period_no == period_no,
        )
    ).all()
    replaced = conn.execute(
        sa.select(revision.c.province_code, sa.func.min(revision.c.written_at))
        .where(
            revision.c.indicator_code == indicator_code,
            revision.c.fiscal_year_be == fiscal_year,
            revision.c.period_no == period_no,
        )
        .group_by(revision.c.province_code)
    ).all()
    first = {code: _utc(at) for code, at in stored}
    for code, at in replaced:
        if code in first:  # a value that was replaced and then deleted no longer counts as reported
            first[code] = min(first[code], _utc(at))
    return first


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def reporting_completeness(
    conn: Connection,
    ind: dict,
    fiscal_year: int,
    period_no: int,
    provinces: list[dict],
    today: dt.date | None = None,
) -> dict:
    """Each of `provinces` (dicts with code and names) for one indicator and period: on time, late, overdue (no
    result past the due day) or expected (no result yet, not due). Returns the due day, the rows sorted with
    the ones to chase first, and counts per state."""
    today = today or freshness.bangkok_today()
    due = freshness.report_due(
        fiscal_year, ind["frequency"], period_no, ind.get("calendar"), ind.get("report_due_days")
    )
    first = first_written(conn, ind["code"], fiscal_year, period_no)
    rows = []
    for province in provinces:
        written = first.get(province["code"])
        if written is None:
            state = OVERDUE if today > due else EXPECTED
            days_late = (today - due).days if state == OVERDUE else None
        else:
            written_day = to_bangkok(written).date()
            state = LATE if written_day > due else ON_TIME
            days_late = (written_day - due).days if state == LATE else None
        rows.append(
            {
                "code": province["code"],
                "name_th": province["name_th"],
                "name_en": province["name_en"],
                "state": state,
                "first_written": written,
                "days_late": days_late,
            }
        )
    order = {OVERDUE: 0, EXPECTED: 1, LATE: 2, ON_TIME: 3}
    rows.sort(key=lambda row: (order[row["state"]], -(row["days_late"] or 0), row["code"]))
    counts = {state: sum(1 for row in rows if row["state"] == state) for state in order}
    return {
        "indicator_code": ind["code"],
        "fiscal_year_be": fiscal_year,
        "period_no": period_no,
        "due": due,
        "provinces": rows,
        "counts": counts,
        "reported": counts[ON_TIME] + counts[LATE],
        "expected": len(rows),
    }


def not_reported(conn: Connection, fiscal_year: int, indicators: list[dict], today: dt.date | None = None) -> dict:
    """Who has not reported, over every indicator of a fiscal year: each province whose result for an indicator's
    reporting period (its latest with any data, as the pages show it) is missing past that period's due day.

    Three statements whatever the number of indicators, for a wall. Returns {"provinces": [{code, names,
    "indicators": [codes], "days_overdue" (the most overdue of them)}...] chased first by how overdue, then by
    how many indicators, "indicators_due": how many indicators have a period past its due day, "indicators":
    the codes looked at}.
    """
    today = today or freshness.bangkok_today()
    result = schema.indicator_result
    latest = (
        sa.select(result.c.indicator_code.label("code"), sa.func.max(result.c.period_no).label("period_no"))
        .where(result.c.fiscal_year_be == fiscal_year)
        .group_by(result.c.indicator_code)
        .subquery("latest")
    )
    periods = {code: period for code, period in conn.execute(sa.select(latest.c.code, latest.c.period_no))}
    reported: dict[str, set[str]] = {}
    for code, province in conn.execute(
        sa.select(result.c.indicator_code, result.c.province_code).join(
            latest,
            sa.and_(
                latest.c.code == result.c.indicator_code,
                latest.c.period_no == result.c.period_no,
                result.c.fiscal_year_be == fiscal_year,
            ),
        )
    ):
        reported.setdefault(code, set()).add(province)
    province = schema.province
    everyone = [
        dict(row._mapping)
        for row in conn.execute(
            sa.select(province.c.code, province.c.name_th, province.c.name_en).order_by(province.c.code)
        )
    ]
    owing: dict[str, dict] = {}
    due_count = 0
    for ind in indicators:
        period_no = periods.get(ind["code"])
        if period_no is None:
            continue
        due = freshness.report_due(
            fiscal_year, ind["frequency"], period_no, ind.get("calendar"), ind.get("report_due_days")
        )
        if today <= due:
            continue
        due_count += 1
        for place in everyone:
            if place["code"] not in reported.get(ind["code"], ()):
                entry = owing.setdefault(place["code"], place | {"indicators": [], "days_overdue": 0})
                entry["indicators"].append(ind["code"])
                entry["days_overdue"] = max(entry["days_overdue"], (today - due).days)
    rows = sorted(owing.values(), key=lambda row: (-row["days_overdue"], -len(row["indicators"]), row["code"]))
    return {
        "provinces": rows,
        "indicators_due": due_count,
        "indicators": [ind["code"] for ind in indicators if ind["code"] in periods],
    }

"""What awaits approval, and which results count: the read side of approval (cockpit/rules/approval.py).

The rule that keeps results not yet final off the national pages is an SQL condition (`counted`) that the one
aggregation of cockpit/read/queries.py adds to its statement, so it costs no statement of its own and its cost
does not grow with history. The store-wide settings are read inside that same statement.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cockpit.rules import approval
from cockpit.store import schema

r = schema.indicator_result
i = schema.indicator
KEY = ("indicator_code", "province_code", "fiscal_year_be", "period_no")


def _setting(key: str) -> sa.ScalarSelect:
    info = schema.schema_info
    return sa.select(info.c.value).where(info.c.key == key).scalar_subquery()


def settings(conn: Connection) -> dict:
    """{"default_steps": 0-2, "hide_unapproved": bool}: the store-wide approval settings, in one statement."""
    info = schema.schema_info
    keys = (approval.DEFAULT_STEPS_KEY, approval.HIDE_UNAPPROVED_KEY)
    stored = dict(conn.execute(sa.select(info.c.key, info.c.value).where(info.c.key.in_(keys))).all())
    steps = stored.get(approval.DEFAULT_STEPS_KEY)
    return {
        "default_steps": int(steps) if steps in ("0", "1", "2") else approval.DEFAULT_STEPS,
        "hide_unapproved": stored.get(approval.HIDE_UNAPPROVED_KEY, "on") != "off",
    }


def steps_column() -> sa.ColumnElement[int]:
    """The steps each indicator asks for (needs `indicator` in the statement): its own, else the setting's."""
    default = sa.cast(_setting(approval.DEFAULT_STEPS_KEY), sa.Integer)
    return sa.func.coalesce(i.c.approval_steps, default, approval.DEFAULT_STEPS)


def level_column() -> sa.ColumnElement[int]:
    """How many steps each result has taken (0 reported, 1 approved, 2 accepted)."""
    return sa.case(
        (r.c.approval == approval.ACCEPTED, approval.LEVEL[approval.ACCEPTED]),
        (r.c.approval == approval.APPROVED, approval.LEVEL[approval.APPROVED]),
        else_=approval.LEVEL[approval.REPORTED],
    )


def not_final() -> sa.ColumnElement[bool]:
    """Results that have not yet taken every step their indicator asks for."""
    return level_column() < steps_column()


def counted() -> sa.ColumnElement[bool]:
    """Results the national pages and walls count: final ones, or all of them when the setting lets results
    not yet final show (needs `indicator` and `indicator_result` in the statement)."""
    hide = sa.func.coalesce(_setting(approval.HIDE_UNAPPROVED_KEY), "on")
    return sa.or_(hide == "off", sa.not_(not_final()))


def _latest_of_year(fiscal_year_be: int):
    """Each indicator's latest reported period of a fiscal year (what its figures are read at)."""
    return (
        sa.select(r.c.indicator_code.label("code"), sa.func.max(r.c.period_no).label("period_no"))
        .where(r.c.fiscal_year_be == fiscal_year_be)
        .group_by(r.c.indicator_code)
        .subquery("latest")
    )


def awaiting_results(conn: Connection, fiscal_year_be: int | None, provinces: Iterable[str] | None = None) -> set:
    """(indicator, province) pairs whose figure as shown (the latest period of the year, or the year to date
    of a flow) holds a result not yet final: a page marks them "awaiting approval"."""
    if fiscal_year_be is None:
        return set()
    latest = _latest_of_year(fiscal_year_be)
    in_time = sa.or_(
        sa.and_(i.c.accumulates.is_(True), r.c.period_no <= latest.c.period_no),
        r.c.period_no == latest.c.period_no,
    )
    query = (
        sa.select(r.c.indicator_code, r.c.province_code)
        .distinct()
        .select_from(r.join(i, i.c.code == r.c.indicator_code).join(latest, latest.c.code == r.c.indicator_code))
        .where(r.c.fiscal_year_be == fiscal_year_be, in_time, not_final())
    )
    if provinces is not None:
        query = query.where(r.c.province_code.in_(sorted(set(provinces))))
    return {(row.indicator_code, row.province_code) for row in conn.execute(query)}


def awaiting(
    conn: Connection, step: str = approval.APPROVE, provinces: Iterable[str] | None = None, limit: int = 500
) -> list[dict]:
    """Results a step applies to, newest fiscal year first: `approve` — reported results of indicators that
    ask for approval; `accept` — approved results of indicators that ask for national acceptance; `unapprove` —
    results that took a step. Each row names the result, its figures, its state, the steps asked for, who wrote
    it and when, and who took its last step."""
    prov = schema.province
    steps = steps_column()
    if step == approval.ACCEPT:
        waiting = sa.and_(r.c.approval == approval.APPROVED, steps >= 2)
    elif step == approval.UNAPPROVE:
        waiting = r.c.approval.is_not(None)
    else:
        waiting = sa.and_(r.c.approval.is_(None), steps >= 1)
    query = (
        sa.select(
            r.c.indicator_code.label("indicator"),
            r.c.province_code.label("area"),
            r.c.fiscal_year_be,
            r.c.period_no,
            r.c.numerator,
            r.c.denominator,
            r.c.value,
            r.c.updated_at,
            r.c.written_by,
            r.c.approval_at,
            r.c.approval_by,
            sa.func.coalesce(r.c.approval, approval.REPORTED).label("state"),
            steps.label("steps"),
            i.c.name_th.label("indicator_name_th"),
            i.c.name_en.label("indicator_name_en"),
            i.c.frequency,
            i.c.decimals,
            i.c.unit_label_th,
            i.c.unit_label_en,
            prov.c.name_th.label("area_name_th"),
            prov.c.name_en.label("area_name_en"),
        )
        .select_from(r.join(i, i.c.code == r.c.indicator_code).join(prov, prov.c.code == r.c.province_code))
        .where(waiting, i.c.retired_at.is_(None))
        .order_by(r.c.fiscal_year_be.desc(), r.c.period_no.desc(), i.c.sort_order, r.c.province_code)
        .limit(limit)
    )
    if provinces is not None:
        query = query.where(r.c.province_code.in_(sorted(set(provinces))))
    return [dict(row._mapping) for row in conn.execute(query)]


def log(conn: Connection, provinces: Iterable[str] | None = None, key: tuple | None = None, limit: int = 200) -> list:
    """Approval steps, newest first: of one result (`key`: indicator, province, fiscal year, period), or of the
    results of some provinces (None: all)."""
    a = schema.approval_log
    query = sa.select(a).order_by(a.c.changed_at.desc(), a.c.id.desc()).limit(limit)
    if key is not None:
        query = query.where(*(a.c[name] == part for name, part in zip(KEY, key, strict=True)))
    if provinces is not None:
        query = query.where(a.c.province_code.in_(sorted(set(provinces))))
    return [dict(row._mapping) for row in conn.execute(query)]

"""Values to check: results accepted although they broke a validation rule of medium or low importance, still
open (no later write has satisfied the rule) — the list a regional office must answer, and the marker beside
each such figure."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cockpit.store import schema

f = schema.flagged_value
KEY = ("indicator_code", "province_code", "fiscal_year_be", "period_no")


def values_to_check(conn: Connection, provinces: Iterable[str] | None = None, limit: int = 1000) -> list[dict]:
    """Open flags, medium importance before low, then by indicator, province and period; `provinces` None: all.

    Each row names the result, the rule (its code, names and condition as it stood), the figures compared,
    the value now stored and when and by whom it was flagged."""
    rule, result = schema.validation_rule, schema.indicator_result
    ind, prov = schema.indicator, schema.province
    query = (
        sa.select(
            f.c.indicator_code.label("indicator"),
            f.c.province_code.label("area"),
            f.c.fiscal_year_be,
            f.c.period_no,
            f.c.rule_code.label("rule"),
            f.c.importance,
            f.c.condition,
            f.c.left_value,
            f.c.right_value,
            f.c.flagged_at,
            f.c.flagged_by,
            rule.c.name_th.label("rule_name_th"),
            rule.c.name_en.label("rule_name_en"),
            ind.c.name_th.label("indicator_name_th"),
            ind.c.name_en.label("indicator_name_en"),
            ind.c.frequency,
            ind.c.decimals,
            prov.c.name_th.label("area_name_th"),
            prov.c.name_en.label("area_name_en"),
            result.c.value,
        )
        .select_from(f)
        .outerjoin(rule, rule.c.code == f.c.rule_code)
        .outerjoin(ind, ind.c.code == f.c.indicator_code)
        .outerjoin(prov, prov.c.code == f.c.province_code)
        .outerjoin(result, sa.and_(*(result.c[k] == f.c[k] for k in KEY)))
        .where(f.c.resolved_at.is_(None))
        .order_by(
            (f.c.importance == "medium").desc(),
            f.c.indicator_code,
            f.c.province_code,
            f.c.fiscal_year_be.desc(),
            f.c.period_no.desc(),
            f.c.rule_code,
        )
        .limit(limit)
    )
    if provinces is not None:
        query = query.where(f.c.province_code.in_(sorted(set(provinces))))
    return [dict(row._mapping) for row in conn.execute(query)]


def flagged_results(conn: Connection, fiscal_year_be: int | None, provinces: Iterable[str] | None = None) -> set:
    """(indicator, province) pairs with a value to check in the fiscal year: a page marks their figures."""
    if fiscal_year_be is None:
        return set()
    query = (
        sa.select(f.c.indicator_code, f.c.province_code)
        .distinct()
        .where(f.c.resolved_at.is_(None), f.c.fiscal_year_be == fiscal_year_be)
    )
    if provinces is not None:
        query = query.where(f.c.province_code.in_(sorted(set(provinces))))
    return {(row.indicator_code, row.province_code) for row in conn.execute(query)}

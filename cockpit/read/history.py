"""A result's history: its current value and every value it held before, each with who wrote it, when and from
where, and who replaced it — so a changed figure can be explained, and a write's before and after shown."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cockpit.store import schema

r = schema.indicator_result
h = schema.indicator_result_revision
KEY = ("indicator_code", "province_code", "fiscal_year_be", "period_no")
FIGURES = ("numerator", "denominator", "value")


def result_history(
    conn: Connection,
    indicator: str | None = None,
    provinces: Iterable[str] | None = None,
    fiscal_year_be: int | None = None,
    period_no: int | None = None,
    batch: str | None = None,
    limit: int = 1000,
) -> list[dict]:
    """Versions of results, newest first within each result: the current one (`replaced_at` null) and those it
    replaced. `provinces` None: every province; `batch`: the versions one write stored or replaced."""
    current = sa.select(
        *(r.c[k] for k in KEY),
        *(r.c[f] for f in FIGURES),
        r.c.source,
        r.c.updated_at.label("written_at"),
        r.c.written_by,
        r.c.batch_id,
        sa.cast(sa.null(), schema.TZ).label("replaced_at"),
        sa.cast(sa.null(), sa.String(200)).label("replaced_by"),
        sa.cast(sa.null(), sa.String(32)).label("replaced_batch_id"),
    )
    earlier = sa.select(
        *(h.c[k] for k in KEY),
        *(h.c[f] for f in FIGURES),
        h.c.source,
        h.c.written_at,
        h.c.written_by,
        h.c.batch_id,
        h.c.replaced_at,
        h.c.replaced_by,
        h.c.replaced_batch_id,
    )
    parts = []
    for query, table in ((current, r), (earlier, h)):
        if indicator is not None:
            query = query.where(table.c.indicator_code == indicator)
        if provinces is not None:
            query = query.where(table.c.province_code.in_(sorted(set(provinces))))
        if fiscal_year_be is not None:
            query = query.where(table.c.fiscal_year_be == fiscal_year_be)
        if period_no is not None:
            query = query.where(table.c.period_no == period_no)
        if batch is not None:
            replaced = table.c.replaced_batch_id == batch if table is h else sa.false()
            query = query.where(sa.or_(table.c.batch_id == batch, replaced))
        parts.append(query)
    both = sa.union_all(*parts).subquery()
    ordered = sa.select(both).order_by(
        *(both.c[k] for k in KEY), both.c.replaced_at.is_(None).desc(), both.c.replaced_at.desc()
    )
    rows = []
    for row in conn.execute(ordered.limit(limit)):
        item = dict(row._mapping)
        rows.append(
            {
                "indicator": item["indicator_code"],
                "area": item["province_code"],
                "fiscal_year_be": item["fiscal_year_be"],
                "period_no": item["period_no"],
                **{f: item[f] for f in FIGURES},
                "source": item["source"],
                "written_at": item["written_at"],
                "written_by": item["written_by"],
                "batch": item["batch_id"],
                "current": item["replaced_at"] is None,
                "replaced_at": item["replaced_at"],
                "replaced_by": item["replaced_by"],
                "replaced_in_batch": item["replaced_batch_id"],
            }
        )
    return rows

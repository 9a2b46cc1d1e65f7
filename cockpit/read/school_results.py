"""Schools' own results as stored, for the API (GET /api/v1/school-results): one row per school, indicator and
period, inside the reader's view scope. A school without a row has no figure (missing, never 0)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cockpit.store import schema

# At most this many rows per answer unless asked for fewer; a national store holds millions.
LIMIT = (1, 100_000)


def school_results(
    conn: Connection,
    provinces: frozenset[str] | None,
    indicator: str | None = None,
    fiscal_year: int | None = None,
    period_no: int | None = None,
    province: str | None = None,
    service_area: str | None = None,
    school: str | None = None,
    limit: int = 10_000,
) -> list[dict]:
    """Rows of the schools in `provinces` (None: every province) matching each filter given, by indicator, year,
    period and school."""
    sr, s = schema.school_result, schema.school
    query = (
        sa.select(
            sr.c.indicator_code.label("indicator"),
            sr.c.school_code,
            s.c.name_th,
            s.c.name_en,
            s.c.province_code,
            s.c.service_area_code,
            sr.c.fiscal_year_be,
            sr.c.period_no,
            sr.c.period_end,
            sr.c.numerator,
            sr.c.denominator,
            sr.c.value,
            sr.c.source,
            sr.c.updated_at,
            sr.c.written_by,
        )
        .join(s, s.c.code == sr.c.school_code)
        .order_by(sr.c.indicator_code, sr.c.fiscal_year_be, sr.c.period_no, sr.c.school_code)
        .limit(limit)
    )
    for column, wanted in (
        (sr.c.indicator_code, indicator),
        (sr.c.fiscal_year_be, fiscal_year),
        (sr.c.period_no, period_no),
        (s.c.province_code, province),
        (s.c.service_area_code, service_area),
        (sr.c.school_code, school),
    ):
        if wanted is not None:
            query = query.where(column == wanted)
    if provinces is not None:
        query = query.where(s.c.province_code.in_(sorted(provinces)))
    return [dict(row) for row in conn.execute(query).mappings()]


def known_service_area(conn: Connection, code: str) -> bool:
    area = schema.service_area
    return conn.execute(sa.select(area.c.code).where(area.c.code == code)).first() is not None

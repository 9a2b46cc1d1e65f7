"""What a person needs to enter results by hand: the indicators, the periods of the chosen one's frequency,
and a row per province of their write scope with the figures stored for that indicator and period."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cockpit.read import queries
from cockpit.rules.thai_time import PERIODS_PER_YEAR, fiscal_year_be
from cockpit.store import schema

# Years offered besides those that have results: this one and the four before (late reports are common).
YEARS_BACK = 4


def stored_results(
    conn: Connection, indicator_code: str, fiscal_year: int, period_no: int, provinces: list[str]
) -> dict[str, dict]:
    """The stored figures of one indicator and period, per province code (provinces without one are absent)."""
    r = schema.indicator_result
    rows = conn.execute(
        sa.select(r.c.province_code, r.c.numerator, r.c.denominator, r.c.value, r.c.updated_at).where(
            r.c.indicator_code == indicator_code,
            r.c.fiscal_year_be == fiscal_year,
            r.c.period_no == period_no,
            r.c.province_code.in_(provinces),
        )
    )
    return {row.province_code: dict(row._mapping) for row in rows}


def entry_view(
    conn: Connection,
    write_provinces: frozenset[str] | None,
    indicator_code: str | None,
    fiscal_year: int | None,
    period_no: int | None,
    today: dt.date | None = None,
) -> dict:
    """/enter: the choices (indicator, fiscal year, period) and the rows of the chosen one; `write_provinces`
    None means the whole country."""
    indicators = queries.indicators(conn)
    provinces = [p for p in queries.provinces(conn) if write_provinces is None or p["code"] in write_provinces]
    view = {"indicators": indicators, "dataset": queries.dataset_info(conn), "provinces": provinces}
    if not indicators:
        return view | {"indicator": None, "rows": [], "years": [], "periods": []}
    chosen = next((i for i in indicators if i["code"] == indicator_code), indicators[0])
    current = fiscal_year_be(today or dt.date.today())
    years = sorted(set(range(current - YEARS_BACK, current + 1)) | set(queries.fiscal_years(conn, chosen["code"])))
    year = fiscal_year if fiscal_year in years else current
    per_year = PERIODS_PER_YEAR[chosen["frequency"]]
    if period_no is None or not 1 <= period_no <= per_year:
        period_no = queries.reporting_period(conn, chosen["code"], year) or 1
    stored = stored_results(conn, chosen["code"], year, period_no, [p["code"] for p in provinces])
    rows = [p | {"stored": stored.get(p["code"])} for p in provinces]
    return view | {
        "indicator": chosen,
        "fiscal_year_be": year,
        "years": sorted(years, reverse=True),
        "period_no": period_no,
        "periods": list(range(1, per_year + 1)),
        "rows": rows,
    }


def crisis_form_view(conn: Connection, write_provinces: frozenset[str] | None) -> dict:
    """/crisis/new: the provinces a person may report for and the service areas that cover them."""
    provinces = [p for p in queries.provinces(conn) if write_provinces is None or p["code"] in write_provinces]
    area, link = schema.service_area, schema.service_area_province
    query = (
        sa.select(area.c.code, area.c.name_th, area.c.name_en)
        .distinct()
        .join(link, link.c.service_area_code == area.c.code)
        .where(area.c.retired_at.is_(None))
        .order_by(area.c.code)
    )
    if write_provinces is not None:
        query = query.where(link.c.province_code.in_(sorted(write_provinces)))
    return {
        "dataset": queries.dataset_info(conn),
        "provinces": provinces,
        "service_areas": [dict(row._mapping) for row in conn.execute(query)],
    }

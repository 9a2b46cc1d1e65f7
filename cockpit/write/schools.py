"""Schools' results, and their provinces' figures summed from them (issue #11 item 1).

A province whose schools report a result has, for that indicator and period, a row in `indicator_result` that IS
the roll-up of its schools (source 'schools'): numerator and denominator summed, the value by the indicator's
aggregation (a rate: sum(num) / sum(den) * multiplier; a count: the sum). Everything above the province reads
`indicator_result` as before, so regions and the nation stay a ratio of sums of the schools.

A school write stores the schools' rows and rewrites the province rows it touched through ingest.write_results,
in the caller's one transaction, so history, approval locks, validation flags and the audit work as for any
write, and a refusal anywhere writes nothing. A figure reported for the province directly and one summed from
its schools cannot both hold for the same key: either write is refused (409) while the other holds it. Whether a
province's figure is summed is told by its schools' rows, not by the row's source, so a store filled in bulk (the
demo, whose rows keep source 'demo') follows the same rule.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cockpit.people.tokens import Token
from cockpit.store import bulk, schema
from cockpit.store.database import UNCHANGED, utc_now
from cockpit.write import audit, validation
from cockpit.write.ingest import (
    FIGURES,
    SCHOOLS,
    Conflict,
    Forbidden,
    Problems,
    _actor,
    _bounds,
    _key_text,
    _same,
    keys_with_schools,
    new_batch_id,
    write_results,
)

SCHOOL_KEY = ("indicator_code", "school_code", "fiscal_year_be", "period_no")
KEY = ("indicator_code", "province_code", "fiscal_year_be", "period_no")
ROLLED_UP_COLUMNS = (
    "indicator_code",
    "province_code",
    "fiscal_year_be",
    "period_no",
    "period_end",
    "numerator",
    "denominator",
    "value",
)


def rolled_up(keys_filter: sa.ColumnElement[bool] | None = None) -> sa.Select:
    """The provinces' figures summed from their schools' results: one row per (indicator, province, fiscal year,
    period) that has school rows, with exactly indicator_result's key, period_end, numerator, denominator and
    value. `keys_filter` may name columns of schema.school_result and schema.school (e.g. the indicator, the
    school's province, the year). A rate's value is NULL when its denominators sum to nothing (never 0)."""
    sr, s, i = schema.school_result, schema.school, schema.indicator
    numerator, denominator = sa.func.sum(sr.c.numerator), sa.func.sum(sr.c.denominator)
    is_ratio = i.c.aggregation == "ratio"
    value = sa.case(
        (is_ratio, sa.case((denominator > 0, numerator / denominator * i.c.multiplier), else_=sa.null())),
        else_=sa.func.sum(sr.c.value),
    )
    query = (
        sa.select(
            sr.c.indicator_code,
            s.c.province_code,
            sr.c.fiscal_year_be,
            sr.c.period_no,
            sa.func.max(sr.c.period_end).label("period_end"),
            sa.case((is_ratio, numerator), else_=sa.null()).label("numerator"),
            sa.case((is_ratio, denominator), else_=sa.null()).label("denominator"),
            value.label("value"),
        )
        .select_from(sr.join(s, s.c.code == sr.c.school_code).join(i, i.c.code == sr.c.indicator_code))
        .group_by(sr.c.indicator_code, s.c.province_code, sr.c.fiscal_year_be, sr.c.period_no, i.c.aggregation)
        .group_by(i.c.multiplier)
    )
    if keys_filter is not None:
        query = query.where(keys_filter)
    return query


def _province_key(row) -> tuple:
    return (row["indicator_code"], row["province_code"], row["fiscal_year_be"], row["period_no"])


def _around(keys: set[tuple]) -> sa.ColumnElement[bool]:
    """A filter on school_result ⋈ school covering the keys (and perhaps a few more, dropped by the caller)."""
    sr, s = schema.school_result, schema.school
    return sa.and_(
        sr.c.indicator_code.in_(sorted({k[0] for k in keys})),
        s.c.province_code.in_(sorted({k[1] for k in keys})),
        sr.c.fiscal_year_be.in_(sorted({k[2] for k in keys})),
    )


def write_school_results(
    conn: Connection, rows: list[dict], token: Token, source: str, batch_id: str | None = None
) -> dict:
    """Store checked school rows (ingest.check_results with a school model: each carries its school's province)
    and rewrite their provinces' figures as the sum of their schools; identical rows are left alone. Returns the
    counts of school rows inserted, updated and unchanged, and under "provinces" those of the province rows.
    Raises Forbidden outside the token's scope, Conflict where a province's figure was reported directly or is
    locked by approval, InvalidInput where a province's new figure breaks a rule of high importance or a bound."""
    provinces = {row["province_code"] for row in rows}
    if not token.allows(provinces):
        outside = sorted(provinces - (token.provinces or set()))
        schools = sorted({row["school_code"] for row in rows if row["province_code"] in outside})
        raise Forbidden(
            f"token scope {token.scope} does not cover {', '.join(outside)}, "
            f"the province(s) of school(s) {', '.join(schools[:10])}{' …' if len(schools) > 10 else ''}"
        )
    keys = {_province_key(row) for row in rows}
    _refuse_direct_figures(conn, keys)
    now, actor, batch_id = utc_now(), _actor(token), batch_id or new_batch_id()
    counts = _store_school_rows(conn, rows, source, now, actor, batch_id)
    province_rows = [
        dict(found._mapping)
        for found in conn.execute(rolled_up(_around(keys)))
        if _province_key(found._mapping) in keys
    ]
    _refuse_broken_rules(conn, province_rows)
    province_counts = write_results(conn, province_rows, token, SCHOOLS, batch_id)
    changed = counts["inserted"] + counts["updated"]
    if changed:
        conn.info.pop(UNCHANGED, None)
    audit.note(conn, provinces, schools=counts, results=province_counts, batch=batch_id)
    return counts | {"provinces": province_counts}


def _refuse_direct_figures(conn: Connection, keys: set[tuple]) -> None:
    """A school write under a province key whose figure was reported for the province directly (a row and no
    school results under it) is refused."""
    r = schema.indicator_result
    codes, provinces, years = ({k[i] for k in keys} for i in range(3))
    found = conn.execute(
        sa.select(r.c.indicator_code, r.c.province_code, r.c.fiscal_year_be, r.c.period_no, r.c.source).where(
            r.c.indicator_code.in_(sorted(codes)),
            r.c.province_code.in_(sorted(provinces)),
            r.c.fiscal_year_be.in_(sorted(years)),
        )
    )
    held = {_province_key(row._mapping): row.source for row in found if _province_key(row._mapping) in keys}
    if not held:
        return
    summed = keys_with_schools(conn, codes, provinces, years)
    direct = sorted(
        (_key_text(dict(zip(KEY, key, strict=True))), source) for key, source in held.items() if key not in summed
    )
    if direct:
        shown = ", ".join(f"{key} (source {source})" for key, source in direct[:10])
        more = f" and {len(direct) - 10:,} more" if len(direct) > 10 else ""
        raise Conflict(
            f"{shown}{more}: the province's figure was reported for the province directly, so it cannot also be "
            "summed from its schools; nothing was written"
        )


def _store_school_rows(
    conn: Connection, rows: list[dict], source: str, now, actor: str, batch_id: str
) -> dict[str, int]:
    """Insert new school rows and replace changed ones (in bulk); identical ones are left alone."""
    sr = schema.school_result
    existing = {}
    schools = sorted({row["school_code"] for row in rows})
    query = sa.select(*(sr.c[k] for k in SCHOOL_KEY), *(sr.c[f] for f in FIGURES)).where(
        sr.c.indicator_code.in_(sorted({row["indicator_code"] for row in rows})),
        sr.c.fiscal_year_be.in_(sorted({row["fiscal_year_be"] for row in rows})),
    )
    if len(schools) <= 1000:
        query = query.where(sr.c.school_code.in_(schools))
    for found in conn.execute(query):
        existing[tuple(found._mapping[k] for k in SCHOOL_KEY)] = found
    inserts, updates, unchanged = [], [], 0
    for row in rows:
        old = existing.get(tuple(row[k] for k in SCHOOL_KEY))
        if old is None:
            inserts.append(row)
        elif all(_same(getattr(old, f), row[f]) for f in FIGURES):
            unchanged += 1
        else:
            updates.append(row)
    bulk.delete_keys(conn, sr, [tuple(row[k] for k in SCHOOL_KEY) for row in updates], SCHOOL_KEY)
    stamp = {"source": source[:64], "updated_at": now, "written_by": actor[:200], "batch_id": batch_id}
    bulk.insert(conn, sr, [row | stamp for row in inserts + updates])
    return {"inserted": len(inserts), "updated": len(updates), "unchanged": unchanged}


def _refuse_broken_rules(conn: Connection, province_rows: list[dict]) -> None:
    """A province's new sum must keep its indicator's bounds and the catalogue's rules of high importance, as a
    figure written for the province would (a count's bound, for one, may hold for each school but not their sum)."""
    if not province_rows:
        return
    i = schema.indicator
    indicators = {
        row.code: dict(row._mapping)
        for row in conn.execute(sa.select(i.c.code, i.c.frequency, i.c.minimum, i.c.maximum))
    }
    problems = Problems()
    checker = validation.Checker(conn, province_rows, {code: ind["frequency"] for code, ind in indicators.items()})
    for row in province_rows:
        label = _key_text(row)
        bounds = _bounds(indicators[row["indicator_code"]], row["value"])
        problems.add(label, {f"{label}.{field}": why for field, why in bounds.items()})
        for broken in checker.breaks(row):
            if broken.rule.importance == "high":
                problems.add(label, {f"{label}.rules.{broken.rule.code}": broken.reason()})
    problems.raise_if_any("province figure", " summed from the schools")

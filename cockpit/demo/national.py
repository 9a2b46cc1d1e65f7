"""The national-scale demo (issue #11 item 2): about 29,000 demo schools, each reporting every demo indicator at
its frequency for five fiscal years (about 11 million school_result rows), and the provinces' rows in
indicator_result as the ratio of sums of their schools (source 'schools'), as the school contract fixes.

Built on top of the small demo (catalogue, crises, projects, scores; its province results are replaced), and
set-based inside the database: Python computes only small parameter tables (per province, per indicator, per
period); every school and result row comes from one INSERT ... SELECT per indicator, its random draws from the
store's own hash of the row's key (DuckDB `hash`, PostgreSQL `hashint8extended`). So a build is deterministic on
each store (no wall clock, fixed seeds), though the two stores draw different figures.

Why the demo catalogue's 30 indicators rather than 40: at their frequencies (19 yearly, 3 by term, 5 quarterly,
3 monthly) they make 81 periods a year, so 29,000 schools over five years give 11.7 million school-periods —
the issue's "about 10 million rows" already; 40 indicators would give 13 to 16 million.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cockpit.demo import generate
from cockpit.demo.generate import DEMO_AS_OF, SHAPES, UTC
from cockpit.rules.thai_time import PERIODS_PER_YEAR, period_end
from cockpit.store import schema
from cockpit.store.database import set_info
from cockpit.write.schools import rolled_up

Progress = Callable[[str], None]

NATIONAL_SCHOOLS = 29_000
NATIONAL_FISCAL_YEARS_BE = (2564, 2565, 2566, 2567, 2568)
# The year the small demo's shapes start from (k = 0): earlier years lie on the trend backwards.
_BASE_YEAR = generate.DEMO_FISCAL_YEARS_BE[0]
# Share of a province's schools under its secondary service areas (OBEC: about 2,400 of 29,000).
_SECONDARY_SHARE = 0.08
# Share of school-periods never reported, so "missing" shows; and whole province-years never reported.
_MISSING = 0.02
_GAPS = {("JI26", "TH-63", 2567), ("JI15", "TH-45", 2568)}
# A count with no target in the catalogue (JI30: schools closed by crises): expected per school and year.
_COUNT_PER_SCHOOL = 0.01
SCHOOL_PREFIX = "DS"

_meta = sa.MetaData()
_period = sa.Table(
    "national_period",
    _meta,
    sa.Column("indicator_code", sa.String(32)),
    sa.Column("fiscal_year_be", sa.Integer),
    sa.Column("k", sa.Integer),
    sa.Column("period_no", sa.Integer),
    sa.Column("period_end", sa.Date),
    sa.Column("updated_at", schema.TZ),
    sa.Column("season", sa.Double),
    sa.Column("share", sa.Double),
    prefixes=["TEMPORARY"],
)
_level = sa.Table(
    "national_level",
    _meta,
    sa.Column("indicator_code", sa.String(32)),
    sa.Column("province_code", sa.String(8)),
    sa.Column("level", sa.Double),
    sa.Column("slope", sa.Double),
    sa.Column("den_per_school", sa.Double),
    sa.Column("count_per_school", sa.Double),
    sa.Column("gap_year", sa.Integer),
    prefixes=["TEMPORARY"],
)
_allocation = sa.Table(
    "national_allocation",
    _meta,
    sa.Column("province_code", sa.String(8)),
    sa.Column("service_area_code", sa.String(16)),
    sa.Column("first_no", sa.Integer),
    sa.Column("schools", sa.Integer),
    sa.Column("name_th", sa.String(100)),
    sa.Column("name_en", sa.String(100)),
    prefixes=["TEMPORARY"],
)


def _quiet(_message: str) -> None:
    pass


def load_national(
    conn: Connection, seed: int, schools: int = NATIONAL_SCHOOLS, progress: Progress = _quiet
) -> dict[str, int]:
    """Replace the small demo's province results by schools' results and their roll-up; returns row counts."""
    started = time.perf_counter()
    rng = random.Random(seed)
    provinces = _provinces(conn, rng)
    progress(f"National demo: {schools:,} schools over {len(provinces)} provinces (seed {seed})")
    _meta.create_all(conn, checkfirst=False)  # temporary tables; a failed build rolls them back with the rest
    counts = _allocate(conn, provinces, schools)
    # The small demo's few schools (and their results) give way to the national ones.
    conn.execute(schema.school_result.delete())
    conn.execute(schema.school.delete())
    _insert_schools(conn)
    indicators = sorted(
        (dict(row._mapping) for row in conn.execute(sa.select(schema.indicator))), key=lambda row: row["code"]
    )
    _insert_parameters(conn, rng, indicators, provinces, counts)
    _extend_targets(conn)
    conn.execute(schema.indicator_result.delete())
    written = 0
    for number, ind in enumerate(indicators, start=1):
        written += conn.execute(sa.text(_results_sql(conn.dialect.name, ind, number)), {"code": ind["code"]}).rowcount
        progress(
            f"School results: {ind['code']} ({number}/{len(indicators)}), {written:,} rows, "
            f"{time.perf_counter() - started:.0f} s"
        )
    conn.execute(_roll_up_insert())
    provinces_rows = conn.execute(sa.select(sa.func.count()).select_from(schema.indicator_result)).scalar_one()
    school_rows = conn.execute(sa.select(sa.func.count()).select_from(schema.school_result)).scalar_one()
    progress(f"Province results as the roll-up of their schools: {provinces_rows:,} rows")
    _meta.drop_all(conn, checkfirst=False)
    if conn.dialect.name == "postgresql":
        # Without statistics of the fresh rows the planner chose a nested loop that made a region's figure of
        # one indicator take a second instead of 30 ms; autovacuum would come to it only later.
        conn.execute(sa.text("ANALYZE school, school_result, indicator_result, indicator_target"))
    set_info(conn, "demo_scale", "national")
    set_info(conn, "demo_schools", str(schools))
    progress(
        f"National demo loaded: {schools:,} schools, {school_rows:,} school results in "
        f"{time.perf_counter() - started:.1f} s"
    )
    return {"school": schools, "school_result": school_rows, "indicator_result": provinces_rows}


def _provinces(conn: Connection, rng: random.Random) -> list[generate._Province]:
    """The provinces with the small demo's size, school weight and learning-quality factor."""
    rows = [dict(row._mapping) for row in conn.execute(sa.select(schema.province).order_by(schema.province.c.code))]
    provs = [generate._Province(row) for row in rows]
    for p, row in zip(provs, rows, strict=True):
        p.name_en = row["name_en"]
    raw = [
        generate._MACRO_QUALITY[p.macro] + generate._QUALITY_EXTRA.get(p.code, 0.0) + 0.3 * p.urban + rng.gauss(0, 0.45)
        for p in provs
    ]
    mean = sum(raw) / len(raw)
    sd = math.sqrt(sum((x - mean) ** 2 for x in raw) / len(raw)) or 1.0
    for p, x in zip(provs, raw, strict=True):
        p.quality = max(-2.2, min(2.0, (x - mean) / sd))
    return provs


def _allocate(conn: Connection, provs: list[generate._Province], total: int) -> dict[str, int]:
    """Schools per province in proportion to its size (population times its school factor), split between its
    primary service areas and the secondary ones covering it; returns the schools of each province."""
    kind = dict(conn.execute(sa.select(schema.service_area.c.code, schema.service_area.c.kind)).all())
    areas_of: dict[str, list[str]] = {}
    for sa_code, province_code in conn.execute(
        sa.select(schema.service_area_province.c.service_area_code, schema.service_area_province.c.province_code)
    ):
        areas_of.setdefault(province_code, []).append(sa_code)
    per_province = generate._apportion(total, [p.pop * p.school_factor for p in provs], minimum=1)
    rows, first = [], 1
    for p, n in zip(provs, per_province, strict=True):
        primary = sorted(c for c in areas_of.get(p.code, []) if kind[c] == "primary")
        secondary = sorted(c for c in areas_of.get(p.code, []) if kind[c] == "secondary")
        n_secondary = round(n * _SECONDARY_SHARE) if primary and secondary else (n if secondary else 0)
        split = [(primary, n - n_secondary), (secondary, n_secondary)]
        for codes, count in split:
            for code, share in zip(codes, generate._apportion(count, [1.0] * len(codes)), strict=True):
                if share:
                    rows.append(
                        {
                            "province_code": p.code,
                            "service_area_code": code,
                            "first_no": first,
                            "schools": share,
                            "name_th": p.name_th,
                            "name_en": p.name_en,
                        }
                    )
                    first += share
    conn.execute(_allocation.insert(), rows)
    return dict(zip((p.code for p in provs), per_province, strict=True))


def _insert_schools(conn: Connection) -> None:
    """One INSERT ... SELECT: each allocation row times a series of numbers; names say they are demo schools."""
    number = "CAST(a.first_no + g.i AS VARCHAR(8))"
    conn.execute(
        sa.text(
            "INSERT INTO school (code, name_th, name_en, province_code, service_area_code) "
            f"SELECT '{SCHOOL_PREFIX}' || LPAD({number}, 5, '0'), "
            f"'โรงเรียนสาธิต ' || a.name_th || ' ' || LPAD({number}, 5, '0') || ' (จำลอง)', "
            f"'Demo school ' || LPAD({number}, 5, '0') || ', ' || a.name_en || ' (demo)', "
            "a.province_code, a.service_area_code "
            "FROM national_allocation a JOIN generate_series(0, 100000) AS g(i) ON g.i < a.schools"
        )
    )


def _insert_parameters(
    conn: Connection,
    rng: random.Random,
    indicators: list[dict],
    provs: list[generate._Province],
    counts: dict[str, int],
) -> None:
    """The small tables the big INSERTs read: each indicator's periods, and each (indicator, province)'s level,
    own trend, denominator per school and a count's expected value per school."""
    targets = {
        (row.indicator_code, row.area_code): row.target_value
        for row in conn.execute(
            sa.select(schema.indicator_target).where(schema.indicator_target.c.fiscal_year_be == _BASE_YEAR)
        )
    }
    periods, levels = [], []
    for ind in indicators:
        code, freq = ind["code"], ind["frequency"]
        s = SHAPES[code]
        nper = PERIODS_PER_YEAR[freq]
        season = s.season or (0.0,) * nper
        for fy in NATIONAL_FISCAL_YEARS_BE:
            for period in range(1, nper + 1):
                end = period_end(fy, freq, period, ind.get("calendar"))
                updated = dt.datetime.combine(end + dt.timedelta(days=14), dt.time(2, 30), tzinfo=UTC)
                periods.append(
                    {
                        "indicator_code": code,
                        "fiscal_year_be": fy,
                        "k": fy - _BASE_YEAR,
                        "period_no": period,
                        "period_end": end,
                        "updated_at": min(updated, DEMO_AS_OF),
                        "season": season[period - 1],
                        "share": season[period - 1] if (s.season and ind["aggregation"] == "sum") else 1.0 / nper,
                    }
                )
        idio = math.sqrt(max(0.0, 1 - s.rho * s.rho))
        national = targets.get((code, "TH"))
        shares = generate._apportion(int(national or 0), generate._province_weights(provs, s.den[0]))
        for p, share in zip(provs, shares, strict=True):
            level = s.sd * (s.rho * p.quality + idio * rng.gauss(0, 1)) + s.urban * p.urban
            level += (s.extra or {}).get(p.code, 0.0)
            own = targets.get((code, p.code))
            yearly = own if own is not None else (share if national else _COUNT_PER_SCHOOL * counts[p.code])
            gap = next((fy for c, pc, fy in _GAPS if c == code and pc == p.code), None)
            levels.append(
                {
                    "indicator_code": code,
                    "province_code": p.code,
                    "level": level,
                    "slope": rng.gauss(0, s.drift * s.sd),
                    "den_per_school": _province_denominator(p, s.den) / counts[p.code],
                    "count_per_school": float(yearly) / counts[p.code],
                    "gap_year": gap,
                }
            )
    conn.execute(_period.insert(), periods)
    conn.execute(_level.insert(), levels)


def _province_denominator(p: generate._Province, den: tuple[str, float, float]) -> float:
    kind, rate, _growth = den
    if kind == "teachers":
        return p.pop * rate * (0.7 + 0.3 * p.school_factor)
    if kind == "cases":
        return p.pop * rate * (1.0 + 0.3 * p.urban)
    return p.pop * rate


def _unit(dialect: str, key: str, stream: int) -> str:
    """A uniform draw in (0, 1] from the store's hash of an integer key and a stream number."""
    if dialect == "duckdb":
        return f"((CAST(hash({key}, {stream}) AS DOUBLE) + 1.0) / 18446744073709551617.0)"
    signed = f"CAST(hashint8extended({key}, {stream}) AS DOUBLE PRECISION)"
    return f"(({signed} + 9223372036854775809.0) / 18446744073709551617.0)"


def _normal(dialect: str, key: str, stream: int) -> str:
    """A standard normal draw (Box-Muller) from two uniform ones."""
    return f"(SQRT(-2.0 * LN({_unit(dialect, key, stream)})) * COS(2.0 * PI() * {_unit(dialect, key, stream + 1)}))"


def _results_sql(dialect: str, ind: dict, number: int) -> str:
    """One indicator's school results for every school, year and period: one INSERT ... SELECT."""
    s = SHAPES[ind["code"]]
    school = f"CAST(SUBSTR(s.code, {len(SCHOOL_PREFIX) + 1}) AS BIGINT)"
    school_key = f"({school} * 64 + {number})"
    row_key = f"((({school_key} * 8 + (p.k + 2)) * 16) + p.period_no)"
    quality = _normal(dialect, school, 1)
    own = _normal(dialect, school_key, 3)
    noise = _normal(dialect, row_key, 5)
    school_sd = 1.5 * s.sd + 1.0
    rho = max(-1.0, min(1.0, s.rho))
    idio = math.sqrt(max(0.0, 1 - rho * rho))
    missing = f"{_unit(dialect, row_key, 7)} > {_MISSING}"
    gap = "(l.gap_year IS NULL OR l.gap_year <> p.fiscal_year_be)"
    if ind["aggregation"] == "sum":
        expected = f"l.count_per_school * p.share * GREATEST(0.0, 1.0 + l.level + l.slope * p.k + {s.noise} * {noise})"
        figures = f"NULL, NULL, FLOOR({expected} + {_unit(dialect, row_key, 9)})"
    else:
        v = (
            f"GREATEST({s.lo}, LEAST({s.hi}, {s.base} + {s.trend} * p.k + l.level + l.slope * p.k + p.season"
            f" + {school_sd} * ({rho} * {quality} + {idio} * {own}) + {s.noise} * {noise}))"
        )
        size = f"EXP(0.45 * {_normal(dialect, school, 11)})"
        growth = f"POWER({1.0 + s.den[2]}, p.k)"
        jitter = f"(0.985 + 0.03 * {_unit(dialect, row_key, 13)})"
        drawn = f"GREATEST(3.0, ROUND(l.den_per_school * {size} * {growth} * {jitter}))"
        mult = ind["multiplier"]
        if s.den[0] == "schools":  # a share of schools: each school meets it (1 of 1) or not (0 of 1)
            num, den = "CASE WHEN x.u * 100.0 < x.v THEN 1.0 ELSE 0.0 END", "1.0"
        elif s.den[0] == "teachers":  # pupils per teacher: the pupils are the numerator
            num, den = "x.den", "GREATEST(1.0, ROUND(x.den / x.v))"
        elif mult == 100:
            num = "LEAST(ROUND(x.v / 100.0 * x.den), x.den)" if s.hi <= 100 else "ROUND(x.v / 100.0 * x.den)"
            den = "x.den"
        else:
            num, den = "ROUND(x.v * x.den * 100.0) / 100.0", "x.den"
        figures = f"{num}, {den}, ({num}) / ({den}) * {mult}"
        return (
            "INSERT INTO school_result (indicator_code, school_code, fiscal_year_be, period_no, period_end, "
            "numerator, denominator, value, source, updated_at) "
            "SELECT :code, x.school_code, x.fiscal_year_be, x.period_no, x.period_end, "
            f"{figures}, 'demo', x.updated_at "
            f"FROM (SELECT s.code AS school_code, p.fiscal_year_be, p.period_no, p.period_end, p.updated_at, "
            f"{v} AS v, {'1.0' if s.den[0] == 'schools' else drawn} AS den, {_unit(dialect, row_key, 15)} AS u "
            "FROM school s JOIN national_level l ON l.province_code = s.province_code AND l.indicator_code = :code "
            "JOIN national_period p ON p.indicator_code = :code "
            f"WHERE {missing} AND {gap}) x"
        )
    return (
        "INSERT INTO school_result (indicator_code, school_code, fiscal_year_be, period_no, period_end, "
        "numerator, denominator, value, source, updated_at) "
        f"SELECT :code, s.code, p.fiscal_year_be, p.period_no, p.period_end, {figures}, 'demo', p.updated_at "
        "FROM school s JOIN national_level l ON l.province_code = s.province_code AND l.indicator_code = :code "
        "JOIN national_period p ON p.indicator_code = :code "
        f"WHERE {missing} AND {gap}"
    )


def _roll_up_insert() -> sa.Insert:
    """Every province row of a fresh national store from its schools; stamped as the latest of its schools'."""
    ru = rolled_up().subquery("ru")
    p = _period
    r = schema.indicator_result
    columns = ["indicator_code", "province_code", "fiscal_year_be", "period_no", "period_end"]
    return r.insert().from_select(
        [*columns, "numerator", "denominator", "value", "source", "updated_at"],
        sa.select(
            *(ru.c[c] for c in columns),
            ru.c.numerator,
            ru.c.denominator,
            ru.c.value,
            sa.literal("schools"),
            p.c.updated_at,
        ).join_from(
            ru,
            p,
            sa.and_(
                p.c.indicator_code == ru.c.indicator_code,
                p.c.fiscal_year_be == ru.c.fiscal_year_be,
                p.c.period_no == ru.c.period_no,
            ),
        ),
    )


def _extend_targets(conn: Connection) -> None:
    """The years before the small demo's first take its first year's targets, so their figures are judged too."""
    t = schema.indicator_target
    for fy in NATIONAL_FISCAL_YEARS_BE:
        if fy >= _BASE_YEAR:
            continue
        conn.execute(
            t.insert().from_select(
                [c.name for c in t.c],
                sa.select(*(sa.literal(fy) if c.name == "fiscal_year_be" else c for c in t.c)).where(
                    t.c.fiscal_year_be == _BASE_YEAR
                ),
            )
        )

"""Each page's data on a national-scale store (issue #11 "Benchmarks"): the view call's p50/p95 in ms, and in the
same run the page's question answered the usual way (pd.read_sql of the indicator and year's raw school rows,
then a pandas groupby to provinces, regions and the nation) and by one SQL GROUP BY GROUPING SETS over the same
rows; the three must agree on the values the page shows, and the ratios are printed.

    python bench/national_pages.py --url duckdb:////work/tmp-national/national.duckdb [--repeat 30]

The store must hold the national demo (`cockpit init --demo-scale national`); with --build an empty store named
by --url is built first. A page is one line of PAGES: its path, its view call, the indicator its question is
about, where the view holds that indicator's figures, and the levels the page shows (a service-area page, say:
`_rows("schools", "school")` and levels=("service_area", "school"); the usual way and the SQL group by those).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cockpit.bootstrap import prepare_store
from cockpit.demo.national import NATIONAL_SCHOOLS
from cockpit.read import queries, views
from cockpit.store.database import get_info

Figures = dict[tuple[str, str], float | None]
# The column a level groups school rows by, in the usual way's frame and in the SQL.
COLUMNS = {
    "school": "school_code",
    "service_area": "service_area_code",
    "province": "province_code",
    "region": "region_code",
    "nation": "nation",
}
_SQL_COLUMNS = {
    "school": "r.school_code",
    "service_area": "s.service_area_code",
    "province": "s.province_code",
    "region": "rp.region_code",
}


def _rows(key: str, level: str) -> Callable[[dict], Figures]:
    """The figures of a list of judged area rows in the view, e.g. view["map"] at province level."""

    def pick(view: dict) -> Figures:
        return {(level, row["area"]): row["value"] for row in view[key]}

    return pick


def _both(*picks: Callable[[dict], Figures]) -> Callable[[dict], Figures]:
    return lambda view: {k: v for pick in picks for k, v in pick(view).items()}


def _province_card(code: str) -> Callable[[dict], Figures]:
    def pick(view: dict) -> Figures:
        cards = [card for stage in view["stages"].values() for card in stage if card["indicator"]["code"] == code]
        return {("province", view["province"]["code"]): cards[0]["result"]["value"]}

    return pick


def _chain_indicator(code: str) -> Callable[[dict], Figures]:
    def pick(view: dict) -> Figures:
        return {("nation", queries.NATION): next(i for i in view["detail"]["indicators"] if i["code"] == code)["value"]}

    return pick


def _national(view: dict) -> Figures:
    return {("nation", queries.NATION): view["national"]["value"]}


@dataclass(frozen=True)
class Page:
    path: str
    view: Callable[[Connection], dict]
    indicator: str | None = None  # the question: this indicator in the page's fiscal year, at its latest period
    shown: Callable[[dict], Figures] | None = None  # the figures of it that the page shows
    levels: tuple[str, ...] = ("province", "region", "nation")  # what the usual way and the SQL group by


PAGES = [
    Page(
        "/",
        lambda c: views.nation_view(c, indicator_code="JI01"),
        "JI01",
        _both(_rows("map", "province"), _rows("regions", "region")),
    ),
    Page(
        "/region/REO08",
        lambda c: views.region_view(c, "REO08", indicator_code="JI15"),
        "JI15",
        _both(_rows("map", "province"), _rows("comparison", "region")),
    ),
    Page("/province/TH-50", lambda c: views.province_view(c, "TH-50"), "JI25", _province_card("JI25")),
    Page(
        "/indicator/JI01",
        lambda c: views.indicator_view(c, "JI01"),
        "JI01",
        _both(_rows("map", "province"), _national),
    ),
    Page(
        "/indicator/JI28",
        lambda c: views.indicator_view(c, "JI28"),
        "JI28",
        _both(_rows("map", "province"), _national),
    ),
    Page("/chain?node=120101", lambda c: views.chain_view(c, None, "120101"), "JI10", _chain_indicator("JI10")),
    Page("/crisis", lambda c: views.crisis_view(c)),
]


def measure(action: Callable[[], object], repeat: int) -> tuple[float, float, object]:
    """p50 and p95 in ms over `repeat` calls after one warm-up, and the last call's answer."""
    answer = action()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        answer = action()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))], answer


def _question(conn: Connection, code: str, fiscal_year: int) -> tuple[dict, int]:
    ind = queries.indicator(conn, code)
    period = max(queries.periods(conn, code, fiscal_year))
    return ind, period


def usual_way(conn: Connection, code: str, fiscal_year: int, scheme: str, levels: tuple[str, ...]) -> Figures:
    """What a typical Dash developer writes: read the indicator and year's school rows, group them in pandas."""
    ind = queries.indicator(conn, code)
    rows = pd.read_sql(
        sa.text(
            "SELECT r.school_code, s.service_area_code, s.province_code, rp.region_code, r.period_no, "
            "r.numerator, r.denominator, r.value FROM school_result r JOIN school s ON s.code = r.school_code "
            "JOIN region_province rp ON rp.province_code = s.province_code AND rp.scheme_code = :scheme "
            "WHERE r.indicator_code = :code AND r.fiscal_year_be = :fy"
        ),
        conn,
        params={"code": code, "fy": fiscal_year, "scheme": scheme},
    )
    latest = rows["period_no"].max()
    rows = rows[rows["period_no"] <= latest] if ind["accumulates"] else rows[rows["period_no"] == latest]
    rows = rows.assign(nation=queries.NATION)
    figures: Figures = {}
    for level in levels:
        column = COLUMNS[level]
        sums = rows.groupby(column)[["numerator", "denominator", "value"]].sum(min_count=1)
        for area, row in sums.iterrows():
            if ind["aggregation"] == "ratio":
                value = row["numerator"] / row["denominator"] * ind["multiplier"] if row["denominator"] else None
            else:
                value = row["value"]
            figures[(level, area)] = None if pd.isna(value) else float(value)
    return figures


def one_group_by(conn: Connection, code: str, fiscal_year: int, scheme: str, levels: tuple[str, ...]) -> Figures:
    """The same sums as one SQL statement: GROUP BY GROUPING SETS, one set per level."""
    ind, period = _question(conn, code, fiscal_year)
    in_period = "r.period_no <= :period" if ind["accumulates"] else "r.period_no = :period"
    columns = [_SQL_COLUMNS[level] for level in levels if level != "nation"]
    sets = ", ".join(f"({_SQL_COLUMNS[level]})" if level != "nation" else "()" for level in levels)
    flags = ", ".join(f"GROUPING({column}) AS g{n}" for n, column in enumerate(columns))
    rows = conn.execute(
        sa.text(
            f"SELECT {', '.join(columns)}, {flags}, "
            "SUM(r.numerator) AS numerator, SUM(r.denominator) AS denominator, SUM(r.value) AS value_sum "
            "FROM school_result r JOIN school s ON s.code = r.school_code "
            "JOIN region_province rp ON rp.province_code = s.province_code AND rp.scheme_code = :scheme "
            f"WHERE r.indicator_code = :code AND r.fiscal_year_be = :fy AND {in_period} "
            f"GROUP BY GROUPING SETS ({sets})"
        ),
        {"code": code, "fy": fiscal_year, "scheme": scheme, "period": period},
    ).all()
    figures: Figures = {}
    levels_grouped = [level for level in levels if level != "nation"]
    for row in rows:
        grouped = [n for n in range(len(columns)) if not getattr(row, f"g{n}")]
        key = (levels_grouped[grouped[0]], row[grouped[0]]) if grouped else ("nation", queries.NATION)
        figures[key] = queries.figure(ind, row)[0]
    return figures


def disagreements(shown: Figures, *answers: Figures) -> list[str]:
    """The areas where the page's figure and an answer differ (beyond rounding)."""
    wrong = []
    for key, value in shown.items():
        for answer in answers:
            other = answer.get(key)
            if (value is None) != (other is None) or (
                value is not None and abs(value - other) > 1e-6 * max(1, abs(value))
            ):
                wrong.append(f"{key}: page {value}, other {other}")
    return wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="a national-scale store (see --build)")
    parser.add_argument("--build", action="store_true", help="build the national demo into an empty store first")
    parser.add_argument("--repeat", type=int, default=30, help="calls of each view after one warm-up")
    parser.add_argument("--repeat-usual", type=int, default=5, help="calls of the usual way and of the SQL")
    args = parser.parse_args()
    store = prepare_store(args.url, demo=True, national_schools=NATIONAL_SCHOOLS if args.build else None)
    with store.read() as conn:
        if get_info(conn, "demo_scale") != "national":
            raise SystemExit(f"{store.description} holds no national demo: build one with --build on an empty store")
        fiscal_year = queries.default_fiscal_year(conn)["fiscal_year_be"]
        scheme = queries.default_scheme(conn)
        rows = conn.execute(sa.text("SELECT COUNT(*) FROM school_result")).scalar_one()
    print(f"store: {store.description}, {rows:,} school results, FY {fiscal_year}; times in ms")
    print(f"view: {args.repeat} calls after a warm-up; usual way and SQL: {args.repeat_usual} calls each")
    header = f"{'page':<22}{'view p50':>9}{'p95':>8}{'usual p50':>11}{'p95':>8}{'SQL p50':>9}{'p95':>8}"
    print(header + f"{'usual/view':>11}{'SQL/view':>9}  agree")
    misses = []
    for page in PAGES:
        with store.read() as conn:
            view_p50, view_p95, shown = measure(lambda page=page, conn=conn: page.view(conn), args.repeat)
            if page.indicator is None:
                print(
                    f"{page.path:<22}{view_p50:>9.1f}{view_p95:>8.1f}{'—':>11}{'':>8}{'—':>9}{'':>8}"
                    f"{'—':>11}{'—':>9}  (no indicator figure)"
                )
                if view_p95 > 50:
                    misses.append(f"{page.path}: p95 {view_p95:.0f} ms > 50")
                continue
            usual_p50, usual_p95, usual = measure(
                lambda page=page, conn=conn: usual_way(conn, page.indicator, fiscal_year, scheme, page.levels),
                args.repeat_usual,
            )
            sql_p50, sql_p95, grouped = measure(
                lambda page=page, conn=conn: one_group_by(conn, page.indicator, fiscal_year, scheme, page.levels),
                args.repeat_usual,
            )
        figures = page.shown(shown)
        wrong = disagreements(figures, usual, grouped)
        agree = f"yes ({len(figures)} figures)" if not wrong else f"NO: {wrong[:3]}"
        print(
            f"{page.path:<22}{view_p50:>9.1f}{view_p95:>8.1f}{usual_p50:>11.1f}{usual_p95:>8.1f}{sql_p50:>9.1f}"
            f"{sql_p95:>8.1f}{usual_p50 / view_p50:>10.1f}×{sql_p50 / view_p50:>8.1f}×  {agree}"
        )
        if view_p95 > 50:
            misses.append(f"{page.path}: p95 {view_p95:.0f} ms > 50")
        if usual_p50 / view_p50 < 20:
            misses.append(f"{page.path}: {usual_p50 / view_p50:.1f}× faster than the usual way, < 20×")
    print("targets (p95 ≤ 50 ms, ≥ 20× the usual way): " + ("all met" if not misses else "; ".join(misses)))
    store.dispose()


if __name__ == "__main__":
    main()

"""Import speed: rows per second of a results CSV through the same path as `cockpit import` and the upload page.

    python bench/import_speed.py [--rows 50000 1000000] [--store duckdb|postgres|both]
                                 [--postgres-admin-url postgresql+psycopg://postgres@127.0.0.1:5432/test]

For each size, a fresh store with the demo catalogue (and its results), then a CSV of that many new province
results (fiscal years 2500-2700 but the demo's, every indicator at its own frequency, figures its rules accept) imported
in one transaction by a national token, all or nothing, every row validated. Prints the time of each stage
(reading, checking, writing) and rows/s in all; then imports the same file again (every row unchanged) and a
third time with every figure changed (every row an update that keeps the replaced value in the history).
"""

from __future__ import annotations

import argparse
import csv
import io
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cockpit.bootstrap import prepare_store  # noqa: E402
from cockpit.people import tokens  # noqa: E402
from cockpit.people.tokens import create_token  # noqa: E402
from cockpit.read import queries  # noqa: E402
from cockpit.write.importer import import_results  # noqa: E402

PERIODS = {"monthly": 12, "quarterly": 4, "term": 2, "yearly": 1}


def results_csv(indicators: list[dict], provinces: list[str], rows: int, change: float = 0.0) -> bytes:
    """`rows` results: year by year from FY 2500 (the demo's years left out), each indicator's periods, every
    province (at most about 1.2 million)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["indicator", "area", "fiscal_year_be", "period_no", "value", "numerator", "denominator"])
    written = 0
    for year in (y for y in range(2500, 2701) if y not in (2566, 2567, 2568)):
        for ind in indicators:
            for period in range(1, PERIODS[ind["frequency"]] + 1):
                for n, province in enumerate(provinces):
                    if written == rows:
                        return out.getvalue().encode()
                    share = 0.55 + ((n * 7 + period * 3 + year) % 30) / 100 + change
                    if ind["aggregation"] == "sum":
                        writer.writerow([ind["code"], province, year, period, round(200 + 1000 * share), "", ""])
                    else:
                        denominator = 1000 + (n * 13 + period) % 500
                        numerator = round(denominator * share, 1)
                        writer.writerow([ind["code"], province, year, period, "", numerator, denominator])
                    written += 1
    return out.getvalue().encode()


def run_one(store_url: str, rows: int) -> dict:
    store = prepare_store(store_url, demo=True)
    with store.write(bump_version=False) as conn:
        secret = create_token(conn, "bench import", "national")
        token = tokens.principal_for_token(tokens.authenticate(conn, f"Bearer {secret}"))
        indicators = [i for i in queries.indicators(conn) if i["unit"] in ("percent", "count") and not i.get("minimum")]
        provinces = [p["code"] for p in queries.provinces(conn)]
    figures = {}
    for label, change in (("new rows", 0.0), ("same rows again", 0.0), ("every row changed", 0.05)):
        data = results_csv(indicators, provinces, rows, change)
        stages: list[tuple[str, float]] = []
        started = time.perf_counter()

        def progress(message: str, started=started, stages=stages) -> None:
            stages.append((message, time.perf_counter() - started))

        with store.write() as conn:
            counts = import_results(conn, data, "bench.csv", token, progress)
        took = time.perf_counter() - started
        figures[label] = {"seconds": took, "rows_per_s": rows / took, "counts": counts, "stages": stages}
        print(
            f"  {label:<18} {took:7.2f} s  {rows / took:10,.0f} rows/s  "
            f"(inserted {counts['inserted']:,}, updated {counts['updated']:,}, unchanged {counts['unchanged']:,})",
            flush=True,
        )
        for message, at in stages:
            if not message.startswith("Checked"):
                print(f"      {at:7.2f} s  {message}", flush=True)
    store.dispose()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[50_000, 1_000_000])
    parser.add_argument("--store", choices=("duckdb", "postgres", "both"), default="both")
    parser.add_argument("--postgres-admin-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    args = parser.parse_args(argv)
    kinds = ("duckdb", "postgres") if args.store == "both" else (args.store,)
    for rows in args.rows:
        for kind in kinds:
            workdir = Path(tempfile.mkdtemp(prefix="import-speed-"))
            admin, database = None, None
            if kind == "duckdb":
                url = f"duckdb:///{workdir / 'cockpit.duckdb'}"
            else:
                database = f"import_speed_{uuid.uuid4().hex[:8]}"
                admin = sa.create_engine(args.postgres_admin_url, isolation_level="AUTOCOMMIT")
                with admin.connect() as conn:
                    conn.execute(sa.text(f'CREATE DATABASE "{database}"'))
                url = sa.engine.make_url(args.postgres_admin_url).set(database=database).render_as_string(False)
            print(f"[import-speed] {rows:,} rows into {kind}", flush=True)
            try:
                run_one(url, rows)
            finally:
                if admin is not None:
                    with admin.connect() as conn:
                        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
                    admin.dispose()
                shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What each page shows, as plain data: the screens' single entry into the queries."""

from __future__ import annotations

from sqlalchemy.engine import Connection

from cockpit import queries


def nation_view(conn: Connection, fiscal_year: int | None) -> dict:
    """Key joint indicators at national level for a fiscal year (the latest with data by default)."""
    years = queries.fiscal_years(conn)
    fiscal_year = fiscal_year if fiscal_year in years else (years[0] if years else None)
    tiles = []
    for ind in queries.indicators(conn):
        if not ind["is_key"]:
            continue
        result = queries.area_results(conn, ind["code"], "nation", fiscal_year)
        tiles.append({"indicator": ind, "result": result["areas"][0], "period_no": result["period_no"]})
    return {"fiscal_year_be": fiscal_year, "fiscal_years": years, "tiles": tiles, "dataset": queries.dataset_info(conn)}

"""The eMENSCR export: every joint indicator at the nation and in each province, and each project, under its XYZ
node; its national figures recomputed here from the raw rows (a ratio of sums), and its chain codes from the
chain's own parent links."""

import csv
import io

import pytest
import sqlalchemy as sa

from cockpit.read import emenscr
from cockpit.store import schema


def _parse(data: bytes) -> list[dict]:
    assert data.startswith("\ufeff".encode()), "Excel needs the BOM to read the Thai names as UTF-8"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def _national_ratio(conn, indicator: dict, fiscal_year: int, period_no: int) -> float:
    """sum(numerator) / sum(denominator) × multiplier over the provinces' rows of the period (year to date
    for a flow, whose figure is the sum of its periods)."""
    r = schema.indicator_result
    in_time = r.c.period_no <= period_no if indicator["accumulates"] else r.c.period_no == period_no
    of_the_period = (r.c.indicator_code == indicator["code"], r.c.fiscal_year_be == fiscal_year, in_time)
    if indicator["aggregation"] == "sum":
        return conn.execute(sa.select(sa.func.sum(r.c.value)).where(*of_the_period)).scalar()
    both = (r.c.numerator.is_not(None), r.c.denominator.is_not(None))
    num, den = conn.execute(
        sa.select(sa.func.sum(r.c.numerator), sa.func.sum(r.c.denominator)).where(*of_the_period, *both)
    ).one()
    return num / den * indicator["multiplier"]


def _chain_above(conn, code: str) -> dict[str, str]:
    c = schema.chain_node
    parents = {row.code: (row.level, row.parent_code) for row in conn.execute(sa.select(c))}
    path = {}
    while code:
        level, parent = parents[code]
        path[level.lower()] = code
        code = parent
    return path


def test_every_indicator_is_exported_at_the_nation_and_in_every_province_with_the_shown_figures(api):
    store, _, client = api
    answer = client.get("/api/v1/exports/emenscr.csv?fy=2568")
    assert answer.status_code == 200
    assert answer.mimetype == "text/csv"
    assert 'filename="emenscr-2568.csv"' in answer.headers["Content-Disposition"]
    rows = _parse(answer.data)
    assert list(rows[0]) == list(emenscr.COLUMNS)
    i = schema.indicator
    with store.read() as conn:
        indicators = {
            row.code: dict(row._mapping) for row in conn.execute(sa.select(i).where(i.c.retired_at.is_(None)))
        }
        provinces = conn.execute(sa.select(sa.func.count()).select_from(schema.province)).scalar()
        indicator_rows = [row for row in rows if row["record_type"] == "indicator"]
        assert len(indicator_rows) == len(indicators) * (1 + provinces)
        checked = 0
        for row in indicator_rows:
            indicator = indicators[row["code"]]
            assert {k: row[f"{k}_code"] for k in ("z", "y2", "y1", "x") if row[f"{k}_code"]} == _chain_above(
                conn, indicator["chain_node_code"]
            )
            if row["area_level"] != "nation" or not row["value"] or indicator["direction"] == "range":
                continue
            expected = _national_ratio(conn, indicator, 2568, int(row["period_no"]))
            assert float(row["value"]) == pytest.approx(expected, rel=1e-9), row["code"]
            checked += 1
    assert checked >= 20, "most of the demo's indicators have a national figure in FY 2568"
    statuses = {row["status"] for row in indicator_rows}
    assert {"green", "red", "no_data"} <= statuses
    missing = [row for row in indicator_rows if row["status"] == "no_data"]
    assert all(row["value"] == "" for row in missing), "missing data is exported as missing, never as 0"
    dated = [row["as_of_be"] for row in indicator_rows if row["as_of_be"]]
    assert dated and all(day[:2] == "25" and len(day) == 10 for day in dated), "dates are Buddhist Era, YYYY-MM-DD"


def test_projects_are_exported_under_their_x_factor_with_progress_against_plan(api):
    store, _, client = api
    rows = _parse(client.get("/api/v1/exports/emenscr.csv?fy=2568").data)
    project_rows = {row["code"]: row for row in rows if row["record_type"] == "project"}
    p = schema.project
    with store.read() as conn:
        projects = conn.execute(sa.select(p).where(p.c.fiscal_year_be == 2568, p.c.retired_at.is_(None))).all()
        assert projects, "the demo has projects in FY 2568"
        assert set(project_rows) == {project.code for project in projects}
        for project in projects:
            row = project_rows[project.code]
            assert row["x_code"] == project.chain_node_code
            assert _chain_above(conn, project.chain_node_code)["x"] == row["x_code"]
            assert float(row["progress_pct"]) == project.progress_pct
            assert float(row["budget_thb"]) == project.budget_thb
            behind = project.planned_pct - project.progress_pct
            expected = "green" if behind <= 0 else "yellow" if behind <= 10 else "orange" if behind <= 25 else "red"
            assert row["status"] == expected, project.code


def test_the_export_is_national_and_refuses_a_bad_year(api):
    _, tokens, client = api
    regional = client.get("/api/v1/exports/emenscr.csv", headers={"Authorization": f"Bearer {tokens['reo']}"})
    assert regional.status_code == 403
    assert "national" in regional.get_json()["error"]
    bad = client.get("/api/v1/exports/emenscr.csv?fy=twenty")
    assert bad.status_code == 422
    assert "fy" in bad.get_json()["fields"]
    anonymous = client.get("/api/v1/exports/emenscr.csv", headers={})
    assert anonymous.status_code == 401


def test_an_empty_store_exports_the_header_only(empty_store):
    with empty_store.read() as conn:
        year, rows = emenscr.export_rows(conn)
    assert (year, rows) == (None, [])
    assert _parse(emenscr.to_csv(rows)) == []
    assert emenscr.to_csv(rows).decode("utf-8-sig").strip() == ",".join(emenscr.COLUMNS)


def test_the_cli_writes_the_same_file_from_the_store(demo_store, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from cockpit import cli as cockpit_cli

    monkeypatch.setattr(cockpit_cli, "prepare_store_quietly", lambda: demo_store)
    monkeypatch.setattr(demo_store, "dispose", lambda: None)
    target = tmp_path / "out" / "emenscr.csv"
    outcome = CliRunner().invoke(
        cockpit_cli.cli, ["export", "emenscr", str(target), "--fy", "2567", "--url", "http://127.0.0.1:9"]
    )
    assert outcome.exit_code == 0, outcome.output
    with demo_store.read() as conn:
        _, rows = emenscr.export_rows(conn, 2567)
    assert target.read_bytes() == emenscr.to_csv(rows)
    assert f"{len(rows):,} rows" in outcome.output
    assert {row["fiscal_year_be"] for row in _parse(target.read_bytes())} == {"2567"}

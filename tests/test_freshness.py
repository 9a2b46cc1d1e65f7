"""Freshness rules: when an indicator has missed its next period, and when written data is overdue."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cockpit.rules.freshness import (
    ALLOWANCE_DAYS,
    Freshness,
    bangkok_today,
    indicator_freshness,
    next_period,
    written_freshness,
)
from tests.signin import ADMINISTRATOR


def test_the_period_after_the_last_of_a_year_is_the_next_year_s_first():
    assert next_period(2568, "quarterly", 2) == (2568, 3)
    assert next_period(2568, "quarterly", 4) == (2569, 1)
    assert next_period(2568, "yearly", 1) == (2569, 1)
    assert next_period(2568, "monthly", 12) == (2569, 1)


@pytest.mark.parametrize(
    ("today", "stale"),
    [
        (dt.date(2026, 4, 30), False),  # Q1 of FY 2569 ended 31 Dec 2025: 120 days later is 30 Apr 2026
        (dt.date(2026, 5, 1), True),
    ],
)
def test_a_quarterly_indicator_is_stale_120_days_after_the_missing_quarter_ended(today, stale):
    fresh = indicator_freshness((2568, 4), "quarterly", today)
    assert fresh.stale is stale
    assert fresh.due == dt.date(2026, 4, 30)


def test_a_yearly_indicator_waits_for_the_next_fiscal_year_to_end():
    # FY 2568's result is the latest; FY 2569 ends 30 Sep 2026 and may come until 180 days later.
    assert not indicator_freshness((2568, 1), "yearly", dt.date(2026, 12, 3)).stale
    assert indicator_freshness((2568, 1), "yearly", dt.date(2027, 3, 30)).stale
    assert indicator_freshness((2568, 1), "yearly", dt.date(2027, 3, 29), allowance_days=0).stale


def test_every_frequency_has_an_allowance_and_no_data_is_never_stale():
    assert set(ALLOWANCE_DAYS) == {"monthly", "quarterly", "term", "yearly"}
    assert not indicator_freshness(None, "monthly", dt.date(2030, 1, 1)).stale


def test_written_data_is_stale_once_it_is_overdue_in_bangkok_days():
    written = dt.datetime(2026, 11, 30, 18, 0, tzinfo=dt.UTC)  # 1 Dec 01:00 in Bangkok
    assert written_freshness(written, 7, dt.date(2026, 12, 8)).due == dt.date(2026, 12, 8)
    assert not written_freshness(written, 7, dt.date(2026, 12, 8)).stale
    assert written_freshness(written, 7, dt.date(2026, 12, 9)).stale
    assert not written_freshness(None, 7, dt.date(2030, 1, 1)).stale
    assert bangkok_today(dt.datetime(2026, 12, 31, 17, 30, tzinfo=dt.UTC)) == dt.date(2027, 1, 1)


@pytest.mark.parametrize(
    "path", ["/", "/region/REO08", "/province/TH-50", "/indicator/JI01", "/chain", "/crisis", "/crisis/1"]
)
def test_every_data_section_of_a_page_says_how_fresh_it_is(demo_store, path):
    from callbacks.routing import ROUTES, _routes, render_path

    ROUTES[:] = _routes()
    _, _, body = render_path(demo_store, path, "", ADMINISTRATOR)
    rendered = str(body.to_plotly_json())
    assert "section-freshness" in rendered and "ข้อมูล ณ" in rendered, path


def _set_allowance(folder, code: str, days: str) -> None:
    from tests.test_catalogue import read_csv, write_csv

    rows = read_csv(folder / "indicators.csv")
    for row in rows:
        if row["code"] == code:
            row["stale_after_days"] = days
    write_csv(folder / "indicators.csv", rows)


def test_an_indicator_s_own_allowance_comes_from_the_catalogue(stores, tmp_path):
    """A ministry sets how long each indicator may wait (`stale_after_days`); empty keeps its frequency's. The
    same latest period (FY 2567 of three yearly indicators) is stale for an indicator allowed 0 days and fresh
    for one allowed 3,650."""
    import shutil

    from cockpit.catalogue import files
    from cockpit.catalogue.apply import import_catalogue
    from cockpit.catalogue.export import catalogue_tables
    from cockpit.read import queries, views
    from tests.factories import add_result
    from tests.test_catalogue import DEMO_FOLDER, read_csv

    folder = Path(shutil.copytree(DEMO_FOLDER, tmp_path / "catalogue"))
    _set_allowance(folder, "JI01", "0")
    _set_allowance(folder, "JI04", "3650")
    store = stores.prepared(demo=False)
    import_catalogue(store, files.read_path(folder), "test")
    with store.write() as conn:
        for code in ("JI01", "JI04", "JI05"):
            add_result(conn, code, "TH-50", 2567, 1, 50.0, 100.0)
        judged = views.indicator_freshness(conn, queries.indicators(conn), dt.date(2026, 12, 3))
    assert [judged[code]["stale"] for code in ("JI01", "JI04", "JI05")] == [True, False, True]
    assert judged["JI01"]["due"] == dt.date(2025, 9, 30)  # FY 2568 ended, no allowance
    assert judged["JI05"]["due"] == dt.date(2025, 9, 30) + dt.timedelta(days=ALLOWANCE_DAYS["yearly"])

    with store.read() as conn:
        files.write_folder(catalogue_tables(conn), tmp_path / "exported")
    exported = {row["code"]: row["stale_after_days"] for row in read_csv(tmp_path / "exported" / "indicators.csv")}
    assert (exported["JI01"], exported["JI04"], exported["JI05"]) == ("0", "3650", "")


def test_a_catalogue_written_before_the_allowance_column_still_imports(stores, tmp_path):
    import shutil

    from cockpit.catalogue import files
    from cockpit.catalogue.apply import import_catalogue
    from tests.test_catalogue import DEMO_FOLDER, read_csv, write_csv

    folder = Path(shutil.copytree(DEMO_FOLDER, tmp_path / "catalogue"))
    rows = read_csv(folder / "indicators.csv")
    write_csv(folder / "indicators.csv", rows, [name for name in rows[0] if name != "stale_after_days"])
    report = import_catalogue(stores.prepared(demo=False), files.read_path(folder), "test")
    assert report["changes"]["indicators"]["added"] == 30


def test_a_term_indicator_is_due_after_the_school_term_ends():
    """After term 2 of school year 2568 (ended 31 Mar 2569), term 1 of 2569 ends on 31 Oct 2569 (2026) and is
    stale 120 days later; on the fiscal calendar the same term would have been due six months earlier."""
    school = indicator_freshness((2568, 2), "term", dt.date(2027, 2, 28))
    assert school == Freshness(False, dt.date(2026, 10, 31) + dt.timedelta(days=120))
    assert indicator_freshness((2568, 2), "term", dt.date(2027, 3, 1)).stale
    fiscal = indicator_freshness((2568, 2), "term", dt.date(2026, 12, 3), calendar="fiscal_year")
    assert fiscal == Freshness(True, dt.date(2026, 3, 31) + dt.timedelta(days=120))

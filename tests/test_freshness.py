"""Freshness rules: when an indicator has missed its next period, and when written data is overdue."""

from __future__ import annotations

import datetime as dt

import pytest

from cockpit.rules.freshness import (
    ALLOWANCE_DAYS,
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

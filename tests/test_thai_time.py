import datetime as dt

import pytest

from cockpit.rules.thai_time import (
    bangkok_midnight,
    be_year,
    calendar_of,
    fiscal_year_be,
    fiscal_year_bounds,
    format_date_be,
    format_datetime_be,
    parse_date_be,
    period_end,
    period_label,
)


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [
        (dt.date(2024, 9, 30), 2567),
        (dt.date(2024, 10, 1), 2568),
        (dt.date(2025, 9, 30), 2568),
        (dt.date(2025, 10, 1), 2569),
        (dt.date(2025, 1, 1), 2568),
        (dt.date(2024, 12, 31), 2568),
    ],
)
def test_fiscal_year_turns_over_on_1_october(day, fiscal_year):
    assert fiscal_year_be(day) == fiscal_year


def test_fiscal_year_bounds_run_from_1_october_to_30_september():
    assert fiscal_year_bounds(2568) == (dt.date(2024, 10, 1), dt.date(2025, 9, 30))
    start, end = fiscal_year_bounds(2568)
    assert fiscal_year_be(start) == fiscal_year_be(end) == 2568
    assert fiscal_year_be(start - dt.timedelta(days=1)) == 2567
    assert fiscal_year_be(end + dt.timedelta(days=1)) == 2569


def test_buddhist_era_is_common_era_plus_543():
    assert be_year(2025) == 2568
    assert format_date_be(dt.date(2026, 11, 20)) == "20 พ.ย. 2569"
    assert format_date_be(dt.date(2026, 11, 20), "en") == "20 Nov 2569 BE"


def test_timestamps_show_in_bangkok_time():
    late_evening_utc = dt.datetime(2025, 9, 30, 17, 30, tzinfo=dt.UTC)
    # 17:30 UTC on 30 Sep is 00:30 on 1 Oct in Bangkok: a new fiscal year there.
    assert format_datetime_be(late_evening_utc) == "1 ต.ค. 2568 00:30 น."


@pytest.mark.parametrize(
    ("frequency", "period_no", "end"),
    [
        ("yearly", 1, dt.date(2025, 9, 30)),
        ("quarterly", 1, dt.date(2024, 12, 31)),
        ("quarterly", 4, dt.date(2025, 9, 30)),
        ("monthly", 1, dt.date(2024, 10, 31)),
        ("monthly", 5, dt.date(2025, 2, 28)),
        ("monthly", 12, dt.date(2025, 9, 30)),
        ("term", 1, dt.date(2025, 3, 31)),
    ],
)
def test_period_end_counts_from_october(frequency, period_no, end):
    calendar = "fiscal_year" if frequency == "term" else None
    assert period_end(2568, frequency, period_no, calendar) == end


@pytest.mark.parametrize(
    ("period_no", "end"),
    [(1, dt.date(2025, 10, 31)), (2, dt.date(2026, 3, 31))],
)
def test_a_term_follows_the_school_year_unless_the_catalogue_says_fiscal(period_no, end):
    """School year 2568 starts in mid-May 2568 (2025): term 1 ends with October, term 2 with March 2569."""
    assert period_end(2568, "term", period_no) == end
    assert period_end(2568, "term", period_no, "school_year") == end
    assert calendar_of("term") == "school_year"
    assert calendar_of("quarterly", "school_year") == "fiscal_year", "only terms follow the school year"
    assert fiscal_year_be(dt.date(2025, 5, 16)) == 2568, "school year 2568 begins in fiscal year 2568"


def test_period_outside_the_year_is_refused():
    with pytest.raises(ValueError, match="outside 1..4"):
        period_end(2568, "quarterly", 5)


def test_period_labels():
    assert period_label(2568, "quarterly", 2) == "ปีงบ 2568 ไตรมาส 2"
    assert period_label(2568, "monthly", 3, "en") == "Dec 2567"
    assert period_label(2568, "term", 1) == "ปีการศึกษา 2568 ภาคเรียน 1"
    assert period_label(2568, "term", 2, "en") == "SY 2568 Term 2"
    assert period_label(2568, "term", 2, "en", "fiscal_year") == "FY 2568 Term 2"


@pytest.mark.parametrize("typed", ["3/12/2569", "03-12-2569", "3.12.2569", "2569-12-03", " 3/12/2569 "])
def test_a_typed_buddhist_era_date_is_read(typed):
    assert parse_date_be(typed) == dt.date(2026, 12, 3)


@pytest.mark.parametrize("typed", ["3/12/2026", "2026-12-03", "31/2/2569", "yesterday", "3/12", ""])
def test_a_date_that_is_not_a_buddhist_era_date_is_refused(typed):
    with pytest.raises(ValueError):
        parse_date_be(typed)


def test_a_thai_day_starts_at_midnight_in_bangkok():
    assert bangkok_midnight(dt.date(2026, 12, 3)) == dt.datetime(2026, 12, 2, 17, 0, tzinfo=dt.UTC)

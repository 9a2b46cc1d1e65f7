"""When data is stale: an indicator is due a new period some time after that period ends, and a figure with no
periods (a crisis report, a project's progress, a service area's score) is due a new write some time after the
last one. A screen shows the as-of date of its data and marks it stale past that time.

The allowances are the ministry's to set *(unverified)*: a quarterly indicator with no new period 120 days
after the quarter ended is stale; an open crisis not updated for a week is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cockpit.rules.thai_time import PERIODS_PER_YEAR, period_end, to_bangkok

# Days after the end of the period that is due before its absence makes the data stale, by frequency.
ALLOWANCE_DAYS = {"monthly": 45, "quarterly": 120, "term": 120, "yearly": 180}
# Figures without periods: how often they are expected to be written, and the allowance after that.
CRISIS_UPDATE_DAYS = 7  # an open crisis's report
WRITE_EVERY_DAYS = {"monthly": 31, "quarterly": 92, "term": 183, "yearly": 366}


# Days after a period ends by which provinces report it, by frequency, unless the catalogue sets the indicator's
# own (`report_due_days`); a result first written later is late. The ministry's to set *(unverified)*.
REPORT_DUE_DAYS = {"monthly": 15, "quarterly": 30, "term": 30, "yearly": 60}


def report_due(
    fiscal_year: int, frequency: str, period_no: int, calendar: str | None = None, due_days: int | None = None
) -> dt.date:
    """The last day on which a period's results are on time (a Bangkok day)."""
    days = REPORT_DUE_DAYS[frequency] if due_days is None else due_days
    return period_end(fiscal_year, frequency, period_no, calendar) + dt.timedelta(days=days)


@dataclass(frozen=True)
class Freshness:
    """Whether data is stale, and from which day it is (or became) so."""

    stale: bool
    due: dt.date | None


def next_period(fiscal_year: int, frequency: str, period_no: int) -> tuple[int, int]:
    """The period after (fiscal year, period): the next fiscal year's first after the last of a year."""
    if period_no >= PERIODS_PER_YEAR[frequency]:
        return fiscal_year + 1, 1
    return fiscal_year, period_no + 1


def indicator_freshness(
    latest: tuple[int, int] | None,
    frequency: str,
    today: dt.date,
    allowance_days: int | None = None,
    calendar: str | None = None,
) -> Freshness:
    """An indicator whose latest period is `latest` (fiscal year BE, period) is stale when the next period
    ended more than the allowance ago and has not arrived (periods end as its calendar says). With no period at
    all there is nothing to date."""
    if latest is None:
        return Freshness(False, None)
    allowance = ALLOWANCE_DAYS[frequency] if allowance_days is None else allowance_days
    fiscal_year, period_no = next_period(latest[0], frequency, latest[1])
    due = period_end(fiscal_year, frequency, period_no, calendar) + dt.timedelta(days=allowance)
    return Freshness(today > due, due)


def written_freshness(as_of: dt.datetime | None, every_days: int, today: dt.date, allowance_days: int = 0) -> Freshness:
    """Data written at `as_of` and expected every `every_days` (plus an allowance) is stale past that."""
    if as_of is None:
        return Freshness(False, None)
    due = to_bangkok(as_of).date() + dt.timedelta(days=every_days + allowance_days)
    return Freshness(today > due, due)


def bangkok_today(now: dt.datetime | None = None) -> dt.date:
    return to_bangkok(now or dt.datetime.now(dt.UTC)).date()

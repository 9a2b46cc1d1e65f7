"""Thai calendar rules: Buddhist Era years, the fiscal year (1 Oct of BE N-1 to 30 Sep of BE N) and the school
year (ปีการศึกษา BE N: term 1 from mid-May of BE N, term 2 from 1 November to the end of March of BE N+1).

An indicator reported per term follows the school year unless the catalogue names the fiscal calendar for it
(then its two terms are the fiscal year's halves). Its year is the school year, which begins in the fiscal year of
the same number, so "2569" groups a term indicator's school year 2569 with the other indicators' fiscal year 2569.

Dates are stored in the common era and timestamps in UTC; these functions convert for display.
"""

import datetime as dt
import functools
from zoneinfo import ZoneInfo

BANGKOK = ZoneInfo("Asia/Bangkok")
BE_OFFSET = 543

MONTHS_TH = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
PERIODS_PER_YEAR = {"monthly": 12, "quarterly": 4, "term": 2, "yearly": 1}
FISCAL_YEAR = "fiscal_year"
SCHOOL_YEAR = "school_year"
CALENDARS = (FISCAL_YEAR, SCHOOL_YEAR)
# The last day of each school term as (month, day, years after the school year's start): term 1 ends with
# October's break, term 2 at the end of March of the next calendar year.
SCHOOL_TERM_ENDS = {1: (10, 31, 0), 2: (3, 31, 1)}


def be_year(ce_year: int) -> int:
    return ce_year + BE_OFFSET


def ce_year(be: int) -> int:
    return be - BE_OFFSET


def fiscal_year_be(day: dt.date) -> int:
    """The Thai fiscal year (BE) a day falls in: 1 Oct starts the next fiscal year."""
    return be_year(day.year + 1 if day.month >= 10 else day.year)


def fiscal_year_bounds(fiscal_year: int) -> tuple[dt.date, dt.date]:
    """First and last day (CE dates) of fiscal year BE `fiscal_year`."""
    end_ce = ce_year(fiscal_year)
    return dt.date(end_ce - 1, 10, 1), dt.date(end_ce, 9, 30)


def calendar_of(frequency: str, calendar: str | None = None) -> str:
    """The calendar an indicator's periods follow: the school year for terms unless the catalogue says
    otherwise; every other frequency follows the fiscal year."""
    if frequency == "term":
        return calendar or SCHOOL_YEAR
    return FISCAL_YEAR


@functools.lru_cache(maxsize=8192)  # pure, and an import asks it for every row
def period_end(fiscal_year: int, frequency: str, period_no: int, calendar: str | None = None) -> dt.date:
    """Last day of period `period_no` (1-based) of year `fiscal_year` at a frequency: months count from October,
    except a school-year term (see SCHOOL_TERM_ENDS)."""
    per_year = PERIODS_PER_YEAR[frequency]
    if not 1 <= period_no <= per_year:
        raise ValueError(f"period {period_no} is outside 1..{per_year} for a {frequency} indicator")
    if calendar_of(frequency, calendar) == SCHOOL_YEAR:
        month, day, later = SCHOOL_TERM_ENDS[period_no]
        return dt.date(ce_year(fiscal_year) + later, month, day)
    months = 12 // per_year
    start, _ = fiscal_year_bounds(fiscal_year)
    month_index = start.month - 1 + months * period_no
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, 1) - dt.timedelta(days=1)


def to_bangkok(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(BANGKOK)


def format_date_be(day: dt.date, lang: str = "th") -> str:
    """'20 พ.ย. 2569' in Thai, '20 Nov 2569 BE' in English: the year is always Buddhist Era."""
    if lang == "en":
        return f"{day.day} {MONTHS_EN[day.month - 1]} {be_year(day.year)} BE"
    return f"{day.day} {MONTHS_TH[day.month - 1]} {be_year(day.year)}"


def format_datetime_be(moment: dt.datetime, lang: str = "th") -> str:
    """A UTC timestamp shown in Bangkok time with a Buddhist Era date."""
    local = to_bangkok(moment)
    suffix = " น." if lang == "th" else ""
    return f"{format_date_be(local.date(), lang)} {local:%H:%M}{suffix}"


def parse_date_be(text: str) -> dt.date:
    """A date as a person types it with a Buddhist Era year — '3/12/2569', '03-12-2569' or '2569-12-03' —
    as a common-era date; ValueError for anything else (a common-era year included)."""
    parts = [p for p in text.strip().replace("-", "/").replace(".", "/").split("/") if p]
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise ValueError(f"not a date: {text!r}")
    day, month, year = (int(p) for p in (parts[::-1] if len(parts[0]) == 4 else parts))
    if year < 2400:
        raise ValueError(f"the year of {text!r} is not a Buddhist Era year")
    return dt.date(ce_year(year), month, day)


def bangkok_midnight(day: dt.date) -> dt.datetime:
    """The start of a day in Bangkok, as a UTC timestamp: a day a person names is a Thai day."""
    return dt.datetime.combine(day, dt.time(), BANGKOK).astimezone(dt.UTC)


def period_label(
    fiscal_year: int, frequency: str, period_no: int, lang: str = "th", calendar: str | None = None
) -> str:
    """A short label for a reporting period, e.g. 'ปีงบ 2568 ไตรมาส 2' or 'ปีการศึกษา 2568 ภาคเรียน 1'."""
    if calendar_of(frequency, calendar) == SCHOOL_YEAR:
        return f"ปีการศึกษา {fiscal_year} ภาคเรียน {period_no}" if lang == "th" else f"SY {fiscal_year} Term {period_no}"
    fy = f"ปีงบ {fiscal_year}" if lang == "th" else f"FY {fiscal_year}"
    if frequency == "yearly":
        return fy
    if frequency == "monthly":
        end = period_end(fiscal_year, frequency, period_no)
        names = MONTHS_TH if lang == "th" else MONTHS_EN
        return f"{names[end.month - 1]} {be_year(end.year)}"
    word = {"quarterly": ("ไตรมาส", "Q"), "term": ("ภาคเรียน", "Term ")}[frequency]
    return f"{fy} {word[0]} {period_no}" if lang == "th" else f"{fy} {word[1]}{period_no}"

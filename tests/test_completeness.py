"""Who has reported a period, on time or late, and who has not: on both stores, from the results and the values
they replaced, judged against the period's due day; and the panel on the region and indicator pages."""

from __future__ import annotations

import datetime as dt

import pytest

from callbacks.routing import render_path
from cockpit.read import queries
from cockpit.read.completeness import not_reported, reporting_completeness
from cockpit.rules.freshness import REPORT_DUE_DAYS, report_due
from cockpit.store import schema
from tests.factories import add_minimal_catalogue
from tests.signin import ADMINISTRATOR
from tests.test_pages_region_province import by_class, texts

FY = 2568
DUE = dt.date(2025, 9, 30) + dt.timedelta(days=REPORT_DUE_DAYS["yearly"])  # FY 2568 ends 30 Sep 2568 (2025)


def written(conn, province: str, at: dt.datetime, value: float = 50.0) -> None:
    conn.execute(
        schema.indicator_result.insert().values(
            indicator_code="TR01",
            province_code=province,
            fiscal_year_be=FY,
            period_no=1,
            period_end=dt.date(2025, 9, 30),
            numerator=value,
            denominator=100.0,
            value=value,
            source="test",
            updated_at=at,
        )
    )


def bangkok(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), dt.timezone(dt.timedelta(hours=7))).astimezone(dt.UTC)


@pytest.fixture
def reported(stores):
    """TH-50 on time, TH-51 a day late, TH-52 first on time then corrected after the due day (still on time),
    the other 74 provinces silent."""
    store = stores.prepared(demo=False)
    with store.write() as conn:
        add_minimal_catalogue(conn)
        written(conn, "TH-50", bangkok(DUE))
        written(conn, "TH-51", bangkok(DUE + dt.timedelta(days=1), hour=0))
        written(conn, "TH-52", bangkok(DUE + dt.timedelta(days=20)), value=60.0)
        conn.execute(
            schema.indicator_result_revision.insert().values(
                indicator_code="TR01",
                province_code="TH-52",
                fiscal_year_be=FY,
                period_no=1,
                numerator=55.0,
                denominator=100.0,
                value=55.0,
                source="test",
                written_at=bangkok(DUE - dt.timedelta(days=3)),
                replaced_at=bangkok(DUE + dt.timedelta(days=20)),
                replaced_by="test",
                replaced_batch_id="b1",
            )
        )
    return store


def test_the_due_day_follows_the_frequency_or_the_catalogue():
    assert report_due(FY, "yearly", 1) == DUE
    assert report_due(FY, "quarterly", 1) == dt.date(2024, 12, 31) + dt.timedelta(days=30)
    assert report_due(FY, "quarterly", 1, due_days=0) == dt.date(2024, 12, 31)


def test_on_time_late_overdue_and_expected(reported):
    with reported.read() as conn:
        ind = queries.indicator(conn, "TR01")
        provinces = queries.provinces(conn)
        after = reporting_completeness(conn, ind, FY, 1, provinces, today=DUE + dt.timedelta(days=30))
        before = reporting_completeness(conn, ind, FY, 1, provinces, today=DUE)
    states = {row["code"]: (row["state"], row["days_late"]) for row in after["provinces"]}
    assert states["TH-50"] == ("on_time", None), "written on the due day in Bangkok"
    assert states["TH-51"] == ("late", 1), "00:00 Bangkok the next day is late"
    assert states["TH-52"] == ("on_time", None), "first written before the due day; a correction does not make it late"
    assert states["TH-10"] == ("overdue", 30)
    assert after["counts"] == {"overdue": 74, "expected": 0, "late": 1, "on_time": 2}
    assert (after["reported"], after["expected"], after["due"]) == (3, 77, DUE)
    assert [row["state"] for row in after["provinces"][:74]] == ["overdue"] * 74, "the ones to chase come first"
    assert before["counts"]["expected"] == 74 and before["counts"]["overdue"] == 0, "not late before the due day"


def test_the_region_and_indicator_pages_list_who_has_not_reported(reported):
    from app import create_app

    create_app(reported)
    with reported.read() as conn:
        region = next(r for r in queries.regions(conn) if "TH-50" in r["provinces"])
        names = {p["code"]: p["name_th"] for p in queries.provinces(conn)}
    for path in (f"/region/{region['code']}", "/indicator/TR01"):
        _header, _crumbs, body = render_path(reported, path, f"?fy={FY}", ADMINISTRATOR)
        panel = by_class(body, "completeness-panel")
        assert panel, f"{path}: no completeness panel"
        text = texts(panel[0])
        assert "ใครยังไม่รายงาน?" in text
        silent = [
            code
            for code in (region["provinces"] if path.startswith("/region") else names)
            if code not in ("TH-50", "TH-51", "TH-52")
        ]
        assert all(names[code] in text for code in silent), f"{path}: a silent province is not listed"
        assert names["TH-51"] in text and "ล่าช้า 1 วัน" in text
        assert names["TH-50"] not in text.split("ตรงเวลา")[-1], f"{path}: an on-time province is listed to chase"
    _header, _crumbs, body = render_path(reported, "/indicator/TR01", f"?fy={FY}&lang=en", ADMINISTRATOR)
    assert "Who has not reported?" in texts(by_class(body, "completeness-panel")[0])


def test_the_catalogue_sets_an_indicator_s_own_due_days(stores):
    store = stores.prepared(demo=False)
    with store.write() as conn:
        add_minimal_catalogue(conn)
        conn.execute(schema.indicator.update().where(schema.indicator.c.code == "TR01").values(report_due_days=0))
        written(conn, "TH-50", bangkok(dt.date(2025, 10, 1)))
        ind = queries.indicator(conn, "TR01")
        result = reporting_completeness(conn, ind, FY, 1, queries.provinces(conn), today=dt.date(2025, 10, 2))
    assert result["due"] == dt.date(2025, 9, 30)
    assert next(r for r in result["provinces"] if r["code"] == "TH-50")["state"] == "late"


def test_who_has_not_reported_across_indicators_most_overdue_first(reported):
    """The white wall's question over every indicator: TC01 is due the day its year ends (report_due_days 0), so
    it is overdue longer than TR01; TH-20 owes both, TH-50 only TC01, the other silent provinces only TR01."""
    with reported.write() as conn:
        conn.execute(schema.indicator.update().where(schema.indicator.c.code == "TC01").values(report_due_days=0))
        for province in queries.provinces(conn):
            if province["code"] not in ("TH-20", "TH-50"):
                conn.execute(
                    schema.indicator_result.insert().values(
                        indicator_code="TC01",
                        province_code=province["code"],
                        fiscal_year_be=FY,
                        period_no=1,
                        period_end=dt.date(2025, 9, 30),
                        value=10.0,
                        source="test",
                        updated_at=bangkok(DUE),
                    )
                )
    today = DUE + dt.timedelta(days=30)
    with reported.read() as conn:
        inds = queries.indicators(conn)
        owing = not_reported(conn, FY, inds, today=today)
        nothing_due = not_reported(conn, FY, inds, today=dt.date(2025, 9, 30))
    tc01_days = (today - dt.date(2025, 9, 30)).days
    rows = owing["provinces"]
    assert owing["indicators_due"] == 2 and sorted(owing["indicators"]) == ["TC01", "TR01"]
    assert (rows[0]["code"], sorted(rows[0]["indicators"]), rows[0]["days_overdue"]) == (
        "TH-20",
        ["TC01", "TR01"],
        tc01_days,
    )
    assert (rows[1]["code"], rows[1]["indicators"], rows[1]["days_overdue"]) == ("TH-50", ["TC01"], tc01_days)
    assert {row["days_overdue"] for row in rows[2:]} == {30} and len(rows) == 74 + 1  # 73 silent on TR01 + TH-50
    assert [row["code"] for row in rows[2:]] == sorted(row["code"] for row in rows[2:])
    assert not {"TH-51", "TH-52"} & {row["code"] for row in rows}, "a late report is a report"
    assert nothing_due["provinces"] == [] and nothing_due["indicators_due"] == 0


def test_the_white_wall_frame_lists_who_has_not_reported(reported):
    from app import create_app

    create_app(reported)
    with reported.read() as conn:
        names = {p["code"]: p for p in queries.provinces(conn)}
    for lang, title, more in (("th", "ใครยังไม่รายงาน?", "และอีก 70 จังหวัด"), ("en", "Who has not reported?", "+70 more")):
        _header, _crumbs, body = render_path(reported, "/wall", f"?screen=white&fy={FY}&lang={lang}", ADMINISTRATOR)
        frames = by_class(body, "wall-frame-not_reported")
        assert len(frames) == 1, "one frame on the white wall"
        text = texts(frames[0])
        assert title in text and more in text, text
        rows = by_class(frames[0], "wall-owing")
        assert len(rows) == 4, "few rows, legible across the room"
        first = names["TH-10"]["name_th" if lang == "th" else "name_en"]
        assert first in texts(rows[0]), "all owe one indicator for as long: by code, TH-10 first"

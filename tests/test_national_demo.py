"""`cockpit init --demo-scale national`, at a few hundred schools: deterministic, counted, and its province rows
are the ratio of sums of their schools (the school contract), on both stores."""

from collections import defaultdict

import pytest
import sqlalchemy as sa

from cockpit.demo import generate
from cockpit.demo.national import NATIONAL_FISCAL_YEARS_BE
from cockpit.read import queries
from cockpit.rules.thai_time import PERIODS_PER_YEAR
from cockpit.store import schema
from cockpit.store.database import get_info, open_store
from tests.conftest import BACKENDS, StoreFactory
from tests.test_cli import run_cli

SCHOOLS = 300


def _build(stores) -> str:
    url = stores.url()
    result = run_cli("init", "--demo-scale", "national", "--schools", str(SCHOOLS), url=url)
    assert result.returncode == 0, result.stderr
    assert "School results: JI30 (30/30)" in result.stdout and "dataset demo" in result.stdout
    return url


def _rows(conn, table: sa.Table) -> list[tuple]:
    return [tuple(row) for row in conn.execute(sa.select(table).order_by(*table.primary_key))]


@pytest.fixture(scope="module", params=BACKENDS)
def built(request, tmp_path_factory):
    """Two national builds on one backend, each opened as a store (built once for this module's tests)."""
    stores = StoreFactory(request.param, tmp_path_factory)
    opened = [open_store(_build(stores)) for _ in range(2)]
    yield opened
    for store in opened:
        store.dispose()
    stores.close()


def test_two_builds_are_identical_and_marked_demo(built):
    first, second = built
    tables = (schema.school, schema.school_result, schema.indicator_result, schema.indicator_target)
    with first.read() as a, second.read() as b:
        for table in tables:
            assert _rows(a, table) == _rows(b, table), table.name
        assert queries.dataset_info(a)["dataset"] == "demo"
        assert get_info(a, "demo_scale") == "national"
        names = a.execute(sa.select(schema.school.c.name_th, schema.school.c.name_en)).all()
        sources = set(a.execute(sa.select(schema.indicator_result.c.source).distinct()).scalars())
        school_sources = set(a.execute(sa.select(schema.school_result.c.source).distinct()).scalars())
    assert len(names) == SCHOOLS
    assert all(th.endswith("(จำลอง)") and en.endswith("(demo)") for th, en in names)
    assert sources == {"schools"} and school_sources == {"demo"}


def test_row_counts_are_those_computed(built):
    store = built[0]
    with store.read() as conn:
        provinces = [row.code for row in conn.execute(sa.select(schema.province.c.code).order_by("code"))]
        per_province = dict(
            conn.execute(
                sa.select(schema.school.c.province_code, sa.func.count()).group_by(schema.school.c.province_code)
            ).all()
        )
        covered = set(
            conn.execute(
                sa.select(
                    schema.service_area_province.c.service_area_code, schema.service_area_province.c.province_code
                )
            ).all()
        )
        placed = set(conn.execute(sa.select(schema.school.c.service_area_code, schema.school.c.province_code)).all())
        frequency = dict(conn.execute(sa.select(schema.indicator.c.code, schema.indicator.c.frequency)).all())
        keys = conn.execute(
            sa.select(
                schema.school_result.c.indicator_code,
                schema.school_result.c.fiscal_year_be,
                schema.school_result.c.period_no,
                sa.func.count(),
            ).group_by(
                schema.school_result.c.indicator_code,
                schema.school_result.c.fiscal_year_be,
                schema.school_result.c.period_no,
            )
        ).all()
        years = queries.fiscal_years(conn)
    # Schools in proportion to each province's size, every province at least one, each in a service area
    # that covers its province.
    sizes = {p: generate._Province({"code": p, "name_th": ""}) for p in provinces}
    expected = generate._apportion(SCHOOLS, [sizes[p].pop * sizes[p].school_factor for p in provinces], minimum=1)
    assert [per_province.get(p, 0) for p in provinces] == expected
    assert placed <= covered
    # Every indicator at its frequency for five fiscal years; about 2% of school-periods missing.
    periods = {
        (code, fy, n) for code, f in frequency.items() for fy in years for n in range(1, PERIODS_PER_YEAR[f] + 1)
    }
    assert sorted(years) == list(NATIONAL_FISCAL_YEARS_BE)
    assert {(code, fy, n) for code, fy, n, _ in keys} == periods
    total = sum(count for *_, count in keys)
    assert 0.96 * SCHOOLS * len(periods) < total < SCHOOLS * len(periods)


def test_province_rows_are_the_ratio_of_sums_of_their_schools(built):
    store = built[0]
    sr, s, r, i = schema.school_result, schema.school, schema.indicator_result, schema.indicator
    with store.read() as conn:
        indicators = {row.code: row for row in conn.execute(sa.select(i.c.code, i.c.aggregation, i.c.multiplier))}
        school_rows = conn.execute(
            sa.select(
                sr.c.indicator_code,
                s.c.province_code,
                sr.c.fiscal_year_be,
                sr.c.period_no,
                sr.c.numerator,
                sr.c.denominator,
                sr.c.value,
            ).join(s, s.c.code == sr.c.school_code)
        ).all()
        province_rows = conn.execute(
            sa.select(
                r.c.indicator_code,
                r.c.province_code,
                r.c.fiscal_year_be,
                r.c.period_no,
                r.c.numerator,
                r.c.denominator,
                r.c.value,
            )
        ).all()
    sums = defaultdict(lambda: [0.0, 0.0, 0.0])
    for code, province, fy, period, num, den, value in school_rows:
        total = sums[(code, province, fy, period)]
        if indicators[code].aggregation == "ratio":
            total[0] += num
            total[1] += den
        else:
            total[2] += value
    assert {tuple(row[:4]) for row in province_rows} == set(sums)
    for code, province, fy, period, num, den, value in province_rows:
        total = sums[(code, province, fy, period)]
        ind = indicators[code]
        if ind.aggregation == "ratio":
            assert (num, den) == pytest.approx((total[0], total[1]))
            assert value == pytest.approx(total[0] / total[1] * ind.multiplier)
        else:
            assert (num, den) == (None, None)
            assert value == pytest.approx(total[2])


def test_the_national_scale_is_built_only_into_an_empty_store(tmp_path):
    url = f"duckdb:///{tmp_path / 'small.duckdb'}"
    assert run_cli("init", url=url).returncode == 0

    def schools() -> int:
        store = open_store(url)
        with store.read() as conn:
            found = conn.execute(sa.select(sa.func.count()).select_from(schema.school)).scalar_one()
        store.dispose()
        return found

    before = schools()  # the small demo's own few
    result = run_cli("init", "--demo-scale", "national", "--schools", "50", url=url)
    assert result.returncode == 0, result.stderr
    assert "builds only into an empty store; nothing was added" in result.stdout
    assert schools() == before
    wrong = run_cli("init", "--demo-scale", "huge", url=url)
    assert wrong.returncode != 0 and "--demo-scale must be 'small' or 'national'" in wrong.stderr

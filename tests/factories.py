"""Small hand-made rows for tests whose expected figures are computed by hand."""

import datetime as dt

import sqlalchemy as sa

from cockpit.store import schema
from cockpit.write.schools import rolled_up

NOW = dt.datetime(2025, 10, 15, 3, 0, tzinfo=dt.UTC)


def add_chain(conn) -> None:
    nodes = [
        {
            "code": "TZ",
            "level": "Z",
            "parent_code": None,
            "name_th": "เป้าหมายชาติ",
            "name_en": "Goal",
            "value_chain_stage": None,
            "host_agency_code": None,
            "sort_order": 1,
        },
        {
            "code": "TY2",
            "level": "Y2",
            "parent_code": "TZ",
            "name_th": "แผนแม่บท",
            "name_en": "Plan",
            "value_chain_stage": None,
            "host_agency_code": None,
            "sort_order": 2,
        },
        {
            "code": "TY1",
            "level": "Y1",
            "parent_code": "TY2",
            "name_th": "แผนย่อย",
            "name_en": "Sub-plan",
            "value_chain_stage": None,
            "host_agency_code": None,
            "sort_order": 3,
        },
        {
            "code": "TX",
            "level": "X",
            "parent_code": "TY1",
            "name_th": "ปัจจัย",
            "name_en": "Factor",
            "value_chain_stage": "upstream",
            "host_agency_code": "OBEC",
            "sort_order": 4,
        },
    ]
    for node in nodes:  # one by one: DuckDB checks a self-reference against rows of earlier statements only
        conn.execute(schema.chain_node.insert().values(node))


def add_indicator(conn, code: str, **overrides) -> dict:
    row = {
        "code": code,
        "name_th": f"ตัวชี้วัด {code}",
        "name_en": f"Indicator {code}",
        "question_th": None,
        "question_en": None,
        "definition_th": "นิยาม",
        "definition_en": "Definition",
        "numerator_th": None,
        "denominator_th": None,
        "unit": "percent",
        "unit_label_th": "ร้อยละ",
        "unit_label_en": "%",
        "aggregation": "ratio",
        "multiplier": 100.0,
        "decimals": 2,
        "direction": "higher",
        "frequency": "yearly",
        "yellow_gap": 10.0,
        "orange_gap": 20.0,
        "chain_node_code": "TX",
        "value_chain_stage": "upstream",
        "host_agency_code": "OBEC",
        "source_system": "test",
        "is_key": True,
        "sort_order": 1,
        "is_demo": False,
        "accumulates": False,
    } | overrides
    conn.execute(schema.indicator.insert().values(row))
    return row


def add_target(conn, code: str, fiscal_year: int, area: str = "TH", value=None, low=None, high=None) -> None:
    conn.execute(
        schema.indicator_target.insert().values(
            indicator_code=code,
            fiscal_year_be=fiscal_year,
            area_code=area,
            target_value=value,
            target_low=low,
            target_high=high,
        )
    )


def add_result(conn, code, province, fiscal_year, period_no=1, numerator=None, denominator=None, value=None):
    _add_figure(conn, schema.indicator_result, {"province_code": province}, code, fiscal_year, period_no,
                numerator, denominator, value)  # fmt: skip


def _add_figure(conn, table, place: dict, code, fiscal_year, period_no, numerator, denominator, value) -> None:
    """One result row of a province (indicator_result) or a school (school_result); a rate's value from its sums."""
    if value is None and numerator is not None and denominator:
        value = numerator / denominator * 100
    conn.execute(
        table.insert().values(
            indicator_code=code,
            **place,
            fiscal_year_be=fiscal_year,
            period_no=period_no,
            period_end=dt.date(2025, 9, 30),
            numerator=numerator,
            denominator=denominator,
            value=value,
            source="test",
            updated_at=NOW,
        )
    )


def add_minimal_catalogue(conn) -> None:
    """The smallest catalogue that writes and reads exercise: the chain TZ → TX, a rate (TR01, yearly) and a
    count (TC01, yearly) with national targets for BE 2568."""
    add_chain(conn)
    add_indicator(conn, "TR01")
    add_indicator(
        conn,
        "TC01",
        unit="count",
        unit_label_th="คน",
        unit_label_en="persons",
        aggregation="sum",
        multiplier=1.0,
        decimals=0,
        sort_order=2,
    )
    add_target(conn, "TR01", 2568, value=80.0)
    add_target(conn, "TC01", 2568, value=100.0)


def add_service_area(conn, code: str, provinces: list[str], kind: str = "primary", name_th=None, name_en=None) -> None:
    """A service area covering one province, or a secondary one spanning two."""
    conn.execute(
        schema.service_area.insert().values(
            code=code,
            kind=kind,
            name_th=name_th or f"สพท. {code}",
            name_en=name_en or f"Service area {code}",
            is_demo=False,
        )
    )
    for province in provinces:
        conn.execute(schema.service_area_province.insert().values(service_area_code=code, province_code=province))


def add_school(conn, code: str, province: str, service_area: str, name_th=None, name_en=None) -> None:
    conn.execute(
        schema.school.insert().values(
            code=code,
            name_th=name_th or f"โรงเรียน {code}",
            name_en=name_en or f"School {code}",
            province_code=province,
            service_area_code=service_area,
        )
    )


def add_school_result(conn, code, school, fiscal_year, period_no=1, numerator=None, denominator=None, value=None):
    _add_figure(conn, schema.school_result, {"school_code": school}, code, fiscal_year, period_no,
                numerator, denominator, value)  # fmt: skip


def roll_up_schools(conn) -> None:
    """Each province's indicator_result rows as the ratio of sums of its schools (source 'schools'), from the
    product's own sums (cockpit/write/schools.py: rolled_up), for tests that place school rows directly."""
    r = schema.indicator_result
    summed = rolled_up().subquery("summed")
    keys = ("indicator_code", "province_code", "fiscal_year_be", "period_no")
    figures = ("period_end", "numerator", "denominator", "value")
    conn.execute(r.delete().where(sa.tuple_(*(r.c[k] for k in keys)).in_(sa.select(*(summed.c[k] for k in keys)))))
    conn.execute(
        r.insert().from_select(
            [*keys, *figures, "source", "updated_at"],
            sa.select(*(summed.c[c] for c in (*keys, *figures)), sa.literal("schools"), sa.literal(NOW)),
        )
    )

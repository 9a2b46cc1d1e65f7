"""The store's catalogue as sheet rows (what `catalogue export`, the download and `GET /api/v1/catalogue`
give): active rows only, in a stable order, so that exporting, importing and exporting again is byte for
byte the same. Retired rows are listed apart."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cockpit.catalogue.apply import catalogue_history
from cockpit.store import schema
from cockpit.store.database import get_info


def _active(table: sa.Table):
    return table.c.retired_at.is_(None)


def catalogue_tables(conn: Connection) -> dict[str, list[dict]]:
    """Every sheet's rows, with the columns of `cockpit.catalogue.sheets`."""
    about = [
        {"key": key, "value": get_info(conn, f"catalogue_{key}")}
        for key in ("name", "kind", "description", "as_of")
        if get_info(conn, f"catalogue_{key}")
    ]
    agency = schema.agency
    agencies = [
        {"code": r.code, "abbr_th": r.abbr_th, "name_th": r.name_th, "name_en": r.name_en}
        for r in conn.execute(sa.select(agency).where(_active(agency)).order_by(agency.c.code))
    ]
    scheme, region, link = schema.region_scheme, schema.region, schema.region_province
    schemes = [
        {
            "code": r.code,
            "name_th": r.name_th,
            "name_en": r.name_en,
            "is_default": r.is_default,
            "source": r.source,
            "as_of": r.as_of,
        }
        for r in conn.execute(sa.select(scheme).order_by(scheme.c.is_default.desc(), scheme.c.code))
    ]
    scheme_rank = {row["code"]: index for index, row in enumerate(schemes)}
    region_rows = sorted(
        conn.execute(sa.select(region)), key=lambda r: (scheme_rank.get(r.scheme_code, 99), r.sort_order, r.code)
    )
    regions = [
        {
            "scheme": r.scheme_code,
            "code": r.code,
            "name_th": r.name_th,
            "name_en": r.name_en,
            "sort_order": r.sort_order,
        }
        for r in region_rows
    ]
    region_rank = {(r["scheme"], r["code"]): index for index, r in enumerate(regions)}
    region_provinces = [
        {"scheme": r.scheme_code, "region": r.region_code, "province": r.province_code}
        for r in sorted(
            conn.execute(sa.select(link)),
            key=lambda r: (region_rank.get((r.scheme_code, r.region_code), 9999), r.province_code),
        )
    ]
    area, area_link = schema.service_area, schema.service_area_province
    provinces_of: dict[str, list[str]] = {}
    for r in conn.execute(sa.select(area_link).order_by(area_link.c.service_area_code, area_link.c.province_code)):
        provinces_of.setdefault(r.service_area_code, []).append(r.province_code)
    service_areas = [
        {
            "code": r.code,
            "kind": r.kind,
            "name_th": r.name_th,
            "name_en": r.name_en,
            "provinces": " ".join(provinces_of.get(r.code, [])),
        }
        for r in conn.execute(sa.select(area).where(_active(area)).order_by(area.c.code))
    ]
    school = schema.school
    schools = [
        {
            "code": r.code,
            "name_th": r.name_th,
            "name_en": r.name_en,
            "province": r.province_code,
            "service_area": r.service_area_code,
        }
        for r in conn.execute(sa.select(school).where(_active(school)).order_by(school.c.code))
    ]
    node = schema.chain_node
    chain = [
        {
            "code": r.code,
            "level": r.level,
            "parent": r.parent_code,
            "name_th": r.name_th,
            "name_en": r.name_en,
            "host_agency": r.host_agency_code,
            "value_chain_stage": r.value_chain_stage,
            "sort_order": r.sort_order,
        }
        for r in conn.execute(sa.select(node).where(_active(node)).order_by(node.c.sort_order, node.c.code))
    ]
    indicator = schema.indicator
    indicator_rows = list(
        conn.execute(sa.select(indicator).where(_active(indicator)).order_by(indicator.c.sort_order, indicator.c.code))
    )
    indicators = [
        {
            "code": r.code,
            "name_th": r.name_th,
            "name_en": r.name_en,
            "question_th": r.question_th,
            "question_en": r.question_en,
            "definition_th": r.definition_th,
            "definition_en": r.definition_en,
            "numerator_th": r.numerator_th,
            "numerator_en": r.numerator_en,
            "denominator_th": r.denominator_th,
            "denominator_en": r.denominator_en,
            "unit": r.unit,
            "unit_label_th": r.unit_label_th,
            "unit_label_en": r.unit_label_en,
            "aggregation": r.aggregation,
            "multiplier": r.multiplier,
            "decimals": r.decimals,
            "direction": r.direction,
            "frequency": r.frequency,
            "accumulates": bool(r.accumulates),
            "yellow_gap": r.yellow_gap,
            "orange_gap": r.orange_gap,
            "chain_node": r.chain_node_code,
            "value_chain_stage": r.value_chain_stage,
            "host_agency": r.host_agency_code,
            "source_system": r.source_system,
            "is_key": r.is_key,
            "sort_order": r.sort_order,
            "stale_after_days": r.stale_after_days,
            "calendar": r.calendar,
            "report_due_days": r.report_due_days,
            "minimum": r.minimum,
            "maximum": r.maximum,
            "approval_steps": r.approval_steps,
        }
        for r in indicator_rows
    ]
    indicator_rank = {r.code: index for index, r in enumerate(indicator_rows)}
    target = schema.indicator_target
    targets = [
        {
            "indicator": r.indicator_code,
            "area": r.area_code,
            "fiscal_year_be": r.fiscal_year_be,
            "target": r.target_value,
            "target_low": r.target_low,
            "target_high": r.target_high,
        }
        for r in sorted(
            conn.execute(sa.select(target).where(target.c.indicator_code.in_(list(indicator_rank)))),
            key=lambda r: (indicator_rank[r.indicator_code], r.fiscal_year_be, r.area_code != "TH", r.area_code),
        )
    ]
    project = schema.project
    projects = [
        {
            "code": r.code,
            "name_th": r.name_th,
            "name_en": r.name_en,
            "chain_node": r.chain_node_code,
            "host_agency": r.host_agency_code,
            "fiscal_year_be": r.fiscal_year_be,
            "budget_thb": r.budget_thb,
            "disbursed_thb": r.disbursed_thb,
            "progress_pct": r.progress_pct,
            "planned_pct": r.planned_pct,
        }
        for r in conn.execute(sa.select(project).where(_active(project)).order_by(project.c.code))
    ]
    rule = schema.validation_rule
    validation_rules = [
        {
            "code": r.code,
            "name_th": r.name_th,
            "name_en": r.name_en,
            "indicator": r.indicator_code,
            "left_side": r.left_side,
            "operator": r.operator,
            "right_side": r.right_side,
            "importance": r.importance,
            "skip_when_missing": r.skip_when_missing,
            "active": r.active,
        }
        for r in conn.execute(sa.select(rule).order_by(rule.c.sort_order, rule.c.code))
    ]
    return {
        "about": about,
        "agencies": agencies,
        "region_schemes": schemes,
        "regions": regions,
        "region_provinces": region_provinces,
        "service_areas": service_areas,
        "schools": schools,
        "chain": chain,
        "indicators": indicators,
        "targets": targets,
        "projects": projects,
        "validation_rules": validation_rules,
    }


def retired(conn: Connection) -> dict[str, list[dict]]:
    """What imports retired: kept for the results that refer to it, hidden from the pages."""
    out = {}
    for kind, table in (
        ("agencies", schema.agency),
        ("service_areas", schema.service_area),
        ("schools", schema.school),
        ("chain", schema.chain_node),
        ("indicators", schema.indicator),
        ("projects", schema.project),
    ):
        rows = conn.execute(
            sa.select(table.c.code, table.c.name_th, table.c.name_en, table.c.retired_at)
            .where(table.c.retired_at.is_not(None))
            .order_by(table.c.code)
        )
        out[kind] = [dict(row._mapping) for row in rows]
    return out


def catalogue_view(conn) -> dict:
    """The catalogue page's and the API's one read: every sheet, what is retired, the latest imports."""
    tables = catalogue_tables(conn)
    return {
        "about": {row["key"]: row["value"] for row in tables["about"]},
        "sheets": tables,
        "retired": retired(conn),
        "history": catalogue_history(conn),
    }

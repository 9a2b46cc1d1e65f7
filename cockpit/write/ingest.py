"""Writes: crisis reports, their lifecycle, and indicator results, validated before anything is stored.

Every function here runs inside the caller's `Store.write()` transaction, so a request is stored whole or
not at all and bumps the data version with it. Bad input raises `InvalidInput` naming every bad field and
why; nothing is written.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Literal

import sqlalchemy as sa
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, model_validator
from sqlalchemy.engine import Connection

from cockpit.errors import CockpitError
from cockpit.people.tokens import Token
from cockpit.read import crises, queries
from cockpit.rules.thai_time import PERIODS_PER_YEAR, period_end
from cockpit.store import schema
from cockpit.store.database import UNCHANGED, utc_now

CrisisType = Literal[tuple(crises.TYPES)]  # type: ignore[valid-type]
CrisisStatus = Literal[tuple(crises.STATUSES)]  # type: ignore[valid-type]
LearningMode = Literal[tuple(crises.LEARNING_MODES)]  # type: ignore[valid-type]


class InvalidInput(CockpitError):
    """422: the request names fields that are wrong; `fields` says which and why."""

    def __init__(self, fields: dict[str, str], message: str = "invalid input"):
        super().__init__(f"{message}: " + "; ".join(f"{k}: {v}" for k, v in fields.items()))
        self.fields = fields


class Conflict(CockpitError):
    """409: a status change the lifecycle does not allow."""


class Forbidden(CockpitError):
    """403: the token's scope does not cover the provinces written."""


class NotFoundError(CockpitError):
    """404: no such crisis."""


def _field_name(location: tuple) -> str:
    name = ""
    for part in location:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "body"


def problems_of(error: ValidationError, prefix: str = "") -> dict[str, str]:
    """Pydantic's errors as {field: reason}, e.g. {"provinces[1]": "…"}."""
    out: dict[str, str] = {}
    for item in error.errors():
        field = _field_name(tuple(item["loc"]))
        key = f"{prefix}.{field}" if prefix and field != "body" else (prefix or field)
        out.setdefault(key, item["msg"])
    return out


class _Impacts(BaseModel):
    schools_affected: int | None = Field(None, ge=0)
    schools_closed: int | None = Field(None, ge=0)
    students_affected: int | None = Field(None, ge=0)
    staff_affected: int | None = Field(None, ge=0)
    injuries: int | None = Field(None, ge=0)
    deaths: int | None = Field(None, ge=0)
    shelter_schools: int | None = Field(None, ge=0)
    damage_thb: float | None = Field(None, ge=0)
    learning_mode: LearningMode | None = None
    help_given: str | None = Field(None, max_length=4000)
    description: str | None = Field(None, max_length=8000)

    @model_validator(mode="after")
    def closed_within_affected(self):
        if self.schools_closed is not None and self.schools_affected is not None:
            if self.schools_closed > self.schools_affected:
                raise ValueError("schools_closed cannot exceed schools_affected")
        return self


class CrisisReport(_Impacts):
    """POST /api/v1/crises: a new crisis report."""

    model_config = ConfigDict(extra="forbid")
    type: CrisisType
    severity: int = Field(ge=1, le=4, description="DDPM level: 1 small, 2 medium, 3 large, 4 extremely severe")
    title: str = Field(min_length=1, max_length=400)
    provinces: list[str] = Field(min_length=1, max_length=77, description="ISO 3166-2:TH codes")
    service_areas: list[str] = Field(default_factory=list)
    occurred_at: AwareDatetime
    reporter: str | None = Field(None, max_length=200)


class CrisisUpdate(_Impacts):
    """PATCH /api/v1/crises/<id>: a status change, a new severity, updated impacts; all optional."""

    model_config = ConfigDict(extra="forbid")
    status: CrisisStatus | None = None
    severity: int | None = Field(None, ge=1, le=4)
    title: str | None = Field(None, min_length=1, max_length=400)
    note: str | None = Field(None, max_length=2000)


class ResultIn(BaseModel):
    """One indicator result for one province and period; a rate needs numerator and denominator."""

    model_config = ConfigDict(extra="forbid")
    indicator: str = Field(min_length=1, max_length=32)
    area: str = Field(min_length=1, max_length=100, description="province ISO code (TH-50) or Thai name")
    fiscal_year_be: int = Field(ge=2500, le=2700)
    period_no: int = Field(1, ge=1, le=12)
    value: float | None = Field(None, allow_inf_nan=False)
    numerator: float | None = Field(None, ge=0, allow_inf_nan=False)
    denominator: float | None = Field(None, gt=0, allow_inf_nan=False)


class ResultBatch(BaseModel):
    """POST /api/v1/results: written whole or not at all. Each item is checked on its own (see check_results)
    so that every bad one is named, not only the first."""

    model_config = ConfigDict(extra="forbid")
    results: list[dict] = Field(
        min_length=1, max_length=100_000, json_schema_extra={"items": ResultIn.model_json_schema()}
    )


def parse(model: type[BaseModel], payload) -> BaseModel:
    if not isinstance(payload, dict):
        raise InvalidInput({"body": "must be a JSON object"})
    try:
        return model.model_validate(payload)
    except ValidationError as error:
        raise InvalidInput(problems_of(error)) from None


# --- crises -----------------------------------------------------------------------------------------------------


def _check_places(conn: Connection, provinces: list[str], service_areas: list[str], token: Token) -> None:
    known = {p["code"] for p in queries.provinces(conn)}
    problems = {
        f"provinces[{i}]": f"unknown province code {code!r}; see /api/v1/provinces"
        for i, code in enumerate(provinces)
        if code not in known
    }
    if service_areas:
        area = schema.service_area
        existing = set(
            conn.execute(
                sa.select(area.c.code).where(area.c.code.in_(service_areas), area.c.retired_at.is_(None))
            ).scalars()
        )
        problems |= {
            f"service_areas[{i}]": f"unknown service area {code!r}"
            for i, code in enumerate(service_areas)
            if code not in existing
        }
    if problems:
        raise InvalidInput(problems)
    if not token.allows(provinces):
        outside = sorted(set(provinces) - (token.provinces or set()))
        raise Forbidden(f"token scope {token.scope} does not cover {', '.join(outside)}")


def create_crisis(conn: Connection, report: CrisisReport, token: Token) -> int:
    """Store a new report as `reported`, with its first log entry; return its id."""
    _check_places(conn, report.provinces, report.service_areas, token)
    now = utc_now()
    values = report.model_dump(exclude={"provinces", "service_areas"})
    values |= {
        "occurred_at": report.occurred_at.astimezone(dt.UTC),
        "reporter": report.reporter or token.name,
        "status": "reported",
        "reported_at": now,
        "updated_at": now,
        "is_demo": False,
    }
    event = schema.crisis_event
    crisis_id = conn.execute(event.insert().values(values).returning(event.c.id)).scalar_one()
    conn.execute(
        schema.crisis_province.insert(),
        [{"crisis_id": crisis_id, "province_code": p} for p in dict.fromkeys(report.provinces)],
    )
    if report.service_areas:
        conn.execute(
            schema.crisis_service_area.insert(),
            [{"crisis_id": crisis_id, "service_area_code": c} for c in dict.fromkeys(report.service_areas)],
        )
    conn.execute(
        schema.crisis_status_log.insert().values(
            crisis_id=crisis_id,
            from_status=None,
            to_status="reported",
            changed_at=now,
            changed_by=token.name,
            note=None,
        )
    )
    return crisis_id


def update_crisis(conn: Connection, crisis_id: int, update: CrisisUpdate, token: Token) -> dict:
    """Apply a status change and/or field updates; log who changed what and when."""
    event = schema.crisis_event
    row = conn.execute(sa.select(event).where(event.c.id == crisis_id)).first()
    if row is None:
        raise NotFoundError(f"no crisis with id {crisis_id}")
    current = dict(row._mapping)
    provinces = [
        p
        for p in conn.execute(
            sa.select(schema.crisis_province.c.province_code).where(schema.crisis_province.c.crisis_id == crisis_id)
        ).scalars()
    ]
    if not token.allows(provinces):
        raise Forbidden(f"token scope {token.scope} does not cover this crisis's provinces ({', '.join(provinces)})")
    changes = update.model_dump(exclude_unset=True, exclude={"note", "status"})
    merged = {**{k: current[k] for k in ("schools_affected", "schools_closed")}, **changes}
    if merged["schools_closed"] is not None and merged["schools_affected"] is not None:
        if merged["schools_closed"] > merged["schools_affected"]:
            raise InvalidInput({"schools_closed": "cannot exceed schools_affected"})
    new_status = update.status if update.status and update.status != current["status"] else None
    if new_status and new_status not in crises.LIFECYCLE[current["status"]]:
        allowed = crises.LIFECYCLE[current["status"]]
        raise Conflict(
            f"a crisis cannot go from {current['status']} to {new_status}; "
            + (f"allowed next: {', '.join(allowed)}" if allowed else f"{current['status']} is final")
        )
    changed = {k: v for k, v in changes.items() if current.get(k) != v}
    if not changed and not new_status:
        return current | {"provinces": provinces}
    now = utc_now()
    values = changed | {"updated_at": now} | ({"status": new_status} if new_status else {})
    conn.execute(event.update().where(event.c.id == crisis_id).values(values))
    what = "; ".join(f"{k}: {current.get(k)} → {v}" for k, v in changed.items())
    note = " · ".join(part for part in (what, update.note) if part) or None
    conn.execute(
        schema.crisis_status_log.insert().values(
            crisis_id=crisis_id,
            from_status=current["status"],
            to_status=new_status or current["status"],
            changed_at=now,
            changed_by=token.name,
            note=note,
        )
    )
    return current | values | {"provinces": provinces}


# --- results ----------------------------------------------------------------------------------------------------


class ResultRules:
    """What a result must satisfy, read once from the store: indicators, provinces and their Thai names."""

    def __init__(self, conn: Connection):
        self.indicators = {i["code"]: i for i in queries.indicators(conn)}
        provinces = queries.provinces(conn)
        self.province_by_key = {p["code"]: p["code"] for p in provinces}
        for p in provinces:
            self.province_by_key[p["name_th"]] = p["code"]
            self.province_by_key["จ." + p["name_th"]] = p["code"]
            self.province_by_key["จังหวัด" + p["name_th"]] = p["code"]

    def check(self, item: ResultIn) -> tuple[dict | None, dict[str, str]]:
        """A row ready to store, or the reasons it is not, keyed by field."""
        problems: dict[str, str] = {}
        ind = self.indicators.get(item.indicator)
        province = self.province_by_key.get(item.area.strip())
        if ind is None:
            problems["indicator"] = f"unknown indicator {item.indicator!r}; see /api/v1/indicators"
        if province is None:
            problems["area"] = f"{item.area!r} is not a province ISO code (e.g. TH-50) or Thai province name"
        if ind is None:
            return None, problems
        per_year = PERIODS_PER_YEAR[ind["frequency"]]
        if item.period_no > per_year:
            problems["period_no"] = f"{ind['code']} is {ind['frequency']}: period_no must be 1..{per_year}"
        value = item.value
        if ind["aggregation"] == "ratio":
            if item.numerator is None or item.denominator is None:
                problems["numerator" if item.numerator is None else "denominator"] = (
                    f"{ind['code']} is a rate: send numerator and denominator (regions are summed from them)"
                )
            else:
                computed = item.numerator / item.denominator * ind["multiplier"]
                if value is not None and not math.isclose(value, computed, rel_tol=1e-6, abs_tol=1e-6):
                    problems["value"] = f"{value} disagrees with numerator/denominator ({computed:.6g})"
                value = computed
        else:
            if value is None:
                problems["value"] = f"{ind['code']} is a count: send value"
            if item.numerator is not None or item.denominator is not None:
                problems["numerator"] = f"{ind['code']} is a count: send value only, no numerator/denominator"
        if problems:
            return None, problems
        return {
            "indicator_code": ind["code"],
            "province_code": province,
            "fiscal_year_be": item.fiscal_year_be,
            "period_no": item.period_no,
            "period_end": period_end(item.fiscal_year_be, ind["frequency"], item.period_no),
            "numerator": item.numerator if ind["aggregation"] == "ratio" else None,
            "denominator": item.denominator if ind["aggregation"] == "ratio" else None,
            "value": value,
        }, {}


def check_results(
    conn: Connection, payloads: list[dict], labels: list[str], progress: Callable[[str], None] | None = None
) -> list[dict]:
    """Validate every payload, its shape and then its meaning; raise InvalidInput naming every bad one (by its
    label, e.g. "results[3].area" or "line 7.area") or return store-ready rows."""
    rules = ResultRules(conn)
    rows, problems = [], {}
    seen: dict[tuple, str] = {}
    for number, (payload, label) in enumerate(zip(payloads, labels, strict=True), start=1):
        if progress and number % 10_000 == 0:
            progress(f"Checked {number:,}/{len(payloads):,} rows ({number * 100 // len(payloads)}%)")
        try:
            item = ResultIn.model_validate(payload)
        except ValidationError as error:
            problems |= problems_of(error, label)
            continue
        row, bad = rules.check(item)
        problems |= {f"{label}.{field}": reason for field, reason in bad.items()}
        if row:
            key = (row["indicator_code"], row["province_code"], row["fiscal_year_be"], row["period_no"])
            if key in seen:
                problems[label] = f"repeats {seen[key]} (same indicator, province and period)"
            seen[key] = label
            rows.append(row)
    if problems:
        raise InvalidInput(problems, f"{len({k.split('.')[0] for k in problems})} bad row(s); nothing was written")
    return rows


def _same(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (
        a is not None and b is not None and math.isclose(a, b, rel_tol=1e-12, abs_tol=0)
    )


def write_results(conn: Connection, rows: list[dict], token: Token, source: str) -> dict[str, int]:
    """Insert new rows and replace changed ones; identical rows are left alone (an export re-imported changes
    nothing). Returns counts of inserted, updated and unchanged rows."""
    provinces = {row["province_code"] for row in rows}
    if not token.allows(provinces):
        raise Forbidden(f"token scope {token.scope} does not cover {', '.join(sorted(provinces - token.provinces))}")
    r = schema.indicator_result
    existing = {}
    codes = sorted({row["indicator_code"] for row in rows})
    years = sorted({row["fiscal_year_be"] for row in rows})
    for found in conn.execute(
        sa.select(
            r.c.indicator_code,
            r.c.province_code,
            r.c.fiscal_year_be,
            r.c.period_no,
            r.c.numerator,
            r.c.denominator,
            r.c.value,
        ).where(r.c.indicator_code.in_(codes), r.c.fiscal_year_be.in_(years))
    ):
        existing[(found.indicator_code, found.province_code, found.fiscal_year_be, found.period_no)] = found
    now = utc_now()
    inserts, updates, unchanged = [], [], 0
    for row in rows:
        key = (row["indicator_code"], row["province_code"], row["fiscal_year_be"], row["period_no"])
        old = existing.get(key)
        if old is None:
            inserts.append(row)
        elif all(_same(getattr(old, f), row[f]) for f in ("numerator", "denominator", "value")):
            unchanged += 1
        else:
            updates.append(row)
    for row in updates:
        conn.execute(
            r.delete().where(
                r.c.indicator_code == row["indicator_code"],
                r.c.province_code == row["province_code"],
                r.c.fiscal_year_be == row["fiscal_year_be"],
                r.c.period_no == row["period_no"],
            )
        )
    changed = inserts + updates
    for start in range(0, len(changed), 5000):
        conn.execute(
            r.insert(), [row | {"source": source[:64], "updated_at": now} for row in changed[start : start + 5000]]
        )
    if not changed:
        conn.info[UNCHANGED] = True
    return {"inserted": len(inserts), "updated": len(updates), "unchanged": unchanged}

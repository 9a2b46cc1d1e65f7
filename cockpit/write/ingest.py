"""Writes: crisis reports, their lifecycle, and indicator results, validated before anything is stored.

Every function here runs inside the caller's `Store.write()` transaction, so a request is stored whole or
not at all and bumps the data version with it. Bad input raises `InvalidInput` naming every bad field and
why; nothing is written.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
import uuid
from collections.abc import Callable
from typing import Annotated, Literal, NamedTuple

import sqlalchemy as sa
from annotated_types import Ge, Gt, Le
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    ValidationError,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from sqlalchemy.engine import Connection

from cockpit.errors import CockpitError
from cockpit.people.tokens import Token
from cockpit.read import crises, queries
from cockpit.rules import approval
from cockpit.rules.thai_time import PERIODS_PER_YEAR, period_end
from cockpit.store import bulk, schema
from cockpit.store.database import UNCHANGED, utc_now
from cockpit.write import audit, figures, validation
from cockpit.write.figures import MAX_FIGURE

CrisisType = Literal[tuple(crises.TYPES)]  # type: ignore[valid-type]
CrisisStatus = Literal[tuple(crises.STATUSES)]  # type: ignore[valid-type]
LearningMode = Literal[tuple(crises.LEARNING_MODES)]  # type: ignore[valid-type]


# At most this many problems are listed in a refusal (with the count of all of them): a file of 100,000 bad
# rows needs the first few reasons, not a 9 MB answer.
MAX_PROBLEMS = 200


class InvalidInput(CockpitError):
    """422: the request names fields that are wrong; `fields` says which and why (the first MAX_PROBLEMS of
    them), `total` how many problems there were in all."""

    def __init__(self, fields: dict[str, str], message: str = "invalid input", total: int | None = None):
        shown = dict(itertools.islice(fields.items(), MAX_PROBLEMS))
        super().__init__(f"{message}: " + "; ".join(f"{k}: {v}" for k, v in shown.items()))
        self.fields = shown
        self.total = max(total or 0, len(fields))


class Problems:
    """Problems found so far in a batch: every one counted, the first MAX_PROBLEMS kept with their reasons."""

    def __init__(self) -> None:
        self.shown: dict[str, str] = {}
        self.total = 0
        self.bad_rows: set[str] = set()

    def add(self, label: str, fields: dict[str, str]) -> None:
        for field, reason in fields.items():
            self.total += 1
            if len(self.shown) < MAX_PROBLEMS:
                self.shown.setdefault(field, reason)
        if fields:
            self.bad_rows.add(label)

    def raise_if_any(self, what: str = "row", where: str = "") -> None:
        if not self.total:
            return
        listed = "" if len(self.shown) == self.total else f"; the first {len(self.shown)} problems are listed"
        count = len(self.bad_rows)
        raise InvalidInput(self.shown, f"{count:,} bad {what}(s){where}; nothing was written{listed}", self.total)


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


def _reason(item: dict) -> str:
    """Pydantic's message for one error, with the rule's figures and what was sent, e.g. "must be ≤ 4, got 7"."""
    kind, ctx, given = item["type"], item.get("ctx") or {}, item.get("input")
    shown = repr(given) if not isinstance(given, dict | list) else type(given).__name__
    if len(shown) > 60:
        shown = shown[:57] + "..."
    rules = {
        "greater_than_equal": lambda: f"must be ≥ {ctx.get('ge')}, got {shown}",
        "greater_than": lambda: f"must be > {ctx.get('gt')}, got {shown}",
        "less_than_equal": lambda: f"must be ≤ {ctx.get('le')}, got {shown}",
        "less_than": lambda: f"must be < {ctx.get('lt')}, got {shown}",
        "finite_number": lambda: f"must be a finite number, got {shown}",
        "int_type": lambda: f"must be a whole number (JSON integer), got {shown}",
        "float_type": lambda: f"must be a number (JSON number), got {shown}",
        "string_type": lambda: f"must be text, got {shown}",
        "bool_type": lambda: f"must be true or false, got {shown}",
        "extra_forbidden": lambda: "unknown field",
        "missing": lambda: "is required",
    }
    if kind in rules:
        return rules[kind]()
    message = item["msg"].removeprefix("Value error, ")
    return message if kind == "value_error" else f"{message}, got {shown}"


def problems_of(error: ValidationError, prefix: str = "") -> dict[str, str]:
    """Pydantic's errors as {field: reason}, e.g. {"provinces[1]": "…"}."""
    out: dict[str, str] = {}
    for item in error.errors():
        field = _field_name(tuple(item["loc"]))
        key = f"{prefix}.{field}" if prefix and field != "body" else (prefix or field)
        out.setdefault(key, _reason(item))
    return out


def _storable_text(text: str) -> str:
    if "\x00" in text:
        raise ValueError("must not contain the NUL character (\\u0000)")
    if any("\ud800" <= char <= "\udfff" for char in text):
        raise ValueError("must be valid Unicode text (it has a lone surrogate)")
    return text


# Text the stores can keep: PostgreSQL refuses NUL, and neither store can encode a lone surrogate.
STORABLE = r"^[^\u0000\ud800-\udfff]*$"


def Text(max_length: int, min_length: int = 0, pattern: str = STORABLE):
    """A string field the store can keep, of bounded length; the pattern documents the rule in OpenAPI."""
    return Annotated[
        str,
        Strict(),
        StringConstraints(min_length=min_length, max_length=max_length),
        AfterValidator(_storable_text),
        WithJsonSchema({"type": "string", "minLength": min_length, "maxLength": max_length, "pattern": pattern}),
    ]


# A crisis's counts fit the store's 32-bit integers with room to spare, above any real count (Thailand has
# about 66 million people), so a slipped finger (99,999,999,999) is refused rather than stored or crashed on.
MAX_COUNT = 100_000_000
Count = Annotated[int, Strict(), Ge(0), Le(MAX_COUNT)]
Money = Annotated[float, Strict(), Ge(0), Le(1e15), Field(allow_inf_nan=False)]
Severity = Annotated[int, Strict(), Ge(1), Le(4)]
# Codes are compared with stored ones; their length bound keeps a query's parameter within its column.
Code = Text(32, 1)


def no_null_defaults(schema: dict) -> None:
    """A field that may be left out but not sent as null documents no `default: null` (it is not a value)."""
    for prop in schema.get("properties", {}).values():
        if "default" in prop and prop["default"] is None and "anyOf" not in prop:
            del prop["default"]


def _at_least_one_field(schema: dict) -> None:
    no_null_defaults(schema)
    schema["minProperties"] = 1


class _Impacts(BaseModel):
    schools_affected: Count | None = None
    schools_closed: Count | None = None
    students_affected: Count | None = None
    staff_affected: Count | None = None
    injuries: Count | None = None
    deaths: Count | None = None
    shelter_schools: Count | None = None
    damage_thb: Money | None = None
    learning_mode: LearningMode | None = None
    help_given: Text(4000) | None = None
    description: Text(8000) | None = None

    @model_validator(mode="after")
    def closed_within_affected(self):
        if self.schools_closed is not None and self.schools_affected is not None:
            if self.schools_closed > self.schools_affected:
                raise ValueError("schools_closed cannot exceed schools_affected")
        return self


def _not_in_the_future(moment: dt.datetime) -> dt.datetime:
    """A crisis has happened: more than a day ahead is a mistyped year, not a forecast."""
    if moment.year < 2000:
        raise ValueError(f"must be in the year 2000 or later, got {moment.isoformat()}")
    if moment - utc_now() > dt.timedelta(days=1):
        raise ValueError(f"is in the future: {moment.isoformat()}")
    return moment


class CrisisReport(_Impacts):
    """POST /api/v1/crises: a new crisis report."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=no_null_defaults)
    type: CrisisType
    severity: Severity = Field(description="DDPM level: 1 small, 2 medium, 3 large, 4 extremely severe")
    title: Text(400, 1)
    provinces: list[Code] = Field(min_length=1, max_length=77, description="ISO 3166-2:TH codes")
    service_areas: list[Code] = Field(default_factory=list, max_length=1000)
    occurred_at: Annotated[AwareDatetime, AfterValidator(_not_in_the_future)]
    reporter: Text(200) | None = None


class CrisisUpdate(_Impacts):
    """PATCH /api/v1/crises/<id>: a status change, a new severity, updated impacts; all optional. Status,
    severity and title may be left out but not cleared (null): a crisis always has them; an impact may be
    cleared with null."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=no_null_defaults)
    status: CrisisStatus = None
    severity: Severity = None
    title: Text(400, 1) = None
    note: Text(2000) | None = None


Year = Annotated[int, Strict(), Ge(2500), Le(2700)]
Figure = Annotated[float, Strict(), Field(allow_inf_nan=False)]


class ResultIn(BaseModel):
    """One indicator result for one province and period; a rate needs numerator and denominator."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=no_null_defaults)
    indicator: Code
    area: Text(100, 1) = Field(description="province ISO code (TH-50) or Thai name")
    fiscal_year_be: Year
    period_no: Annotated[int, Strict(), Ge(1), Le(12)] = 1
    value: Annotated[Figure, Ge(-MAX_FIGURE), Le(MAX_FIGURE)] | None = None
    numerator: Annotated[Figure, Ge(0), Le(MAX_FIGURE)] | None = None
    denominator: Annotated[Figure, Gt(0), Le(MAX_FIGURE)] | None = None


class SchoolResultIn(BaseModel):
    """One indicator result for one school and period: the same figures as a province's, under the school's code;
    its province's figure is then the ratio of sums of its schools (cockpit/write/schools.py)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=no_null_defaults)
    indicator: Code
    school_code: Code = Field(description="the school's code in the catalogue (GET /api/v1/school-results lists them)")
    fiscal_year_be: Year
    period_no: Annotated[int, Strict(), Ge(1), Le(12)] = 1
    value: Annotated[Figure, Ge(-MAX_FIGURE), Le(MAX_FIGURE)] | None = None
    numerator: Annotated[Figure, Ge(0), Le(MAX_FIGURE)] | None = None
    denominator: Annotated[Figure, Gt(0), Le(MAX_FIGURE)] | None = None


class _FileCells(BaseModel):
    """Cells of an imported file arrive as text (or as Excel's numbers) and are read deliberately by
    cockpit.write.figures, so "๑๒", "1_000" and "nan" are refused with a reason instead of guessed at."""

    @field_validator("value", "numerator", "denominator", mode="before", check_fields=False)
    @classmethod
    def typed_figure(cls, cell):
        if isinstance(cell, bool):
            raise ValueError(f"{cell!r} is not a number")
        if isinstance(cell, str):
            try:
                return None if cell.strip() == "" else figures.parse_number(cell)
            except figures.NotANumber as error:
                raise ValueError(str(error)) from None
        return float(cell) if isinstance(cell, int) else cell

    @field_validator("fiscal_year_be", "period_no", mode="before", check_fields=False)
    @classmethod
    def typed_whole(cls, cell):
        if isinstance(cell, bool):
            raise ValueError(f"{cell!r} is not a whole number")
        if isinstance(cell, str):
            try:
                return figures.parse_whole(cell)
            except figures.NotANumber as error:
                raise ValueError(str(error)) from None
        if isinstance(cell, float) and cell.is_integer():
            return int(cell)
        return cell


class ImportedResult(_FileCells, ResultIn):
    """A province's result read from a file."""


class ImportedSchoolResult(_FileCells, SchoolResultIn):
    """A school's result read from a file."""


# A cell of an imported file as most are written: ASCII digits, a decimal point, no sign, exponent or commas.
_PLAIN_FIGURE = re.compile(r"[0-9]{1,13}(\.[0-9]{1,15})?")
_PLAIN_YEAR = re.compile(r"[0-9]{4}")
_PLAIN_PERIOD = re.compile(r"[0-9]{1,2}")


def _plain_whole(cell, pattern: re.Pattern, low: int, high: int) -> int | None:
    if isinstance(cell, bool) or not isinstance(cell, int | str):
        return None
    if isinstance(cell, str):
        if not pattern.fullmatch(cell):
            return None
        cell = int(cell)
    return cell if low <= cell <= high else None


class PlainResult(NamedTuple):
    """What ResultRules.check reads of a result, for a row read by plainly_read (a model costs more to make)."""

    indicator: str
    area: str
    fiscal_year_be: int
    period_no: int
    value: float | None
    numerator: float | None
    denominator: float | None


class PlainSchoolResult(NamedTuple):
    """What SchoolRules.check reads of a school's result read by plainly_read."""

    indicator: str
    school_code: str
    fiscal_year_be: int
    period_no: int
    value: float | None
    numerator: float | None
    denominator: float | None


def plainly_read(payload: dict, rules: ResultRules) -> PlainResult | PlainSchoolResult | None:
    """An imported row read without the model, for the common case only: a known indicator code and place (a
    province, or a school for SchoolRules), a plain year and period, each figure empty or plain digits within its
    bounds. Such a row is exactly what the imported model would make of it (the same numbers, by float() and
    int() as cockpit.write.figures reads them); any other row returns None and goes through the model, which names
    what is wrong. A million-row file is mostly such rows, and reading them this way is several times quicker
    than pydantic's field validators."""
    indicator, place = payload.get("indicator"), payload.get(rules.place_field)
    if payload.keys() != rules.fields or indicator not in rules.indicators or place not in rules.known_places:
        return None
    year = _plain_whole(payload.get("fiscal_year_be"), _PLAIN_YEAR, 2500, 2700)
    period = _plain_whole(payload.get("period_no"), _PLAIN_PERIOD, 1, 12)
    if year is None or period is None:
        return None
    figures_read = {}
    for field, lowest in (("value", -MAX_FIGURE), ("numerator", 0.0), ("denominator", 0.0)):
        cell = payload.get(field)
        if cell == "":
            figures_read[field] = None
            continue
        if not isinstance(cell, str) or not _PLAIN_FIGURE.fullmatch(cell):
            return None
        number = float(cell)
        if number > MAX_FIGURE or number < lowest or (field == "denominator" and number == 0):
            return None
        figures_read[field] = number
    return rules.plain(indicator, place, year, period, **figures_read)


class ResultBatch(BaseModel):
    """POST /api/v1/results: written whole or not at all. Each item is checked on its own (see check_results)
    so that every bad one is named, not only the first."""

    model_config = ConfigDict(extra="forbid")
    results: list[dict] = Field(
        min_length=1, max_length=100_000, json_schema_extra={"items": ResultIn.model_json_schema()}
    )


class SchoolResultBatch(BaseModel):
    """POST /api/v1/school-results: schools' results, written whole or not at all with their provinces' sums."""

    model_config = ConfigDict(extra="forbid")
    results: list[dict] = Field(
        min_length=1, max_length=100_000, json_schema_extra={"items": SchoolResultIn.model_json_schema()}
    )


class TokenRequest(BaseModel):
    """POST /api/v1/tokens: who holds the new token and what it may write."""

    model_config = ConfigDict(extra="forbid")
    name: Text(200, 1, pattern=r"^[^\u0000\ud800-\udfff]*[^\s\u0000\ud800-\udfff][^\u0000\ud800-\udfff]*$") = Field(
        description="who holds it, e.g. ศธจ.เชียงใหม่ (not blank)"
    )
    scope: Text(32, 1) = Field(description="national, region:<code> or province:<ISO code>")
    expires_days: int | None = Field(None, ge=1, le=3650, description="days until it stops working; leave out: never")

    @field_validator("name")
    @classmethod
    def not_blank(cls, name: str) -> str:
        if not name.strip():
            raise ValueError("must not be blank: say who holds the token")
        return name


class DeckRequest(BaseModel):
    """POST /api/v1/deck: what every wall shows (a path, or null for each wall's own rotation) and/or whether
    the rotation is paused; at least one of them."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_at_least_one_field)
    show: Text(200) | None = Field(None, description="a path such as /province/TH-50, or null")
    paused: Annotated[bool, Strict()] = None

    @model_validator(mode="before")
    @classmethod
    def something(cls, payload):
        if isinstance(payload, dict) and not payload:
            raise ValueError("send show (a path, or null for rotation) and/or paused")
        return payload


def parse(model: type[BaseModel], payload) -> BaseModel:
    if not isinstance(payload, dict):
        raise InvalidInput({"body": "must be a JSON object"})
    try:
        return model.model_validate(payload)
    except ValidationError as error:
        raise InvalidInput(problems_of(error)) from None


# Ids are 32-bit integers in both stores; a larger one names no crisis (and must not reach a query).
MAX_ID = 2**31 - 1


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
    audit.note(
        conn,
        report.provinces,
        crisis=crisis_id,
        before=None,
        after=values | {"provinces": list(dict.fromkeys(report.provinces)), "service_areas": report.service_areas},
    )
    return crisis_id


def update_crisis(conn: Connection, crisis_id: int, update: CrisisUpdate, token: Token) -> dict:
    """Apply a status change and/or field updates; log who changed what and when."""
    event = schema.crisis_event
    row = None
    if 0 < crisis_id <= MAX_ID:
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
        audit.note(conn, provinces, crisis=crisis_id, before={}, after={})
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
    fields = [*changed, *(["status"] if new_status else [])]
    audit.note(
        conn,
        provinces,
        crisis=crisis_id,
        before={k: current.get(k) for k in fields},
        after={k: values[k] for k in fields},
        note=update.note,
    )
    return current | values | {"provinces": provinces}


# --- results ----------------------------------------------------------------------------------------------------


class ResultRules:
    """What a result must satisfy, read once from the store: indicators, provinces and their Thai names."""

    # The field naming where a result belongs, the fields a file's row carries, and the plain row's shape.
    place_field, place_word = "area", "province"
    fields = frozenset(ResultIn.model_fields)
    plain = PlainResult
    # What makes two rows of a batch the same result.
    key = ("indicator_code", "province_code", "fiscal_year_be", "period_no")
    # The catalogue's validation rules compare a province's figures (previous period, other indicators).
    checks_rules = True

    def __init__(self, conn: Connection):
        self.indicators = {i["code"]: i for i in queries.indicators(conn, with_chain=False)}
        provinces = queries.provinces(conn)
        self.province_by_key = {p["code"]: p["code"] for p in provinces}
        for p in provinces:
            self.province_by_key[p["name_th"]] = p["code"]
            self.province_by_key["จ." + p["name_th"]] = p["code"]
            self.province_by_key["จังหวัด" + p["name_th"]] = p["code"]
        self.known_places = self.province_by_key

    def place(self, item) -> tuple[dict | None, dict[str, str]]:
        """The row's key columns naming where the result belongs, or the reason it names no such place."""
        province = self.province_by_key.get(item.area.strip())
        if province is None:
            return None, {"area": f"{item.area!r} is not a province ISO code (e.g. TH-50) or Thai province name"}
        return {"province_code": province}, {}

    def check(self, item: ResultIn | PlainResult) -> tuple[dict | None, dict[str, str]]:
        """A row ready to store, or the reasons it is not, keyed by field."""
        problems: dict[str, str] = {}
        ind = self.indicators.get(item.indicator)
        place, problems_of_place = self.place(item)
        if ind is None:
            problems["indicator"] = f"unknown indicator {item.indicator!r}; see /api/v1/indicators"
        problems |= problems_of_place
        if ind is None:
            return None, problems
        per_year = PERIODS_PER_YEAR[ind["frequency"]]
        if item.period_no > per_year:
            problems["period_no"] = f"{ind['code']} is {ind['frequency']}: period_no must be 1..{per_year}"
        value = item.value
        problems |= figures.figure_problems(
            ind["unit"], ind["aggregation"], ind["multiplier"], item.value, item.numerator, item.denominator
        )
        if ind["aggregation"] == "ratio":
            if item.numerator is None or item.denominator is None:
                problems["numerator" if item.numerator is None else "denominator"] = (
                    f"{ind['code']} is a rate: send numerator and denominator (regions are summed from them)"
                )
            elif not problems:
                computed = item.numerator / item.denominator * ind["multiplier"]
                if value is not None and not math.isclose(value, computed, rel_tol=1e-6, abs_tol=1e-6):
                    problems["value"] = f"{value} disagrees with numerator/denominator ({computed:.6g})"
                value = computed
        else:
            if value is None:
                problems["value"] = f"{ind['code']} is a count: send value"
            if item.numerator is not None or item.denominator is not None:
                problems["numerator"] = f"{ind['code']} is a count: send value only, no numerator/denominator"
        if not problems:
            problems |= _bounds(ind, value)
        if problems:
            return None, problems
        return {
            "indicator_code": ind["code"],
            **place,
            "fiscal_year_be": item.fiscal_year_be,
            "period_no": item.period_no,
            "period_end": period_end(item.fiscal_year_be, ind["frequency"], item.period_no, ind.get("calendar")),
            "numerator": item.numerator if ind["aggregation"] == "ratio" else None,
            "denominator": item.denominator if ind["aggregation"] == "ratio" else None,
            "value": value,
        }, {}


def _bounds(ind: dict, value: float | None) -> dict[str, str]:
    """The indicator's declared minimum and maximum, a built-in rule: a value outside them is refused."""
    low, high = ind.get("minimum"), ind.get("maximum")
    if value is None:
        return {}
    if low is not None and value < low:
        return {"value": f"{value:g} is below the minimum {low:g} declared for {ind['code']}"}
    if high is not None and value > high:
        return {"value": f"{value:g} is above the maximum {high:g} declared for {ind['code']}"}
    return {}


def check_results(
    conn: Connection,
    payloads: list[dict],
    labels: list[str],
    progress: Callable[[str], None] | None = None,
    model: type[BaseModel] = ResultIn,
    what: str = "row",
    where: str = "",
    rules_type: type[ResultRules] | None = None,
) -> list[dict]:
    """Validate every payload, its shape and then its meaning; raise InvalidInput naming the bad ones (by
    their label, e.g. "results[3].area" or "line 7.area"; the first MAX_PROBLEMS, with the count of all) or
    return store-ready rows. A school's result (SchoolResultIn, ImportedSchoolResult) is checked by SchoolRules."""
    if rules_type is None:
        rules_type = SchoolRules if issubclass(model, SchoolResultIn) else ResultRules
    rules = rules_type(conn)
    rows, row_labels, problems = [], [], Problems()
    seen: dict[tuple, str] = {}
    for number, (payload, label) in enumerate(zip(payloads, labels, strict=True), start=1):
        if progress and number % 10_000 == 0:
            progress(f"Checked {number:,}/{len(payloads):,} rows ({number * 100 // len(payloads)}%)")
        item = plainly_read(payload, rules) if issubclass(model, _FileCells) else None
        if item is None:
            try:
                item = model.model_validate(payload)
            except ValidationError as error:
                problems.add(label, problems_of(error, label))
                continue
        row, bad = rules.check(item)
        problems.add(label, {f"{label}.{field}": reason for field, reason in bad.items()})
        if row:
            key = tuple(row[k] for k in rules.key)
            if key in seen:
                problems.add(label, {label: f"repeats {seen[key]} (same indicator, {rules.place_word} and period)"})
            seen[key] = label
            rows.append(row)
            row_labels.append(label)
    if rules.checks_rules:
        frequency = {code: ind["frequency"] for code, ind in rules.indicators.items()}
        checker = validation.Checker(conn, rows, frequency)
        for row, label in zip(rows, row_labels, strict=True):
            for broken in checker.breaks(row):
                if broken.rule.importance == "high":
                    problems.add(label, {f"{label}.rules.{broken.rule.code}": broken.reason()})
    problems.raise_if_any(what, where)
    return rows


class SchoolRules(ResultRules):
    """What a school's result must satisfy: ResultRules's, under a school of the catalogue that is not retired.
    The catalogue's validation rules are applied to the provinces' roll-ups (cockpit/write/schools.py)."""

    place_field, place_word = "school_code", "school"
    fields = frozenset(SchoolResultIn.model_fields)
    plain = PlainSchoolResult
    key = ("indicator_code", "school_code", "fiscal_year_be", "period_no")
    checks_rules = False

    def __init__(self, conn: Connection):
        super().__init__(conn)
        s = schema.school
        self.schools = {row.code: row for row in conn.execute(sa.select(s.c.code, s.c.province_code, s.c.retired_at))}
        self.known_places = {code for code, row in self.schools.items() if row.retired_at is None}

    def place(self, item) -> tuple[dict | None, dict[str, str]]:
        code = item.school_code.strip()
        school = self.schools.get(code)
        if school is None:
            return None, {"school_code": f"unknown school code {item.school_code!r}; see the catalogue's schools"}
        if school.retired_at is not None:
            day = school.retired_at.date().isoformat()
            return None, {"school_code": f"school {code} was retired from the catalogue on {day}: no new results"}
        return {"school_code": code, "province_code": school.province_code}, {}


def _same(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (
        a is not None and b is not None and math.isclose(a, b, rel_tol=1e-12, abs_tol=0)
    )


# An audit entry lists each changed row's before and after up to this many rows; a larger write keeps counts and
# its batch id, under which indicator_result_revision (and result_changes) hold every row's before and after.
AUDIT_ROWS = 25
FIGURES = ("numerator", "denominator", "value")
RESULT_KEY = ("indicator_code", "province_code", "fiscal_year_be", "period_no")
# The source of a province's row written as the roll-up of its schools' results (cockpit/write/schools.py).
SCHOOLS = "schools"


def new_batch_id() -> str:
    return uuid.uuid4().hex


def _actor(token) -> str:
    return getattr(token, "actor", None) or f"token:{token.name}"


def keys_with_schools(conn: Connection, codes, provinces, years) -> set[tuple]:
    """The (indicator, province, year, period) keys among these codes, provinces and years that have schools'
    results: their province figures are the sums of the schools (cockpit/write/schools.py), not written directly."""
    sr, s = schema.school_result, schema.school
    query = (
        sa.select(sr.c.indicator_code, s.c.province_code, sr.c.fiscal_year_be, sr.c.period_no)
        .join(s, s.c.code == sr.c.school_code)
        .where(
            sr.c.indicator_code.in_(sorted(codes)),
            s.c.province_code.in_(sorted(provinces)),
            sr.c.fiscal_year_be.in_(sorted(years)),
        )
        .distinct()
    )
    return {tuple(row) for row in conn.execute(query)}


def write_results(
    conn: Connection, rows: list[dict], token: Token, source: str, batch_id: str | None = None
) -> dict[str, int]:
    """Insert new rows and replace changed ones, keeping each replaced value in indicator_result_revision (with
    who wrote it and who replaced it); identical rows are left alone (an export re-imported changes nothing).
    Returns counts of inserted, updated and unchanged rows, and notes the change for the audit entry."""
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
            r.c.source,
            r.c.updated_at,
            r.c.written_by,
            r.c.batch_id,
            r.c.approval,
            r.c.approval_at,
            r.c.approval_by,
        ).where(r.c.indicator_code.in_(codes), r.c.fiscal_year_be.in_(years))
    ):
        existing[(found.indicator_code, found.province_code, found.fiscal_year_be, found.period_no)] = found
    with_schools = set() if source == SCHOOLS else keys_with_schools(conn, codes, provinces, years)
    now, actor, batch_id = utc_now(), _actor(token), batch_id or new_batch_id()
    inserts, updates, revisions, unchanged, locked, summed = [], [], [], 0, [], []
    for row in rows:
        key = (row["indicator_code"], row["province_code"], row["fiscal_year_be"], row["period_no"])
        old = existing.get(key)
        if old is None:
            inserts.append(row)
        elif all(_same(getattr(old, f), row[f]) for f in FIGURES):
            unchanged += 1
        elif key in with_schools:
            summed.append(_key_text(row))
        elif approval.is_locked(old.approval):
            locked.append(approval.locked_reason(key, old.approval, old.approval_by, old.approval_at))
        else:
            updates.append(row)
            revisions.append(
                dict(old._mapping)
                | {
                    "written_at": old.updated_at,
                    "replaced_at": now,
                    "replaced_by": actor[:200],
                    "replaced_batch_id": batch_id,
                }
            )
    if summed:
        shown = ", ".join(summed[:10]) + (f" and {len(summed) - 10:,} more" if len(summed) > 10 else "")
        raise Conflict(
            f"{shown}: the province's figure is summed from its schools' results; write the schools' results "
            "(POST /api/v1/school-results) instead; nothing was written"
        )
    if locked:
        raise Conflict(approval.locked_refusal(locked))
    for revision in revisions:
        for column in ("updated_at", "approval", "approval_at", "approval_by"):
            revision.pop(column)
    bulk.insert(conn, schema.indicator_result_revision, revisions)
    bulk.delete_keys(conn, r, [tuple(row[k] for k in RESULT_KEY) for row in updates], RESULT_KEY)
    changed = inserts + updates
    stamp = {"source": source[:64], "updated_at": now, "written_by": actor[:200], "batch_id": batch_id}
    bulk.insert(conn, r, [row | stamp for row in changed])
    if not changed:
        conn.info[UNCHANGED] = True
    validation.flag(conn, changed, actor)
    counts = {"inserted": len(inserts), "updated": len(updates), "unchanged": unchanged}
    detail: dict = {"results": counts, "batch": batch_id}
    if len(changed) <= AUDIT_ROWS:
        before = {_key_text(rev): {f: rev[f] for f in FIGURES} for rev in revisions}
        detail["rows"] = [
            {"result": _key_text(row), "before": before.get(_key_text(row)), "after": {f: row[f] for f in FIGURES}}
            for row in changed
        ]
    else:
        detail["rows_in"] = f"/api/v1/results/history?batch={batch_id}"
    audit.note(conn, provinces, **detail)
    return counts


def _key_text(row: dict) -> str:
    """One result's key as the audit shows it: JI24 TH-50 2568/1."""
    return f"{row['indicator_code']} {row['province_code']} {row['fiscal_year_be']}/{row['period_no']}"

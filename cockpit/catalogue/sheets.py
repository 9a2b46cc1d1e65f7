"""The catalogue's sheets and columns, in one place: the workbook reader and writer, the checks, the
documentation (`docs/catalogue.md`) and the CLI's help all follow this list.

Each sheet is a pydantic model of one row. Every cell arrives as text (or None for an empty cell) and is
parsed here, so that a bad cell gives one problem in Thai and English naming its column, never a traceback.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from cockpit.rules import validation
from cockpit.rules.thai_time import CALENDARS

UNITS = ("percent", "score", "count", "ratio")
AGGREGATIONS = ("ratio", "sum")
DIRECTIONS = ("higher", "lower", "range")
FREQUENCIES = ("monthly", "quarterly", "term", "yearly")
STAGES = ("upstream", "midstream", "downstream")
LEVELS = ("Z", "Y2", "Y1", "X")
SERVICE_AREA_KINDS = ("primary", "secondary")
CATALOGUE_KINDS = ("demo", "starter", "ministry")
ABOUT_KEYS = ("name", "kind", "description", "as_of")

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$")
_WHOLE = re.compile(r"^-?[0-9]+$")
_TRUE = {"1", "true", "yes", "y", "ใช่", "จริง"}
_FALSE = {"0", "false", "no", "n", "ไม่ใช่", "ไม่", "เท็จ"}


def problem(th: str, en: str) -> PydanticCustomError:
    """A cell's problem, in Thai and English (pydantic carries both to the report)."""
    return PydanticCustomError("cockpit", "{en}", {"th": th, "en": en})


def _required(value: Any) -> Any:
    if value is None:
        raise problem("ต้องกรอก", "required")
    return value


def _text(max_length: int):
    def parse(value: Any) -> str | None:
        if value is None:
            return None
        text = str(value)
        if len(text) > max_length:
            raise problem(f"ยาวเกิน {max_length} ตัวอักษร", f"longer than {max_length} characters")
        return text

    return BeforeValidator(parse)


def _code(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value)
    if len(text) > 32 or not _CODE.match(text):
        raise problem(
            "รหัสต้องเป็นตัวอักษรอังกฤษ ตัวเลข จุด ขีด หรือขีดล่าง ไม่เกิน 32 ตัว ไม่มีช่องว่าง",
            "a code is up to 32 letters, digits, '.', '-' or '_', without spaces",
        )
    return text


def _number(value: Any) -> float | None:
    if value is None:
        return None
    text = str(value)
    if not _NUMBER.match(text):
        raise problem(
            f"'{text}' ไม่ใช่ตัวเลข (ใช้เลขอารบิก จุดทศนิยม ไม่มีเครื่องหมายคั่นหลักพัน)",
            f"'{text}' is not a number (digits 0-9, a dot for decimals, no thousands separator)",
        )
    number = float(text)
    if not math.isfinite(number):
        raise problem(f"'{text}' ใหญ่เกินไป", f"'{text}' is out of range")
    return number


def _whole(value: Any) -> int | None:
    if value is None:
        return None
    text = str(value)
    if text.endswith(".0"):
        text = text[:-2]
    if not _WHOLE.match(text) or len(text) > 12:
        raise problem(f"'{text}' ไม่ใช่จำนวนเต็ม", f"'{text}' is not a whole number")
    return int(text)


def _non_negative(value: float | int | None) -> float | int | None:
    if value is not None and value < 0:
        raise problem("ต้องไม่ติดลบ", "must not be negative")
    return value


def _yes_no(value: Any) -> bool | None:
    if value is None:
        return None
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise problem(f"'{value}' ต้องเป็น 1 หรือ 0", f"'{value}' must be 1 or 0 (yes or no)")


def _one_of(choices: tuple[str, ...]):
    def parse(value: Any) -> str | None:
        if value is None:
            return None
        text = str(value).strip()
        if text not in choices:
            listed = ", ".join(choices)
            raise problem(f"'{text}' ไม่ใช่ค่าที่รับได้ ({listed})", f"'{text}' is not one of {listed}")
        return text

    return BeforeValidator(parse)


Required = BeforeValidator(_required)
Code = Annotated[str, BeforeValidator(_code), Required]
OptionalCode = Annotated[str | None, BeforeValidator(_code)]
Text = Annotated[str, _text(400), Required]
LongText = Annotated[str, _text(4000), Required]
OptionalText = Annotated[str | None, _text(400)]
OptionalLongText = Annotated[str | None, _text(4000)]
Number = Annotated[float, BeforeValidator(_number), Required]
OptionalNumber = Annotated[float | None, BeforeValidator(_number)]
NonNegative = Annotated[float, BeforeValidator(_non_negative), BeforeValidator(_number), Required]
OptionalNonNegative = Annotated[float | None, BeforeValidator(_non_negative), BeforeValidator(_number)]
Whole = Annotated[int, BeforeValidator(_whole), Required]
OptionalWhole = Annotated[int | None, BeforeValidator(_whole)]
YesNo = Annotated[bool, BeforeValidator(_yes_no), Required]
OptionalYesNo = Annotated[bool | None, BeforeValidator(_yes_no)]


def OneOf(choices: tuple[str, ...]):  # noqa: N802 - reads as a type in the models below
    return Annotated[str, _one_of(choices), Required]


def OptionalOneOf(choices: tuple[str, ...]):  # noqa: N802
    return Annotated[str | None, _one_of(choices)]


def col(th: str, en: str) -> Any:
    """A column's meaning in Thai and English, shown in the docs and the CLI's help."""
    return Field(default=None, description=en, json_schema_extra={"th": th})


class SheetRow(BaseModel):
    """One row of a sheet; `id_columns` names the columns that identify it, `title_*` the sheet."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    sheet: ClassVar[str]
    title_th: ClassVar[str]
    title_en: ClassVar[str]
    id_columns: ClassVar[tuple[str, ...]] = ("code",)
    optional: ClassVar[bool] = False
    # Columns added after catalogues were first written: a file without them reads them as empty.
    may_be_absent: ClassVar[frozenset[str]] = frozenset()

    def identity(self) -> tuple:
        return tuple(getattr(self, name) for name in self.id_columns)


class About(SheetRow):
    sheet = "about"
    title_th, title_en = "เกี่ยวกับแคตตาล็อก", "About the catalogue"
    id_columns = ("key",)
    optional = True
    key: OneOf(ABOUT_KEYS) = col("ชื่อรายการ", "name, kind (demo, starter or ministry), description, as_of")
    value: OptionalLongText = col("ค่า", "its value")


class Agency(SheetRow):
    sheet = "agencies"
    title_th, title_en = "ส่วนราชการ (หน่วยงานเจ้าภาพ)", "Agencies (host agencies)"
    code: Code = col("รหัส", "code, e.g. OBEC")
    abbr_th: Annotated[str, _text(32), Required] = col("ชื่อย่อภาษาไทย", "Thai abbreviation, e.g. สพฐ.")
    name_th: Text = col("ชื่อภาษาไทย", "Thai name")
    name_en: Text = col("ชื่อภาษาอังกฤษ", "English name")


class RegionScheme(SheetRow):
    sheet = "region_schemes"
    title_th, title_en = "การแบ่งภาค", "Region schemes"
    code: Code = col("รหัส", "code, e.g. moe18")
    name_th: Text = col("ชื่อภาษาไทย", "Thai name")
    name_en: Text = col("ชื่อภาษาอังกฤษ", "English name")
    is_default: YesNo = col("ใช้เป็นค่าเริ่มต้น", "1 for the one scheme pages use by default")
    source: Annotated[str, _text(1000), Required] = col("ที่มา", "where the mapping comes from")
    as_of: Annotated[str, _text(32), Required] = col("ณ วันที่", "date or year of the source")


class Region(SheetRow):
    sheet = "regions"
    title_th, title_en = "ภาค", "Regions"
    id_columns = ("scheme", "code")
    scheme: Code = col("การแบ่งภาค", "a region_schemes code")
    code: Code = col("รหัสภาค", "e.g. REO08")
    name_th: Text = col("ชื่อภาษาไทย", "Thai name")
    name_en: Text = col("ชื่อภาษาอังกฤษ", "English name")
    sort_order: OptionalWhole = col("ลำดับ", "order on screens (empty: the row's order)")


class RegionProvince(SheetRow):
    sheet = "region_provinces"
    title_th, title_en = "จังหวัดในแต่ละภาค", "Provinces of each region"
    id_columns = ("scheme", "province")
    scheme: Code = col("การแบ่งภาค", "a region_schemes code")
    region: Code = col("ภาค", "a regions code of that scheme")
    province: Text = col("จังหวัด", "ISO code (TH-50) or name; each province in exactly one region per scheme")


class ServiceArea(SheetRow):
    sheet = "service_areas"
    title_th, title_en = "เขตพื้นที่การศึกษา", "Educational service areas"
    code: Code = col("รหัส", "code")
    kind: OneOf(SERVICE_AREA_KINDS) = col("ประเภท", "primary (สพป.) or secondary (สพม.)")
    name_th: Text = col("ชื่อภาษาไทย", "Thai name")
    name_en: Text = col("ชื่อภาษาอังกฤษ", "English name")
    provinces: Text = col("จังหวัด", "one or more provinces separated by spaces (a สพม. may span two)")


class School(SheetRow):
    sheet = "schools"
    title_th, title_en = "โรงเรียน", "Schools"
    optional = True
    code: Code = col("รหัสโรงเรียน", "school code")
    name_th: Text = col("ชื่อภาษาไทย", "Thai name")
    name_en: OptionalText = col("ชื่อภาษาอังกฤษ", "English name (may be empty)")
    province: Text = col("จังหวัด", "its province")
    service_area: Code = col("เขตพื้นที่", "a service_areas code covering that province")


class ChainNode(SheetRow):
    sheet = "chain"
    title_th, title_en = "ห่วงโซ่เหตุและผล XYZ", "The XYZ causal chain"
    code: Code = col("รหัส", "e.g. Z3, 120001, 120101, X120101-03")
    level: OneOf(LEVELS) = col("ระดับ", "Z, Y2, Y1 or X, each directly under the level before it")
    parent: OptionalCode = col("รหัสแม่", "the parent node (empty for a Z)")
    name_th: Text = col("ชื่อภาษาไทย", "Thai name")
    name_en: Text = col("ชื่อภาษาอังกฤษ", "English name")
    host_agency: OptionalCode = col("หน่วยงานเจ้าภาพ", "an agencies code (required for an X)")
    value_chain_stage: OptionalOneOf(STAGES) = col("ขั้นของห่วงโซ่คุณค่า", "X only: upstream, midstream, downstream")
    sort_order: OptionalWhole = col("ลำดับ", "order on screens (empty: the row's order)")


class Indicator(SheetRow):
    sheet = "indicators"
    title_th, title_en = "ตัวชี้วัด", "Indicators"
    code: Code = col("รหัส", "code, e.g. JI01")
    name_th: Text = col("ชื่อภาษาไทย", "Thai name")
    name_en: Text = col("ชื่อภาษาอังกฤษ", "English name")
    question_th: OptionalText = col("คำถามที่ตอบ (ไทย)", "the question a view of it answers (optional)")
    question_en: OptionalText = col("คำถามที่ตอบ (อังกฤษ)", "the same question in English (optional)")
    definition_th: LongText = col("นิยาม (ไทย)", "definition in Thai")
    definition_en: LongText = col("นิยาม (อังกฤษ)", "definition in English")
    numerator_th: OptionalText = col("ตัวตั้ง (ไทย)", "what the numerator counts (empty for a count)")
    numerator_en: OptionalText = col("ตัวตั้ง (อังกฤษ)", "the numerator in English")
    denominator_th: OptionalText = col("ตัวหาร (ไทย)", "what the denominator counts (empty for a count)")
    denominator_en: OptionalText = col("ตัวหาร (อังกฤษ)", "the denominator in English")
    unit: OneOf(UNITS) = col(
        "หน่วย",
        "percent (a share: numerator part of the denominator, at most 100 %), score, count or ratio (any other"
        " quotient, e.g. a gross rate that may pass 100 %)",
    )
    unit_label_th: Annotated[str, _text(32), Required] = col("ป้ายหน่วย (ไทย)", "e.g. ร้อยละ")
    unit_label_en: Annotated[str, _text(32), Required] = col("ป้ายหน่วย (อังกฤษ)", "e.g. %")
    aggregation: OneOf(AGGREGATIONS) = col(
        "การรวม", "ratio (sum of numerators / sum of denominators x multiplier) or sum (counts)"
    )
    multiplier: NonNegative = col("ตัวคูณ", "100 for a percentage, 1 for a score or a count")
    decimals: Whole = col("ทศนิยม", "decimals shown, 0-4")
    direction: OneOf(DIRECTIONS) = col("ทิศทาง", "higher (higher is better), lower or range")
    frequency: OneOf(FREQUENCIES) = col("ความถี่", "monthly, quarterly, term or yearly")
    accumulates: YesNo = col("สะสม", "1 for a flow counted year to date (e.g. teachers trained per quarter)")
    yellow_gap: NonNegative = col("ช่วงเหลือง", "distance from target still 'below target' (a count: % of target)")
    orange_gap: NonNegative = col("ช่วงส้ม", "distance from target still 'at risk', at least yellow_gap")
    chain_node: Code = col("โหนด XYZ", "the chain node it hangs on")
    value_chain_stage: OptionalOneOf(STAGES) = col(
        "ขั้นของห่วงโซ่คุณค่า", "upstream, midstream or downstream (empty: its node's)"
    )
    host_agency: OptionalCode = col("หน่วยงานเจ้าภาพ", "an agencies code (empty: its node's)")
    source_system: Text = col("ระบบต้นทาง", "where the figures come from")
    is_key: YesNo = col("ตัวชี้วัดหลัก", "1: shown on the nation page")
    sort_order: OptionalWhole = col("ลำดับ", "order on screens (empty: the row's order)")
    stale_after_days: OptionalWhole = col(
        "ค้างได้ (วัน)",
        "days after the next period ends before its absence marks the data stale (empty: by frequency — monthly"
        " 45, quarterly and term 120, yearly 180)",
    )
    calendar: OptionalOneOf(CALENDARS) = col(
        "ปฏิทิน",
        "a term indicator only: school_year (empty: term 1 from mid-May to October, term 2 from November to March,"
        " the year being the school year) or fiscal_year (the fiscal year's halves)",
    )
    report_due_days: OptionalWhole = col(
        "ส่งภายใน (วัน)",
        "days after a period ends by which every province reports it; later is late (empty: by frequency — monthly"
        " 15, quarterly and term 30, yearly 60)",
    )
    minimum: OptionalNumber = col(
        "ค่าต่ำสุดที่รับได้", "the lowest value a result may hold; a write below it is refused (empty: no bound)"
    )
    maximum: OptionalNumber = col(
        "ค่าสูงสุดที่รับได้", "the highest value a result may hold; a write above it is refused (empty: no bound)"
    )
    approval_steps: OptionalWhole = col(
        "ขั้นการรับรอง",
        "0: results count as reported; 1: approved by the regional office; 2: then accepted nationally (empty: the"
        " store-wide setting)",
    )
    may_be_absent: ClassVar[frozenset[str]] = frozenset(
        {"stale_after_days", "calendar", "report_due_days", "minimum", "maximum", "approval_steps"}
    )


class Target(SheetRow):
    sheet = "targets"
    title_th, title_en = "ค่าเป้าหมาย", "Targets"
    id_columns = ("indicator", "area", "fiscal_year_be")
    optional = True
    indicator: Code = col("ตัวชี้วัด", "an indicators code")
    area: Text = col("พื้นที่", "TH (the nation, the default for every area), a region code or a province")
    fiscal_year_be: Whole = col("ปีงบประมาณ (พ.ศ.)", "e.g. 2569")
    target: OptionalNumber = col("ค่าเป้าหมาย", "for higher / lower")
    target_low: OptionalNumber = col("เป้าหมายต่ำสุด", "for range")
    target_high: OptionalNumber = col("เป้าหมายสูงสุด", "for range")


class Project(SheetRow):
    sheet = "projects"
    title_th, title_en = "โครงการ (ผนังสีขาว)", "Projects (the white wall)"
    optional = True
    code: Code = col("รหัส", "project code")
    name_th: Text = col("ชื่อภาษาไทย", "Thai name")
    name_en: Text = col("ชื่อภาษาอังกฤษ", "English name")
    chain_node: Code = col("ปัจจัย X", "the X factor it acts on")
    host_agency: Code = col("หน่วยงานเจ้าภาพ", "an agencies code")
    fiscal_year_be: Whole = col("ปีงบประมาณ", "fiscal year BE")
    budget_thb: NonNegative = col("งบประมาณ (บาท)", "budget, baht")
    disbursed_thb: NonNegative = col("เบิกจ่าย (บาท)", "disbursed, baht")
    progress_pct: NonNegative = col("ความก้าวหน้า (%)", "work done, % of the whole project")
    planned_pct: NonNegative = col("แผน (%)", "work planned by now, %")


def _side(value: Any) -> str | None:
    if value is None:
        return None
    try:
        validation.parse_side(str(value))
    except validation.BadSide as bad:
        raise problem(bad.th, bad.en) from None
    return str(value).strip()


Side = Annotated[str, BeforeValidator(_side), Required]


class ValidationRule(SheetRow):
    sheet = "validation_rules"
    title_th, title_en = "กฎตรวจสอบข้อมูล", "Validation rules"
    optional = True
    code: Code = col("รหัส", "rule code, e.g. VR01")
    name_th: Text = col("ชื่อภาษาไทย", "what it checks, in Thai")
    name_en: Text = col("ชื่อภาษาอังกฤษ", "what it checks, in English")
    indicator: OptionalCode = col("ตัวชี้วัด", "an indicators code (empty: every indicator)")
    left_side: Side = col(
        "ด้านซ้าย",
        "value, numerator, denominator, previous_value, change_pct (% moved from the previous period), a number or"
        " indicator:CODE (same province and period)",
    )
    operator: OneOf(tuple(validation.OPERATORS)) = col("ตัวดำเนินการ", "<, <=, >, >=, == or != (what must hold)")
    right_side: Side = col("ด้านขวา", "a term as for left_side")
    importance: OneOf(validation.IMPORTANCES) = col(
        "ความสำคัญ", "high refuses the write; medium or low accepts it and marks the value 'to check'"
    )
    skip_when_missing: YesNo = col("ข้ามเมื่อไม่มีข้อมูล", "1: skip the rule when a side is missing; 0: count it as 0")
    active: YesNo = col("ใช้งาน", "1 to apply the rule, 0 to keep it without applying it")


SHEETS: tuple[type[SheetRow], ...] = (
    About,
    Agency,
    RegionScheme,
    Region,
    RegionProvince,
    ServiceArea,
    School,
    ChainNode,
    Indicator,
    Target,
    Project,
    ValidationRule,
)
BY_NAME = {model.sheet: model for model in SHEETS}


@dataclass(frozen=True)
class Column:
    name: str
    th: str
    en: str


def columns(model: type[SheetRow]) -> tuple[Column, ...]:
    """A sheet's columns in file order, with their meaning."""
    out = []
    for field_name, field in model.model_fields.items():
        extra = field.json_schema_extra or {}
        out.append(Column(field_name, extra.get("th", ""), field.description or ""))
    return tuple(out)


def column_names(model: type[SheetRow]) -> tuple[str, ...]:
    return tuple(column.name for column in columns(model))


def help_text() -> str:
    """Every sheet and column in Thai and English, for the CLI's --help."""
    lines = []
    for model in SHEETS:
        optional = " (optional · ไม่บังคับ)" if model.optional else ""
        lines.append(f"{model.sheet}{optional}: {model.title_th} · {model.title_en}")
        for column in columns(model):
            lines.append(f"    {column.name}: {column.th} · {column.en}")
    return "\n".join(lines)

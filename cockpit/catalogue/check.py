"""Checking a catalogue read from files: each cell against its column, then the sheets against each other
(codes unique, every reference known, the XYZ levels in order, no loop, thresholds and targets sound).

The result is either every problem, or the catalogue as the store's rows, ready to apply.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from pydantic import ValidationError

from cockpit.catalogue import sheets as s
from cockpit.catalogue.files import RawCatalogue
from cockpit.catalogue.problems import Problem, sort_problems
from cockpit.rules import validation

NATION = "TH"
PARENT_LEVEL = {"Z": None, "Y2": "Z", "Y1": "Y2", "X": "Y1"}
FISCAL_YEARS_BE = range(2500, 2701)
REQUIRED_SHEETS = tuple(model.sheet for model in s.SHEETS if not model.optional)


@dataclass
class Provinces:
    """The 77 provinces, found by ISO code, Thai name or English name."""

    by_key: dict[str, str]
    codes: tuple[str, ...]

    @classmethod
    def from_rows(cls, rows: list[dict]) -> Provinces:
        by_key = {}
        for row in rows:
            for key in (row["code"], row["name_th"], row["name_en"]):
                by_key[key.casefold()] = row["code"]
        return cls(by_key, tuple(sorted(row["code"] for row in rows)))

    def find(self, text: str) -> str | None:
        return self.by_key.get(text.strip().casefold())


@dataclass
class CheckedCatalogue:
    """A catalogue with no problem: its rows per sheet (with their row numbers) and as the store's rows."""

    source: str
    checksum: str
    about: dict[str, str]
    rows: dict[str, list[tuple[int, s.SheetRow]]]
    tables: dict[str, list[dict]] = field(default_factory=dict)

    def row_number(self, sheet: str, identity: tuple) -> int | None:
        for row_no, row in self.rows.get(sheet, []):
            if row.identity() == identity:
                return row_no
        return None


def check(raw: RawCatalogue, provinces: Provinces) -> tuple[CheckedCatalogue | None, list[Problem]]:
    """Every problem of the file, or the checked catalogue."""
    problems = list(raw.problems)
    if any(p.sheet is None for p in problems):
        return None, sort_problems(problems, s.BY_NAME.keys())
    rows: dict[str, list[tuple[int, s.SheetRow]]] = {}
    for model in s.SHEETS:
        rows[model.sheet] = _parse_sheet(raw, model, problems)
    checked = CheckedCatalogue(raw.source, raw.checksum, {}, rows)
    _Cross(checked, provinces, problems).run()
    if problems:
        return None, sort_problems(problems, tuple(s.BY_NAME))
    return checked, []


def _parse_sheet(raw: RawCatalogue, model: type[s.SheetRow], problems: list[Problem]) -> list:
    sheet = model.sheet
    if sheet not in raw.headers:
        if not model.optional and not any(p.sheet == sheet for p in problems):
            problems.append(
                Problem(sheet, None, None, f"ไม่มีชีต {sheet} ({model.title_th})", f"the sheet {sheet} is missing")
            )
        return []
    header = raw.headers[sheet]
    expected = s.column_names(model)
    missing = [name for name in expected if name not in header and name not in model.may_be_absent]
    unknown = [name for name in header if name not in expected]
    doubled = [name for name, count in Counter(header).items() if count > 1]
    for name in missing:
        problems.append(Problem(sheet, 1, name, "ไม่มีคอลัมน์นี้", "the column is missing"))
    for name in unknown:
        problems.append(
            Problem(sheet, 1, name or "(ว่าง)", "ไม่รู้จักคอลัมน์นี้", f"unknown column (expected: {', '.join(expected)})")
        )
    for name in doubled:
        problems.append(Problem(sheet, 1, name, "คอลัมน์ซ้ำ", "the column appears twice"))
    if missing or unknown or doubled:
        return []
    parsed = []
    for row_no, cells in raw.rows.get(sheet, []):
        try:
            parsed.append((row_no, model(**cells)))
        except ValidationError as error:
            for item in error.errors():
                column = str(item["loc"][0]) if item["loc"] else None
                ctx = item.get("ctx") or {}
                problems.append(Problem(sheet, row_no, column, ctx.get("th", item["msg"]), ctx.get("en", item["msg"])))
    return parsed


class _Cross:
    """The checks between sheets, in the order a reader would fix them."""

    def __init__(self, checked: CheckedCatalogue, provinces: Provinces, problems: list[Problem]):
        self.c = checked
        self.rows = checked.rows
        self.provinces = provinces
        self.problems = problems
        self.tables = checked.tables

    def add(self, sheet: str, row: int | None, column: str | None, th: str, en: str) -> None:
        self.problems.append(Problem(sheet, row, column, th, en))

    def run(self) -> None:
        for model in s.SHEETS:
            self._unique(model)
        self._about()
        agencies = {row.code for _, row in self.rows["agencies"]}
        self._agencies()
        region_codes = self._regions()
        service_area_provinces = self._service_areas()
        self._schools(service_area_provinces)
        nodes = self._chain(agencies)
        indicators = self._indicators(nodes, agencies)
        self._targets(indicators, region_codes)
        self._projects(nodes, agencies)
        self._validation_rules(indicators)

    def _unique(self, model: type[s.SheetRow]) -> None:
        first: dict[tuple, int] = {}
        for row_no, row in self.rows[model.sheet]:
            identity = row.identity()
            if identity in first:
                shown = " / ".join(str(part) for part in identity)
                self.add(
                    model.sheet,
                    row_no,
                    model.id_columns[-1],
                    f"'{shown}' ซ้ำกับแถว {first[identity]}",
                    f"'{shown}' repeats row {first[identity]}",
                )
            else:
                first[identity] = row_no

    def _about(self) -> None:
        about = {row.key: row.value or "" for _, row in self.rows["about"]}
        kind = about.get("kind")
        if kind and kind not in s.CATALOGUE_KINDS:
            row_no = next(n for n, row in self.rows["about"] if row.key == "kind")
            listed = ", ".join(s.CATALOGUE_KINDS)
            self.add("about", row_no, "value", f"kind ต้องเป็น {listed}", f"kind must be one of {listed}")
        self.c.about = about

    def _agencies(self) -> None:
        self.tables["agency"] = [row.model_dump() for _, row in self.rows["agencies"]]

    def _province(self, sheet: str, row_no: int, column: str, text: str) -> str | None:
        code = self.provinces.find(text)
        if code is None:
            self.add(sheet, row_no, column, f"ไม่รู้จักจังหวัด '{text}'", f"unknown province '{text}'")
        return code

    def _regions(self) -> set[str]:
        schemes = self.rows["region_schemes"]
        if not schemes:
            self.add("region_schemes", None, None, "ต้องมีการแบ่งภาคอย่างน้อยหนึ่งแบบ", "at least one region scheme is needed")
        defaults = [row_no for row_no, row in schemes if row.is_default]
        if schemes and len(defaults) != 1:
            self.add(
                "region_schemes",
                (defaults[1] if len(defaults) > 1 else None),
                "is_default",
                f"ต้องมีการแบ่งภาคค่าเริ่มต้นหนึ่งแบบพอดี (พบ {len(defaults)})",
                f"exactly one scheme must be the default (found {len(defaults)})",
            )
        scheme_codes = {row.code for _, row in schemes}
        regions: dict[str, set[str]] = defaultdict(set)
        region_rows = []
        for index, (row_no, row) in enumerate(self.rows["regions"], start=1):
            if row.scheme not in scheme_codes:
                self.add(
                    "regions", row_no, "scheme", f"ไม่รู้จักการแบ่งภาค '{row.scheme}'", f"unknown scheme '{row.scheme}'"
                )
                continue
            regions[row.scheme].add(row.code)
            region_rows.append(
                {
                    "scheme_code": row.scheme,
                    "code": row.code,
                    "name_th": row.name_th,
                    "name_en": row.name_en,
                    "sort_order": row.sort_order if row.sort_order is not None else index,
                }
            )
        mapped: dict[str, dict[str, int]] = defaultdict(dict)
        mapping = []
        for row_no, row in self.rows["region_provinces"]:
            if row.scheme not in scheme_codes:
                self.add(
                    "region_provinces",
                    row_no,
                    "scheme",
                    f"ไม่รู้จักการแบ่งภาค '{row.scheme}'",
                    f"unknown scheme '{row.scheme}'",
                )
                continue
            if row.region not in regions[row.scheme]:
                self.add(
                    "region_provinces",
                    row_no,
                    "region",
                    f"ไม่มีภาค '{row.region}' ในการแบ่งภาค {row.scheme}",
                    f"no region '{row.region}' in scheme {row.scheme}",
                )
                continue
            code = self._province("region_provinces", row_no, "province", row.province)
            if code is None:
                continue
            if code in mapped[row.scheme]:
                self.add(
                    "region_provinces",
                    row_no,
                    "province",
                    f"{code} อยู่ในภาคอื่นแล้ว (แถว {mapped[row.scheme][code]})",
                    f"{code} is already in a region of {row.scheme} (row {mapped[row.scheme][code]})",
                )
                continue
            mapped[row.scheme][code] = row_no
            mapping.append({"scheme_code": row.scheme, "province_code": code, "region_code": row.region})
        for _, scheme in schemes:
            absent = [code for code in self.provinces.codes if code not in mapped[scheme.code]]
            if absent:
                self.add(
                    "region_provinces",
                    None,
                    "province",
                    f"การแบ่งภาค {scheme.code}: {len(absent)} จังหวัดไม่อยู่ในภาคใด ({', '.join(absent[:8])}…)",
                    f"scheme {scheme.code}: {len(absent)} province(s) in no region ({', '.join(absent[:8])}…)",
                )
        self.tables["region_scheme"] = [
            {
                "code": row.code,
                "name_th": row.name_th,
                "name_en": row.name_en,
                "is_default": row.is_default,
                "source": row.source,
                "as_of": row.as_of,
            }
            for _, row in schemes
        ]
        self.tables["region"] = region_rows
        self.tables["region_province"] = mapping
        return {code for codes in regions.values() for code in codes}

    def _service_areas(self) -> dict[str, set[str]]:
        covered: dict[str, set[str]] = {}
        areas, links = [], []
        for row_no, row in self.rows["service_areas"]:
            codes = []
            for part in row.provinces.replace(",", " ").replace(";", " ").split():
                code = self._province("service_areas", row_no, "provinces", part)
                if code and code not in codes:
                    codes.append(code)
            covered[row.code] = set(codes)
            areas.append({"code": row.code, "kind": row.kind, "name_th": row.name_th, "name_en": row.name_en})
            links += [{"service_area_code": row.code, "province_code": code} for code in codes]
        self.tables["service_area"] = areas
        self.tables["service_area_province"] = links
        return covered

    def _schools(self, service_areas: dict[str, set[str]]) -> None:
        schools = []
        for row_no, row in self.rows["schools"]:
            code = self._province("schools", row_no, "province", row.province)
            if row.service_area not in service_areas:
                self.add(
                    "schools",
                    row_no,
                    "service_area",
                    f"ไม่รู้จักเขตพื้นที่ '{row.service_area}'",
                    f"unknown service area '{row.service_area}'",
                )
            elif code and code not in service_areas[row.service_area]:
                self.add(
                    "schools",
                    row_no,
                    "service_area",
                    f"เขตพื้นที่ {row.service_area} ไม่ครอบคลุมจังหวัด {code}",
                    f"service area {row.service_area} does not cover {code}",
                )
            schools.append(
                {
                    "code": row.code,
                    "name_th": row.name_th,
                    "name_en": row.name_en,
                    "province_code": code,
                    "service_area_code": row.service_area,
                }
            )
        self.tables["school"] = schools

    def _chain(self, agencies: set[str]) -> dict[str, s.ChainNode]:
        nodes = {row.code: row for _, row in self.rows["chain"]}
        out = []
        for index, (row_no, row) in enumerate(self.rows["chain"], start=1):
            wanted = PARENT_LEVEL[row.level]
            if wanted is None and row.parent:
                self.add("chain", row_no, "parent", "โหนดระดับ Z ต้องไม่มีรหัสแม่", "a Z node has no parent")
            elif wanted is not None and not row.parent:
                self.add(
                    "chain", row_no, "parent", f"โหนดระดับ {row.level} ต้องมีรหัสแม่", f"a {row.level} node needs a parent"
                )
            elif wanted is not None and row.parent not in nodes:
                self.add("chain", row_no, "parent", f"ไม่มีโหนด '{row.parent}'", f"no node '{row.parent}'")
            elif wanted is not None and nodes[row.parent].level != wanted:
                self.add(
                    "chain",
                    row_no,
                    "parent",
                    f"โหนด {row.level} ต้องอยู่ใต้โหนด {wanted} โดยตรง แต่ {row.parent} เป็นระดับ {nodes[row.parent].level}",
                    f"a {row.level} node must sit directly under a {wanted}; "
                    f"{row.parent} is a {nodes[row.parent].level}",
                )
            if row.host_agency and row.host_agency not in agencies:
                self.add(
                    "chain",
                    row_no,
                    "host_agency",
                    f"ไม่รู้จักหน่วยงาน '{row.host_agency}'",
                    f"unknown agency '{row.host_agency}'",
                )
            if row.level == "X":
                if not row.host_agency:
                    self.add(
                        "chain", row_no, "host_agency", "ปัจจัย X ต้องมีหน่วยงานเจ้าภาพ", "an X factor needs a host agency"
                    )
                if not row.value_chain_stage:
                    self.add(
                        "chain",
                        row_no,
                        "value_chain_stage",
                        "ปัจจัย X ต้องระบุขั้นของห่วงโซ่คุณค่า",
                        "an X factor needs its stage",
                    )
            elif row.value_chain_stage:
                self.add(
                    "chain",
                    row_no,
                    "value_chain_stage",
                    "เฉพาะปัจจัย X ที่มีขั้นของห่วงโซ่คุณค่า",
                    "only an X factor has a value-chain stage",
                )
            out.append(
                {
                    "code": row.code,
                    "level": row.level,
                    "parent_code": row.parent,
                    "name_th": row.name_th,
                    "name_en": row.name_en,
                    "value_chain_stage": row.value_chain_stage,
                    "host_agency_code": row.host_agency,
                    "sort_order": row.sort_order if row.sort_order is not None else index * 10,
                }
            )
        self._loops(nodes)
        self.tables["chain_node"] = out
        return nodes

    def _loops(self, nodes: dict[str, s.ChainNode]) -> None:
        for row_no, row in self.rows["chain"]:
            seen, code = {row.code}, row.parent
            while code in nodes:
                if code in seen:
                    self.add("chain", row_no, "parent", f"ห่วงโซ่วนกลับมาที่ {code}", f"the chain loops back to {code}")
                    break
                seen.add(code)
                code = nodes[code].parent

    def _indicators(self, nodes: dict[str, s.ChainNode], agencies: set[str]) -> dict[str, s.Indicator]:
        out = []
        for index, (row_no, row) in enumerate(self.rows["indicators"], start=1):
            node = nodes.get(row.chain_node)
            if node is None:
                self.add(
                    "indicators",
                    row_no,
                    "chain_node",
                    f"ไม่มีโหนด '{row.chain_node}' ในชีต chain",
                    f"no node '{row.chain_node}' in chain",
                )
            host = row.host_agency or (node.host_agency if node else None)
            stage = row.value_chain_stage or (node.value_chain_stage if node else None)
            if row.host_agency and row.host_agency not in agencies:
                self.add(
                    "indicators",
                    row_no,
                    "host_agency",
                    f"ไม่รู้จักหน่วยงาน '{row.host_agency}'",
                    f"unknown agency '{row.host_agency}'",
                )
            elif node is not None and not host:
                self.add(
                    "indicators",
                    row_no,
                    "host_agency",
                    "ต้องระบุหน่วยงานเจ้าภาพ (โหนดของตัวชี้วัดไม่มี)",
                    "a host agency is needed (its node has none)",
                )
            if node is not None and not stage:
                self.add(
                    "indicators",
                    row_no,
                    "value_chain_stage",
                    "ต้องระบุขั้นของห่วงโซ่คุณค่า (โหนดของตัวชี้วัดไม่มี)",
                    "a value-chain stage is needed (its node has none)",
                )
            if not 0 <= row.decimals <= 4:
                self.add("indicators", row_no, "decimals", "ทศนิยมต้องอยู่ระหว่าง 0 ถึง 4", "decimals must be 0 to 4")
            if row.orange_gap < row.yellow_gap:
                self.add(
                    "indicators",
                    row_no,
                    "orange_gap",
                    f"ช่วงส้ม ({row.orange_gap:g}) ต้องไม่น้อยกว่าช่วงเหลือง ({row.yellow_gap:g})",
                    f"orange_gap ({row.orange_gap:g}) must be at least yellow_gap ({row.yellow_gap:g})",
                )
            if row.minimum is not None and row.maximum is not None and row.minimum > row.maximum:
                self.add(
                    "indicators",
                    row_no,
                    "maximum",
                    f"ค่าสูงสุด ({row.maximum:g}) ต้องไม่น้อยกว่าค่าต่ำสุด ({row.minimum:g})",
                    f"maximum ({row.maximum:g}) must be at least minimum ({row.minimum:g})",
                )
            if row.approval_steps is not None and row.approval_steps not in (0, 1, 2):
                self.add(
                    "indicators",
                    row_no,
                    "approval_steps",
                    f"ขั้นการรับรองต้องเป็น 0, 1 หรือ 2 (ได้ {row.approval_steps})",
                    f"approval_steps must be 0, 1 or 2 (got {row.approval_steps})",
                )
            if row.aggregation == "ratio" and row.multiplier == 0:
                self.add("indicators", row_no, "multiplier", "ตัวคูณต้องมากกว่า 0", "the multiplier must be above 0")
            if row.unit == "count" and row.aggregation != "sum":
                self.add(
                    "indicators", row_no, "aggregation", "ตัวชี้วัดที่เป็นจำนวนต้องรวมแบบ sum", "a count aggregates by sum"
                )
            if row.unit != "count" and row.aggregation == "sum":
                self.add(
                    "indicators",
                    row_no,
                    "aggregation",
                    "รวมแบบ sum ได้เฉพาะหน่วย count (อัตราต้องเป็น ratio ของผลรวมตัวตั้งและตัวหาร)",
                    "only a count aggregates by sum (a rate is a ratio of summed numerators and denominators)",
                )
            if row.calendar and row.frequency != "term":
                self.add(
                    "indicators",
                    row_no,
                    "calendar",
                    "เลือกปฏิทินได้เฉพาะตัวชี้วัดรายภาคเรียน (ความถี่อื่นใช้ปีงบประมาณ)",
                    "only a term indicator chooses its calendar (other frequencies follow the fiscal year)",
                )
            if row.accumulates and row.aggregation != "sum":
                self.add(
                    "indicators",
                    row_no,
                    "accumulates",
                    "สะสมรายปีได้เฉพาะตัวชี้วัดที่รวมแบบ sum",
                    "only a count (aggregation sum) can accumulate over the year",
                )
            out.append(
                {
                    "code": row.code,
                    "name_th": row.name_th,
                    "name_en": row.name_en,
                    "question_th": row.question_th,
                    "question_en": row.question_en,
                    "definition_th": row.definition_th,
                    "definition_en": row.definition_en,
                    "numerator_th": row.numerator_th,
                    "numerator_en": row.numerator_en,
                    "denominator_th": row.denominator_th,
                    "denominator_en": row.denominator_en,
                    "unit": row.unit,
                    "unit_label_th": row.unit_label_th,
                    "unit_label_en": row.unit_label_en,
                    "aggregation": row.aggregation,
                    "multiplier": row.multiplier,
                    "decimals": row.decimals,
                    "direction": row.direction,
                    "frequency": row.frequency,
                    "accumulates": row.accumulates,
                    "yellow_gap": row.yellow_gap,
                    "orange_gap": row.orange_gap,
                    "chain_node_code": row.chain_node,
                    "value_chain_stage": stage,
                    "host_agency_code": host,
                    "source_system": row.source_system,
                    "is_key": row.is_key,
                    "sort_order": row.sort_order if row.sort_order is not None else index * 10,
                    "stale_after_days": row.stale_after_days,
                    "calendar": row.calendar,
                    "report_due_days": row.report_due_days,
                    "minimum": row.minimum,
                    "maximum": row.maximum,
                    "approval_steps": row.approval_steps,
                }
            )
        self.tables["indicator"] = out
        return {row.code: row for _, row in self.rows["indicators"]}

    def _targets(self, indicators: dict[str, s.Indicator], region_codes: set[str]) -> None:
        out, seen = [], {}
        for row_no, row in self.rows["targets"]:
            indicator = indicators.get(row.indicator)
            if indicator is None:
                self.add(
                    "targets",
                    row_no,
                    "indicator",
                    f"ไม่รู้จักตัวชี้วัด '{row.indicator}'",
                    f"unknown indicator '{row.indicator}'",
                )
            area = row.area
            if area != NATION and area not in region_codes:
                area = self.provinces.find(row.area)
                if area is None:
                    self.add(
                        "targets",
                        row_no,
                        "area",
                        f"ไม่รู้จักพื้นที่ '{row.area}' (TH, รหัสภาค หรือจังหวัด)",
                        f"unknown area '{row.area}' (TH, a region code or a province)",
                    )
            if row.fiscal_year_be not in FISCAL_YEARS_BE:
                self.add(
                    "targets",
                    row_no,
                    "fiscal_year_be",
                    f"ปีงบประมาณ {row.fiscal_year_be} ต้องเป็นปี พ.ศ. (เช่น 2569)",
                    f"fiscal year {row.fiscal_year_be} must be a Buddhist Era year (e.g. 2569)",
                )
            if indicator is not None:
                self._target_values(row_no, row, indicator)
            identity = (row.indicator, area, row.fiscal_year_be)
            if area is not None and identity in seen and seen[identity][1] != row.area:
                self.add("targets", row_no, "area", f"ซ้ำกับแถว {seen[identity][0]}", f"repeats row {seen[identity][0]}")
            seen.setdefault(identity, (row_no, row.area))
            out.append(
                {
                    "indicator_code": row.indicator,
                    "area_code": area,
                    "fiscal_year_be": row.fiscal_year_be,
                    "target_value": row.target,
                    "target_low": row.target_low,
                    "target_high": row.target_high,
                }
            )
        self.tables["indicator_target"] = out

    def _target_values(self, row_no: int, row: s.Target, indicator: s.Indicator) -> None:
        if indicator.direction == "range":
            if row.target_low is None or row.target_high is None:
                self.add(
                    "targets",
                    row_no,
                    "target_low" if row.target_low is None else "target_high",
                    "ตัวชี้วัดแบบช่วงต้องมี target_low และ target_high",
                    "a range indicator needs target_low and target_high",
                )
            elif row.target_low > row.target_high:
                self.add(
                    "targets",
                    row_no,
                    "target_high",
                    "target_high ต้องไม่น้อยกว่า target_low",
                    "target_high is below target_low",
                )
        elif row.target is None:
            self.add("targets", row_no, "target", "ต้องกรอกค่าเป้าหมาย", "the target is required")
        values = [v for v in (row.target, row.target_low, row.target_high) if v is not None]
        if indicator.unit in ("count", "percent", "ratio") and any(v < 0 for v in values):
            self.add("targets", row_no, "target", "ค่าเป้าหมายต้องไม่ติดลบ", "a target must not be negative")

    def _projects(self, nodes: dict[str, s.ChainNode], agencies: set[str]) -> None:
        out = []
        for row_no, row in self.rows["projects"]:
            node = nodes.get(row.chain_node)
            if node is None or node.level != "X":
                self.add(
                    "projects",
                    row_no,
                    "chain_node",
                    f"'{row.chain_node}' ไม่ใช่ปัจจัย X ในชีต chain",
                    f"'{row.chain_node}' is not an X factor of the chain",
                )
            if row.host_agency not in agencies:
                self.add(
                    "projects",
                    row_no,
                    "host_agency",
                    f"ไม่รู้จักหน่วยงาน '{row.host_agency}'",
                    f"unknown agency '{row.host_agency}'",
                )
            for column in ("progress_pct", "planned_pct"):
                if getattr(row, column) > 100:
                    self.add("projects", row_no, column, "ต้องไม่เกิน 100", "must be at most 100")
            out.append(
                {
                    "code": row.code,
                    "name_th": row.name_th,
                    "name_en": row.name_en,
                    "chain_node_code": row.chain_node,
                    "host_agency_code": row.host_agency,
                    "fiscal_year_be": row.fiscal_year_be,
                    "budget_thb": row.budget_thb,
                    "disbursed_thb": row.disbursed_thb,
                    "progress_pct": row.progress_pct,
                    "planned_pct": row.planned_pct,
                }
            )
        self.tables["project"] = out

    def _validation_rules(self, indicators: dict[str, s.Indicator]) -> None:
        """Each rule names known indicators; a side naming a figure the indicator has not is refused (a count
        has no numerator), so a rule cannot be silently skipped for ever."""
        out = []
        for index, (row_no, row) in enumerate(self.rows["validation_rules"], start=1):
            if row.indicator and row.indicator not in indicators:
                self.add(
                    "validation_rules",
                    row_no,
                    "indicator",
                    f"ไม่รู้จักตัวชี้วัด '{row.indicator}'",
                    f"unknown indicator '{row.indicator}'",
                )
            for column in ("left_side", "right_side"):
                side = validation.parse_side(getattr(row, column))
                if side.kind == "indicator" and side.indicator not in indicators:
                    self.add(
                        "validation_rules",
                        row_no,
                        column,
                        f"ไม่รู้จักตัวชี้วัด '{side.indicator}'",
                        f"unknown indicator '{side.indicator}'",
                    )
                checked = indicators.get(row.indicator or "")
                if side.term in ("numerator", "denominator") and checked and checked.aggregation != "ratio":
                    self.add(
                        "validation_rules",
                        row_no,
                        column,
                        f"{checked.code} เป็นจำนวนนับ ไม่มี {side.term}",
                        f"{checked.code} is a count: it has no {side.term}",
                    )
            if row.left_side.strip() == row.right_side.strip():
                self.add(
                    "validation_rules",
                    row_no,
                    "right_side",
                    "ด้านซ้ายและด้านขวาเหมือนกัน กฎนี้ไม่ได้ตรวจอะไร",
                    "both sides are the same: the rule checks nothing",
                )
            out.append(
                {
                    "code": row.code,
                    "name_th": row.name_th,
                    "name_en": row.name_en,
                    "indicator_code": row.indicator,
                    "left_side": row.left_side,
                    "operator": row.operator,
                    "right_side": row.right_side,
                    "importance": row.importance,
                    "skip_when_missing": row.skip_when_missing,
                    "active": row.active,
                    "sort_order": index,
                }
            )
        self.tables["validation_rule"] = out

"""A deterministic, realistic demo dataset drawn on the demo catalogue (data/catalogues/demo: the XYZ chain, the
joint indicators with their targets, the educational service areas and demo schools): province results for
fiscal years 2566-2568, the demo schools' results that sum exactly to their provinces' rates, and crisis reports
with their status logs.

Everything here is invented for demonstration (marked `is_demo`, `source="demo"`, reporters "(สาธิต)"),
shaped on the public figures in the domain brief: national levels of the real indicators, the seasons and
places of real disasters, and the scale of their impact. The catalogue says what each indicator is; SHAPES
here says only how its demo results are drawn. `build_demo` is pure: the same arguments give the same rows
(one `random.Random(seed)`, no clock, no iteration over sets).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from cockpit.errors import ReferenceDataError
from cockpit.rules.thai_time import PERIODS_PER_YEAR, period_end

DEMO_FISCAL_YEARS_BE = (2566, 2567, 2568)

# The demo's "now": the last status change and the last result update are before it.
DEMO_AS_OF = dt.datetime(2025, 10, 15, 3, 0, tzinfo=dt.UTC)

UTC = dt.UTC

# Rough population in thousands (registered population, about 2023), used as the size weight of a province.
_POPULATION_K = {
    "TH-10": 5470,
    "TH-11": 1360,
    "TH-12": 1290,
    "TH-13": 1190,
    "TH-14": 820,
    "TH-15": 275,
    "TH-16": 755,
    "TH-17": 210,
    "TH-18": 325,
    "TH-19": 645,
    "TH-20": 1590,
    "TH-21": 750,
    "TH-22": 540,
    "TH-23": 230,
    "TH-24": 725,
    "TH-25": 500,
    "TH-26": 260,
    "TH-27": 565,
    "TH-30": 2630,
    "TH-31": 1580,
    "TH-32": 1390,
    "TH-33": 1470,
    "TH-34": 1870,
    "TH-35": 540,
    "TH-36": 1130,
    "TH-37": 375,
    "TH-38": 425,
    "TH-39": 510,
    "TH-40": 1800,
    "TH-41": 1590,
    "TH-42": 640,
    "TH-43": 520,
    "TH-44": 960,
    "TH-45": 1300,
    "TH-46": 980,
    "TH-47": 1150,
    "TH-48": 720,
    "TH-49": 350,
    "TH-50": 1790,
    "TH-51": 405,
    "TH-52": 740,
    "TH-53": 455,
    "TH-54": 440,
    "TH-55": 480,
    "TH-56": 470,
    "TH-57": 1300,
    "TH-58": 285,
    "TH-60": 1060,
    "TH-61": 330,
    "TH-62": 730,
    "TH-63": 665,
    "TH-64": 595,
    "TH-65": 865,
    "TH-66": 535,
    "TH-67": 995,
    "TH-70": 875,
    "TH-71": 895,
    "TH-72": 850,
    "TH-73": 920,
    "TH-74": 590,
    "TH-75": 190,
    "TH-76": 485,
    "TH-77": 550,
    "TH-80": 1560,
    "TH-81": 480,
    "TH-82": 270,
    "TH-83": 420,
    "TH-84": 1070,
    "TH-85": 195,
    "TH-86": 510,
    "TH-90": 1440,
    "TH-91": 325,
    "TH-92": 645,
    "TH-93": 525,
    "TH-94": 730,
    "TH-95": 540,
    "TH-96": 810,
}
_DEFAULT_POPULATION_K = 700

_SOUTHERN_BORDER = ("TH-94", "TH-95", "TH-96")
# Urban index: Bangkok 2, big cities and the inner suburbs 1, a few smaller urban centres 0.5.
_URBAN = {
    "TH-10": 2.0,
    "TH-11": 1.0,
    "TH-12": 1.0,
    "TH-13": 1.0,
    "TH-20": 1.0,
    "TH-40": 1.0,
    "TH-50": 1.0,
    "TH-83": 1.0,
    "TH-90": 1.0,
    "TH-30": 0.5,
    "TH-21": 0.5,
    "TH-65": 0.5,
    "TH-34": 0.5,
    "TH-41": 0.5,
    "TH-74": 0.5,
    "TH-73": 0.5,
    "TH-84": 0.5,
}
# Extra effect on the common "learning quality" factor beyond the macro-region.
_QUALITY_EXTRA = {
    "TH-94": -1.3,
    "TH-95": -1.0,
    "TH-96": -1.4,
    "TH-58": -0.9,
    "TH-63": -0.7,
    "TH-71": -0.3,
    "TH-38": -0.3,
    "TH-10": 0.2,
    "TH-12": 0.4,
    "TH-50": 0.3,
    "TH-40": 0.3,
    "TH-83": 0.4,
    "TH-90": 0.2,
}


LEARNING_MODES = ("on-site", "on-air", "on-demand", "online", "on-hand")
# Allowed lifecycle transitions of a crisis report.
TRANSITIONS = {
    "reported": ("verified", "dismissed"),
    "verified": ("active", "dismissed"),
    "active": ("recovering", "closed"),
    "recovering": ("active", "closed"),
}


# --------------------------------------------------------------------------------------------------
# Time helpers


def _utc(y: int, m: int, d: int, h: int = 0, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=UTC)


# --------------------------------------------------------------------------------------------------
# Indicators: how the demo draws each one's results


class Shape(NamedTuple):
    """How the demo draws one indicator's province results; what the indicator is (its unit, frequency,
    aggregation, targets) is the catalogue's.

    base: unweighted mean over provinces in FY 2566; trend: change per year; sd: spread between provinces;
    rho: loading on the common learning-quality factor (negative: better provinces have lower values);
    noise: period-to-period noise; season: additive effect per period (a count: each period's share of the
    year); lo, hi: bounds of a value; den: the denominator (kind, rate per 1,000 population, growth per year);
    urban: effect per point of the urban index; extra: effect by province; drift: spread of the provinces' own
    trends, in sd; closures: a count of the schools the demo's crises closed, not drawn.
    """

    base: float
    trend: float
    sd: float
    rho: float
    noise: float = 0.0
    season: tuple[float, ...] | None = None
    lo: float = 0.0
    hi: float = 100.0
    den: tuple[str, float, float] = ("pupils", 10.0, 0.0)
    urban: float = 0.0
    extra: Mapping[str, float] | None = None
    drift: float = 0.25
    closures: bool = False


# Denominator kinds: pupils and children weighted by population; schools by population and the province's
# school factor (rural provinces have more schools per person); small_schools weights a count's targets.
_NORTH_HAZE = {c: 9.0 for c in ("TH-50", "TH-51", "TH-52", "TH-54", "TH-55", "TH-56", "TH-57", "TH-58")}

# Each demo indicator's shape, by its code in data/catalogues/demo/indicators.csv: Shape(base, trend, sd, rho, …).
SHAPES = {
    "JI01": Shape(70.6, 0.9, 5.0, 0.8, lo=35, hi=95, den=("pupils", 7.2, -0.03)),
    "JI02": Shape(94.4, 0.4, 2.4, 0.8, noise=0.5, season=(0.8, -0.8), lo=70, hi=99.2, den=("pupils", 7.2, -0.03)),
    "JI03": Shape(92.0, 0.5, 3.0, 0.8, noise=0.6, season=(1.0, -1.0), lo=65, hi=99.5, den=("pupils", 7.2, -0.03)),
    "JI04": Shape(46.2, 0.7, 4.5, 0.85, lo=25, hi=80, den=("pupils", 7.4, -0.025)),
    "JI05": Shape(53.0, 0.8, 4.0, 0.85, lo=30, hi=80, den=("pupils", 7.8, -0.02)),
    "JI06": Shape(37.5, -0.3, 5.0, 0.75, lo=20, hi=80, den=("pupils", 7.8, -0.02), urban=3.0, extra={"TH-83": 6.0}),
    "JI07": Shape(33.0, 0.5, 3.5, 0.85, lo=18, hi=70, den=("pupils", 7.8, -0.02), urban=1.0),
    "JI08": Shape(36.0, 0.4, 3.0, 0.85, lo=20, hi=70, den=("pupils", 7.8, -0.02)),
    "JI09": Shape(34.5, 0.3, 3.0, 0.85, lo=20, hi=70, den=("pupils", 7.0, -0.015), urban=1.0),
    "JI10": Shape(33.0, -0.2, 3.0, 0.85, lo=18, hi=70, den=("pupils", 4.2, -0.01), urban=1.2),
    "JI11": Shape(
        31.0,
        -1.2,
        7.0,
        -0.6,
        lo=3,
        hi=80,
        den=("schools", 0.45, -0.01),
        urban=-4.0,
        extra={"TH-58": 10.0, "TH-63": 8.0},
    ),
    "JI12": Shape(0.0, 0.0, 0.12, 0.3, noise=0.08, season=(0.2, 0.25, 0.35, 0.2), den=("schools", 1.0, 0.0)),
    "JI13": Shape(
        20.0,
        0.0,
        2.6,
        0.0,
        lo=8,
        hi=35,
        den=("teachers", 100.0, -0.015),
        urban=2.0,
        extra={"TH-58": -4.0, "TH-63": -2.0, "TH-55": -2.0},
    ),
    "JI14": Shape(
        68.0,
        4.5,
        9.0,
        0.5,
        noise=1.0,
        season=(-2.0, -0.7, 0.7, 2.0),
        lo=15,
        hi=99.5,
        den=("schools", 0.55, -0.01),
        urban=3.0,
    ),
    "JI15": Shape(
        62.0,
        3.5,
        8.0,
        0.4,
        noise=2.5,
        season=(-14.0, 1.0, 2.0, 2.0, 1.5, -3.0, -20.0, -5.0, 2.0, 2.0, 1.5, 0.5),
        lo=5,
        hi=99,
        den=("schools", 0.55, -0.01),
        urban=1.5,
    ),
    "JI16": Shape(38.0, 14.0, 10.0, 0.5, lo=3, hi=99, den=("schools", 0.45, -0.01), drift=0.45),
    "JI17": Shape(
        39.5,
        0.9,
        5.5,
        -0.2,
        lo=15,
        hi=70,
        den=("pupils", 23.0, -0.01),
        urban=-1.0,
        extra={"TH-94": -8.0, "TH-95": -7.0, "TH-96": -9.0},
    ),
    "JI18": Shape(92.5, 0.4, 2.6, 0.7, lo=70, hi=99.0, den=("pupils", 7.0, -0.015)),
    "JI19": Shape(68.0, 1.5, 6.0, 0.5, noise=1.5, season=(-1.0, 1.0), lo=25, hi=98, den=("pupils", 3.2, -0.02)),
    "JI20": Shape(
        82.0, 0.8, 5.5, 0.5, lo=45, hi=99.5, den=("children", 27.0, -0.035), extra={"TH-10": -6.0, "TH-58": -6.0}
    ),
    "JI21": Shape(
        90.0,
        0.6,
        6.0,
        0.3,
        lo=55,
        hi=115,
        den=("children", 9.6, -0.035),
        extra={"TH-10": -9.0, "TH-94": -6.0, "TH-96": -6.0},
    ),
    "JI22": Shape(76.0, 2.5, 7.0, 0.5, lo=30, hi=99.5, den=("schools", 0.30, -0.01)),
    "JI23": Shape(
        8.4,
        -0.7,
        1.8,
        -0.6,
        lo=1.5,
        hi=30,
        den=("children", 175.0, -0.02),
        extra={"TH-10": 3.5, "TH-94": 4.0, "TH-95": 3.0, "TH-96": 4.5, "TH-63": 3.5, "TH-58": 2.5},
    ),
    "JI24": Shape(
        4.4,
        -0.25,
        1.1,
        -0.55,
        lo=0.8,
        hi=14,
        den=("pupils", 110.0, -0.015),
        extra={"TH-10": 4.6, "TH-94": 1.6, "TH-95": 1.1, "TH-96": 1.8, "TH-63": 1.4, "TH-74": 1.0},
    ),
    "JI25": Shape(
        96.6,
        0.4,
        1.3,
        0.3,
        noise=0.6,
        season=(-2.5, -0.8, 0.3, 0.4, 0.4, 0.3, -0.5, -1.8, 0.3, 0.5, 0.5, 0.5),
        lo=75,
        hi=99.9,
        den=("pupils", 52.0, -0.025),
    ),
    "JI26": Shape(
        74.0,
        4.0,
        7.5,
        0.5,
        noise=1.2,
        season=(-3.0, -1.0, 1.0, 3.0),
        lo=25,
        hi=99.5,
        den=("schools", 0.60, -0.01),
        extra={"TH-94": -5.0, "TH-95": -5.0, "TH-96": -6.0},
    ),
    "JI27": Shape(
        38.0,
        9.0,
        8.0,
        0.3,
        noise=1.5,
        season=(-4.0, -1.5, 1.5, 4.0),
        lo=3,
        hi=99,
        den=("schools", 0.60, -0.01),
        urban=4.0,
        extra=_NORTH_HAZE,
        drift=0.4,
    ),
    "JI28": Shape(83.0, 2.0, 5.0, 0.3, noise=3.0, lo=30, hi=100, den=("cases", 0.02, 0.05)),
    "JI29": Shape(0.0, 0.0, 0.35, 0.2, den=("small_schools", 1.0, 0.0)),
    "JI30": Shape(0.0, 0.0, 0.0, 0.0, den=("schools", 1.0, 0.0), closures=True),
}


# --------------------------------------------------------------------------------------------------
# The catalogue the demo draws on


@dataclass(frozen=True)
class _Catalogue:
    """What the generator reads of a checked catalogue: the indicators in code order (so that reordering the
    file's rows changes no figure), the targets by (indicator, area, fiscal year), each province's service
    areas, and each province's region in the default region scheme."""

    indicators: list[dict]
    targets: dict[tuple[str, str, int], float | None]
    service_areas_of: dict[str, list[str]]
    region_of: dict[str, str]


def _read_catalogue(tables: Mapping[str, list[dict]]) -> _Catalogue:
    """Refuses a catalogue with an indicator the demo has no shape for, rather than leave it without results."""
    unshaped = [row["code"] for row in tables["indicator"] if row["code"] not in SHAPES]
    if unshaped:
        raise ReferenceDataError(
            f"the demo cannot draw results for indicator(s) {', '.join(unshaped)}: add their shape to SHAPES in "
            "cockpit/demo/generate.py, or leave them out of the demo catalogue"
        )
    service_areas_of: dict[str, list[str]] = {}
    for link in tables["service_area_province"]:
        service_areas_of.setdefault(link["province_code"], []).append(link["service_area_code"])
    default_scheme = next(row["code"] for row in tables["region_scheme"] if row["is_default"])
    return _Catalogue(
        indicators=sorted(tables["indicator"], key=lambda row: row["code"]),
        targets={
            (row["indicator_code"], row["area_code"], row["fiscal_year_be"]): row["target_value"]
            for row in tables["indicator_target"]
        },
        service_areas_of={province: sorted(codes) for province, codes in service_areas_of.items()},
        region_of={
            row["province_code"]: row["region_code"]
            for row in tables["region_province"]
            if row["scheme_code"] == default_scheme
        },
    )


# --------------------------------------------------------------------------------------------------
# Provinces: size, school weight, learning-quality factor


def _macro(code: str) -> str:
    n = int(code[3:])
    if code == "TH-10":
        return "bangkok"
    if code in _SOUTHERN_BORDER:
        return "border_south"
    if n < 20 or 70 <= n < 80:
        return "central"
    if n < 30:
        return "east"
    if n < 50:
        return "northeast"
    if n < 60:
        return "north"
    if n < 70:
        return "lower_north"
    return "south"


_MACRO_QUALITY = {
    "bangkok": 0.8,
    "central": 0.25,
    "east": 0.3,
    "northeast": -0.35,
    "north": 0.1,
    "lower_north": -0.05,
    "south": 0.05,
    "border_south": -0.6,
}


def _school_factor(code: str) -> float:
    """Schools per person relative to the average: few public schools in Bangkok, more in rural areas."""
    if code == "TH-10":
        return 0.22
    urban = _URBAN.get(code, 0.0)
    base = 1.0 - 0.35 * urban
    if _macro(code) in ("northeast", "north", "lower_north"):
        base *= 1.15
    return base


class _Province:
    def __init__(self, row: dict):
        self.code = row["code"]
        self.name_th = row["name_th"]
        self.pop = float(_POPULATION_K.get(self.code, _DEFAULT_POPULATION_K))
        self.urban = _URBAN.get(self.code, 0.0)
        self.macro = _macro(self.code)
        self.school_factor = _school_factor(self.code)
        self.quality = 0.0


def _province_weights(provs: list[_Province], kind: str) -> list[float]:
    if kind == "schools":
        return [p.pop * p.school_factor for p in provs]
    if kind == "small_schools":
        return [0.0 if p.code == "TH-10" else p.pop * p.school_factor**2.5 for p in provs]
    return [p.pop for p in provs]


def _apportion(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """Split an integer total by weight (largest remainder); each share with weight > 0 gets `minimum`."""
    eligible = [w > 0 for w in weights]
    base = [minimum if e else 0 for e in eligible]
    rest = total - sum(base)
    wsum = sum(weights)
    if rest <= 0 or wsum <= 0:
        return base
    quotas = [rest * w / wsum for w in weights]
    shares = [b + int(math.floor(q)) for b, q in zip(base, quotas, strict=True)]
    left = total - sum(shares)
    order = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - math.floor(quotas[i])), i))
    for i in order[:left]:
        shares[i] += 1
    return shares


# --------------------------------------------------------------------------------------------------
# Crises

_TYPE_TH = {
    "flood": "อุทกภัย",
    "storm": "วาตภัย",
    "drought": "ภัยแล้ง",
    "landslide": "ดินโคลนถล่ม",
    "fire": "อัคคีภัย",
    "haze": "ฝุ่นละออง PM2.5",
    "epidemic": "โรคระบาด",
    "unrest": "สถานการณ์ความไม่สงบ",
    "border_conflict": "สถานการณ์ชายแดน",
    "accident": "อุบัติเหตุ",
    "violence": "ความรุนแรง",
    "drugs": "ยาเสพติด",
    "bullying": "การกลั่นแกล้ง",
}

# Scheduled events, patterned on real seasons and places:
# (date, type, severity, provinces, title, final status)
_SCHEDULED = (
    (
        "2022-10-03",
        "flood",
        3,
        ("TH-34", "TH-35", "TH-33", "TH-45"),
        "อุทกภัยลุ่มน้ำมูล จ.อุบลราชธานี ยโสธร ศรีสะเกษ ร้อยเอ็ด",
        "closed",
    ),
    ("2022-10-11", "flood", 2, ("TH-36", "TH-40", "TH-30"), "น้ำท่วมลุ่มน้ำชี จ.ชัยภูมิ ขอนแก่น นครราชสีมา", "closed"),
    (
        "2022-11-28",
        "flood",
        3,
        ("TH-80", "TH-90", "TH-93", "TH-94", "TH-95", "TH-96"),
        "อุทกภัยภาคใต้ตอนล่าง 6 จังหวัด",
        "closed",
    ),
    ("2023-01-04", "flood", 2, ("TH-86", "TH-84"), "น้ำท่วมฉับพลัน จ.ชุมพร สุราษฎร์ธานี", "closed"),
    (
        "2023-03-08",
        "haze",
        3,
        ("TH-57", "TH-50", "TH-58", "TH-56", "TH-55"),
        "ฝุ่น PM2.5 เกินมาตรฐานต่อเนื่อง ภาคเหนือตอนบน",
        "closed",
    ),
    (
        "2023-04-03",
        "drought",
        2,
        ("TH-31", "TH-32", "TH-44", "TH-46"),
        "ภัยแล้ง สถานศึกษาขาดแคลนน้ำอุปโภคบริโภค",
        "closed",
    ),
    ("2023-04-21", "storm", 2, ("TH-41", "TH-47", "TH-48"), "พายุฤดูร้อน หลังคาอาคารเรียนเสียหาย", "closed"),
    ("2023-08-07", "flood", 2, ("TH-57", "TH-55", "TH-56"), "น้ำป่าไหลหลาก จ.เชียงราย น่าน พะเยา", "closed"),
    ("2023-09-14", "landslide", 1, ("TH-63",), "ดินสไลด์ปิดเส้นทางไปโรงเรียน จ.ตาก", "closed"),
    ("2023-10-02", "flood", 2, ("TH-64", "TH-65", "TH-66"), "น้ำท่วมลุ่มน้ำยม-น่าน จ.สุโขทัย พิษณุโลก พิจิตร", "closed"),
    ("2023-12-19", "flood", 3, ("TH-96", "TH-95", "TH-94", "TH-90"), "อุทกภัยจังหวัดชายแดนภาคใต้", "closed"),
    ("2024-01-09", "flood", 2, ("TH-80", "TH-93", "TH-92"), "น้ำท่วม จ.นครศรีธรรมราช พัทลุง ตรัง", "closed"),
    ("2024-02-19", "fire", 2, ("TH-50", "TH-58"), "ไฟป่าลุกลามใกล้สถานศึกษา จ.เชียงใหม่ แม่ฮ่องสอน", "closed"),
    (
        "2024-03-22",
        "haze",
        2,
        ("TH-50", "TH-57", "TH-52", "TH-54"),
        "ค่าฝุ่น PM2.5 สูง ภาคเหนือ งดกิจกรรมกลางแจ้ง",
        "closed",
    ),
    ("2024-04-24", "drought", 1, ("TH-40", "TH-39", "TH-42"), "ภัยแล้ง จ.ขอนแก่น หนองบัวลำภู เลย", "closed"),
    ("2024-05-11", "storm", 2, ("TH-30", "TH-31"), "พายุฤดูร้อน อาคารเรียนเสียหาย จ.นครราชสีมา บุรีรัมย์", "closed"),
    (
        "2024-08-22",
        "flood",
        3,
        ("TH-55", "TH-54", "TH-56", "TH-57"),
        "อุทกภัย จ.น่าน แพร่ พะเยา เชียงราย",
        "closed",
    ),
    ("2024-08-23", "landslide", 2, ("TH-83",), "ดินโคลนถล่ม จ.ภูเก็ต", "closed"),
    (
        "2024-09-10",
        "flood",
        4,
        ("TH-57", "TH-56", "TH-50", "TH-55", "TH-65"),
        "อุทกภัยรุนแรงจากพายุ จ.เชียงราย (อ.แม่สาย) และภาคเหนือ",
        "closed",
    ),
    ("2024-10-04", "flood", 3, ("TH-50", "TH-51"), "น้ำท่วมเขตเมือง จ.เชียงใหม่ ลำพูน", "closed"),
    (
        "2024-11-26",
        "flood",
        4,
        ("TH-96", "TH-95", "TH-94", "TH-90", "TH-91", "TH-93"),
        "อุทกภัยรุนแรงภาคใต้ตอนล่าง",
        "closed",
    ),
    ("2024-12-19", "flood", 2, ("TH-80", "TH-84", "TH-86"), "น้ำท่วม จ.นครศรีธรรมราช สุราษฎร์ธานี ชุมพร", "closed"),
    (
        "2025-01-22",
        "haze",
        2,
        ("TH-10", "TH-11", "TH-12", "TH-13"),
        "ฝุ่น PM2.5 กรุงเทพฯ และปริมณฑล สถานศึกษาประกาศหยุดเรียน",
        "closed",
    ),
    (
        "2025-03-04",
        "haze",
        3,
        ("TH-50", "TH-57", "TH-58", "TH-52", "TH-55", "TH-56"),
        "ฝุ่น PM2.5 วิกฤติ ภาคเหนือตอนบน",
        "closed",
    ),
    ("2025-04-09", "drought", 1, ("TH-45", "TH-46", "TH-35"), "ภัยแล้ง จ.ร้อยเอ็ด กาฬสินธุ์ ยโสธร", "closed"),
    ("2025-05-28", "border_conflict", 2, ("TH-34",), "เหตุปะทะบริเวณชายแดน จ.อุบลราชธานี", "closed"),
    (
        "2025-07-24",
        "border_conflict",
        4,
        ("TH-32", "TH-33", "TH-34", "TH-31", "TH-27", "TH-23"),
        "สถานการณ์ปะทะชายแดนไทย-กัมพูชา สั่งปิดสถานศึกษาแนวชายแดน",
        "recovering",
    ),
    # the most recent: still open in the war room
    ("2025-08-18", "epidemic", 1, None, "ไข้หวัดใหญ่ระบาดในโรงเรียน ปิดเรียนชั่วคราว", "recovering"),
    ("2025-08-26", "flood", 3, ("TH-55", "TH-54", "TH-57"), "น้ำท่วม จ.น่าน แพร่ เชียงราย", "active"),
    (
        "2025-08-29",
        "storm",
        2,
        ("TH-48", "TH-47", "TH-38"),
        "พายุโซนร้อน อาคารเรียนเสียหาย จ.นครพนม สกลนคร บึงกาฬ",
        "recovering",
    ),
    ("2025-09-08", "border_conflict", 2, ("TH-27", "TH-23"), "ความตึงเครียดแนวชายแดน จ.สระแก้ว ตราด", "active"),
    ("2025-09-16", "flood", 2, ("TH-65", "TH-64", "TH-53"), "น้ำท่วม จ.พิษณุโลก สุโขทัย อุตรดิตถ์", "active"),
    ("2025-09-22", "flood", 2, ("TH-41", "TH-43", "TH-38"), "น้ำล้นตลิ่ง จ.อุดรธานี หนองคาย บึงกาฬ", "verified"),
    ("2025-09-25", "unrest", 1, ("TH-96",), "เหตุลอบวางระเบิดใกล้โรงเรียน จ.นราธิวาส", "reported"),
    ("2025-09-27", "bullying", 1, None, "นักเรียนถูกกลั่นแกล้งและเผยแพร่คลิปในสื่อออนไลน์", "reported"),
)

# Smaller, scattered events: (type, count, months allowed, severity choices, province pool or None = any)
_SCATTERED = (
    ("unrest", 6, (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), (1, 1, 2), _SOUTHERN_BORDER),
    ("violence", 4, (6, 7, 8, 9, 11, 12, 1, 2), (1, 1, 2), None),
    ("drugs", 3, (6, 7, 8, 11, 12, 1, 2), (1, 1, 2), None),
    ("bullying", 3, (6, 7, 8, 9, 11, 12, 1, 2), (1, 1), None),
    ("accident", 3, (6, 7, 8, 11, 12, 1, 2), (1, 2, 2), None),
    ("epidemic", 2, (6, 7, 8, 1, 2), (1, 1, 2), None),
    ("fire", 2, (1, 2, 3, 4), (1, 1, 2), None),
    ("storm", 1, (4, 5), (1, 2), None),
)
_SCATTERED_TITLES = {
    "unrest": ("เหตุคนร้ายลอบยิงใกล้สถานศึกษา", "เหตุลอบวางระเบิดบนเส้นทางรับส่งครู", "เหตุวางเพลิงอาคารในโรงเรียน"),
    "violence": ("นักเรียนทะเลาะวิวาทใช้อาวุธหน้าโรงเรียน", "ครูถูกร้องเรียนทำร้ายร่างกายนักเรียน"),
    "drugs": ("พบนักเรียนเกี่ยวข้องกับยาเสพติดในสถานศึกษา", "ตรวจพบบุหรี่ไฟฟ้าและยาเสพติดในโรงเรียน"),
    "bullying": ("นักเรียนถูกกลั่นแกล้งในโรงเรียน", "การกลั่นแกล้งทางไซเบอร์ระหว่างนักเรียน"),
    "accident": ("รถรับส่งนักเรียนประสบอุบัติเหตุ", "อาคารเรียนทรุดตัว", "เพดานห้องเรียนถล่ม"),
    "epidemic": ("โรคมือ เท้า ปากระบาดในศูนย์พัฒนาเด็กเล็กและชั้นอนุบาล", "ไข้หวัดใหญ่ระบาดในโรงเรียน"),
    "fire": ("ไฟไหม้อาคารเรียน", "ไฟป่าลุกลามใกล้โรงเรียน"),
    "storm": ("พายุฤดูร้อน หลังคาอาคารเรียนเสียหาย",),
}
# Scattered events that turn out to be false or duplicate reports.
_DISMISSED_SCATTERED = 3

_HELP_TH = {
    "flood": "ตั้งศูนย์ช่วยเหลือผู้ประสบภัยในสถานศึกษา แจกถุงยังชีพ อุปกรณ์การเรียน และจัดทีมช่างอาสาอาชีวะซ่อมแซมอาคารหลังน้ำลด",
    "storm": "สำรวจความเสียหาย ซ่อมแซมหลังคาอาคารเรียนด้วยงบประมาณฉุกเฉิน และทีมช่างอาสาอาชีวะ",
    "drought": "ประสานท้องถิ่นจัดรถบรรทุกน้ำ สนับสนุนถังเก็บน้ำ และปรับเวลาเรียน",
    "landslide": "ย้ายนักเรียนไปเรียนโรงเรียนใกล้เคียง จัดรถรับส่ง และตรวจสอบความปลอดภัยของอาคาร",
    "fire": "ประเมินความปลอดภัยของอาคาร จัดห้องเรียนชั่วคราว และสนับสนุนหน้ากากป้องกันฝุ่นควัน",
    "haze": "งดกิจกรรมกลางแจ้ง เปิดห้องปลอดฝุ่น แจกหน้ากาก N95 และให้เรียนออนไลน์ในวันที่ค่าฝุ่นเกินมาตรฐาน",
    "epidemic": "ปิดเรียนชั่วคราว ทำความสะอาดฆ่าเชื้อ ประสานสาธารณสุขคัดกรอง และจัดการเรียนการสอนทางไกล",
    "unrest": "เพิ่มมาตรการรักษาความปลอดภัยครู ปรับเส้นทางรับส่ง และจัดทีมเยียวยาจิตใจนักเรียน",
    "border_conflict": "ปิดสถานศึกษาแนวชายแดน เปิดศูนย์พักพิงในโรงเรียนพื้นที่ปลอดภัย จัดการเรียนรู้ทางไกล และส่งทีมนักจิตวิทยาดูแลนักเรียน",
    "accident": "ประสานโรงพยาบาล เยี่ยมผู้บาดเจ็บ ตรวจสภาพยานพาหนะและอาคาร และทบทวนมาตรการความปลอดภัย",
    "violence": "แยกคู่กรณี ประสานตำรวจและครอบครัว จัดนักจิตวิทยาดูแล และตั้งคณะกรรมการสอบข้อเท็จจริง",
    "drugs": "คัดกรองและบำบัดตามแนวทางสถานศึกษาสีขาว ประสานตำรวจและสาธารณสุข",
    "bullying": "พูดคุยไกล่เกลี่ย ดูแลสภาพจิตใจผู้ถูกกระทำ ประสานผู้ปกครอง และจัดกิจกรรมป้องกันการกลั่นแกล้ง",
}


def _learning_mode(rng: random.Random, ctype: str, severity: int, closed: int) -> str:
    if closed == 0:
        return "on-site"
    if ctype in ("flood", "storm", "landslide"):
        return rng.choice(("on-hand", "on-air", "online") if severity >= 3 else ("on-hand", "on-site", "on-air"))
    if ctype == "border_conflict":
        return rng.choice(("online", "on-hand", "on-air"))
    if ctype in ("haze", "epidemic"):
        return rng.choice(("online", "on-demand"))
    return rng.choice(("on-site", "on-hand"))


def _impacts(rng: random.Random, ctype: str, sev: int, n_prov: int) -> dict:
    """Counts for one event, scaled by type, severity and how many provinces it covers."""
    r = rng.uniform
    spread = 0.6 + 0.4 * n_prov
    if ctype == "flood":
        schools = int({1: r(5, 20), 2: r(25, 80), 3: r(90, 260), 4: r(300, 780)}[sev] * min(spread, 2.2) / 1.6)
        closed = int(schools * r(0.45, 0.9))
        students = int(schools * r(110, 180))
        return dict(
            schools=schools,
            closed=closed,
            students=students,
            staff=int(students * r(0.07, 0.085)),
            injuries=rng.choice((0, 0, 1, 2, 3)) * (sev - 1),
            deaths=rng.choice((0, 0, 0, 1)) if sev >= 3 else 0,
            damage=schools * r(180_000, 900_000),
            shelter=int(schools * r(0.04, 0.12)),
        )
    if ctype == "border_conflict":
        schools = int({1: r(3, 10), 2: r(30, 120), 3: r(200, 500), 4: r(960, 1150)}[sev])
        closed = int(schools * r(0.8, 0.95)) if sev < 4 else min(schools, 914 + rng.randint(-6, 6))
        students = int(schools * r(120, 200))
        return dict(
            schools=schools,
            closed=closed,
            students=students,
            staff=int(students * r(0.07, 0.09)),
            injuries=rng.randint(0, 3) * sev,
            deaths=rng.choice((0, 0, 1)) if sev >= 3 else 0,
            damage=schools * r(30_000, 250_000),
            shelter=int(schools * r(0.08, 0.18)),
        )
    if ctype == "haze":
        schools = int({1: r(40, 150), 2: r(200, 700), 3: r(900, 2200), 4: r(2500, 3500)}[sev] * min(spread, 2.5) / 2)
        closed = int(schools * r(0.02, 0.25))
        students = int(schools * r(150, 260))
        return dict(
            schools=schools,
            closed=closed,
            students=students,
            staff=int(students * r(0.06, 0.08)),
            injuries=0,
            deaths=0,
            damage=None,
            shelter=None,
        )
    if ctype == "drought":
        schools = int({1: r(30, 90), 2: r(100, 320), 3: r(350, 700), 4: r(700, 1000)}[sev])
        students = int(schools * r(90, 150))
        return dict(
            schools=schools,
            closed=0,
            students=students,
            staff=int(students * r(0.07, 0.09)),
            injuries=0,
            deaths=0,
            damage=schools * r(5_000, 30_000),
            shelter=None,
        )
    if ctype in ("storm", "landslide"):
        schools = int({1: r(2, 10), 2: r(12, 60), 3: r(60, 150), 4: r(150, 300)}[sev])
        closed = int(schools * r(0.2, 0.6))
        students = int(schools * r(100, 200))
        return dict(
            schools=schools,
            closed=closed,
            students=students,
            staff=int(students * r(0.07, 0.09)),
            injuries=rng.randint(0, 2 * sev),
            deaths=rng.choice((0, 0, 0, 1)) if sev >= 2 else 0,
            damage=schools * r(100_000, 600_000),
            shelter=0,
        )
    if ctype == "epidemic":
        schools = rng.randint(1, 4) * sev
        return dict(
            schools=schools,
            closed=schools,
            students=int(schools * r(150, 600)),
            staff=int(schools * r(8, 30)),
            injuries=0,
            deaths=0,
            damage=None,
            shelter=None,
        )
    if ctype == "unrest":
        schools = rng.randint(1, 3) * sev
        return dict(
            schools=schools,
            closed=rng.randint(0, schools),
            students=int(schools * r(80, 300)),
            staff=int(schools * r(6, 20)),
            injuries=rng.randint(0, 3),
            deaths=rng.choice((0, 0, 0, 1)),
            damage=r(20_000, 400_000),
            shelter=None,
        )
    if ctype == "fire":
        schools = rng.randint(1, 2) * sev
        return dict(
            schools=schools,
            closed=rng.randint(0, schools),
            students=int(schools * r(100, 500)),
            staff=int(schools * r(8, 30)),
            injuries=rng.randint(0, 2),
            deaths=0,
            damage=schools * r(300_000, 3_000_000),
            shelter=None,
        )
    if ctype == "accident":
        return dict(
            schools=1,
            closed=0,
            students=rng.randint(5, 45) * sev,
            staff=rng.randint(1, 4),
            injuries=rng.randint(2, 25) * sev,
            deaths=rng.choice((0, 0, 0, 1, 2)) if sev >= 2 else 0,
            damage=r(50_000, 800_000),
            shelter=None,
        )
    # violence, drugs, bullying: one school, a few pupils
    return dict(
        schools=1,
        closed=0,
        students=rng.randint(1, 12) * sev,
        staff=rng.randint(0, 2),
        injuries=rng.randint(0, 3) if ctype == "violence" else 0,
        deaths=0,
        damage=None,
        shelter=None,
    )


def _lifecycle(rng: random.Random, ctype: str, sev: int, final: str, start: dt.datetime) -> list[tuple]:
    """(from, to, at) transitions ending at `final`, all after `start` and before DEMO_AS_OF."""
    hours = dt.timedelta(hours=1)
    days = dt.timedelta(days=1)
    small = ctype in ("violence", "drugs", "bullying", "accident", "epidemic", "unrest", "fire")
    relapse = ctype == "flood" and sev >= 2 and rng.random() < 0.3  # the water came back
    if final == "dismissed_early":
        path = ["reported", "dismissed"]
    elif final == "dismissed":
        path = ["reported", "verified", "dismissed"]
    elif final in ("reported", "verified"):
        path = ["reported", "verified"][: 1 + (final == "verified")]
    else:
        path = ["reported", "verified", "active"]
        via_recovery = final in ("recovering", "active") or not small or rng.random() < 0.4
        if final != "closed" or via_recovery:
            if final != "active" or relapse:
                path.append("recovering")
            if relapse and final != "active":
                path += ["active", "recovering"]
            elif relapse:
                path.append("active")
        if final == "closed":
            path.append("closed")
    steps: list[tuple] = []
    at = start + rng.uniform(0.5, 10 if small else 6) * hours
    prev = None
    for status in path:
        if prev is not None:
            if status in ("verified", "dismissed") and prev == "reported":
                at += rng.uniform(1, 20) * hours
            elif status == "dismissed":
                at += rng.uniform(2, 48) * hours
            elif status == "active" and prev == "verified":
                at += rng.uniform(0.5, 6) * hours
            elif status == "recovering":
                at += (rng.uniform(2, 6) * sev if not small else rng.uniform(1, 4)) * days
            elif status == "active":
                at += rng.uniform(1, 4) * days
            elif status == "closed":
                at += (rng.uniform(7, 30) if prev == "recovering" else rng.uniform(1, 7)) * days
        steps.append((prev, status, at))
        prev = status
    limit = DEMO_AS_OF - dt.timedelta(hours=2)
    if steps[-1][2] > limit:  # squeeze the story between the first report and the demo's "now"
        first = steps[0][2]
        if first > limit - 6 * hours:
            first = limit - 6 * hours
        span = (steps[-1][2] - steps[0][2]).total_seconds() or 1.0
        room = (limit - first).total_seconds()
        steps = [
            (a, b, first + dt.timedelta(seconds=(t - steps[0][2]).total_seconds() * room / span)) for a, b, t in steps
        ]
    return [(a, b, t.replace(second=0, microsecond=0)) for a, b, t in steps]


def _crises(
    rng: random.Random, provs: list[_Province], region_of: dict[str, str], areas_of: dict[str, list[str]]
) -> dict[str, list[dict]]:
    by_code = {p.code: p for p in provs}
    all_codes = [p.code for p in provs]
    pops = [p.pop for p in provs]
    start_range = dt.date(2022, 10, 1)
    end_range = dt.date(2025, 7, 31)

    def pick_province(pool):
        if pool:
            present = [c for c in pool if c in by_code]
            return rng.choice(present) if present else None
        return rng.choices(all_codes, weights=pops)[0]

    planned = []  # (occurred_at, type, severity, provinces, title, final)
    for date, ctype, sev, pcodes, title, final in _SCHEDULED:
        y, m, d = (int(x) for x in date.split("-"))
        at = _utc(y, m, d, rng.randint(0, 23), rng.choice((0, 15, 30, 45)))
        if pcodes is None:
            chosen = pick_province(None)
            present = [chosen] if chosen else []
            title = f"{title} จ.{by_code[chosen].name_th}" if chosen else title
        else:
            present = [c for c in pcodes if c in by_code]
        if present:
            planned.append((at, ctype, sev, present, title, final))
    scattered = []
    for ctype, count, months, sevs, pool in _SCATTERED:
        for _ in range(count):
            for _attempt in range(200):
                day = start_range + dt.timedelta(days=rng.randint(0, (end_range - start_range).days))
                if day.month in months:
                    break
            code = pick_province(pool)
            if code is None:
                continue
            at = _utc(day.year, day.month, day.day, rng.randint(0, 12), rng.choice((0, 10, 20, 30, 40, 50)))
            what = rng.choice(_SCATTERED_TITLES[ctype])
            if "ไฟป่า" in what and by_code[code].macro not in ("north", "lower_north"):
                what = "ไฟไหม้อาคารเรียน"  # wildfires near schools are a northern hazard
            title = f"{what} จ.{by_code[code].name_th}"
            scattered.append((at, ctype, rng.choice(sevs), [code], title, "closed"))
    # a few scattered reports turn out to be false
    dismissable = [i for i, e in enumerate(scattered) if e[1] in ("violence", "drugs", "bullying")]
    for k, i in enumerate(dismissable[:_DISMISSED_SCATTERED]):
        at, ctype, sev, codes, title, _ = scattered[i]
        scattered[i] = (at, ctype, 1, codes, title, "dismissed_early" if k % 2 == 0 else "dismissed")
    events = sorted(planned + scattered, key=lambda e: (e[0], e[1], e[3][0]))

    out = {"crisis_event": [], "crisis_province": [], "crisis_service_area": [], "crisis_status_log": []}
    log_id = 0
    for eid, (occurred, ctype, sev, codes, title, final) in enumerate(events, start=1):
        first = by_code[codes[0]]
        reg = region_of.get(first.code, "")
        reg_no = str(int(reg[3:])) if reg[3:].isdigit() else reg
        imp = _impacts(rng, ctype, sev, len(codes))
        if final.startswith("dismissed"):
            imp = dict(schools=0, closed=0, students=0, staff=0, injuries=0, deaths=0, damage=None, shelter=None)
        reporter = (
            f"ศธจ.{first.name_th} (สาธิต)"
            if ctype not in ("violence", "bullying", "drugs")
            else "ศูนย์ความปลอดภัย กระทรวงศึกษาธิการ (สาธิต)"
        )
        steps = _lifecycle(rng, ctype, sev, final, occurred)
        status = steps[-1][1]
        names_th = " ".join(by_code[c].name_th for c in codes)
        description = f"{_TYPE_TH[ctype]} ระดับ {sev} กระทบสถานศึกษาในพื้นที่ {names_th} (ข้อมูลสาธิต ไม่ใช่เหตุการณ์จริง)"
        if final.startswith("dismissed"):
            description = f"ได้รับแจ้งเหตุ{_TYPE_TH[ctype]} ตรวจสอบแล้วไม่พบเหตุตามที่แจ้งหรือเป็นเรื่องซ้ำ (ข้อมูลสาธิต)"
        help_given = None if final.startswith("dismissed") else _HELP_TH[ctype]
        out["crisis_event"].append(
            {
                "id": eid,
                "type": ctype,
                "severity": sev,
                "title": title,
                "description": description,
                "status": status,
                "occurred_at": occurred,
                "reported_at": steps[0][2],
                "updated_at": steps[-1][2],
                "reporter": reporter,
                "schools_affected": imp["schools"],
                "schools_closed": imp["closed"],
                "students_affected": imp["students"],
                "staff_affected": imp["staff"],
                "injuries": imp["injuries"],
                "deaths": imp["deaths"],
                "damage_thb": round(imp["damage"], -3) if imp["damage"] else None,
                "shelter_schools": imp["shelter"],
                "learning_mode": None
                if final.startswith("dismissed")
                else _learning_mode(rng, ctype, sev, imp["closed"]),
                "help_given": help_given,
                "is_demo": True,
            }
        )
        areas: list[str] = []
        for code in codes:
            out["crisis_province"].append({"crisis_id": eid, "province_code": code})
            own = areas_of.get(code, [])
            if not own:
                continue
            if sev >= 3 or (ctype in ("haze", "border_conflict") and sev >= 2):
                chosen = own
            elif sev == 2:
                chosen = sorted(rng.sample(own, max(1, len(own) // 2)))
            else:
                chosen = [rng.choice(own)]
            areas.extend(a for a in chosen if a not in areas)
        for code in areas:
            out["crisis_service_area"].append({"crisis_id": eid, "service_area_code": code})
        for prev, status_to, at in steps:
            log_id += 1
            if status_to == "reported":
                who, note = reporter, "รับแจ้งเหตุ"
            elif status_to in ("verified", "dismissed"):
                who = f"ศธภ.{reg_no} (สาธิต)" if reg_no else "ศูนย์ปฏิบัติการ สป.ศธ. (สาธิต)"
                note = "ตรวจสอบข้อเท็จจริงกับพื้นที่แล้ว" if status_to == "verified" else "ไม่พบเหตุตามที่แจ้ง / เรื่องซ้ำ"
            elif status_to == "active":
                who = "ศูนย์ปฏิบัติการภาวะวิกฤติ สป.ศธ. (สาธิต)"
                note = "เปิดศูนย์ติดตามสถานการณ์" if prev == "verified" else "สถานการณ์กลับมารุนแรงอีกครั้ง"
            elif status_to == "recovering":
                who, note = f"ศธจ.{first.name_th} (สาธิต)", "สถานการณ์คลี่คลาย เริ่มฟื้นฟูสถานศึกษา"
            else:
                who, note = f"ศธจ.{first.name_th} (สาธิต)", "สถานศึกษาเปิดเรียนตามปกติ ปิดเหตุการณ์"
            out["crisis_status_log"].append(
                {
                    "id": log_id,
                    "crisis_id": eid,
                    "from_status": prev,
                    "to_status": status_to,
                    "changed_at": at,
                    "changed_by": who,
                    "note": note,
                }
            )
    return out


# --------------------------------------------------------------------------------------------------
# Results


def _closures_by_quarter(crisis_rows: dict[str, list[dict]], provs: list[_Province]) -> dict[tuple, int]:
    """Schools closed per (province, FY, quarter), split from each crisis by province size."""
    pop = {p.code: p.pop for p in provs}
    codes_of: dict[int, list[str]] = {}
    for row in crisis_rows["crisis_province"]:
        codes_of.setdefault(row["crisis_id"], []).append(row["province_code"])
    out: dict[tuple, int] = {}
    for ev in crisis_rows["crisis_event"]:
        if not ev["schools_closed"] or ev["status"] == "dismissed":
            continue
        day = ev["occurred_at"].date()
        fy = day.year + 543 + (1 if day.month >= 10 else 0)
        quarter = ((day.month - 10) % 12) // 3 + 1
        codes = codes_of[ev["id"]]
        shares = _apportion(ev["schools_closed"], [pop[c] for c in codes])
        for code, n in zip(codes, shares, strict=True):
            out[(code, fy, quarter)] = out.get((code, fy, quarter), 0) + n
    return out


def _count_targets(
    code: str, provs: list[_Province], catalogue: _Catalogue, weights: list[float]
) -> dict[tuple[str, int], float]:
    """A count's target per (province, FY): the catalogue's, or else the province's share of the nation's."""
    out = {}
    for fy in DEMO_FISCAL_YEARS_BE:
        national = catalogue.targets.get((code, "TH", fy)) or 0.0
        shares = _apportion(int(national), weights)
        for p, share in zip(provs, shares, strict=True):
            own = catalogue.targets.get((code, p.code, fy))
            out[(p.code, fy)] = own if own is not None else float(share)
    return out


def _results(
    rng: random.Random, catalogue: _Catalogue, provs: list[_Province], closures: dict[tuple, int]
) -> list[dict]:
    years = DEMO_FISCAL_YEARS_BE
    indicators = catalogue.indicators
    results: list[dict] = []

    # Whole (indicator, province, FY) blocks that were never reported, so "no data" shows.
    gaps_whole = set()
    frequent = [i for i in indicators if i["frequency"] in ("monthly", "quarterly") and i["aggregation"] == "ratio"]
    for _ in range(2):
        indicator = rng.choice(frequent)
        p = rng.choice(provs)
        gaps_whole.add((indicator["code"], p.code, rng.choice(years[:2] if len(gaps_whole) == 0 else years[1:])))

    for indicator in indicators:
        code = indicator["code"]
        freq = indicator["frequency"]
        is_count = indicator["aggregation"] == "sum"
        s = SHAPES[code]
        nper = PERIODS_PER_YEAR[freq]
        if is_count:
            prov_targets = _count_targets(code, provs, catalogue, _province_weights(provs, s.den[0]))
        sd, rho = s.sd, s.rho
        idio = math.sqrt(max(0.0, 1 - rho * rho))
        den_kind, den_rate, den_growth = s.den
        season = s.season or (0.0,) * nper
        extra = s.extra or {}
        for p in provs:
            level = sd * (rho * p.quality + idio * rng.gauss(0, 1)) + s.urban * p.urban + extra.get(p.code, 0.0)
            slope = rng.gauss(0, s.drift * sd)
            den_noise = rng.uniform(0.9, 1.1)
            perf = 1.0 + level  # for counts: performance against the province's target
            for k, fy in enumerate(years):
                whole_gap = (code, p.code, fy) in gaps_whole
                for period in range(1, nper + 1):
                    end = period_end(fy, freq, period, indicator.get("calendar"))
                    missing = whole_gap or rng.random() < 0.02
                    if missing:
                        continue
                    updated = dt.datetime.combine(end + dt.timedelta(days=14), dt.time(2, 30), tzinfo=UTC)
                    row = {
                        "indicator_code": code,
                        "province_code": p.code,
                        "fiscal_year_be": fy,
                        "period_no": period,
                        "period_end": end,
                        "numerator": None,
                        "denominator": None,
                        "value": None,
                        "source": "demo",
                        "updated_at": min(updated, DEMO_AS_OF),
                        "written_by": None,  # the demo's own figures: written by no one
                        "batch_id": None,
                        "approval": None,  # reported; with no approval steps (the default) it counts as final
                        "approval_at": None,
                        "approval_by": None,
                    }
                    if is_count:
                        if s.closures:
                            value = float(closures.get((p.code, fy, period), 0))
                        else:
                            share = season[period - 1] if s.season else 1.0 / nper
                            expected = prov_targets[(p.code, fy)] * share
                            factor = perf + slope * k + rng.gauss(0, s.noise)
                            value = float(max(0, round(expected * factor + rng.gauss(0, 0.6))))
                        row["value"] = value
                    else:
                        v = s.base + s.trend * k + level + slope * k + season[period - 1] + rng.gauss(0, s.noise)
                        v = min(s.hi, max(s.lo, v))
                        den = _denominator(p, den_kind, den_rate, den_growth, k, den_noise, rng)
                        if indicator["multiplier"] == 100:  # a percentage, or a gross rate per hundred
                            num = float(min(round(v / 100.0 * den), den) if s.hi <= 100 else round(v / 100 * den))
                        elif den_kind == "teachers":  # value is pupils per teacher: the pupils are the numerator
                            pupils = den
                            den = float(max(1, round(pupils / v)))
                            num = pupils
                        else:
                            num = round(v * den, 2)
                        row["numerator"] = num
                        row["denominator"] = den
                        row["value"] = num / den * indicator["multiplier"]
                    results.append(row)
    return results


# Schools' own results: drawn from a generator of their own, so the provinces' figures stay those of the seed.
SCHOOL_SEED = 1_000_003
# A demo school that has reported nothing, so that the pages show a school without data as missing.
SILENT_SCHOOLS = ("DEMO-52-06",)


def school_results_of(
    rng: random.Random, indicators: list[dict], results: list[dict], schools: list[dict]
) -> list[dict]:
    """Each rate's province row in a province with demo schools, split among its schools EXACTLY: denominators
    and the whole part of numerators by largest remainder (integers), a numerator's fraction (a sum of scores
    kept to 2 decimals) to one school, so that every partial sum is exact in floating point and the province's
    ratio of sums, and with it every region's and the nation's, is the one the demo had without schools. A
    percentage's school keeps its numerator within its denominator. A school whose share rounds to nothing has
    no row for that period (missing, not 0)."""
    indicators = sorted(indicators, key=lambda row: row["code"])
    schools = sorted(schools, key=lambda row: row["code"])
    members: dict[str, list[dict]] = {}
    for school in schools:
        if school["code"] not in SILENT_SCHOOLS:
            members.setdefault(school["province_code"], []).append(school)
    size = {school["code"]: rng.uniform(0.4, 1.6) for school in schools}
    skill = {(i["code"], school["code"]): max(0.3, rng.gauss(1.0, 0.12)) for i in indicators for school in schools}
    multiplier = {i["code"]: i["multiplier"] for i in indicators if i["aggregation"] == "ratio"}
    out = []
    for row in results:
        own = members.get(row["province_code"])
        if not own or row["indicator_code"] not in multiplier or not float(row["denominator"]).is_integer():
            continue
        codes = [school["code"] for school in own]
        dens = _apportion(int(row["denominator"]), [size[c] for c in codes])
        whole = math.floor(row["numerator"])
        nums = _apportion(whole, [d * skill[(row["indicator_code"], c)] for d, c in zip(dens, codes, strict=True)])
        if row["numerator"] <= row["denominator"]:
            nums = _within(nums, dens)
        fraction = row["numerator"] - whole
        if fraction:
            room = [d - n for d, n in zip(dens, nums, strict=True)]
            nums = [float(n) for n in nums]
            nums[room.index(max(room))] += fraction
        for code, num, den in zip(codes, nums, dens, strict=True):
            if den > 0:
                out.append(
                    {key: row[key] for key in ("indicator_code", "fiscal_year_be", "period_no", "period_end")}
                    | {
                        "school_code": code,
                        "numerator": float(num),
                        "denominator": float(den),
                        "value": num / den * multiplier[row["indicator_code"]],
                    }
                    | {key: row[key] for key in ("source", "updated_at", "written_by", "batch_id")}
                )
    return out


def _within(nums: list[int], dens: list[int]) -> list[int]:
    """Numerators moved so that none passes its denominator, the total kept (it is within the denominators')."""
    kept = [min(n, d) for n, d in zip(nums, dens, strict=True)]
    excess = sum(nums) - sum(kept)
    for i in sorted(range(len(kept)), key=lambda i: (-(dens[i] - kept[i]), i)):
        moved = min(excess, dens[i] - kept[i])
        kept[i] += moved
        excess -= moved
    return kept


def _denominator(
    p: _Province, kind: str, rate: float, growth: float, k: int, noise: float, rng: random.Random
) -> float:
    if kind == "schools":
        base = p.pop * p.school_factor * rate
    elif kind == "teachers":
        base = p.pop * rate * (0.7 + 0.3 * p.school_factor)  # pupils; the teachers follow from the ratio
    elif kind == "cases":
        base = p.pop * rate * (1.0 + 0.3 * p.urban)
    else:  # pupils, children
        base = p.pop * rate
    value = base * noise * (1.0 + growth) ** k * rng.uniform(0.985, 1.015)
    return float(max(3, round(value)))


# --------------------------------------------------------------------------------------------------


def build_demo(provinces: list[dict], catalogue_tables: Mapping[str, list[dict]], seed: int) -> dict[str, list[dict]]:
    """The demo's results and crises as rows per table (keys are exactly the schema's columns), parents before
    children, drawn on a checked catalogue's tables (CheckedCatalogue.tables): the demo catalogue's."""
    catalogue = _read_catalogue(catalogue_tables)
    rng = random.Random(seed)
    provs = [_Province(row) for row in sorted(provinces, key=lambda r: r["code"])]

    # common learning-quality factor: macro-region + known gaps + noise, standardised over provinces
    raw = [
        _MACRO_QUALITY[p.macro] + _QUALITY_EXTRA.get(p.code, 0.0) + 0.3 * p.urban + rng.gauss(0, 0.45) for p in provs
    ]
    mean = sum(raw) / len(raw)
    sd = math.sqrt(sum((x - mean) ** 2 for x in raw) / len(raw)) or 1.0
    for p, x in zip(provs, raw, strict=True):
        p.quality = max(-2.2, min(2.0, (x - mean) / sd))

    crises = _crises(random.Random(rng.random()), provs, catalogue.region_of, catalogue.service_areas_of)
    closures = _closures_by_quarter(crises, provs)
    results = _results(random.Random(rng.random()), catalogue, provs, closures)

    schools = sorted(catalogue_tables.get("school", []), key=lambda row: row["code"])
    school_results = school_results_of(random.Random(seed + SCHOOL_SEED), catalogue.indicators, results, schools)

    return {
        "indicator_result": results,
        "school_result": school_results,
        "crisis_event": crises["crisis_event"],
        "crisis_province": crises["crisis_province"],
        "crisis_service_area": crises["crisis_service_area"],
        "crisis_status_log": crises["crisis_status_log"],
    }

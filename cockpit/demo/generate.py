"""A deterministic, realistic demo dataset: the XYZ chain, joint indicators with targets and province
results for fiscal years 2566-2568, educational service areas, and crisis reports with their status logs.

Everything here is invented for demonstration (marked `is_demo`, `source="demo"`, reporters "(สาธิต)"),
shaped on the public figures in the domain brief: national levels of the real indicators, the seasons and
places of real disasters, and the scale of their impact. `build_demo` is pure: the same arguments give the
same rows (one `random.Random(seed)`, no clock, no iteration over sets).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence

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

# Secondary service areas (สพม.) that cover two neighbouring provinces; every other province has its own.
_SECONDARY_PAIRS = (
    ("TH-15", "TH-17"),
    ("TH-18", "TH-61"),
    ("TH-25", "TH-26"),
    ("TH-22", "TH-23"),
    ("TH-74", "TH-75"),
    ("TH-86", "TH-85"),
    ("TH-83", "TH-82"),
    ("TH-92", "TH-91"),
    ("TH-95", "TH-94"),
    ("TH-52", "TH-51"),
    ("TH-54", "TH-55"),
    ("TH-49", "TH-37"),
    ("TH-43", "TH-38"),
    ("TH-42", "TH-39"),
    ("TH-62", "TH-66"),
    ("TH-53", "TH-64"),
)
_PRIMARY_TOTAL = 183
_SECONDARY_BANGKOK = 2

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
# The XYZ chain

_CHAIN = (
    # code, level, parent, name_th, name_en, stage, host
    (
        "Z3",
        "Z",
        None,
        "ยุทธศาสตร์ชาติด้านการพัฒนาและเสริมสร้างศักยภาพทรัพยากรมนุษย์",
        "National Strategy 3: Human resource development and empowerment",
        None,
        None,
    ),
    (
        "110001",
        "Y2",
        "Z3",
        "คนไทยเป็นคนดี คนเก่ง มีคุณภาพ พร้อมสำหรับวิถีชีวิตในศตวรรษที่ 21 เพิ่มขึ้น",
        "Master plan 11 goal: more Thais who are good, capable and ready for 21st-century life",
        None,
        None,
    ),
    (
        "110201",
        "Y1",
        "110001",
        "เด็กเกิดอย่างมีคุณภาพ มีพัฒนาการสมวัย สามารถเข้าถึงบริการที่มีคุณภาพมากขึ้น",
        "Sub-plan 11.2 goal: children born healthy, developing on track, with better access to quality early "
        "childhood services",
        None,
        None,
    ),
    (
        "110301",
        "Y1",
        "110001",
        "วัยเรียน วัยรุ่น มีความรู้และทักษะในศตวรรษที่ 21 รู้จักคิดวิเคราะห์ รักการเรียนรู้ และอยู่ในระบบการศึกษาอย่างปลอดภัยเพิ่มขึ้น",
        "Sub-plan 11.3 goal: school-age children and youth with 21st-century skills who stay in school, safely",
        None,
        None,
    ),
    (
        "120001",
        "Y2",
        "Z3",
        "คนไทยมีการศึกษาที่มีคุณภาพตามมาตรฐานสากลเพิ่มขึ้น มีทักษะที่จำเป็นของโลกศตวรรษที่ 21 "
        "สามารถในการแก้ปัญหา ปรับตัว สื่อสาร และทำงานร่วมกับผู้อื่นได้อย่างมีประสิทธิผลเพิ่มขึ้น "
        "มีนิสัยใฝ่เรียนรู้อย่างต่อเนื่องตลอดชีวิต",
        "Master plan 12 goal: more Thais with quality education to international standards, 21st-century "
        "skills and a lifelong habit of learning",
        None,
        None,
    ),
    (
        "120101",
        "Y1",
        "120001",
        "การปฏิรูปกระบวนการเรียนรู้ที่ตอบสนองต่อการเปลี่ยนแปลงในศตวรรษที่ 21",
        "Sub-plan 12.1: reform of the learning process in response to 21st-century change",
        None,
        None,
    ),
    (
        "120002",
        "Y2",
        "Z3",
        "คนไทยได้รับการพัฒนาเต็มตามศักยภาพตามความถนัด และมีความเป็นเลิศเฉพาะด้านเพิ่มขึ้น",
        "Master plan 12 goal: more Thais developed to their full potential and excelling in their own field",
        None,
        None,
    ),
    (
        "120201",
        "Y1",
        "120002",
        "การตระหนักถึงพหุปัญญาของมนุษย์ที่หลากหลาย",
        "Sub-plan 12.2: recognising the diversity of multiple intelligences",
        None,
        None,
    ),
    # X: value-chain factors
    (
        "X120101-01",
        "X",
        "120101",
        "หลักสูตรฐานสมรรถนะและกระบวนการเรียนรู้เชิงรุก",
        "Competency-based curriculum and active learning",
        "upstream",
        "OBEC",
    ),
    (
        "X120101-02",
        "X",
        "120101",
        "ครูและบุคลากรทางการศึกษามีคุณภาพและเพียงพอ",
        "Enough qualified teachers and education personnel",
        "upstream",
        "OPS",
    ),
    (
        "X120101-03",
        "X",
        "120101",
        "การอ่านออกเขียนได้และคุณภาพการเรียนรู้ช่วงชั้นต้น",
        "Early-grade literacy and learning quality",
        "midstream",
        "OBEC",
    ),
    (
        "X120101-04",
        "X",
        "120101",
        "เทคโนโลยีดิจิทัลเพื่อการเรียนรู้",
        "Digital technology for learning",
        "midstream",
        "OPS",
    ),
    (
        "X120101-05",
        "X",
        "120101",
        "ผลสัมฤทธิ์ทางการเรียนระดับชาติ",
        "National learning achievement",
        "downstream",
        "OBEC",
    ),
    (
        "X120201-01",
        "X",
        "120201",
        "การแนะแนวและการศึกษาต่อตามความถนัด",
        "Guidance and transition by aptitude",
        "upstream",
        "OBEC",
    ),
    (
        "X120201-02",
        "X",
        "120201",
        "การขยายโอกาสอาชีวศึกษาและระบบทวิภาคี",
        "Expanding vocational and dual education",
        "midstream",
        "OVEC",
    ),
    (
        "X120201-03",
        "X",
        "120201",
        "การเรียนรู้ตลอดชีวิตและการศึกษานอกระบบ",
        "Lifelong and non-formal learning",
        "downstream",
        "DOLE",
    ),
    (
        "X110201-01",
        "X",
        "110201",
        "การเข้าถึงการศึกษาปฐมวัย",
        "Access to early childhood education",
        "upstream",
        "OBEC",
    ),
    (
        "X110201-02",
        "X",
        "110201",
        "มาตรฐานสถานพัฒนาเด็กปฐมวัย",
        "Standards of early childhood development centres",
        "midstream",
        "OEC",
    ),
    (
        "X110301-01",
        "X",
        "110301",
        "ความเสมอภาคและการป้องกันเด็กหลุดออกนอกระบบการศึกษา",
        "Equity and keeping children in school",
        "upstream",
        "OPS",
    ),
    ("X110301-02", "X", "110301", "สถานศึกษาปลอดภัย", "Safe schools", "midstream", "OPS"),
    (
        "X110301-03",
        "X",
        "110301",
        "การบริหารจัดการโรงเรียนขนาดเล็กและโรงเรียนคุณภาพ",
        "Small-school management and quality schools",
        "midstream",
        "OBEC",
    ),
    (
        "X110301-04",
        "X",
        "110301",
        "สุขภาวะและโภชนาการของนักเรียน",
        "Pupils' health and nutrition",
        "downstream",
        "OBEC",
    ),
)


def _chain_rows(agency_codes: Sequence[str]) -> list[dict]:
    rows = []
    for order, (code, level, parent, name_th, name_en, stage, host) in enumerate(_CHAIN, start=1):
        rows.append(
            {
                "code": code,
                "level": level,
                "parent_code": parent,
                "name_th": name_th,
                "name_en": name_en,
                "value_chain_stage": stage,
                "host_agency_code": _agency(host, agency_codes) if host else None,
                "sort_order": order * 10,
            }
        )
    return rows


def _agency(code: str, agency_codes: Sequence[str]) -> str:
    return code if code in agency_codes else agency_codes[0]


# --------------------------------------------------------------------------------------------------
# Indicators

_PERCENT = ("percent", "ร้อยละ", "%")
# A gross rate (any age, out of the population of one age) is shown per hundred but is no share: it may pass
# 100 %, so its unit is a ratio and the built-in "at most 100 %" rule of a percentage does not apply.
_GROSS_RATE = ("ratio", "ร้อยละ", "%")
_SCORE = ("score", "คะแนน", "points")
_PERSONS = ("count", "คน", "persons")
_SCHOOLS = ("count", "แห่ง", "schools")
_PTR = ("ratio", "คน:ครู", "pupils per teacher")

# Denominator kinds: per-1000-population rate, extra weight by province, growth per year.
#   pupils: weighted by population; schools: rural provinces have more schools per person.


def _ind(
    code,
    chain,
    name_th,
    name_en,
    q_th,
    q_en,
    def_th,
    def_en,
    num_th,
    den_th,
    unit,
    direction,
    frequency,
    decimals,
    source,
    *,
    key=False,
    agg="ratio",
    mult=100.0,
    stage=None,
    host=None,
    base,
    trend,
    sd,
    rho,
    noise=0.0,
    season=None,
    lo=0.0,
    hi=100.0,
    den=("pupils", 10.0, 0.0),
    targets,
    gaps,
    urban=0.0,
    extra=None,
    drift=0.25,
    nat=None,
):
    """One indicator: its catalogue row and the parameters the demo generates its results from.

    base: unweighted mean over provinces in FY 2566; trend: change per year; sd: spread between provinces;
    rho: loading on the common learning-quality factor (negative: better provinces have lower values);
    noise: period-to-period noise; season: additive effect per period; targets: per FY (pairs for range);
    gaps: (yellow_gap, orange_gap) in the indicator's unit; nat: national totals of a sum indicator per FY.
    """
    return dict(
        code=code,
        chain=chain,
        name_th=name_th,
        name_en=name_en,
        question_th=q_th,
        question_en=q_en,
        definition_th=def_th,
        definition_en=def_en,
        numerator_th=num_th,
        denominator_th=den_th,
        unit=unit[0],
        unit_label_th=unit[1],
        unit_label_en=unit[2],
        aggregation=agg,
        multiplier=mult,
        decimals=decimals,
        direction=direction,
        frequency=frequency,
        source_system=source,
        is_key=key,
        stage=stage,
        host=host,
        base=base,
        trend=trend,
        sd=sd,
        rho=rho,
        noise=noise,
        season=season,
        lo=lo,
        hi=hi,
        den=den,
        targets=targets,
        gaps=gaps,
        urban=urban,
        extra=extra or {},
        drift=drift,
        nat=nat,
    )


def _indicator_specs() -> list[dict]:
    north_haze = {c: 9.0 for c in ("TH-50", "TH-51", "TH-52", "TH-54", "TH-55", "TH-56", "TH-57", "TH-58")}
    return [
        _ind(
            "JI01",
            "X120101-03",
            "คะแนนเฉลี่ยการประเมินความสามารถด้านการอ่าน (RT) ชั้น ป.1",
            "Grade 1 reading test (RT) mean score",
            "นักเรียน ป.1 อ่านได้ตามเป้าหมายหรือไม่",
            "Are grade 1 pupils reading on target?",
            "คะแนนเฉลี่ยร้อยละของนักเรียนชั้นประถมศึกษาปีที่ 1 ที่เข้ารับการประเมินความสามารถด้านการอ่าน "
            "(RT) "
            "ทั้งการอ่านออกเสียงและการอ่านรู้เรื่อง",
            "Mean percentage score of grade 1 pupils in the Reading Test (RT), reading aloud and comprehension.",
            "ผลรวมคะแนน RT ของนักเรียนชั้น ป.1",
            "จำนวนนักเรียนชั้น ป.1 ที่เข้าสอบ RT",
            _SCORE,
            "higher",
            "yearly",
            2,
            "สำนักทดสอบทางการศึกษา สพฐ. (RT)",
            key=True,
            mult=1.0,
            base=70.6,
            trend=0.9,
            sd=5.0,
            rho=0.8,
            lo=35,
            hi=95,
            den=("pupils", 7.2, -0.03),
            targets=(72.0, 73.0, 74.0),
            gaps=(3.0, 6.0),
        ),
        _ind(
            "JI02",
            "X120101-03",
            "ร้อยละของนักเรียนชั้น ป.1 ที่อ่านออก",
            "Grade 1 pupils who can read",
            "นักเรียน ป.1 อ่านออกตามเป้าหมายหรือไม่",
            "Are grade 1 pupils reading on target?",
            "นักเรียนชั้น ป.1 ที่ผ่านเกณฑ์การประเมินการอ่านออก เทียบกับนักเรียนชั้น ป.1 ที่ได้รับการประเมินในภาคเรียน",
            "Grade 1 pupils who pass the reading benchmark, out of the grade 1 pupils assessed in the term.",
            "จำนวนนักเรียนชั้น ป.1 ที่อ่านออก",
            "จำนวนนักเรียนชั้น ป.1 ที่ได้รับการประเมิน",
            _PERCENT,
            "higher",
            "term",
            2,
            "DMC สพฐ.",
            key=True,
            base=94.4,
            trend=0.4,
            sd=2.4,
            rho=0.8,
            noise=0.5,
            season=(0.8, -0.8),
            lo=70,
            hi=99.2,
            den=("pupils", 7.2, -0.03),
            targets=(95.0, 95.5, 96.0),
            gaps=(1.5, 3.0),
        ),
        _ind(
            "JI03",
            "X120101-03",
            "ร้อยละของนักเรียนชั้น ป.1 ที่เขียนได้",
            "Grade 1 pupils who can write",
            "นักเรียน ป.1 เขียนได้ตามเป้าหมายหรือไม่",
            "Are grade 1 pupils writing on target?",
            "นักเรียนชั้น ป.1 ที่ผ่านเกณฑ์การประเมินการเขียน เทียบกับนักเรียนชั้น ป.1 ที่ได้รับการประเมินในภาคเรียน",
            "Grade 1 pupils who pass the writing benchmark, out of the grade 1 pupils assessed in the term.",
            "จำนวนนักเรียนชั้น ป.1 ที่เขียนได้",
            "จำนวนนักเรียนชั้น ป.1 ที่ได้รับการประเมิน",
            _PERCENT,
            "higher",
            "term",
            2,
            "DMC สพฐ.",
            base=92.0,
            trend=0.5,
            sd=3.0,
            rho=0.8,
            noise=0.6,
            season=(1.0, -1.0),
            lo=65,
            hi=99.5,
            den=("pupils", 7.2, -0.03),
            targets=(93.0, 93.5, 94.0),
            gaps=(2.0, 4.0),
        ),
        _ind(
            "JI04",
            "X120101-05",
            "คะแนนเฉลี่ยการประเมินคุณภาพผู้เรียน (NT) ชั้น ป.3",
            "Grade 3 National Test (NT) mean score",
            "นักเรียน ป.3 มีความสามารถพื้นฐานตามเป้าหมายหรือไม่",
            "Are grade 3 pupils' basic skills on target?",
            "คะแนนเฉลี่ยร้อยละของนักเรียนชั้น ป.3 ในการประเมินคุณภาพผู้เรียน (NT) ด้านคณิตศาสตร์และภาษาไทย",
            "Mean percentage score of grade 3 pupils in the National Test (NT), mathematics and Thai.",
            "ผลรวมคะแนน NT ของนักเรียนชั้น ป.3",
            "จำนวนนักเรียนชั้น ป.3 ที่เข้าสอบ NT",
            _SCORE,
            "higher",
            "yearly",
            2,
            "สำนักทดสอบทางการศึกษา สพฐ. (NT)",
            mult=1.0,
            base=46.2,
            trend=0.7,
            sd=4.5,
            rho=0.85,
            lo=25,
            hi=80,
            den=("pupils", 7.4, -0.025),
            targets=(47.0, 48.0, 48.5),
            gaps=(2.5, 5.0),
        ),
        _ind(
            "JI05",
            "X120101-05",
            "คะแนนเฉลี่ย O-NET ชั้น ป.6 วิชาภาษาไทย",
            "O-NET grade 6 Thai mean score",
            "ผลสัมฤทธิ์ภาษาไทย ป.6 ถึงเป้าหมายหรือไม่",
            "Is grade 6 Thai achievement on target?",
            "คะแนนเฉลี่ยผลการทดสอบทางการศึกษาระดับชาติขั้นพื้นฐาน (O-NET) ชั้น ป.6 วิชาภาษาไทย",
            "Mean Ordinary National Educational Test (O-NET) score, grade 6, Thai language.",
            "ผลรวมคะแนน O-NET ภาษาไทย ป.6",
            "จำนวนผู้เข้าสอบ O-NET ป.6",
            _SCORE,
            "higher",
            "yearly",
            2,
            "NIETS O-NET",
            key=True,
            mult=1.0,
            base=53.0,
            trend=0.8,
            sd=4.0,
            rho=0.85,
            lo=30,
            hi=80,
            den=("pupils", 7.8, -0.02),
            targets=(54.0, 55.0, 55.5),
            gaps=(2.0, 4.5),
        ),
        _ind(
            "JI06",
            "X120101-05",
            "คะแนนเฉลี่ย O-NET ชั้น ป.6 วิชาภาษาอังกฤษ",
            "O-NET grade 6 English mean score",
            "ผลสัมฤทธิ์ภาษาอังกฤษ ป.6 ถึงเป้าหมายหรือไม่",
            "Is grade 6 English achievement on target?",
            "คะแนนเฉลี่ย O-NET ชั้น ป.6 วิชาภาษาอังกฤษ",
            "Mean O-NET score, grade 6, English.",
            "ผลรวมคะแนน O-NET ภาษาอังกฤษ ป.6",
            "จำนวนผู้เข้าสอบ O-NET ป.6",
            _SCORE,
            "higher",
            "yearly",
            2,
            "NIETS O-NET",
            mult=1.0,
            base=37.5,
            trend=-0.3,
            sd=5.0,
            rho=0.75,
            lo=20,
            hi=80,
            den=("pupils", 7.8, -0.02),
            urban=3.0,
            targets=(39.0, 39.0, 39.0),
            gaps=(3.0, 6.0),
            extra={"TH-83": 6.0},
        ),
        _ind(
            "JI07",
            "X120101-05",
            "คะแนนเฉลี่ย O-NET ชั้น ป.6 วิชาคณิตศาสตร์",
            "O-NET grade 6 mathematics mean score",
            "ผลสัมฤทธิ์คณิตศาสตร์ ป.6 ถึงเป้าหมายหรือไม่",
            "Is grade 6 mathematics achievement on target?",
            "คะแนนเฉลี่ย O-NET ชั้น ป.6 วิชาคณิตศาสตร์",
            "Mean O-NET score, grade 6, mathematics.",
            "ผลรวมคะแนน O-NET คณิตศาสตร์ ป.6",
            "จำนวนผู้เข้าสอบ O-NET ป.6",
            _SCORE,
            "higher",
            "yearly",
            2,
            "NIETS O-NET",
            mult=1.0,
            base=33.0,
            trend=0.5,
            sd=3.5,
            rho=0.85,
            lo=18,
            hi=70,
            den=("pupils", 7.8, -0.02),
            urban=1.0,
            targets=(34.0, 34.5, 35.0),
            gaps=(2.0, 4.0),
        ),
        _ind(
            "JI08",
            "X120101-05",
            "คะแนนเฉลี่ย O-NET ชั้น ป.6 วิชาวิทยาศาสตร์",
            "O-NET grade 6 science mean score",
            "ผลสัมฤทธิ์วิทยาศาสตร์ ป.6 ถึงเป้าหมายหรือไม่",
            "Is grade 6 science achievement on target?",
            "คะแนนเฉลี่ย O-NET ชั้น ป.6 วิชาวิทยาศาสตร์",
            "Mean O-NET score, grade 6, science.",
            "ผลรวมคะแนน O-NET วิทยาศาสตร์ ป.6",
            "จำนวนผู้เข้าสอบ O-NET ป.6",
            _SCORE,
            "higher",
            "yearly",
            2,
            "NIETS O-NET",
            mult=1.0,
            base=36.0,
            trend=0.4,
            sd=3.0,
            rho=0.85,
            lo=20,
            hi=70,
            den=("pupils", 7.8, -0.02),
            targets=(37.0, 37.5, 38.0),
            gaps=(1.5, 3.5),
        ),
        _ind(
            "JI09",
            "X120101-05",
            "คะแนนเฉลี่ย O-NET ชั้น ม.3 (4 วิชาหลัก)",
            "O-NET grade 9 mean score (4 core subjects)",
            "ผลสัมฤทธิ์ ม.3 ถึงเป้าหมายหรือไม่",
            "Is grade 9 achievement on target?",
            "คะแนนเฉลี่ย O-NET ชั้น ม.3 ของวิชาภาษาไทย คณิตศาสตร์ วิทยาศาสตร์ และภาษาอังกฤษ",
            "Mean O-NET score, grade 9, over Thai, mathematics, science and English.",
            "ผลรวมคะแนนเฉลี่ย 4 วิชาของผู้เข้าสอบ O-NET ม.3",
            "จำนวนผู้เข้าสอบ O-NET ม.3",
            _SCORE,
            "higher",
            "yearly",
            2,
            "NIETS O-NET",
            mult=1.0,
            base=34.5,
            trend=0.3,
            sd=3.0,
            rho=0.85,
            lo=20,
            hi=70,
            den=("pupils", 7.0, -0.015),
            urban=1.0,
            targets=(35.5, 36.0, 36.5),
            gaps=(2.0, 4.0),
        ),
        _ind(
            "JI10",
            "120101",
            "คะแนนเฉลี่ย O-NET ชั้น ม.6 (5 วิชาหลัก)",
            "O-NET grade 12 mean score (5 core subjects)",
            "ผลสัมฤทธิ์ ม.6 ถึงเป้าหมายหรือไม่",
            "Is grade 12 achievement on target?",
            "คะแนนเฉลี่ย O-NET ชั้น ม.6 ของวิชาภาษาไทย สังคมศึกษา ภาษาอังกฤษ คณิตศาสตร์ และวิทยาศาสตร์",
            "Mean O-NET score, grade 12, over Thai, social studies, English, mathematics and science.",
            "ผลรวมคะแนนเฉลี่ย 5 วิชาของผู้เข้าสอบ O-NET ม.6",
            "จำนวนผู้เข้าสอบ O-NET ม.6",
            _SCORE,
            "higher",
            "yearly",
            2,
            "NIETS O-NET",
            mult=1.0,
            stage="downstream",
            host="OBEC",
            base=33.0,
            trend=-0.2,
            sd=3.0,
            rho=0.85,
            lo=18,
            hi=70,
            den=("pupils", 4.2, -0.01),
            urban=1.2,
            targets=(34.0, 34.0, 34.0),
            gaps=(2.0, 4.0),
        ),
        _ind(
            "JI11",
            "X120101-02",
            "ร้อยละของสถานศึกษาที่มีครูไม่ครบตามเกณฑ์",
            "Schools short of teachers",
            "โรงเรียนขาดครูมากน้อยเพียงใด",
            "How many schools are short of teachers?",
            "สถานศึกษาสังกัด สพฐ. ที่มีข้าราชการครูน้อยกว่าเกณฑ์อัตรากำลังที่ ก.ค.ศ. กำหนด เทียบกับสถานศึกษาทั้งหมด",
            "OBEC schools with fewer civil-service teachers than the staffing norm, out of all OBEC schools.",
            "จำนวนสถานศึกษาที่มีครูต่ำกว่าเกณฑ์",
            "จำนวนสถานศึกษาทั้งหมด",
            _PERCENT,
            "lower",
            "yearly",
            1,
            "DMC สพฐ. / ระบบอัตรากำลัง",
            key=True,
            base=31.0,
            trend=-1.2,
            sd=7.0,
            rho=-0.6,
            lo=3,
            hi=80,
            den=("schools", 0.45, -0.01),
            urban=-4.0,
            targets=(28.0, 27.0, 26.0),
            gaps=(4.0, 8.0),
            extra={"TH-58": 10.0, "TH-63": 8.0},
        ),
        _ind(
            "JI12",
            "X120101-02",
            "จำนวนครูที่ได้รับการพัฒนาตามแนวทางการจัดการเรียนรู้ฐานสมรรถนะ",
            "Teachers trained in competency-based teaching",
            "ครูได้รับการพัฒนาตามแผนหรือไม่",
            "Are teachers being trained as planned?",
            "จำนวนครูที่ผ่านการพัฒนาตามหลักสูตรที่ได้รับการรับรอง (คูปองพัฒนาครู / PLC) ในไตรมาส",
            "Teachers who completed an accredited training course (teacher coupons / PLC) in the quarter.",
            None,
            None,
            _PERSONS,
            "higher",
            "quarterly",
            0,
            "ระบบพัฒนาครู สป.ศธ. (TEPE)",
            agg="sum",
            mult=1.0,
            base=0.0,
            trend=0.0,
            sd=0.12,
            rho=0.3,
            noise=0.08,
            season=(0.2, 0.25, 0.35, 0.2),
            den=("schools", 1.0, 0.0),
            targets=None,
            nat=(110000.0, 120000.0, 130000.0),
            gaps=(10.0, 25.0),  # percent of the target: a count
        ),
        _ind(
            "JI13",
            "X120101-02",
            "อัตราส่วนนักเรียนต่อครู",
            "Pupil-teacher ratio",
            "ครูพอดีกับจำนวนนักเรียนหรือไม่",
            "Is the number of teachers right for the number of pupils?",
            "จำนวนนักเรียนต่อข้าราชการครู 1 คน ในสถานศึกษาสังกัด สพฐ. (เกณฑ์ที่เหมาะสม 20-25 คนต่อครู 1 คน)",
            "OBEC pupils per civil-service teacher (the norm is 20-25 pupils per teacher).",
            "จำนวนนักเรียน",
            "จำนวนข้าราชการครู",
            _PTR,
            "range",
            "yearly",
            1,
            "DMC สพฐ.",
            mult=1.0,
            base=20.0,
            trend=0.0,
            sd=2.6,
            rho=0.0,
            lo=8,
            hi=35,
            den=("teachers", 100.0, -0.015),
            urban=2.0,
            targets=((20.0, 25.0), (20.0, 25.0), (20.0, 25.0)),
            gaps=(1.0, 3.0),
            extra={"TH-58": -4.0, "TH-63": -2.0, "TH-55": -2.0},
        ),
        _ind(
            "JI14",
            "X120101-04",
            "ร้อยละของสถานศึกษาที่มีความพร้อมด้านดิจิทัล (อินเทอร์เน็ตความเร็วสูงและอุปกรณ์)",
            "Schools ready for digital learning",
            "โรงเรียนพร้อมเรียนรู้ด้วยดิจิทัลหรือไม่",
            "Are schools ready for digital learning?",
            "สถานศึกษาที่มีอินเทอร์เน็ตความเร็วไม่ต่ำกว่า 100 Mbps และอุปกรณ์ดิจิทัลสำหรับผู้เรียนตามเกณฑ์ ณ สิ้นไตรมาส",
            "Schools with internet of at least 100 Mbps and learner devices to the norm at the end of the quarter.",
            "จำนวนสถานศึกษาที่ผ่านเกณฑ์ความพร้อมด้านดิจิทัล",
            "จำนวนสถานศึกษาทั้งหมด",
            _PERCENT,
            "higher",
            "quarterly",
            1,
            "ศูนย์เทคโนโลยีสารสนเทศ สป.ศธ. (MOENet)",
            base=68.0,
            trend=4.5,
            sd=9.0,
            rho=0.5,
            noise=1.0,
            season=(-2.0, -0.7, 0.7, 2.0),
            lo=15,
            hi=99.5,
            den=("schools", 0.55, -0.01),
            urban=3.0,
            targets=(72.0, 77.0, 82.0),
            gaps=(6.0, 12.0),
        ),
        _ind(
            "JI15",
            "X120101-04",
            "ร้อยละของสถานศึกษาที่ใช้แพลตฟอร์มการเรียนรู้ดิจิทัลในเดือน",
            "Schools actively using the digital learning platform",
            "โรงเรียนใช้แพลตฟอร์มการเรียนรู้จริงหรือไม่",
            "Are schools actually using the learning platform?",
            "สถานศึกษาที่มีการใช้งานแพลตฟอร์มการเรียนรู้ของกระทรวง (เช่น DLTV, Anywhere Anytime) อย่างน้อย 10 วันในเดือน",
            "Schools that used the ministry's learning platform (e.g. DLTV, Anywhere Anytime) on at least "
            "10 days "
            "in the month.",
            "จำนวนสถานศึกษาที่ใช้งานแพลตฟอร์ม",
            "จำนวนสถานศึกษาทั้งหมด",
            _PERCENT,
            "higher",
            "monthly",
            1,
            "eMENSCR / DLTV",
            base=62.0,
            trend=3.5,
            sd=8.0,
            rho=0.4,
            noise=2.5,
            season=(-14.0, 1.0, 2.0, 2.0, 1.5, -3.0, -20.0, -5.0, 2.0, 2.0, 1.5, 0.5),
            lo=5,
            hi=99,
            den=("schools", 0.55, -0.01),
            urban=1.5,
            targets=(62.0, 65.0, 68.0),
            gaps=(5.0, 10.0),
        ),
        _ind(
            "JI16",
            "X120101-01",
            "ร้อยละของสถานศึกษาที่จัดการเรียนรู้ตามหลักสูตรฐานสมรรถนะ",
            "Schools teaching a competency-based curriculum",
            "โรงเรียนเปลี่ยนสู่หลักสูตรฐานสมรรถนะแล้วหรือยัง",
            "Have schools moved to a competency-based curriculum?",
            "สถานศึกษาที่จัดการเรียนรู้ตามกรอบหลักสูตรฐานสมรรถนะอย่างน้อยหนึ่งช่วงชั้น",
            "Schools teaching to the competency-based curriculum framework in at least one key stage.",
            "จำนวนสถานศึกษาที่ใช้หลักสูตรฐานสมรรถนะ",
            "จำนวนสถานศึกษาทั้งหมด",
            _PERCENT,
            "higher",
            "yearly",
            1,
            "สำนักวิชาการและมาตรฐานการศึกษา สพฐ.",
            base=38.0,
            trend=14.0,
            sd=10.0,
            rho=0.5,
            lo=3,
            hi=99,
            den=("schools", 0.45, -0.01),
            drift=0.45,
            targets=(40.0, 55.0, 70.0),
            gaps=(8.0, 16.0),
        ),
        _ind(
            "JI17",
            "X120201-02",
            "สัดส่วนผู้เรียนอาชีวศึกษาต่อผู้เรียนระดับมัธยมศึกษาตอนปลายทั้งหมด",
            "Vocational share of upper-secondary enrolment",
            "ผู้เรียนสายอาชีพเพิ่มขึ้นตามเป้า 45:55 หรือไม่",
            "Is the vocational share moving towards 45:55?",
            "ผู้เรียนระดับ ปวช. เทียบกับผู้เรียนระดับมัธยมศึกษาตอนปลายทั้งสายสามัญและสายอาชีพ (เป้าหมาย 45 : 55)",
            "Vocational (Por Wor Chor) students out of all upper-secondary students, general and vocational "
            "(policy target 45 : 55).",
            "จำนวนผู้เรียน ปวช.",
            "จำนวนผู้เรียนมัธยมศึกษาตอนปลายทั้งหมด",
            _PERCENT,
            "higher",
            "yearly",
            2,
            "ศูนย์ข้อมูลอาชีวศึกษา สอศ.",
            key=True,
            base=39.5,
            trend=0.9,
            sd=5.5,
            rho=-0.2,
            lo=15,
            hi=70,
            den=("pupils", 23.0, -0.01),
            urban=-1.0,
            targets=(41.0, 43.0, 45.0),
            gaps=(3.0, 6.0),
            extra={"TH-94": -8.0, "TH-95": -7.0, "TH-96": -9.0},
        ),
        _ind(
            "JI18",
            "X120201-01",
            "อัตราการศึกษาต่อของผู้สำเร็จการศึกษาชั้น ม.3",
            "Grade 9 graduates continuing to upper secondary",
            "นักเรียนจบ ม.3 ได้เรียนต่อหรือไม่",
            "Do grade 9 graduates go on studying?",
            "ผู้สำเร็จการศึกษาชั้น ม.3 ที่ศึกษาต่อระดับ ม.4 ปวช. หรือเทียบเท่าในปีการศึกษาถัดไป",
            "Grade 9 graduates enrolled in grade 10, vocational year 1 or an equivalent the next school year.",
            "จำนวนผู้สำเร็จ ม.3 ที่ศึกษาต่อ",
            "จำนวนผู้สำเร็จการศึกษาชั้น ม.3",
            _PERCENT,
            "higher",
            "yearly",
            2,
            "DMC สพฐ. / สอศ.",
            base=92.5,
            trend=0.4,
            sd=2.6,
            rho=0.7,
            lo=70,
            hi=99.0,
            den=("pupils", 7.0, -0.015),
            targets=(93.0, 93.5, 94.0),
            gaps=(1.5, 3.0),
        ),
        _ind(
            "JI19",
            "X120201-03",
            "ร้อยละของผู้เรียน สกร. ที่สำเร็จการศึกษาตามระยะเวลาของหลักสูตร",
            "Lifelong-learning (DOLE) learners completing on time",
            "ผู้เรียนการศึกษาตลอดชีวิตเรียนจบตามกำหนดหรือไม่",
            "Do lifelong-learning students finish on time?",
            "ผู้เรียนหลักสูตรการศึกษานอกระบบระดับการศึกษาขั้นพื้นฐานที่สำเร็จการศึกษาในภาคเรียนตามระยะเวลาหลักสูตร",
            "Non-formal basic-education learners who complete within the course's duration, per term.",
            "จำนวนผู้เรียนที่สำเร็จตามกำหนด",
            "จำนวนผู้เรียนที่ครบกำหนดจบในภาคเรียน",
            _PERCENT,
            "higher",
            "term",
            2,
            "ระบบ DMIS สกร.",
            base=68.0,
            trend=1.5,
            sd=6.0,
            rho=0.5,
            noise=1.5,
            season=(-1.0, 1.0),
            lo=25,
            hi=98,
            den=("pupils", 3.2, -0.02),
            targets=(70.0, 72.0, 73.0),
            gaps=(3.0, 7.0),
        ),
        _ind(
            "JI20",
            "X110201-01",
            "อัตราการเข้าเรียนระดับก่อนประถมศึกษา (อายุ 3-5 ปี)",
            "Pre-primary enrolment rate (ages 3-5)",
            "เด็กปฐมวัยได้เข้าเรียนทั่วถึงหรือไม่",
            "Are young children getting into pre-primary school?",
            "เด็กอายุ 3-5 ปีที่เข้าเรียนระดับก่อนประถมศึกษาหรือศูนย์พัฒนาเด็กเล็ก เทียบกับประชากรอายุ 3-5 ปี",
            "Children aged 3-5 enrolled in pre-primary education or a child development centre, out of the "
            "population aged 3-5.",
            "จำนวนเด็กอายุ 3-5 ปีที่เข้าเรียน",
            "จำนวนประชากรอายุ 3-5 ปี",
            _PERCENT,
            "higher",
            "yearly",
            2,
            "สกศ. / กรมการปกครอง",
            base=82.0,
            trend=0.8,
            sd=5.5,
            rho=0.5,
            lo=45,
            hi=99.5,
            den=("children", 27.0, -0.035),
            targets=(83.0, 84.0, 85.0),
            gaps=(3.0, 7.0),
            extra={"TH-10": -6.0, "TH-58": -6.0},
        ),
        _ind(
            "JI21",
            "X110201-01",
            "อัตราการเข้าเรียนชั้น ป.1 อย่างหยาบ",
            "Gross intake rate to grade 1",
            "เด็กอายุ 6 ปีเข้าเรียน ป.1 ครบหรือไม่",
            "Are six-year-olds starting grade 1?",
            "ผู้เข้าเรียนใหม่ชั้น ป.1 ทุกอายุ เทียบกับประชากรอายุ 6 ปี (เกณฑ์ สกศ.: ต่ำกว่า 60 ปรับปรุง, "
            "60-69.99 พอใช้, "
            "70-79.99 ดี, 80 ขึ้นไป ดีมาก)",
            "New entrants to grade 1 of any age, out of the population aged 6 (OEC bands: < 60 improve, "
            "60-69.99 "
            "fair, 70-79.99 good, >= 80 very good).",
            "จำนวนผู้เข้าเรียนใหม่ชั้น ป.1",
            "จำนวนประชากรอายุ 6 ปี",
            _GROSS_RATE,
            "higher",
            "yearly",
            2,
            "สกศ. / DMC สพฐ.",
            base=90.0,
            trend=0.6,
            sd=6.0,
            rho=0.3,
            lo=55,
            hi=115,
            den=("children", 9.6, -0.035),
            targets=(90.0, 91.0, 92.0),
            gaps=(4.0, 10.0),
            extra={"TH-10": -9.0, "TH-94": -6.0, "TH-96": -6.0},
        ),
        _ind(
            "JI22",
            "X110201-02",
            "ร้อยละของสถานพัฒนาเด็กปฐมวัยที่ผ่านมาตรฐานสถานพัฒนาเด็กปฐมวัยแห่งชาติ",
            "Early childhood centres meeting the national standard",
            "สถานพัฒนาเด็กปฐมวัยได้มาตรฐานหรือไม่",
            "Do early childhood centres meet the standard?",
            "สถานพัฒนาเด็กปฐมวัยทุกสังกัดที่ผ่านการประเมินตามมาตรฐานสถานพัฒนาเด็กปฐมวัยแห่งชาติ",
            "Early childhood development centres of every affiliation that passed the national standard assessment.",
            "จำนวนสถานพัฒนาเด็กปฐมวัยที่ผ่านมาตรฐาน",
            "จำนวนสถานพัฒนาเด็กปฐมวัยทั้งหมด",
            _PERCENT,
            "higher",
            "yearly",
            2,
            "ระบบ ECS สกศ.",
            base=76.0,
            trend=2.5,
            sd=7.0,
            rho=0.5,
            lo=30,
            hi=99.5,
            den=("schools", 0.30, -0.01),
            targets=(78.0, 80.0, 83.0),
            gaps=(4.0, 9.0),
        ),
        _ind(
            "JI23",
            "110301",
            "ร้อยละของเด็กอายุ 3-18 ปีที่อยู่นอกระบบการศึกษา",
            "Out-of-school children aged 3-18",
            "เด็กนอกระบบการศึกษาลดลงหรือไม่",
            "Are fewer children out of school?",
            "เด็กอายุ 3-18 ปีตามทะเบียนราษฎรที่ไม่พบในฐานข้อมูลผู้เรียนของทุกสังกัด (Thailand Zero Dropout)",
            "Children aged 3-18 on the civil register not found in any affiliation's learner records "
            "(Thailand Zero Dropout).",
            "จำนวนเด็กอายุ 3-18 ปีที่อยู่นอกระบบ",
            "จำนวนประชากรอายุ 3-18 ปี",
            _PERCENT,
            "lower",
            "yearly",
            2,
            "ระบบ Thailand Zero Dropout สป.ศธ.",
            key=True,
            stage="upstream",
            host="OPS",
            base=8.4,
            trend=-0.7,
            sd=1.8,
            rho=-0.6,
            lo=1.5,
            hi=30,
            den=("children", 175.0, -0.02),
            targets=(8.0, 7.0, 6.0),
            gaps=(1.0, 2.5),
            extra={"TH-10": 3.5, "TH-94": 4.0, "TH-95": 3.0, "TH-96": 4.5, "TH-63": 3.5, "TH-58": 2.5},
        ),
        _ind(
            "JI24",
            "X110301-01",
            "อัตราการออกกลางคันของนักเรียน",
            "Dropout rate",
            "นักเรียนหลุดออกกลางคันมากน้อยเพียงใด",
            "How many pupils are dropping out?",
            "นักเรียนที่ออกจากสถานศึกษาระหว่างปีการศึกษาโดยไม่ได้ย้ายไปเรียนที่อื่น "
            "เทียบกับนักเรียนต้นปีการศึกษา "
            "(แถบแผนที่: < 4, 4-5, 5-6, > 6)",
            "Pupils who left school during the school year without transferring, out of the enrolment at "
            "the start "
            "of the year (map bands < 4, 4-5, 5-6, > 6).",
            "จำนวนนักเรียนที่ออกกลางคัน",
            "จำนวนนักเรียนต้นปีการศึกษา",
            _PERCENT,
            "lower",
            "yearly",
            2,
            "DMC สพฐ.",
            key=True,
            base=4.4,
            trend=-0.25,
            sd=1.1,
            rho=-0.55,
            lo=0.8,
            hi=14,
            den=("pupils", 110.0, -0.015),
            targets=(4.2, 4.0, 3.8),
            gaps=(0.5, 1.2),
            extra={"TH-10": 4.6, "TH-94": 1.6, "TH-95": 1.1, "TH-96": 1.8, "TH-63": 1.4, "TH-74": 1.0},
        ),
        _ind(
            "JI25",
            "X110301-04",
            "ร้อยละของนักเรียนที่ได้รับเงินอุดหนุนอาหารกลางวันตรงเวลา",
            "Pupils receiving the lunch subsidy on time",
            "นักเรียนได้รับอาหารกลางวันครบหรือไม่",
            "Are pupils getting their school lunch?",
            "นักเรียนอนุบาลถึง ป.6 ที่มีสิทธิ์และได้รับเงินอุดหนุนอาหารกลางวันภายในเดือน",
            "Eligible kindergarten to grade 6 pupils whose lunch subsidy was paid within the month.",
            "จำนวนนักเรียนที่ได้รับเงินอุดหนุน",
            "จำนวนนักเรียนที่มีสิทธิ์",
            _PERCENT,
            "higher",
            "monthly",
            2,
            "ระบบ e-budget สพฐ.",
            base=96.6,
            trend=0.4,
            sd=1.3,
            rho=0.3,
            noise=0.6,
            season=(-2.5, -0.8, 0.3, 0.4, 0.4, 0.3, -0.5, -1.8, 0.3, 0.5, 0.5, 0.5),
            lo=75,
            hi=99.9,
            den=("pupils", 52.0, -0.025),
            targets=(97.0, 97.5, 97.8),
            gaps=(1.0, 3.0),
        ),
        _ind(
            "JI26",
            "X110301-02",
            "ร้อยละของสถานศึกษาที่ผ่านเกณฑ์มาตรฐานความปลอดภัย",
            "Schools meeting the safety standard",
            "โรงเรียนปลอดภัยตามมาตรฐานหรือไม่",
            "Are schools safe to standard?",
            "สถานศึกษาที่ผ่านการประเมินตนเองและการตรวจติดตามตามมาตรฐานสถานศึกษาปลอดภัย ณ สิ้นไตรมาส",
            "Schools that passed the self-assessment and follow-up inspection against the safe-school "
            "standard, "
            "at the end of the quarter.",
            "จำนวนสถานศึกษาที่ผ่านเกณฑ์",
            "จำนวนสถานศึกษาทั้งหมด",
            _PERCENT,
            "higher",
            "quarterly",
            1,
            "MOE Safety Center",
            key=True,
            base=74.0,
            trend=4.0,
            sd=7.5,
            rho=0.5,
            noise=1.2,
            season=(-3.0, -1.0, 1.0, 3.0),
            lo=25,
            hi=99.5,
            den=("schools", 0.60, -0.01),
            targets=(77.0, 81.0, 85.0),
            gaps=(4.0, 9.0),
            extra={"TH-94": -5.0, "TH-95": -5.0, "TH-96": -6.0},
        ),
        _ind(
            "JI27",
            "X110301-02",
            "ร้อยละของสถานศึกษาที่มีห้องเรียนปลอดฝุ่น PM2.5",
            "Schools with a PM2.5-safe room",
            "โรงเรียนมีห้องปลอดฝุ่นพอหรือไม่",
            "Do schools have PM2.5-safe rooms?",
            "สถานศึกษาที่มีห้องเรียนหรือห้องพักที่ควบคุมฝุ่น PM2.5 ให้ไม่เกิน 37.5 ไมโครกรัมต่อลูกบาศก์เมตร ณ สิ้นไตรมาส",
            "Schools with a classroom or shelter room that keeps PM2.5 at or below 37.5 µg/m³, at the end "
            "of the "
            "quarter.",
            "จำนวนสถานศึกษาที่มีห้องปลอดฝุ่น",
            "จำนวนสถานศึกษาทั้งหมด",
            _PERCENT,
            "higher",
            "quarterly",
            1,
            "MOE Safety Center",
            base=38.0,
            trend=9.0,
            sd=8.0,
            rho=0.3,
            noise=1.5,
            season=(-4.0, -1.5, 1.5, 4.0),
            lo=3,
            hi=99,
            den=("schools", 0.60, -0.01),
            urban=4.0,
            drift=0.4,
            targets=(42.0, 52.0, 60.0),
            gaps=(5.0, 11.0),
            extra=north_haze,
        ),
        _ind(
            "JI28",
            "X110301-02",
            "ร้อยละของเรื่องร้องเรียนความรุนแรงและการกลั่นแกล้งที่ได้รับการแก้ไขภายใน 30 วัน",
            "Violence and bullying cases resolved within 30 days",
            "เรื่องความรุนแรงในโรงเรียนได้รับการแก้ไขทันเวลาหรือไม่",
            "Are violence and bullying cases resolved in time?",
            "เรื่องที่รับแจ้งผ่าน MOE Safety Center (ความรุนแรง การกลั่นแกล้ง ยาเสพติด) ที่ยุติภายใน 30 วัน เทียบกับเรื่องที่ครบกำหนดในเดือน",
            "Cases reported through the MOE Safety Center (violence, bullying, drugs) closed within 30 "
            "days, out "
            "of the cases due in the month.",
            "จำนวนเรื่องที่แก้ไขภายใน 30 วัน",
            "จำนวนเรื่องที่ครบกำหนดในเดือน",
            _PERCENT,
            "higher",
            "monthly",
            1,
            "MOE Safety Center",
            base=83.0,
            trend=2.0,
            sd=5.0,
            rho=0.3,
            noise=3.0,
            lo=30,
            hi=100,
            den=("cases", 0.02, 0.05),
            targets=(85.0, 87.0, 88.0),
            gaps=(5.0, 12.0),
        ),
        _ind(
            "JI29",
            "X110301-03",
            "จำนวนโรงเรียนขนาดเล็กที่ได้รับการควบรวมหรือบริหารแบบเครือข่าย",
            "Small schools merged or run as networks",
            "การบริหารโรงเรียนขนาดเล็กเป็นไปตามแผนหรือไม่",
            "Is small-school consolidation on plan?",
            "โรงเรียนที่มีนักเรียนไม่เกิน 120 คน ที่ควบรวมกับโรงเรียนหลัก (Stand Alone / โรงเรียนคุณภาพ) "
            "หรือจัดการเรียนรู้ร่วมแบบเครือข่ายในปีงบประมาณ",
            "Schools of 120 pupils or fewer merged into a hub school or teaching jointly in a network "
            "during the "
            "fiscal year.",
            None,
            None,
            _SCHOOLS,
            "higher",
            "yearly",
            0,
            "DMC สพฐ.",
            agg="sum",
            mult=1.0,
            base=0.0,
            trend=0.0,
            sd=0.35,
            rho=0.2,
            den=("small_schools", 1.0, 0.0),
            targets=None,
            nat=(300.0, 350.0, 400.0),
            gaps=(15.0, 35.0),  # percent of the target: a count
        ),
        _ind(
            "JI30",
            "X110301-02",
            "จำนวนสถานศึกษาที่ต้องปิดการเรียนการสอนเนื่องจากภัยพิบัติและภาวะวิกฤติ",
            "Schools closed by disasters and crises",
            "ภัยพิบัติทำให้โรงเรียนต้องปิดมากน้อยเพียงใด",
            "How many schools did disasters close?",
            "สถานศึกษาที่ต้องปิดหรือหยุดการเรียนการสอนอย่างน้อย 1 วันเนื่องจากภัยพิบัติหรือภาวะวิกฤติ ตามรายงาน MOE Safety Center",
            "Schools that closed or suspended teaching for at least one day because of a disaster or "
            "crisis, as "
            "reported to the MOE Safety Center.",
            None,
            None,
            _SCHOOLS,
            "lower",
            "quarterly",
            0,
            "MOE Safety Center",
            agg="sum",
            mult=1.0,
            base=0.0,
            trend=0.0,
            sd=0.0,
            rho=0.0,
            den=("schools", 1.0, 0.0),
            targets=None,
            nat=(450.0, 450.0, 400.0),
            gaps=(25.0, 75.0),  # percent of the target: a count
        ),
    ]


# Flows counted year to date: the sum of the year's quarters is what meets the yearly target (schema v4).
ACCUMULATING = ("JI12", "JI30")

# English labels of each rate's numerator and denominator (schema version 4).
NUMERATOR_DENOMINATOR_EN = {
    "JI01": ("Sum of RT scores of grade 1 pupils", "Grade 1 pupils who sat the RT"),
    "JI02": ("Grade 1 pupils who can read", "Grade 1 pupils assessed"),
    "JI03": ("Grade 1 pupils who can write", "Grade 1 pupils assessed"),
    "JI04": ("Sum of NT scores of grade 3 pupils", "Grade 3 pupils who sat the NT"),
    "JI05": ("Sum of grade 6 O-NET Thai scores", "Grade 6 O-NET candidates"),
    "JI06": ("Sum of grade 6 O-NET English scores", "Grade 6 O-NET candidates"),
    "JI07": ("Sum of grade 6 O-NET mathematics scores", "Grade 6 O-NET candidates"),
    "JI08": ("Sum of grade 6 O-NET science scores", "Grade 6 O-NET candidates"),
    "JI09": ("Sum of grade 9 O-NET mean scores (4 subjects)", "Grade 9 O-NET candidates"),
    "JI10": ("Sum of grade 12 O-NET mean scores (5 subjects)", "Grade 12 O-NET candidates"),
    "JI11": ("Schools with fewer teachers than the standard", "All schools"),
    "JI13": ("Pupils", "Teachers (civil servants)"),
    "JI14": ("Schools meeting the digital readiness criteria", "All schools"),
    "JI15": ("Schools using the platform", "All schools"),
    "JI16": ("Schools using a competency-based curriculum", "All schools"),
    "JI17": ("Vocational (Por Wor Chor) learners", "All upper-secondary learners"),
    "JI18": ("Grade 9 graduates continuing their studies", "Grade 9 graduates"),
    "JI19": ("Learners completing on time", "Learners due to complete this term"),
    "JI20": ("Children aged 3-5 enrolled", "Population aged 3-5"),
    "JI21": ("New entrants to grade 1", "Population aged 6"),
    "JI22": ("Early childhood centres meeting the standard", "All early childhood centres"),
    "JI23": ("Children aged 3-18 out of school", "Population aged 3-18"),
    "JI24": ("Pupils who dropped out", "Pupils at the start of the academic year"),
    "JI25": ("Pupils receiving the subsidy", "Eligible pupils"),
    "JI26": ("Schools meeting the standard", "All schools"),
    "JI27": ("Schools with a clean-air room", "All schools"),
    "JI28": ("Cases resolved within 30 days", "Cases due in the month"),
}


def _indicator_rows(specs: list[dict], chain_rows: list[dict], agency_codes: Sequence[str]) -> list[dict]:
    node = {r["code"]: r for r in chain_rows}
    rows = []
    for order, s in enumerate(specs, start=1):
        link = node[s["chain"]]
        rows.append(
            {
                "code": s["code"],
                "name_th": s["name_th"],
                "name_en": s["name_en"],
                "question_th": s["question_th"],
                "question_en": s["question_en"],
                "definition_th": s["definition_th"],
                "definition_en": s["definition_en"],
                "numerator_th": s["numerator_th"],
                "denominator_th": s["denominator_th"],
                "numerator_en": NUMERATOR_DENOMINATOR_EN.get(s["code"], (None, None))[0],
                "denominator_en": NUMERATOR_DENOMINATOR_EN.get(s["code"], (None, None))[1],
                "accumulates": s["code"] in ACCUMULATING,
                "unit": s["unit"],
                "unit_label_th": s["unit_label_th"],
                "unit_label_en": s["unit_label_en"],
                "aggregation": s["aggregation"],
                "multiplier": s["multiplier"],
                "decimals": s["decimals"],
                "direction": s["direction"],
                "frequency": s["frequency"],
                "yellow_gap": s["gaps"][0],
                "orange_gap": s["gaps"][1],
                "chain_node_code": s["chain"],
                "value_chain_stage": s["stage"] or link["value_chain_stage"],
                "host_agency_code": _agency(s["host"] or link["host_agency_code"], agency_codes),
                "source_system": s["source_system"],
                "is_key": s["is_key"],
                "sort_order": order * 10,
                "is_demo": True,
            }
        )
    return rows


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
    def __init__(self, row: dict, index: int):
        self.code = row["code"]
        self.name_th = row["name_th"]
        self.name_en = row["name_en"]
        self.num = self.code[3:]
        self.index = index
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
# Service areas


def _service_areas(provs: list[_Province]) -> tuple[list[dict], list[dict], dict[str, list[str]]]:
    by_code = {p.code: p for p in provs}
    areas: list[dict] = []
    links: list[dict] = []
    of_province: dict[str, list[str]] = {p.code: [] for p in provs}

    def add(code, kind, name_th, name_en, province_codes):
        areas.append({"code": code, "kind": kind, "name_th": name_th, "name_en": name_en, "is_demo": True})
        for pc in province_codes:
            links.append({"service_area_code": code, "province_code": pc})
            of_province[pc].append(code)

    # Primary (สพป.): none in Bangkok; 183 in all, more for provinces with many schools.
    non_bkk = [p for p in provs if p.code != "TH-10"]
    total = max(_PRIMARY_TOTAL if len(provs) >= 70 else len(non_bkk) * 2, len(non_bkk))
    counts = [1] * len(non_bkk)
    weights = [p.pop * (0.6 + 0.4 * p.school_factor) for p in non_bkk]
    for _ in range(total - len(non_bkk)):  # Huntington-Hill style: next area to the largest weight per area
        best = max(range(len(non_bkk)), key=lambda i: (weights[i] / math.sqrt(counts[i] * (counts[i] + 1)), -i))
        counts[best] += 1
    for p, n in zip(non_bkk, counts, strict=True):
        for k in range(1, n + 1):
            suffix_th = f" เขต {k}" if n > 1 else ""
            suffix_en = f" {k}" if n > 1 else ""
            add(
                f"P{p.num}{k:02d}",
                "primary",
                f"สพป.{p.name_th}{suffix_th}",
                f"{p.name_en} Primary Educational Service Area{suffix_en}",
                [p.code],
            )

    # Secondary (สพม.): Bangkok 2, 16 two-province areas, one for every other province: 62 in all.
    paired = {}
    for a, b in _SECONDARY_PAIRS:
        if a in by_code and b in by_code:
            paired[a] = b
            paired[b] = None
    for p in provs:
        if p.code == "TH-10":
            for k in range(1, _SECONDARY_BANGKOK + 1):
                add(
                    f"S{p.num}{k:02d}",
                    "secondary",
                    f"สพม.{p.name_th} เขต {k}",
                    f"{p.name_en} Secondary Educational Service Area {k}",
                    [p.code],
                )
        elif p.code in paired and paired[p.code] is None:
            continue  # covered by its partner's area
        elif p.code in paired:
            q = by_code[paired[p.code]]
            add(
                f"S{p.num}01",
                "secondary",
                f"สพม.{p.name_th} {q.name_th}",
                f"{p.name_en} and {q.name_en} Secondary Educational Service Area",
                [p.code, q.code],
            )
        else:
            add(
                f"S{p.num}01",
                "secondary",
                f"สพม.{p.name_th}",
                f"{p.name_en} Secondary Educational Service Area",
                [p.code],
            )
    areas.sort(key=lambda a: (a["kind"] != "primary", a["code"]))
    links.sort(key=lambda link: (link["service_area_code"], link["province_code"]))
    for codes in of_province.values():
        codes.sort()
    return areas, links, of_province


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
            else "ศูนย์ความปลอดภัย กระทรวงศึกษาธิการ (MOE Safety Center) (สาธิต)"
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


def _results_and_targets(
    rng: random.Random, specs: list[dict], provs: list[_Province], closures: dict[tuple, int]
) -> tuple[list[dict], list[dict]]:
    years = DEMO_FISCAL_YEARS_BE
    targets: list[dict] = []
    results: list[dict] = []

    # Whole (indicator, province, FY) blocks that were never reported, so "no data" shows.
    gaps_whole = set()
    for _ in range(2):
        s = rng.choice([s for s in specs if s["frequency"] in ("monthly", "quarterly") and s["aggregation"] == "ratio"])
        p = rng.choice(provs)
        gaps_whole.add((s["code"], p.code, rng.choice(years[:2] if len(gaps_whole) == 0 else years[1:])))

    for s in specs:
        code = s["code"]
        freq = s["frequency"]
        nper = PERIODS_PER_YEAR[freq]
        # --- targets
        for k, fy in enumerate(years):
            row = {
                "indicator_code": code,
                "fiscal_year_be": fy,
                "area_code": "TH",
                "target_value": None,
                "target_low": None,
                "target_high": None,
            }
            if s["aggregation"] == "sum":
                row["target_value"] = s["nat"][k]
            elif s["direction"] == "range":
                row["target_low"], row["target_high"] = s["targets"][k]
            else:
                row["target_value"] = s["targets"][k]
            targets.append(row)
        prov_targets: dict[tuple, float] = {}
        if s["aggregation"] == "sum":
            weights = _province_weights(provs, s["den"][0])
            for k, fy in enumerate(years):
                shares = _apportion(int(s["nat"][k]), weights)
                for p, share in zip(provs, shares, strict=True):
                    prov_targets[(p.code, fy)] = float(share)
                    targets.append(
                        {
                            "indicator_code": code,
                            "fiscal_year_be": fy,
                            "area_code": p.code,
                            "target_value": float(share),
                            "target_low": None,
                            "target_high": None,
                        }
                    )
        # a few province-specific targets where the national one would be unfair
        if code == "JI24":
            for k, fy in enumerate(years):
                if any(p.code == "TH-10" for p in provs):
                    targets.append(
                        {
                            "indicator_code": code,
                            "fiscal_year_be": fy,
                            "area_code": "TH-10",
                            "target_value": (7.0, 6.5, 6.0)[k],
                            "target_low": None,
                            "target_high": None,
                        }
                    )
        if code == "JI01":
            for pc in _SOUTHERN_BORDER:
                if any(p.code == pc for p in provs):
                    for k, fy in enumerate(years):
                        targets.append(
                            {
                                "indicator_code": code,
                                "fiscal_year_be": fy,
                                "area_code": pc,
                                "target_value": (66.0, 67.0, 68.0)[k],
                                "target_low": None,
                                "target_high": None,
                            }
                        )

        # --- results
        sd, rho = s["sd"], s["rho"]
        idio = math.sqrt(max(0.0, 1 - rho * rho))
        den_kind, den_rate, den_growth = s["den"]
        season = s["season"] or (0.0,) * nper
        for p in provs:
            level = sd * (rho * p.quality + idio * rng.gauss(0, 1)) + s["urban"] * p.urban + s["extra"].get(p.code, 0.0)
            slope = rng.gauss(0, s["drift"] * sd)
            den_noise = rng.uniform(0.9, 1.1)
            perf = 1.0 + level  # for sum indicators: performance against the province's share
            for k, fy in enumerate(years):
                whole_gap = (code, p.code, fy) in gaps_whole
                for period in range(1, nper + 1):
                    end = period_end(fy, freq, period)
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
                    }
                    if s["aggregation"] == "sum":
                        if code == "JI30":
                            value = float(closures.get((p.code, fy, period), 0))
                        else:
                            share = season[period - 1] if s["season"] else 1.0 / nper
                            expected = prov_targets[(p.code, fy)] * share
                            factor = perf + slope * k + rng.gauss(0, s["noise"])
                            value = float(max(0, round(expected * factor + rng.gauss(0, 0.6))))
                        row["value"] = value
                    else:
                        v = (
                            s["base"]
                            + s["trend"] * k
                            + level
                            + slope * k
                            + season[period - 1]
                            + rng.gauss(0, s["noise"])
                        )
                        v = min(s["hi"], max(s["lo"], v))
                        den = _denominator(p, den_kind, den_rate, den_growth, k, den_noise, rng)
                        if s["multiplier"] == 100:  # a percentage, or a gross rate per hundred
                            num = float(min(round(v / 100.0 * den), den) if s["hi"] <= 100 else round(v / 100 * den))
                        elif den_kind == "teachers":  # value is pupils per teacher: the pupils are the numerator
                            pupils = den
                            den = float(max(1, round(pupils / v)))
                            num = pupils
                        else:
                            num = round(v * den, 2)
                        row["numerator"] = num
                        row["denominator"] = den
                        row["value"] = num / den * s["multiplier"]
                    results.append(row)
    return results, targets


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


def build_demo(
    provinces: list[dict], region_of: dict[str, str], agency_codes: list[str], seed: int
) -> dict[str, list[dict]]:
    """The demo dataset as rows per table (keys are exactly the schema's columns), parents before children."""
    rng = random.Random(seed)
    agency_codes = list(agency_codes)
    provs = [_Province(row, i) for i, row in enumerate(sorted(provinces, key=lambda r: r["code"]))]

    # common learning-quality factor: macro-region + known gaps + noise, standardised over provinces
    raw = [
        _MACRO_QUALITY[p.macro] + _QUALITY_EXTRA.get(p.code, 0.0) + 0.3 * p.urban + rng.gauss(0, 0.45) for p in provs
    ]
    mean = sum(raw) / len(raw)
    sd = math.sqrt(sum((x - mean) ** 2 for x in raw) / len(raw)) or 1.0
    for p, x in zip(provs, raw, strict=True):
        p.quality = max(-2.2, min(2.0, (x - mean) / sd))

    chain = _chain_rows(agency_codes)
    specs = _indicator_specs()
    indicators = _indicator_rows(specs, chain, agency_codes)
    areas, area_links, areas_of = _service_areas(provs)
    crises = _crises(random.Random(rng.random()), provs, region_of, areas_of)
    closures = _closures_by_quarter(crises, provs)
    results, targets = _results_and_targets(random.Random(rng.random()), specs, provs, closures)

    return {
        "chain_node": chain,
        "indicator": indicators,
        "indicator_target": targets,
        "service_area": areas,
        "service_area_province": area_links,
        "indicator_result": results,
        "crisis_event": crises["crisis_event"],
        "crisis_province": crises["crisis_province"],
        "crisis_service_area": crises["crisis_service_area"],
        "crisis_status_log": crises["crisis_status_log"],
    }

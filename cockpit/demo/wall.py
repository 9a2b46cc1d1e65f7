"""Demo rows for the cockpit room's blue and white walls: service-area scores and projects on the X factors.

Deterministic from the seed, like cockpit.demo, and marked as demo.
"""

from __future__ import annotations

import random

from cockpit.demo.generate import DEMO_AS_OF, DEMO_FISCAL_YEARS_BE

# Projects acting on each X factor of the demo chain (code, Thai name, English name, host agency).
PROJECTS = {
    "X120101-01": [
        ("โครงการขับเคลื่อนหลักสูตรฐานสมรรถนะสู่ห้องเรียน", "Competency-based curriculum in classrooms", "OBEC"),
        ("โครงการโรงเรียนต้นแบบการจัดการเรียนรู้เชิงรุก", "Active-learning model schools", "OBEC"),
    ],
    "X120101-02": [
        ("โครงการพัฒนาครูทั้งระบบด้วยคูปองพัฒนาตนเอง", "Teacher development vouchers", "OPS"),
        ("โครงการจัดสรรอัตรากำลังครูให้โรงเรียนที่ขาดแคลน", "Teachers for understaffed schools", "OPS"),
    ],
    "X120101-03": [
        ("โครงการอ่านออกเขียนได้ ป.1 ทุกคน", "Every grade 1 pupil reads and writes", "OBEC"),
        ("โครงการห้องสมุดมีชีวิตในโรงเรียนขนาดเล็ก", "Living libraries in small schools", "OBEC"),
    ],
    "X120101-04": [
        ("โครงการแพลตฟอร์มการเรียนรู้ดิจิทัลแห่งชาติ", "National digital learning platform", "OPS"),
        ("โครงการอินเทอร์เน็ตความเร็วสูงเพื่อโรงเรียน", "High-speed internet for schools", "OPS"),
    ],
    "X120101-05": [("โครงการยกระดับผลสัมฤทธิ์ O-NET รายเขตพื้นที่", "Raising O-NET results by service area", "OBEC")],
    "X120201-01": [("โครงการแนะแนวอาชีพและการศึกษาต่อ", "Career and study guidance", "OBEC")],
    "X120201-02": [
        ("โครงการขยายการจัดการศึกษาระบบทวิภาคี", "Dual vocational education", "OVEC"),
        ("โครงการอาชีวะสร้างช่างฝีมือสู่อุตสาหกรรมเป้าหมาย", "Skilled technicians for target industries", "OVEC"),
    ],
    "X120201-03": [("โครงการการเรียนรู้ตลอดชีวิตในชุมชน", "Lifelong learning in communities", "DOLE")],
    "X110201-01": [("โครงการขยายโอกาสการศึกษาปฐมวัย อายุ 3-5 ปี", "Early childhood places for ages 3-5", "OBEC")],
    "X110201-02": [("โครงการยกระดับสถานพัฒนาเด็กปฐมวัยสู่มาตรฐานชาติ", "Early childhood centres to national standard", "OEC")],
    "X110301-01": [
        ("โครงการพาน้องกลับมาเรียน", "Bringing children back to school", "OPS"),
        ("โครงการทุนเสมอภาคเพื่อเด็กยากจนพิเศษ", "Equity grants for the poorest pupils", "OPS"),
    ],
    "X110301-02": [
        ("โครงการสถานศึกษาปลอดภัย (MOE Safety Center)", "Safe schools (MOE Safety Center)", "OPS"),
        ("โครงการห้องเรียนปลอดฝุ่น PM2.5", "PM2.5-safe classrooms", "OPS"),
    ],
    "X110301-03": [
        ("โครงการโรงเรียนคุณภาพของชุมชน (รวมโรงเรียนขนาดเล็ก)", "Community quality schools (small-school mergers)", "OBEC")
    ],
    "X110301-04": [("โครงการอาหารกลางวันและนมโรงเรียนคุณภาพ", "School lunch and milk quality", "OBEC")],
}


def _round(value: float, places: int = 1) -> float:
    return round(value, places)


def build_wall_demo(service_area_codes: list[str], agency_codes: list[str], seed: int) -> dict[str, list[dict]]:
    """{"project": [...], "service_area_score": [...]} for the demo fiscal years; pure and deterministic."""
    rng = random.Random(seed * 7919 + 17)
    latest = DEMO_FISCAL_YEARS_BE[-1]
    projects = []
    for x_code in sorted(PROJECTS):
        for number, (name_th, name_en, host) in enumerate(PROJECTS[x_code], start=1):
            budget = rng.choice((12, 25, 40, 65, 90, 150, 240, 380)) * 1_000_000 * rng.uniform(0.8, 1.2)
            planned = 100.0
            progress = min(100.0, max(35.0, rng.gauss(86, 14)))
            disbursed = budget * min(1.0, max(0.2, progress / 100 * rng.uniform(0.85, 1.05)))
            projects.append(
                {
                    "code": f"P{x_code[1:]}-{number}",
                    "name_th": name_th,
                    "name_en": name_en,
                    "chain_node_code": x_code,
                    "host_agency_code": host if host in agency_codes else agency_codes[0],
                    "fiscal_year_be": latest,
                    "budget_thb": _round(budget, 0),
                    "disbursed_thb": _round(disbursed, 0),
                    "progress_pct": _round(progress),
                    "planned_pct": planned,
                    "updated_at": DEMO_AS_OF,
                    "is_demo": True,
                }
            )
    scores = []
    for code in sorted(service_area_codes):
        base = rng.gauss(78, 7)
        for year_index, fiscal_year in enumerate(DEMO_FISCAL_YEARS_BE):
            performance = min(100.0, max(45.0, base + year_index * rng.uniform(0, 2.5) + rng.gauss(0, 3)))
            potential = min(100.0, max(40.0, base + rng.gauss(2, 6)))
            pmqa = min(100.0, max(40.0, (performance + potential) / 2 + rng.gauss(-3, 5)))
            scores.append(
                {
                    "service_area_code": code,
                    "fiscal_year_be": fiscal_year,
                    "performance_base": _round(performance),
                    "potential_base": _round(potential),
                    "pmqa_results": _round(pmqa),
                    "updated_at": DEMO_AS_OF,
                    "is_demo": True,
                }
            )
    return {"project": projects, "service_area_score": scores}

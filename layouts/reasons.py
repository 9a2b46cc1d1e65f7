"""Why a write was refused, in the page's language. The write path (cockpit/write) names every problem in
English, as the API answers; a Thai page shows the same reason in Thai, with the figures it carries."""

from __future__ import annotations

import re

from cockpit.read.crises import STATUSES

# English reason (a regular expression over the whole text) → Thai words; {a}, {b}, {c} take the figures.
_THAI = [
    (r"is required", "ต้องกรอก"),
    (r"String should have at least 1 character.*", "ต้องกรอก"),
    (r"String should have at most (?P<a>\d+) characters.*", "ยาวเกิน {a} ตัวอักษร"),
    (r"List should have at least 1 item.*", "ต้องเลือกอย่างน้อยหนึ่งรายการ"),
    (r"List should have at most (?P<a>\d+) items.*", "เลือกได้ไม่เกิน {a} รายการ"),
    (r"Input should be .*", "ค่าที่เลือกไม่มีในรายการ"),
    (r"must be ≥ (?P<a>\S+), got (?P<b>.+)", "ต้องไม่น้อยกว่า {a} (กรอก {b})"),
    (r"must be ≤ (?P<a>\S+), got (?P<b>.+)", "ต้องไม่เกิน {a} (กรอก {b})"),
    (r"must be > (?P<a>\S+), got (?P<b>.+)", "ต้องมากกว่า {a} (กรอก {b})"),
    (r"must be < (?P<a>\S+), got (?P<b>.+)", "ต้องน้อยกว่า {a} (กรอก {b})"),
    (r"must be a finite number.*", "ต้องเป็นตัวเลขที่มีค่าจำกัด"),
    (r"(schools_closed )?cannot exceed schools_affected", "โรงเรียนปิดต้องไม่เกินจำนวนโรงเรียนที่ได้รับผลกระทบ"),
    (r"is in the future: .*", "เป็นเวลาในอนาคต ตรวจสอบปี พ.ศ."),
    (r"must be in the year 2000 or later.*", "ต้องเป็นปี พ.ศ. 2543 หรือหลังจากนั้น"),
    (r"(?P<a>'.*') is not a date and time.*", "{a} ไม่ใช่วันและเวลา เขียนเป็น วัน/เดือน/ปี พ.ศ. ชั่วโมง:นาที เช่น 3/12/2569 16:30"),
    (r"(?P<a>'.*') is not a date of the calendar", "{a} ไม่มีในปฏิทิน"),
    (r"(?P<a>'.*') has Thai digits.*", "{a} ใช้เลขไทย กรุณาพิมพ์ด้วยเลข 0-9"),
    (r"(?P<a>'.*') has (Arabic-Indic|non-ASCII) digits.*", "{a} ใช้ตัวเลขที่ระบบอ่านไม่ได้ กรุณาพิมพ์ด้วยเลข 0-9"),
    (r"(?P<a>'.*') is not a finite number", "{a} ไม่ใช่ตัวเลขที่ใช้ได้"),
    (r"(?P<a>'.*') uses '_' to group digits.*", "{a} ใช้ _ คั่นหลัก ให้เขียน 1000 หรือ 1,000"),
    (r"(?P<a>'.*') groups digits wrongly.*", "{a} ใช้จุลภาคคั่นหลักไม่ถูกต้อง คั่นได้ทุกสามหลักเท่านั้น (12,150)"),
    (r"(?P<a>'.*') is not a whole number", "{a} ต้องเป็นจำนวนเต็ม"),
    (r"(?P<a>'.*') is too large to be a number", "{a} ใหญ่เกินกว่าจะเป็นตัวเลข"),
    (r"(?P<a>'.*') is not a number", "{a} ไม่ใช่ตัวเลข"),
    (
        r"numerator (?P<a>\S+) exceeds denominator (?P<b>\S+): a percentage cannot pass 100 % "
        r"\(this would be (?P<c>\S+) %\)",
        "ตัวตั้ง {a} มากกว่าตัวหาร {b}: ร้อยละเกิน 100 ไม่ได้ (จะเป็น {c} %)",
    ),
    (r"numerator .* gives a value beyond .*", "ตัวตั้งหารด้วยตัวหารได้ค่าเกินขอบเขต ตรวจสอบตัวหาร"),
    (r"a count cannot be negative, got (?P<a>.+)", "จำนวนติดลบไม่ได้ (กรอก {a})"),
    (r"a count must be a whole number, got (?P<a>.+)", "จำนวนต้องเป็นจำนวนเต็ม (กรอก {a})"),
    (r"\S+ is a rate: send numerator and denominator.*", "ตัวชี้วัดนี้เป็นอัตรา: กรอกทั้งตัวตั้งและตัวหาร"),
    (r"\S+ is a count: send value only.*", "ตัวชี้วัดนี้เป็นจำนวน: กรอกเฉพาะค่า ไม่ต้องกรอกตัวตั้งหรือตัวหาร"),
    (r"\S+ is a count: send value", "ตัวชี้วัดนี้เป็นจำนวน: กรอกค่า"),
    (r"\S+ disagrees with numerator/denominator.*", "ค่าไม่ตรงกับตัวตั้งหารด้วยตัวหาร"),
    (r"\S+ is \w+: period_no must be 1\.\.(?P<a>\d+)", "รอบรายงานต้องอยู่ระหว่าง 1 ถึง {a}"),
    (r"unknown province code (?P<a>'[^']*').*", "ไม่รู้จักรหัสจังหวัด {a}"),
    (r"unknown service area (?P<a>'[^']*')", "ไม่รู้จักเขตพื้นที่การศึกษา {a}"),
    (r"unknown indicator (?P<a>'[^']*').*", "ไม่รู้จักตัวชี้วัด {a}"),
    (r"(?P<a>'.*') is not a province ISO code.*", "{a} ไม่ใช่จังหวัด"),
    (r"repeats .*", "ซ้ำกับแถวอื่น (ตัวชี้วัด จังหวัด และรอบเดียวกัน)"),
    (r"no figure typed", "ยังไม่ได้พิมพ์ค่าใหม่ในจังหวัดใด"),
    (r"must not contain the NUL character.*", "มีอักขระที่บันทึกไม่ได้"),
    (r"must be valid Unicode text.*", "มีอักขระที่บันทึกไม่ได้"),
    # Refusals of the whole write.
    (r"token scope \S+ does not cover this crisis's provinces \((?P<a>.*)\)", "เหตุการณ์นี้อยู่นอกขอบเขตที่ท่านรายงานได้ ({a})"),
    (r"token scope \S+ does not cover (?P<a>.*)", "อยู่นอกขอบเขตที่ท่านรายงานได้: {a}"),
    (r"a crisis cannot go from (?P<a>\w+) to (?P<b>\w+).*", "เปลี่ยนสถานะจาก {a} เป็น {b} ไม่ได้"),
    (r".* may not report.*", "บทบาทของท่านรายงานข้อมูลไม่ได้"),
    (r"sign in to write", "กรุณาเข้าสู่ระบบก่อน"),
    (r"no crisis with id .*", "ไม่พบเหตุการณ์นี้"),
]
_COMPILED = [(re.compile(pattern), thai) for pattern, thai in _THAI]


def reason(text: str, lang: str) -> str:
    """One reason in the page's language; a Thai page never shows the English (a reason no rule knows yet says
    only that the value cannot be used)."""
    if lang == "en":
        return text
    for pattern, thai in _COMPILED:
        match = pattern.fullmatch(text.strip())
        if match:
            figures = {k: STATUSES.get(v, (v,))[0] for k, v in match.groupdict().items() if v is not None}
            return thai.format(**figures)
    return "ค่านี้ใช้ไม่ได้"

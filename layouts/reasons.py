"""Why an import or a row was refused, in the page's language.

The rules in cockpit/write speak English with the figures and codes in them (that is the API's language and
what the CLI prints). A Thai page must not show English, so each reason is matched here by the pattern that
made it and said again in Thai with the same figures. tests/test_reasons.py feeds real bad files through the
importer and checks that no reason reaches a Thai page untranslated; a reason without a pattern shows in
English rather than not at all.
"""

from __future__ import annotations

import re

from cockpit.read.crises import STATUSES
from cockpit.rules.approval import BILINGUAL

FIELDS_TH = {
    "indicator": "ตัวชี้วัด",
    "area": "จังหวัด",
    "province": "จังหวัด",
    "school_code": "รหัสโรงเรียน",
    "fiscal_year_be": "ปีงบประมาณ",
    "period_no": "งวด",
    "numerator": "ตัวตั้ง",
    "denominator": "ตัวหาร",
    "value": "ค่า",
    "file": "แฟ้ม",
}
# The terms of a validation rule (cockpit/rules/validation.py), as a Thai page names them.
TERMS_TH = {
    "previous_value": "ค่างวดก่อน",
    "change_pct": "ร้อยละที่เปลี่ยนจากงวดก่อน",
    "numerator": "ตัวตั้ง",
    "denominator": "ตัวหาร",
    "indicator:": "ตัวชี้วัด ",
    "value": "ค่า",
    "missing": "ไม่มีข้อมูล",
}
FREQUENCIES_TH = {"monthly": "รายเดือน", "quarterly": "รายไตรมาส", "term": "รายภาคเรียน", "yearly": "รายปี"}

_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"must be ≥ (?P<a>.+), got (?P<b>.+)", "ต้องไม่น้อยกว่า {a} แต่ได้ {b}"),
    (r"must be > (?P<a>.+), got (?P<b>.+)", "ต้องมากกว่า {a} แต่ได้ {b}"),
    (r"must be ≤ (?P<a>.+), got (?P<b>.+)", "ต้องไม่เกิน {a} แต่ได้ {b}"),
    (r"must be < (?P<a>.+), got (?P<b>.+)", "ต้องน้อยกว่า {a} แต่ได้ {b}"),
    (r"must be a finite number, got (?P<a>.+)", "ต้องเป็นตัวเลขที่มีค่าจำกัด แต่ได้ {a}"),
    (r"must be a whole number \(JSON integer\), got (?P<a>.+)", "ต้องเป็นจำนวนเต็ม แต่ได้ {a}"),
    (r"must be a number \(JSON number\), got (?P<a>.+)", "ต้องเป็นตัวเลข แต่ได้ {a}"),
    (r"must be text, got (?P<a>.+)", "ต้องเป็นข้อความ แต่ได้ {a}"),
    (r"unknown field", "ไม่รู้จักช่องนี้"),
    (r"is required", "ต้องกรอก"),
    (r"(?P<a>'.*') has (?P<b>\w+) digits; write the figure with the digits 0-9", "{a} ใช้เลขไทยหรือเลขอื่น ให้ใช้เลข 0-9"),
    (r"(?P<a>'.*') is not a finite number", "{a} ไม่ใช่ตัวเลขที่มีค่าจำกัด"),
    (r"(?P<a>'.*') uses '_' to group digits; write 1000 or 1,000", "{a} ใช้ '_' คั่นหลัก ให้เขียน 1000 หรือ 1,000"),
    (
        r"(?P<a>'.*') groups digits wrongly; commas may only separate thousands \(12,150\)",
        "{a} คั่นหลักไม่ถูกต้อง จุลภาคใช้คั่นหลักพันเท่านั้น (12,150)",
    ),
    (r"(?P<a>'.*') is too large to be a number", "{a} มีค่ามากเกินกว่าจะเป็นตัวเลข"),
    (r"(?P<a>'.*') is not a whole number", "{a} ไม่ใช่จำนวนเต็ม"),
    (r"(?P<a>'.*') is not a number", "{a} ไม่ใช่ตัวเลข"),
    (
        r"numerator (?P<a>\S+) exceeds denominator (?P<b>\S+): a percentage cannot pass 100 % "
        r"\(this would be (?P<c>.+) %\)",
        "ตัวตั้ง {a} มากกว่าตัวหาร {b}: ร้อยละเกิน 100 ไม่ได้ (จะได้ร้อยละ {c})",
    ),
    (
        r"numerator (?P<a>\S+) / denominator (?P<b>\S+) gives a value beyond (?P<c>\S+); check the denominator",
        "ตัวตั้ง {a} หารด้วยตัวหาร {b} ได้ค่าเกิน {c} โปรดตรวจตัวหาร",
    ),
    (r"a count cannot be negative, got (?P<a>.+)", "จำนวนนับติดลบไม่ได้ แต่ได้ {a}"),
    (r"a count must be a whole number, got (?P<a>.+)", "จำนวนนับต้องเป็นจำนวนเต็ม แต่ได้ {a}"),
    (r"unknown indicator (?P<a>'.*'); see /api/v1/indicators", "ไม่รู้จักตัวชี้วัด {a} (ดูรายการที่ /api/v1/indicators)"),
    (
        r"(?P<a>'.*') is not a province ISO code \(e\.g\. TH-50\) or Thai province name",
        "{a} ไม่ใช่รหัสจังหวัด (เช่น TH-50) หรือชื่อจังหวัดภาษาไทย",
    ),
    (
        r"(?P<a>\S+) is (?P<f>monthly|quarterly|term|yearly): period_no must be 1\.\.(?P<b>\d+)",
        "{a} รายงาน{f} งวดต้องเป็น 1 ถึง {b}",
    ),
    (
        r"(?P<a>\S+) is a rate: send numerator and denominator \(regions are summed from them\)",
        "{a} เป็นอัตรา: ส่งทั้งตัวตั้งและตัวหาร (ระดับภาครวมจากค่าเหล่านี้)",
    ),
    (r"(?P<a>\S+) disagrees with numerator/denominator \((?P<b>.+)\)", "{a} ไม่ตรงกับตัวตั้ง/ตัวหาร ({b})"),
    (r"(?P<a>\S+) is a count: send value only, no numerator/denominator", "{a} เป็นจำนวนนับ: ส่งเฉพาะค่า ไม่มีตัวตั้ง/ตัวหาร"),
    (r"(?P<a>\S+) is a count: send value", "{a} เป็นจำนวนนับ: ต้องส่งค่า"),
    (
        r"repeats line (?P<a>\d+) \(same indicator, province and period\)",
        "ซ้ำกับบรรทัด {a} (ตัวชี้วัด จังหวัด และงวดเดียวกัน)",
    ),
    (
        r"repeats line (?P<a>\d+) \(same indicator, school and period\)",
        "ซ้ำกับบรรทัด {a} (ตัวชี้วัด โรงเรียน และงวดเดียวกัน)",
    ),
    (
        r"unknown school code (?P<a>'.*'); see the catalogue's schools",
        "ไม่รู้จักรหัสโรงเรียน {a} (ดูรายชื่อโรงเรียนในแคตตาล็อก)",
    ),
    (
        r"school (?P<a>\S+) was retired from the catalogue on (?P<b>\S+): no new results",
        "โรงเรียน {a} ถูกปลดออกจากแคตตาล็อกเมื่อ {b}: บันทึกผลใหม่ไม่ได้",
    ),
    (
        r"(?P<a>.+): the province's figure is summed from its schools' results; write the schools' results "
        r"\(POST /api/v1/school-results\) instead; nothing was written",
        "{a}: ค่าของจังหวัดรวมจากผลของโรงเรียน ให้บันทึกผลของโรงเรียนแทน ไม่ได้บันทึกสิ่งใด",
    ),
    (
        r"(?P<a>.+): the province's figure was reported for the province directly, so it cannot also be summed "
        r"from its schools; nothing was written",
        "{a}: ค่าของจังหวัดรายงานไว้โดยตรงแล้ว จึงรวมจากผลของโรงเรียนไม่ได้ ไม่ได้บันทึกสิ่งใด",
    ),
    (
        r"has (?P<a>\d+) cells where the header has (?P<b>\d+) \(a missing or extra comma, or a quote left open\?\)",
        "มี {a} ช่อง แต่หัวตารางมี {b} ช่อง (จุลภาคขาดหรือเกิน หรือเปิดเครื่องหมายคำพูดค้างไว้?)",
    ),
    (r"(?P<a>.+) is empty", "{a} ไม่มีข้อมูล"),
    (
        r"(?P<a>.+) lacks the column\(s\) (?P<b>.+); the header row was: (?P<c>.*)",
        "{a} ไม่มีคอลัมน์ {b} (หัวตารางที่พบ: {c})",
    ),
    (
        r"the CSV cannot be read from line (?P<a>\d+) on \((?P<b>.+)\): is a quote left open there\?",
        "อ่านแฟ้ม CSV ไม่ได้ตั้งแต่บรรทัด {a}: มีเครื่องหมายคำพูดเปิดค้างไว้หรือไม่?",
    ),
    (r"the CSV is not UTF-8 text; save it as 'CSV UTF-8'", "แฟ้ม CSV ไม่ได้เข้ารหัส UTF-8: บันทึกใหม่เป็น 'CSV UTF-8'"),
    (r"the CSV holds NUL characters: it is not a text file", "แฟ้ม CSV มีอักขระ NUL: ไม่ใช่แฟ้มข้อความ"),
    (r"(?P<a>.+): use a \.csv or \.xlsx file", "{a}: ใช้แฟ้ม .csv หรือ .xlsx"),
    (
        r"the Excel file cannot be opened \((?P<a>.+)\); save it as \.xlsx",
        "เปิดแฟ้ม Excel ไม่ได้: บันทึกใหม่เป็น .xlsx",
    ),
    (
        r"the browser sent the file in a form that cannot be read; try again",
        "เบราว์เซอร์ส่งแฟ้มมาในรูปแบบที่อ่านไม่ได้ ลองอีกครั้ง",
    ),
    (r"the file cannot be imported", "นำเข้าแฟ้มนี้ไม่ได้"),
    (
        r"(?P<a>[\d,]+) bad (?P<w>line|row)\(s\)(?: in (?P<b>.+?))?; nothing was written"
        r"(?:; the first (?P<c>[\d,]+) problems are listed)?",
        "{a} {w}มีปัญหา{b}: ไม่ได้บันทึกสิ่งใด{c}",
    ),
    (r"String should have at least 1 character.*", "ต้องกรอก"),
    (r"String should have at most (?P<a>\d+) characters.*", "ยาวเกิน {a} ตัวอักษร"),
    (r"List should have at least 1 item.*", "ต้องเลือกอย่างน้อยหนึ่งรายการ"),
    (r"List should have at most (?P<a>\d+) items.*", "เลือกได้ไม่เกิน {a} รายการ"),
    (r"Input should be .*", "ค่าที่เลือกไม่มีในรายการ"),
    (r"(schools_closed )?cannot exceed schools_affected", "โรงเรียนปิดต้องไม่เกินจำนวนโรงเรียนที่ได้รับผลกระทบ"),
    (r"is in the future: .*", "เป็นเวลาในอนาคต ตรวจสอบปี พ.ศ."),
    (r"must be in the year 2000 or later.*", "ต้องเป็นปี พ.ศ. 2543 หรือหลังจากนั้น"),
    (
        r"(?P<a>'.*') is not a date and time.*",
        "{a} ไม่ใช่วันและเวลา เขียนเป็น วัน/เดือน/ปี พ.ศ. ชั่วโมง:นาที เช่น 3/12/2569 16:30",
    ),
    (r"(?P<a>'.*') is not a date of the calendar", "{a} ไม่มีในปฏิทิน"),
    (r"unknown province code (?P<a>'[^']*').*", "ไม่รู้จักรหัสจังหวัด {a}"),
    (r"unknown service area (?P<a>'[^']*')", "ไม่รู้จักเขตพื้นที่การศึกษา {a}"),
    (r"no figure typed", "ยังไม่ได้พิมพ์ค่าใหม่ในจังหวัดใด"),
    (r"must not contain the NUL character.*", "มีอักขระที่บันทึกไม่ได้"),
    (r"must be valid Unicode text.*", "มีอักขระที่บันทึกไม่ได้"),
    (
        r"token scope \S+ does not cover this crisis's provinces \((?P<a>.*)\)",
        "เหตุการณ์นี้อยู่นอกขอบเขตที่ท่านรายงานได้ ({a})",
    ),
    (r"a crisis cannot go from (?P<s1>\w+) to (?P<s2>\w+).*", "เปลี่ยนสถานะจาก {s1} เป็น {s2} ไม่ได้"),
    (r".* may not report.*", "บทบาทของท่านรายงานข้อมูลไม่ได้"),
    (r"sign in to write", "กรุณาเข้าสู่ระบบก่อน"),
    (r"no crisis with id .*", "ไม่พบเหตุการณ์นี้"),
    (r"token scope \S+ does not cover (?P<b>.+)", "อยู่นอกขอบเขตที่ท่านรายงานได้: {b}"),
    # The room's decisions (cockpit/room/decisions.py).
    (r"is in the past \(.*\); a deadline is today \(.*\) or later", "เป็นวันที่ผ่านมาแล้ว กำหนดเสร็จต้องเป็นวันนี้หรือหลังจากนี้"),
    (r"is more than (?P<a>\d+) years ahead.*", "ไกลเกิน {a} ปี ตรวจสอบปี พ.ศ."),
    (r"(?P<a>'.*') is not a date; write day/month/year BE.*", "{a} ไม่ใช่วันที่ เขียนเป็น วัน/เดือน/ปี พ.ศ. เช่น 31/12/2569"),
    (r"must not be blank: say what was decided", "ต้องกรอกว่าตัดสินใจอย่างไร"),
    (r"unknown owner .*", "ไม่รู้จักผู้รับผิดชอบนี้"),
    (r"no (indicator|area|crisis|chain) .* to decide about", "ไม่พบเรื่องที่เลือก"),
    (
        r"write scope \S+ does not cover what the decision is about \(the whole country\)",
        "มตินี้เกี่ยวกับทั้งประเทศ ซึ่งอยู่นอกขอบเขตที่ท่านบันทึกได้",
    ),
    (
        r"write scope \S+ does not cover what the decision is about \((?P<a>.*)\)",
        "เรื่องของมตินี้อยู่นอกขอบเขตที่ท่านบันทึกได้ ({a})",
    ),
    (r"write scope \S+ covers neither what decision \d+ is about nor its owner", "มตินี้อยู่นอกขอบเขตที่ท่านบันทึกได้"),
    (r"no decision with id .*", "ไม่พบมตินี้"),
    # Comments on figures (cockpit/room/comments.py).
    (r"must not be blank: write the comment", "ต้องพิมพ์ความเห็น"),
    (r"sign in to comment", "กรุณาเข้าสู่ระบบก่อนแสดงความเห็น"),
    (r"only its author or an administrator withdraws comment (?P<a>\d+)", "ถอนความเห็นที่ {a} ได้เฉพาะผู้เขียนหรือผู้ดูแลระบบ"),
    (r"unknown indicator (?P<a>'.*')", "ไม่รู้จักตัวชี้วัด {a}"),
    (r"unknown area (?P<a>'.*'): .*", "ไม่รู้จักพื้นที่ {a}"),
    (r"no comment with id (?P<a>\d+)", "ไม่พบความเห็นที่ {a}"),
    (r"comment (?P<a>\d+) is about another figure.*", "ความเห็นที่ {a} เป็นของตัวเลขอื่น ตอบที่ตัวเลขนั้น"),
    (r"view scope \S+ does not cover the area commented on \(the whole country\)", "ทั้งประเทศอยู่นอกขอบเขตที่ท่านเห็นได้"),
    (
        r"view scope \S+ does not cover the area commented on \((?P<a>.*)\)",
        "พื้นที่นี้อยู่นอกขอบเขตที่ท่านเห็นได้ ({a})",
    ),
    (
        r"breaks rule (?P<a>\S+) «.*»: (?P<t1>.+) does not hold(?: \((?P<t2>.+)\))?",
        "ไม่ผ่านกฎตรวจสอบ {a}: เงื่อนไข {t1} ไม่เป็นจริง{t2}",
    ),
    (r"(?P<a>\S+) is below the minimum (?P<b>\S+) declared for (?P<c>\S+)", "{a} ต่ำกว่าค่าต่ำสุด {b} ที่กำหนดไว้สำหรับ {c}"),
    (r"(?P<a>\S+) is above the maximum (?P<b>\S+) declared for (?P<c>\S+)", "{a} สูงกว่าค่าสูงสุด {b} ที่กำหนดไว้สำหรับ {c}"),
)
_COMPILED = tuple((re.compile(f"^{pattern}$", re.DOTALL), thai) for pattern, thai in _PATTERNS)


def _thai(text: str) -> str | None:
    for pattern, thai in _COMPILED:
        match = pattern.match(text)
        if match is None:
            continue
        values = {k: v or "" for k, v in match.groupdict().items()}
        if "w" in values:  # the count of bad lines, with its optional parts
            values["w"] = "บรรทัด" if values["w"] == "line" else "แถว"
            values["b"] = f"ในแฟ้ม {values['b']}" if values["b"] else ""
            values["c"] = f" (แสดง {values['c']} รายการแรก)" if values["c"] else ""
        if "f" in values:
            values["f"] = FREQUENCIES_TH.get(values["f"], values["f"])
        for key in ("t1", "t2"):  # a rule's condition and figures, its terms said in Thai
            if key in values:
                values[key] = terms_th(values[key])
        if values.get("t2"):
            values["t2"] = f" ({values['t2']})"
        for key in ("s1", "s2"):  # a crisis's statuses, named as the page names them
            if key in values:
                values[key] = STATUSES.get(values[key], (values[key],))[0]
        return thai.format(**values)
    return None


def terms_th(text: str) -> str:
    """A rule's condition or figures with its terms in Thai: "value <= 100" → "ค่า <= 100"."""
    for term, thai in TERMS_TH.items():
        text = re.sub(rf"\b{re.escape(term)}" + ("" if term.endswith(":") else r"\b"), thai, text)
    return text


THAI = re.compile(r"[\u0E00-\u0E7F]")


def _bilingual(text: str) -> tuple[str, str] | None:
    """(Thai, English) of a reason said in both, Thai first (the approval rules say theirs so)."""
    th, sep, en = text.partition(BILINGUAL)
    return (th, en) if sep and THAI.search(th) else None


def reason(text: str, lang: str) -> str:
    """One reason in the page's language; "field: reason" keeps its field, named in Thai."""
    both = _bilingual(text or "")
    if both is not None:
        return both[1] if lang == "en" else both[0]
    if lang == "en" or not text:
        return text
    whole = _thai(text)
    if whole is not None:
        return whole
    field, sep, rest = text.partition(": ")
    if sep and _field_th(field):
        said = _thai(rest)
        return f"{_field_th(field)}: {said if said is not None else rest}"
    return text


def _field_th(field: str) -> str | None:
    """A field's Thai name; "rules.VR01" (a validation rule a row broke) is the rule's code."""
    if field.startswith("rules."):
        return f"กฎ {field.removeprefix('rules.')}"
    return FIELDS_TH.get(field)


def translated(text: str) -> bool:
    """Whether a Thai page can say this reason in Thai (tests use it to find a rule without a pattern)."""
    if _thai(text) is not None or _bilingual(text) is not None:
        return True
    field, sep, rest = text.partition(": ")
    return bool(sep) and _field_th(field) is not None and _thai(rest) is not None

"""Why an import was refused, in the page's language: real bad files go through the importer the upload page
uses (cockpit.write.importer.import_as), and the Thai report says every reason in Thai with its figures, while
the English report keeps the importer's own words."""

from __future__ import annotations

import re

import pytest

from cockpit.write.importer import COLUMNS, import_as
from layouts.pages.upload import report
from layouts.reasons import reason, translated
from tests.signin import ADMINISTRATOR
from tests.test_one_language import ALLOWED, ENGLISH_WORD, texts

HEADER = "indicator,province,fiscal_year_be,period_no,numerator,denominator,value"
BAD_ROWS = (
    "JI02,TH-50,2568,1,15000,12150,",  # a percentage above 100
    "NOPE,TH-50,2568,1,1,2,",
    "JI02,Atlantis,2568,1,1,2,",
    "JI02,TH-50,2568,9,1,2,",  # a term indicator has two periods
    "JI02,TH-50,1999,1,1,2,",
    "JI02,TH-50,2568,1,๑๒,20,",
    "JI02,TH-50,2568,1,1_000,2000,",
    'JI02,TH-50,2568,1,"12,15,0",20000,',
    "JI02,TH-50,2568,1,nan,20,",
    "JI02,TH-50,2568,1,abc,20,",
    "JI02,TH-50,2568,1,1,0,",
    "JI02,TH-50,2568,1,-1,20,",
    "JI02,TH-50,2568,1,1e308,1e-300,",
    "JI02,TH-50,2568,1.5,1,2,",
    "JI02,TH-50,25x8,1,1,2,",
    "JI02,TH-50,2568,1,,,5",  # a rate sent as a value
    "JI12,TH-50,2568,1,,,-500",  # a count below zero
    "JI12,TH-50,2568,1,,,2.5",
    "JI12,TH-50,2568,1,3,4,",  # a count sent as a rate
    "JI02,TH-50,2568,2,1,2,",
    "JI02,TH-50,2568,2,1,2,",  # the same row twice
    "JI01,TH-50,2568,1,1,2,5",  # a value that disagrees with its numerator and denominator
    "JI02,TH-50",  # a short row
)
BAD_FILES = (
    (b"", "empty.csv"),
    (b"a,b\n1,2\n", "header.csv"),
    (f'{HEADER}\n"JI02,TH-50\n'.encode(), "quote.csv"),
    (b"\xff\xfe\x00", "utf16.csv"),
    (b"x", "report.pdf"),
    (b"not a zip", "book.xlsx"),
)
# Words of the input itself, which a report quotes as they were sent (values, file names, column names), and
# the identifiers a reason points to (an API path, a province code, an encoding).
QUOTED = re.compile(r"'[^']*'|\S*\.(csv|xlsx|pdf)\b|/api/\S+|TH-\d{2}|UTF-8|\b[a-z]+(?:_[a-z]+)+\b")
COLUMN_NAMES = {name for names in COLUMNS.values() for name in names} | {"JI02", "JI01", "JI12"}


def _reports(store) -> list[dict]:
    rows = "\n".join([HEADER, *BAD_ROWS[:-1]]) + "\n"
    short = f"{HEADER}\n{BAD_ROWS[-1]}\n"
    files = [(rows.encode(), "bad-rows.csv"), (short.encode(), "short.csv"), *BAD_FILES]
    return [import_as(store, ADMINISTRATOR, data, name) for data, name in files]


def _english_words(component) -> set[str]:
    words = set()
    for text in texts(component):
        words |= set(ENGLISH_WORD.findall(QUOTED.sub("", text)))
    return words - ALLOWED - COLUMN_NAMES


def test_every_reason_a_bad_file_gets_is_said_in_thai(demo_store):
    results = _reports(demo_store)
    assert all(not r["ok"] for r in results)
    lines = [text for r in results for _, text in r["lines"]]
    assert len(lines) >= len(BAD_ROWS) + len(BAD_FILES) - 1  # every bad row and file has its reason
    untranslated = [text for text in lines + [r["message"] for r in results] if not translated(text)]
    assert untranslated == []
    for result in results:
        assert _english_words(report(result, "th")) == set(), result["lines"]


def test_the_thai_reasons_keep_the_figures_and_the_english_ones_are_the_importer_s_own(demo_store):
    first = _reports(demo_store)[0]
    said = {text: reason(text, "th") for _, text in first["lines"]}
    percentage = next(th for en, th in said.items() if "exceeds denominator" in en)
    assert percentage == "ตัวตั้ง: ตัวตั้ง 15,000 มากกว่าตัวหาร 12,150: ร้อยละเกิน 100 ไม่ได้ (จะได้ร้อยละ 123.46)"
    period = next(th for en, th in said.items() if "period_no must be" in en)
    assert period == "งวด: JI02 รายงานรายภาคเรียน งวดต้องเป็น 1 ถึง 2"
    assert reason(first["message"], "th") == "21 บรรทัดมีปัญหาในแฟ้ม bad-rows.csv: ไม่ได้บันทึกสิ่งใด"
    english = report(first, "en")
    assert {text for _, text in first["lines"]} <= set(texts(english))


@pytest.mark.parametrize(
    "text",
    ["a reason no rule has written yet", "numerator: a new rule's words"],
)
def test_a_reason_without_a_pattern_is_shown_as_it_is_rather_than_lost(text):
    assert not translated(text)
    assert reason(text, "th").endswith(text.partition(": ")[2] or text)

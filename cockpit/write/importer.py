"""File import of indicator results (CSV or Excel), all or nothing, with a report naming the bad lines (the
first MAX_PROBLEMS problems, each with its line and column, and the count of all).

The CSV that `GET /api/v1/results?level=province&format=csv` returns is itself a valid import file: one row
per province and period with that period's own figures (a flow's too), extra columns (names, the figure to
date, target, status) ignored, and rows with no figure at all (a province that has not reported) skipped and
counted. A malformed CSV (a quote left open, a row shorter or longer than the header) is refused whole.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.engine import Connection

from cockpit.errors import CockpitError
from cockpit.people.access import Principal
from cockpit.people.tokens import Token
from cockpit.store.database import utc_now
from cockpit.write import audit
from cockpit.write.ingest import (
    Forbidden,
    ImportedResult,
    ImportedSchoolResult,
    InvalidInput,
    Problems,
    check_results,
    write_results,
)
from cockpit.write.schools import write_school_results

Progress = Callable[[str], None]

# Accepted headers for each field (case-insensitive); the first is the one exports use.
COLUMNS = {
    "indicator": ("indicator", "indicator_code", "ตัวชี้วัด"),
    "area": ("area", "province", "province_code", "จังหวัด"),
    "school_code": ("school_code", "school", "รหัสโรงเรียน"),
    "fiscal_year_be": ("fiscal_year_be", "fy", "ปีงบประมาณ"),
    "period_no": ("period_no", "period", "งวด"),
    "value": ("value", "ค่า"),
    "numerator": ("numerator", "ตัวตั้ง"),
    "denominator": ("denominator", "ตัวหาร"),
}
REQUIRED = ("indicator", "area", "fiscal_year_be")
# A file with a school_code column holds schools' results (its area column, if any, is not read).
REQUIRED_FOR_SCHOOLS = ("indicator", "school_code", "fiscal_year_be")
# `value`, `numerator` and `denominator` are the period's own figures (what an import reads); `value_to_date`,
# `target` and `status` are what the screens show for that period (a flow's total so far), `periods_missing` the
# province-periods a flow's total lacks (status "incomplete").
EXPORT_COLUMNS = (
    "indicator",
    "area",
    "name_th",
    "name_en",
    "fiscal_year_be",
    "period_no",
    "value",
    "numerator",
    "denominator",
    "value_to_date",
    "target",
    "status",
    "periods_missing",
)


class ImportFileError(InvalidInput):
    """The file itself cannot be read (format, encoding, missing columns)."""

    def __init__(self, reason: str):
        super().__init__({"file": reason}, "the file cannot be imported")


def read_rows(data: bytes, filename: str) -> list[tuple[int, dict]]:
    """(line number, {field: cell}) for each data row; line numbers as a spreadsheet shows them. A CSV cell is
    text; an Excel cell keeps its type (a number stays a number). A CSV row with more or fewer cells than the
    header (a lost comma, an unclosed quote) refuses the file, naming every such line."""
    suffix = Path(filename).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        raw = list(enumerate(_xlsx_rows(data), start=1))
    elif suffix in (".csv", ".txt", ""):
        raw = _csv_rows(data)
    else:
        raise ImportFileError(f"{filename}: use a .csv or .xlsx file")
    if not raw:
        raise ImportFileError(f"{filename} is empty")
    header = [str(h or "").strip().lower() for h in raw[0][1]]
    positions = {}
    for field, names in COLUMNS.items():
        for index, heading in enumerate(header):
            if heading in names:
                positions[field] = index
                break
    if "school_code" in positions:
        positions.pop("area", None)
    missing = [
        field for field in (REQUIRED_FOR_SCHOOLS if "school_code" in positions else REQUIRED) if field not in positions
    ]
    if missing:
        raise ImportFileError(
            f"{filename} lacks the column(s) {', '.join(missing)}; the header row was: {', '.join(header)}"
        )
    rows, problems = [], Problems()
    width = len(header)
    fields = list(positions.items())
    is_csv = suffix not in (".xlsx", ".xlsm")
    for line_no, cells in raw[1:]:
        if is_csv:
            if len(cells) == width:  # the usual row: every cell is text, one per heading
                if any(cells) and any(c.strip() for c in cells):
                    rows.append((line_no, {field: cells[index].strip() for field, index in fields}))
                continue
            if not any(c.strip() for c in cells):
                continue
            extra = [c for c in cells[width:] if c.strip()]
            if len(cells) < width or extra:
                problems.add(
                    f"line {line_no}",
                    {
                        f"line {line_no}": f"has {len(cells)} cells where the header has {width} "
                        "(a missing or extra comma, or a quote left open?)"
                    },
                )
                continue
        elif not any(str(c if c is not None else "").strip() for c in cells):
            continue
        rows.append((line_no, {field: _cell(cells, index) for field, index in fields}))
    problems.raise_if_any("line", f" in {Path(filename).name}")
    return rows


def _cell(cells: list, index: int):
    value = cells[index] if index < len(cells) else None
    if value is None:
        return ""
    return value.strip() if isinstance(value, str) else value


def _csv_rows(data: bytes) -> list[tuple[int, list[str]]]:
    """(line number where the row starts, cells) for each row; a quote left open refuses the file there."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError("the CSV is not UTF-8 text; save it as 'CSV UTF-8'") from None
    if "\x00" in text:
        raise ImportFileError("the CSV holds NUL characters: it is not a text file")
    reader = csv.reader(io.StringIO(text), strict=True)
    rows, starts_at = [], 1
    try:
        for cells in reader:
            rows.append((starts_at, cells))
            starts_at = reader.line_num + 1
    except csv.Error as error:
        raise ImportFileError(
            f"the CSV cannot be read from line {starts_at} on ({error}): is a quote left open there?"
        ) from None
    return rows


def _xlsx_rows(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    except Exception as error:
        raise ImportFileError(f"the Excel file cannot be opened ({type(error).__name__}); save it as .xlsx") from None


def import_results(
    conn: Connection, data: bytes, filename: str, token: Token, progress: Progress = lambda _m: None
) -> dict:
    """Validate the whole file, then write it in the caller's transaction; raise InvalidInput listing the bad
    lines (as "line N.field"; the first MAX_PROBLEMS, with the count of all) without writing anything. A file
    with a school_code column holds schools' results: their provinces' figures become the sums of the schools."""
    rows = read_rows(data, filename)
    progress(f"Read {len(rows):,} rows from {filename}")
    place = "school_code" if rows and "school_code" in rows[0][1] else "area"
    payloads, labels, skipped = [], [], 0
    for line_no, cells in rows:
        if all(cells.get(f, "") == "" for f in ("value", "numerator", "denominator")):
            skipped += 1
            continue
        payloads.append(
            {
                "indicator": cells["indicator"],
                place: cells[place],
                "fiscal_year_be": cells["fiscal_year_be"],
                "period_no": cells.get("period_no") or 1,
                "value": cells.get("value", ""),
                "numerator": cells.get("numerator", ""),
                "denominator": cells.get("denominator", ""),
            }
        )
        labels.append(f"line {line_no}")
    model = ImportedSchoolResult if place == "school_code" else ImportedResult
    checked = check_results(
        conn, payloads, labels, progress, model=model, what="line", where=f" in {Path(filename).name}"
    )
    progress(f"All {len(checked):,} rows are valid; writing")
    write = write_school_results if place == "school_code" else write_results
    counts = write(conn, checked, token, f"import:{Path(filename).name}")
    return {"file": filename, "rows": len(rows), "skipped_without_figures": skipped} | counts


def report_lines(fields: dict[str, str]) -> list[str]:
    """A human report of bad lines, in line order: 'line 7: area: … is not a province'."""

    def order(key: str) -> tuple:
        head = key.split(".")[0]
        number = int(head.split()[1]) if head.startswith("line ") and head.split()[1].isdigit() else 0
        return number, key

    out = []
    for key in sorted(fields, key=order):
        head, _, field = key.partition(".")
        out.append(f"{head}: {field + ': ' if field else ''}{fields[key]}")
    return out


def export_csv(rows: list[dict], indicator_code: str) -> str:
    """Area results as CSV, one row per area and period (full float precision, so re-importing an export
    changes nothing)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        values = {"indicator": indicator_code} | row
        writer.writerow(
            [
                "" if values.get(c) is None else (repr(values[c]) if isinstance(values[c], float) else values[c])
                for c in EXPORT_COLUMNS
            ]
        )
    return buffer.getvalue()


def import_as(store, token: Principal | None, data: bytes, filename: str, max_lines: int = 5000) -> dict:
    """The upload page's import, as the signed-in person: all or nothing inside their write scope; return plain
    data — the counts, or why nothing was written and the bad lines (at most `max_lines`, with how many more)."""
    base = {"file": filename, "at": utc_now().isoformat()}
    if token is None or token.kind in ("public", "device"):
        return base | {"ok": False, "problem": "no_token"}
    try:
        with store.write() as conn:
            counts = import_results(conn, data, filename, token)
            audit.record(conn, token.actor, "results_import", filename, "ok", counts)
    except InvalidInput as error:
        lines = [line.split(": ", 1) if ": " in line else [line, ""] for line in report_lines(error.fields)]
        return base | {
            "ok": False,
            "problem": "invalid",
            "message": str(error).split(":")[0],
            "lines": lines[:max_lines],
            "more": max(0, error.total - min(len(lines), max_lines)),
        }
    except Forbidden as error:
        return base | {"ok": False, "problem": "forbidden", "message": str(error)}
    except CockpitError as error:
        return base | {"ok": False, "problem": "error", "message": str(error)}
    return base | {"ok": True} | counts

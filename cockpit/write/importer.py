"""File import of indicator results (CSV or Excel), all or nothing, with a report naming every bad line.

The CSV that `GET /api/v1/results?level=province&format=csv` returns is itself a valid import file: extra
columns (names, target, status) are ignored and rows with no figure at all (a province that has not
reported) are skipped and counted.
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
from cockpit.write.ingest import Forbidden, InvalidInput, check_results, write_results

Progress = Callable[[str], None]

# Accepted headers for each field (case-insensitive); the first is the one exports use.
COLUMNS = {
    "indicator": ("indicator", "indicator_code", "ตัวชี้วัด"),
    "area": ("area", "province", "province_code", "จังหวัด"),
    "fiscal_year_be": ("fiscal_year_be", "fy", "ปีงบประมาณ"),
    "period_no": ("period_no", "period", "งวด"),
    "value": ("value", "ค่า"),
    "numerator": ("numerator", "ตัวตั้ง"),
    "denominator": ("denominator", "ตัวหาร"),
}
REQUIRED = ("indicator", "area", "fiscal_year_be")
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
    "target",
    "status",
)


class ImportFileError(InvalidInput):
    """The file itself cannot be read (format, encoding, missing columns)."""

    def __init__(self, reason: str):
        super().__init__({"file": reason}, "the file cannot be imported")


def read_rows(data: bytes, filename: str) -> list[tuple[int, dict[str, str]]]:
    """(line number, {field: text}) for each data row; line numbers as a spreadsheet shows them."""
    suffix = Path(filename).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        raw = _xlsx_rows(data)
    elif suffix in (".csv", ".txt", ""):
        raw = _csv_rows(data)
    else:
        raise ImportFileError(f"{filename}: use a .csv or .xlsx file")
    if not raw:
        raise ImportFileError(f"{filename} is empty")
    header = [str(h or "").strip().lower() for h in raw[0]]
    positions = {}
    for field, names in COLUMNS.items():
        for index, heading in enumerate(header):
            if heading in names:
                positions[field] = index
                break
    missing = [field for field in REQUIRED if field not in positions]
    if missing:
        raise ImportFileError(
            f"{filename} lacks the column(s) {', '.join(missing)}; the header row was: {', '.join(header)}"
        )
    rows = []
    for line_no, cells in enumerate(raw[1:], start=2):
        if not any(str(c or "").strip() for c in cells):
            continue
        rows.append((line_no, {field: _cell(cells, index) for field, index in positions.items()}))
    return rows


def _cell(cells: list, index: int) -> str:
    value = cells[index] if index < len(cells) else None
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_rows(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError("the CSV is not UTF-8 text; save it as 'CSV UTF-8'") from None
    try:
        return list(csv.reader(io.StringIO(text)))
    except csv.Error as error:
        raise ImportFileError(f"the CSV cannot be parsed: {error}") from None


def _xlsx_rows(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:
        raise ImportFileError(f"the Excel file cannot be opened ({type(error).__name__}); save it as .xlsx") from None
    sheet = book.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _number(text: str) -> float | None | str:
    if text == "":
        return None
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return text


def import_results(
    conn: Connection, data: bytes, filename: str, token: Token, progress: Progress = lambda _m: None
) -> dict:
    """Validate the whole file, then write it in the caller's transaction; raise InvalidInput listing every
    bad line (as "line N.field") without writing anything."""
    rows = read_rows(data, filename)
    progress(f"Read {len(rows):,} rows from {filename}")
    problems: dict[str, str] = {}
    payloads, labels, skipped = [], [], 0
    for line_no, cells in rows:
        if all(cells.get(f, "") == "" for f in ("value", "numerator", "denominator")):
            skipped += 1
            continue
        payloads.append(
            {
                "indicator": cells["indicator"],
                "area": cells["area"],
                "fiscal_year_be": cells["fiscal_year_be"],
                "period_no": cells.get("period_no") or 1,
                "value": _number(cells.get("value", "")),
                "numerator": _number(cells.get("numerator", "")),
                "denominator": _number(cells.get("denominator", "")),
            }
        )
        labels.append(f"line {line_no}")
    try:
        checked = check_results(conn, payloads, labels, progress)
    except InvalidInput as error:
        problems |= error.fields
    if problems:
        bad_lines = {key.split(".")[0] for key in problems}
        raise InvalidInput(problems, f"{len(bad_lines)} bad line(s) in {filename}; nothing was written")
    progress(f"All {len(checked):,} rows are valid; writing")
    counts = write_results(conn, checked, token, f"import:{Path(filename).name}")
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
    """Area results as CSV (full float precision, so re-importing an export changes nothing)."""
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
            "more": max(0, len(lines) - max_lines),
        }
    except Forbidden as error:
        return base | {"ok": False, "problem": "forbidden", "message": str(error)}
    except CockpitError as error:
        return base | {"ok": False, "problem": "error", "message": str(error)}
    return base | {"ok": True} | counts

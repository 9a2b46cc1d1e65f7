"""Reading and writing a catalogue as files: an Excel workbook (one sheet per kind), a folder of UTF-8 CSV
files named after the sheets, or a zip of such a folder (how a folder travels to the running app).

Reading turns every cell into text or None, so a workbook and a folder of the same content read the same;
it never raises for a bad file, it returns problems. Writing is deterministic: the same catalogue gives the
same CSV bytes, so a ministry can keep its catalogue under version control and see real differences only.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from cockpit.catalogue.problems import Problem
from cockpit.catalogue.sheets import BY_NAME, SHEETS, column_names

MAX_BYTES = 10 * 1024 * 1024
SHIPPED = ("demo", "starter")
SHEET_NAMES = tuple(model.sheet for model in SHEETS)

Cells = dict[str, str | None]


@dataclass
class RawCatalogue:
    """The text of each sheet: rows as (row number as a spreadsheet shows it, {column: text or None})."""

    source: str
    checksum: str
    headers: dict[str, list[str]] = field(default_factory=dict)
    rows: dict[str, list[tuple[int, Cells]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _too_big(size: int, source: str) -> Problem:
    return Problem(
        None,
        None,
        None,
        f"{source} มีขนาด {size / 1e6:.1f} MB เกินกำหนด {MAX_BYTES / 1e6:.0f} MB",
        f"{source} is {size / 1e6:.1f} MB, over the {MAX_BYTES / 1e6:.0f} MB limit",
    )


def shipped_catalogue(name_or_path: str) -> Path:
    """'demo' and 'starter' name the catalogues shipped under data/catalogues/; anything else is a path."""
    from cockpit import config

    if name_or_path in SHIPPED:
        return config.DATA_DIR / "catalogues" / name_or_path
    return Path(name_or_path)


def read_path(path: Path) -> RawCatalogue:
    """A folder of CSV files, an .xlsx workbook or a .zip of CSV files."""
    if path.is_dir():
        files = {p.name: p for p in sorted(path.iterdir()) if p.is_file()}
        size = sum(p.stat().st_size for p in files.values())
        digest = hashlib.sha256()
        for name, file in files.items():
            if name.endswith(".csv"):
                digest.update(name.encode() + b"\0" + file.read_bytes() + b"\0")
        raw = RawCatalogue(str(path), digest.hexdigest())
        if size > MAX_BYTES:
            raw.problems.append(_too_big(size, path.name))
            return raw
        _read_csv_files(raw, {name: file.read_bytes() for name, file in files.items() if name.endswith(".csv")})
        return raw
    if not path.is_file():
        raw = RawCatalogue(str(path), "")
        raw.problems.append(Problem(None, None, None, f"ไม่พบ {path}", f"{path}: no such file or folder"))
        return raw
    return read_bytes(path.read_bytes(), path.name)


def read_bytes(data: bytes, filename: str) -> RawCatalogue:
    """An uploaded workbook or zip (or a single sheet's CSV, which only lacks the other sheets)."""
    raw = RawCatalogue(filename, hashlib.sha256(data).hexdigest())
    if len(data) > MAX_BYTES:
        raw.problems.append(_too_big(len(data), filename))
        return raw
    suffix = Path(filename).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        _read_workbook(raw, data)
    elif suffix == ".zip":
        _read_zip(raw, data)
    elif suffix == ".csv":
        _read_csv_files(raw, {Path(filename).name: data})
    else:
        raw.problems.append(
            Problem(
                None,
                None,
                None,
                f"{filename}: ใช้ไฟล์ .xlsx หรือโฟลเดอร์ของไฟล์ CSV (หรือ .zip ของโฟลเดอร์นั้น)",
                f"{filename}: use an .xlsx workbook or a folder of CSV files (or a .zip of that folder)",
            )
        )
    return raw


def _read_zip(raw: RawCatalogue, data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = {Path(info.filename).name: info for info in archive.infolist() if not info.is_dir()}
        if sum(info.file_size for info in members.values()) > MAX_BYTES:
            raw.problems.append(_too_big(sum(info.file_size for info in members.values()), raw.source))
            return
        files = {name: archive.read(info) for name, info in members.items() if name.endswith(".csv")}
    except (zipfile.BadZipFile, OSError, ValueError):
        raw.problems.append(
            Problem(None, None, None, f"{raw.source} ไม่ใช่ไฟล์ zip ที่อ่านได้", f"{raw.source} is not a readable zip file")
        )
        return
    _read_csv_files(raw, files)


def _read_csv_files(raw: RawCatalogue, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        sheet = name[: -len(".csv")]
        if sheet not in SHEET_NAMES:
            raw.problems.append(_unknown_sheet(sheet, f"{name}"))
            continue
        table = _csv_table(raw, sheet, data)
        if table is not None:
            _take_table(raw, sheet, table)


def _csv_table(raw: RawCatalogue, sheet: str, data: bytes) -> list[list[str]] | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            data.decode("cp874")
            looks = " (ดูเหมือน TIS-620/Windows-874)", " (it looks like TIS-620/Windows-874)"
        except UnicodeDecodeError:
            looks = "", ""
        raw.problems.append(
            Problem(
                sheet,
                None,
                None,
                f"ไฟล์ {sheet}.csv ไม่ใช่ UTF-8{looks[0]}: บันทึกใหม่เป็น 'CSV UTF-8'",
                f"{sheet}.csv is not UTF-8{looks[1]}: save it again as 'CSV UTF-8'",
            )
        )
        return None
    text = text.removeprefix("\ufeff")  # Excel's "CSV UTF-8" starts with a byte-order mark: harmless, dropped.
    try:
        return list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as error:
        raw.problems.append(
            Problem(
                sheet,
                None,
                None,
                f"อ่าน {sheet}.csv ไม่ได้ (เครื่องหมายคำพูดไม่ครบคู่?): {error}",
                f"{sheet}.csv cannot be parsed (an unclosed quote?): {error}",
            )
        )
        return None


def _read_workbook(raw: RawCatalogue, data: bytes) -> None:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:
        raw.problems.append(
            Problem(
                None,
                None,
                None,
                f"{raw.source} ไม่ใช่ไฟล์ Excel (.xlsx) ที่อ่านได้ ({type(error).__name__})",
                f"{raw.source} is not a readable Excel workbook (.xlsx) ({type(error).__name__})",
            )
        )
        return
    try:
        for worksheet in book.worksheets:
            if worksheet.title not in SHEET_NAMES:
                raw.problems.append(_unknown_sheet(worksheet.title, f"sheet '{worksheet.title}'"))
                continue
            table = [[_cell_text(value) or "" for value in row] for row in worksheet.iter_rows(values_only=True)]
            _take_table(raw, worksheet.title, table)
    finally:
        book.close()


def _unknown_sheet(sheet: str, what: str) -> Problem:
    listed = ", ".join(SHEET_NAMES)
    return Problem(sheet, None, None, f"{what}: ไม่รู้จักชีตนี้ (ชีตที่รับได้: {listed})", f"{what}: unknown sheet ({listed})")


def _cell_text(value) -> str | None:
    """A workbook cell as the text a CSV of the same content would hold."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _take_table(raw: RawCatalogue, sheet: str, table: list[list[str]]) -> None:
    while table and not any(cell.strip() for cell in table[-1]):
        table.pop()
    if not table:
        raw.problems.append(Problem(sheet, 1, None, "ไม่มีแถวหัวตาราง (ชื่อคอลัมน์)", "no header row (the column names)"))
        return
    header = [cell.strip() for cell in table[0]]
    while header and header[-1] == "":
        header.pop()
    raw.headers[sheet] = header
    width = len(header)
    rows = []
    for row_no, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        extra = [cell for cell in cells[width:] if cell.strip()]
        if extra:
            raw.problems.append(
                Problem(
                    sheet,
                    row_no,
                    None,
                    f"มี {width + len(extra)} ช่อง แต่หัวตารางมี {width} คอลัมน์",
                    f"{width + len(extra)} cells but the header has {width} columns",
                )
            )
            continue
        rows.append((row_no, {name: _clean(cells[i]) if i < len(cells) else None for i, name in enumerate(header)}))
    raw.rows[sheet] = rows


def _clean(text: str) -> str | None:
    text = text.strip()
    return text or None


def _format(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def write_folder(tables: dict[str, list[dict]], folder: Path) -> list[Path]:
    """One CSV per sheet (UTF-8, no BOM, \\n line ends), columns in documented order."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for model in SHEETS:
        path = folder / f"{model.sheet}.csv"
        path.write_bytes(csv_bytes(model.sheet, tables.get(model.sheet, [])))
        written.append(path)
    return written


def csv_bytes(sheet: str, rows: list[dict]) -> bytes:
    names = column_names(BY_NAME[sheet])
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([_format(row.get(name)) for name in names])
    return buffer.getvalue().encode("utf-8")


def zip_bytes(tables: dict[str, list[dict]]) -> bytes:
    """The folder form as one zip (for a download, or to send a folder to the running app)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for model in SHEETS:
            info = zipfile.ZipInfo(f"{model.sheet}.csv", date_time=(2000, 1, 1, 0, 0, 0))
            archive.writestr(info, csv_bytes(model.sheet, tables.get(model.sheet, [])), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def workbook_bytes(tables: dict[str, list[dict]]) -> bytes:
    """One sheet per kind, the first row the column names; numbers stay numbers, yes/no are 1/0."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for model in SHEETS:
        worksheet = book.create_sheet(model.sheet)
        names = column_names(model)
        worksheet.append(list(names))
        for cell in worksheet[1]:
            cell.font = Font(bold=True)
        for row in tables.get(model.sheet, []):
            worksheet.append([_xlsx_value(row.get(name)) for name in names])
        worksheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value):
    if isinstance(value, bool):
        return 1 if value else 0
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def folder_as_zip(folder: Path) -> bytes:
    """A folder of CSV files as a zip, byte for byte, to send it through the running app."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            if path.is_file() and path.name.endswith(".csv"):
                archive.writestr(path.name, path.read_bytes())
    return buffer.getvalue()

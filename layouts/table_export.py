"""A table as the person sees it, as a file: the CSV and XLSX buttons every grid of the pages carries, and the pure
functions that turn what the grid shows (its displayed columns' header names, its rows in the shown order and
filter, each cell as formatted on screen) into the bytes of a CSV or an Excel workbook.

The browser sends what the grid shows (assets/table-export.js reads it through AG Grid's API, so hidden columns,
filters, sort and value formatters are exactly as on screen); callbacks/exports.py hands it to `table_file` and
returns the file. Nothing here queries a store: the file holds what was on the screen, no more.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass

from dash import dcc, html
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from layouts.i18n import t

# Ids of the parts of a table's export, pattern-matched (MATCH) by `grid`, the table's name on its page.
CSV_BUTTON = "table-csv"
XLSX_BUTTON = "table-xlsx"
SPEC = "table-export-spec"  # which grid, the file's name and the page's language
SHOWN = "table-shown"  # what the grid showed when a button was clicked, filled in the browser
DOWNLOAD = "table-download"
PROBLEM = "table-export-problem"
FORMATS = ("csv", "xlsx")
# The class of a plain table's header and body cells that hold controls, not figures (an approval's buttons): such
# a column is left out of the file, as buttons and inputs inside any other cell are (assets/table-export.js).
SKIP = "table-export-skip"

# Far above any table of the cockpit (77 provinces, the newest 200 audit entries), far below what would hurt.
MAX_ROWS = 20_000
MAX_COLUMNS = 200
MAX_CELL = 32_767  # Excel's limit of characters in one cell
# A number as fmt() writes it: an optional sign (also the minus sign U+2212 of changes), grouped thousands, decimals.
# Bare digits (a code such as 120101, a rank, a year) stay text: nothing says they are quantities.
NUMBER = re.compile(r"^(?P<sign>[+\-\u2212]?)(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<dec>\d+))?$")
# A text cell that a spreadsheet would run as a formula (CSV injection); such cells get a leading apostrophe.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class TableProblem(ValueError):
    """What the browser sent is not a table that can be written; `field` names the part at fault."""

    def __init__(self, field: str, too_large: bool = False):
        super().__init__(field)
        self.field = field
        self.too_large = too_large

    def message(self, lang: str) -> str:
        return t("ex_too_large" if self.too_large else "ex_bad_table", lang).format(field=self.field)


@dataclass(frozen=True)
class ShownTable:
    """What a grid showed: header names in the page's language, then one list of cells per row in the shown order."""

    columns: list[str]
    rows: list[list]


def export_buttons(grid_id: str | dict | None, name: str, lang: str, table_id: str | None = None) -> html.Div:
    """The CSV and XLSX buttons of one grid on a page, with what their callbacks need (see callbacks/exports.py).

    `name` is unique on the page, names the file (an indicator's code, a region's, what the table lists) and keys
    the pattern-matching callbacks; `grid_id` is the AgGrid's own id, which stays as it is.
    """
    key = {"grid": name}
    return html.Div(
        [
            html.Span(id={"type": PROBLEM, **key}, className="table-export-problem", role="status"),
            html.Span(t("ex_download", lang), className="table-export-label"),
            html.Button(
                "CSV",
                id={"type": CSV_BUTTON, **key},
                n_clicks=0,
                title=t("ex_csv_title", lang),
                className="table-export-button",
            ),
            html.Button(
                "XLSX",
                id={"type": XLSX_BUTTON, **key},
                n_clicks=0,
                title=t("ex_xlsx_title", lang),
                className="table-export-button",
            ),
            dcc.Store(
                id={"type": SPEC, **key},
                data={"grid": grid_id, "name": name, "lang": lang} | ({"table": table_id} if table_id else {}),
            ),
            dcc.Store(id={"type": SHOWN, **key}),
            dcc.Download(id={"type": DOWNLOAD, **key}),
        ],
        className="table-export",
    )


def exportable(grid, name: str, lang: str) -> html.Div:
    """A grid with its export buttons above its top right corner."""
    return html.Div([export_buttons(grid.id, name, lang), grid], className="table-exportable")


def exportable_table(table: html.Table, name: str, lang: str) -> html.Div:
    """A plain HTML table with the same buttons: the browser reads its header and body cells as drawn."""
    if not getattr(table, "id", None):
        table.id = f"table-{name}"
    return html.Div([export_buttons(None, name, lang, table.id), table], className="table-exportable")


def shown_table(payload: dict) -> ShownTable:
    """Check what the browser sent (`columns`: header names, `rows`: lists of cells) and return it as a table.

    Cells may be text, numbers, true/false or empty; anything else, ragged rows or a table past the limits is a
    TableProblem naming the field.
    """
    if not isinstance(payload, dict):
        raise TableProblem("table")
    columns, rows = payload.get("columns"), payload.get("rows")
    if not isinstance(columns, list) or not columns or not all(isinstance(c, str) for c in columns):
        raise TableProblem("columns")
    if len(columns) > MAX_COLUMNS:
        raise TableProblem("columns", too_large=True)
    if not isinstance(rows, list):
        raise TableProblem("rows")
    if len(rows) > MAX_ROWS:
        raise TableProblem("rows", too_large=True)
    for index, row in enumerate(rows):
        if not isinstance(row, list) or len(row) != len(columns):
            raise TableProblem(f"rows[{index}]")
        for cell in row:
            if cell is not None and not isinstance(cell, str | int | float | bool):
                raise TableProblem(f"rows[{index}]")
            if isinstance(cell, str) and len(cell) > MAX_CELL:
                raise TableProblem(f"rows[{index}]", too_large=True)
    return ShownTable(columns=list(columns), rows=[list(row) for row in rows])


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _guarded(text: str) -> str:
    """Text that a spreadsheet would take for a formula gets a leading apostrophe; numbers as shown stay as they are."""
    if text.startswith(FORMULA_START) and not NUMBER.match(text):
        return "'" + text
    return text


def table_csv(table: ShownTable) -> bytes:
    """UTF-8 with a byte order mark (so Excel opens Thai as Thai), the header names, then each row's cells as shown."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_guarded(column) for column in table.columns])
    for row in table.rows:
        writer.writerow([_guarded(_text(cell)) for cell in row])
    return out.getvalue().encode("utf-8-sig")


def _number(text: str) -> tuple[float | int, str] | None:
    """A formatted number ("1,025,514", "71.38", "+1.2", "−0.5") as its value and the Excel format that shows it
    the same way; None for any other text."""
    match = NUMBER.match(text.strip())
    if not match or ("," not in match["int"] and match["dec"] is None and not match["sign"]):
        return None
    decimals = len(match["dec"] or "")
    digits = match["int"].replace(",", "") + (f".{match['dec']}" if decimals else "")
    value = float(digits) if decimals else int(digits)
    negative = match["sign"] in ("-", "\u2212")
    body = "#,##0" + ("." + "0" * decimals if decimals else "")
    if match["sign"] in ("+", "\u2212"):
        # Changes are written with their sign on both sides of zero (+1.2, −0.5): the format keeps that.
        number_format = f'"+"{body};"\u2212"{body};{body}'
    else:
        number_format = body
    return (-value if negative else value), number_format


def _clean(text: str) -> str:
    """Characters an XLSX cell cannot hold (control characters) are dropped; everything else is kept."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _width(values: list[str]) -> float:
    """A column wide enough for its longest cell (Thai vowel and tone marks take no width of their own)."""
    longest = max((sum(1 for ch in value if unicodedata.combining(ch) == 0) for value in values), default=8)
    return min(60, max(8, longest + 2))


def table_xlsx(table: ShownTable, title: str) -> bytes:
    """An Excel workbook of one sheet: the header row in bold, frozen, with a filter; below it the rows in the shown
    order. A cell that shows a formatted number holds the number with a format that shows it the same way (same
    decimals, grouping and sign); every other cell holds its text as shown, never run as a formula."""
    book = Workbook()
    sheet = book.active
    sheet.title = re.sub(r"[\[\]:*?/\\]", "-", title)[:31] or "table"
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="16213A")
    for index, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=1, column=index, value=_clean(column))
        cell.data_type = "s"
        cell.font, cell.fill = header_font, header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row_no, row in enumerate(table.rows, start=2):
        for col_no, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_no, column=col_no)
            if isinstance(value, bool) or value is None:
                cell.value = _text(value) if value is not None else None
            elif isinstance(value, int | float):
                cell.value = value
            else:
                number = _number(value)
                if number is not None:
                    cell.value, cell.number_format = number
                else:
                    cell.value = _clean(value)
                    cell.data_type = "s"
    for index, column in enumerate(table.columns, start=1):
        values = [column] + [_text(row[index - 1]) for row in table.rows]
        sheet.column_dimensions[get_column_letter(index)].width = _width(values)
    sheet.freeze_panes = "A2"
    if table.rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{len(table.rows) + 1}"
    book.properties.title = title
    book.properties.creator = "Cockpit"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def file_name(name: str, stamp: str, kind: str) -> str:
    """`name-stamp.kind`, with only letters (Thai too), digits, dot, dash and underscore: safe on any disk."""
    safe = re.sub(r"[^\w\u0E00-\u0E7F.\-]+", "-", f"{name}-{stamp}").strip("-.") or "table"
    return f"{safe}.{kind}"


def table_file(payload: dict, stamp: str) -> tuple[bytes, str]:
    """The bytes and file name of what the browser sent: `format` csv or xlsx, `name`, `columns`, `rows`."""
    if not isinstance(payload, dict) or payload.get("format") not in FORMATS:
        raise TableProblem("format")
    name = payload.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > 120:
        raise TableProblem("name")
    table = shown_table(payload)
    kind = payload["format"]
    content = table_csv(table) if kind == "csv" else table_xlsx(table, name)
    return content, file_name(name, stamp, kind)

"""Exports (issue 13, item 4): a table's CSV and XLSX hold what the grid showed — header names in the page's language,
rows in the shown order, cells as shown (a formatted number as that number in Excel), never a formula — and every
chart of the pages carries the camera (PNG) and nothing else of Plotly's mode bar, named after its subject. The
files are built from what the browser sends; the callback is posted through the real app, signed in, on both
stores. The browser side (the camera, the buttons, the downloads) is tests/browser/test_exports.py."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import dash_ag_grid as dag
import openpyxl
import pytest
from dash import dcc

from callbacks.exports import stamp
from callbacks.routing import ROUTES, _routes, render_path
from layouts import table_export as te
from tests.signin import ADMINISTRATOR, signed_in_client

THAI = {
    "columns": ["ลำดับ", "จังหวัด", "ค่า (ร้อยละ)", "เปลี่ยนแปลงจาก 2567", "จำนวน", "รหัส", "สถานะ", "บันทึกเมื่อ"],
    "rows": [
        ["1", "เชียงใหม่", "71.38", "+1.20", "1,025,514", "120101", "✔ บรรลุค่าเป้าหมาย", "3 ธ.ค. 2569 14:05"],
        ["2", "กรุงเทพมหานคร", "7.99", "\u22120.50", "12", "TH-10", "✖ วิกฤติ", "1 ต.ค. 2568 09:00"],
        ["ไม่จัดอันดับ", "บึงกาฬ", "ไม่มีข้อมูล", "ไม่มีข้อมูล", None, "TH-38", "ไม่มีข้อมูล", ""],
    ],
}
ENGLISH = {
    "columns": ["Rank", "Province", "Value (%)", "Targets"],
    "rows": [["1", "Chiang Mai", "71.38", 3], ["2", "Bangkok", '=HYPERLINK("http://x")', 0]],
}


def _table(payload: dict) -> te.ShownTable:
    return te.shown_table(payload)


def _csv(payload: dict) -> tuple[bytes, list[list[str]]]:
    content = te.table_csv(_table(payload))
    return content, list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def _sheet(payload: dict, title: str = "JI01-league"):
    return openpyxl.load_workbook(io.BytesIO(te.table_xlsx(_table(payload), title))).active


def test_csv_is_utf8_with_a_bom_and_holds_the_cells_as_shown():
    content, rows = _csv(THAI)
    assert content.startswith(b"\xef\xbb\xbf"), "Excel reads Thai only with the byte order mark"
    assert rows[0] == THAI["columns"]
    assert rows[1] == THAI["rows"][0]
    assert rows[2][3] == "\u22120.50" and rows[3][4] == "", "signs as shown; an empty cell stays empty"
    assert rows[1][7] == "3 ธ.ค. 2569 14:05", "Buddhist Era dates as shown"
    assert len(rows) == 1 + len(THAI["rows"])


def test_csv_never_hands_a_spreadsheet_a_formula():
    _, rows = _csv(ENGLISH)
    assert rows[0] == ENGLISH["columns"]
    assert rows[2][2] == '\'=HYPERLINK("http://x")'
    assert rows[1][3] == "3" and rows[2][3] == "0", "numbers as numbers"
    _, signed = _csv({"columns": ["a", "b", "c"], "rows": [["-1.5", "+2", "@SUM(A1)"]]})
    assert signed[1] == ["-1.5", "+2", "'@SUM(A1)"], "a signed number is a number, not a formula"


def test_xlsx_holds_thai_headers_and_numbers_formatted_as_shown():
    sheet = _sheet(THAI)
    assert sheet.title == "JI01-league"
    assert [c.value for c in sheet[1]] == THAI["columns"]
    assert all(c.font.bold for c in sheet[1]) and sheet.freeze_panes == "A2"
    rank, province, value, change, count, code, status, when = sheet[2]
    assert rank.value == "1" and code.value == "120101", "bare digits (ranks, codes) stay text"
    assert province.value == "เชียงใหม่" and status.value == "✔ บรรลุค่าเป้าหมาย"
    assert value.value == pytest.approx(71.38) and value.number_format == "#,##0.00"
    assert change.value == pytest.approx(1.2) and change.number_format.startswith('"+"#,##0.00')
    assert count.value == 1025514 and count.number_format == "#,##0"
    assert when.value == "3 ธ.ค. 2569 14:05" and when.data_type == "s"
    minus = sheet["D3"]
    assert minus.value == pytest.approx(-0.5) and "\u2212" in minus.number_format
    assert sheet["C4"].value == "ไม่มีข้อมูล" and sheet["E4"].value is None
    assert sheet.max_row == 1 + len(THAI["rows"])


def test_xlsx_in_english_keeps_numbers_and_refuses_formulas():
    sheet = _sheet(ENGLISH, "catalogue-indicators")
    assert [c.value for c in sheet[1]] == ENGLISH["columns"]
    assert sheet["D2"].value == 3 and sheet["D3"].value == 0
    assert sheet["C3"].value == '=HYPERLINK("http://x")' and sheet["C3"].data_type == "s", "text, never a formula"


@pytest.mark.parametrize(
    ("payload", "field", "too_large"),
    [
        ([], "table", False),
        ({"columns": [], "rows": []}, "columns", False),
        ({"columns": ["a", 1], "rows": []}, "columns", False),
        ({"columns": ["a"], "rows": "x"}, "rows", False),
        ({"columns": ["a", "b"], "rows": [["1", "2"], ["1"]]}, "rows[1]", False),
        ({"columns": ["a"], "rows": [[{"x": 1}]]}, "rows[0]", False),
        ({"columns": ["a"], "rows": [["x"]] * (te.MAX_ROWS + 1)}, "rows", True),
        ({"columns": ["a"] * (te.MAX_COLUMNS + 1), "rows": []}, "columns", True),
        ({"columns": ["a"], "rows": [["x" * (te.MAX_CELL + 1)]]}, "rows[0]", True),
    ],
)
def test_a_malformed_table_is_refused_naming_the_field(payload, field, too_large):
    with pytest.raises(te.TableProblem) as refused:
        te.shown_table(payload)
    assert refused.value.field == field and refused.value.too_large == too_large
    assert field in refused.value.message("th") and field in refused.value.message("en")


def test_file_names_carry_the_subject_and_the_buddhist_era_date():
    moment = dt.datetime(2026, 12, 3, 16, 30, tzinfo=dt.UTC)
    assert stamp(moment) == "2569-12-03-2330", "Bangkok time, Buddhist Era"
    assert te.file_name("JI01-2569-league", stamp(moment), "xlsx") == "JI01-2569-league-2569-12-03-2330.xlsx"
    assert te.file_name("../ตาราง ผู้ใช้/x", "2569", "csv") == "ตาราง-ผู้ใช้-x-2569.csv"
    with pytest.raises(te.TableProblem, match="format"):
        te.table_file(THAI | {"format": "pdf", "name": "x"}, "2569")
    with pytest.raises(te.TableProblem, match="name"):
        te.table_file(THAI | {"format": "csv", "name": ""}, "2569")


@pytest.fixture
def routes():
    ROUTES[:] = _routes()


def _walk(component):
    if component is None or isinstance(component, str | int | float):
        return
    if isinstance(component, list | tuple):
        for child in component:
            yield from _walk(child)
        return
    yield component
    yield from _walk(getattr(component, "children", None))


CHART_PAGES = [
    ("/", ""),
    ("/region/REO08", "?lang=en"),
    ("/province/TH-50", ""),
    ("/indicator/JI01", "?lang=en"),
    ("/chain", "?node=120101"),
    ("/crisis", ""),
]


@pytest.mark.parametrize(("path", "search"), CHART_PAGES)
def test_every_chart_of_a_page_exports_as_png_and_nothing_else(demo_store, routes, path, search):
    """Maps, bars and trends carry the camera alone, named after their subject; only the thumbnails inside links
    (the nation's sparklines, the indicator page's small multiples) stay still, with no mode bar."""
    lang = "en" if "lang=en" in search else "th"
    _, _, body = render_path(demo_store, path, search, ADMINISTRATOR)
    graphs = [c for c in _walk(body) if isinstance(c, dcc.Graph)]
    exported = [g for g in graphs if g.config.get("displayModeBar") is not False]
    assert exported, path
    for graph in exported:
        config = graph.config
        assert config["modeBarButtons"] == [["toImage"]] and config["displaylogo"] is False
        assert config["toImageButtonOptions"]["format"] == "png" and config["toImageButtonOptions"]["scale"] == 2
        assert config["toImageButtonOptions"]["filename"] and config["locale"] == lang
        assert not config.get("staticPlot")
        figure = graph.figure if isinstance(graph.figure, dict) else graph.figure.to_plotly_json()
        assert figure["layout"]["paper_bgcolor"].startswith("#"), "an opaque image: the text stays legible"
    names = [g.config["toImageButtonOptions"]["filename"] for g in exported]
    assert len(names) == len(set(names)), "each chart's file has its own name"
    still = [g for g in graphs if g not in exported]
    assert all("sparkline" in g.className or "multiple" in g.className for g in still), path


@pytest.mark.parametrize(
    ("path", "search", "grids"),
    [
        ("/indicator/JI01", "", ["indicator-league"]),
        ("/region/REO08", "?lang=en", None),
        ("/people", "", ["ad-users", "ad-tokens", "ad-devices"]),
        ("/audit", "?lang=en", ["au-grid"]),
    ],
)
def test_every_table_of_a_page_has_its_csv_and_xlsx_buttons(demo_store, routes, path, search, grids):
    lang = "en" if "lang=en" in search else "th"
    _, _, body = render_path(demo_store, path, search, ADMINISTRATOR)
    components = list(_walk(body))
    tables = [c for c in components if isinstance(c, dag.AgGrid)]
    specs = {json.dumps(c.data["grid"], sort_keys=True): c.data for c in components if _type(c) == te.SPEC}
    assert tables and len(specs) == len(tables)
    for table in tables:
        spec = specs[json.dumps(table.id, sort_keys=True)]
        assert spec["lang"] == lang and spec["name"]
    if grids:
        assert sorted(t.id for t in tables) == sorted(grids)
    names = [c.id["grid"] for c in components if _type(c) == te.CSV_BUTTON]
    assert sorted(names) == sorted(s["name"] for s in specs.values())
    assert [c.children for c in components if _type(c) in (te.CSV_BUTTON, te.XLSX_BUTTON)][:2] == ["CSV", "XLSX"]


@pytest.mark.parametrize(
    ("path", "search", "names"),
    [
        ("/", "", ["regions-table"]),
        ("/crisis", "?lang=en", ["crises-by-type"]),
        ("/chain", "?node=120101", ["chain-120101"]),
    ],
)
def test_a_plain_table_of_a_page_has_its_csv_and_xlsx_buttons(demo_store, routes, path, search, names):
    """The pages' HTML tables (a region ranking, crises by type, a chain node's factors) export as the AG Grids do:
    the browser reads the drawn header and body cells (assets/table-export.js) and the server makes the file."""
    from dash import html

    _, _, body = render_path(demo_store, path, search, ADMINISTRATOR)
    components = list(_walk(body))
    data_tables = [c for c in components if isinstance(c, html.Table) and "data-table" in (c.className or "")]
    specs = [c.data for c in components if _type(c) == te.SPEC and c.data.get("table")]
    assert data_tables and sorted(t.id for t in data_tables) == sorted(s["table"] for s in specs)
    assert all(any(name in spec["name"] for spec in specs) for name in names)
    assert all(spec["lang"] == ("en" if "lang=en" in search else "th") and spec["grid"] is None for spec in specs)


def _type(component) -> str | None:
    ident = getattr(component, "id", None)
    return ident.get("type") if isinstance(ident, dict) else None


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from tests.conftest import apps_per_backend

    yield from apps_per_backend(tmp_path_factory, demo=False)


def _post_download(app, client, shown) -> dict:
    """Post the download callback as the browser does after a click: the grid's table as its input."""
    key = next(k for k in app.callback_map if te.DOWNLOAD in k)
    ident = {"type": te.SHOWN, "grid": "users"}
    body = {
        "output": key,
        "outputs": [
            {"id": {"type": te.DOWNLOAD, "grid": "users"}, "property": "data"},
            {"id": {"type": te.PROBLEM, "grid": "users"}, "property": "children"},
        ],
        "inputs": [{"id": ident, "property": "data", "value": shown}],
        "state": [],
        "changedPropIds": [json.dumps(ident, separators=(",", ":"), sort_keys=True) + ".data"],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.data[:300]
    return {json.loads(k)["type"]: v for k, v in response.get_json()["response"].items()}


@pytest.mark.parametrize("backend", ["duckdb", "postgres"])
def test_the_download_callback_answers_a_file_or_a_message_naming_the_field(served, backend):
    store, app = served(backend)
    client = signed_in_client(app, store)
    answer = _post_download(app, client, THAI | {"format": "xlsx", "name": "users", "lang": "th"})
    download = answer[te.DOWNLOAD]["data"]
    assert download["filename"].startswith("users-25") and download["filename"].endswith(".xlsx")
    assert download["base64"] is True and answer[te.PROBLEM]["children"] == ""
    import base64

    sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(download["content"]))).active
    assert [c.value for c in sheet[1]] == THAI["columns"]

    refused = _post_download(app, client, {"format": "csv", "name": "users", "lang": "en", "columns": "x", "rows": []})
    assert te.DOWNLOAD not in refused
    assert refused[te.PROBLEM]["children"] == "✖ Cannot export: the table's data is malformed (columns)"
    refused = _post_download(app, client, {"format": "csv", "name": "users", "columns": ["a"], "rows": [[1, 2]]})
    assert refused[te.PROBLEM]["children"] == "✖ ส่งออกไม่ได้: ข้อมูลตารางไม่ถูกต้อง (rows[0])"


def test_the_download_callback_needs_a_session(served):
    store, app = served("duckdb")
    client = app.server.test_client()
    key = next(k for k in app.callback_map if te.DOWNLOAD in k)
    response = client.post("/_dash-update-component", json={"output": key, "inputs": [], "state": []})
    assert response.status_code in (401, 403)

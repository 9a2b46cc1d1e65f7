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
import re

import dash_ag_grid as dag
import openpyxl
import pytest
from dash import dcc, html

from callbacks.exports import stamp
from callbacks.routing import ROUTES, _routes, render_path
from layouts import table_export as te
from layouts.charts import PANEL_2
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
    """Maps, bars, trends and the previews inside links (the nation's sparklines, the indicator page's small chart
    per region) carry the camera alone, named after their subject; none stays without it."""
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
    assert exported == graphs, path
    previews = [g for g in graphs if "sparkline" in g.className or "multiple" in g.className]
    assert bool(previews) == (path in ("/", "/indicator/JI01")), path
    for graph in previews:
        layout = graph.figure["layout"]
        assert layout["hovermode"] is False and layout["dragmode"] is False, "a preview stays still under the camera"
        assert layout["paper_bgcolor"] == PANEL_2, "the card's colour, as on screen"


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


# --- the plain tables added for #13 item 4: the region's approval lists, the upload report, the catalogue's import
# history and problems, and the /alerts tables ------------------------------------------------------------------

# What a person acts with, not what a table shows: assets/table-export.js hides these while it reads the cells.
CONTROLS = (html.Button, html.Select, html.Textarea, dcc.Input, dcc.Dropdown, dcc.Textarea)


def _drawn_text(component) -> str:
    """A cell's text as the browser's innerText gives it with the controls hidden, white space collapsed."""
    parts: list[str] = []

    def walk(node):
        if node is None or isinstance(node, CONTROLS):
            return
        if isinstance(node, str | int | float):
            parts.append(str(node))
        elif isinstance(node, list | tuple):
            for child in node:
                walk(child)
        elif isinstance(node, html.Br):
            parts.append(" ")
        else:
            walk(getattr(node, "children", None))

    walk(component)
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _read_as_the_browser_does(table: html.Table) -> dict:
    """The header cells of the head's last row and each body row's cells, without the columns marked to skip."""
    head, body = table.children

    def shown(row):
        return [cell for cell in row.children if te.SKIP not in (getattr(cell, "className", None) or "").split()]

    last = head.children if isinstance(head.children, html.Tr) else head.children[-1]
    return {"columns": [_drawn_text(c) for c in shown(last)], "rows": [[_drawn_text(c) for c in shown(tr)]
                                                                        for tr in body.children]}  # fmt: skip


def _exported(body, lang: str) -> dict[str, list[list]]:
    """{table's name: its CSV's rows} for every plain table of a rendered page with export buttons, made as a click
    on CSV makes it; the XLSX of the same table holds the same header and as many rows."""
    components = list(_walk(body))
    tables = {c.id: c for c in components if isinstance(c, html.Table) and getattr(c, "id", None)}
    files = {}
    for spec in [c.data for c in components if _type(c) == te.SPEC and c.data.get("table")]:
        assert spec["lang"] == lang and spec["grid"] is None
        shown = _read_as_the_browser_does(tables[spec["table"]]) | {"name": spec["name"], "lang": lang}
        content, name = te.table_file(shown | {"format": "csv"}, "2569-12-03-2330")
        assert name == f"{spec['name']}-2569-12-03-2330.csv"
        files[spec["name"]] = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        content, _ = te.table_file(shown | {"format": "xlsx"}, "2569-12-03-2330")
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        assert [c.value for c in sheet[1]] == files[spec["name"]][0] and sheet.max_row == len(files[spec["name"]])
    return files


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_region_s_approval_lists_export_what_they_show_without_the_buttons(empty_store, lang):
    """Awaiting the office's approval, then approved and awaiting national acceptance: each list's file holds its
    indicator, province, period, value (with the awaiting mark) and state and who, in the page's language, and
    no column of buttons or button text."""
    from cockpit.rules import approval
    from layouts.i18n import t
    from tests.factories import add_minimal_catalogue
    from tests.test_approval import NATIONAL, office, region_body, step, steps, write

    with empty_store.write() as conn:
        add_minimal_catalogue(conn)
    steps(empty_store, "TC01", 2)
    write(empty_store, 40)
    header = [t(key, lang) for key in ("tc_indicator", "tc_province", "tc_period", "tc_value", "ap_by")]
    chiang_mai = "เชียงใหม่" if lang == "th" else "Chiang Mai"

    files = _exported(region_body(empty_store, office(empty_store), lang)[1], lang)
    assert list(files) == ["REO15-awaiting-approval"]
    rows = files["REO15-awaiting-approval"]
    assert rows[0] == header and len(rows) == 2
    indicator, province, period, value, by = rows[1]
    assert indicator.startswith("TC01 ") and province == chiang_mai and "2568" in period
    assert value == f"40 {t('ap_mark', lang)}"
    assert by.startswith(approval.STATE_NAMES[approval.REPORTED][lang == "en"]) and "user:cm" in by
    assert t("ap_approve", lang) not in ",".join(rows[1])

    step(empty_store, office(empty_store), "approve")
    files = _exported(region_body(empty_store, NATIONAL, lang)[1], lang)
    assert sorted(files) == ["REO15-approved", "REO15-awaiting-acceptance"]
    for name in files:
        assert files[name][0] == header and len(files[name]) == 2 and files[name][1][1] == chiang_mai
        assert not any(t(f"ap_{s}", lang) in ",".join(files[name][1]) for s in ("accept", "unapprove"))


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_upload_report_exports_its_bad_lines_in_the_page_s_language(empty_store, lang):
    """A refused import's report: each bad line's number and what is wrong with it, as the page words it."""
    from cockpit.write.importer import import_as
    from layouts.i18n import t
    from layouts.pages import upload
    from layouts.reasons import reason
    from tests.factories import add_minimal_catalogue

    with empty_store.write() as conn:
        add_minimal_catalogue(conn)
    bad = b"indicator,area,fiscal_year_be,period_no,value\nTC01,TH-50,2568,1,4\nTC01,Atlantis,2568,1,5\n"
    bad += b"TC01,TH-20,2568,1,x\n"
    result = import_as(empty_store, ADMINISTRATOR, bad, "bad.csv")
    assert not result["ok"] and len(result["lines"]) == 2
    files = _exported(html.Div(upload.report(result, lang)), lang)
    assert list(files) == ["upload-problems"]
    rows = files["upload-problems"]
    assert rows[0] == [t("up_line", lang), t("up_problem", lang)]
    assert rows[1:] == [[head.split(" ", 1)[1], reason(text, lang)] for head, text in result["lines"]]
    assert ("'Atlantis' ไม่ใช่รหัสจังหวัด" in rows[1][1]) == (lang == "th")


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_catalogue_s_problems_and_import_history_export_as_shown(empty_store, tmp_path, lang):
    """A dry run refused: each problem's sheet, row, column and reason; an import done: its line in the history
    (when in the Buddhist Era, who, which file, the checksum's start, what changed) — in the page's language."""
    from cockpit import config
    from cockpit.catalogue import files as catalogue_files
    from cockpit.rules.thai_time import be_year, to_bangkok
    from cockpit.web.catalogue_api import import_as
    from layouts.i18n import t
    from layouts.pages import catalogue

    starter = config.DATA_DIR / "catalogues" / "starter"
    broken = tmp_path / "broken"
    broken.mkdir()
    for path in starter.iterdir():
        (broken / path.name).write_bytes(path.read_bytes())
    indicators = (broken / "indicators.csv").read_text(encoding="utf-8").splitlines()
    indicators[1] = indicators[1].replace(",higher,", ",upwards,", 1)
    (broken / "indicators.csv").write_text("\n".join(indicators) + "\n", encoding="utf-8")
    refused = import_as(empty_store, ADMINISTRATOR, catalogue_files.folder_as_zip(broken), "broken.zip", dry_run=True)
    assert not refused["ok"] and refused["problems"]
    rows = _exported(html.Div(catalogue.report(refused, lang)), lang)["catalogue-problems"]
    assert rows[0] == [t(word, lang) for word in ("ct_sheet", "ct_row", "ct_column", "ct_why")]
    assert ["indicators", "2", "direction"] == rows[1][:3] and "upwards" in rows[1][3]
    assert len(rows) == 1 + len(refused["problems"])

    done = import_as(empty_store, ADMINISTRATOR, catalogue_files.folder_as_zip(starter), "starter.zip", dry_run=False)
    assert done["ok"]
    ROUTES[:] = _routes()
    search = "?lang=en" if lang == "en" else ""
    history = _exported(render_path(empty_store, "/catalogue", search, ADMINISTRATOR)[2], lang)["catalogue-history"]
    assert history[0] == [t(word, lang) for word in ("ct_when", "ct_who", "ct_file", "ct_checksum", "ct_what")]
    when, who, file, checksum, what = history[-1]
    assert who == ADMINISTRATOR.actor and file == "starter.zip" and len(checksum) == 12
    assert str(be_year(to_bangkok(dt.datetime.now(dt.UTC)).year)) in when and t("ct_sheet_indicators", lang) in what


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_alert_tables_export_rules_recipients_and_deliveries_without_the_switches(empty_store, lang):
    """/alerts: each rule and recipient with whether it is on (the word, not the button beside it), and the delivery
    log's attempts with their status and message, in the page's language."""
    import socket

    from cockpit.room import alerts, delivery
    from cockpit.write.ingest import check_results, write_results
    from layouts.i18n import t
    from tests.factories import add_minimal_catalogue
    from tests.test_approval import NATIONAL

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}/hook"  # nothing listens: the delivery fails, logged
    with empty_store.write() as conn:
        add_minimal_catalogue(conn)
        red = alerts.add_rule(conn, "status_enters", "user:admin", level="red")
        orange = alerts.add_rule(conn, "status_enters", "user:admin", level="orange", indicator_code="TC01")
        alerts.set_enabled(conn, "rule", orange, False, "user:admin")
        alerts.add_recipient(conn, "webhook", closed, "user:admin")
    result = {"indicator": "TR01", "area": "TH-20", "fiscal_year_be": 2568, "numerator": 50.0, "denominator": 100.0}
    with empty_store.write() as conn:  # 50 % against a target of 80: red
        write_results(conn, check_results(conn, [result], ["results[0]"]), NATIONAL, "api")
    alerts.evaluate(empty_store)
    delivery.deliver_due(empty_store)
    ROUTES[:] = _routes()
    body = render_path(empty_store, "/alerts", "?lang=en" if lang == "en" else "", ADMINISTRATOR)[2]
    files = _exported(body, lang)
    assert sorted(files) == ["alert-log", "alert-recipients", "alert-rules"]

    rules = files["alert-rules"]
    assert rules[0] == ["#", *(t(w, lang) for w in ("al_kind", "al_level", "al_indicator", "al_area", "al_enabled"))]
    by_id = {row[0]: row for row in rules[1:]}
    assert by_id[str(red)][2:] == [t("al_red", lang), t("al_every_indicator", lang), t("al_nationwide", lang),
                                   "✔ " + t("al_on", lang)]  # fmt: skip
    assert by_id[str(orange)][3] == "TC01" and by_id[str(orange)][5] == "✖ " + t("al_off", lang)
    assert {row[5] for row in rules[1:]} == {"✔ " + t("al_on", lang), "✖ " + t("al_off", lang)}, "no button's words"

    recipients = files["alert-recipients"]
    assert recipients[1][1:] == [t("al_webhook", lang), closed, t("al_nationwide", lang), "✔ " + t("al_on", lang)]

    log = files["alert-log"]
    words = ("al_when", "al_address", "al_attempt", "al_status", "al_detail", "al_message")
    assert log[0] == [t(w, lang) for w in words]
    failed = next(row for row in log[1:] if row[2] == "1")
    assert failed[1] == closed and failed[3] == t("al_st_failed", lang) and failed[4].startswith("no answer")
    assert failed[5] and failed[5] == _alert_message(empty_store, lang)


def _alert_message(store, lang: str) -> str:
    from cockpit.room import alerts

    with store.read() as conn:
        return alerts.delivery_log(conn)[-1]["message_en" if lang == "en" else "message_th"]

"""/catalogue — the ministry's catalogue for an administrator: what it holds, what is retired, who imported
what and when, a download, and an upload that is always checked first (a dry run) before it is imported.

The file dropped here goes through the same check and import as `cockpit catalogue import` and
POST /api/v1/catalogue; the report names every problem by sheet, row and column.
"""

from __future__ import annotations

import dash_ag_grid as dag
from dash import dcc, html

from cockpit.rules.thai_time import format_datetime_be
from layouts.common import GRID_THEME, acting_as, href, section
from layouts.i18n import name, t
from layouts.table_export import exportable, exportable_table

SHEET_KEYS = (
    "agencies",
    "region_schemes",
    "regions",
    "service_areas",
    "schools",
    "chain",
    "indicators",
    "targets",
    "projects",
    "validation_rules",
)
CHANGE_WORDS = ("added", "changed", "restored", "retired", "deleted")


def render(view: dict, query: dict, lang: str):
    about = view["catalogue"]["about"]
    sheets = view["catalogue"]["sheets"]
    body = html.Div(
        [
            section(t("ct_title", lang), _about(about, sheets, lang), "ct-about-panel"),
            section(t("ct_import", lang), _import_form(view, lang), "ct-import-panel"),
            section(t("ct_indicators", lang), _indicator_grid(sheets, lang), "ct-grid-panel"),
            section(t("ct_retired", lang), _retired(view["catalogue"]["retired"], lang), "ct-retired-panel"),
            section(t("ct_history", lang), _history(view["catalogue"]["history"], lang), "ct-history-panel"),
        ],
        className="catalogue-page",
    )
    return [(t("nation", lang), href("/", query)), (t("ct_title", lang), None)], body


def _about(about: dict, sheets: dict, lang: str) -> html.Div:
    kind = about.get("kind") or ""
    counts = [
        html.Div(
            [
                html.Span(f"{len(sheets.get(key, [])):,}", className="ct-count-value"),
                html.Span(t(f"ct_sheet_{key}", lang), className="ct-count-label"),
            ],
            className="ct-count",
            id=f"ct-count-{key}",
        )
        for key in SHEET_KEYS
    ]
    empty = not sheets.get("indicators")
    return html.Div(
        [
            html.Div(
                [
                    html.Span(about.get("name") or t("ct_unnamed", lang), className="ct-name"),
                    html.Span(t(f"ct_kind_{kind}", lang), className=f"ct-kind ct-kind-{kind}") if kind else None,
                ],
                className="ct-heading",
            ),
            html.P(about.get("description") or "", className="ct-description") if about.get("description") else None,
            html.P(t("ct_empty", lang), className="ct-empty-hint", id="ct-empty-hint") if empty else None,
            html.Div(counts, className="ct-counts"),
            html.Div(
                [
                    html.A(
                        ["⬇ ", t("ct_download_xlsx", lang)],
                        href="/api/v1/catalogue?format=xlsx",
                        download="cockpit-catalogue.xlsx",
                        className="ct-download",
                        id="ct-download-xlsx",
                    ),
                    html.A(
                        ["⬇ ", t("ct_download_zip", lang)],
                        href="/api/v1/catalogue?format=zip",
                        download="cockpit-catalogue.zip",
                        className="ct-download",
                        id="ct-download-zip",
                    ),
                    html.A(t("ct_columns_doc", lang), href="/api/v1/catalogue/columns", className="ct-doc-link"),
                ],
                className="ct-downloads",
            ),
        ]
    )


def _import_form(view: dict, lang: str) -> html.Div:
    return html.Div(
        [
            html.P(t("ct_import_intro", lang), className="ct-intro"),
            acting_as(view, lang, "ct-acting-as"),
            dcc.Upload(
                id="ct-file",
                children=html.Div(
                    [html.Span("⬆", className="up-drop-icon", **{"aria-hidden": "true"}), html.Span(t("ct_drop", lang))]
                ),
                accept=".xlsx,.zip,application/zip,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                multiple=False,
                className="up-drop",
                className_active="up-drop up-drop-active",
            ),
            dcc.Loading(
                [
                    dcc.Store(id="ct-pending", storage_type="memory"),
                    dcc.Store(id="ct-report", storage_type="session"),
                    html.Div(
                        html.P(t("ct_waiting", lang), className="up-waiting"),
                        id="ct-result",
                        role="status",
                        **{"aria-live": "polite"},
                    ),
                ],
                type="circle",
            ),
            html.Button(t("ct_apply", lang), id="ct-apply", className="ct-apply", disabled=True, n_clicks=0),
        ],
        className="ct-form",
    )


def report(result: dict | None, lang: str) -> list:
    """A dry run's or an import's outcome: the changes per kind, or every problem with its place."""
    if not result:
        return [html.P(t("ct_waiting", lang), className="up-waiting")]
    head = html.Div(result.get("file") or "", className="up-file-name")
    if not result.get("ok"):
        problems = result.get("problems", [])
        rows = [
            html.Tr(
                [
                    html.Td(p.get("sheet") or "—"),
                    html.Td("" if p.get("row") is None else str(p["row"])),
                    html.Td(p.get("column") or ""),
                    html.Td(p["th"] if lang == "th" else p["en"]),
                ]
            )
            for p in problems
        ]
        header = html.Tr([html.Th(t(word, lang)) for word in ("ct_sheet", "ct_row", "ct_column", "ct_why")])
        return [
            html.H3(["✖ ", t("ct_refused", lang), f" ({len(problems):,})"], className="up-outcome up-bad"),
            head,
            html.P(result.get("message") or "", className="ct-message"),
            exportable_table(
                html.Table([html.Thead(header), html.Tbody(rows)], className="ct-problems"), "catalogue-problems", lang
            )
            if rows
            else None,
        ]
    outcome = "ct_checked" if result.get("dry_run") else "ct_imported"
    changes = result.get("changes", {})
    rows = []
    for kind, counts in changes.items():
        parts = [f"{t('ct_' + word, lang)} {counts[word]:,}" for word in CHANGE_WORDS if counts.get(word)]
        if parts:
            rows.append(html.Li([html.B(t(f"ct_sheet_{kind}", lang)), ": ", " · ".join(parts)]))
    retired = [code for codes in result.get("codes", {}).values() for code in codes.get("retired", [])]
    return [
        html.H3(["✔ ", t(outcome, lang)], className="up-outcome up-ok"),
        head,
        html.Ul(rows, className="ct-changes") if rows else html.P(t("ct_nothing", lang), className="ct-changes"),
        html.P(f"{t('ct_retired_now', lang)}: {', '.join(retired)}", className="ct-retired-now") if retired else None,
        html.P(t("ct_apply_hint", lang), className="ct-apply-hint") if result.get("dry_run") else None,
    ]


def _indicator_grid(sheets: dict, lang: str):
    indicators = sheets.get("indicators", [])
    if not indicators:
        return html.P(t("ct_no_indicators", lang), className="ct-empty")
    rows = [
        {
            "code": row["code"],
            "name": row["name_th"] if lang == "th" else row["name_en"],
            "unit": row["unit_label_th"] if lang == "th" else row["unit_label_en"],
            "direction": t(f"ct_direction_{row['direction']}", lang),
            "frequency": t(f"ct_frequency_{row['frequency']}", lang),
            "chain_node": row["chain_node"],
            "host_agency": row["host_agency"],
            "targets": sum(1 for target in sheets.get("targets", []) if target["indicator"] == row["code"]),
        }
        for row in indicators
    ]
    columns = [
        {"field": "code", "headerName": t("ct_code", lang), "pinned": "left", "width": 190},
        {"field": "name", "headerName": t("indicator", lang), "flex": 3, "minWidth": 320, "tooltipField": "name"},
        {"field": "unit", "headerName": t("ct_unit", lang), "width": 130},
        {"field": "direction", "headerName": t("ct_direction", lang), "width": 170},
        {"field": "frequency", "headerName": t("ct_frequency", lang), "width": 150},
        {"field": "chain_node", "headerName": t("ct_chain_node", lang), "width": 160},
        {"field": "host_agency", "headerName": t("rp_host", lang), "width": 140},
        {"field": "targets", "headerName": t("ct_targets", lang), "width": 130, "type": "numericColumn"},
    ]
    grid = dag.AgGrid(
        id="ct-indicators",
        rowData=rows,
        columnDefs=columns,
        defaultColDef={"sortable": True, "resizable": True, "filter": True},
        getRowId="params.data.code",
        dashGridOptions={
            "theme": {"function": GRID_THEME},
            "domLayout": "autoHeight",
            "tooltipShowDelay": 200,
            "enableCellTextSelection": True,
        },
        style={"width": "100%"},
        className="ct-grid",
    )
    return exportable(grid, "catalogue-indicators", lang)


def _retired(retired: dict, lang: str):
    items = [
        html.Li([html.B(f"{row['code']}"), f" · {name(row, lang)} ({t(f'ct_sheet_{kind}', lang)})"])
        for kind, rows in retired.items()
        for row in rows
    ]
    if not items:
        return html.P(t("ct_none_retired", lang), className="ct-empty")
    return html.Div([html.P(t("ct_retired_hint", lang)), html.Ul(items, className="ct-retired-list")])


def _history(history: list[dict], lang: str):
    if not history:
        return html.P(t("ct_no_history", lang), className="ct-empty")
    header = html.Tr([html.Th(t(word, lang)) for word in ("ct_when", "ct_who", "ct_file", "ct_checksum", "ct_what")])
    rows = []
    for entry in history:
        parts = []
        for kind, counts in entry["changes"].items():
            moved = [f"{t('ct_' + word, lang)} {counts[word]:,}" for word in CHANGE_WORDS if counts.get(word)]
            if moved:
                parts.append(f"{t(f'ct_sheet_{kind}', lang)}: {', '.join(moved)}")
        rows.append(
            html.Tr(
                [
                    html.Td(format_datetime_be(entry["imported_at"], lang)),
                    html.Td(entry["imported_by"]),
                    html.Td(entry["source"].rsplit("/", 1)[-1]),
                    html.Td(html.Code(entry["checksum"][:12]), title=entry["checksum"]),
                    html.Td("; ".join(parts) or t("ct_nothing", lang)),
                ]
            )
        )
    return exportable_table(
        html.Table([html.Thead(header), html.Tbody(rows)], className="ct-history"), "catalogue-history", lang
    )

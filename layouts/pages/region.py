"""/region/<code> — how a regional education office's provinces stand: every province on every indicator, the
chosen indicator on the map, the region's open crises and where it ranks among the regions."""

from __future__ import annotations

import json

import dash_ag_grid as dag
from dash import dcc, html

from cockpit.catalogue.geo import label_points
from layouts.approval import approval_panel
from layouts.charts import exportable_chart, ranked_bars
from layouts.comments import thread_href
from layouts.common import GRID_THEME, fmt, fresh_crises, fresh_results, href, section
from layouts.completeness import completeness_panel
from layouts.crisis_list import crisis_list
from layouts.empty import NO_CATALOGUE, emptiness, empty_state
from layouts.i18n import indicator_short_name, name, t
from layouts.maps import province_map
from layouts.pages.nation import indicator_choice, map_mode_links
from layouts.status import COLOURS, SYMBOLS
from layouts.table_export import exportable
from layouts.to_check import to_check_list

# The grids' id type. A province's name is a real link (assets/grid-links.js): it opens in place, or in a new
# tab, and can be copied.
GRID_TYPE = "region-grid"
PROVINCE_COLUMN = "province"
STAGES = ("upstream", "midstream", "downstream")
# Text on a status-coloured cell: dark on the light colours, as on the status badges.
CELL_TEXT = {
    "green": "#ffffff",
    "yellow": "#111827",
    "orange": "#111827",
    "red": "#ffffff",
    "no_data": "#b6bfcc",
    "no_target": "#b6bfcc",
    "incomplete": "#111827",
}


def status_field(code: str) -> str:
    """The row field holding a province's status on indicator `code` (the cell shows symbol and value)."""
    return f"{code}__status"


def comments_field(code: str) -> str:
    """The row field holding the comments on a province's figure of indicator `code`, when it has any: how many,
    the words for them and the link to the thread (assets/grid-links.js CommentedCell draws them in the cell)."""
    return f"{code}__comments"


def _cell_style(code: str) -> dict:
    """Cell colour by status, from the same COLOURS as everywhere else; the text carries the symbol too."""
    conditions = []
    for status, colour in COLOURS.items():
        style = {"color": CELL_TEXT[status], "fontWeight": "700"}
        if status in ("no_data", "no_target"):
            style |= {"backgroundColor": "transparent", "fontWeight": "400", "fontStyle": "italic"}
        elif status == "incomplete":  # hatched as on every badge (assets/cockpit.css): no colour of the levels
            style |= {"backgroundImage": "repeating-linear-gradient(135deg, #cbd5e1 0 6px, #e2e8f0 6px 12px)"}
        else:
            style |= {"backgroundColor": colour}
        # Bracket access: catalogue codes such as PREPRIMARY-3-5 are not JavaScript identifiers.
        field = json.dumps(status_field(code))
        conditions.append({"condition": f"params.data[{field}] == '{status}'", "style": style})
    return {"styleConditions": conditions}


def grid_rows(view: dict, inds: list[dict], lang: str, query: dict) -> list[dict]:
    """One row per province of the region: its name and link and, per indicator, symbol + value, status and the
    comments on the figure."""
    cells = {column["indicator"]["code"]: column["cells"] for column in view["grid"]}
    counts = view.get("comment_counts") or {}
    rows = []
    for province in view["provinces"]:
        row = {
            "area": province["code"],
            PROVINCE_COLUMN: name(province, lang),
            "href": href(f"/province/{province['code']}", query),
        }
        for ind in inds:
            cell = cells.get(ind["code"], {}).get(province["code"])
            status = cell["status"] if cell else "no_data"
            value = cell["value"] if cell else None
            row[ind["code"]] = f"{SYMBOLS[status]} {fmt(value, ind['decimals'], lang)}"
            if (ind["code"], province["code"]) in view.get("flagged", ()):
                row[ind["code"]] += " ⚑"  # a grid cell has room for the flag only; the list below says why
            if (ind["code"], province["code"]) in view.get("awaiting", ()):
                row[ind["code"]] += " ◔"  # awaiting approval: the approval panel below lists it in words
            row[status_field(ind["code"])] = status
            if n := counts.get((ind["code"], province["code"])):
                row[comments_field(ind["code"])] = {
                    "n": n,
                    "noun": t("fc_noun", lang),
                    "title": t("fc_count_title", lang).format(n=n),
                    "href": thread_href(f"/province/{province['code']}", query, ind=ind["code"]),
                }
        rows.append(row)
    return rows


def stage_of(ind: dict) -> str | None:
    return ind["value_chain_stage"] if ind["value_chain_stage"] in STAGES else None


def grid_columns(inds: list[dict], lang: str) -> list[dict]:
    """The province (pinned left, a link), then one column per indicator: its short name over its code, the full
    name as a tooltip."""
    province = {
        "field": PROVINCE_COLUMN,
        "headerName": t("rp_province", lang),
        "pinned": "left",
        "width": 250,
        "cellClass": "rp-grid-province",
        "cellRenderer": "ProvinceLink",
    }
    return [province] + [
        {
            "field": i["code"],
            "headerName": f"{indicator_short_name(i, lang)} ({i['code']})",
            "headerTooltip": f"{i['code']} · {name(i, lang)}",
            "wrapHeaderText": True,
            "autoHeaderHeight": True,
            "tooltipValueGetter": {"function": f"'{i['code']} · ' + params.value"},
            "cellRenderer": "CommentedCell",
            "cellRendererParams": {"comments": comments_field(i["code"])},
            "valueFormatter": {"function": f"withComments(params, {json.dumps(comments_field(i['code']))})"},
            "cellStyle": _cell_style(i["code"]),
            "flex": 1,
            "minWidth": 118,
            "cellClass": "rp-grid-cell",
        }
        for i in inds
    ]


def grid_id(stage: str | None) -> dict:
    return {"type": GRID_TYPE, "stage": stage or "other"}


def status_grid(view: dict, stage: str | None, inds: list[dict], lang: str, query: dict) -> dag.AgGrid:
    """Every province of the region on the indicators of one value-chain stage."""
    return dag.AgGrid(
        id=grid_id(stage),
        rowData=grid_rows(view, inds, lang, query),
        columnDefs=grid_columns(inds, lang),
        defaultColDef={"sortable": True, "resizable": True, "suppressMovable": True},
        getRowId="params.data.area",
        dashGridOptions={
            "theme": {"function": GRID_THEME},
            "domLayout": "autoHeight",
            "tooltipShowDelay": 200,
            "suppressCellFocus": True,
            "enableCellTextSelection": True,
        },
        style={"width": "100%"},
        className="rp-grid",
    )


def status_grids(view: dict, lang: str, query: dict) -> html.Div:
    """One grid per value-chain stage (ต้นน้ำ / กลางน้ำ / ปลายน้ำ), so every column fits a wall screen."""
    inds = [column["indicator"] for column in view["grid"]]
    blocks = []
    for stage in (*STAGES, None):
        members = [i for i in inds if stage_of(i) == stage]
        if members:
            label = t(f"rp_{stage}", lang) if stage else t("indicator", lang)
            blocks.append(
                html.Div(
                    [
                        html.H3(label, className="rp-grid-stage"),
                        exportable(
                            status_grid(view, stage, members, lang, query),
                            f"{view['region']['code']}-{stage or 'other'}",
                            lang,
                        ),
                    ],
                    className="rp-grid-block",
                    id=f"grid-{stage or 'other'}",
                )
            )
    return html.Div(blocks, className="rp-grids")


def comparison_bars(view: dict, lang: str) -> dcc.Graph:
    """The regions ranked on the chosen indicator, this region outlined and in bold."""
    graph = ranked_bars(view["comparison"], view["indicator"], lang, {"type": "region-bars", "page": "region"})
    bar = graph.figure.data[0]
    codes = list(bar.customdata)
    if view["region"]["code"] in codes:
        mine = codes.index(view["region"]["code"])
        bar.marker.line.width = [5 if index == mine else 0 for index in range(len(codes))]
        bar.marker.line.color = "#f9fafb"
        labels = list(bar.y)
        labels[mine] = f"<b>▶ {labels[mine]}</b>"
        bar.y = labels
    graph.figure.update_yaxes(tickfont={"size": 18})
    graph.figure.update_xaxes(tickfont={"size": 18})
    graph.figure.update_traces(textfont_size=18)
    return exportable_chart(graph, f"{view['region']['code']}-{view['indicator']['code']}-regions", lang)


def region_map(view: dict, lang: str, mode: str) -> dcc.Graph:
    """The region's provinces, zoomed to them; the status symbols large enough to read across the room."""
    graph = province_map(
        view["map"],
        label_points(),
        lang,
        {"type": "province-map", "page": "region"},
        view["indicator"],
        mode,
        height=560,
    )
    graph.figure.update_traces(textfont_size=30, selector={"type": "scattergeo"})
    return exportable_chart(graph, f"{view['region']['code']}-{view['indicator']['code']}-map-{mode}", lang)


def title(view: dict, query: dict, lang: str) -> html.Div:
    region, provinces = view["region"], view["provinces"]
    links = [
        dcc.Link(name(p, lang), href=href(f"/province/{p['code']}", query), className="province-link rp-chip")
        for p in provinces
    ]
    return html.Div(
        [
            html.H1(
                [
                    name(region, lang),
                    html.Span(t("rp_provinces_count", lang).format(n=len(provinces)), className="rp-count"),
                ],
                className="rp-title",
            ),
            html.Div(links, className="rp-chips"),
        ],
        className="rp-head",
    )


def render(view: dict, query: dict, lang: str):
    region, ind = view["region"], view["indicator"]
    path = f"/region/{region['code']}"
    mode = "value" if query.get("map") == "value" else "status"
    crumbs = [(t("nation", lang), href("/", query)), (name(region, lang), None)]
    empty = emptiness(view)
    crisis_panel = section(
        t("rp_region_crises", lang),
        crisis_list(view["crises"], query, lang),
        "crisis-panel",
        fresh=fresh_crises(view["crises"], lang),
    )
    if empty == NO_CATALOGUE or ind is None:
        body = html.Div(
            [
                title(view, query, lang),
                section(t("rp_grid_title", lang), empty_state(NO_CATALOGUE, query, lang), "rp-grid-panel"),
                crisis_panel,
            ],
            className="region-page",
        )
        return crumbs, body
    body = html.Div(
        [
            title(view, query, lang),
            section(
                t("rp_grid_title", lang),
                html.Div(
                    [
                        empty_state(empty, query, lang),
                        html.P(t("rp_grid_hint", lang), className="rp-hint"),
                        status_grids(view, lang, query),
                    ]
                ),
                "rp-grid-panel",
                "region-grid-panel",
                fresh=fresh_results(view, lang),
            ),
            html.Div([indicator_choice(view, lang, query), map_mode_links(query, path, lang)], className="toolbar"),
            html.Div(
                [
                    section(
                        f"{t('map_by_province', lang)}: {name(ind, lang)}",
                        region_map(view, lang, mode),
                        "map-panel",
                        fresh=fresh_results(view, lang, [ind["code"]]),
                    ),
                    section(
                        f"{t('rp_compare_regions', lang)}: {name(ind, lang)}",
                        comparison_bars(view, lang),
                        "rank-panel",
                        fresh=fresh_results(view, lang, [ind["code"]]),
                    ),
                ],
                className="two-columns",
            ),
            completeness_panel(view.get("completeness"), ind, query, lang),
            approval_panel(view, query, lang),
            section(
                t("tc_title", lang),
                to_check_list(view.get("to_check", []), query, lang),
                "to-check-panel",
                "region-to-check",
            ),
            crisis_panel,
        ],
        className="region-page",
    )
    return crumbs, body

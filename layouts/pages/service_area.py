"""/service-area/<code> — one educational service area (สพป. / สพม.) on one indicator: its figure (the ratio of sums
of its schools) against target, its schools ranked, and which schools have not reported."""

from __future__ import annotations

import dash_ag_grid as dag
from dash import dcc, html

from layouts.common import GRID_THEME, fmt, fresh_results, href, section, target_text, unit
from layouts.empty import emptiness, empty_state
from layouts.i18n import name, t
from layouts.pages.indicator import period_links
from layouts.pages.nation import indicator_choice
from layouts.status import SYMBOLS, status_badge, status_text
from layouts.table_export import exportable

GRID_ID = "service-area-league"
FIGURE_ID = "service-area-figure"
SCHOOL_COLUMN = "school"


def path_of(code: str) -> str:
    return f"/service-area/{code}"


def trail(view: dict, query: dict, lang: str) -> list[tuple[str, str | None]]:
    """ประเทศ › ศธภ. › จังหวัด: the steps above a service area (the province the trail came through)."""
    crumbs = [(t("nation", lang), href("/", query))]
    if view.get("region"):
        crumbs.append((name(view["region"], lang), href(f"/region/{view['region']['code']}", query)))
    if view.get("province"):
        crumbs.append((name(view["province"], lang), href(f"/province/{view['province']['code']}", query)))
    return crumbs


def no_school_data(view: dict, query: dict, lang: str) -> html.Div:
    """What a service area without any school result in the fiscal year says, and what to do next."""
    return html.Div(
        [
            html.Div(
                t("sa_no_school_data", lang).format(year=view["fiscal_year_be"] or t("no_data", lang)),
                className="empty-state-title",
            ),
            html.P(
                [
                    f"{t('sa_report_by_api', lang)} ",
                    html.Code("POST /api/v1/school-results", className="identifier"),
                    f" {t('sa_or_import', lang)} ",
                    html.Code("school_code", className="identifier"),
                    f" {t('sa_column_at', lang)} ",
                    dcc.Link(
                        t("empty_upload_link", lang),
                        href=href("/upload", {"lang": query.get("lang", "")}),
                        className="empty-state-link",
                    ),
                    " (",
                    html.Code("/upload", className="identifier"),
                    ")",
                ]
            ),
        ],
        className="empty-state",
        role="status",
        id="service-area-no-data",
    )


def figure_panel(view: dict, lang: str) -> html.Section:
    ind, row = view["indicator"], view["figure"]
    status = row["status"] if row else "no_data"
    value = row["value"] if row else None
    return section(
        f"{t('sa_figure', lang)} · {t('fiscal_year', lang)} {view['fiscal_year_be'] or t('no_data', lang)}",
        html.Div(
            [
                html.Div(
                    [
                        html.Span(fmt(value, ind["decimals"], lang), className="cic-big-value"),
                        html.Span(unit(ind, lang) if value is not None else "", className="cic-big-unit"),
                    ]
                ),
                html.Div(
                    f"{t('target', lang)} {target_text(row, ind, lang) if row else t('no_target', lang)}",
                    className="cic-big-target",
                ),
                html.Div(status_badge(status, lang, (row or {}).get("periods_missing", 0)), className="cic-big-status"),
                html.Div(
                    t("sa_schools_reporting", lang).format(
                        n=row["schools_reporting"] if row else 0, of=row["schools"] if row else 0
                    ),
                    className="cic-muted sa-reporting",
                ),
                html.Div(t("sa_ratio_note", lang), className="cic-muted"),
            ],
            className=f"cic-national cic-national-{status}",
            id=FIGURE_ID,
        ),
        "cic-national-panel sa-figure-panel",
        fresh=fresh_results(view, lang, [ind["code"]]),
    )


def league_rows(view: dict, query: dict, lang: str) -> list[dict]:
    ind = view["indicator"]
    return [
        {
            "area": row["area"],
            "rank": str(row["rank"]) if row["rank"] is not None else t("cic_unranked", lang),
            SCHOOL_COLUMN: name(row, lang),
            "href": href(f"/school/{row['area']}", query),
            "value": fmt(row["value"], ind["decimals"], lang),
            "target": target_text(row, ind, lang),
            "status": f"{SYMBOLS[row['status']]} {status_text(row['status'], lang, row.get('periods_missing', 0))}",
            "status_key": row["status"],
        }
        for row in view["schools"]
    ]


def league_grid(view: dict, query: dict, lang: str) -> dag.AgGrid:
    """The schools ranked, as the indicator page's league: a school's name is a real link to its page."""
    ind = view["indicator"]
    status_rules = {
        f"cic-cell status-{s}": f"params.data.status_key === '{s}'"
        for s in ("green", "yellow", "orange", "red", "incomplete", "no_data", "no_target")
    }
    columns = [
        {"field": "rank", "headerName": t("rank", lang), "maxWidth": 150},
        {"field": SCHOOL_COLUMN, "headerName": t("sa_school", lang), "cellRenderer": "ProvinceLink", "minWidth": 320},
        {"field": "value", "headerName": f"{t('value', lang)} ({unit(ind, lang)})", "type": "rightAligned"},
        {"field": "target", "headerName": t("target", lang), "type": "rightAligned"},
        {"field": "status", "headerName": t("status", lang), "cellClassRules": status_rules, "minWidth": 240},
    ]
    return dag.AgGrid(
        id=GRID_ID,
        rowData=league_rows(view, query, lang),
        columnDefs=columns,
        defaultColDef={"sortable": False, "resizable": False, "suppressMovable": True,
                       "suppressHeaderMenuButton": True},
        getRowId="params.data.area",
        columnSize="responsiveSizeToFit",
        dashGridOptions={"domLayout": "autoHeight", "suppressCellFocus": True, "enableCellTextSelection": True,
                         "theme": {"function": GRID_THEME}},
        className="cic-league sa-league",
        style={"width": "100%"},
    )  # fmt: skip


def not_reporting(view: dict, query: dict, lang: str) -> html.Div:
    missing = view["not_reporting"]
    if not missing:
        return html.Div(t("sa_all_reported", lang), className="empty")
    return html.Ul(
        [
            html.Li(dcc.Link(name(row, lang), href=href(f"/school/{row['area']}", query), className="school-link"))
            for row in missing
        ],
        className="sa-missing-list",
        id="service-area-not-reporting",
    )


def indicator_links(view: dict, query: dict, path: str, lang: str) -> html.Div | None:
    """The indicators its schools report this year, each a link that shows it."""
    codes = view["indicators_with_school_data"]
    if not codes:
        return None
    chosen = view["indicator"]["code"] if view["indicator"] else None
    by_code = {i["code"]: i for i in view["indicators"]}
    return html.Div(
        [
            html.Span(t("sa_with_school_data", lang), className="choice-label"),
            *[
                dcc.Link(
                    code,
                    href=href(path, query, ind=code, period=None, province=query.get("province")),
                    title=name(by_code[code], lang) if code in by_code else code,
                    className="choice" + (" choice-current" if code == chosen else ""),
                )
                for code in codes
            ],
        ],
        className="choices",
    )


def figures(view: dict, query: dict, path: str, lang: str) -> list:
    """The choices, the service area's figure, its schools ranked and those that have not reported."""
    found, ind = view["service_area"], view["indicator"]
    parts = [
        html.Div(
            [
                indicator_choice(view, lang, query),
                indicator_links(view, query, path, lang),
                period_links(view, query, path, lang) if view["periods"] else None,
            ],
            className="toolbar",
        ),
        html.H2(f"{ind['code']} · {name(ind, lang)}", className="sa-indicator", id="sa-indicator"),
    ]
    if view["figure"] is None or not view["figure"]["schools_reporting"]:
        parts.append(html.Div(t("sa_indicator_no_data", lang), className="empty", id="sa-indicator-no-data"))
    parts.append(figure_panel(view, lang))
    if not view["schools"]:
        parts.append(html.Div(t("sa_no_schools", lang), className="empty"))
        return parts
    grid = exportable(league_grid(view, query, lang), f"{found['code']}-{ind['code']}-{view['fiscal_year_be']}", lang)
    parts.append(
        html.Div(
            [
                section(t("sa_league", lang), grid, "cic-league-panel sa-league-panel", "service-area-league-panel"),
                section(t("sa_not_reporting", lang), not_reporting(view, query, lang), "sa-missing-panel"),
            ],
            className="sa-bottom",
        )
    )
    return parts


def render(view: dict, query: dict, lang: str):
    found = view["service_area"]
    ind = view["indicator"]
    path = path_of(found["code"])
    other = "en" if lang == "th" else "th"
    provinces = [
        dcc.Link(name(p, lang), href=href(f"/province/{p['code']}", query), className="province-link")
        for p in view["provinces"]
    ]
    head = html.Div(
        [
            html.H1(
                [name(found, lang), html.Span(name(found, other), className="rp-title-other")],
                className="rp-title",
            ),
            html.Div(
                [
                    html.Span(t(f"sa_{found['kind']}", lang), className="sa-kind"),
                    html.Span(t("sa_spans", lang), className="sa-covers"),
                    *provinces,
                ],
                className="rp-subtitle",
            ),
        ],
        className="rp-head",
    )
    parts = [head, empty_state(emptiness(view), query, lang)]
    if not view["has_school_data"]:
        parts.append(no_school_data(view, query, lang))
    elif ind is not None and view["fiscal_year_be"]:
        parts += figures(view, query, path, lang)
    crumbs = trail(view, query, lang) + [(name(found, lang), None)]
    return crumbs, html.Div(parts, className="cic-page service-area-page")

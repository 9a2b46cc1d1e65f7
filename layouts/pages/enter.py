"""/enter — results typed by hand: choose an indicator and a period, then a grid with a row per province of
the person's write scope, the figures stored and the new ones to type (numerator and denominator for a rate,
a value for a count). Saving is all or nothing, as every other way results arrive; the grid keeps what was
typed and names each bad row's reason in the page's language.

This page is not rendered again when the data version changes (callbacks/routing.py, Route.live): a write
elsewhere must not wipe a grid being filled in.
"""

from __future__ import annotations

import dash_ag_grid as dag
from dash import dcc, html

from cockpit.rules.thai_time import period_label
from layouts.common import GRID_THEME, acting_as, dropdown, first_crumb, fmt, section, unit
from layouts.empty import NO_CATALOGUE, empty_state
from layouts.i18n import name, t
from layouts.reasons import reason

GRID_ID = "en-grid"


def is_rate(ind: dict) -> bool:
    return ind["aggregation"] == "ratio"


def new_fields(ind: dict) -> tuple[str, ...]:
    return ("numerator", "denominator") if is_rate(ind) else ("value",)


def grid_rows(view: dict, lang: str, typed: dict[str, dict] | None = None, problems: dict[str, str] | None = None):
    """A row per province: its stored figures as shown on the pages, the typed ones (kept), and its problem."""
    ind = view["indicator"]
    typed, problems = typed or {}, problems or {}
    rows = []
    for row in view["rows"]:
        stored = row["stored"] or {}
        code = row["code"]
        mine = [reason(v, lang) for k, v in problems.items() if k == code or k.startswith(f"{code}.")]
        rows.append(
            {
                "area": code,
                "province": name(row, lang),
                "stored_numerator": fmt(stored.get("numerator"), 0, lang) if stored else "",
                "stored_denominator": fmt(stored.get("denominator"), 0, lang) if stored else "",
                "stored_value": fmt(stored.get("value"), ind["decimals"], lang) if stored else t("no_data", lang),
                **{f: (typed.get(code) or {}).get(f) or "" for f in new_fields(ind)},
                "problem": " · ".join(dict.fromkeys(mine)),
            }
        )
    return rows


def _grid(view: dict, lang: str) -> dag.AgGrid:
    ind = view["indicator"]
    stored = t("en_stored", lang)
    new = t("en_new", lang)
    editable = {"editable": True, "cellClass": "en-editable", "type": "rightAligned", "minWidth": 150}
    columns = [{"field": "province", "headerName": t("cic_province", lang), "pinned": "left", "minWidth": 200}]
    if is_rate(ind):
        columns += [
            {
                "field": "stored_numerator",
                "headerName": f"{stored}: {t('cic_numerator', lang)}",
                "type": "rightAligned",
            },
            {
                "field": "stored_denominator",
                "headerName": f"{stored}: {t('cic_denominator', lang)}",
                "type": "rightAligned",
            },
            {"field": "stored_value", "headerName": f"{stored} ({unit(ind, lang)})", "type": "rightAligned"},
            {"field": "numerator", "headerName": f"{new}: {t('cic_numerator', lang)}", **editable},
            {"field": "denominator", "headerName": f"{new}: {t('cic_denominator', lang)}", **editable},
        ]
    else:
        columns += [
            {"field": "stored_value", "headerName": f"{stored} ({unit(ind, lang)})", "type": "rightAligned"},
            {"field": "value", "headerName": f"{new} ({unit(ind, lang)})", **editable},
        ]
    columns.append(
        {
            "field": "problem",
            "headerName": t("en_problem", lang),
            "minWidth": 320,
            "wrapText": True,
            "autoHeight": True,
            "cellClass": "en-problem",
        }
    )
    return dag.AgGrid(
        id=GRID_ID,
        rowData=grid_rows(view, lang),
        columnDefs=columns,
        # Headers wrap rather than end in "…": "ค่าที่บันทึกไว้: ตัวตั้ง" must be read whole.
        defaultColDef={
            "sortable": False,
            "resizable": True,
            "suppressMovable": True,
            "suppressHeaderMenuButton": True,
            "wrapHeaderText": True,
            "autoHeaderHeight": True,
        },
        getRowId="params.data.area",
        rowClassRules={"en-row-bad": "params.data.problem !== ''"},
        columnSize="responsiveSizeToFit",
        dashGridOptions={
            "domLayout": "autoHeight",
            "singleClickEdit": True,
            "stopEditingWhenCellsLoseFocus": True,
            "enterNavigatesVerticallyAfterEdit": True,
            "theme": {"function": GRID_THEME},
        },
        className="en-grid",
    )


def _choices(view: dict, lang: str) -> html.Div:
    ind = view["indicator"]
    return html.Div(
        [
            html.Div(
                [
                    html.Label(t("en_indicator", lang), className="cr-label"),
                    dropdown(
                        lang,
                        id="en-indicator",
                        options=[
                            {"label": f"{i['code']} {name(i, lang)}", "value": i["code"]} for i in view["indicators"]
                        ],
                        value=ind["code"],
                        clearable=False,
                        className="cr-dropdown",
                    ),
                ],
                className="cr-field cr-field-wide",
            ),
            html.Div(
                [
                    html.Label(t("fiscal_year", lang), className="cr-label"),
                    dropdown(
                        lang,
                        id="en-year",
                        options=[{"label": str(y), "value": y} for y in view["years"]],
                        value=view["fiscal_year_be"],
                        clearable=False,
                        className="cr-dropdown",
                    ),
                ],
                className="cr-field",
            ),
            html.Div(
                [
                    html.Label(t("en_period", lang), className="cr-label"),
                    dropdown(
                        lang,
                        id="en-period",
                        options=[
                            {
                                "label": period_label(
                                    view["fiscal_year_be"], ind["frequency"], p, lang, ind.get("calendar")
                                ),
                                "value": p,
                            }
                            for p in view["periods"]
                        ],
                        value=view["period_no"],
                        clearable=False,
                        className="cr-dropdown",
                    ),
                ],
                className="cr-field",
            ),
        ],
        className="cr-fields en-choices",
    )


def render(view: dict, query: dict, lang: str):
    crumbs = [first_crumb(view, query, lang), (t("en_title", lang), None)]
    if view["indicator"] is None:
        # No catalogue: nothing to enter yet; say where to get one.
        return crumbs, html.Div(empty_state(NO_CATALOGUE, query, lang), className="en-page")
    if not view["rows"]:
        body = html.Div(t("cr_no_provinces", lang), className="empty", id="en-no-provinces")
        return crumbs, html.Div(section(t("en_title", lang), body, "en-panel"), className="en-page")
    ind = view["indicator"]
    body = html.Div(
        [
            html.P(t("en_intro", lang), className="cr-intro"),
            acting_as(view, lang, "en-acting-as"),
            _choices(view, lang),
            html.P(t("en_all_or_nothing", lang), className="en-rule", id="en-rule"),
            _grid(view, lang),
            html.Div(id="en-outcome", className="cr-outcome", role="status", **{"aria-live": "polite"}),
            html.Button(t("en_save", lang), id="en-save", className="cr-submit", n_clicks=0),
            dcc.Store(
                id="en-choice",
                data={
                    "indicator": ind["code"],
                    "fiscal_year_be": view["fiscal_year_be"],
                    "period_no": view["period_no"],
                },
            ),
        ],
        className="cr-form",
    )
    return crumbs, html.Div(section(t("en_title", lang), body, "en-panel"), className="en-page")


def outcome(result: dict, lang: str) -> html.Div:
    """What became of a save: the counts, or that nothing was written and why."""
    if result.get("ok"):
        return html.Div(t("en_saved", lang).format(**result), className="cr-ok", id="en-saved")
    if "refused" in result:
        return html.Div(
            f"{t('cr_refused', lang)}: {reason(result['refused'], lang)}", className="cr-bad", id="en-refused"
        )
    bad = {k.split(".")[0] for k in result["problems"]}
    if bad == {"body"}:
        return html.Div(reason(result["problems"]["body"], lang), className="cr-bad", id="en-not-saved")
    return html.Div(t("en_not_saved", lang).format(count=len(bad)), className="cr-bad", id="en-not-saved")

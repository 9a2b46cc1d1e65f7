"""The forecast and the what-if on screen, from plain data (cockpit/read/forecast.py): a badge with the projected
year-end figure, its range and its verdict; the method in one sentence; the projection drawn on a trend chart;
the what-if panel whose target input re-judges every province without saving anything."""

from __future__ import annotations

from dash import dcc, html

from cockpit.rules.forecast import FLOW, NOT_ENOUGH, method_of
from cockpit.rules.thai_time import period_label
from layouts.common import fmt, unit
from layouts.i18n import t
from layouts.status import SYMBOLS

VERDICT_SYMBOLS = {"on_course": "✔", "at_risk": "✖", "uncertain": "≈", "not_enough": "–", "no_target": "○"}
WHAT_IF_INPUT, WHAT_IF_RESET, WHAT_IF_CONTEXT = "wi-target", "wi-reset", "wi-context"
WHAT_IF_ACTIVE, WHAT_IF_COUNTS = "wi-active", "wi-counts"
WHAT_IF_YELLOW, WHAT_IF_ORANGE, WHAT_IF_GAP_NOTE = "wi-yellow-gap", "wi-orange-gap", "wi-gap-note"
COUNTED = ("green", "yellow", "orange", "red", "no_target", "no_data")


def verdict_text(projection: dict | None, lang: str) -> str:
    return t(f"fc_{projection['verdict'] if projection else NOT_ENOUGH}", lang)


def method_sentence(ind: dict, lang: str) -> str:
    """The method in one short sentence: the flow's run-rate or the level's line, or why there is none."""
    if ind["frequency"] == "yearly":
        return t("fc_method_none", lang)
    return t("fc_method_flow" if method_of(ind) == FLOW else "fc_method_level", lang)


def forecast_badge(projection: dict | None, ind: dict, lang: str, badge_id: str | None = None) -> html.Div:
    """'Projected at FY end 480 (440–520) ✔ on course', or 'not enough periods to project' — never a made-up
    number."""
    verdict = projection["verdict"] if projection else NOT_ENOUGH
    parts = [html.Span(t("fc_projected", lang), className="fc-label")]
    if projection and projection["value"] is not None:
        decimals = ind["decimals"]
        parts.append(html.Span(f"{fmt(projection['value'], decimals, lang)} {unit(ind, lang)}", className="fc-value"))
        if projection["low"] != projection["high"]:
            parts.append(
                html.Span(
                    f"({t('fc_range', lang)} {fmt(projection['low'], decimals, lang)}–"
                    f"{fmt(projection['high'], decimals, lang)})",
                    className="fc-range",
                )
            )
    parts.append(
        html.Span(
            [
                html.Span(VERDICT_SYMBOLS[verdict], className="status-symbol", **{"aria-hidden": "true"}),
                t(f"fc_{verdict}", lang),
            ],
            className=f"fc-verdict fc-{verdict}",
        )
    )
    props = {"id": badge_id} if badge_id else {}
    return html.Div(parts, className=f"fc-badge fc-badge-{verdict}", title=method_sentence(ind, lang), **props)


def projection_traces(projection: dict | None, trend: list[dict], ind: dict, year: int, period_no: int, lang: str):
    """The projection on a trend chart: a dotted line from the figure of the period shown to the year's last
    period, with the range as an error bar. Nothing when there is no projection or the year is complete."""
    if not projection or projection["value"] is None or period_no is None or period_no >= projection["period_no"]:
        return []
    start = next((p for p in trend if p["fiscal_year_be"] == year and p["period_no"] == period_no), None)
    if start is None or start["value"] is None:
        return []
    calendar = ind.get("calendar")
    x = [
        period_label(year, ind["frequency"], period_no, lang, calendar),
        period_label(year, ind["frequency"], projection["period_no"], lang, calendar),
    ]
    value = projection["value"]
    return [
        {
            "type": "scatter",
            "x": x,
            "y": [start["value"], value],
            "name": f"{t('fc_line', lang)} ({verdict_text(projection, lang)})",
            "mode": "lines+markers",
            "line": {"dash": "dot", "color": "#fbbf24", "width": 3},
            "marker": {"symbol": ["circle", "diamond"], "size": [1, 14], "color": "#fbbf24"},
            "error_y": {
                "type": "data",
                "symmetric": False,
                "array": [0, projection["high"] - value],
                "arrayminus": [0, value - projection["low"]],
                "color": "#fbbf24",
                "thickness": 3,
                "width": 10,
            },
            "hovertemplate": f"{t('fc_projected', lang)}<br>%{{x}}: %{{y:,.{ind['decimals']}f}} "
            f"{unit(ind, lang)}<extra></extra>",
        }
    ]


def forecast_counts(projections: list[dict | None], lang: str) -> html.Div:
    """How many provinces are on course, at risk and uncertain."""
    verdicts = [p["verdict"] if p else NOT_ENOUGH for p in projections]
    return html.Div(
        [html.Span(t("fc_provinces", lang), className="fc-label")]
        + [
            html.Span(
                f"{VERDICT_SYMBOLS[v]} {verdicts.count(v)}", className=f"fc-chip fc-{v}", title=t(f"fc_{v}", lang)
            )
            for v in ("on_course", "at_risk", "uncertain")
        ],
        className="fc-counts",
        id="fc-counts",
    )


def status_count_chips(counts: dict[str, int], lang: str) -> list:
    """Provinces per status: symbol, word and number, in the status colours."""
    return [
        html.Span(
            f"{SYMBOLS[s]} {t(s, lang)} {counts.get(s, 0)}", className=f"wi-chip status-{s}", **{"data-status": s}
        )
        for s in COUNTED
        if counts.get(s) or s in ("green", "yellow", "orange", "red")
    ]


def stored_target_value(view: dict) -> float | None:
    """The year's national target the what-if starts from (a range: its lower bound)."""
    target = view.get("national_target")
    if target is None:
        return None
    return target.value if target.value is not None else target.low


def _gap_input(element_id: str, label: str, value: float, unit_text: str, disabled: bool) -> html.Label:
    return html.Label(
        [
            html.Span(f"{label} ({unit_text})", className="wi-label"),
            dcc.Input(
                id=element_id,
                type="number",
                value=value,
                min=0,
                debounce=False,
                className="wi-input wi-gap-input",
                disabled=disabled,
            ),
        ],
        className="wi-field",
    )


def what_if_panel(view: dict, mode: str, lang: str) -> html.Section:
    """A target input and the yellow and orange gaps, with a reset; the page's league, map and counts follow them,
    marked 'what-if, not saved'."""
    ind = view["indicator"]
    stored = stored_target_value(view)
    step = 10 ** -ind["decimals"] if ind["decimals"] else 1
    context = {
        "code": ind["code"],
        "fiscal_year_be": view["fiscal_year_be"],
        "period_no": view["period_no"],
        "scheme": view["scheme"],
        "stored": stored,
        "stored_gaps": [ind["yellow_gap"], ind["orange_gap"]],
        "mode": mode,
    }
    # A count's gaps are shares of its target (cockpit.rules.status); anything else's are in its own unit.
    gap_unit = t("wi_gap_share", lang) if ind.get("aggregation") == "sum" else unit(ind, lang)
    no_period = view["period_no"] is None
    controls = [
        html.Label(
            [
                html.Span(
                    f"{t('wi_target_range' if ind['direction'] == 'range' else 'wi_target', lang)} ({unit(ind, lang)})",
                    className="wi-label",
                ),
                dcc.Input(
                    id=WHAT_IF_INPUT,
                    type="number",
                    value=stored,
                    step=step,
                    debounce=False,
                    className="wi-input",
                    disabled=view["period_no"] is None,
                ),
            ],
            className="wi-field",
        ),
        html.Span(
            f"{t('wi_stored', lang)} {fmt(stored, ind['decimals'], lang)}"
            if stored is not None
            else t("wi_no_target", lang),
            className="wi-stored",
        ),
        html.Button(t("wi_reset", lang), id=WHAT_IF_RESET, n_clicks=0, className="wi-reset"),
        html.Span(t("wi_active", lang), id=WHAT_IF_ACTIVE, className="wi-active wi-hidden"),
    ]
    gaps = [
        _gap_input(WHAT_IF_YELLOW, t("wi_yellow_gap", lang), ind["yellow_gap"], gap_unit, no_period),
        _gap_input(WHAT_IF_ORANGE, t("wi_orange_gap", lang), ind["orange_gap"], gap_unit, no_period),
        html.Span(
            f"{t('wi_stored_gaps', lang)} {ind['yellow_gap']:g} / {ind['orange_gap']:g}",
            className="wi-stored",
        ),
        html.Span("", id=WHAT_IF_GAP_NOTE, className="wi-gap-note", role="status"),
    ]
    return html.Section(
        [
            html.H2(t("wi_title", lang), className="section-title"),
            html.P(t("wi_intro", lang), className="wi-intro"),
            html.Div(controls, className="wi-controls"),
            html.Div(gaps, className="wi-controls wi-gaps"),
            html.Div(
                [
                    html.Span(t("wi_counts", lang), className="wi-label"),
                    html.Span(status_count_chips(view["counts"], lang), id=WHAT_IF_COUNTS),
                ],
                className="wi-counts",
            ),
            dcc.Store(id=WHAT_IF_CONTEXT, data=context),
        ],
        className="panel wi-panel",
        id="what-if-panel",
    )

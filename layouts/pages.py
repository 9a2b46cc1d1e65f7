"""Page bodies built from the plain data of cockpit.views."""

from dash import html

from layouts.i18n import name, t
from layouts.status import status_badge


def format_value(value: float | None, decimals: int, lang: str) -> str:
    if value is None:
        return t("no_data", lang)
    return f"{value:,.{decimals}f}"


def indicator_tile(tile: dict, lang: str) -> html.Div:
    ind, res = tile["indicator"], tile["result"]
    unit = ind["unit_label_en"] if lang == "en" else ind["unit_label_th"]
    target = res["target"]
    return html.Div(
        [
            html.Div(name(ind, lang), className="tile-title"),
            html.Div([html.Span(format_value(res["value"], ind["decimals"], lang), className="tile-value"),
                      html.Span(unit, className="tile-unit")]),
            html.Div(f"{t('target', lang)} {format_value(target, ind['decimals'], lang)}" if target is not None else "",
                     className="tile-target"),
            status_badge(res["status"], lang),
        ],
        className=f"tile tile-{res['status']}",
        id={"type": "indicator-tile", "code": ind["code"]},
    )


def nation_page(view: dict, lang: str) -> html.Div:
    return html.Div(
        [
            html.H1(t("key_indicators", lang)),
            html.Div([indicator_tile(tile, lang) for tile in view["tiles"]], className="tile-grid"),
        ]
    )


def not_found_page(lang: str) -> html.Div:
    return html.Div(html.H1(t("not_found", lang)), className="not-found")

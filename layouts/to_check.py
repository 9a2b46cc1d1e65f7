"""Values to check, as a page shows them: a marker with words beside a figure (never colour alone) and the
list a regional office must answer, each with the rule it broke and the figures compared."""

from __future__ import annotations

from dash import dcc, html

from cockpit.rules.thai_time import period_label
from cockpit.rules.validation import parse_side, shown
from layouts.common import fmt, href
from layouts.i18n import t
from layouts.reasons import terms_th
from layouts.table_export import exportable_table


def marker(lang: str) -> html.Span:
    """'⚑ ตรวจสอบ' beside a figure with a value to check; the title says why."""
    return html.Span(t("tc_mark", lang), className="to-check-mark", title=t("tc_hint", lang))


def _said(text: str, lang: str) -> str:
    return text if lang == "en" else terms_th(text)


def _named(row: dict, prefix: str, lang: str) -> str:
    return row.get(f"{prefix}_name_{'en' if lang == 'en' else 'th'}") or ""


def to_check_list(rows: list[dict], query: dict, lang: str) -> html.Div:
    """One line per open flag: indicator, province (a link), period, the value now, the rule and its figures."""
    if not rows:
        return html.P(t("tc_none", lang), className="to-check-none")
    head = html.Tr(
        [
            html.Th(t(key, lang))
            for key in ("tc_indicator", "tc_province", "tc_period", "tc_value", "tc_rule", "tc_why", "tc_importance")
        ]
    )
    lines = []
    for row in rows:
        left, _operator, right = row["condition"].split(" ", 2)
        figures = ", ".join(
            f"{_said(side, lang)} = {shown(number) if number is not None else t('no_data', lang)}"
            for side, number in ((left, row["left_value"]), (right, row["right_value"]))
            if parse_side(side).kind != "number"
        )
        period = (
            period_label(row["fiscal_year_be"], row["frequency"], row["period_no"], lang)
            if row.get("frequency")
            else f"{row['fiscal_year_be']}/{row['period_no']}"
        )
        lines.append(
            html.Tr(
                [
                    html.Td(f"{row['indicator']} {_named(row, 'indicator', lang)}"),
                    html.Td(
                        dcc.Link(_named(row, "area", lang) or row["area"], href=href(f"/province/{row['area']}", query))
                    ),
                    html.Td(period),
                    html.Td([fmt(row["value"], row.get("decimals") or 0, lang), " ", marker(lang)]),
                    html.Td(f"{row['rule']} {_named(row, 'rule', lang)}"),
                    html.Td(f"{_said(row['condition'], lang)}" + (f" ({figures})" if figures else "")),
                    html.Td(t(f"tc_{row['importance']}", lang)),
                ],
                className="to-check-row",
            )
        )
    return exportable_table(
        html.Table([html.Thead(head), html.Tbody(lines)], className="to-check-table"), "values-to-check", lang
    )

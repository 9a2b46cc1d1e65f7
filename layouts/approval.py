"""Approval on the pages: the "awaiting approval" marker beside a figure not yet final (words, not colour alone),
and the region page's lists — results awaiting this office's approval, approved results awaiting national
acceptance, and approved results that may be un-approved with a reason — each with the button of its step for
whoever may take it (cockpit/rules/approval.py decides who; the server checks again)."""

from __future__ import annotations

from dash import dcc, html

from cockpit.rules import approval
from cockpit.rules.thai_time import format_datetime_be, period_label
from layouts.common import fmt, href, section
from layouts.i18n import t
from layouts.table_export import SKIP, exportable_table

STEP_BUTTON = "ap-step"
REASON_INPUT = "ap-reason"


def marker(lang: str) -> html.Span:
    """'◔ รอรับรอง' beside a figure that holds a result not yet approved; the title says what it means."""
    return html.Span(t("ap_mark", lang), className="awaiting-mark", title=t("ap_hint", lang))


def key_id(row: dict) -> str:
    """A result's key as a component id carries it: JI01|TH-50|2568|1."""
    return f"{row['indicator']}|{row['area']}|{row['fiscal_year_be']}|{row['period_no']}"


def key_of(text: str) -> tuple:
    indicator, area, year, period = text.split("|")
    return indicator, area, int(year), int(period)


def _named(row: dict, prefix: str, lang: str) -> str:
    return row.get(f"{prefix}_name_{'en' if lang == 'en' else 'th'}") or row.get(prefix) or ""


def _may(viewer: dict | None, step: str, row: dict) -> bool:
    if not viewer:
        return False
    return approval.may_take(
        step,
        row["state"],
        row["area"],
        viewer.get("write_scope"),
        None if viewer.get("write_provinces") is None else frozenset(viewer["write_provinces"]),
        "report" in viewer.get("can", ()),
    )


def _action(row: dict, step: str, viewer: dict | None, lang: str):
    if not _may(viewer, step, row):
        return ""
    button = html.Button(
        t(f"ap_{step}", lang),
        id={"type": STEP_BUTTON, "step": step, "key": key_id(row)},
        className=f"ap-button ap-{step}",
        n_clicks=0,
    )
    if step != approval.UNAPPROVE:
        return button
    reason = dcc.Input(
        id={"type": REASON_INPUT, "key": key_id(row)},
        type="text",
        maxLength=2000,
        placeholder=t("ap_reason", lang),
        className="ap-reason",
        debounce=False,
    )
    return html.Div([reason, button], className="ap-unapprove")


def _table(rows: list[dict], step: str, viewer: dict | None, query: dict, lang: str, name: str) -> html.Div:
    """One line per result: indicator, province (a link), period, the value, who wrote or approved it, the step;
    its CSV and XLSX (`name` on the page) hold what the list shows without the step's buttons."""
    if not rows:
        return html.P(t("ap_none", lang), className="ap-none")
    shown = [html.Th(t(key, lang)) for key in ("tc_indicator", "tc_province", "tc_period", "tc_value", "ap_by")]
    head = html.Tr([*shown, html.Th(t("ap_action", lang), className=SKIP)])
    lines = []
    for row in rows:
        by = row["approval_by"] if step == approval.UNAPPROVE else row["written_by"]
        at = row["approval_at"] if step == approval.UNAPPROVE else row["updated_at"]
        state = approval.STATE_NAMES[row["state"]][1 if lang == "en" else 0]
        value = [fmt(row["value"], row.get("decimals") or 0, lang)]
        value += [" ", marker(lang)] if row["state"] == approval.REPORTED or step == approval.ACCEPT else []
        lines.append(
            html.Tr(
                [
                    html.Td(f"{row['indicator']} {_named(row, 'indicator', lang)}"),
                    html.Td(dcc.Link(_named(row, "area", lang), href=href(f"/province/{row['area']}", query))),
                    html.Td(period_label(row["fiscal_year_be"], row["frequency"], row["period_no"], lang)),
                    html.Td(value),
                    html.Td(
                        [
                            html.Span(state, className="ap-state"),
                            html.Br(),
                            html.Span(by or "", className="identifier ap-who"),
                            " ",
                            html.Span(format_datetime_be(at, lang) if at else "", className="ap-when"),
                        ]
                    ),
                    html.Td(_action(row, step, viewer, lang), className=SKIP),
                ],
                className=f"ap-row ap-row-{step}",
                **{"data-key": key_id(row)},
            )
        )
    return exportable_table(html.Table([html.Thead(head), html.Tbody(lines)], className="ap-table"), name, lang)


def approval_panel(view: dict, query: dict, lang: str) -> html.Section:
    """The region's results awaiting approval (its office approves them here), those awaiting national
    acceptance (the ministry accepts them here), and approved ones (un-approved here with a reason)."""
    viewer = view.get("viewer")
    region = view["region"]["code"]
    blocks = [
        html.Div(id="ap-outcome", className="ap-outcome", role="status"),
        html.H3(t("ap_awaiting", lang), className="ap-heading"),
        _table(view.get("awaiting_approval", []), approval.APPROVE, viewer, query, lang, f"{region}-awaiting-approval"),
    ]
    if view.get("awaiting_acceptance"):
        blocks += [
            html.H3(t("ap_awaiting_acceptance", lang), className="ap-heading"),
            _table(view["awaiting_acceptance"], approval.ACCEPT, viewer, query, lang, f"{region}-awaiting-acceptance"),
        ]
    if view.get("approved_results"):
        blocks += [
            html.Details(
                [
                    html.Summary(t("ap_approved", lang), className="ap-heading"),
                    _table(view["approved_results"], approval.UNAPPROVE, viewer, query, lang, f"{region}-approved"),
                ],
                className="ap-approved",
            )
        ]
    return section(t("ap_title", lang), html.Div(blocks), "approval-panel", "region-approval")

"""The "who has not reported?" panel: a reporting period's completeness and timeliness, the provinces to chase
first listed by name with a link to their page (data from cockpit/read/completeness.py)."""

from __future__ import annotations

from dash import html

from cockpit.rules.thai_time import format_date_be, period_label
from layouts.common import area_link, section
from layouts.i18n import t

CHASE = ("overdue", "expected", "late")


def completeness_panel(data: dict | None, ind: dict, query: dict, lang: str) -> html.Section | None:
    """Counts per state, the due day, and each province that is overdue, still expected or was late."""
    if not data:
        return None
    counts = data["counts"]
    period = period_label(data["fiscal_year_be"], ind["frequency"], data["period_no"], lang, ind.get("calendar"))
    summary = html.P(
        [
            html.Strong(f"{t('cm_reported', lang)} {data['reported']} {t('cm_of', lang)} {data['expected']} "),
            f"{t('cm_provinces', lang)} · {t('cm_period', lang)} {period} · "
            f"{t('cm_due', lang)} {format_date_be(data['due'], lang)}",
        ],
        className="cm-summary",
    )
    states = html.Ul(
        [
            html.Li(f"{t(state, lang)} {counts[state]}", className=f"cm-count cm-{state.replace('_', '-')}")
            for state in ("on_time", *CHASE)
        ],
        className="cm-counts",
    )
    to_chase = [row for row in data["provinces"] if row["state"] in CHASE]
    listing = (
        html.Ul(
            [
                html.Li(
                    [
                        area_link("province", row, query, lang, code_key="code"),
                        html.Span(
                            f" {t(row['state'], lang)}"
                            + (f" {row['days_late']} {t('cm_days_late', lang)}" if row["days_late"] else ""),
                            className=f"cm-state cm-{row['state']}",
                        ),
                    ],
                    className="cm-province",
                )
                for row in to_chase
            ],
            className="cm-list",
        )
        if to_chase
        else html.P(t("cm_all_reported", lang), className="cm-all")
    )
    return section(t("cm_title", lang), html.Div([summary, states, listing]), "completeness-panel", "completeness")

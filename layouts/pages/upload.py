"""/upload — import a CSV or Excel file of indicator results from the browser, for offices without a command
line. The same all-or-nothing import as `cockpit import`, with the same report: counts, or every bad line.

The report is kept in a session store (id up-report) so that it survives the page being rendered again when
the data version changes (which a successful import itself causes).
"""

from __future__ import annotations

import datetime as dt

from dash import dcc, html

from cockpit.rules.thai_time import format_datetime_be
from layouts.common import acting_as, href, section
from layouts.empty import NO_CATALOGUE, emptiness, empty_state
from layouts.i18n import t
from layouts.reasons import reason
from layouts.table_export import exportable_table

# Lines shown as a table; beyond this the rest are one scrollable block of text (cheap to render).
TABLE_LINES = 300


def render(view: dict, query: dict, lang: str):
    body = html.Div(
        [
            # Without results this page is itself the next step; without a catalogue it cannot be yet.
            empty_state(NO_CATALOGUE, query, lang) if emptiness(view) == NO_CATALOGUE else None,
            section(
                t("up_title", lang),
                html.Div(
                    [
                        html.P(t("up_intro", lang), className="up-intro"),
                        html.P(t("up_columns", lang), className="up-columns"),
                        acting_as(view, lang, "up-acting-as"),
                        dcc.Upload(
                            id="up-file",
                            children=html.Div(
                                [
                                    html.Span("⬆", className="up-drop-icon", **{"aria-hidden": "true"}),
                                    html.Span(t("up_drop", lang)),
                                ]
                            ),
                            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            multiple=False,
                            className="up-drop",
                            className_active="up-drop up-drop-active",
                            style_active={"borderStyle": "solid"},
                            style_reject={"borderStyle": "solid", "borderColor": "var(--red)"},
                        ),
                    ],
                    className="up-form",
                ),
                "up-panel",
            ),
            section(
                t("up_result", lang),
                dcc.Loading(
                    [
                        dcc.Store(id="up-report", storage_type="session"),
                        html.Div(
                            html.P(t("up_waiting", lang), className="up-waiting"),
                            id="up-result",
                            role="status",
                            **{"aria-live": "polite"},
                        ),
                    ],
                    type="circle",
                    className="up-loading",
                ),
                "up-result-panel",
            ),
        ],
        className="upload-page",
    )
    return [(t("nation", lang), href("/", query)), (t("up_title", lang), None)], body


def report(result: dict | None, lang: str) -> list:
    """The import report: counts when the file went in, else what stopped it and every bad line."""
    if not result:
        return [html.P(t("up_waiting", lang), className="up-waiting")]
    when = ""
    if result.get("at"):
        when = format_datetime_be(dt.datetime.fromisoformat(result["at"]), lang)
    head = html.Div(
        [html.Span(result.get("file") or "", className="up-file-name"), html.Span(when, className="up-when")],
        className="up-head",
    )
    if result.get("ok"):
        counts = [
            ("up_new", "inserted"),
            ("up_updated", "updated"),
            ("up_unchanged", "unchanged"),
            ("up_skipped", "skipped_without_figures"),
        ]
        return [
            html.H3(["✔ ", t("up_done", lang)], className="up-outcome up-ok"),
            head,
            html.Div(
                [
                    html.Div(
                        [
                            html.Span(f"{result.get(key, 0):,}", className="up-count-value"),
                            html.Span(t(word, lang), className="up-count-label"),
                        ],
                        className=f"up-count up-count-{key}",
                    )
                    for word, key in counts
                ],
                className="up-counts",
            ),
            html.P(t("up_rows", lang).format(n=f"{result.get('rows', 0):,}"), className="up-rows"),
        ]
    problem = result.get("problem")
    if problem in ("no_token", "bad_token"):
        return [html.H3(["✖ ", t(f"up_{problem}", lang)], className="up-outcome up-bad up-token-problem")]
    parts = [html.H3(["✖ ", t("up_failed", lang)], className="up-outcome up-bad"), head]
    if problem == "forbidden":
        parts.append(html.P(t("up_forbidden", lang), className="up-message"))
    if result.get("message"):
        parts.append(html.P(reason(result["message"], lang), className="up-message"))
    lines = result.get("lines") or []
    if lines:
        parts.append(
            html.P(
                t("up_bad_lines", lang).format(n=f"{len(lines) + result.get('more', 0):,}"), className="up-bad-count"
            )
        )
        parts.append(_line_table(lines[:TABLE_LINES], lang))
        if len(lines) > TABLE_LINES:
            parts.append(
                html.Pre(
                    "\n".join(f"{_where(head, lang)}  {reason(text, lang)}" for head, text in lines[TABLE_LINES:]),
                    className="up-more-lines",
                )
            )
    if result.get("more"):
        parts.append(html.P(t("up_more", lang).format(n=f"{result['more']:,}"), className="up-more"))
    return parts


def _where(head: str, lang: str) -> str:
    """'line 7' → the line number; 'file' → the word for the file itself."""
    if head.startswith("line "):
        return head.split(" ", 1)[1]
    return t("up_file", lang) if head == "file" else head


def _line_table(lines: list, lang: str) -> html.Div:
    """The bad lines with what is wrong with each, with its CSV and XLSX so an office can fix its file line by line."""
    table = html.Table(
        [
            html.Thead(html.Tr([html.Th(t("up_line", lang)), html.Th(t("up_problem", lang))])),
            html.Tbody(
                [
                    html.Tr(
                        [
                            html.Td(_where(head, lang), className="up-line-no"),
                            html.Td(reason(text, lang), className="up-line-text"),
                        ],
                        className="up-bad-line",
                    )
                    for head, text in lines
                ]
            ),
        ],
        className="data-table up-lines",
    )
    return exportable_table(table, "upload-problems", lang)

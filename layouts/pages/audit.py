"""/audit — the audit trail for an administrator: newest first, Buddhist Era date-times, filters by who, what,
subject or area and a range of Thai days, and one entry's detail in a side panel. It shows the newest entries
that match (cockpit.write.audit.PAGE_ROWS), never the whole trail.

An entry's `detail` is shown as it is stored — its keys and values, nested ones indented — so an entry of any
shape (before and after, a refusal's why, an import's changes) reads without this page knowing it.
"""

from __future__ import annotations

import json

from dash import dcc, html

from cockpit.rules.thai_time import format_datetime_be
from layouts.common import href, section
from layouts.i18n import t
from layouts.pages.people import choice, grid
from layouts.table_export import exportable
from layouts.words_admin import ACTION_WORDS

KNOWN_KEYS = ("before", "after", "why")


def action_label(action: str, lang: str) -> str:
    words = ACTION_WORDS.get(action)
    return (words[1] if lang == "en" else words[0]) if words else action


def outcome_label(outcome: str, lang: str) -> str:
    return t(f"au_outcome_{outcome}", lang) if outcome in ("ok", "refused") else outcome


def entry_rows(entries: list[dict], lang: str) -> list[dict]:
    return [
        {
            "key": str(e["id"]),
            "id": e["id"],
            "when": format_datetime_be(e["recorded_at"], lang),
            "who": e["actor"],
            "address": e["address"] or "",
            "action": action_label(e["action"], lang),
            "subject": e["subject"] or "",
            "outcome": outcome_label(e["outcome"], lang),
        }
        for e in entries
    ]


def showing(result: dict, lang: str) -> str:
    if not result["entries"]:
        return t("au_none", lang)
    key = "au_showing_more" if result["more"] else "au_showing"
    return t(key, lang).format(n=f"{len(result['entries']):,}")


def _value(value):
    """A detail's value: a nested mapping as its own list, a list of mappings as JSON, anything else as text."""
    if isinstance(value, dict):
        return detail_list(value)
    if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        return html.Pre(json.dumps(value, ensure_ascii=False, indent=1, default=str), className="au-json")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "—" if value is None else str(value)


def _key(key: str, lang: str):
    """A known key in the page's language; any other as the identifier it is."""
    if key in KNOWN_KEYS:
        return t(f"au_key_{key}", lang)
    return html.Code(key, className="au-key-code")


def detail_list(detail: dict, lang: str = "th") -> html.Dl:
    items = []
    for key, value in detail.items():
        items += [html.Dt(_key(str(key), lang)), html.Dd(_value(value))]
    return html.Dl(items, className="au-detail-list")


def detail_panel(entry: dict | None, lang: str) -> list:
    """One entry in full: when, who, from where, what, about what, the outcome, and its detail."""
    if entry is None:
        return [html.P(t("au_choose", lang), className="au-hint")]
    facts = [
        ("au_when", format_datetime_be(entry["recorded_at"], lang)),
        ("au_who", entry["actor"]),
        ("au_address", entry["address"] or "—"),
        ("au_action", action_label(entry["action"], lang)),
        ("au_subject", entry["subject"] or "—"),
        ("au_outcome", outcome_label(entry["outcome"], lang)),
    ]
    head = html.Dl(
        [part for key, value in facts for part in (html.Dt(t(key, lang)), html.Dd(value))], className="au-facts"
    )
    detail = entry.get("detail")
    body = detail_list(detail, lang) if isinstance(detail, dict) and detail else None
    if detail and not isinstance(detail, dict):
        body = html.Pre(json.dumps(detail, ensure_ascii=False, indent=1, default=str), className="au-json")
    return [
        head,
        html.H3(t("au_detail", lang), className="au-detail-title"),
        body or html.P(t("au_no_detail", lang), className="au-hint"),
    ]


COLUMNS = [
    ("when", "au_when", 220),
    ("who", "au_who", 220),
    ("action", "au_action", 200),
    ("subject", "au_subject", 220),
    ("outcome", "au_outcome", 130),
    ("address", "au_address", 150),
]


def _filter(label: str, control) -> html.Label:
    return html.Label([html.Span(label, className="ad-label"), control], className="ad-field")


def _filters(view: dict, lang: str) -> html.Div:
    actions = [{"label": action_label(a, lang), "value": a} for a in view["actions"]]
    return html.Div(
        [
            _filter(t("au_who", lang), dcc.Input(id="au-who", type="text", maxLength=200, className="ad-input")),
            _filter(
                t("au_action", lang),
                choice("au-action", actions, t("au_any_action", lang), lang, clearable=True),
            ),
            _filter(
                t("au_subject", lang), dcc.Input(id="au-subject", type="text", maxLength=200, className="ad-input")
            ),
            _filter(
                t("au_from", lang),
                dcc.Input(id="au-from", type="text", maxLength=10, placeholder="1/12/2569", className="ad-input"),
            ),
            _filter(
                t("au_to", lang),
                dcc.Input(id="au-to", type="text", maxLength=10, placeholder="31/12/2569", className="ad-input"),
            ),
            html.Button(t("au_search", lang), id="au-search", className="ad-button ad-primary", n_clicks=0),
        ],
        className="ad-form au-filters",
    )


def render(view: dict, query: dict, lang: str):
    rows = entry_rows(view["entries"], lang)
    entries = grid("au-grid", rows, COLUMNS, lang, paginationPageSize=25)
    entries.defaultColDef = {"resizable": True, "sortable": False}
    body = html.Div(
        [
            section(
                t("au_title", lang),
                html.Div(
                    [
                        _filters(view, lang),
                        html.Div(id="au-problem", className="ad-message", role="status"),
                        html.P(showing(view, lang), id="au-showing", className="au-showing"),
                    ]
                ),
                "ad-panel",
                "au-filter-panel",
            ),
            html.Div(
                [
                    html.Div(exportable(entries, "audit", lang), className="au-grid-wrap"),
                    html.Aside(
                        [
                            html.H2(t("au_detail", lang), className="section-title"),
                            html.Div(detail_panel(None, lang), id="au-detail"),
                        ],
                        className="panel au-side",
                        id="au-side",
                    ),
                ],
                className="au-main",
            ),
        ],
        className="audit-page",
    )
    return [(t("nation", lang), href("/", query)), (t("au_title", lang), None)], body

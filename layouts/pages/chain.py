"""/chain — the XYZ causal chain with rolled-up status: "this Y1 is red — which X factors, which provinces,
which host agency?" The tree on the left, the chosen node's factors, indicators, critical provinces and host
agencies on the right."""

from __future__ import annotations

from dash import dcc, html

from cockpit.catalogue.geo import label_points
from cockpit.read.views import find_node
from layouts.charts import exportable_chart
from layouts.common import fmt, fresh_results, host_label, href, section, target_text, unit
from layouts.empty import NO_CATALOGUE, emptiness, empty_state
from layouts.i18n import name, t
from layouts.level_map import level_map
from layouts.status import SYMBOLS, status_badge
from layouts.table_export import exportable_table

COUNTED = ("green", "yellow", "orange", "red", "incomplete", "no_data")
# Shades of red by the number of critical indicators in a province (0 = none critical).
RED_SHADES = ((1, 2, "#e06666"), (3, 5, "#d62f2f"), (6, 9, "#a11d1d"), (10, 10_000, "#6b0f0f"))
NONE_CRITICAL = "#26324a"


def short(text: str, limit: int = 44) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def level_word(level: str, lang: str) -> str:
    return t(f"cic_level_{level}", lang)


def count_chips(counts: dict[str, int], lang: str) -> html.Span:
    """Children per status as symbol and number on the status colour (the legend carries the words)."""
    return html.Span(
        [
            html.Span(f"{SYMBOLS[s]} {counts[s]}", className=f"cic-count status-{s}", title=t(s, lang))
            for s in COUNTED
            if counts.get(s)
        ],
        className="cic-counts",
    )


def legend(lang: str) -> html.Div:
    return html.Div([status_badge(s, lang) for s in COUNTED], className="cic-legend")


def _node_link(node: dict, selected: str | None, query: dict, lang: str) -> html.Div:
    extra = []
    if node["level"] == "X" and node.get("host_agency_code"):
        extra.append(html.Span(host_label(node, lang), className="cic-host-code"))
    row = dcc.Link(
        [
            html.Span(node["level"], className="cic-level"),
            html.Span(
                [html.Span(node["code"], className="cic-code"), name(node, lang)],
                className="cic-node-name",
                title=name(node, lang),
            ),
            *extra,
            status_badge(node["status"], lang),
            count_chips(node["counts"], lang),
        ],
        href=href("/chain", query, node=node["code"]),
        className=f"cic-node cic-node-{node['status']}" + (" cic-node-selected" if node["code"] == selected else ""),
        id={"type": "chain-node", "code": node["code"]},
    )
    indicators = [
        dcc.Link(
            f"{SYMBOLS[i['status']]} {i['code']}",
            href=href(f"/indicator/{i['code']}", query),
            className=f"cic-ind-chip status-{i['status']}",
            title=name(i, lang),
        )
        for i in node["indicators"]
    ]
    return html.Div(
        [row, html.Div(indicators, className="cic-ind-chips") if indicators else None],
        className=f"cic-tree-item cic-depth-{node['depth']}",
    )


def tree_panel(view: dict, selected: str | None, query: dict, lang: str) -> html.Section:
    items = [_node_link(node, selected, query, lang) for node in view["flat"]]
    return section(
        t("cic_tree", lang),
        html.Div([legend(lang), html.Div(items, className="cic-tree")]),
        "cic-tree-panel",
        "chain-tree",
        fresh=fresh_results(view, lang),
    )


def _walk(node: dict) -> list[dict]:
    return [node] + [n for child in node["children"] for n in _walk(child)]


def factor_table(view: dict, detail: dict, query: dict, lang: str) -> html.Table:
    """Each node under the chosen one that carries indicators (mostly the X factors), in chain order, with
    its indicators' national value, target and status."""
    focus = find_node(view["tree"], detail["node"]["code"]) or {**detail["node"], "children": []}
    rows = []
    for node in _walk(focus):
        if not node["indicators"] and node["level"] != "X":
            continue
        stage = t(f"cic_stage_{node['value_chain_stage']}", lang) if node.get("value_chain_stage") else ""
        host = host_label(node, lang)
        rows.append(
            html.Tr(
                [
                    html.Td(
                        [
                            html.Span(node["level"], className="cic-level"),
                            dcc.Link(
                                name(node, lang),
                                href=href("/chain", query, node=node["code"]),
                                className="cic-factor-link",
                            ),
                        ],
                        colSpan=3,
                    ),
                    html.Td(" · ".join(p for p in (host, stage) if p), className="cic-muted"),
                    html.Td(status_badge(node["status"], lang)),
                ],
                className=f"cic-factor-row cic-factor-{node['status']}",
            )
        )
        for ind in node["indicators"]:
            rows.append(
                html.Tr(
                    [
                        html.Td(
                            dcc.Link(
                                [html.Span(ind["code"], className="cic-code"), name(ind, lang)],
                                href=href(f"/indicator/{ind['code']}", query),
                                className="cic-ind-link",
                                id={"type": "chain-indicator", "code": ind["code"]},
                            )
                        ),
                        html.Td(
                            [
                                html.Span(fmt(ind["value"], ind["decimals"], lang), className="cic-value"),
                                html.Span(unit(ind, lang) if ind["value"] is not None else "", className="cic-unit"),
                            ]
                        ),
                        html.Td(f"{t('target', lang)} {target_text(ind, ind, lang)}", className="cic-muted"),
                        html.Td(host_label(ind, lang), className="cic-muted"),
                        html.Td(status_badge(ind["status"], lang)),
                    ],
                    className="cic-ind-row",
                )
            )
    head = html.Tr(
        [
            html.Th(t("indicator", lang)),
            html.Th(t("cic_national", lang)),
            html.Th(t("target", lang)),
            html.Th(t("cic_host", lang)),
            html.Th(t("status", lang)),
        ]
    )
    return html.Table([html.Thead(head), html.Tbody(rows)], className="data-table cic-factor-table")


def host_cards(detail: dict, lang: str) -> html.Div:
    cards = [
        html.Div(
            [
                html.Div(
                    [
                        html.Span(a["abbr_th"] if lang == "th" else a["code"], className="cic-host-abbr"),
                        status_badge(a["status"], lang),
                    ],
                    className="cic-host-head",
                ),
                html.Div(name(a, lang), className="cic-host-name"),
                count_chips(a["counts"], lang),
            ],
            className=f"cic-host cic-host-{a['status']}",
            id={"type": "host-agency", "code": a["code"]},
        )
        for a in detail["host_agencies"]
    ]
    return html.Div(cards, className="cic-hosts")


def _shade(count: int) -> str:
    for low, high, colour in RED_SHADES:
        if low <= count <= high:
            return colour
    return NONE_CRITICAL


def red_map(detail: dict, lang: str) -> html.Div:
    red = {entry["area"]: entry for entry in detail["red_provinces"]}
    rows = []
    for code in sorted(label_points()):
        entry = red.get(code)
        count = len(entry["indicators"]) if entry else 0
        hover = (
            f"<b>{name(entry, lang)}</b><br>✖ {t('cic_red_count', lang)} {count}: {', '.join(entry['indicators'])}"
            if entry
            else f"{t('cic_red_count', lang)}: 0"
        )
        rows.append({"area": code, "colour": _shade(count), "symbol": str(count) if count else "", "hover": hover})
    key = [html.Span(t("cic_red_count", lang), className="cic-muted")]
    key += [
        html.Span(
            f"{low}–{high}" if high < 10_000 else f"≥ {low}", className="cic-swatch", style={"background": colour}
        )
        for low, high, colour in RED_SHADES
    ]
    key.append(html.Span("0", className="cic-swatch", style={"background": NONE_CRITICAL}))
    return html.Div(
        [
            exportable_chart(
                level_map(rows, label_points(), {"type": "province-map", "page": "chain"}, height=600),
                f"{detail['node']['code']}-red-provinces",
                lang,
            ),
            html.Div(key, className="cic-map-key"),
        ]
    )


def red_list(detail: dict, query: dict, lang: str) -> html.Div:
    if not detail["red_provinces"]:
        return html.Div(t("cic_no_red", lang), className="empty")
    return html.Div(
        [
            dcc.Link(
                [
                    html.Span(name(entry, lang), className="cic-red-name"),
                    html.Span(f"✖ {len(entry['indicators'])}", className="cic-count status-red"),
                    html.Span(" ".join(entry["indicators"]), className="cic-red-codes"),
                ],
                href=href(f"/province/{entry['area']}", query),
                className="cic-red-item",
                id={"type": "red-province", "code": entry["area"]},
            )
            for entry in detail["red_provinces"]
        ],
        className="cic-red-list",
    )


def detail_panel(view: dict, query: dict, lang: str) -> list:
    detail = view["detail"]
    node = detail["node"]
    head = html.Div(
        [
            html.Div(
                [
                    html.Span(f"{node['level']} · {level_word(node['level'], lang)}", className="cic-level-word"),
                    html.Span(node["code"], className="cic-code"),
                ]
            ),
            html.H2(name(node, lang), className="cic-detail-title"),
            html.Div(
                [status_badge(node["status"], lang), count_chips(node["counts"], lang)], className="cic-detail-status"
            ),
            html.Div(
                [
                    html.A(
                        f"✖ {len(detail['red_provinces'])} {t('cic_provinces_count', lang)}",
                        href="#chain-red-provinces",
                        className="cic-red-total",
                    )
                ]
                + [
                    dcc.Link(
                        f"{name(entry, lang)} {len(entry['indicators'])}",
                        href=href(f"/province/{entry['area']}", query),
                        className="cic-red-top",
                    )
                    for entry in detail["red_provinces"][:6]
                ],
                className="cic-red-summary",
            ),
        ],
        className=f"panel cic-detail-head cic-node-{node['status']}",
        id="chain-detail",
    )
    return [
        html.Div(
            [
                tree_panel(view, node["code"], query, lang),
                html.Div(
                    [
                        head,
                        section(
                            t("cic_host_agencies", lang),
                            host_cards(detail, lang),
                            "cic-hosts-panel",
                            fresh=fresh_results(view, lang, [i["code"] for i in detail["indicators"]]),
                        ),
                        section(
                            t("cic_factors_indicators", lang),
                            exportable_table(
                                factor_table(view, detail, query, lang), f"chain-{detail['node']['code']}", lang
                            ),
                            "cic-factors-panel",
                            "chain-indicators",
                            fresh=fresh_results(view, lang, [i["code"] for i in detail["indicators"]]),
                        ),
                    ],
                    className="cic-detail",
                ),
            ],
            className="cic-chain-grid",
        ),
        section(
            f"{t('cic_red_provinces', lang)} ({len(detail['red_provinces'])}) — {name(node, lang)}",
            html.Div([red_map(detail, lang), red_list(detail, query, lang)], className="cic-red-grid"),
            "cic-red-panel",
            "chain-red-provinces",
            fresh=fresh_results(view, lang, [i["code"] for i in detail["indicators"]]),
        ),
    ]


def emenscr_link(fiscal_year: int | None, lang: str) -> html.A | None:
    """The chain's figures and projects as the CSV the ministry enters into eMENSCR (docs/emenscr.md)."""
    if fiscal_year is None:
        return None
    return html.A(
        t("cic_emenscr_export", lang),
        href=f"/api/v1/exports/emenscr.csv?fy={fiscal_year}",
        download=f"emenscr-{fiscal_year}.csv",
        className="cic-export",
        title=t("cic_emenscr_export_title", lang),
    )


def render(view: dict, query: dict, lang: str):
    crumbs = [(t("nation", lang), href("/", query)), (t("chain", lang), href("/chain", query))]
    detail = view["detail"]
    if detail is None:
        return crumbs, html.Div(
            [html.H1(t("cic_chain_question", lang)), empty_state(emptiness(view) or NO_CATALOGUE, query, lang)],
            className="cic-page",
        )
    for node in detail["path"]:
        crumbs.append((f"{node['level']} {short(name(node, lang), 40)}", href("/chain", query, node=node["code"])))
    body = html.Div(
        [
            html.H1(t("cic_chain_question", lang), className="cic-question"),
            empty_state(emptiness(view), query, lang),
            emenscr_link(view["fiscal_year_be"], lang),
            *detail_panel(view, query, lang),
        ],
        className="cic-page cic-chain-page",
    )
    return crumbs, body

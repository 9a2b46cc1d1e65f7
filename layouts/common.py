"""Pieces every page uses: links that keep the view's choices, number formats, breadcrumb, section frames."""

from __future__ import annotations

from urllib.parse import urlencode

from dash import dcc, html

from cockpit.rules import freshness
from cockpit.rules.thai_time import format_datetime_be
from layouts.i18n import name, t
from layouts.status import status_badge

CRISIS_DAYS = freshness.CRISIS_UPDATE_DAYS
# Query keys that shape a view; links keep them so a copied link reproduces the view.
KEPT = ("lang", "fy", "scheme", "ind", "map")


# The grid in the cockpit's dark colours and large type (AG Grid's theming API; nothing is fetched).
GRID_THEME = (
    "themeQuartz.withParams({"
    "backgroundColor: '#111a2e', foregroundColor: '#f3f4f6', headerBackgroundColor: '#16213a',"
    "headerTextColor: '#f3f4f6', borderColor: '#2a3754', accentColor: '#60a5fa',"
    "oddRowBackgroundColor: '#111a2e',"
    "fontFamily: 'Sarabun, sans-serif', fontSize: 20, headerFontSize: 20, headerFontWeight: 700,"
    "rowHeight: 52, headerHeight: 52, spacing: 6, wrapperBorderRadius: 10, browserColorScheme: 'dark'"
    "})"
)


def href(path: str, query: dict[str, str], **changes: str | None) -> str:
    """A link to `path` keeping the current choices, with some changed (None removes one)."""
    merged = {k: v for k, v in query.items() if k in KEPT} | changes
    clean = {k: v for k, v in merged.items() if v not in (None, "")}
    return f"{path}?{urlencode(clean)}" if clean else path


def fmt(value: float | None, decimals: int = 1, lang: str = "th") -> str:
    """A figure, or the words 'no data' — never 0 for a missing value."""
    if value is None:
        return t("no_data", lang)
    return f"{value:,.{decimals}f}"


def unit(ind: dict, lang: str) -> str:
    return ind["unit_label_en"] if lang == "en" else ind["unit_label_th"]


def target_text(row: dict, ind: dict, lang: str) -> str:
    if row.get("target_low") is not None and row.get("target_high") is not None:
        return f"{fmt(row['target_low'], ind['decimals'])}–{fmt(row['target_high'], ind['decimals'])}"
    if row.get("target") is not None:
        return fmt(row["target"], ind["decimals"])
    return t("no_target", lang)


def area_link(kind: str, row: dict, query: dict, lang: str, code_key: str = "area") -> dcc.Link:
    """A region's or province's name as a link to its page."""
    return dcc.Link(name(row, lang), href=href(f"/{kind}/{row[code_key]}", query), className=f"{kind}-link")


def first_crumb(view: dict, query: dict, lang: str) -> tuple[str, str]:
    """Where a trail starts: the nation, or for one who sees only an area, their own region or province."""
    viewer = view.get("viewer")
    if viewer and viewer["view_scope"] != "national":
        return t("my_area", lang), href(viewer["home"], query)
    return t("nation", lang), href("/", query)


def breadcrumb(items: list[tuple[str, str | None]]) -> list:
    """ประเทศ › ศธภ. n › province: every step but the last is a link."""
    parts = []
    for index, (label, link) in enumerate(items):
        if index:
            parts.append(html.Span("›", className="crumb-sep", **{"aria-hidden": "true"}))
        parts.append(
            dcc.Link(label, href=link, className="crumb")
            if link and index < len(items) - 1
            else html.Span(label, className="crumb crumb-current")
        )
    return parts


def results_freshness(view: dict, codes: list[str] | None = None) -> dict | None:
    """The freshness of a section drawn on some indicators' results (all by default): its latest write and
    how many of them are stale (view["freshness"], cockpit.read.views.indicator_freshness)."""
    table = view.get("freshness") or {}
    mine = [table[c] for c in (table if codes is None else codes) if c in table]
    written = [f["as_of"] for f in mine if f["as_of"] is not None]
    if not written:
        return None
    return {"as_of": max(written), "stale": sum(1 for f in mine if f["stale"]), "of": len(mine)}


def crises_freshness(events: list[dict]) -> dict | None:
    """A crisis section is as fresh as its latest report; stale when its open crises have had no update for
    longer than cockpit.rules.freshness allows (a closed crisis is done, never stale)."""
    if not events:
        return None
    open_updates = [e["updated_at"] for e in events if e["status"] not in ("closed", "dismissed")]
    today = freshness.bangkok_today()
    stale = bool(open_updates) and freshness.written_freshness(max(open_updates), CRISIS_DAYS, today).stale
    return {"as_of": max(e["updated_at"] for e in events), "stale": int(stale), "of": 1}


def freshness_line(fresh: dict | None, lang: str) -> html.Div | None:
    """'ข้อมูล ณ 14 ต.ค. 2568 09:30 น. · ⚠ ข้อมูลเก่าเกินกำหนด (3 ตัวชี้วัด)' under a section's title."""
    if not fresh:
        return None
    parts = [html.Span(f"{t('wall_as_of', lang)} {format_datetime_be(fresh['as_of'], lang)}", className="as-of")]
    if fresh["stale"]:
        many = f" ({t('stale_indicators', lang).format(n=fresh['stale'])})" if fresh["of"] > 1 else ""
        parts.append(html.Span(f" · ⚠ {t('stale', lang)}{many}", className="stale-marker"))
    return html.Div(parts, className="section-freshness", **{"data-stale": "1" if fresh["stale"] else "0"})


def host_label(row: dict, lang: str) -> str:
    """A row's host agency as its abbreviation in the page's language: สพฐ. on a Thai page, OBEC on an English one."""
    code = row.get("host_agency_code") or ""
    return (row.get("host_abbr_th") or code) if lang == "th" else code


def section(title: str, children, class_name: str = "", section_id: str | None = None, fresh=None) -> html.Section:
    """A panel with its title and, for a section of data, its freshness line (`freshness_line`)."""
    props = {"id": section_id} if section_id else {}
    head = [html.H2(title, className="section-title")] + ([fresh] if fresh is not None else [])
    return html.Section([*head, children], className=f"panel {class_name}", **props)


def fresh_results(view: dict, lang: str, codes: list[str] | None = None) -> html.Div | None:
    """The freshness line of a section drawn on some indicators' results (all by default)."""
    return freshness_line(results_freshness(view, codes), lang)


def fresh_crises(events: list[dict], lang: str) -> html.Div | None:
    return freshness_line(crises_freshness(events), lang)


def figure_line(row: dict | None, ind: dict, lang: str) -> html.Div:
    """Value, unit, target and status of one area on one indicator."""
    if row is None:
        return html.Div(status_badge("no_data", lang), className="figure-line")
    return html.Div(
        [
            html.Span(fmt(row["value"], ind["decimals"], lang), className="figure-value"),
            html.Span(unit(ind, lang), className="figure-unit") if row["value"] is not None else None,
            html.Span(f"{t('target', lang)} {target_text(row, ind, lang)}", className="figure-target"),
            status_badge(row["status"], lang, row.get("periods_missing", 0)),
        ],
        className="figure-line",
    )


def acting_as(view: dict, lang: str, element_id: str) -> html.P:
    """Who a page's write will be recorded as: the signed-in person and their write scope (no token to paste)."""
    viewer = view.get("viewer") or {}
    scope = viewer.get("write_scope")
    scope = t("pe_scope_national", lang) if scope == "national" else (scope or "-").partition(":")[2] or scope
    return html.P(
        with_identifier(t("pe_acting_as", lang).format(name="{name}", scope=scope), "{name}", viewer.get("name", "-")),
        className="acting-as",
        id=element_id,
    )


def with_identifier(text: str, slot: str, identifier: str) -> list:
    """`text` with `slot` replaced by an identifier (a user name, an actor) marked as such: it is what it is in
    either language (tests/test_one_language.py leaves `identifier` out)."""
    before, _, after = text.partition(slot)
    return [before, html.Span(identifier, className="identifier"), after]


def dropdown(lang: str, **props) -> dcc.Dropdown:
    """A choice list whose own words (its search box, clearing, "no match") are in the page's language."""
    return dcc.Dropdown(labels=dropdown_labels(lang), **props)


def dropdown_labels(lang: str) -> dict:
    if lang == "en":
        return {"search": "Search", "clear_search": "Clear", "no_options_found": "No match"}
    return {"search": "ค้นหา", "clear_search": "ล้าง", "clear_selection": "ล้าง", "no_options_found": "ไม่พบรายการ"}

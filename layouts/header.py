"""The header strip: title, demo marker, main navigation, the view's choices as links, data time."""

from dash import dcc, html

from cockpit.rules.thai_time import format_datetime_be
from layouts.briefing import HEADER_BUTTON, briefing_button
from layouts.common import href
from layouts.i18n import t


def _choice_links(
    label: str, options: list[tuple[str, str]], current: str, path: str, query: dict, key: str, link_id: str
) -> html.Div:
    links = [
        dcc.Link(
            text,
            href=href(path, query, **{key: value}),
            id={"type": link_id, "value": value},
            className="choice" + (" choice-current" if value == current else ""),
        )
        for value, text in options
    ]
    return html.Div([html.Span(label, className="choice-label"), *links], className="choices")


def _nav_links(viewer: dict | None, query: dict, lang: str) -> list:
    """The pages this viewer may open (cockpit.people.access.PAGE_NEEDS), and no others."""
    national = viewer is None or viewer["view_scope"] == "national"
    can = set(viewer["can"]) if viewer else {"report", "drive_deck"}
    links = []
    if national:
        links += [
            dcc.Link(t("nation", lang), href=href("/", query), className="nav-link"),
            dcc.Link(t("chain", lang), href=href("/chain", query), className="nav-link"),
            dcc.Link(t("crises", lang), href=href("/crisis", query), className="nav-link"),
            dcc.Link(t("nav_since", lang), href=href("/since", query), className="nav-link"),
        ]
    elif viewer:
        links.append(
            dcc.Link(t("forbidden_home", lang), href=href(viewer["home"], query), className="nav-link", id="nav-home")
        )
    if "report" in can and (viewer is None or viewer["write_scope"]):
        links += [
            dcc.Link(t("nav_enter", lang), href=href("/enter", query), className="nav-link", id="nav-enter"),
            dcc.Link(
                t("nav_report_crisis", lang), href=href("/crisis/new", query), className="nav-link", id="nav-report"
            ),
            dcc.Link(t("nav_upload", lang), href=href("/upload", query), className="nav-link"),
        ]
    if national:
        links.append(dcc.Link(t("nav_catalogue", lang), href=href("/catalogue", query), className="nav-link"))
        links.append(
            dcc.Link(
                t("nav_wall", lang),
                href=href("/wall", {"lang": query.get("lang")}),
                className="nav-link",
                target="_blank",
            )
        )
    if "drive_deck" in can:
        links.append(dcc.Link(t("nav_deck", lang), href=href("/deck", query), className="nav-link"))
    if viewer and ("manage_people" in can or "drive_deck" in can):
        word = "nav_people" if "manage_people" in can else "nav_screens"
        links.append(dcc.Link(t(word, lang), href=href("/people", query), className="nav-link", id="nav-people"))
    if viewer and "manage_people" in can:
        links.append(
            dcc.Link(t("nav_alerts", lang), href=href("/alerts", query), className="nav-link", id="nav-alerts")
        )
    if viewer and "read_audit" in can:
        links.append(dcc.Link(t("nav_audit", lang), href=href("/audit", query), className="nav-link", id="nav-audit"))
    return links


def _scope_words(scope: str, lang: str) -> str:
    """A view scope as words: the whole country, or the code of the region or province (an identifier)."""
    return t("pe_scope_national", lang) if scope == "national" else scope.partition(":")[2]


def _viewer_strip(viewer: dict | None, lang: str) -> html.Div | None:
    """Who is signed in, their account page and the sign-out button (a plain form: POST /logout)."""
    if not viewer or viewer["kind"] != "user":
        return None
    suffix = "?lang=en" if lang == "en" else ""
    return html.Div(
        [
            html.Span(f"{t('pe_signed_in', lang)}: ", className="choice-label"),
            html.A(viewer["name"], href=f"/account{suffix}", id="viewer-name", className="viewer-name"),
            html.Span(f" · {_scope_words(viewer['view_scope'], lang)}", className="viewer-scope"),
            html.Form(
                html.Button(t("pe_sign_out", lang), type="submit", id="sign-out", className="sign-out"),
                method="POST",
                action=f"/logout{suffix}",
                className="sign-out-form",
            ),
        ],
        className="viewer",
    )


def header(view: dict, path: str, query: dict, lang: str) -> list:
    dataset = view["dataset"]
    parts = [dcc.Link(t("app_title", lang), href=href("/", query), className="app-title")]
    if dataset["dataset"] == "demo":
        parts.append(html.Div(t("demo_banner", lang), className="demo-banner", id="demo-banner"))
    parts.append(html.Nav(_nav_links(view.get("viewer"), query, lang), className="main-nav"))
    viewer = view.get("viewer")
    if viewer is None or (viewer["view_scope"] == "national" and viewer["kind"] != "device"):
        parts.append(briefing_button(HEADER_BUTTON, lang))  # the briefing shows the walls: who may see them
    controls = []
    years = view.get("fiscal_years") or []
    if years:
        controls.append(
            _choice_links(
                t("fiscal_year", lang),
                [(str(y), str(y)) for y in sorted(years)],
                str(view.get("fiscal_year_be")),
                path,
                query,
                "fy",
                "fy-choice",
            )
        )
        why = fiscal_year_why(view.get("fiscal_year_default"), lang)
        if why:
            controls.append(html.Div(why, className="fy-why", id="fy-why"))
    schemes = view.get("schemes") or []
    if len(schemes) > 1:
        controls.append(
            _choice_links(
                t("region_scheme", lang),
                [(s["code"], s["name_en"] if lang == "en" else s["name_th"]) for s in schemes],
                view.get("scheme", ""),
                path,
                query,
                "scheme",
                "scheme-choice",
            )
        )
    controls.append(_choice_links("", [("th", "ไทย"), ("en", "English")], lang, path, query, "lang", "lang-choice"))
    controls.append(_viewer_strip(view.get("viewer"), lang))
    parts.append(html.Div(controls, className="controls"))
    parts.append(
        html.Div(
            f"{t('updated', lang)} {format_datetime_be(dataset['updated_at'], lang)}",
            className="data-time",
            id="data-time",
        )
    )
    return parts


def fiscal_year_why(default: dict | None, lang: str) -> str | None:
    """Which fiscal year a page shows when none was chosen, and why; None when one was chosen."""
    if not default or default.get("fiscal_year_be") is None:
        return None
    count, total = default["indicators_with_data"], default["indicators"]
    key = "fy_why_most" if 2 * count >= total else "fy_why_best"
    why = t(key, lang).format(year=default["fiscal_year_be"], count=count, total=total)
    if default["latest_fiscal_year_be"] != default["fiscal_year_be"]:
        later = t("fy_why_later", lang).format(
            year=default["latest_fiscal_year_be"], count=default["latest_indicators_with_data"]
        )
        why += f" · {later}"
    return why

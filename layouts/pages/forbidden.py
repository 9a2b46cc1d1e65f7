"""The 403 page: what the person may not see, why, and the way to what they may (their own area)."""

from dash import dcc, html

from layouts.common import href
from layouts.i18n import t


def render(view: dict, reason: str, query: dict, lang: str):
    viewer = view.get("viewer") or {}
    scope = viewer.get("view_scope") or "-"
    home = viewer.get("home") or "/"
    body = html.Div(
        [
            html.H1(t("forbidden_title", lang)),
            html.P(t(reason, lang).format(scope=scope), className="forbidden-reason", id="forbidden-reason"),
            dcc.Link(t("forbidden_home", lang), href=href(home, {"lang": query.get("lang", "")}), id="forbidden-home")
            if viewer and viewer.get("kind") != "device"
            else None,
        ],
        className="forbidden",
        role="alert",
        **{"data-status": "403", "data-reason": reason},
    )
    return [], body

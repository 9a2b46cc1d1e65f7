"""The router: the URL (path and query) decides the page, so a copied link reproduces the view."""

from urllib.parse import parse_qs

from dash import Input, Output

from cockpit import views
from layouts import pages
from layouts.header import header


def parse_query(search: str | None) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs((search or "").lstrip("?")).items()}


def register_routing(app, store) -> None:
    @app.callback(
        Output("header", "children"),
        Output("page", "children"),
        Input("url", "pathname"),
        Input("url", "search"),
    )
    def route(pathname, search):
        query = parse_query(search)
        lang = "en" if query.get("lang") == "en" else "th"
        fiscal_year = int(query["fy"]) if query.get("fy", "").isdigit() else None
        with store.read() as conn:
            if pathname in ("/", None, ""):
                view = views.nation_view(conn, fiscal_year)
                return header(view["dataset"], lang), pages.nation_page(view, lang)
            from cockpit.queries import dataset_info

            return header(dataset_info(conn), lang), pages.not_found_page(lang)

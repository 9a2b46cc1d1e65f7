"""The router: the URL (path and query) decides the page, so a copied link reproduces the view exactly."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs

from dash import ClientsideFunction, Input, Output, State, ctx, no_update
from flask import Response, g, has_request_context, request

from callbacks import who
from callbacks.render_cache import RenderCache
from cockpit.catalogue.export import catalogue_view
from cockpit.people import admin, devices
from cockpit.people.access import Can, Principal, home_path, page_refusal
from cockpit.read import crises as crisis_reads
from cockpit.read import entry, queries, schools, views
from cockpit.read.queries import NotFound, dataset_info, regions
from cockpit.room import alerts, comments, decisions, deck, meetings, subjects
from cockpit.web.transfer import DYNAMIC_LEVEL, NOT_STORED, chosen_encoding, compress
from cockpit.write import audit
from layouts.common import breadcrumb
from layouts.header import header
from layouts.pages import forbidden, not_found


@dataclass(frozen=True)
class Route:
    pattern: re.Pattern
    view: Callable  # (conn, path groups, query) -> plain data from cockpit.views
    render: Callable  # (view, query, lang) -> (breadcrumb, body), from layouts.pages
    chrome: bool = True  # the header and breadcrumb; the wall is a kiosk without them
    page: str = "nation"  # which page it is, for cockpit.people.access.page_refusal
    personal: bool = False  # the view also takes the principal: (conn, groups, query, who), e.g. its write scope
    # A page of forms (people, the audit trail, the writing pages) is not rendered again on a new data version
    # (that would wipe what a person typed and a secret shown once), and is rendered afresh on each visit.
    live: bool = True


def _int(query: dict, key: str) -> int | None:
    return int(query[key]) if query.get(key, "").isdigit() else None


def _year(query: dict) -> int | None:
    return _int(query, "fy")


def _indicator(query: dict) -> str | None:
    """The chosen indicator: `ind`, or the spelled-out `indicator` a person may type (/?indicator=JI24)."""
    return query.get("ind") or query.get("indicator")


def _about(kind: str, code: Callable[[dict, dict], str | None], view: Callable, render: Callable) -> tuple:
    """A page's view and render with the decisions about its subject (the page's indicator, area, crisis or
    chain node; `code` picks it from the path's groups and the query, None: the page has none)."""
    from layouts.decisions import with_decisions

    def view_with(conn, groups, query):
        found = view(conn, groups, query)
        subject = code(groups, query)
        if subject is not None:
            found["decisions"] = decisions.for_subject(conn, kind, subject)
            found["decision_form"] = decisions.subject_form(conn, kind, subject)
        return found

    return view_with, lambda v, q, lang: with_decisions(render(v, q, lang), v, lang)


def _commented(figure: Callable[[object, dict, dict, dict], tuple], view: Callable, render: Callable) -> tuple:
    """A page's view and render with the comments on one of its figures (`figure` picks, from the connection, the
    path's groups, the query and the view: the indicator, the area, the fiscal year and the period a new comment
    is on) and the count of comments beside each figure of its indicator or area."""
    from layouts.comments import with_comments

    def view_with(conn, groups, query):
        found = view(conn, groups, query)
        indicator, area, year, period = figure(conn, groups, query, found)
        found["comments_panel"] = comments.panel_view(conn, indicator, area, year, period)
        found["comment_counts"] = comments.counts(conn, year)
        return found

    return view_with, lambda v, q, lang: with_comments(render(v, q, lang), v, lang)


def _latest_period(conn, indicator: dict | None, year: int | None) -> int | None:
    return queries.reporting_periods(conn, year).get(indicator["code"]) if indicator and year else None


def _indicator_figure(conn, groups: dict, query: dict, found: dict) -> tuple:
    """The indicator page comments on the national figure, or on an area's (?area=TH-50) from its league."""
    area = query.get("area") or comments.NATION
    return found["indicator"], area, found["fiscal_year_be"], found["period_no"]


def _area_figure(conn, groups: dict, query: dict, found: dict) -> tuple:
    """A region or province page comments on its area's figure of the chosen indicator (?ind=, else the page's
    first), at the indicator's latest period of the year."""
    indicator = found.get("indicator") or next(
        (i for i in found["indicators"] if i["code"] == _indicator(query)), (found["indicators"] or [None])[0]
    )
    year = found["fiscal_year_be"]
    return indicator, groups["code"], year, _latest_period(conn, indicator, year)


def _routes() -> list[Route]:
    from layouts.crisis_form import report_form
    from layouts.pages import alerts as alerts_page
    from layouts.pages import audit as audit_page
    from layouts.pages import catalogue as catalogue_page
    from layouts.pages import chain, crisis, indicator, nation, province, region, school, service_area, since, wall
    from layouts.pages import deck as deck_page
    from layouts.pages import enter as enter_page
    from layouts.pages import people as people_page
    from layouts.pages import upload as upload_page

    return [
        Route(
            re.compile(r"^/enter$"),
            lambda c, g, q, who: entry.entry_view(
                c, who.write_provinces if who else frozenset(), q.get("ind"), _year(q), _int(q, "period")
            ),
            enter_page.render,
            page="enter",
            personal=True,
            live=False,
        ),
        Route(
            re.compile(r"^/crisis/new$"),
            lambda c, g, q, who: entry.crisis_form_view(c, who.write_provinces if who else frozenset()),
            report_form,
            page="crisis_report",
            personal=True,
            live=False,
        ),
        Route(
            re.compile(r"^/upload$"),
            lambda c, g, q: {"dataset": dataset_info(c)},
            upload_page.render,
            page="upload",
            live=False,  # the import it reports bumps the data version: a redraw would wipe its report
        ),
        Route(
            re.compile(r"^/catalogue$"),
            lambda c, g, q: {"dataset": dataset_info(c), "catalogue": catalogue_view(c)},
            catalogue_page.render,
            page="catalogue",
        ),
        Route(
            re.compile(r"^/$"),
            *_about(
                "area",
                lambda g, q: decisions.NATION,
                lambda c, g, q: views.nation_view(c, _year(q), _indicator(q), q.get("scheme")),
                nation.render,
            ),
        ),
        Route(
            re.compile(r"^/region/(?P<code>[^/]+)$"),
            *_about(
                "area",
                lambda g, q: g["code"],
                *_commented(
                    _area_figure,
                    lambda c, g, q: views.region_view(c, g["code"], _year(q), _indicator(q), q.get("scheme")),
                    region.render,
                ),
            ),
            page="region",
        ),
        Route(
            re.compile(r"^/province/(?P<code>TH-\d{2})$"),
            *_about(
                "area",
                lambda g, q: g["code"],
                *_commented(
                    _area_figure,
                    lambda c, g, q: views.province_view(c, g["code"], _year(q), q.get("scheme"), _indicator(q)),
                    province.render,
                ),
            ),
            page="province",
        ),
        Route(
            re.compile(r"^/service-area/(?P<code>[^/]+)$"),
            lambda c, g, q: views.service_area_view(
                c, g["code"], _year(q), _indicator(q), _int(q, "period"), q.get("scheme"), q.get("province")
            ),
            service_area.render,
            page="service_area",
        ),
        Route(
            re.compile(r"^/school/(?P<code>[^/]+)$"),
            lambda c, g, q: views.school_view(c, g["code"], _year(q), q.get("scheme")),
            school.render,
            page="school",
        ),
        Route(
            re.compile(r"^/chain$"),
            *_about(
                "chain",
                lambda g, q: q.get("node"),
                lambda c, g, q: views.chain_view(c, _year(q), q.get("node"), q.get("scheme")),
                chain.render,
            ),
            page="chain",
        ),
        Route(
            re.compile(r"^/indicator/(?P<code>[^/]+)$"),
            *_about(
                "indicator",
                lambda g, q: g["code"],
                *_commented(
                    _indicator_figure,
                    lambda c, g, q: views.indicator_view(c, g["code"], _year(q), q.get("scheme"), _int(q, "period")),
                    indicator.render,
                ),
            ),
            page="indicator",
        ),
        Route(
            re.compile(r"^/crisis$"),
            lambda c, g, q: views.crisis_view(c, q.get("closed") == "1", q.get("scheme")),
            crisis.render,
            page="crisis",
        ),
        Route(
            re.compile(r"^/crisis/(?P<id>\d+)$"),
            *_about(
                "crisis",
                lambda g, q: g["id"],
                lambda c, g, q: views.crisis_view(c, True, q.get("scheme"), crisis_id=int(g["id"])),
                crisis.render,
            ),
            page="crisis_event",
        ),
        Route(re.compile(r"^/wall$"), room_with_focus, wall.render, chrome=False, page="wall"),
        Route(
            re.compile(r"^/deck$"),
            lambda c, g, q, who: (
                deck.console_view(c) | decisions.form_choices(c) | {"alerts": alerts.feed(c, who.view_provinces)}
            ),  # each office sees the alerts of its scope
            deck_page.render,
            page="deck",
            personal=True,
        ),
        Route(re.compile(r"^/since$"), lambda c, g, q: meetings.since_view(c), since.render, page="since"),
        Route(
            re.compile(r"^/people$"),
            lambda c, g, q, who: {"dataset": dataset_info(c)} | admin.people_view(c, who),
            people_page.render,
            page="people",
            personal=True,
            live=False,
        ),
        Route(
            re.compile(r"^/audit$"),
            lambda c, g, q, who: {"dataset": dataset_info(c)} | audit.newest(c),
            audit_page.render,
            page="audit",
            personal=True,
            live=False,
        ),
        Route(
            re.compile(r"^/alerts$"),
            lambda c, g, q: {"dataset": dataset_info(c)} | alerts.admin_view(c),
            alerts_page.render,
            page="alerts",
            live=False,
        ),
    ]


def _lang(query: dict) -> str:
    return "en" if query.get("lang") == "en" else "th"


def room_with_focus(conn, _groups: dict, query: dict) -> dict:
    """The four walls, or when the flight deck points the room at a subject, the wall made for it (the focus)."""
    return subjects.room_view(conn, _year(query))


def parse_query(search: str | None) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs((search or "").lstrip("?")).items()}


def _area_provinces(conn, route: Route, groups: dict, query: dict) -> frozenset[str] | None:
    """The provinces of the region, province, service area or school a page is about (None for other pages or
    unknown areas)."""
    if route.page == "province":
        return frozenset({groups["code"]})
    if route.page == "service_area":
        return schools.service_area_provinces(conn, groups["code"])
    if route.page == "school":
        return schools.school_province(conn, groups["code"])
    if route.page == "crisis_event":
        return crisis_reads.crisis_provinces(conn, int(groups["id"]))
    if route.page == "region":
        region = next((r for r in regions(conn, query.get("scheme")) if r["code"] == groups["code"]), None)
        return frozenset(region["provinces"]) if region else None
    return None


def render_path(
    store, pathname: str | None, search: str | None, who: Principal | None = None
) -> tuple[list, list, object]:
    """(header, breadcrumb items as (label, link) pairs, page body) for a URL as this principal may see it:
    the router's whole job, kept apart for tests."""
    query = parse_query(search)
    lang = _lang(query)
    path = pathname or "/"
    viewer = viewer_of(who)
    with store.read() as conn:
        for route in ROUTES:
            match = route.pattern.match(path)
            if not match:
                continue
            refusal = page_refusal(who, route.page, _area_provinces(conn, route, match.groupdict(), query))
            if refusal:
                base = {"dataset": dataset_info(conn), "viewer": viewer}
                crumbs, body = forbidden.render(base, refusal, query, lang)
                return (header(base, path, query, lang) if route.chrome else []), crumbs, body
            try:
                view = (
                    route.view(conn, match.groupdict(), query, who)
                    if route.personal
                    else route.view(conn, match.groupdict(), query)
                )
            except NotFound:
                break
            view["viewer"] = viewer
            crumbs, body = route.render(view, query, lang)
            if not route.chrome:
                return [], [], body
            return header(view, path, query, lang), crumbs, body
        base = {"dataset": dataset_info(conn), "viewer": viewer}
    crumbs, body = not_found.render(base, query, lang)
    return header(base, path, query, lang), crumbs, body


def page_status(store, path: str, query: dict, who: Principal | None) -> int:
    """The HTTP status a page's first load answers with: 403 outside the viewer's scope or role, 404 for a path
    that names no page, else 200 (the page itself then says the same in words)."""
    with store.read() as conn:
        for route in ROUTES:
            match = route.pattern.match(path)
            if match:
                area = _area_provinces(conn, route, match.groupdict(), query)
                return 403 if page_refusal(who, route.page, area) else 200
    return 404


def viewer_of(who: Principal | None) -> dict | None:
    """What pages show of the one looking: name, role, scopes, home, and what they may do."""
    if who is None:
        return None
    return {
        "kind": who.kind,
        "name": who.name,
        "role": who.role.value if who.role else None,
        "view_scope": who.view_scope,
        "write_scope": who.write_scope,
        "home": home_path(who.view_scope),
        "can": sorted(c.value for c in Can if who.can(c)),
        "write_provinces": None if who.write_provinces is None else sorted(who.write_provinces),
    }


ROUTES: list[Route] = []


def is_live(pathname: str | None) -> bool:
    """Whether the page at this path follows the data version (Route.live); unknown paths do."""
    return next((route.live for route in ROUTES if route.pattern.match(pathname or "/")), True)


PAGE_SKIP = ("/api/", "/_dash", "/_reload", "/assets/", "/login", "/logout", "/account", "/screen/", "/_favicon")


ROUTE_OUTPUT = "..header.children...breadcrumb.children...page.children...rendered-version.data.."


def _route_request() -> tuple[str, str] | None:
    """The (pathname, search) of a request for the router's callback on a live page; None for any other request."""
    if request.method != "POST" or request.path != "/_dash-update-component":
        return None
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or body.get("output") != ROUTE_OUTPUT:
        return None
    given = {(i.get("id"), i.get("property")): i.get("value") for i in body.get("inputs", []) if isinstance(i, dict)}
    pathname, search = given.get(("url", "pathname")), given.get(("url", "search"))
    if not isinstance(pathname, str) or not isinstance(search, str | None) or not is_live(pathname):
        return None
    return pathname, search


def register_routing(app, store) -> None:
    ROUTES[:] = _routes()

    @app.server.after_request
    def status_of_the_page(response):
        """Dash answers every path with its one index page (200); a page outside the scope is a 403 and an
        unknown path a 404 from its first byte, so a browser, a proxy or a crawler knows it too."""
        if (
            request.method == "GET"
            and response.status_code == 200
            and response.mimetype == "text/html"
            and not request.path.startswith(PAGE_SKIP)
        ):
            response.status_code = page_status(store, request.path, dict(request.args), who.current())
        return response

    renderings = RenderCache()

    def rendered(version: int, pathname: str | None, search: str | None, who: Principal | None):
        """Pages are the same for the same data version, URL and viewer; many screens share one rendering (and, under
        a stream of writes, one a second: callbacks/render_cache.py). Returns (page, the version it shows)."""
        who = devices.as_any_screen(who)
        key = (pathname, search, who)
        found = renderings.get(version, key, lambda: render_path(store, pathname, search, who))
        if has_request_context():
            g.rendering = (key, found[1])  # its answer is kept once Dash has made it (keep_the_answer)
        return found

    @app.server.before_request
    def answer_a_kept_rendering():
        """A render of a live page that the kept rendering would serve is answered its kept bytes, before Dash."""
        asked = _route_request()
        if asked is None:
            return None
        encoding = chosen_encoding()
        key = (*asked, devices.as_any_screen(who.current()))
        level = DYNAMIC_LEVEL.get(encoding or "", 0)
        data = renderings.answer(store.known_version(), key, encoding, lambda plain: compress(plain, encoding, level))
        if data is None:
            return None
        answer = Response(data, mimetype="application/json")
        answer.headers["Cache-Control"] = NOT_STORED
        answer.vary.add("Accept-Encoding")
        if encoding is not None:
            answer.headers["Content-Encoding"] = encoding
        return answer

    @app.server.after_request
    def keep_the_answer(response):
        kept = g.pop("rendering", None)
        if kept is not None and response.status_code == 200 and "Content-Encoding" not in response.headers:
            renderings.keep_answer(kept[0], kept[1], response.get_data())
        return response

    @app.callback(
        Output("header", "children"),
        Output("breadcrumb", "children"),
        Output("page", "children"),
        Output("rendered-version", "data"),
        Input("url", "pathname"),
        Input("url", "search"),
        Input("data-version", "data"),
    )
    def route(pathname, search, _new_version):
        version = store.known_version()
        if is_live(pathname):
            (page_header, crumbs, body), version = rendered(version, pathname, search, who.current())
        elif set(ctx.triggered_prop_ids.values()) == {"data-version"}:
            # A form being filled in stays as it is; only the version it was rendered with moves on.
            return no_update, no_update, no_update, version
        else:
            page_header, crumbs, body = render_path(store, pathname, search, who.current())
        return page_header, breadcrumb(crumbs), body, version

    app.clientside_callback(
        ClientsideFunction(namespace="cockpit", function_name="checkVersion"),
        Output("data-version", "data"),
        Output("connection", "children"),
        Output("connection", "className"),
        Input("version-tick", "n_intervals"),
        State("rendered-version", "data"),
    )

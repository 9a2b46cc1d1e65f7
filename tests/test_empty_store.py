"""An empty store works (issue 8, item 6): every page, /wall and /deck render on a store with no catalogue (A)
and on a catalogue without results (B), saying what is missing and linking to where to fix it; on both
backends, through the router."""

from __future__ import annotations

import pytest
from dash import dcc

from callbacks import routing
from cockpit.catalogue.apply import import_catalogue
from cockpit.catalogue.files import read_path
from cockpit.config import ROOT
from cockpit.read import queries, views
from cockpit.room import deck, walls
from tests.signin import ADMINISTRATOR
from tests.test_pages_region_province import by_class, find, texts

STARTER = ROOT / "data" / "catalogues" / "starter"
PAGES = ["/", "/region/REO08", "/province/TH-50", "/chain", "/crisis", "/upload", "/deck"]
WALL_SCREENS = ["", "?screen=red", "?screen=black", "?screen=blue", "?screen=white"]
NO_CATALOGUE_TH = ("ยังไม่มีตัวชี้วัดในแคตตาล็อก", "นำเข้าแคตตาล็อกที่หน้า")
NO_RESULTS_TH = ("ยังไม่มีการรายงานผลตัวชี้วัดในปีงบประมาณใด", "นำเข้าผลตัวชี้วัดที่หน้า", "/api/v1/results")


@pytest.fixture(autouse=True)
def _routes():
    routing.ROUTES[:] = routing._routes()


def with_starter_catalogue(store):
    import_catalogue(store, read_path(STARTER), "test")
    return store


def render(store, path: str, search: str = ""):
    """The page body of a URL, through the router exactly as the app renders it."""
    _header, _crumbs, body = routing.render_path(store, path, search, ADMINISTRATOR)
    return body


def hrefs(body) -> list[str]:
    return [link.href for link in find(body, lambda c: isinstance(c, dcc.Link))]


def assert_guidance(body, words: tuple[str, ...], link: str, where: str) -> None:
    text = texts(body)
    blocks = by_class(body, "empty-state")
    assert blocks, f"{where}: no empty-state block in {text[:300]!r}"
    for word in words:
        assert word in text, f"{where}: {word!r} missing from {text[:400]!r}"
    assert link in hrefs(body), f"{where}: no link to {link} among {hrefs(body)}"


def test_the_store_says_what_it_lacks(stores):
    store = stores.prepared(demo=False)
    with store.read() as conn:
        assert queries.emptiness(conn) == "no_catalogue"
        assert queries.dataset_info(conn)["empty"] == "no_catalogue"
    with_starter_catalogue(store)
    with store.read() as conn:
        assert queries.indicators(conn), "the starter catalogue has indicators"
        assert queries.fiscal_years(conn) == []
        assert queries.emptiness(conn) == "no_results"


def test_demo_store_is_not_empty(demo_store):
    with demo_store.read() as conn:
        assert queries.emptiness(conn) is None
    body = render(demo_store, "/")
    assert not by_class(body, "empty-state")


def test_views_are_well_formed_without_a_catalogue(stores):
    store = stores.prepared(demo=False)
    with store.read() as conn:
        nation = views.nation_view(conn)
        assert nation["indicator"] is None
        assert nation["fiscal_year_be"] is None
        assert (nation["tiles"], nation["map"], nation["regions"], nation["goals"]) == ([], [], [], [])
        region = views.region_view(conn, "REO08")
        assert region["indicator"] is None and region["grid"] == [] and region["comparison"] == []
        assert region["provinces"], "the region's provinces are reference data, there without a catalogue"
        province = views.province_view(conn, "TH-50")
        assert all(cards == [] for cards in province["stages"].values())
        assert views.chain_view(conn)["detail"] is None
        assert views.crisis_view(conn)["crises"] == []
        room = walls.room_view(conn)
        assert all(wall["frames"] == [] for wall in room["walls"].values())
        assert room["dataset"]["empty"] == "no_catalogue"
        assert deck.console_view(conn)["indicators"] == []


def test_no_catalogue_every_page_says_import_one(stores):
    store = stores.prepared(demo=False)
    for path in PAGES:
        body = render(store, path)
        assert_guidance(body, NO_CATALOGUE_TH, "/catalogue", path)
    # No indicator exists, so any indicator's page is the not-found page, not an error, and it says why.
    body = render(store, "/indicator/DROPOUT")
    assert "ไม่พบหน้าที่ต้องการ" in texts(body)
    assert_guidance(body, NO_CATALOGUE_TH, "/catalogue", "/indicator/DROPOUT")
    # The crisis page keeps its own words for no crises.
    assert "ไม่มีภาวะวิกฤติที่ยังไม่ปิด" in texts(render(store, "/crisis"))
    # English, and the link keeps the language.
    for path in ("/", "/region/REO08", "/chain"):
        body = render(store, path, "?lang=en&fy=2568")
        assert_guidance(body, ("The catalogue has no indicators yet",), "/catalogue?lang=en", f"{path} (en)")


@pytest.mark.parametrize("screen", WALL_SCREENS)
def test_no_catalogue_every_wall_says_import_one(empty_store, screen):
    body = render(empty_store, "/wall", screen)
    sections = by_class(body, "wall-view")
    assert len(sections) == 4, "all four walls are drawn"
    for section in sections:
        assert_guidance(section, NO_CATALOGUE_TH, "/catalogue", f"/wall{screen} {section.id}")
        assert by_class(section, "empty-state-wall"), "the wall-sized block"


def test_catalogue_without_results_every_page_says_import_results(stores):
    store = with_starter_catalogue(stores.prepared(demo=False))
    with store.read() as conn:
        code = queries.indicators(conn)[0]["code"]
    for path in [*PAGES, f"/indicator/{code}"]:
        body = render(store, path)
        assert "/catalogue" not in hrefs(body), f"{path}: the catalogue is there, do not send people to import one"
        if path == "/upload":
            # The upload page is itself the next step: its form, no block sending it to itself.
            assert not by_class(body, "empty-state") and by_class(body, "up-intro"), path
            continue
        assert_guidance(body, NO_RESULTS_TH, "/upload", path)
    # A code that is not in the catalogue is not found; the catalogue exists, so no call to import one.
    assert not by_class(render(store, "/indicator/NOSUCH"), "empty-state")
    assert "ไม่มีภาวะวิกฤติที่ยังไม่ปิด" in texts(render(store, "/crisis"))
    # The nation page still shows the chain's goals (no data yet) above the guidance.
    nation = render(store, "/")
    assert by_class(nation, "goal-strip") and by_class(nation, "goal-no_data")
    body = render(store, "/", "?lang=en")
    assert_guidance(body, ("No indicator results have been reported",), "/upload?lang=en", "/ (en)")
    for screen in WALL_SCREENS:
        sections = by_class(render(store, "/wall", screen), "wall-view")
        assert len(sections) == 4
        for section in sections:
            assert_guidance(section, NO_RESULTS_TH, "/upload", f"/wall{screen} {section.id}")

"""One language at a time: a Thai page carries no English words but codes, units and names of things (O-NET,
PMQA, XYZ), and the language switch's own label; an English page carries no Thai but proper names from the
data. Rendered without a browser, on the demo store; <html lang> follows ?lang= (callbacks/navigation.py)."""

from __future__ import annotations

import re

import pytest

from callbacks.routing import ROUTES, _routes, render_path
from tests.signin import ADMINISTRATOR

THAI_PAGES = (
    "/",
    "/region/REO08",
    "/province/TH-50",
    "/service-area/P5001",
    "/service-area/S5001?lang=th",
    "/indicator/JI01",
    "/chain?node=120101",
    "/crisis",
    "/crisis/1",
    "/crisis/new",
    "/enter",
    "/enter?ind=JI12",
    "/wall",
    "/since",
    "/deck",
    "/people",
    "/audit",
)
# Names of tests, frameworks and file kinds that Thai documents write in Latin letters too.
ALLOWED = {"XYZ", "O-NET", "PMQA", "English", "API", "CSV", "XLSX", "Excel", "RT", "NT", "PM2", "eMENSCR", "PDF"}
ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{2,}")
THAI = re.compile(r"[\u0E00-\u0E7F]")
# Parts that show the other language on purpose: a province's name in the other language beside its own, and
# what reporters wrote (a crisis report's title) in the one language they wrote it in, and who is signed in
# (a user name and a scope's code are identifiers), and what the room decided and noted, as typed.
OTHER_LANGUAGE = (
    "rp-title-other",
    "wall-crisis-title",
    "viewer-name",
    "viewer-scope",
    "identifier",
    "dc-what",
    "dc-note",
    "wall-decision-what",
)


def texts(component):
    if isinstance(component, str):
        yield component
    elif isinstance(component, (list, tuple)):
        for child in component:
            yield from texts(child)
    elif component is not None and not any(c in (getattr(component, "className", "") or "") for c in OTHER_LANGUAGE):
        yield from texts(getattr(component, "children", None))


@pytest.fixture(autouse=True)
def routes():
    ROUTES[:] = _routes()


@pytest.mark.parametrize("path", THAI_PAGES)
def test_a_thai_page_carries_no_english_words(demo_store, path):
    pathname, _, search = path.partition("?")
    header, _, body = render_path(demo_store, pathname, search, ADMINISTRATOR)
    english = {w for text in texts([header, body]) for w in ENGLISH_WORD.findall(text)} - ALLOWED
    assert english == set(), f"{path}: {sorted(english)}"


@pytest.mark.parametrize(
    "path",
    (
        "/service-area/P5001",
        "/chain?node=120101",
        "/wall",
        "/people",
        "/audit",
        "/enter",
        "/enter?ind=JI12",
        "/crisis/new",
    ),
)
def test_an_english_page_carries_no_thai_words_of_its_own(demo_store, path):
    pathname, _, search = path.partition("?")
    _, _, body = render_path(demo_store, pathname, f"{search}&lang=en".lstrip("&"), ADMINISTRATOR)
    thai = [text for text in texts(body) if THAI.search(text) and not text.startswith(("สพ", "ศธ"))]
    assert thai == [], f"{path}: {thai[:5]}"


def chosen(body) -> str | None:
    """The indicator the page shows: the indicator choice's value, or its placeholder when the URL has no ?ind=."""
    if getattr(body, "id", None) == "indicator-select":
        return body.value or body.placeholder.split(" ")[0]
    children = getattr(body, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if child is not None and not isinstance(child, str) and (found := chosen(child)):
            return found
    return None


def test_the_indicator_can_be_spelled_out(demo_store):
    for path in ("/", "/region/REO08"):
        assert chosen(render_path(demo_store, path, "?indicator=JI24", ADMINISTRATOR)[2]) == "JI24", path
        assert chosen(render_path(demo_store, path, "?ind=JI24", ADMINISTRATOR)[2]) == "JI24", path
        assert chosen(render_path(demo_store, path, "", ADMINISTRATOR)[2]) != "JI24", path


def dropdowns(component):
    if isinstance(component, (list, tuple)):
        for child in component:
            yield from dropdowns(child)
    elif component is not None and not isinstance(component, str):
        if type(component).__name__ == "Dropdown":
            yield component
        yield from dropdowns(getattr(component, "children", None))


@pytest.mark.parametrize("path", ("/", "/region/REO08", "/deck", "/people", "/enter", "/crisis/new"))
def test_a_thai_page_s_choices_search_in_thai(demo_store, path):
    """A searchable choice has its own words (its search box, "no match"), which a Thai page gives in Thai."""
    header, _, body = render_path(demo_store, path, "", ADMINISTRATOR)
    found = list(dropdowns([header, body]))
    assert found, path
    for dropdown in found:
        labels = getattr(dropdown, "labels", None) or {}
        assert THAI.search(labels.get("search", "")) and THAI.search(labels.get("no_options_found", "")), dropdown.id

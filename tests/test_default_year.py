"""The fiscal year shown by default, on each store: the latest in which most of the catalogue has data, never
"the latest year with any row", and the page says which year it shows and why."""

from callbacks.routing import ROUTES, _routes, render_path
from cockpit.read import queries
from cockpit.room import walls
from tests.factories import add_chain, add_indicator, add_result
from tests.signin import ADMINISTRATOR


def _walk(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            yield from _walk(child)


def why_line(store, search: str = "") -> str | None:
    ROUTES[:] = _routes()
    header, _, _ = render_path(store, "/", search, ADMINISTRATOR)
    found = [c for part in header for c in _walk(part) if getattr(c, "id", None) == "fy-why"]
    return found[0].children if found else None


def test_one_early_result_does_not_move_the_pages_to_its_year(empty_store):
    with empty_store.write() as conn:
        add_chain(conn)
        for n, code in enumerate(("A", "B", "C", "D"), start=1):
            add_indicator(conn, code, sort_order=n)
            add_result(conn, code, "TH-50", 2568, numerator=1, denominator=2)
        add_result(conn, "A", "TH-50", 2569, numerator=1, denominator=2)
    with empty_store.read() as conn:
        default = queries.default_fiscal_year(conn)
        assert default == {
            "fiscal_year_be": 2568,
            "indicators_with_data": 4,
            "indicators": 4,
            "latest_fiscal_year_be": 2569,
            "latest_indicators_with_data": 1,
        }
        assert walls.wall_view(conn, "black")["fiscal_year_be"] == 2568
    assert why_line(empty_store, "?lang=en") == (
        "Showing FY 2568: the latest in which most indicators have data (4 of 4) · FY 2569 has data for 1 so far"
    )
    assert "ปีงบ 2568" in why_line(empty_store)
    assert why_line(empty_store, "?fy=2569") is None, "a year asked for needs no reason"
    with empty_store.write() as conn:
        add_result(conn, "B", "TH-50", 2569, numerator=1, denominator=2)
    with empty_store.read() as conn:
        assert queries.default_fiscal_year(conn)["fiscal_year_be"] == 2569, "half the catalogue is enough"
    assert why_line(empty_store, "?lang=en") == (
        "Showing FY 2569: the latest in which most indicators have data (2 of 4)"
    )


def test_without_a_year_where_most_have_data_the_fullest_year_is_shown(empty_store):
    with empty_store.write() as conn:
        add_chain(conn)
        for n, code in enumerate(("A", "B", "C", "D", "E"), start=1):
            add_indicator(conn, code, sort_order=n)
        add_result(conn, "A", "TH-50", 2567, numerator=1, denominator=2)
        add_result(conn, "B", "TH-50", 2567, numerator=1, denominator=2)
        add_result(conn, "A", "TH-50", 2568, numerator=1, denominator=2)
    with empty_store.read() as conn:
        assert queries.default_fiscal_year(conn)["fiscal_year_be"] == 2567
    assert why_line(empty_store, "?lang=en").startswith(
        "Showing FY 2567: the year in which the most indicators have data (2 of 5)"
    )


def test_no_results_no_year(empty_store):
    with empty_store.read() as conn:
        assert queries.default_fiscal_year(conn)["fiscal_year_be"] is None

"""The router's shared renderings: one flight per page however many screens ask at once, a newer version never
answered with an older rendering outside the freshness window (and then with the version it shows), a byte budget
kept, a failed rendering never cached — and, through the real router on the demo store, a wall page rendered once
for many askers."""

import json
import threading
import time

import pytest
from dash import html

from callbacks.render_cache import RenderCache, serialised_size


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_many_screens_asking_at_once_share_one_rendering():
    cache = RenderCache(max_bytes=10_000_000, fresh_for=0)
    calls = []
    gate = threading.Event()

    def render():
        calls.append(1)
        gate.wait(5)
        return html.Div("หน้าเดียวกัน")

    answers = []
    askers = [threading.Thread(target=lambda: answers.append(cache.get(7, "/wall", render))) for _ in range(20)]
    for asker in askers:
        asker.start()
    time.sleep(0.2)
    gate.set()
    for asker in askers:
        asker.join(5)
    assert len(calls) == 1
    assert len(answers) == 20 and all(answer[0] is answers[0][0] and answer[1] == 7 for answer in answers)
    assert cache.get(7, "/wall", render)[0] is answers[0][0] and len(calls) == 1


def test_a_newer_version_is_rendered_again_once_the_rendering_is_no_longer_fresh():
    clock = Clock()
    cache = RenderCache(max_bytes=10_000_000, fresh_for=1.0, clock=clock)
    assert cache.get(1, "/", lambda: html.Div("v1"))[0].children == "v1"
    clock.now += 0.4
    page, shown = cache.get(2, "/", lambda: pytest.fail("still fresh: served as it is"))
    assert (page.children, shown) == ("v1", 1), "served with the version it shows, so the page asks again"
    clock.now += 0.7
    page, shown = cache.get(2, "/", lambda: html.Div("v2"))
    assert (page.children, shown) == ("v2", 2)
    assert cache.get(1, "/", lambda: pytest.fail("an older version gets the newer page"))[1] == 2
    assert len(cache) == 1 and cache.bytes == serialised_size(html.Div("v2"))


def test_without_a_freshness_window_every_new_version_is_rendered():
    cache = RenderCache(max_bytes=10_000_000, fresh_for=0)
    cache.get(1, "/", lambda: html.Div("v1"))
    assert cache.get(2, "/", lambda: html.Div("v2"))[0].children == "v2"


def test_the_byte_budget_drops_the_least_recently_used_first():
    page = html.Div("x" * 1000)
    size = serialised_size(page)
    cache = RenderCache(max_bytes=size * 3, fresh_for=0)
    for path in ("/a", "/b", "/c"):
        cache.get(5, path, lambda: html.Div("x" * 1000))
    cache.get(5, "/a", lambda: pytest.fail("cached"))
    cache.get(5, "/d", lambda: html.Div("x" * 1000))
    assert len(cache) == 3 and cache.bytes <= size * 3
    calls = []
    cache.get(5, "/b", lambda: calls.append(1) or page)
    assert calls == [1], "/b was the least recently used and went first"
    cache.get(5, "/a", lambda: pytest.fail("/a was used recently and stays"))


def test_a_rendering_bigger_than_the_budget_is_served_but_not_kept():
    cache = RenderCache(max_bytes=10, fresh_for=0)
    assert cache.get(1, "/big", lambda: html.Div("ใหญ่เกินงบ" * 10))[0].children.startswith("ใหญ่")
    assert len(cache) == 0 and cache.bytes == 0


def test_a_failed_rendering_reaches_every_waiter_and_is_not_cached():
    cache = RenderCache(max_bytes=10_000_000, fresh_for=0)
    gate = threading.Event()

    def broken():
        gate.wait(5)
        raise RuntimeError("the store went away")

    failures = []

    def ask():
        try:
            cache.get(3, "/", broken)
        except RuntimeError as error:
            failures.append(str(error))

    askers = [threading.Thread(target=ask) for _ in range(5)]
    for asker in askers:
        asker.start()
    time.sleep(0.2)
    gate.set()
    for asker in askers:
        asker.join(5)
    assert failures == ["the store went away"] * 5
    assert cache.get(3, "/", lambda: html.Div("again"))[0].children == "again"


def test_the_router_renders_a_page_once_for_many_screens(demo_store, monkeypatch):
    """Through the real route callback on the demo store: ten walls asking at one version cost one rendering."""
    import dash

    from callbacks import routing
    from tests.signin import ADMINISTRATOR

    app = dash.Dash(__name__)
    counted = []
    real = routing.render_path

    def counting(*args, **kwargs):
        counted.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(routing, "render_path", counting)
    monkeypatch.setattr(routing.who, "current", lambda: ADMINISTRATOR)
    routing.register_routing(app, demo_store)
    route = app.callback_map["..header.children...breadcrumb.children...page.children...rendered-version.data.."]
    callback = route["callback"].__wrapped__
    answers = []
    threads = [threading.Thread(target=lambda: answers.append(callback("/wall", "", None))) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(answers) == 10
    assert counted == ["/wall"]


@pytest.mark.parametrize("backend", ["duckdb", "postgres"])
def test_a_kept_rendering_is_answered_its_kept_bytes_without_a_query(backend, small_served, monkeypatch):
    """Through the real app, as a wall screen (its device link): a second screen asking for the same live page within
    the freshness window is answered the bytes Dash made for the first (plain, or compressed once with brotli), with
    no SQL and no new rendering; once the window has passed after a write, the page is rendered again at the new
    version."""
    import brotli
    import sqlalchemy as sa

    from callbacks import routing
    from cockpit.people import devices
    from tests.test_admin_pages import call

    store, app = small_served(backend)
    with store.write(bump_version=False) as conn:
        _, key = devices.create_device_link(conn, f"จอทดสอบ {backend}", "tests")
    client = app.server.test_client()
    client.environ_base["HTTP_ORIGIN"] = "http://localhost"  # as the wall page's own requests carry it
    assert client.get(f"{devices.DEVICE_PREFIX}{key}").status_code == 302
    rendered, routed = [], []
    real_breadcrumb = routing.breadcrumb
    monkeypatch.setattr(routing, "breadcrumb", lambda crumbs: routed.append(1) or real_breadcrumb(crumbs))
    real = routing.render_path
    monkeypatch.setattr(routing, "render_path", lambda *args, **kw: rendered.append(args[1]) or real(*args, **kw))
    path = f"/wall?fresh-test={backend}"  # a page of its own in the module's shared app
    first = call(app, client, "rendered-version", {"url.pathname": "/wall"}, search=path[5:])
    assert first["rendered-version"]["data"] == store.data_version() and rendered == ["/wall"]

    seen = []

    def count(*_args, **_kwargs):
        seen.append(1)

    sa.event.listen(store.engine, "before_cursor_execute", count)
    try:
        again = call(app, client, "rendered-version", {"url.pathname": "/wall"}, search=path[5:])
        body = {
            "output": routing.ROUTE_OUTPUT,
            "outputs": [],
            "inputs": [
                {"id": "url", "property": "pathname", "value": "/wall"},
                {"id": "url", "property": "search", "value": path[5:]},
                {"id": "data-version", "property": "data", "value": 12345},
            ],
            "state": [],
            "changedPropIds": ["data-version.data"],
        }
        squeezed = client.post("/_dash-update-component", json=body, headers={"Accept-Encoding": "br"})
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", count)
    assert again == first
    assert squeezed.headers["Content-Encoding"] == "br"
    assert json.loads(brotli.decompress(squeezed.get_data()))["response"] == first
    assert rendered == ["/wall"], "the kept rendering answered; nothing was rendered again"
    assert len(routed) == 1, "the kept answer was sent before Dash ran the router's callback"
    assert seen == [], f"{len(seen)} statements for a kept answer"

    with store.write():
        pass
    time.sleep(routing_fresh_seconds() + 0.1)
    newer = call(app, client, "rendered-version", {"url.pathname": "/wall"}, search=path[5:])
    assert newer["rendered-version"]["data"] == store.data_version() == first["rendered-version"]["data"] + 1
    assert rendered == ["/wall", "/wall"]


def routing_fresh_seconds() -> float:
    from callbacks.render_cache import fresh_seconds

    return fresh_seconds()


def test_walls_opened_by_different_screen_links_share_one_rendering(small_served, monkeypatch):
    """Each wall screen has its own device link; what they see is the same, so one rendering serves them all."""
    from callbacks import routing
    from cockpit.people import devices
    from tests.test_admin_pages import call

    store, app = small_served("duckdb")
    rendered = []
    real = routing.render_path
    monkeypatch.setattr(routing, "render_path", lambda *args, **kw: rendered.append(args[1]) or real(*args, **kw))
    answers = []
    for screen in range(3):
        with store.write(bump_version=False) as conn:
            _, key = devices.create_device_link(conn, f"จอ {screen}", "tests")
        client = app.server.test_client()
        client.environ_base["HTTP_ORIGIN"] = "http://localhost"
        assert client.get(f"{devices.DEVICE_PREFIX}{key}").status_code == 302
        answers.append(call(app, client, "rendered-version", {"url.pathname": "/wall"}, search="?shared-test=1"))
    assert answers[0] == answers[1] == answers[2] and "page" in answers[0]
    assert rendered == ["/wall"]

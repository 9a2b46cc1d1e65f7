"""The router's shared renderings: one flight per page and version however many screens ask at once, older
versions dropped, a byte budget kept, a failed rendering never cached — and, through the real router on the demo
store, a wall page rendered once for many askers."""

import threading
import time

import pytest
from dash import html

from callbacks.render_cache import RenderCache, serialised_size


def test_many_screens_asking_at_once_share_one_rendering():
    cache = RenderCache(max_bytes=10_000_000)
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
    assert len(answers) == 20 and all(answer is answers[0] for answer in answers)
    assert cache.get(7, "/wall", render) is answers[0] and len(calls) == 1


def test_a_new_data_version_drops_every_older_rendering():
    cache = RenderCache(max_bytes=10_000_000)
    cache.get(1, "/", lambda: html.Div("v1"))
    cache.get(1, "/wall", lambda: html.Div("v1 wall"))
    assert len(cache) == 2
    assert cache.get(2, "/", lambda: html.Div("v2")).children == "v2"
    assert len(cache) == 1
    assert cache.bytes == serialised_size(html.Div("v2"))
    assert cache.get(1, "/", lambda: html.Div("late v1")).children == "late v1", "an older version is not kept"
    assert len(cache) == 1


def test_the_byte_budget_drops_the_least_recently_used_first():
    page = html.Div("x" * 1000)
    size = serialised_size(page)
    cache = RenderCache(max_bytes=size * 3)
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
    cache = RenderCache(max_bytes=10)
    assert cache.get(1, "/big", lambda: html.Div("ใหญ่เกินงบ" * 10)).children.startswith("ใหญ่")
    assert len(cache) == 0 and cache.bytes == 0


def test_a_failed_rendering_reaches_every_waiter_and_is_not_cached():
    cache = RenderCache(max_bytes=10_000_000)
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
    assert cache.get(3, "/", lambda: html.Div("again")).children == "again"


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

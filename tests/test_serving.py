"""`python app.py` on a production server (waitress): no Werkzeug, slow clients do not hold up others, answers
compressed when the client accepts it, fingerprinted files cached for a year and pages and API answers not at all."""

from __future__ import annotations

import base64
import gzip
import re
import socket
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import brotli
import pytest

from tests.test_app_start import free_port, run_app, wait_for_health

ADMIN = "Basic " + base64.b64encode(b"admin:test-admin-password").decode()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`python app.py` on a new demo DuckDB store, as a person starts it."""
    port = free_port()
    process = run_app(f"duckdb:///{tmp_path_factory.mktemp('serving') / 'cockpit.duckdb'}", port)
    try:
        wait_for_health(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.communicate(timeout=20)


def fetch(url: str, encoding: str | None = None, auth: bool = True) -> tuple[int, dict, bytes]:
    headers = {"Accept-Encoding": encoding} if encoding else {}
    if auth:
        headers["Authorization"] = ADMIN
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as response:
        return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()


def decoded(headers: dict, body: bytes) -> bytes:
    return {"gzip": gzip.decompress, "br": brotli.decompress}.get(headers.get("content-encoding"), bytes)(body)


def page_resources(served: str) -> list[str]:
    """The scripts and stylesheets the index page links (Dash puts fingerprints into their URLs)."""
    html = fetch(f"{served}/", "gzip")
    return re.findall(r'(?:src|href)="(/(?:_dash-component-suites|assets)/[^"]+)"', decoded(html[1], html[2]).decode())


def test_no_development_server_answers(served):
    for path in ("/login", "/api/v1/health", "/", "/api/v1/provinces"):
        _, headers, _ = fetch(f"{served}{path}", auth=path != "/login")
        assert headers["server"] == "cockpit"
        assert not [value for value in headers.values() if "werkzeug" in value.lower() or "python" in value.lower()]


def test_slow_clients_do_not_hold_up_the_others(served):
    """Twenty clients that send half a request and wait (a wall on a bad network, say) take no thread from the
    others; each is answered once it finishes, side by side. The twenty outnumber waitress's sixteen threads, so
    if each held one the eight other requests would wait for them until fetch's timeout and fail: no stopwatch
    is needed (a busy machine must not fail this test)."""
    host, port = served.removeprefix("http://").split(":")
    slow = [socket.create_connection((host, int(port)), timeout=30) for _ in range(20)]
    try:
        for sock in slow:
            sock.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: cockpit\r\n")
        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(lambda _: fetch(f"{served}/api/v1/version")[0], range(8)))
        assert statuses == [200] * 8
        for sock in slow:
            sock.sendall(b"Connection: close\r\n\r\n")
        answers = [b"".join(iter(lambda s=sock: s.recv(65536), b"")) for sock in slow]
        assert all(answer.startswith(b"HTTP/1.1 200") for answer in answers)
    finally:
        for sock in slow:
            sock.close()


def test_text_is_compressed_when_the_client_accepts_it(served):
    paths = ["/", "/api/v1/provinces", *[p for p in page_resources(served) if p.endswith((".js", ".css"))][:4]]
    for path in paths:
        _, plain_headers, plain = fetch(f"{served}{path}")
        assert "content-encoding" not in plain_headers, path
        for encoding in ("gzip", "br"):
            _, headers, body = fetch(f"{served}{path}", f"{encoding}, deflate")
            assert headers["content-encoding"] == encoding, path
            assert "Accept-Encoding" in headers["vary"]
            if path == "/":  # the page carries a token of its own each time
                assert decoded(headers, body).startswith(b"<!DOCTYPE html>") and len(decoded(headers, body)) > 1000
            else:
                assert decoded(headers, body) == plain, path
            if len(plain) > 10_000:
                assert len(body) < len(plain) / 2, path
    _, headers, _ = fetch(f"{served}/api/v1/health", "gzip")
    assert "content-encoding" not in headers, "a few bytes are not worth compressing"


def test_fingerprinted_files_are_kept_for_a_year_and_pages_not_at_all(served):
    resources = page_resources(served)
    assert any("plotly-cockpit" in r for r in resources), "the small Plotly bundle comes with the page"
    assert len(resources) >= 5
    for path in resources:
        status, headers, _ = fetch(f"{served}{path}", "gzip")
        assert status == 200 and headers["cache-control"] == "public, max-age=31536000, immutable", path
    geo = re.search(r'name="cockpit-geojson" content="([^"]+)"', decoded(*fetch(f"{served}/", "gzip")[1:]).decode())
    _, headers, body = fetch(f"{served}{geo.group(1)}", "gzip")
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    assert headers["content-encoding"] == "gzip" and decoded(headers, body).startswith(b"{")
    for path in ("/", "/api/v1/version", "/api/v1/provinces"):
        assert fetch(f"{served}{path}", "gzip")[1]["cache-control"] == "no-store", path

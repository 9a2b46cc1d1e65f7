"""Security headers on every kind of response (a page, the API, assets, Dash's own routes, 404s), the HTTPS
setting, and the Server header of `python app.py`."""

from __future__ import annotations

import base64
import hashlib
import re
import threading
import urllib.request

import pytest
from werkzeug.serving import make_server

from app import create_app
from cockpit.bootstrap import prepare_store
from cockpit.web import security
from tests.signin import signed_in_client

EXPECTED_POLICY_PREFIX = "default-src 'self'; script-src 'self' 'sha256-"
EXPECTED_POLICY_SUFFIX = (
    "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# A page, an API route, an asset, Dash's own bundles and callbacks' answers, and 404s of the API and of assets.
PATHS = {
    "/": 200,
    "/region/REO08": 200,
    "/api/v1/provinces": 200,
    "/login": 200,
    "/assets/cockpit.css": 200,
    "/_dash-layout": 200,
    "/api/v1/geo/provinces.not-the-current-one.geojson": 404,
    "/assets/no-such-file.css": 404,
}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = prepare_store(f"duckdb:///{tmp_path_factory.mktemp('headers') / 'cockpit.duckdb'}", demo=False)
    yield store
    store.dispose()


@pytest.fixture
def server(store, monkeypatch):
    """`server()` → the Flask server of a new app; settings come from the environment, as in production."""

    def make(**environment):
        monkeypatch.delenv(security.HTTPS_ENV, raising=False)
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        return create_app(store).server

    return make


@pytest.mark.parametrize("path", PATHS)
def test_every_response_carries_the_security_headers(server, store, path):
    response = signed_in_client(server(), store).get(path)

    assert response.status_code == PATHS[path]
    headers = response.headers
    policy = headers["Content-Security-Policy"]
    assert policy.startswith(EXPECTED_POLICY_PREFIX) and policy.endswith(EXPECTED_POLICY_SUFFIX), policy
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Permissions-Policy"] == "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
    assert "Strict-Transport-Security" not in headers  # plain http is the default
    assert "Server" not in headers  # the app names no server; the WSGI server's own header is tested below


def test_refusals_carry_the_security_headers_too(server):
    client = server().test_client()
    for path, status in (("/", 302), ("/api/v1/provinces", 401)):
        response = client.get(path)
        assert response.status_code == status
        assert response.headers["Content-Security-Policy"].startswith(EXPECTED_POLICY_PREFIX)
        assert response.headers["X-Frame-Options"] == "DENY"


def test_the_policy_lists_the_hash_of_each_inline_script_and_nothing_remote(server, store):
    response = signed_in_client(server(), store).get("/")
    policy = dict(
        (directive.split()[0], directive.split()[1:])
        for directive in response.headers["Content-Security-Policy"].split("; ")
    )
    page = re.sub(r"<!--.*?-->", "", response.get_data(as_text=True), flags=re.S)  # IE's conditional comment
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", page, re.S)
    hashes = {
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for attributes, body in inline
        if "application/json" not in attributes  # data, not a script: the browser never runs it
    }

    assert hashes and set(policy["script-src"]) == {"'self'", *hashes}
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in " ".join(sum(policy.values(), []))
    assert not [
        source for sources in policy.values() for source in sources if re.match(r"(https?:|\*|[a-z0-9.-]+\.)", source)
    ]


def test_https_setting_sends_hsts_and_makes_cookies_secure(server):
    plain, https = server(), server(**{security.HTTPS_ENV: "1"})
    # The sign-in page starts a session (its form token): the cookie the setting governs.
    plain_response = plain.test_client().get("/login")
    https_response = https.test_client().get("/login")
    asset = https.test_client().get("/assets/cockpit.css")

    assert "Strict-Transport-Security" not in plain_response.headers
    assert "Secure" not in plain_response.headers["Set-Cookie"]
    assert https_response.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert asset.headers["Strict-Transport-Security"] == "max-age=31536000"
    cookie = https_response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert https_response.headers["Content-Security-Policy"] == plain_response.headers["Content-Security-Policy"]


def test_the_werkzeug_server_names_no_version(server):
    """`python app.py` serves with this handler (tests/test_app_start.py checks the real command)."""
    http = make_server("127.0.0.1", 0, server(), threaded=True, request_handler=security.RequestHandler)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{http.server_port}/api/v1/health", timeout=10) as response:
            assert response.headers["Server"] == "cockpit"
            assert response.headers["X-Frame-Options"] == "DENY"
    finally:
        http.shutdown()
        thread.join(timeout=10)
        http.server_close()

"""Single sign-on in Chromium (issue 9): a regional officer opens a province page, is sent to the sign-in page,
presses "sign in with MOE ID", signs in at the identity provider's own form, and comes back signed in to the page
they asked for, named in the viewer strip."""

from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

from tests.browser.conftest import DASH_RENDERED
from tests.oidc_provider import PASSWORD, TestProvider
from tests.signin import make_user
from tests.test_sso import app_with


@pytest.fixture
def sso_server(live_server):
    """The cockpit on the browser tests' demo store, configured for single sign-on (the redirect URI from the
    request's own host, as without a proxy), with a provider that lets it back in."""
    provider = TestProvider().start()
    environment = {
        "COCKPIT_OIDC_ISSUER": provider.issuer,
        "COCKPIT_OIDC_CLIENT_ID": provider.client.client_id,
        "COCKPIT_OIDC_CLIENT_SECRET": provider.client.client_secret,
        "COCKPIT_OIDC_LABEL": "MOE ID",
    }
    server = make_server("127.0.0.1", 0, app_with(live_server.store, environment).server, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    provider.client.redirect_uris.append(f"{url}/login/sso/callback")
    thread = threading.Thread(target=server.serve_forever, name="cockpit-sso-server", daemon=True)
    thread.start()
    try:
        yield url, provider
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        provider.stop()


def test_an_officer_signs_in_through_the_identity_provider(sso_server, page, live_server, shot):
    """`sso_server` comes first so that it stops after the page has closed (an open page polls the server)."""
    url, provider = sso_server
    username = make_user(live_server.store, "officer", "region:REO15", "region:REO15")
    provider.add_person(username)
    page.goto(f"{url}/province/TH-50", wait_until="networkidle")
    assert page.url.startswith(f"{url}/login?next="), "nobody signed in: the sign-in page"
    assert page.inner_text("#login-sso") == "เข้าสู่ระบบด้วย MOE ID"
    shot(page, "login-sso-button")

    page.click("#login-sso")
    page.wait_for_url(f"{provider.issuer}/authorize?*")
    page.fill("#idp-username", username)
    page.fill("#idp-password", PASSWORD)
    page.click("#idp-allow")

    page.wait_for_url(f"{url}/province/TH-50")
    page.wait_for_function(DASH_RENDERED)
    page.locator("#viewer-name").wait_for()
    assert page.inner_text("#viewer-name") == username
    assert "เชียงใหม่" in page.inner_text("#page")
    shot(page, "sso-signed-in")

"""Single sign-on through OpenID Connect (issue 9): the whole authorization-code flow against a real provider
(tests/oidc_provider.py, Authlib's server side on a free port), on both stores. The cockpit is driven with
Flask's test client, the provider with requests, as a browser would go between the two."""

from __future__ import annotations

import os
import re
import time
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from joserfc.jwk import RSAKey

from app import create_app
from cockpit.bootstrap import prepare_store
from cockpit.errors import ConfigError
from cockpit.people import users
from cockpit.web.sso import SsoSettings
from cockpit.write import audit
from tests.conftest import BACKENDS, StoreFactory
from tests.oidc_provider import PASSWORD, TestProvider
from tests.signin import make_user, sign_in
from tests.test_cli import run_cli

PUBLIC_BASE = "https://cockpit.example"  # as behind a proxy: COCKPIT_OIDC_REDIRECT_BASE
REDIRECT_URI = f"{PUBLIC_BASE}/login/sso/callback"


def sso_environment(provider: TestProvider, **extra: str) -> dict[str, str]:
    return {
        "COCKPIT_OIDC_ISSUER": provider.issuer,
        "COCKPIT_OIDC_CLIENT_ID": provider.client.client_id,
        "COCKPIT_OIDC_CLIENT_SECRET": provider.client.client_secret,
        "COCKPIT_OIDC_LABEL": "MOE ID",
        "COCKPIT_OIDC_REDIRECT_BASE": PUBLIC_BASE,
    } | extra


def app_with(store, environment: dict[str, str]):
    """A cockpit app configured by these environment variables only (the others unset), as in production."""
    with pytest.MonkeyPatch.context() as patch:
        for name in [name for name in os.environ if name.startswith("COCKPIT_OIDC_")]:
            patch.delenv(name)
        for name, value in environment.items():
            patch.setenv(name, value)
        return create_app(store)


@pytest.fixture(scope="module")
def provider():
    started = TestProvider().start()
    started.client.redirect_uris.append(REDIRECT_URI)
    yield started
    started.stop()


@pytest.fixture(scope="module")
def cockpits(tmp_path_factory, provider):
    made = {}

    def get(backend):
        if backend not in made:
            factory = StoreFactory(backend, tmp_path_factory)
            store = factory.prepared(demo=False)
            made[backend] = (factory, store, app_with(store, sso_environment(provider)))
        return made[backend][1:]

    yield get
    for factory, *_ in made.values():
        factory.close()


@pytest.fixture(params=BACKENDS)
def cockpit(request, cockpits):
    """(store, app) of an empty store per backend, with single sign-on through the module's provider."""
    return cockpits(request.param)


def at_provider(authorize_url: str, username: str, decision: str = "allow") -> str:
    """Sign in at the provider's own form (or refuse); returns where it sends the browser back to."""
    form = requests.get(authorize_url, timeout=10)
    assert form.status_code == 200 and 'id="idp-username"' in form.text, form.text[:300]
    answer = requests.post(
        authorize_url,
        data={"username": username, "password": PASSWORD, "decision": decision},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text[:300]
    return answer.headers["Location"]


def start(client, next_path: str = "/", lang: str | None = None) -> str:
    """Press the login page's button; returns the provider's authorization URL the cockpit redirected to."""
    query = {"next": next_path} | ({"lang": lang} if lang else {})
    answer = client.get("/login/sso?" + urlencode(query))
    assert answer.status_code == 302, answer.get_data(as_text=True)[:300]
    return answer.headers["Location"]


def back_at_cockpit(client, provider_location: str):
    """Follow the provider's redirect to the cockpit's callback (the public base is this test client)."""
    assert provider_location.startswith(REDIRECT_URI + "?"), provider_location
    parts = urlsplit(provider_location)
    return client.get(f"{parts.path}?{parts.query}")


def sign_in_through_provider(app, username: str, next_path: str = "/", lang: str | None = None):
    client = app.server.test_client()
    answer = back_at_cockpit(client, at_provider(start(client, next_path, lang), username))
    return client, answer


def signed_in(client) -> bool:
    return client.get("/api/v1/version").status_code == 200


def last_login(store, username: str | None = None, subject: str | None = None) -> dict:
    with store.read() as conn:
        return audit.entries(conn, actor=f"user:{username}" if username else None, action="login", subject=subject)[0]


def test_a_known_user_signs_in_with_state_nonce_and_pkce_and_lands_on_next(cockpit, provider):
    store, app = cockpit
    username = make_user(store, "officer", "region:REO15", "region:REO15")
    provider.add_person(username)
    client = app.server.test_client()
    page = client.get("/login?next=/province/TH-50").get_data(as_text=True)
    assert 'id="login-sso"' in page and "เข้าสู่ระบบด้วย MOE ID" in page
    authorize_url = start(client, "/province/TH-50")
    asked = parse_qs(urlsplit(authorize_url).query)
    assert authorize_url.startswith(f"{provider.issuer}/authorize?")
    assert asked["response_type"] == ["code"] and asked["client_id"] == ["cockpit"]
    assert asked["redirect_uri"] == [REDIRECT_URI] and "openid" in asked["scope"][0].split()
    assert asked["code_challenge_method"] == ["S256"] and len(asked["code_challenge"][0]) >= 43
    assert asked["state"][0] and asked["nonce"][0]
    assert not signed_in(client)

    answer = back_at_cockpit(client, at_provider(authorize_url, username))
    assert answer.status_code == 302 and answer.headers["Location"] == "/province/TH-50"
    assert signed_in(client)
    entry = last_login(store, username)
    assert entry["outcome"] == "ok" and entry["detail"] == {"method": "sso"}
    with store.read() as conn:
        assert users.get_user(conn, username)["last_login_at"] is not None

    out = client.post("/logout", headers={"Origin": "http://localhost"})
    assert out.status_code == 302 and not signed_in(client), "signing out ends the cockpit session"


def test_an_office_lands_at_home_and_next_never_leaves_the_site(cockpit, provider):
    store, app = cockpit
    username = make_user(store, "officer", "region:REO15", "region:REO15")
    provider.add_person(username)
    client, answer = sign_in_through_provider(app, username, "https://evil.example/")
    assert answer.status_code == 302 and answer.headers["Location"] == "/region/REO15"
    client, answer = sign_in_through_provider(app, username, "//evil.example/x")
    assert answer.headers["Location"] == "/region/REO15"


def test_the_username_claim_matches_whatever_case_the_provider_writes(cockpit, provider):
    store, app = cockpit
    username = make_user(store, "executive", "national", None)
    provider.add_person("mixed-" + username, preferred_username=username.upper())
    client, answer = sign_in_through_provider(app, "mixed-" + username, "/chain")
    assert answer.status_code == 302 and answer.headers["Location"] == "/chain" and signed_in(client)


def test_an_unknown_person_is_refused_in_the_page_language_with_an_audit_entry(cockpit, provider):
    store, app = cockpit
    provider.add_person("nobody.in.cockpit")
    client, answer = sign_in_through_provider(app, "nobody.in.cockpit", "/indicator/JI01?fy=2568&period=2")
    text = answer.get_data(as_text=True)
    assert answer.status_code == 403 and not signed_in(client)
    assert "ยังไม่มีบัญชี nobody.in.cockpit ในระบบ" in text and 'id="login-sso"' in text
    english = re.search(r'<p class="login-lang"><a href="([^"]+)"', text).group(1).replace("&amp;", "&")
    assert parse_qs(urlsplit(english).query) == {"next": ["/indicator/JI01?fy=2568&period=2"], "lang": ["en"]}
    entry = last_login(store, "nobody.in.cockpit")
    assert entry["outcome"] == "refused" and entry["detail"]["why"] == "unknown_user"
    assert entry["detail"]["method"] == "sso"

    client, answer = sign_in_through_provider(app, "nobody.in.cockpit", lang="en")
    text = answer.get_data(as_text=True)
    assert answer.status_code == 403 and '<html lang="en">' in text
    assert "There is no cockpit account nobody.in.cockpit" in text and "ยังไม่มีบัญชี" not in text


def test_a_disabled_user_is_refused(cockpit, provider):
    store, app = cockpit
    username = make_user(store, "executive", "national", None)
    provider.add_person(username)
    with store.write(bump_version=False) as conn:
        users.set_disabled(conn, username, True)
    client, answer = sign_in_through_provider(app, username)
    assert answer.status_code == 403 and not signed_in(client)
    assert f"บัญชี {username} ถูกระงับ" in answer.get_data(as_text=True)
    assert last_login(store, username)["detail"]["why"] == "disabled"


def test_refused_consent_is_refused(cockpit, provider):
    store, app = cockpit
    username = make_user(store, "executive", "national", None)
    provider.add_person(username)
    client = app.server.test_client()
    location = at_provider(start(client, lang="en"), username, decision="deny")
    assert parse_qs(urlsplit(location).query)["error"] == ["access_denied"]
    answer = back_at_cockpit(client, location)
    assert answer.status_code == 401 and not signed_in(client)
    assert "Signing in through MOE ID was cancelled or refused" in answer.get_data(as_text=True)
    entry = last_login(store, subject=None)
    assert entry["outcome"] == "refused" and entry["detail"]["why"] == "denied"
    assert "access_denied" in entry["detail"]["detail"]


def test_a_tampered_state_or_a_replayed_answer_is_refused(cockpit, provider):
    store, app = cockpit
    username = make_user(store, "executive", "national", None)
    provider.add_person(username)
    client = app.server.test_client()
    location = at_provider(start(client), username)
    tampered = re.sub(r"state=([^&]+)", lambda m: "state=" + m.group(1)[::-1], location)
    answer = back_at_cockpit(client, tampered)
    assert answer.status_code == 401 and not signed_in(client)
    assert last_login(store)["detail"]["why"] == "state"

    client = app.server.test_client()
    location = at_provider(start(client), username)
    assert back_at_cockpit(client, location).status_code == 302 and signed_in(client)
    replayed = back_at_cockpit(client, location)
    assert replayed.status_code == 401, "the same answer twice: its state was used up"
    assert last_login(store)["detail"]["why"] == "state"

    thief = app.server.test_client()
    fresh = parse_qs(urlsplit(start(thief)).query)["state"][0]
    used_code = parse_qs(urlsplit(location).query)["code"][0]
    stolen = back_at_cockpit(thief, f"{REDIRECT_URI}?{urlencode({'code': used_code, 'state': fresh})}")
    assert stolen.status_code == 401 and not signed_in(thief), "a code is good once at the provider"
    entry = last_login(store)
    assert entry["detail"]["why"] == "token" and "invalid_grant" in entry["detail"]["detail"]


def test_an_id_token_signed_with_another_key_is_refused(cockpit, provider):
    store, app = cockpit
    username = make_user(store, "executive", "national", None)
    provider.add_person(username)
    provider.sign_with = RSAKey.generate_key(2048, parameters={"kid": provider.key.kid, "alg": "RS256"})
    try:
        client, answer = sign_in_through_provider(app, username)
    finally:
        provider.sign_with = provider.key
    assert answer.status_code == 401 and not signed_in(client)
    assert "ไม่ผ่านการตรวจสอบ" in answer.get_data(as_text=True)
    entry = last_login(store)
    assert entry["detail"]["why"] == "token" and "signature" in entry["detail"]["detail"].lower()


def test_an_id_token_for_another_client_is_refused(cockpit, provider):
    """Also when it names this client as its authorized party (`azp`): the audience itself must be this client."""
    store, app = cockpit
    username = make_user(store, "executive", "national", None)
    provider.add_person(username)
    for extra in ({}, {"azp": provider.client.client_id}):
        provider.audience, provider.extra_claims = "another-app", extra
        try:
            client, answer = sign_in_through_provider(app, username)
        finally:
            provider.audience, provider.extra_claims = None, {}
        assert answer.status_code == 401 and not signed_in(client), extra
        entry = last_login(store)
        assert entry["detail"]["why"] == "token" and "aud" in entry["detail"]["detail"]


@pytest.mark.parametrize(
    ("claims", "named"),
    [
        ({"exp": int(time.time()) - 3600}, "expired"),
        ({"iss": "https://id.elsewhere.example"}, "iss"),
        ({"nonce": "not-the-one-sent"}, "nonce"),
    ],
    ids=["expired", "another-issuer", "another-nonce"],
)
def test_an_expired_misissued_or_replayed_id_token_is_refused(cockpit, provider, claims, named):
    store, app = cockpit
    username = make_user(store, "executive", "national", None)
    provider.add_person(username, **claims)  # the provider's claims override its own
    client, answer = sign_in_through_provider(app, username)
    assert answer.status_code == 401 and not signed_in(client)
    entry = last_login(store)
    assert entry["detail"]["why"] == "token" and named in entry["detail"]["detail"].lower()


def test_an_administrator_adds_a_person_who_signs_in_only_through_the_provider(tmp_path, provider):
    url = f"duckdb:///{tmp_path / 'cockpit.duckdb'}"
    assert run_cli("init", "--no-demo", url=url).returncode == 0
    added = run_cli(
        "user", "add", "reo15.sso", "--role", "officer", "--view", "region:REO15", "--write", "region:REO15",
        "--sso-only", "--url", "http://127.0.0.1:9", url=url,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    store = prepare_store(url, demo=False)
    try:
        app = app_with(store, sso_environment(provider))
        provider.add_person("reo15.sso")
        client, answer = sign_in_through_provider(app, "reo15.sso")
        assert answer.status_code == 302 and answer.headers["Location"] == "/region/REO15" and signed_in(client)
        account = client.get("/account").get_data(as_text=True)
        assert 'id="account-sso-only"' in account and 'name="current"' not in account, "no password to change"
        no_password = app.server.test_client()
        assert sign_in(no_password, "reo15.sso", "").status_code == 401, "no password to guess"
    finally:
        store.dispose()


def test_an_address_of_the_ministry_domain_names_its_cockpit_user(empty_store, provider):
    """`COCKPIT_OIDC_USERNAME_DOMAIN`: providers that name people by address (somchai.k@moe.go.th) map to the
    cockpit user before the @, and an address of any other domain is nobody."""
    app = app_with(empty_store, sso_environment(provider, COCKPIT_OIDC_USERNAME_DOMAIN="moe.go.th"))
    username = make_user(empty_store, "executive", "national", None)
    provider.add_person("by-address-" + username, preferred_username=f"{username.upper()}@MOE.go.th")
    client, answer = sign_in_through_provider(app, "by-address-" + username, "/chain")
    assert answer.status_code == 302 and answer.headers["Location"] == "/chain" and signed_in(client)
    provider.add_person("elsewhere-" + username, preferred_username=f"{username}@evil.example")
    client, answer = sign_in_through_provider(app, "elsewhere-" + username)
    assert answer.status_code == 403 and not signed_in(client)
    entry = last_login(empty_store, f"{username}@evil.example")
    assert entry["detail"]["why"] == "unknown_user" and "moe.go.th" in entry["detail"]["detail"]


def test_without_configuration_there_is_no_button_and_the_routes_answer_404(empty_store):
    app = app_with(empty_store, {})
    client = app.server.test_client()
    page = client.get("/login").get_data(as_text=True)
    assert 'id="login-submit"' in page and "login-sso" not in page and "MOE ID" not in page
    assert client.get("/login/sso").status_code == 404
    assert client.get("/login/sso/callback?code=x&state=y").status_code == 404


def test_an_unreachable_provider_is_said_plainly(empty_store):
    app = app_with(empty_store, {"COCKPIT_OIDC_ISSUER": "http://127.0.0.1:9", "COCKPIT_OIDC_CLIENT_ID": "cockpit"})
    client = app.server.test_client()
    answer = client.get("/login/sso?lang=en")
    assert answer.status_code == 503 and "SSO cannot be reached now" in answer.get_data(as_text=True)
    assert not signed_in(client)
    with empty_store.read() as conn:
        assert audit.entries(conn, action="login")[0]["detail"]["why"] == "provider"


def test_settings_come_from_the_environment():
    assert SsoSettings.from_env({}) is None
    with pytest.raises(ConfigError, match="COCKPIT_OIDC_CLIENT_ID"):
        SsoSettings.from_env({"COCKPIT_OIDC_ISSUER": "https://id.moe.go.th"})
    with pytest.raises(ConfigError, match="provider's URL"):
        SsoSettings.from_env({"COCKPIT_OIDC_ISSUER": "id.moe.go.th", "COCKPIT_OIDC_CLIENT_ID": "cockpit"})
    settings = SsoSettings.from_env(
        {
            "COCKPIT_OIDC_ISSUER": "https://id.moe.go.th",
            "COCKPIT_OIDC_CLIENT_ID": "cockpit",
            "COCKPIT_OIDC_SCOPES": "email",
        }
    )
    assert settings.scopes == "openid email" and settings.username_claim == "preferred_username"
    assert settings.discovery_url == "https://id.moe.go.th/.well-known/openid-configuration"
    assert settings.client_secret is None and settings.label == "SSO"
    assert settings.cockpit_username(" Somchai.K ") == "somchai.k"
    by_address = SsoSettings.from_env(
        {
            "COCKPIT_OIDC_ISSUER": "https://id",
            "COCKPIT_OIDC_CLIENT_ID": "c",
            "COCKPIT_OIDC_USERNAME_DOMAIN": "@MOE.go.th",
        }
    )
    assert by_address.cockpit_username("somchai.k@moe.go.th") == "somchai.k"
    assert by_address.cockpit_username("somchai.k@moe.go.th.evil.example") is None
    assert by_address.cockpit_username("somchai.k") is None and by_address.cockpit_username("@moe.go.th") is None

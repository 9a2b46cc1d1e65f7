"""A small but real OpenID Connect provider for tests, built on Authlib's server side: discovery, a JWKS with an
RSA key, an authorization endpoint with a tiny login form (and a refuse button), and a token endpoint that
issues signed ID tokens through the OpenIDCode grant with PKCE required. Served by werkzeug on a free port.

A test can make it misbehave as a broken or hostile provider would: sign with a key its JWKS does not hold
(`sign_with`), issue ID tokens for another client (`audience`), or add claims of its choosing (`extra_claims`).
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field
from html import escape
from urllib.parse import urlencode

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, grants
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from flask import Flask, jsonify, request
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server

PASSWORD = "idp-password-2569"
LOGIN_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Test identity provider</title></head>
<body><h1>Test identity provider</h1><form method="post" action="/authorize?{query}">
<label>User <input name="username" id="idp-username"></label>
<label>Password <input name="password" id="idp-password" type="password"></label>
<button name="decision" value="allow" id="idp-allow">Sign in</button>
<button name="decision" value="deny" id="idp-deny">Refuse</button></form></body></html>"""


@dataclass
class Client(ClientMixin):
    client_id: str
    client_secret: str
    redirect_uris: list[str] = field(default_factory=list)

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return self.redirect_uris[0] if self.redirect_uris else None

    def get_allowed_scope(self, scope):
        return " ".join(s for s in (scope or "").split() if s in ("openid", "profile", "email"))

    def check_redirect_uri(self, redirect_uri):
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret):
        return secrets.compare_digest(client_secret, self.client_secret)

    def check_endpoint_auth_method(self, method, endpoint):
        return method == "client_secret_basic"

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        return grant_type == "authorization_code"


@dataclass
class AuthorizationCode:
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    username: str
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    issued_at: float = field(default_factory=time.time)

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def get_nonce(self):
        return self.nonce

    def get_auth_time(self):
        return int(self.issued_at)

    def get_acr(self):
        return None

    def get_amr(self):
        return None

    def is_expired(self):
        return time.time() - self.issued_at > 300


class TestProvider:
    """One provider, one registered client; `people` holds the user names it will vouch for."""

    __test__ = False

    def __init__(self, client_id: str = "cockpit", client_secret: str = "cockpit-secret-2569"):
        self.key = RSAKey.generate_key(2048, parameters={"kid": "idp-key-1", "use": "sig", "alg": "RS256"})
        self.sign_with = self.key
        self.audience: str | None = None  # None: the client's own id
        self.extra_claims: dict = {}
        self.client = Client(client_id, client_secret)
        self.people: dict[str, dict] = {}
        self.codes: dict[str, AuthorizationCode] = {}
        self.issuer = ""
        self.app = self._build()
        self._server = None
        self._thread = None

    def add_person(self, username: str, **claims) -> None:
        """Someone the provider knows; `preferred_username` is their user name unless `claims` say otherwise."""
        self.people[username] = {"preferred_username": username, "name": username} | claims

    def _build(self) -> Flask:
        app = Flask("test_oidc_provider")
        provider = self

        class Code(grants.AuthorizationCodeGrant):
            TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic"]

            def save_authorization_code(self, code, req):
                payload = req.payload.data
                provider.codes[code] = AuthorizationCode(
                    code=code,
                    client_id=req.client.client_id,
                    redirect_uri=req.payload.redirect_uri,
                    scope=req.payload.scope,
                    username=req.user,
                    nonce=payload.get("nonce"),
                    code_challenge=payload.get("code_challenge"),
                    code_challenge_method=payload.get("code_challenge_method"),
                )

            def query_authorization_code(self, code, client):
                found = provider.codes.get(code)
                if found and found.client_id == client.client_id and not found.is_expired():
                    return found
                return None

            def delete_authorization_code(self, authorization_code):
                provider.codes.pop(authorization_code.code, None)  # a code is good once

            def authenticate_user(self, authorization_code):
                return authorization_code.username

        class IdTokens(OpenIDCode):
            def exists_nonce(self, nonce, req):
                return any(c.nonce == nonce for c in provider.codes.values())

            def resolve_client_private_key(self, client):
                return provider.sign_with

            def get_client_algorithm(self, client):
                return "RS256"

            def get_encode_header(self, client):
                return {"alg": "RS256", "kid": provider.sign_with.kid}

            def get_client_claims(self, client):
                audience = [provider.audience or client.get_client_id()]
                return {"iss": provider.issuer, "aud": audience} | provider.extra_claims

            def generate_user_info(self, user, scope):
                return UserInfo(sub=f"sub-{user}", **provider.people[user])

        server = AuthorizationServer(
            app,
            query_client=lambda client_id: self.client if client_id == self.client.client_id else None,
            save_token=lambda token, req: None,
        )
        server.register_grant(Code, [CodeChallenge(required=True), IdTokens(require_nonce=True)])

        @app.get("/.well-known/openid-configuration")
        def discovery():
            return jsonify(
                issuer=self.issuer,
                authorization_endpoint=f"{self.issuer}/authorize",
                token_endpoint=f"{self.issuer}/token",
                jwks_uri=f"{self.issuer}/jwks",
                response_types_supported=["code"],
                subject_types_supported=["public"],
                id_token_signing_alg_values_supported=["RS256"],
                scopes_supported=["openid", "profile", "email"],
                token_endpoint_auth_methods_supported=["client_secret_basic"],
                code_challenge_methods_supported=["S256"],
            )

        @app.get("/jwks")
        def jwks():
            return jsonify(keys=[self.key.as_dict(private=False)])

        @app.route("/authorize", methods=["GET", "POST"])
        def authorize():
            if request.method == "GET":
                server.get_consent_grant(end_user=None)  # an unknown client or redirect URI stops here
                return LOGIN_PAGE.format(query=escape(urlencode(request.args)))
            username = request.form.get("username", "")
            allowed = (
                request.form.get("decision") == "allow"
                and username in self.people
                and request.form.get("password") == PASSWORD
            )
            grant = server.get_consent_grant(end_user=username if allowed else None)
            return server.create_authorization_response(grant_user=username if allowed else None, grant=grant)

        @app.get("/favicon.ico")
        def favicon():
            return "", 204  # a browser asks for one; a 404 would show as a console error

        @app.post("/token")
        def token():
            return server.create_token_response()

        return app

    def start(self) -> TestProvider:
        self._server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.issuer = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="test-oidc-provider", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=10)
        self._server.server_close()

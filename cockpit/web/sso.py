"""Single sign-on through the ministry's OpenID Connect provider, next to the cockpit's own passwords.

Authlib's Flask client runs the authorization-code flow with state, nonce and PKCE (S256), and checks the ID
token's signature against the provider's JWKS, its issuer, audience, expiry and nonce. The identity only names
a person: it must match an existing, enabled cockpit user (the claim `COCKPIT_OIDC_USERNAME_CLAIM` against the
user name), whose roles and scopes stay the cockpit's. Configured by the environment alone; without
`COCKPIT_OIDC_ISSUER` and `COCKPIT_OIDC_CLIENT_ID` the routes answer 404 and the login page shows no button.
"""

from __future__ import annotations

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import OAuth
from flask import Blueprint, Flask, abort, request, session
from joserfc.errors import JoseError

from cockpit.people import users
from cockpit.store.database import Store
from cockpit.web import login
from cockpit.web.sso_settings import CALLBACK_PATH, PROVIDER_TIMEOUT_S, START_PATH, SsoSettings
from cockpit.write import audit

# Why a sign-in through the provider was refused: the audit entry's `why`, the page's words and its status.
REFUSALS = {
    "denied": 401,  # the person refused consent, or the provider answered with another error
    "state": 401,  # the answer does not belong to a sign-in this browser started (forged, replayed, expired)
    "token": 401,  # the code was refused, or the ID token failed a check (signature, issuer, audience, expiry, nonce)
    "no_claim": 403,  # the ID token does not carry the claim that names the cockpit user
    "unknown_user": 403,
    "disabled": 403,
    "provider": 503,  # the provider could not be reached or answered nonsense
}


def _client(server: Flask, sso: SsoSettings):
    oauth = OAuth(server)
    return oauth.register(
        "cockpit_sso",
        client_id=sso.client_id,
        client_secret=sso.client_secret,
        server_metadata_url=sso.discovery_url,
        client_kwargs={
            "scope": sso.scopes,
            "code_challenge_method": "S256",
            # A public client (no secret) proves itself by PKCE alone.
            "token_endpoint_auth_method": "client_secret_basic" if sso.client_secret else "none",
            "default_timeout": PROVIDER_TIMEOUT_S,
        },
    )


def _claims_options(sso: SsoSettings) -> dict:
    """Authlib checks the issuer only against the discovery document and the audience only through `azp`: both
    are pinned here to what the deployment configured."""
    return {
        "iss": {"essential": True, "value": sso.issuer},
        "aud": {"essential": True, "value": sso.client_id},
        "exp": {"essential": True},
    }


def create_sso(server: Flask, store: Store, sso: SsoSettings | None) -> Blueprint:
    bp = Blueprint("sso", __name__)
    client = _client(server, sso) if sso else None

    def refuse(why: str, name: str | None, lang: str, next_path: str, detail: str | None = None):
        """No session, an audit entry with the reason, and the login page saying why. A stray answer with no
        sign-in waiting (a link from elsewhere) leaves a signed-in person's session alone."""
        with store.write(bump_version=False) as conn:
            entry = {"method": "sso", "why": why} | ({"detail": detail[:300]} if detail else {})
            audit.record(conn, f"user:{name or '-'}", "login", name, "refused", entry, login.address())
        if "sso" in session:
            session.clear()
        return login.refused_page(REFUSALS[why], f"sso_{why}", lang, next_path, sso, name or "")

    @bp.get(START_PATH)
    def start():
        """Send the browser to the provider; where to land afterwards and the page's language wait in the session."""
        if client is None:
            abort(404)
        lang = login.page_lang()
        next_path = login.safe_next(request.args.get("next"))
        session["sso"] = {"next": next_path, "lang": lang}
        try:
            return client.authorize_redirect(sso.redirect_uri(), ui_locales=lang)
        except (requests.RequestException, AuthlibBaseError, ValueError, RuntimeError) as error:
            return refuse("provider", None, lang, next_path, str(error))

    @bp.get(CALLBACK_PATH)
    def callback():
        if client is None:
            abort(404)
        waiting = session.get("sso") or {}
        lang = waiting.get("lang") or login.page_lang()
        next_path = login.safe_next(waiting.get("next"))
        if not waiting:
            return refuse("state", None, lang, next_path, "no sign-in waiting in this browser")
        if request.args.get("error"):
            error = request.args["error"]
            return refuse("denied", None, lang, next_path, f"{error}: {request.args.get('error_description', '')}")
        try:
            token = client.authorize_access_token(claims_options=_claims_options(sso))
        except requests.RequestException as error:
            return refuse("provider", None, lang, next_path, str(error))
        except AuthlibBaseError as error:
            why = "state" if getattr(error, "error", "") == "mismatching_state" else "token"
            return refuse(why, None, lang, next_path, f"{getattr(error, 'error', '')}: {error}")
        except (JoseError, ValueError) as error:
            return refuse("token", None, lang, next_path, f"{type(error).__name__}: {error}")
        except (RuntimeError, KeyError, TypeError) as error:  # e.g. discovery without a jwks_uri
            return refuse("provider", None, lang, next_path, f"{type(error).__name__}: {error}")
        identity = token.get("userinfo")
        if not identity:
            return refuse("token", None, lang, next_path, "the provider sent no ID token")
        claim = identity.get(sso.username_claim)
        if not claim:
            return refuse("no_claim", None, lang, next_path, f"no {sso.username_claim!r} in the ID token")
        name = sso.cockpit_username(claim)
        if name is None:
            return refuse("unknown_user", str(claim), lang, next_path, f"not an address of {sso.username_domain}")
        with store.read() as conn:
            user = users.get_user(conn, name)
        if user is None:
            return refuse("unknown_user", name, lang, next_path)
        if user["disabled_at"] is not None:
            return refuse("disabled", name, lang, next_path)
        return login.start_session(store, user, next_path, "sso")

    return bp

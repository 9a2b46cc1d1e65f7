"""What a deployment sets to connect the cockpit to its identity provider (OpenID Connect), read from the
environment: kept apart from the sign-in flow (cockpit/web/sso.py) so that the login page can show the button
without importing the flow that itself uses the login page."""

from __future__ import annotations

import os
from dataclasses import dataclass

from flask import request

from cockpit.errors import ConfigError

START_PATH = "/login/sso"
CALLBACK_PATH = "/login/sso/callback"
DEFAULT_SCOPES = "openid profile"
DEFAULT_CLAIM = "preferred_username"
PROVIDER_TIMEOUT_S = 10


@dataclass(frozen=True)
class SsoSettings:
    """What a deployment sets to connect the cockpit to its identity provider."""

    issuer: str
    client_id: str
    client_secret: str | None
    label: str
    username_claim: str
    scopes: str
    redirect_base: str | None
    username_domain: str | None = None

    def cockpit_username(self, claim: object) -> str | None:
        """The cockpit user name a claim names, in lower case; with a domain set, `somchai.k@moe.go.th` names
        `somchai.k` and an address of any other domain names nobody (None)."""
        name = str(claim or "").strip().lower()
        if not self.username_domain or not name:
            return name or None
        local, at, domain = name.rpartition("@")
        return local if at and local and domain == self.username_domain else None

    @property
    def discovery_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"

    def redirect_uri(self) -> str:
        """The address the provider sends people back to: register it at the provider as is."""
        base = self.redirect_base or request.host_url
        return base.rstrip("/") + CALLBACK_PATH

    @classmethod
    def from_env(cls, environ: dict | None = None) -> SsoSettings | None:
        env = os.environ if environ is None else environ

        def value(name: str) -> str:
            return env.get(f"COCKPIT_OIDC_{name}", "").strip()

        issuer, client_id = value("ISSUER"), value("CLIENT_ID")
        if not issuer and not client_id:
            return None
        if not issuer or not client_id:
            raise ConfigError("single sign-on needs both COCKPIT_OIDC_ISSUER and COCKPIT_OIDC_CLIENT_ID")
        if not issuer.startswith(("https://", "http://")):
            raise ConfigError(f"COCKPIT_OIDC_ISSUER must be the provider's URL (https://…), not {issuer!r}")
        scopes = value("SCOPES").replace(",", " ").split() or DEFAULT_SCOPES.split()
        if "openid" not in scopes:
            scopes.insert(0, "openid")  # without it there is no ID token and no nonce to check
        redirect_base = value("REDIRECT_BASE") or None
        if redirect_base and not redirect_base.startswith(("https://", "http://")):
            raise ConfigError(
                f"COCKPIT_OIDC_REDIRECT_BASE must be the cockpit's public URL (https://…), not {redirect_base!r}"
            )
        return cls(
            issuer=issuer,
            client_id=client_id,
            client_secret=value("CLIENT_SECRET") or None,
            label=value("LABEL") or "SSO",
            username_claim=value("USERNAME_CLAIM") or DEFAULT_CLAIM,
            scopes=" ".join(scopes),
            redirect_base=redirect_base,
            username_domain=value("USERNAME_DOMAIN").lower().lstrip("@") or None,
        )

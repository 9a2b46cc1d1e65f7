"""What every HTTP answer carries for safety — in one place, so pages, APIs and the login page (built on top of
it) cannot drift apart.

`protect(app)` (the last call of `app.create_app`) installs:
- security headers on every response (pages, API, assets, errors) through flask-talisman: a Content-Security-Policy
  as strict as Dash 4 allows (see `content_security_policy`), X-Frame-Options DENY, nosniff, a Referrer-Policy and a
  Permissions-Policy;
- the HTTPS setting `COCKPIT_HTTPS=1`: secure cookies and Strict-Transport-Security. The war room runs on plain
  http inside the ministry network, so nothing forces https by default.

`RequestHandler` keeps versions out of the `Server` header of `python app.py`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from flask import Flask, Response
from flask_talisman import Talisman
from werkzeug.serving import WSGIRequestHandler

HTTPS_ENV = "COCKPIT_HTTPS"

HSTS = "max-age=31536000"  # a year; no includeSubDomains: other hosts of the ministry's domain may be plain http
SERVER_NAME = "cockpit"


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no", "off")


def https_enabled() -> bool:
    """`COCKPIT_HTTPS=1`: the app is reached over https (directly or through a proxy) — secure cookies, HSTS."""
    return _flag(HTTPS_ENV)


def content_security_policy(script_hashes: Iterable[str]) -> dict[str, str]:
    """The CSP of every response. Each source is there because a part of the page needs it, and nothing is remote
    (the war room may have no internet):

    - `default-src 'self'`: everything (Dash's bundles, Plotly, AG Grid, assets/, the GeoJSON and topojson that the
      maps fetch, the callbacks' XHR) comes from this origin; `connect-src`, `font-src`, `worker-src` follow it.
    - `script-src 'self'` plus the hash of each inline script Dash writes into the page (the renderer's start, and
      any inline clientside callback): no 'unsafe-inline', no 'unsafe-eval'.
    - `style-src 'self' 'unsafe-inline'`: Plotly and AG Grid's theming write <style> elements and style attributes.
    - `img-src 'self' data:`: the walls' sparklines and AG Grid's icons are `data:` SVG images.
    - `object-src 'none'`, `base-uri 'self'`, `form-action 'self'`: no plugins, no <base> hijack, forms post here.
    - `frame-ancestors 'none'`: no other page may frame the cockpit (the deck would be clickjackable).
    """
    return {
        "default-src": "'self'",
        "script-src": " ".join(["'self'", *script_hashes]),
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data:",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }


# Powerful browser features the cockpit never uses, switched off for it and anything it might embed.
PERMISSIONS_POLICY = {
    "camera": "()",
    "microphone": "()",
    "geolocation": "()",
    "payment": "()",
    "usb": "()",
}


class RequestHandler(WSGIRequestHandler):
    """Werkzeug's request handler without versions in `Server` (Werkzeug's and Python's tell an attacker which
    known flaws to try). gunicorn already sends a bare `Server: gunicorn`."""

    def version_string(self) -> str:
        return SERVER_NAME


def protect(app) -> None:
    """Install the security headers and the HTTPS setting on a Dash app.

    Call it after every callback is registered: the CSP lists the hash of each inline script Dash writes, and an
    inline clientside callback added later would be blocked (the browser tests would say so).
    """
    server: Flask = app.server
    https = https_enabled()
    server.config.update(
        SESSION_COOKIE_SECURE=https,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=https,
        REMEMBER_COOKIE_HTTPONLY=True,
        PREFERRED_URL_SCHEME="https" if https else "http",
    )
    Talisman(
        server,
        force_https=False,  # the war room runs on plain http inside the ministry's network; a proxy redirects
        frame_options="DENY",
        content_security_policy=content_security_policy(app.csp_hashes()),
        referrer_policy="strict-origin-when-cross-origin",
        permissions_policy=PERMISSIONS_POLICY,
        # Talisman sends HSTS only on requests it sees as https; behind a TLS proxy that does not say so, the
        # setting alone decides (a browser ignores HSTS on plain http anyway).
        strict_transport_security=False,
        session_cookie_secure=https,
        session_cookie_http_only=True,
    )
    if https:

        @server.after_request
        def strict_transport_security(response: Response) -> Response:
            response.headers["Strict-Transport-Security"] = HSTS
            return response

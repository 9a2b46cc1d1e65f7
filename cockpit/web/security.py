"""What every HTTP answer carries for safety — in one place, so pages, APIs and the login page (built on top of
it) cannot drift apart.

`protect(app)` (the last call of `app.create_app`) installs security headers on every response (pages, API,
assets, errors) through flask-talisman: a Content-Security-Policy as strict as Dash 4 allows (see
`content_security_policy`), X-Frame-Options DENY, nosniff, a Referrer-Policy and a Permissions-Policy.
`RequestHandler` keeps versions out of the `Server` header of `python app.py`.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask
from flask_talisman import Talisman
from werkzeug.serving import WSGIRequestHandler

SERVER_NAME = "cockpit"


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
    """Install the security headers on a Dash app.

    Call it after every callback is registered: the CSP lists the hash of each inline script Dash writes, and an
    inline clientside callback added later would be blocked (the browser tests would say so).
    """
    server: Flask = app.server
    Talisman(
        server,
        force_https=False,  # the war room runs on plain http inside the ministry's network
        frame_options="DENY",
        content_security_policy=content_security_policy(app.csp_hashes()),
        referrer_policy="strict-origin-when-cross-origin",
        permissions_policy=PERMISSIONS_POLICY,
        strict_transport_security=False,
        session_cookie_secure=False,
    )

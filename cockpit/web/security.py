"""What every HTTP answer carries for safety, and limits on failed credentials — in one place, so pages, APIs and
the login page (built on top of it) cannot drift apart.

`protect(app)` (the last call of `app.create_app`) installs:
- security headers on every response (pages, API, assets, errors) through flask-talisman: a Content-Security-Policy
  as strict as Dash 4 allows (see `content_security_policy`), X-Frame-Options DENY, nosniff, a Referrer-Policy and a
  Permissions-Policy;
- the HTTPS setting `COCKPIT_HTTPS=1`: secure cookies and Strict-Transport-Security. The war room runs on plain
  http inside the ministry network, so nothing forces https by default;
- `COCKPIT_PROXIES=N`: trust X-Forwarded-For/-Proto from N reverse proxies in front, so a client's address (what
  failure limits count by) is the client's, not the proxy's;
- the failure counters (Flask-Limiter's storage: in memory, or Redis at `COCKPIT_REDIS_URL` so that several workers
  share one count).

Limiting failures (a bearer token here, the login form later):

    failures = failure_limit("login", "10 per minute")      # name: a counter of its own; rate: failures allowed
    keys = (client_address(), f"account:{name}")             # per address and per account
    wait = failures.retry_after(*keys)
    if wait:
        return too_many_failures(wait)                        # 429, Retry-After, Thai and English (or a page)
    if not password_ok:
        failures.record(*keys)
        ...                                                   # the usual 401
    failures.clear(f"account:{name}")                         # optional: a success forgets the account's failures

Once a key is over its limit every attempt of that key is refused, also one that would have succeeded: otherwise
a 429 for a wrong guess and a 200 for a right one would let a guesser go on guessing. Successes are never counted.
"""

from __future__ import annotations

import logging
import math
import os
import time
from collections.abc import Iterable

from flask import Flask, Response, current_app, request
from flask_limiter import Limiter
from flask_talisman import Talisman
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter, RateLimiter
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.serving import WSGIRequestHandler

from cockpit.errors import ConfigError
from cockpit.web.api import json_response

HTTPS_ENV = "COCKPIT_HTTPS"
PROXIES_ENV = "COCKPIT_PROXIES"
REDIS_URL_ENV = "COCKPIT_REDIS_URL"

# Wrong bearer tokens one client address may send in a moving window before every attempt of it gets a 429.
TOKEN_FAILURES = "20 per minute"
HSTS = "max-age=31536000"  # a year; no includeSubDomains: other hosts of the ministry's domain may be plain http
SERVER_NAME = "cockpit"
_EXTENSION = "cockpit_failures"

log = logging.getLogger(__name__)


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no", "off")


def https_enabled() -> bool:
    """`COCKPIT_HTTPS=1`: the app is reached over https (directly or through a proxy) — secure cookies, HSTS."""
    return _flag(HTTPS_ENV)


def trusted_proxies() -> int:
    value = os.environ.get(PROXIES_ENV, "").strip() or "0"
    try:
        count = int(value)
    except ValueError:
        count = -1
    if count < 0:
        raise ConfigError(f"{PROXIES_ENV} must be the number of reverse proxies in front (0, 1, …), not {value!r}")
    return count


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
    """Install headers, the HTTPS setting, proxies and failure counters on a Dash app.

    Call it after every callback is registered: the CSP lists the hash of each inline script Dash writes, and an
    inline clientside callback added later would be blocked (the browser tests would say so).
    """
    server: Flask = app.server
    https = https_enabled()
    proxies = trusted_proxies()
    if proxies:
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=proxies, x_proto=proxies)

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

    server.extensions[_EXTENSION] = _FailureCounters(_limiter(server))


def _limiter(server: Flask) -> Limiter:
    """Flask-Limiter with no limit of its own: its storage holds the failure counts (and a route that wants a
    plain rate limit can use its decorators)."""
    redis_url = os.environ.get(REDIS_URL_ENV, "").strip()
    if redis_url and not redis_url.startswith(("redis://", "rediss://", "redis+unix://")):
        raise ConfigError(f"{REDIS_URL_ENV} must be a Redis URL such as redis://127.0.0.1:6379/0, not {redis_url!r}")
    options = {"socket_connect_timeout": 2, "socket_timeout": 2} if redis_url else {}
    return Limiter(
        client_address,
        app=server,
        storage_uri=redis_url or "memory://",
        storage_options=options,
        strategy="moving-window",
    )


class _FailureCounters:
    """The shared moving-window counts. If Redis stops answering, this process counts in its own memory (the API
    keeps working, each worker limits on its own) and asks Redis again after a pause, so that an unreachable host
    does not cost every request a connection timeout."""

    RETRY_SHARED_AFTER_S = 30

    def __init__(self, limiter: Limiter | None):
        self._shared: RateLimiter | None = limiter.limiter if limiter is not None else None
        self._local = MovingWindowRateLimiter(MemoryStorage())
        self._shared_down_until = 0.0

    def run(self, operation):
        if self._shared is not None and time.monotonic() >= self._shared_down_until:
            try:
                return operation(self._shared)
            except Exception as error:  # a storage outage must not turn every request into a 500
                log.warning("failure limits: shared storage unavailable (%s); counting in this process", error)
                self._shared_down_until = time.monotonic() + self.RETRY_SHARED_AFTER_S
        return operation(self._local)


def _counters() -> _FailureCounters:
    """The app's counters; an app built without `protect` (a bare Flask app in a test) gets memory counters."""
    if _EXTENSION not in current_app.extensions:
        current_app.extensions[_EXTENSION] = _FailureCounters(None)
    return current_app.extensions[_EXTENSION]


class FailureLimit:
    """At most `rate` failures (e.g. "20 per minute") per key in a moving window; see the module's docstring."""

    def __init__(self, name: str, rate: str):
        self.name = name
        self.rate: RateLimitItem = parse(rate)

    def retry_after(self, *keys: str) -> int:
        """Whole seconds until every key may try again; 0 when none of them is over the limit."""
        wait = 0
        for key in keys:
            if not _counters().run(lambda limiter, key=key: limiter.test(self.rate, self.name, key)):
                reset_at = _counters().run(lambda limiter, key=key: limiter.get_window_stats(self.rate, self.name, key))
                wait = max(wait, math.ceil(reset_at.reset_time - time.time()), 1)
        return wait

    def record(self, *keys: str) -> None:
        """Count one failure against each key."""
        for key in keys:
            _counters().run(lambda limiter, key=key: limiter.hit(self.rate, self.name, key))

    def clear(self, *keys: str) -> None:
        """Forget the failures of each key (after a successful login, say)."""
        for key in keys:
            _counters().run(lambda limiter, key=key: limiter.clear(self.rate, self.name, key))


def failure_limit(name: str, rate: str) -> FailureLimit:
    """A named failure counter of the current app (its own counts, shared by every worker when Redis is set)."""
    return FailureLimit(name, rate)


def token_failures() -> FailureLimit:
    """Wrong bearer tokens, counted per client address."""
    return failure_limit("token", TOKEN_FAILURES)


def client_address() -> str:
    """The client's address: the peer's, or the one the trusted proxies report (`COCKPIT_PROXIES`)."""
    return request.remote_addr or "unknown"


def failure_messages(seconds: int) -> tuple[str, str]:
    """What to tell someone refused for too many failures, in English and Thai."""
    return (
        f"too many failed attempts: try again in {seconds} s",
        f"ลองผิดหลายครั้งเกินไป โปรดลองใหม่อีกครั้งใน {seconds} วินาที",
    )


def too_many_failures(seconds: int) -> Response:
    """429 with Retry-After and the message in both languages (`error` holds both, for clients that show one)."""
    english, thai = failure_messages(seconds)
    response = json_response(
        {"error": f"{english} · {thai}", "error_en": english, "error_th": thai, "retry_after": seconds}, 429
    )
    response.headers["Retry-After"] = str(seconds)
    return response

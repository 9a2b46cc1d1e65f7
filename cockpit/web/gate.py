"""The door: every request is someone (a signed-in user, a token, a wall screen's device link, or — only when an
administrator opened a public read-only view — an anonymous reader) or it is turned away.

Open without anyone: the login page and its single sign-on, a device link, static assets, the health check, the
OpenAPI document and the province polygons. Everything else needs a principal; a device sees `/wall` and what the
wall itself needs, nothing more. A state-changing request that rides on a session cookie must come from this site's
own pages (its Origin or Referer), so another site cannot make a signed-in browser write (CSRF); the login and
password forms also carry a signed form token.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import os
import threading
import time
from urllib.parse import quote, urlsplit

from flask import Flask, Response, g, jsonify, redirect, request, session

from cockpit.errors import StoreBusyError
from cockpit.people import devices, settings, tokens, users
from cockpit.people.access import Principal
from cockpit.store.database import Store
from cockpit.web.security import client_address, failure_limit, token_failures, too_many_failures

API_PREFIX = "/api/v1"
OPEN_EXACT = {
    "/login",
    "/login/sso",  # single sign-on: off to the identity provider, and back (cockpit/web/sso.py)
    "/login/sso/callback",
    "/_favicon.ico",
    f"{API_PREFIX}/health",
    f"{API_PREFIX}/openapi.json",
}
OPEN_PREFIXES = ("/assets/", "/_dash-component-suites/", devices.DEVICE_PREFIX, f"{API_PREFIX}/geo/")
DASH_INTERNAL = ("/_dash-layout", "/_dash-dependencies", "/_dash-update-component", "/_reload-hash")
DEVICE_ALLOWED = ("/wall", f"{API_PREFIX}/version", *DASH_INTERNAL)
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
# Wrong passwords per address and per account before a pause. Per account, anyone may pause someone's sign-in
# for a minute; a higher rate than the token's keeps that nuisance small while guessing stays hopeless.
LOGIN_FAILURES = "10 per minute"
SESSION_HOURS = float(os.environ.get("COCKPIT_SESSION_HOURS", "12"))
VERSION_PATH = f"{API_PREFIX}/version"
# The version check (every open screen, every second) and every request of a wall screen's device link (50 walls
# render the same page after each change; a device can write nothing) remember who a session is instead of reading
# the user or device again, until a write that changes no figure (people, tokens, settings; from any process) or for
# this long at most, in case the news of such a write was lost. Every other request reads them afresh.
VERSION_CHECK_TRUST_S = 10.0


def configure_sessions(server: Flask, store: Store) -> None:
    """Signed, HttpOnly, SameSite=Lax cookies that expire; the key comes from COCKPIT_SECRET_KEY or the store."""
    secret = os.environ.get("COCKPIT_SECRET_KEY")
    if not secret:
        with store.read() as conn:
            secret = settings.session_secret(conn)
    if not secret:  # a store prepared before people existed; cockpit.bootstrap makes it otherwise
        with store.write(bump_version=False) as conn:
            secret = settings.ensure_session_secret(conn)
    server.config.update(
        SECRET_KEY=secret,
        SESSION_COOKIE_NAME="cockpit_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=os.environ.get("COCKPIT_HTTPS") == "1",
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=SESSION_HOURS),
        WTF_CSRF_TIME_LIMIT=None,  # the form token lives as long as the session
    )


def is_open(path: str) -> bool:
    return path in OPEN_EXACT or path.startswith(OPEN_PREFIXES)


def _from_authorization(store: Store, header: str) -> Principal | None:
    if header.startswith("Bearer "):
        with store.read() as conn:
            token = tokens.authenticate(conn, header)
        if token is None:
            return None
        if token.last_used_at is None or token.last_used_at < dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1):
            with contextlib.suppress(StoreBusyError):  # bookkeeping: a read is never refused for it
                with store.write(bump_version=False) as conn:
                    tokens.mark_used(conn, token.id)
        return tokens.principal_for_token(token)
    if header.startswith("Basic "):
        try:
            username, _, password = base64.b64decode(header[6:]).decode("utf-8").partition(":")
        except (ValueError, UnicodeDecodeError):
            return None
        with store.read() as conn:
            user = users.verify(conn, username, password)
            return users.principal_for_user(conn, user) if user else None
    return None


def _basic_username(header: str) -> str:
    try:
        return base64.b64decode(header[6:]).decode("utf-8").partition(":")[0].strip().lower()
    except (ValueError, UnicodeDecodeError):
        return ""


def login_failures():
    """Wrong passwords, counted per client address and per account (the form and HTTP Basic alike)."""
    return failure_limit("login", LOGIN_FAILURES)


def _from_session(store: Store) -> Principal | None:
    if "uid" in session:
        with store.read() as conn:
            user = users.get_user_by_id(conn, session["uid"])
            if user is None or user["disabled_at"] is not None:
                return None
            if user["password_changed_at"] and session.get("stamp") != user["password_changed_at"].isoformat():
                return None  # signed before the password changed
            return users.principal_for_user(conn, user)
    if "device" in session:
        with store.read() as conn:
            device = devices.active_device(conn, session["device"])
        return devices.principal_for_device(device) if device else None
    return None


class RecentPrincipals:
    """Who a session cookie was, for the version check only: until people change, a bounded number of sessions."""

    MAX_SESSIONS = 10_000

    def __init__(self, seconds: float = VERSION_CHECK_TRUST_S):
        self.seconds = seconds
        self._seen: dict[tuple, tuple[float, int, Principal | None]] = {}
        self._lock = threading.Lock()

    def get(self, store: Store) -> Principal | None:
        key = (session.get("uid"), session.get("stamp"), session.get("device"))
        now, people_writes = time.monotonic(), store.quiet_writes()
        with self._lock:
            found = self._seen.get(key)
        if found is not None and found[1] == people_writes and now - found[0] < self.seconds:
            return found[2]
        who = _from_session(store) or _public(store)
        with self._lock:
            if len(self._seen) >= self.MAX_SESSIONS:
                self._seen.clear()
            self._seen[key] = (now, people_writes, who)
        return who


def _is_device_session() -> bool:
    return "device" in session and "uid" not in session


def _public(store: Store) -> Principal | None:
    """The anonymous reader, when an administrator opened a public read-only view (GET and HEAD only)."""
    if request.method not in ("GET", "HEAD"):
        return None
    with store.read() as conn:
        if not settings.public_read(conn):
            return None
    return Principal(kind="public", id=None, name="public", role=None, view_scope="national", view_provinces=None)


def principal(store: Store) -> Principal | Response | None:
    """Who this request is, from its Authorization header or its session cookie; None when nobody (or when
    the credentials are wrong, expired or revoked); a 429 answer once an address (or, for a password, an
    account) has failed too often (cockpit/web/security.py): a token or password cannot be guessed by trying."""
    header = request.headers.get("Authorization", "")
    if header:
        keys = [client_address()]
        failures = token_failures()
        if header.startswith("Basic "):
            failures = login_failures()
            keys.append(f"account:{_basic_username(header)}")
        wait = failures.retry_after(*keys)
        if wait:
            return too_many_failures(wait)
        found = _from_authorization(store, header)
        if found is None:
            failures.record(*keys)
        return found
    return _from_session(store) or _public(store)


def _same_site() -> bool:
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if not source:
        return False
    parts = urlsplit(source)
    return f"{parts.scheme}://{parts.netloc}" == request.host_url.rstrip("/")


def refuse(status: int, message_th: str, message_en: str):
    """A JSON refusal for the API and Dash's own requests; pages go to the login page instead."""
    response = jsonify({"error": message_en, "error_th": message_th})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="cockpit"'
    return response


def install_gate(server: Flask, store: Store) -> None:
    recent = RecentPrincipals()

    @server.before_request
    def gate():
        path = request.path
        g.principal = None
        if is_open(path):
            return None
        if "Authorization" not in request.headers and (path == VERSION_PATH or _is_device_session()):
            who = recent.get(store)  # asked every second by every screen: no query (cockpit/store/known_version.py)
        else:
            who = principal(store)
        if isinstance(who, Response):
            return who
        g.principal = who
        is_api = path.startswith(API_PREFIX + "/") or path.startswith(DASH_INTERNAL)
        if who is None:
            if request.headers.get("Authorization"):
                return refuse(
                    401, "โทเคนหรือรหัสผ่านไม่ถูกต้อง หมดอายุ หรือถูกยกเลิก", "the token or password is wrong, expired or revoked"
                )
            if is_api:
                return refuse(401, "ต้องเข้าสู่ระบบก่อน", "sign in first (or send Authorization: Bearer <token>)")
            target = request.full_path.rstrip("?")
            return redirect(f"/login?next={quote(target, safe='')}")
        if who.is_device and not path.startswith(DEVICE_ALLOWED):
            if is_api:
                return refuse(403, "จอภาพนี้เปิดได้เฉพาะผนังห้องประชุม", "a wall screen's link opens /wall only")
            return redirect("/wall")
        if request.method in WRITES and "Authorization" not in request.headers and not _same_site():
            return refuse(403, "คำขอนี้ไม่ได้มาจากหน้าของระบบนี้", "a browser write must come from this site's pages")
        return None

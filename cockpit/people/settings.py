"""Settings that people change while the app runs, kept in the store so every worker sees the same."""

from __future__ import annotations

import secrets

from sqlalchemy.engine import Connection

from cockpit.rules import approval
from cockpit.store.database import get_info, set_info

PUBLIC_READ = "public_read"
SESSION_SECRET = "session_secret"


def public_read(conn: Connection) -> bool:
    """Whether anyone on the network may read the pages and read API without signing in (off by default)."""
    return get_info(conn, PUBLIC_READ) == "on"


def set_public_read(conn: Connection, on: bool) -> None:
    set_info(conn, PUBLIC_READ, "on" if on else "off")


def session_secret(conn: Connection) -> str | None:
    return get_info(conn, SESSION_SECRET)


def ensure_session_secret(conn: Connection) -> str:
    """The key that signs session cookies, made once per store so that every worker and restart agrees."""
    secret = get_info(conn, SESSION_SECRET)
    if secret is None:
        secret = secrets.token_urlsafe(48)
        set_info(conn, SESSION_SECRET, secret)
    return secret


def set_approval_steps(conn: Connection, steps: int) -> None:
    """The approval steps of every indicator whose catalogue row leaves them empty: 0, 1 or 2."""
    if steps not in approval.STEP_COUNTS:
        raise ValueError(f"approval steps must be 0, 1 or 2, got {steps!r}")
    set_info(conn, approval.DEFAULT_STEPS_KEY, str(steps))


def set_hide_unapproved(conn: Connection, on: bool) -> None:
    """Whether results not yet final are kept off the national pages and walls (on by default)."""
    set_info(conn, approval.HIDE_UNAPPROVED_KEY, "on" if on else "off")

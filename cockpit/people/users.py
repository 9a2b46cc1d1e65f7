"""People who sign in: accounts with an argon2 password hash, a role, and a view and a write scope.

The store never holds a password, only its argon2id hash (argon2-cffi). Changing a password invalidates the
sessions signed before it; disabling a user ends theirs at the next request.
"""

from __future__ import annotations

import re
import secrets

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Connection

from cockpit.errors import CockpitError
from cockpit.people.access import Principal, Role
from cockpit.people.tokens import ScopeError, scope_provinces
from cockpit.store import schema
from cockpit.store.database import utc_now

ADMIN = "admin"
MIN_PASSWORD = 10
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,62}$")
_hasher = PasswordHasher()


class UserError(CockpitError):
    """A user that cannot be made or changed as asked (bad name, role, scope or password); `reason` names which
    for a page to say it in its own language."""

    def __init__(self, message: str, reason: str = "invalid"):
        super().__init__(message)
        self.reason = reason


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"a password needs at least {MIN_PASSWORD} characters", "short_password")


def _check(conn: Connection, role: str, view_scope: str, write_scope: str | None) -> None:
    if role not in {r.value for r in Role}:
        raise UserError(f"unknown role {role!r}: one of {', '.join(r.value for r in Role)}", "bad_role")
    try:
        view = scope_provinces(conn, view_scope)
        write = scope_provinces(conn, write_scope) if write_scope else frozenset()
    except ScopeError as error:
        raise UserError(str(error), "bad_scope") from error
    if write_scope and view is not None and (write is None or not write <= view):
        raise UserError(
            f"the write scope {write_scope} must lie inside the view scope {view_scope}", "write_outside_view"
        )


def add_user(
    conn: Connection,
    username: str,
    password: str | None,
    role: str,
    view_scope: str,
    write_scope: str | None,
    created_by: str,
    display_name: str | None = None,
) -> int:
    """Create a user; the password may be None for someone who signs in only through single sign-on."""
    username = username.strip().lower()
    if not _USERNAME.match(username):
        raise UserError(
            f"user name {username!r}: 2–63 characters, lower-case letters, digits, '.', '_' or '-', e.g. reo08.somchai",
            "bad_name",
        )
    _check(conn, role, view_scope, write_scope)
    if password is not None:
        _check_password(password)
    u = schema.app_user
    if conn.execute(sa.select(u.c.id).where(u.c.username == username)).first():
        raise UserError(f"a user named {username!r} exists already", "name_taken")
    now = utc_now()
    return conn.execute(
        u.insert()
        .values(
            username=username,
            display_name=(display_name or username).strip(),
            password_hash=_hasher.hash(password) if password is not None else None,
            role=role,
            view_scope=view_scope,
            write_scope=write_scope or None,
            created_at=now,
            created_by=created_by,
            password_changed_at=now,
        )
        .returning(u.c.id)
    ).scalar_one()


def list_users(conn: Connection) -> list[dict]:
    u = schema.app_user
    rows = conn.execute(
        sa.select(
            u.c.id,
            u.c.username,
            u.c.display_name,
            u.c.role,
            u.c.view_scope,
            u.c.write_scope,
            u.c.created_at,
            u.c.created_by,
            u.c.last_login_at,
            u.c.disabled_at,
        ).order_by(u.c.username)
    )
    return [dict(r._mapping) for r in rows]


def get_user(conn: Connection, username: str) -> dict | None:
    u = schema.app_user
    row = conn.execute(sa.select(u).where(u.c.username == username.strip().lower())).first()
    return dict(row._mapping) if row else None


def get_user_by_id(conn: Connection, user_id: int) -> dict | None:
    u = schema.app_user
    row = conn.execute(sa.select(u).where(u.c.id == user_id)).first()
    return dict(row._mapping) if row else None


def set_disabled(conn: Connection, username: str, disabled: bool) -> None:
    """Disable or enable a user; the last enabled administrator cannot be disabled (nobody could undo it)."""
    u = schema.app_user
    if disabled:
        others = conn.execute(
            sa.select(sa.func.count())
            .select_from(u)
            .where(
                u.c.role == Role.ADMINISTRATOR.value,
                u.c.disabled_at.is_(None),
                u.c.username != username.strip().lower(),
            )
        ).scalar_one()
        user = get_user(conn, username)
        if user is not None and user["role"] == Role.ADMINISTRATOR.value and others == 0:
            raise UserError("the last enabled administrator cannot be disabled: make another one first", "last_admin")
    found = conn.execute(
        u.update()
        .where(u.c.username == username.strip().lower())
        .values(disabled_at=utc_now() if disabled else None)
        .returning(u.c.id)
    ).first()
    if found is None:
        raise UserError(f"no user named {username!r}", "no_user")


def set_password(conn: Connection, username: str, password: str) -> None:
    _check_password(password)
    u = schema.app_user
    found = conn.execute(
        u.update()
        .where(u.c.username == username.strip().lower())
        .values(password_hash=_hasher.hash(password), password_changed_at=utc_now())
        .returning(u.c.id)
    ).first()
    if found is None:
        raise UserError(f"no user named {username!r}", "no_user")


def verify(conn: Connection, username: str, password: str) -> dict | None:
    """The user whose name and password these are, if enabled; None otherwise (which, is not said)."""
    user = get_user(conn, username)
    if user is None or user["disabled_at"] is not None or not user["password_hash"]:
        _hasher.hash(password)  # the same work either way: a wrong name costs as much as a wrong password
        return None
    try:
        _hasher.verify(user["password_hash"], password)
    except (VerificationError, InvalidHashError):
        return None
    return user


def record_login(conn: Connection, user_id: int) -> None:
    u = schema.app_user
    conn.execute(u.update().where(u.c.id == user_id).values(last_login_at=utc_now()))


def principal_for_user(conn: Connection, user: dict) -> Principal:
    return Principal(
        kind="user",
        id=user["id"],
        name=user["username"],
        role=Role(user["role"]),
        view_scope=user["view_scope"],
        view_provinces=scope_provinces(conn, user["view_scope"]),
        write_scope=user["write_scope"],
        write_provinces=scope_provinces(conn, user["write_scope"]) if user["write_scope"] else frozenset(),
    )


def ensure_admin(conn: Connection, password: str | None) -> str | None:
    """On first start: the administrator `admin`, with the given password or a random one, which is returned
    to be shown once. Does nothing (returns None) when any administrator exists."""
    u = schema.app_user
    if conn.execute(sa.select(u.c.id).where(u.c.role == Role.ADMINISTRATOR.value)).first():
        return None
    chosen = password or secrets.token_urlsafe(12)
    add_user(conn, ADMIN, chosen, Role.ADMINISTRATOR, "national", "national", "first start", "ผู้ดูแลระบบ")
    return None if password else chosen

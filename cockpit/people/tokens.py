"""API tokens: who may write, and where.

A token is shown once when created; the store keeps only its SHA-256. Its scope is the whole country
(`national`), one regional education office of the default scheme (`region:REO08`) or one province
(`province:TH-50`); a write that touches a province outside the scope is refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cockpit.errors import CockpitError
from cockpit.people.access import Principal
from cockpit.read import queries
from cockpit.store import schema
from cockpit.store.database import utc_now

TOKEN_PREFIX = "ckp_"
_SCOPE = re.compile(r"^(national|region:[A-Za-z0-9_-]+|province:TH-\d{2})$")


class ScopeError(CockpitError):
    """A scope that is malformed or names an unknown region or province, or a token that cannot be made or
    found; `reason` names which for a page to say it in its own language."""

    def __init__(self, message: str, reason: str = "bad_scope"):
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Token:
    id: int
    name: str
    scope: str
    provinces: frozenset[str] | None  # None: every province
    last_used_at: dt.datetime | None = None

    def allows(self, province_codes: list[str] | set[str]) -> bool:
        return self.provinces is None or set(province_codes) <= self.provinces

    @property
    def is_national(self) -> bool:
        return self.scope == "national"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def scope_provinces(conn: Connection, scope: str) -> frozenset[str] | None:
    """The provinces a scope covers (None for national); raise ScopeError for an unknown or bad scope."""
    if not _SCOPE.match(scope):
        raise ScopeError(f"scope {scope!r} must be national, region:<code> or province:<ISO code>, e.g. province:TH-50")
    if scope == "national":
        return None
    kind, code = scope.split(":", 1)
    if kind == "province":
        if code not in {p["code"] for p in queries.provinces(conn)}:
            raise ScopeError(f"scope {scope!r} names an unknown province; see /api/v1/provinces")
        return frozenset({code})
    region = next((r for r in queries.regions(conn) if r["code"] == code), None)
    if region is None:
        raise ScopeError(f"scope {scope!r} names an unknown region of the default scheme; see /api/v1/regions")
    return frozenset(region["provinces"])


def create_token(
    conn: Connection,
    name: str,
    scope: str,
    expires_at: dt.datetime | None = None,
    created_by: str | None = None,
) -> str:
    """Store a new token's hash and return the token itself, which is never stored."""
    if not name.strip():
        raise ScopeError("a token needs a name saying who holds it, e.g. --name 'ศธจ.เชียงใหม่'", "no_name")
    scope_provinces(conn, scope)
    if expires_at is not None and expires_at <= utc_now():
        raise ScopeError("a token's expiry must lie in the future", "bad_expiry")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    conn.execute(
        schema.api_token.insert().values(
            name=name.strip(),
            scope=scope,
            token_hash=_hash(secret),
            created_at=utc_now(),
            expires_at=expires_at,
            created_by=created_by,
        )
    )
    return secret


def list_tokens(conn: Connection) -> list[dict]:
    """Every token with its scope, expiry, last use and revocation; never the token."""
    t = schema.api_token
    rows = conn.execute(
        sa.select(
            t.c.id,
            t.c.name,
            t.c.scope,
            t.c.created_at,
            t.c.created_by,
            t.c.expires_at,
            t.c.last_used_at,
            t.c.revoked_at,
        ).order_by(t.c.id)
    )
    return [dict(r._mapping) for r in rows]


def revoke_token(conn: Connection, token_id: int) -> dict:
    t = schema.api_token
    row = conn.execute(sa.select(t.c.id, t.c.name, t.c.revoked_at).where(t.c.id == token_id)).first()
    if row is None:
        raise ScopeError(f"no token with id {token_id}", "no_token")
    if row.revoked_at is None:
        conn.execute(t.update().where(t.c.id == token_id).values(revoked_at=utc_now()))
    return {"id": row.id, "name": row.name}


def mark_used(conn: Connection, token_id: int) -> None:
    """Last use, kept to the minute: a busy client must not turn every read into a write."""
    t = schema.api_token
    now = utc_now()
    conn.execute(
        t.update()
        .where(t.c.id == token_id)
        .where(sa.or_(t.c.last_used_at.is_(None), t.c.last_used_at < now - dt.timedelta(minutes=1)))
        .values(last_used_at=now)
    )


def authenticate(conn: Connection, authorization: str | None) -> Token | None:
    """The token named by an `Authorization: Bearer …` header, or None when absent, unknown or revoked."""
    if not authorization or not authorization.startswith("Bearer "):
        return None
    secret = authorization.removeprefix("Bearer ").strip()
    t = schema.api_token
    row = conn.execute(
        sa.select(t.c.id, t.c.name, t.c.scope, t.c.expires_at, t.c.last_used_at).where(
            t.c.token_hash == _hash(secret), t.c.revoked_at.is_(None)
        )
    ).first()
    if row is None or (row.expires_at is not None and row.expires_at <= utc_now()):
        return None
    try:
        provinces = scope_provinces(conn, row.scope)
    except ScopeError:
        return None
    return Token(id=row.id, name=row.name, scope=row.scope, provinces=provinces, last_used_at=row.last_used_at)


def principal_for_token(token: Token) -> Principal:
    return Principal(
        kind="token",
        id=token.id,
        name=token.name,
        role=None,
        view_scope=token.scope,
        view_provinces=token.provinces,
        write_scope=token.scope,
        write_provinces=token.provinces,
    )

"""API tokens: who may write, and where.

A token is shown once when created; the store keeps only its SHA-256. Its scope is the whole country
(`national`), one regional education office of the default scheme (`region:REO08`) or one province
(`province:TH-50`); a write that touches a province outside the scope is refused.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cockpit.errors import CockpitError
from cockpit.read import queries
from cockpit.store import schema
from cockpit.store.database import utc_now

TOKEN_PREFIX = "ckp_"
_SCOPE = re.compile(r"^(national|region:[A-Za-z0-9_-]+|province:TH-\d{2})$")


class ScopeError(CockpitError):
    """A scope that is malformed or names an unknown region or province."""


@dataclass(frozen=True)
class Token:
    id: int
    name: str
    scope: str
    provinces: frozenset[str] | None  # None: every province

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


def create_token(conn: Connection, name: str, scope: str) -> str:
    """Store a new token's hash and return the token itself, which is never stored."""
    if not name.strip():
        raise ScopeError("a token needs a name saying who holds it, e.g. --name 'ศธจ.เชียงใหม่'")
    scope_provinces(conn, scope)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    conn.execute(
        schema.api_token.insert().values(name=name.strip(), scope=scope, token_hash=_hash(secret), created_at=utc_now())
    )
    return secret


def authenticate(conn: Connection, authorization: str | None) -> Token | None:
    """The token named by an `Authorization: Bearer …` header, or None when absent, unknown or revoked."""
    if not authorization or not authorization.startswith("Bearer "):
        return None
    secret = authorization.removeprefix("Bearer ").strip()
    t = schema.api_token
    row = conn.execute(
        sa.select(t.c.id, t.c.name, t.c.scope).where(t.c.token_hash == _hash(secret), t.c.revoked_at.is_(None))
    ).first()
    if row is None:
        return None
    try:
        provinces = scope_provinces(conn, row.scope)
    except ScopeError:
        return None
    return Token(id=row.id, name=row.name, scope=row.scope, provinces=provinces)

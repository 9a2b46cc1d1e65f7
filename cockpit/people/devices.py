"""Device links: a wall screen in the room opens `/wall` through a long random link, with nobody's password.

A link's key is shown once when it is made; the store keeps only its SHA-256, as for tokens. A device may
see the walls and nothing else, and a revoked link ends the screen's session at its next request.
"""

from __future__ import annotations

import hashlib
import secrets

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cockpit.errors import CockpitError
from cockpit.people.access import Principal
from cockpit.store import schema
from cockpit.store.database import utc_now

DEVICE_PREFIX = "/screen/"


class DeviceError(CockpitError):
    """A device link that cannot be made or found; `reason` names which for a page to say it in its own
    language."""

    def __init__(self, message: str, reason: str = "no_name"):
        super().__init__(message)
        self.reason = reason


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_device_link(conn: Connection, name: str, created_by: str) -> tuple[int, str]:
    """(id, key); the screen opens `/screen/<key>`."""
    if not name.strip():
        raise DeviceError("a device link needs a name saying which screen it is, e.g. 'ห้องประชุม จอซ้าย'")
    key = secrets.token_urlsafe(32)
    d = schema.device_link
    link_id = conn.execute(
        d.insert()
        .values(name=name.strip(), key_hash=_hash(key), created_at=utc_now(), created_by=created_by)
        .returning(d.c.id)
    ).scalar_one()
    return link_id, key


def list_device_links(conn: Connection) -> list[dict]:
    d = schema.device_link
    rows = conn.execute(
        sa.select(d.c.id, d.c.name, d.c.created_at, d.c.created_by, d.c.last_used_at, d.c.revoked_at).order_by(d.c.id)
    )
    return [dict(r._mapping) for r in rows]


def revoke_device_link(conn: Connection, link_id: int) -> dict:
    d = schema.device_link
    row = conn.execute(sa.select(d.c.id, d.c.name, d.c.revoked_at).where(d.c.id == link_id)).first()
    if row is None:
        raise DeviceError(f"no device link with id {link_id}", "no_device")
    if row.revoked_at is None:
        conn.execute(d.update().where(d.c.id == link_id).values(revoked_at=utc_now()))
    return {"id": row.id, "name": row.name}


def device_for_key(conn: Connection, key: str) -> dict | None:
    d = schema.device_link
    row = conn.execute(sa.select(d.c.id, d.c.name).where(d.c.key_hash == _hash(key), d.c.revoked_at.is_(None))).first()
    return dict(row._mapping) if row else None


def active_device(conn: Connection, link_id: int) -> dict | None:
    d = schema.device_link
    row = conn.execute(sa.select(d.c.id, d.c.name).where(d.c.id == link_id, d.c.revoked_at.is_(None))).first()
    return dict(row._mapping) if row else None


def mark_used(conn: Connection, link_id: int) -> None:
    d = schema.device_link
    conn.execute(d.update().where(d.c.id == link_id).values(last_used_at=utc_now()))


def principal_for_device(device: dict) -> Principal:
    """A screen sees the national walls (the room's), and can do nothing."""
    return Principal(
        kind="device",
        id=device["id"],
        name=device["name"],
        role=None,
        view_scope="national",
        view_provinces=None,
        write_scope=None,
    )


# Every screen sees the same pages: one rendering (callbacks/render_cache.py) serves every wall, whichever link.
ANY_SCREEN = principal_for_device({"id": None, "name": ""})


def as_any_screen(who: Principal | None) -> Principal | None:
    """A device's principal as every screen's, so that fifty walls with fifty links share one rendering."""
    return ANY_SCREEN if who is not None and who.is_device else who

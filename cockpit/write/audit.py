"""The audit trail: every write and every refused attempt — who, when, from where, what, before and after."""

from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cockpit.store import schema
from cockpit.store.database import utc_now


def record(
    conn: Connection,
    actor: str,
    action: str,
    subject: str | None = None,
    outcome: str = "ok",
    detail: dict | None = None,
    address: str | None = None,
) -> None:
    conn.execute(
        schema.audit_entry.insert().values(
            recorded_at=utc_now(),
            actor=actor[:200],
            address=(address or "")[:64] or None,
            action=action[:64],
            subject=(subject or "")[:400] or None,
            outcome=outcome,
            detail=json.dumps(detail, ensure_ascii=False, default=str) if detail is not None else None,
        )
    )


def entries(
    conn: Connection,
    actor: str | None = None,
    action: str | None = None,
    subject: str | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    limit: int = 500,
) -> list[dict]:
    """Newest first; `actor`, `action` and `subject` match a part of the text."""
    a = schema.audit_entry
    query = sa.select(a).order_by(a.c.id.desc()).limit(limit)
    if actor:
        query = query.where(a.c.actor.contains(actor, autoescape=True))
    if action:
        query = query.where(a.c.action.contains(action, autoescape=True))
    if subject:
        query = query.where(a.c.subject.contains(subject, autoescape=True))
    if since:
        query = query.where(a.c.recorded_at >= since)
    if until:
        query = query.where(a.c.recorded_at < until)
    rows = [dict(r._mapping) for r in conn.execute(query)]
    for row in rows:
        row["detail"] = json.loads(row["detail"]) if row["detail"] else None
    return rows

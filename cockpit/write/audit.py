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


PAGE_ROWS = 200


def actions(conn: Connection) -> list[str]:
    """Every action the trail holds, for a filter to choose from."""
    a = schema.audit_entry
    return [row.action for row in conn.execute(sa.select(a.c.action).distinct().order_by(a.c.action))]


def newest(
    conn: Connection,
    actor: str | None = None,
    action: str | None = None,
    subject: str | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    limit: int = PAGE_ROWS,
) -> dict:
    """What the audit page shows: the newest `limit` entries that match, whether older ones match too (it never
    loads the whole trail), and the actions to filter by."""
    rows = entries(conn, actor, action, subject, since, until, limit + 1)
    return {"entries": rows[:limit], "more": len(rows) > limit, "limit": limit, "actions": actions(conn)}


def entry(conn: Connection, entry_id: int) -> dict | None:
    """One entry with its detail, for the audit page's side panel."""
    a = schema.audit_entry
    row = conn.execute(sa.select(a).where(a.c.id == entry_id)).first()
    if row is None:
        return None
    found = dict(row._mapping)
    found["detail"] = json.loads(found["detail"]) if found["detail"] else None
    return found

"""The audit trail: every write and every refused attempt — who, when, from where, what, before and after.

A write function knows what it changed (before and after, which provinces); the caller knows who asked and
from where. The write function `note`s its change on the transaction's connection and the caller's `record`
takes it into the same entry, so every door (the API, the pages' forms, the CLI) gets the same detail without
each of them having to rebuild it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cockpit.store import schema
from cockpit.store.database import NOTED, utc_now


def note(conn: Connection, areas: Iterable[str] = (), **detail) -> None:
    """What the write running on `conn` changed (e.g. before=…, after=…), for the audit entry its caller records
    in the same transaction; several notes merge (their areas add up)."""
    noted = conn.info.setdefault(NOTED, {"areas": set(), "detail": {}})
    noted["areas"].update(areas)
    noted["detail"].update(detail)


def _take_noted(conn: Connection) -> tuple[set[str], dict]:
    noted = conn.info.pop(NOTED, None) or {"areas": set(), "detail": {}}
    return noted["areas"], noted["detail"]


def _areas_text(areas: Iterable[str]) -> str | None:
    """',TH-50,TH-51,': delimited on both sides, so that a filter matches a whole code with LIKE."""
    codes = sorted(set(areas))
    return f",{','.join(codes)}," if codes else None


def record(
    conn: Connection,
    actor: str,
    action: str,
    subject: str | None = None,
    outcome: str = "ok",
    detail: dict | None = None,
    address: str | None = None,
    areas: Iterable[str] = (),
) -> None:
    """One entry; what a write function noted on `conn` (before, after, provinces) joins `detail` and `areas`."""
    noted_areas, noted_detail = _take_noted(conn)
    if noted_detail:
        detail = {**(detail or {}), **noted_detail}
    conn.execute(
        schema.audit_entry.insert().values(
            recorded_at=utc_now(),
            actor=actor[:200],
            address=(address or "")[:64] or None,
            action=action[:64],
            subject=(subject or "")[:400] or None,
            outcome=outcome,
            detail=json.dumps(detail, ensure_ascii=False, default=str) if detail is not None else None,
            areas=_areas_text({*areas, *noted_areas}),
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
    provinces: Iterable[str] | None = None,
) -> list[dict]:
    """Newest first; `actor`, `action` and `subject` match a part of the text; `provinces`: entries that concern
    any of them."""
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
    if provinces is not None:
        codes = sorted(set(provinces))
        if not codes:
            return []
        query = query.where(sa.or_(*(a.c.areas.contains(f",{code},", autoescape=True) for code in codes)))
    rows = [dict(r._mapping) for r in conn.execute(query)]
    for row in rows:
        row["detail"] = json.loads(row["detail"]) if row["detail"] else None
        row["areas"] = row["areas"].strip(",").split(",") if row["areas"] else []
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

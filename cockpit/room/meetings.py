"""The room remembers: the operator marks the start of a meeting on the deck, and the room can then show what
changed since the last one — areas that turned red or recovered, crises reported or closed, indicators that
moved by more than their threshold.

Starting a meeting keeps each indicator's figure and status per area (nation, regions of the default scheme,
provinces) as they stood; "since then" compares today's figures for the same fiscal year with those.
"""

from __future__ import annotations

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.engine import Connection

from cockpit.read import crises, queries
from cockpit.rules.status import INCOMPLETE
from cockpit.store import schema
from cockpit.store.database import utc_now

RED = "red"
SNAPSHOT_LEVELS: tuple[queries.Level, ...] = ("nation", "region", "province")
MAX_TITLE = 400


class MeetingRequest(BaseModel):
    """POST /api/v1/meetings: the start of a meeting, with an optional title (e.g. "ประชุมผู้บริหาร 3 ธ.ค.")."""

    model_config = ConfigDict(extra="forbid")
    title: str | None = Field(None, max_length=MAX_TITLE, description="what the meeting is, optional")


def plain_changes(changes: dict) -> dict:
    """The changes for the API: each indicator named by its code and names rather than its whole definition."""
    keep = ("code", "name_th", "name_en", "unit_label_th", "unit_label_en", "decimals")
    out = dict(changes)
    for key in ("turned_red", "recovered", "moved"):
        out[key] = [c | {"indicator": {k: c["indicator"][k] for k in keep}} for c in changes[key]]
    for key in ("reported", "closed"):
        out[key] = [{k: v for k, v in e.items() if k != "log"} for e in changes[key]]
    return out


def _figures(conn: Connection, fiscal_year: int) -> dict[tuple[str, str, str], dict]:
    """{(indicator, level, area): {"value", "status"}} for every indicator and area, as the screens show them."""
    out = {}
    for level in SNAPSHOT_LEVELS:
        for code, rows in queries.results_table(conn, level, fiscal_year).items():
            for row in rows:
                out[(code, level, row["area"])] = {"value": row["value"], "status": row["status"]}
    return out


def start_meeting(conn: Connection, started_by: str, title: str | None = None) -> dict:
    """Mark a meeting's start now and keep the figures as they stand; returns the meeting."""
    year = queries.default_fiscal_year(conn)["fiscal_year_be"]
    m = schema.meeting
    title = (title or "").strip()[:MAX_TITLE] or None
    meeting_id = conn.execute(
        m.insert().values(started_at=utc_now(), started_by=started_by[:200], title=title, fiscal_year_be=year)
    ).inserted_primary_key[0]
    if year is not None:
        rows = [
            {"meeting_id": meeting_id, "indicator_code": code, "level": level, "area_code": area} | figure
            for (code, level, area), figure in _figures(conn, year).items()
        ]
        if rows:
            conn.execute(schema.meeting_snapshot.insert(), rows)
    return latest_meeting(conn)


def latest_meeting(conn: Connection) -> dict | None:
    m = schema.meeting
    row = conn.execute(sa.select(m).order_by(m.c.started_at.desc(), m.c.id.desc()).limit(1)).first()
    return dict(row._mapping) if row else None


def _moved_beyond(ind: dict, before: float, now: float, target: float | None) -> bool:
    """A move larger than the indicator's first threshold (yellow gap): in its unit, or for a count in % of its
    target (of the earlier figure when it has no target)."""
    gap = ind["yellow_gap"]
    if ind["aggregation"] == "sum":
        base = target if target else before
        return bool(base) and abs(now - before) > gap / 100 * abs(base)
    return abs(now - before) > gap


def changes_since(conn: Connection, meeting: dict | None = None) -> dict:
    """What changed since `meeting` (default: the latest). Returns {"meeting", "fiscal_year_be", "turned_red",
    "recovered", "moved", "reported", "closed"}; meeting None when the room never marked one."""
    meeting = meeting or latest_meeting(conn)
    empty = {"turned_red": [], "recovered": [], "moved": [], "reported": [], "closed": []}
    if meeting is None:
        return {"meeting": None, "fiscal_year_be": None} | empty
    out = {"meeting": meeting, "fiscal_year_be": meeting["fiscal_year_be"]} | empty
    started = meeting["started_at"]

    events = crises.list_crises(conn, with_log=True)
    out["reported"] = [e for e in events if e["reported_at"] >= started]
    out["closed"] = [
        e | {"closed_at": max(entry["changed_at"] for entry in e["log"] if entry["to_status"] == "closed")}
        for e in events
        if e["status"] == "closed" and any(x["to_status"] == "closed" and x["changed_at"] >= started for x in e["log"])
    ]

    year = meeting["fiscal_year_be"]
    if year is None:
        return out
    s = schema.meeting_snapshot
    before = {
        (row.indicator_code, row.level, row.area_code): row
        for row in conn.execute(sa.select(s).where(s.c.meeting_id == meeting["id"]))
    }
    indicators = {i["code"]: i for i in queries.indicators(conn)}
    for level in SNAPSHOT_LEVELS:
        for code, rows in queries.results_table(conn, level, year).items():
            ind = indicators[code]
            for row in rows:
                then = before.get((code, level, row["area"]))
                if then is None:
                    continue
                change = {
                    "indicator": ind,
                    "level": level,
                    "area": row["area"],
                    "name_th": row["name_th"],
                    "name_en": row["name_en"],
                    "before": then.value,
                    "before_status": then.status,
                    "now": row["value"],
                    "status": row["status"],
                }
                if row["status"] == RED and then.status != RED:
                    out["turned_red"].append(change)
                elif then.status == RED and row["status"] not in (RED, INCOMPLETE):  # unjudged is not recovered
                    out["recovered"].append(change)
                if (
                    level == "nation"
                    and then.value is not None
                    and row["value"] is not None
                    and _moved_beyond(ind, then.value, row["value"], row["target"])
                ):
                    out["moved"].append(change)
    level_order = {level: n for n, level in enumerate(SNAPSHOT_LEVELS)}
    for key in ("turned_red", "recovered"):
        out[key].sort(key=lambda c: (level_order[c["level"]], c["indicator"]["sort_order"], c["area"]))
    return out


def since_view(conn: Connection) -> dict:
    """/since: the changes since the last meeting, with the freshness of the figures they compare."""
    from cockpit.read import views

    return {
        "changes": changes_since(conn),
        "freshness": views.indicator_freshness(conn, queries.indicators(conn)),
        "dataset": queries.dataset_info(conn),
    }

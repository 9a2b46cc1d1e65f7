"""Crisis reports (รายงานภาวะวิกฤติทางการศึกษา): types, severities, lifecycle and the read queries."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cockpit.store import schema

TYPES = {
    "flood": ("อุทกภัย", "Flood"),
    "storm": ("วาตภัย", "Storm"),
    "drought": ("ภัยแล้ง", "Drought"),
    "landslide": ("ดินโคลนถล่ม", "Landslide"),
    "fire": ("อัคคีภัย / ไฟป่า", "Fire / wildfire"),
    "haze": ("ฝุ่น PM2.5", "PM2.5 haze"),
    "epidemic": ("โรคระบาด", "Epidemic"),
    "unrest": ("ความไม่สงบชายแดนใต้", "Southern border unrest"),
    "border_conflict": ("ความขัดแย้งชายแดน", "Border conflict"),
    "accident": ("อุบัติเหตุ", "Accident"),
    "violence": ("ความรุนแรง", "Violence"),
    "drugs": ("ยาเสพติด", "Drugs"),
    "bullying": ("การกลั่นแกล้งรังแก", "Bullying"),
}

# DDPM (ปภ.) levels: command moves from district to province to nation as the level rises.
SEVERITIES = {
    1: ("ระดับ 1 ขนาดเล็ก", "Level 1 small"),
    2: ("ระดับ 2 ขนาดกลาง", "Level 2 medium"),
    3: ("ระดับ 3 ขนาดใหญ่", "Level 3 large"),
    4: ("ระดับ 4 ร้ายแรงยิ่ง", "Level 4 extremely severe"),
}

STATUSES = {
    "reported": ("รับแจ้ง", "Reported"),
    "verified": ("ตรวจสอบแล้ว", "Verified"),
    "active": ("กำลังเกิดเหตุ", "Active"),
    "recovering": ("ฟื้นฟู", "Recovering"),
    "closed": ("ปิดเหตุการณ์", "Closed"),
    "dismissed": ("ยกเลิก", "Dismissed"),
}
OPEN_STATUSES = ("reported", "verified", "active", "recovering")

# Allowed status changes; closed and dismissed are final.
LIFECYCLE = {
    "reported": ("verified", "dismissed"),
    "verified": ("active", "dismissed"),
    "active": ("recovering", "closed"),
    "recovering": ("active", "closed"),
    "closed": (),
    "dismissed": (),
}

LEARNING_MODES = {
    "on-site": ("เรียนที่โรงเรียน", "On-site"),
    "on-air": ("เรียนผ่านโทรทัศน์", "On-air"),
    "on-demand": ("เรียนย้อนหลังตามความต้องการ", "On-demand"),
    "online": ("เรียนออนไลน์", "Online"),
    "on-hand": ("เรียนด้วยใบงานและชุดเรียนที่บ้าน", "On-hand"),
}

IMPACT_FIELDS = (
    "schools_affected",
    "schools_closed",
    "students_affected",
    "staff_affected",
    "injuries",
    "deaths",
    "shelter_schools",
)


def list_crises(
    conn: Connection,
    statuses: tuple[str, ...] | None = None,
    provinces: list[str] | None = None,
    with_log: bool = False,
) -> list[dict]:
    """Crisis events, newest first, each with its provinces (and its status log when asked)."""
    e, cp = schema.crisis_event, schema.crisis_province
    query = sa.select(e).order_by(e.c.occurred_at.desc(), e.c.id.desc())
    if statuses:
        query = query.where(e.c.status.in_(statuses))
    if provinces is not None:
        query = query.where(e.c.id.in_(sa.select(cp.c.crisis_id).where(cp.c.province_code.in_(provinces))))
    events = [dict(row._mapping) for row in conn.execute(query)]
    if not events:
        return []
    ids = [event["id"] for event in events]
    places: dict[int, list[str]] = {}
    for row in conn.execute(
        sa.select(cp.c.crisis_id, cp.c.province_code).where(cp.c.crisis_id.in_(ids)).order_by(cp.c.province_code)
    ):
        places.setdefault(row.crisis_id, []).append(row.province_code)
    logs: dict[int, list[dict]] = {}
    if with_log:
        log = schema.crisis_status_log
        for row in conn.execute(sa.select(log).where(log.c.crisis_id.in_(ids)).order_by(log.c.changed_at, log.c.id)):
            logs.setdefault(row.crisis_id, []).append(dict(row._mapping))
    for event in events:
        event["provinces"] = places.get(event["id"], [])
        if with_log:
            event["log"] = logs.get(event["id"], [])
    return events


def totals(events: list[dict]) -> dict[str, int]:
    """Sums of the impact fields over events; a field nobody reported stays out rather than showing 0."""
    result = {"events": len(events)}
    for field in IMPACT_FIELDS:
        known = [event[field] for event in events if event.get(field) is not None]
        result[field] = sum(known) if known else None
    return result


def crisis_provinces(conn: Connection, crisis_id: int) -> frozenset[str] | None:
    """The provinces of one crisis (whose view scope may open its page), or None when there is no such crisis."""
    if not 0 < crisis_id < 2**31:
        return None
    e, cp = schema.crisis_event, schema.crisis_province
    if conn.execute(sa.select(e.c.id).where(e.c.id == crisis_id)).first() is None:
        return None
    return frozenset(conn.execute(sa.select(cp.c.province_code).where(cp.c.crisis_id == crisis_id)).scalars())

"""What the room decides and how it is followed up: a decision names what was decided, the agency or office
responsible for it, a deadline, and what it is about (an indicator, an area, a crisis or a node of the chain).
Its owners move it along (open → in progress → done) with a note; one not done by its deadline is overdue.

A decision concerns the provinces of what it is about (none named: the whole country), and is written as any
write is: inside the writer's write scope. Its owner's office may update it too, and sees it. Every function
runs inside the caller's transaction, which bumps the data version so that open screens show it.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import sqlalchemy as sa
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, field_validator
from sqlalchemy.engine import Connection

from cockpit.people.access import Principal
from cockpit.read import queries
from cockpit.room.meetings import latest_meeting
from cockpit.rules.freshness import bangkok_today
from cockpit.rules.thai_time import format_date_be, parse_date_be, to_bangkok
from cockpit.store import schema
from cockpit.store.database import utc_now
from cockpit.write import audit, by_hand
from cockpit.write.ingest import MAX_ID, Code, Forbidden, InvalidInput, NotFoundError, Text, no_null_defaults

STATUSES = ("open", "in_progress", "done")
ABOUT_KINDS = ("indicator", "area", "crisis", "chain")
OWNER_KINDS = ("agency", "region", "province")
NATION = "TH"
MAX_WHAT, MAX_NOTE = 2000, 2000
DUE_DAYS = 7  # the white wall shows what falls due within a week, and everything overdue
FURTHEST_YEARS = 10  # a deadline further ahead is a mistyped year (a common-era year typed as BE, say)
WALL_ROWS = 8


def today_in_bangkok() -> dt.date:
    """A deadline is a Thai day: whether it has passed is judged in Bangkok."""
    return bangkok_today()


def _iso_date_text(value):
    """A deadline is sent as text (2026-12-31): a bare number is not a date a person meant."""
    if not isinstance(value, str | dt.date):
        raise ValueError("must be a date as text, YYYY-MM-DD (common era), e.g. 2026-12-31")
    return value


Deadline = Annotated[
    dt.date,
    BeforeValidator(_iso_date_text),
    WithJsonSchema({"type": "string", "format": "date", "description": "YYYY-MM-DD, today or later (Bangkok)"}),
]
Status = Literal[STATUSES]  # type: ignore[valid-type]
AboutKind = Literal[ABOUT_KINDS]  # type: ignore[valid-type]


class DecisionRequest(BaseModel):
    """POST /api/v1/decisions: what was decided, who is responsible, by when, and what it is about."""

    model_config = ConfigDict(extra="forbid")
    what: Text(MAX_WHAT, 1) = Field(description="what was decided (plain text)")
    owner: Code = Field(description="the responsible agency (code), regional office (REO08) or province (TH-50)")
    deadline: Deadline
    about_kind: AboutKind = Field(description="what it is about: indicator, area, crisis or chain (node)")
    about_code: Code = Field(description="an indicator code, TH / a region / a province ISO code, a crisis id, a node")

    @field_validator("what")
    @classmethod
    def not_blank(cls, what: str) -> str:
        if not what.strip():
            raise ValueError("must not be blank: say what was decided")
        return what.strip()


class DecisionUpdate(BaseModel):
    """PATCH /api/v1/decisions/<id>: the owners move a decision along, with a note of what was done."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=no_null_defaults)
    status: Status = Field(description="open, in_progress or done")
    note: Text(MAX_NOTE) | None = None


def check_deadline(deadline: dt.date, today: dt.date) -> str | None:
    """Why a new deadline is refused, or None: it must be today or later, and not a mistyped year."""
    if deadline < today:
        return f"is in the past ({deadline.isoformat()}); a deadline is today ({today.isoformat()}) or later"
    if deadline > today.replace(year=today.year + FURTHEST_YEARS, day=min(today.day, 28)):
        return f"is more than {FURTHEST_YEARS} years ahead ({deadline.isoformat()}): send a common-era date"
    return None


# --- what codes name --------------------------------------------------------------------------------------------


def owners(conn: Connection) -> list[dict]:
    """Who may be responsible: the catalogue's agencies, the regional offices, the provinces; each with its
    kind, code, Thai and English names and the provinces its office covers (None for an agency)."""
    out = [
        {"kind": "agency", "code": a["code"], "name_th": a["name_th"], "name_en": a["name_en"], "provinces": None}
        for a in queries.agencies(conn)
    ]
    out += [
        {"kind": "region", "code": r["code"], "name_th": r["name_th"], "name_en": r["name_en"],
         "provinces": frozenset(r["provinces"])}
        for r in queries.regions(conn)
    ]  # fmt: skip
    out += [
        {"kind": "province", "code": p["code"], "name_th": p["name_th"], "name_en": p["name_en"],
         "provinces": frozenset({p["code"]})}
        for p in queries.provinces(conn)
    ]  # fmt: skip
    return out


def subjects(conn: Connection) -> dict[tuple[str, str], dict]:
    """{(about_kind, about_code): {"name_th", "name_en", "provinces"}} for everything a decision may be about;
    provinces None: the whole country."""
    out: dict[tuple[str, str], dict] = {
        ("area", NATION): {"name_th": "ประเทศไทย", "name_en": "Thailand", "provinces": None}
    }
    for i in queries.indicators(conn):
        out[("indicator", i["code"])] = {"name_th": i["name_th"], "name_en": i["name_en"], "provinces": None}
    for n in queries.chain_nodes(conn):
        out[("chain", n["code"])] = {"name_th": n["name_th"], "name_en": n["name_en"], "provinces": None}
    for r in queries.regions(conn):
        out[("area", r["code"])] = {
            "name_th": r["name_th"],
            "name_en": r["name_en"],
            "provinces": frozenset(r["provinces"]),
        }
    for p in queries.provinces(conn):
        out[("area", p["code"])] = {
            "name_th": p["name_th"],
            "name_en": p["name_en"],
            "provinces": frozenset({p["code"]}),
        }
    e, cp = schema.crisis_event, schema.crisis_province
    places: dict[int, set[str]] = {}
    for row in conn.execute(sa.select(cp.c.crisis_id, cp.c.province_code)):
        places.setdefault(row.crisis_id, set()).add(row.province_code)
    for row in conn.execute(sa.select(e.c.id, e.c.title)):
        out[("crisis", str(row.id))] = {
            "name_th": row.title,
            "name_en": row.title,
            "provinces": frozenset(places.get(row.id, ())),
        }
    return out


def _areas_text(provinces: frozenset[str] | None) -> str | None:
    return f",{','.join(sorted(provinces))}," if provinces else None


def _areas_of(text: str | None) -> frozenset[str] | None:
    return frozenset(text.strip(",").split(",")) if text else None


def _writes(who: Principal, provinces: frozenset[str] | None) -> bool:
    """A write about these provinces (None: the whole country, which needs a national write scope)."""
    if provinces is None:
        return who.write_provinces is None and who.writes(set())
    return who.writes(provinces)


def may_update(who: Principal, decision: dict) -> bool:
    """Whoever may write what it is about, or the owner's own office (a regional officer for REO08's)."""
    if _writes(who, decision["provinces"]):
        return True
    owner = decision["owner_provinces"]
    return owner is not None and _writes(who, owner)


def may_see(who: Principal, decision: dict) -> bool:
    if who.sees_all:
        return True
    concerned = set(decision["provinces"] or ()) | set(decision["owner_provinces"] or ())
    return bool(concerned) and who.sees_any(concerned)


def viewer_writes(viewer: dict | None, provinces) -> bool:
    """_writes for the plain viewer the pages get (callbacks.routing.viewer_of), to show or hide a form; the
    callback that saves asks the person again."""
    if not viewer or not viewer.get("write_scope") or "report" not in viewer.get("can", []):
        return False
    mine = viewer.get("write_provinces")
    return mine is None or (provinces is not None and set(provinces) <= set(mine))


def viewer_may_update(viewer: dict | None, decision: dict) -> bool:
    """may_update for the plain viewer: whether a page shows a decision's "save progress"."""
    return viewer_writes(viewer, decision["provinces"]) or (
        decision["owner_provinces"] is not None and viewer_writes(viewer, decision["owner_provinces"])
    )


def subject_form(conn: Connection, kind: str, code: str) -> dict | None:
    """What a subject page's "record a decision about this" needs: the subject as the form's one choice, the
    provinces it concerns (whether the viewer may write it), and the owners; None for an unknown subject."""
    subject = subjects(conn).get((kind, code))
    if subject is None:
        return None
    about = {"value": f"{kind}:{code}", "kind": kind, "code": code} | {k: subject[k] for k in ("name_th", "name_en")}
    return {"about": about, "provinces": subject["provinces"], "decision_owners": owners(conn)}


# --- writing ----------------------------------------------------------------------------------------------------


def _current_meeting(conn: Connection, now: dt.datetime) -> int | None:
    """The meeting under way: the latest one, if it began on today's date in Bangkok (a meeting has no end)."""
    meeting = latest_meeting(conn)
    if meeting is None or to_bangkok(meeting["started_at"]).date() != to_bangkok(now).date():
        return None
    return meeting["id"]


def record_decision(conn: Connection, request: DecisionRequest, who: Principal, today: dt.date | None = None) -> dict:
    """Store a new decision as open, with the first line of its log; InvalidInput names each bad field,
    Forbidden when what it is about lies outside the writer's write scope."""
    today = today or today_in_bangkok()
    problems: dict[str, str] = {}
    owner = next((o for o in owners(conn) if o["code"] == request.owner), None)
    if owner is None:
        problems["owner"] = f"unknown owner {request.owner!r}: an agency code, a regional office (REO08) or a province"
    subject = subjects(conn).get((request.about_kind, request.about_code))
    if subject is None:
        problems["about_code"] = f"no {request.about_kind} {request.about_code!r} to decide about"
    if reason := check_deadline(request.deadline, today):
        problems["deadline"] = reason
    if problems:
        raise InvalidInput(problems)
    provinces = subject["provinces"]
    if not _writes(who, provinces):
        where = ", ".join(sorted(provinces)) if provinces else "the whole country"
        raise Forbidden(f"write scope {who.scope} does not cover what the decision is about ({where})")
    now = utc_now()
    d = schema.decision
    values = {
        "what": request.what,
        "owner_kind": owner["kind"],
        "owner_code": owner["code"],
        "deadline": request.deadline,
        "about_kind": request.about_kind,
        "about_code": request.about_code,
        "areas": _areas_text(provinces),
        "status": "open",
        "meeting_id": _current_meeting(conn, now),
        "recorded_at": now,
        "recorded_by": who.actor[:200],
        "updated_at": now,
        "updated_by": who.actor[:200],
    }
    decision_id = conn.execute(d.insert().values(values).returning(d.c.id)).scalar_one()
    conn.execute(
        schema.decision_update.insert().values(
            decision_id=decision_id, from_status=None, to_status="open", note=None, changed_at=now,
            changed_by=who.actor[:200],
        )
    )  # fmt: skip
    audit.note(conn, provinces or (), decision=decision_id, before=None, after=values)
    return decision(conn, decision_id, today)


def update_decision(
    conn: Connection, decision_id: int, update: DecisionUpdate, who: Principal, today: dt.date | None = None
) -> dict:
    """A status change with its note (the same status with a note adds a line to the log)."""
    current = decision(conn, decision_id, today)
    if current is None or not may_see(who, current):
        raise NotFoundError(f"no decision with id {decision_id}")
    if not may_update(who, current):
        raise Forbidden(f"write scope {who.scope} covers neither what decision {decision_id} is about nor its owner")
    now = utc_now()
    note = (update.note or "").strip() or None
    d = schema.decision
    conn.execute(
        d.update().where(d.c.id == decision_id).values(status=update.status, updated_at=now, updated_by=who.actor[:200])
    )
    conn.execute(
        schema.decision_update.insert().values(
            decision_id=decision_id, from_status=current["status"], to_status=update.status, note=note,
            changed_at=now, changed_by=who.actor[:200],
        )
    )  # fmt: skip
    audit.note(
        conn,
        current["provinces"] or (),
        decision=decision_id,
        before={"status": current["status"]},
        after={"status": update.status},
        note=note,
    )
    return decision(conn, decision_id, today)


# --- reading ----------------------------------------------------------------------------------------------------


def _judged(row: dict, today: dt.date) -> dict:
    """Overdue: not done and its deadline has passed; due: not done and falls due within DUE_DAYS."""
    open_ = row["status"] != "done"
    row["overdue"] = open_ and row["deadline"] < today
    row["due_soon"] = open_ and not row["overdue"] and row["deadline"] <= today + dt.timedelta(days=DUE_DAYS)
    row["days_left"] = (row["deadline"] - today).days
    return row


def list_decisions(
    conn: Connection,
    who: Principal | None = None,
    about: tuple[str, str] | None = None,
    statuses: tuple[str, ...] | None = None,
    today: dt.date | None = None,
    decision_id: int | None = None,
) -> list[dict]:
    """Decisions (what `who` may see, if given), by deadline; each with its owner's and subject's names, the
    provinces concerned, whether it is overdue or due soon, and its log (oldest first)."""
    today = today or today_in_bangkok()
    d, u = schema.decision, schema.decision_update
    query = sa.select(d).order_by(d.c.deadline, d.c.id)
    if about is not None:
        query = query.where(d.c.about_kind == about[0], d.c.about_code == about[1])
    if statuses:
        query = query.where(d.c.status.in_(statuses))
    if decision_id is not None:
        query = query.where(d.c.id == decision_id)
    rows = [dict(r._mapping) for r in conn.execute(query)]
    if not rows:
        return []
    owner_by = {(o["kind"], o["code"]): o for o in owners(conn)}
    subject_by = subjects(conn)
    logs: dict[int, list[dict]] = {}
    ids = [r["id"] for r in rows]
    for entry in conn.execute(sa.select(u).where(u.c.decision_id.in_(ids)).order_by(u.c.changed_at, u.c.id)):
        logs.setdefault(entry.decision_id, []).append(dict(entry._mapping))
    out = []
    for row in rows:
        owner = owner_by.get((row["owner_kind"], row["owner_code"]), {})
        subject = subject_by.get((row["about_kind"], row["about_code"]), {})
        row |= {
            "provinces": _areas_of(row.pop("areas")),
            "owner_name_th": owner.get("name_th", row["owner_code"]),
            "owner_name_en": owner.get("name_en", row["owner_code"]),
            "owner_provinces": owner.get("provinces"),
            "about_name_th": subject.get("name_th", row["about_code"]),
            "about_name_en": subject.get("name_en", row["about_code"]),
            "log": logs.get(row["id"], []),
        }
        if who is None or may_see(who, row):
            out.append(_judged(row, today))
    return out


def decision(conn: Connection, decision_id: int, today: dt.date | None = None) -> dict | None:
    if not 0 < decision_id <= MAX_ID:
        return None
    found = list_decisions(conn, today=today, decision_id=decision_id)
    return found[0] if found else None


def for_subject(conn: Connection, kind: str, code: str, today: dt.date | None = None) -> list[dict]:
    """A page's decisions: those about its indicator, area, crisis or node, not done first."""
    rows = list_decisions(conn, about=(kind, code), today=today)
    return sorted(rows, key=lambda r: (r["status"] == "done", r["deadline"], r["id"]))


def due_and_overdue(conn: Connection, today: dt.date | None = None) -> dict:
    """The white wall's frame: decisions not done that are overdue or fall due within DUE_DAYS, most overdue
    first; with how many are overdue and due in all, and when a decision last changed."""
    today = today or today_in_bangkok()
    rows = [
        r for r in list_decisions(conn, statuses=("open", "in_progress"), today=today) if r["overdue"] or r["due_soon"]
    ]
    d = schema.decision
    as_of = conn.execute(sa.select(sa.func.max(d.c.updated_at))).scalar()
    return {
        "kind": "decisions",
        "items": rows[:WALL_ROWS],
        "overdue": sum(r["overdue"] for r in rows),
        "due": sum(r["due_soon"] for r in rows),
        "more": max(len(rows) - WALL_ROWS, 0),
        "as_of": as_of,
    }


# --- the forms of the deck and the pages ------------------------------------------------------------------------


def form_choices(conn: Connection) -> dict:
    """What the deck's "record a decision" form offers: the owners, and every subject as "kind:code"."""
    found = subjects(conn)
    order = {kind: n for n, kind in enumerate(ABOUT_KINDS)}
    about = [
        {"value": f"{kind}:{code}", "kind": kind, "code": code, "name_th": s["name_th"], "name_en": s["name_en"]}
        for (kind, code), s in sorted(found.items(), key=lambda item: (order[item[0][0]], item[0][1] != NATION))
    ]
    return {"decision_owners": owners(conn), "decision_subjects": about}


def _form_text(value) -> str | None:
    return value.strip() or None if isinstance(value, str) else value


def record_by_hand(store, who: Principal | None, form: dict) -> dict:
    """The deck's form, as typed: what, owner, a deadline as day/month/year BE, and the subject as "kind:code".
    Answers as cockpit/write/by_hand.py does ({"ok", "id"} or the problems by field, or why it was refused)."""
    payload: dict = {key: _form_text(form.get(key)) for key in ("what", "owner")}
    problems: dict[str, str] = {}
    kind, _, code = (form.get("about") or "").partition(":")
    if kind and code:
        payload |= {"about_kind": kind, "about_code": code}
    deadline = _form_text(form.get("deadline"))
    if deadline:
        try:
            payload["deadline"] = parse_date_be(deadline)
        except ValueError:
            problems["deadline"] = f"{deadline!r} is not a date; write day/month/year BE, e.g. 31/12/2569"
    payload = {k: v for k, v in payload.items() if v is not None}

    def write(conn: Connection) -> dict:
        made = record_decision(conn, by_hand.checked(DecisionRequest, payload, problems), who)
        return {"id": made["id"], "what": made["what"]}

    answer = by_hand.run_as(store, who, "decision_record", payload.get("what") or "", write)
    if "problems" in answer:
        moved = {k: v for k, v in answer["problems"].items() if k in ("about_kind", "about_code")}
        answer["problems"] = {k: v for k, v in answer["problems"].items() if k not in moved}
        if moved:
            answer["problems"]["about"] = next(iter(moved.values()))
    return answer


def update_by_hand(store, who: Principal | None, decision_id: int, status: str | None, note: str | None) -> dict:
    """A page's "save progress" on one decision, as its owner."""
    payload = {k: v for k, v in (("status", status), ("note", _form_text(note))) if v is not None}

    def write(conn: Connection) -> dict:
        made = update_decision(conn, decision_id, by_hand.checked(DecisionUpdate, payload, {}), who)
        return {"id": made["id"], "status": made["status"]}

    return by_hand.run_as(store, who, "decision_update", f"decision {decision_id}", write)


def plain(row: dict) -> dict:
    """A decision for the API: provinces as sorted lists, the deadline also in Buddhist Era words."""
    out = dict(row)
    out["provinces"] = sorted(row["provinces"]) if row["provinces"] is not None else None
    out["owner_provinces"] = sorted(row["owner_provinces"]) if row["owner_provinces"] is not None else None
    out["deadline_be"] = format_date_be(row["deadline"])
    return out

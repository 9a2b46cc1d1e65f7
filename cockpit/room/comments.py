"""Comments on figures (interpretations, as DHIS2 calls them): what people make of one indicator's figure for one
area (the nation, a regional office or a province) and fiscal year, threaded one level deep, shown beside the
figure and on the page of its area or indicator.

Anyone signed in may comment where they may read: the area's provinces inside their view scope (the nation
needs a national view). An anonymous reader of a public view or a wall screen may not. The text is kept as typed
and is only ever shown as text (pages hand it to React as a plain string, which escapes it), never as markup. Its
author or an administrator may withdraw a comment: it is kept, with who and when, but no longer shown.
Every function runs inside the caller's transaction, which bumps the data version so that open screens show it.
"""

from __future__ import annotations

from typing import Annotated

import sqlalchemy as sa
from annotated_types import Ge, Le
from pydantic import BaseModel, ConfigDict, Field, Strict, field_validator
from sqlalchemy.engine import Connection

from cockpit.people.access import Can, Principal
from cockpit.read import queries
from cockpit.rules.thai_time import format_datetime_be
from cockpit.store import schema
from cockpit.store.database import utc_now
from cockpit.write import audit, by_hand
from cockpit.write.ingest import MAX_ID, Code, Forbidden, InvalidInput, NotFoundError, Text, Year, no_null_defaults

NATION = "TH"
LEVELS = ("nation", "region", "province")
MAX_TEXT = 2000
PeriodNo = Annotated[int, Strict(), Ge(1), Le(12)]
CommentId = Annotated[int, Strict(), Ge(1), Le(MAX_ID)]


class CommentRequest(BaseModel):
    """POST /api/v1/comments: a comment on one indicator's figure for an area and period, or a reply."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=no_null_defaults)
    indicator: Code = Field(description="the indicator's code (JI01)")
    area: Code = Field(description="TH (the nation), a regional office (REO08) or a province (TH-50)")
    fiscal_year_be: Year
    period_no: PeriodNo | None = Field(None, description="the reporting period; left out: the fiscal year")
    parent_id: CommentId | None = Field(None, description="the comment replied to (of the same figure)")
    text: Text(MAX_TEXT, 1) = Field(description="plain text, shown as typed (never as markup)")

    @field_validator("text")
    @classmethod
    def not_blank(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("must not be blank: write the comment")
        return text.strip()


# --- what a comment is about --------------------------------------------------------------------------------------


def areas(conn: Connection) -> dict[str, dict]:
    """{code: {"level", "name_th", "name_en", "provinces"}} for every area a comment may be about; provinces None
    for the nation (every province)."""
    out = {NATION: {"level": "nation", "name_th": "ประเทศไทย", "name_en": "Thailand", "provinces": None}}
    for r in queries.regions(conn):
        out[r["code"]] = {"level": "region", "name_th": r["name_th"], "name_en": r["name_en"],
                          "provinces": frozenset(r["provinces"])}  # fmt: skip
    for p in queries.provinces(conn):
        out[p["code"]] = {"level": "province", "name_th": p["name_th"], "name_en": p["name_en"],
                          "provinces": frozenset({p["code"]})}  # fmt: skip
    return out


def reads(who: Principal | None, provinces: frozenset[str] | None) -> bool:
    """Whether this one may read (and so comment on) an area's figures: the nation needs a national view."""
    if who is None:
        return False
    return who.sees_all if provinces is None else who.sees(provinces)


def _refusal(who: Principal | None) -> str | None:
    if who is None or who.kind in ("public", "device"):
        return "sign in to comment"
    return None


# --- writing ------------------------------------------------------------------------------------------------------


def post_comment(conn: Connection, request: CommentRequest, who: Principal | None) -> dict:
    """Store a comment (or a reply: it joins the thread of the comment replied to, one level deep).
    InvalidInput names each bad field; Forbidden when the area lies outside the writer's view scope."""
    if refused := _refusal(who):
        raise Forbidden(refused)
    problems: dict[str, str] = {}
    indicator_codes = {i["code"] for i in queries.indicators(conn)}
    if request.indicator not in indicator_codes:
        problems["indicator"] = f"unknown indicator {request.indicator!r}"
    area = areas(conn).get(request.area)
    if area is None:
        problems["area"] = f"unknown area {request.area!r}: TH, a regional office (REO08) or a province (TH-50)"
    parent = None
    if request.parent_id is not None:
        parent = comment(conn, request.parent_id)
        if parent is None or parent["deleted_at"] is not None or not reads(who, _provinces_of(conn, parent)):
            problems["parent_id"] = f"no comment with id {request.parent_id}"
        elif (parent["indicator_code"], parent["area_code"], parent["fiscal_year_be"], parent["period_no"]) != (
            request.indicator, request.area, request.fiscal_year_be, request.period_no
        ):  # fmt: skip
            problems["parent_id"] = f"comment {request.parent_id} is about another figure; reply on its own figure"
    if problems:
        raise InvalidInput(problems)
    if not reads(who, area["provinces"]):
        where = ", ".join(sorted(area["provinces"])) if area["provinces"] else "the whole country"
        raise Forbidden(f"view scope {who.view_scope} does not cover the area commented on ({where})")
    values = {
        "indicator_code": request.indicator,
        "area_level": area["level"],
        "area_code": request.area,
        "fiscal_year_be": request.fiscal_year_be,
        "period_no": request.period_no,
        "parent_id": (parent["parent_id"] or parent["id"]) if parent else None,
        "text": request.text,
        "author": who.actor[:200],
        "author_user_id": who.id if who.kind == "user" else None,
        "created_at": utc_now(),
    }
    c = schema.figure_comment
    comment_id = conn.execute(c.insert().values(values).returning(c.c.id)).scalar_one()
    audit.note(conn, area["provinces"] or (), comment=comment_id, after=values)
    return comment(conn, comment_id)


def may_withdraw(who: Principal | None, row: dict) -> bool:
    """Its author, or an administrator (or a national token, an administrator's key)."""
    return who is not None and (who.actor[:200] == row["author"] or who.can(Can.MANAGE_PEOPLE))


def withdraw_comment(conn: Connection, comment_id: int, who: Principal | None) -> dict:
    """Hide a comment (and so its thread's replies) from every list and count; the row is kept, with who and
    when. Withdrawing one already withdrawn changes nothing."""
    if refused := _refusal(who):
        raise Forbidden(refused)
    row = comment(conn, comment_id)
    if row is None or not reads(who, _provinces_of(conn, row)):
        raise NotFoundError(f"no comment with id {comment_id}")
    if not may_withdraw(who, row):
        raise Forbidden(f"only its author or an administrator withdraws comment {comment_id}")
    audit.note(conn, _provinces_of(conn, row) or (), comment=comment_id)
    if row["deleted_at"] is None:
        c = schema.figure_comment
        conn.execute(c.update().where(c.c.id == comment_id).values(deleted_at=utc_now(), deleted_by=who.actor[:200]))
        audit.note(conn, before={"text": row["text"]})
    return comment(conn, comment_id)


# --- reading ------------------------------------------------------------------------------------------------------


def _provinces_of(conn: Connection, row: dict) -> frozenset[str] | None:
    area = areas(conn).get(row["area_code"])
    return area["provinces"] if area else frozenset({row["area_code"]})


def _shown(query: sa.Select) -> sa.Select:
    """Comments not withdrawn, nor replies in a thread whose first comment was."""
    c = schema.figure_comment
    first = c.alias("first_comment")
    return query.select_from(c.outerjoin(first, c.c.parent_id == first.c.id)).where(
        c.c.deleted_at.is_(None), first.c.deleted_at.is_(None)
    )


def comment(conn: Connection, comment_id: int) -> dict | None:
    if not 0 < comment_id <= MAX_ID:
        return None
    c = schema.figure_comment
    row = conn.execute(sa.select(c).where(c.c.id == comment_id)).first()
    return dict(row._mapping) if row else None


def list_comments(
    conn: Connection,
    who: Principal | None = None,
    indicator: str | None = None,
    area: str | None = None,
    fiscal_year_be: int | None = None,
    period_no: int | None = None,
) -> list[dict]:
    """The comments `who` may read (all, if None), oldest first, matching the filters given."""
    c = schema.figure_comment
    query = _shown(sa.select(c)).order_by(c.c.created_at, c.c.id)
    for column, wanted in (
        (c.c.indicator_code, indicator), (c.c.area_code, area), (c.c.fiscal_year_be, fiscal_year_be),
        (c.c.period_no, period_no),
    ):  # fmt: skip
        if wanted is not None:
            query = query.where(column == wanted)
    rows = [dict(r._mapping) for r in conn.execute(query)]
    if who is None or who.sees_all:
        return rows
    known = areas(conn)
    return [r for r in rows if reads(who, known[r["area_code"]]["provinces"] if r["area_code"] in known else None)]


def thread(conn: Connection, indicator: str, area: str, fiscal_year_be: int) -> list[dict]:
    """A figure's threads for a fiscal year (every period): each first comment, oldest first, with its replies."""
    rows = list_comments(conn, indicator=indicator, area=area, fiscal_year_be=fiscal_year_be)
    replies: dict[int, list[dict]] = {}
    for row in rows:
        if row["parent_id"] is not None:
            replies.setdefault(row["parent_id"], []).append(row)
    return [row | {"replies": replies.get(row["id"], [])} for row in rows if row["parent_id"] is None]


def counts(
    conn: Connection, fiscal_year_be: int | None, indicator: str | None = None, area: str | None = None
) -> dict[tuple[str, str], int]:
    """{(indicator, area): how many comments} of a fiscal year, for the count beside each figure."""
    if fiscal_year_be is None:
        return {}
    c = schema.figure_comment
    query = (
        _shown(sa.select(c.c.indicator_code, c.c.area_code, sa.func.count()))
        .where(c.c.fiscal_year_be == fiscal_year_be)
        .group_by(c.c.indicator_code, c.c.area_code)
    )
    if indicator is not None:
        query = query.where(c.c.indicator_code == indicator)
    if area is not None:
        query = query.where(c.c.area_code == area)
    return {(row[0], row[1]): row[2] for row in conn.execute(query)}


def panel_view(
    conn: Connection, indicator: dict | None, area: str, fiscal_year_be: int | None, period_no: int | None
) -> dict | None:
    """What a page's comments panel needs: the figure it is about (indicator, area and its names, fiscal year,
    the period a new comment is on) and its threads; None when the page shows no figure to comment on."""
    known = areas(conn).get(area)
    if indicator is None or fiscal_year_be is None or known is None:
        return None
    return {
        "subject": {
            "indicator": indicator["code"],
            "area": area,
            "fiscal_year_be": fiscal_year_be,
            "period_no": period_no,
        },
        "indicator": indicator,
        "area": known | {"code": area},
        "threads": thread(conn, indicator["code"], area, fiscal_year_be),
    }


def write_by_hand(store, who: Principal | None, subject: dict, text: str | None, parent_id: int | None = None) -> dict:
    """A page's comment form, as typed: {"ok": True, "id"}, {"ok": False, "problems": {field: reason}} (nothing
    written) or {"ok": False, "refused": reason}; recorded in the audit trail either way."""
    if parent_id is not None:  # a reply is on its thread's figure, whichever period the page shows
        with store.read() as conn:
            parent = comment(conn, parent_id)
        if parent is not None:
            subject = {"indicator": parent["indicator_code"], "area": parent["area_code"],
                       "fiscal_year_be": parent["fiscal_year_be"], "period_no": parent["period_no"]}  # fmt: skip
    payload = {k: v for k, v in (subject or {}).items() if v is not None}
    payload |= {"text": text if isinstance(text, str) else ""}
    if parent_id is not None:
        payload["parent_id"] = parent_id
    refused = _refusal(who)
    answer: dict
    if refused is None:
        try:
            with store.write() as conn:
                made = post_comment(conn, by_hand.checked(CommentRequest, payload, {}), who)
                answer = {"ok": True, "id": made["id"]}
                audit.record(conn, who.actor, "comment", f"comment {made['id']}", "ok", answer)
            return answer
        except InvalidInput as error:
            answer = {"ok": False, "problems": error.fields}
        except (Forbidden, NotFoundError) as error:
            answer = {"ok": False, "refused": str(error)}
    else:
        answer = {"ok": False, "refused": refused}
    with store.write(bump_version=False) as conn:
        audit.record(conn, who.actor if who else "anonymous", "comment", payload.get("indicator"), "refused", answer)
    return answer


def withdraw_by_hand(store, who: Principal | None, comment_id: int) -> dict:
    """A thread's "withdraw" button: {"ok": True, "id"} or {"ok": False, "refused": reason}, audited either way."""
    refused = _refusal(who)
    if refused is None:
        try:
            with store.write() as conn:
                withdraw_comment(conn, comment_id, who)
                answer = {"ok": True, "id": comment_id}
                audit.record(conn, who.actor, "comment_withdraw", f"comment {comment_id}", "ok", answer)
            return answer
        except (Forbidden, NotFoundError) as error:
            refused = str(error)
    answer = {"ok": False, "refused": refused}
    with store.write(bump_version=False) as conn:
        audit.record(conn, who.actor if who else "anonymous", "comment_withdraw", f"comment {comment_id}", "refused",
                     answer)  # fmt: skip
    return answer


def plain(row: dict) -> dict:
    """A comment for the API, its time also in Buddhist Era words (Bangkok)."""
    return dict(row) | {"created_at_be": format_datetime_be(row["created_at"])}

"""Approval steps on results: a regional office approves its provinces' results, the ministry accepts them
nationally, and either un-approves one with a reason so that it can be corrected (cockpit/rules/approval.py).

Every function runs inside the caller's `Store.write()` transaction: a request's results take their step all
together or not at all; each step is logged (approval_log) and noted for the audit trail.
"""

from __future__ import annotations

from typing import Annotated, Literal

import sqlalchemy as sa
from annotated_types import Ge, Le
from pydantic import BaseModel, ConfigDict, Field, Strict, field_validator
from sqlalchemy.engine import Connection

from cockpit.people.access import Can, Principal
from cockpit.read import approval as approval_read
from cockpit.rules import approval
from cockpit.rules.approval import key_text
from cockpit.store import schema
from cockpit.store.database import utc_now
from cockpit.write import audit
from cockpit.write.by_hand import run_as
from cockpit.write.ingest import Code, Conflict, Forbidden, InvalidInput, Text, Year, no_null_defaults, parse

r = schema.indicator_result


class ResultKey(BaseModel):
    """One stored result: its indicator, province and period."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=no_null_defaults)
    indicator: Code
    area: Text(8, 1) = Field(description="province ISO code, e.g. TH-50")
    fiscal_year_be: Year
    period_no: Annotated[int, Strict(), Ge(1), Le(12)] = 1

    @property
    def key(self) -> tuple:
        return (self.indicator, self.area, self.fiscal_year_be, self.period_no)


class ApprovalRequest(BaseModel):
    """POST /api/v1/approvals: take one step on some results, all together or none; un-approval needs a reason."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=no_null_defaults)
    step: Literal["approve", "accept", "unapprove"] = Field(
        description="approve (the province's regional office), accept (national) or unapprove (with a reason)"
    )
    results: list[ResultKey] = Field(min_length=1, max_length=1000)
    reason: Text(2000) | None = Field(None, description="why: required to un-approve")

    @field_validator("reason")
    @classmethod
    def stripped(cls, reason: str | None) -> str | None:
        return reason.strip() if reason is not None else None


class ApprovalSettings(BaseModel):
    """PUT /api/v1/approvals/settings: the store-wide approval settings."""

    model_config = ConfigDict(extra="forbid")
    default_steps: Annotated[int, Strict(), Ge(0), Le(2)] = Field(
        description="the steps of an indicator whose catalogue row leaves approval_steps empty: 0 none, 1 regional "
        "approval, 2 then national acceptance"
    )
    hide_unapproved: Annotated[bool, Strict()] = Field(
        description="keep results not yet final off the national pages and walls"
    )


def _may(who: Principal, step: str, state: str, province: str) -> bool:
    return approval.may_take(step, state, province, who.write_scope, who.write_provinces, who.can(Can.REPORT))


def _both(key: tuple, th: str, en: str) -> str:
    """A reason in Thai and English, each naming the result."""
    return f"{key_text(key)}: {th}{approval.BILINGUAL}{key_text(key)}: {en}"


def _refusal(who: Principal, step: str, key: tuple) -> str:
    if step == approval.APPROVE:
        return _both(
            key,
            f"การรับรองผลของจังหวัดเป็นของ ศธภ. ที่ดูแลจังหวัดนั้น ซึ่ง {who.scope} ไม่ครอบคลุม",
            f"only the regional office of the province approves its results, not {who.scope}",
        )
    if step == approval.ACCEPT:
        return _both(
            key,
            "การรับรองระดับประเทศเป็นของส่วนกลาง",
            f"only a national (ministry) writer accepts results nationally, not {who.scope}",
        )
    return _both(
        key,
        "ยกเลิกการรับรองได้เฉพาะผู้ที่รับรองขั้นนั้นได้",
        f"only who may take that approval step may take it back, not {who.scope}",
    )


def take_step(conn: Connection, request: ApprovalRequest, who: Principal) -> dict:
    """Move each named result to the state the step leads to, log it, and note it for the audit trail.

    Refuses the whole request when any result is unknown (422), outside the writer's scope (403), not in a state
    the step applies to (409: already approved, awaiting the regional step, an indicator with no such step),
    or, to un-approve, when the reason is empty (422)."""
    step = request.step
    if step == approval.UNAPPROVE and not request.reason:
        raise InvalidInput(
            {"reason": f"ต้องระบุเหตุผลในการยกเลิกการรับรอง{approval.BILINGUAL}a reason is required to un-approve"}
        )
    keys = list(dict.fromkeys(item.key for item in request.results))
    settings = approval_read.settings(conn)
    i = schema.indicator
    found = {
        (row.indicator_code, row.province_code, row.fiscal_year_be, row.period_no): row
        for row in conn.execute(
            sa.select(
                r.c.indicator_code,
                r.c.province_code,
                r.c.fiscal_year_be,
                r.c.period_no,
                r.c.value,
                r.c.approval,
                r.c.approval_by,
                i.c.approval_steps,
            )
            .join(i, i.c.code == r.c.indicator_code)
            .where(
                r.c.indicator_code.in_(sorted({k[0] for k in keys})),
                r.c.province_code.in_(sorted({k[1] for k in keys})),
                r.c.fiscal_year_be.in_(sorted({k[2] for k in keys})),
            )
        )
    }
    missing = {f"results[{n}]": f"no stored result {key_text(key)}" for n, key in enumerate(keys) if key not in found}
    if missing:
        raise InvalidInput(missing, "unknown results")
    changes = []
    for key in keys:
        row = found[key]
        state = approval.state_of(row.approval)
        steps = approval.steps_of(row.approval_steps, settings["default_steps"])
        if not _may(who, step, state, key[1]):
            raise Forbidden(_refusal(who, step, key))
        to_state = approval.next_state(step, state, steps)
        if to_state is None:
            raise Conflict(_not_applicable(step, key, state, steps, row.approval_by))
        changes.append((key, state, to_state, row.value))
    now, actor = utc_now(), who.actor[:200]
    for key, _state, to_state, _value in changes:
        conn.execute(
            r.update()
            .where(*(r.c[name] == part for name, part in zip(approval_read.KEY, key, strict=True)))
            .values(
                approval=None if to_state == approval.REPORTED else to_state,
                approval_at=None if to_state == approval.REPORTED else now,
                approval_by=None if to_state == approval.REPORTED else actor,
            )
        )
    conn.execute(
        schema.approval_log.insert(),
        [
            dict(zip(approval_read.KEY, key, strict=True))
            | {
                "step": step,
                "from_state": state,
                "to_state": to_state,
                "value": value,
                "changed_at": now,
                "changed_by": actor,
                "reason": request.reason or None,
            }
            for key, state, to_state, value in changes
        ],
    )
    audit.note(
        conn,
        {key[1] for key, *_ in changes},
        approval={"step": step, "reason": request.reason or None},
        rows=[{"result": key_text(key), "before": state, "after": to_state} for key, state, to_state, _ in changes],
    )
    return {
        "step": step,
        "results": [{"result": key_text(key), "from": state, "to": to_state} for key, state, to_state, _ in changes],
    }


def _not_applicable(step: str, key: tuple, state: str, steps: int, by: str | None) -> str:
    """Why a step does not apply to a result in this state, in Thai and English."""
    if steps == 0 and step != approval.UNAPPROVE:
        return _both(key, "ตัวชี้วัดนี้ไม่ต้องรับรองผล", "this indicator's results need no approval")
    if step == approval.APPROVE:
        return _both(key, f"รับรองแล้วโดย {by}", f"already {state} by {by}")
    if step == approval.ACCEPT and steps < 2:
        return _both(key, "ตัวชี้วัดนี้รับรองขั้นเดียว (ศธภ.)", "this indicator asks for regional approval only")
    if step == approval.ACCEPT and state == approval.ACCEPTED:
        return _both(key, f"ส่วนกลางรับรองแล้วโดย {by}", f"already accepted by {by}")
    if step == approval.ACCEPT:
        return _both(key, "ต้องให้ ศธภ. รับรองก่อน", "awaits the regional office's approval first")
    return _both(key, "ยังไม่ได้รับรอง จึงยกเลิกไม่ได้", "is not approved, there is nothing to un-approve")


def take_step_by_hand(store, who: Principal | None, step: str, key: tuple, reason: str | None = None) -> dict:
    """One approval step from a page's button, as the signed-in person (the API's rules, scope checks and audit);
    {"ok": True, …} when taken, else why not."""
    payload = {
        "step": step,
        "results": [dict(zip(("indicator", "area", "fiscal_year_be", "period_no"), key, strict=True))],
        "reason": reason,
    }

    def write(conn):
        return take_step(conn, parse(ApprovalRequest, payload), who)

    return run_as(store, who, f"approval_{step}", key_text(key), write)

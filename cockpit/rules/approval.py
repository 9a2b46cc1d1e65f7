"""Approval of results, as rules: a province reports a result, its regional office approves it, and — when an
indicator asks for two steps — the ministry accepts it nationally. Until a result has taken every step its
indicator asks for it is not final: its own offices see it marked, and (as a setting says) the national pages
and walls leave it out. A result that has taken a step is locked until it is un-approved with a reason.

Pure rules only: the store keeps each result's state (`indicator_result.approval`, NULL for reported) and the
log; cockpit/write/approval.py applies these rules, cockpit/read/queries.py filters by them in SQL.
"""

from __future__ import annotations

import datetime as dt

from cockpit.rules.thai_time import format_datetime_be

REPORTED, APPROVED, ACCEPTED = "reported", "approved", "accepted"
STATES = (REPORTED, APPROVED, ACCEPTED)
# How many steps each state has taken.
LEVEL = {REPORTED: 0, APPROVED: 1, ACCEPTED: 2}

APPROVE, ACCEPT, UNAPPROVE = "approve", "accept", "unapprove"
STEPS = (APPROVE, ACCEPT, UNAPPROVE)
STEP_COUNTS = (0, 1, 2)

# The store-wide settings (schema_info keys): the steps of an indicator whose catalogue row leaves them empty,
# and whether results not yet final are kept off the national pages and walls.
DEFAULT_STEPS_KEY = "approval_steps"
HIDE_UNAPPROVED_KEY = "approval_hides_unapproved"
DEFAULT_STEPS = 0

STATE_NAMES = {
    REPORTED: ("รอรับรอง", "awaiting approval"),
    APPROVED: ("ศธภ. รับรองแล้ว", "approved by the regional office"),
    ACCEPTED: ("ส่วนกลางรับรองแล้ว", "accepted nationally"),
}


def state_of(approval: str | None) -> str:
    """A stored approval column as a state: NULL is reported."""
    return approval if approval in (APPROVED, ACCEPTED) else REPORTED


def steps_of(indicator_steps: int | None, default_steps: int) -> int:
    """The steps an indicator asks for: its own, or the store-wide setting when its catalogue row is empty."""
    return default_steps if indicator_steps is None else indicator_steps


def is_final(state: str, steps: int) -> bool:
    """Whether a result has taken every step its indicator asks for (always, when it asks for none)."""
    return LEVEL[state] >= steps


def next_state(step: str, state: str, steps: int) -> str | None:
    """The state a step leads to from `state`, or None when the step does not apply: approval needs a result
    awaiting it, acceptance an approved result of a two-step indicator, un-approval a result that took a step."""
    if step == APPROVE and steps >= 1 and state == REPORTED:
        return APPROVED
    if step == ACCEPT and steps >= 2 and state == APPROVED:
        return ACCEPTED
    if step == UNAPPROVE and state in (APPROVED, ACCEPTED):
        return REPORTED
    return None


def may_take(
    step: str, state: str, province: str, write_scope: str | None, write_provinces, reports: bool = True
) -> bool:
    """Who may take a step on a province's result. Regional approval: the people of a regional office whose
    write scope covers the province. National acceptance: a national writer (the ministry). Un-approval: whoever
    may take back the step the result last took (a national writer any). `write_provinces` None: all of them."""
    if write_scope is None or not reports:
        return False
    national = write_provinces is None
    regional = write_scope.startswith("region:") and province in (write_provinces or ())
    if step == APPROVE:
        return regional
    if step == ACCEPT:
        return national
    return national or (state == APPROVED and regional)


def is_locked(approval: str | None) -> bool:
    """A result that has taken an approval step may not change until it is un-approved."""
    return state_of(approval) != REPORTED


def key_text(key: tuple) -> str:
    """One result's key as the log and messages show it: JI24 TH-50 2568/1."""
    return f"{key[0]} {key[1]} {key[2]}/{key[3]}"


def locked_reason(key: tuple, approval: str | None, by: str | None, at: dt.datetime | None) -> tuple[str, str]:
    """Why a write to an approved value is refused, (Thai, English): the step it took, who took it and when."""
    th, en = STATE_NAMES[state_of(approval)]
    when_th = f" เมื่อ {format_datetime_be(at)}" if at is not None else ""
    when_en = f" at {format_datetime_be(at, 'en')}" if at is not None else ""
    return f"{key_text(key)} {th}โดย {by}{when_th}", f"{key_text(key)} is {en} by {by}{when_en}"


# A refusal said in both languages, Thai first: the API answers with both, a page shows its own
# (layouts/reasons.py).
BILINGUAL = " / "


def locked_refusal(reasons: list[tuple[str, str]], shown: int = 5) -> str:
    """The refusal of a write that would change approved results: how many, the first few, in both languages."""
    more_th = f" (และอีก {len(reasons) - shown:,} รายการ)" if len(reasons) > shown else ""
    more_en = f" (and {len(reasons) - shown:,} more)" if len(reasons) > shown else ""
    th = "; ".join(r[0] for r in reasons[:shown])
    en = "; ".join(r[1] for r in reasons[:shown])
    return (
        f"ผลที่รับรองแล้ว {len(reasons):,} รายการถูกล็อก ต้องยกเลิกการรับรองพร้อมเหตุผลก่อนแก้ไข ไม่ได้บันทึกสิ่งใด: "
        f"{th}{more_th}{BILINGUAL}{len(reasons):,} approved result(s) locked; un-approve them with a reason before "
        f"changing them; nothing was written: {en}{more_en}"
    )

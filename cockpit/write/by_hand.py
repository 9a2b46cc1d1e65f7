"""Writes a signed-in person makes in the browser's forms — a crisis report, a step of its lifecycle, results
typed into a grid — through the same models and functions as the API (cockpit/write/ingest.py), as that
person, recorded in the audit trail whether they went in or were refused.

Forms send text; it becomes figures here the deliberate way files are read (cockpit/write/figures.py), so "๑๒"
or "1_000" is refused with a reason instead of guessed at. Each function answers plain data: {"ok": True, …},
{"ok": False, "problems": {field: reason}} (nothing written, every bad field named) or {"ok": False,
"refused": reason} (outside the write scope, a role that cannot report, a change the lifecycle forbids).
"""

from __future__ import annotations

import datetime as dt
import re

from cockpit.errors import CockpitError
from cockpit.people.access import Can, Principal
from cockpit.rules.thai_time import BANGKOK, ce_year
from cockpit.write import audit, figures, ingest

COUNT_FIELDS = (
    "schools_affected",
    "schools_closed",
    "students_affected",
    "staff_affected",
    "injuries",
    "deaths",
    "shelter_schools",
)
TEXT_FIELDS = ("help_given", "description", "reporter", "note", "title")
# A moment as people write it: day/month/year BE and Bangkok time, e.g. "3/12/2569 16:30".
MOMENT = re.compile(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2})[:.](\d{2}))?\s*")


def parse_moment_be(text: str) -> dt.datetime:
    """'3/12/2569 16:30' (Bangkok time, Buddhist Era year) as an aware datetime; ValueError saying how to write it."""
    match = MOMENT.fullmatch(text or "")
    if not match:
        raise ValueError(f"{text!r} is not a date and time; write day/month/year BE hour:minute, e.g. 3/12/2569 16:30")
    day, month, year, hour, minute = (int(g) if g else 0 for g in match.groups())
    try:
        return dt.datetime(ce_year(year), month, day, hour, minute, tzinfo=BANGKOK)
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a date of the calendar") from None


def _payload(form: dict, fields: tuple[str, ...]) -> tuple[dict, dict[str, str]]:
    """The form's values as the API's JSON would carry them; text that is not a figure is a problem, not a guess.
    Blank fields are left out (on an update: left as they are)."""
    payload, problems = {}, {}
    for field in fields:
        raw = form.get(field)
        if raw is None or (isinstance(raw, str | list) and not raw) or (isinstance(raw, str) and not raw.strip()):
            continue
        try:
            if field in COUNT_FIELDS or field == "severity":
                payload[field] = raw if isinstance(raw, int) else figures.parse_whole(str(raw))
            elif field == "damage_thb":
                payload[field] = float(raw) if isinstance(raw, int | float) else figures.parse_number(str(raw))
            elif field == "occurred_at":
                payload[field] = parse_moment_be(str(raw))
            else:
                payload[field] = raw.strip() if field in TEXT_FIELDS else raw
        except ValueError as error:
            problems[field] = str(error)
    return payload, problems


def checked(model, payload: dict, problems: dict[str, str]):
    """The API's model of the form's payload; every problem, the form's reading of text and the model's rules
    together (a field that could not be read is named for that, not as missing)."""
    try:
        parsed = ingest.parse(model, payload)
    except ingest.InvalidInput as error:
        raise ingest.InvalidInput(problems | {k: v for k, v in error.fields.items() if k not in problems}) from None
    if problems:
        raise ingest.InvalidInput(problems)
    return parsed


def _refusal(who: Principal | None) -> str | None:
    if who is None or who.kind in ("public", "device"):
        return "sign in to write"
    if not who.can(Can.REPORT) or who.write_scope is None:
        return f"{who.actor} may not report (no write scope)"
    return None


def run_as(store, who: Principal | None, action: str, subject: str, write) -> dict:
    """One write as this person in one transaction; refusals of every kind are kept in the audit trail."""
    refused = _refusal(who)
    answer: dict
    if refused is None:
        try:
            with store.write() as conn:
                answer = {"ok": True} | write(conn)
                audit.record(conn, who.actor, action, subject, "ok", answer)
            return answer
        except ingest.InvalidInput as error:
            answer = {"ok": False, "problems": error.fields, "total": error.total}
        except (ingest.Forbidden, ingest.Conflict, ingest.NotFoundError) as error:
            answer = {"ok": False, "refused": str(error)}
        except CockpitError as error:
            answer = {"ok": False, "refused": str(error)}
    else:
        answer = {"ok": False, "refused": refused}
    with store.write(bump_version=False) as conn:
        audit.record(conn, who.actor if who else "anonymous", action, subject, "refused", answer)
    return answer


REPORT_FIELDS = (
    "type",
    "severity",
    "title",
    "provinces",
    "service_areas",
    "occurred_at",
    *COUNT_FIELDS,
    "damage_thb",
    "learning_mode",
    "help_given",
    "description",
    "reporter",
)


def report_crisis(store, who: Principal | None, form: dict) -> dict:
    """A new crisis report from the form; {"ok": True, "id": …} when stored."""
    payload, problems = _payload(form, REPORT_FIELDS)

    def write(conn):
        return {"id": ingest.create_crisis(conn, checked(ingest.CrisisReport, payload, problems), who)}

    return run_as(store, who, "crisis_report", form.get("title") or "", write)


UPDATE_FIELDS = ("status", "severity", *COUNT_FIELDS, "damage_thb", "learning_mode", "help_given", "note")


def update_crisis(store, who: Principal | None, crisis_id: int, form: dict) -> dict:
    """A lifecycle step and/or changed figures of one crisis; {"ok": True, "status": …} when stored."""
    payload, problems = _payload(form, UPDATE_FIELDS)

    def write(conn):
        update = checked(ingest.CrisisUpdate, payload, problems)
        event = ingest.update_crisis(conn, crisis_id, update, who)
        return {"id": crisis_id, "status": event["status"], "severity": event["severity"]}

    return run_as(store, who, "crisis_update", f"crisis {crisis_id}", write)


def enter_results(
    store, who: Principal | None, indicator_code: str, fiscal_year: int, period_no: int, rows: list[dict]
) -> dict:
    """Results typed for one indicator and period, a row per province (`area`, and `value` or `numerator` and
    `denominator` as typed text). Like POST /api/v1/results: all rows or none — one bad row stops the batch,
    and every bad row is named by its province code. Rows left blank are not sent."""
    typed = [
        {
            "indicator": indicator_code,
            "area": row["area"],
            "fiscal_year_be": fiscal_year,
            "period_no": period_no,
        }
        | {f: row[f] for f in ("value", "numerator", "denominator") if str(row.get(f) or "").strip()}
        for row in rows
    ]
    typed = [t for t in typed if len(t) > 4]

    def write(conn):
        if not typed:
            raise ingest.InvalidInput({"body": "no figure typed"})
        checked = ingest.check_results(
            conn, typed, [t["area"] for t in typed], model=ingest.ImportedResult, what="province"
        )
        counts = ingest.write_results(conn, checked, who, "entry")
        return counts | {"provinces": [t["area"] for t in typed]}

    return run_as(store, who, "results_entry", f"{indicator_code} {fiscal_year}/{period_no}", write)

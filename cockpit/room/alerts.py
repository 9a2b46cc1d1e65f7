"""Alerts: the room is told when something needs it — an area's status on an indicator enters red (or orange), a
crisis is reported, escalated to a severity or left without an update for some hours, a value is marked "to check".

Rules and recipients are data an administrator sets. Evaluation compares what holds now with the alerts still
open: a condition that begins to hold fires one alert (and one delivery per recipient whose scope it concerns); one
that stops holding is cleared, so it fires again if it comes back. "Once per condition" is decided by the store: an
open alert keeps its rule and condition in the unique column `open_key`, so two workers evaluating at once insert
it once (INSERT … ON CONFLICT DO NOTHING), on DuckDB and PostgreSQL alike. Sending is cockpit/room/delivery.py's.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal
from urllib.parse import urlsplit

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field, Strict
from sqlalchemy.dialects.postgresql import insert as upsert
from sqlalchemy.engine import Connection

from cockpit.read import checks, crises, queries
from cockpit.rules.thai_time import format_datetime_be
from cockpit.store import schema
from cockpit.store.database import Store, get_info, set_info, utc_now
from cockpit.write import audit
from cockpit.write.ingest import Code, Conflict, InvalidInput, NotFoundError, Text, no_null_defaults

KINDS = ("status_enters", "crisis_reported", "crisis_escalated", "crisis_stale", "value_to_check")
KIND_NAMES = {
    "status_enters": ("สถานะของพื้นที่เข้าสู่สีแดง/สีส้ม", "An area's status enters red / orange"),
    "crisis_reported": ("มีการรายงานภาวะวิกฤติ", "A crisis is reported"),
    "crisis_escalated": ("ภาวะวิกฤติยกระดับความรุนแรง", "A crisis is escalated"),
    "crisis_stale": ("ภาวะวิกฤติไม่มีการอัปเดต", "A crisis is not updated"),
    "value_to_check": ("มีค่าที่ต้องตรวจสอบ", "A value is marked to check"),
}
LEVELS = ("red", "orange")
RECIPIENT_KINDS = ("webhook", "email")
MAX_ADDRESS = 1000
MAX_HOURS = 24 * 90
FEED_ROWS = 12
SMTP_HOST, SMTP_PORT, SMTP_FROM = "smtp_host", "smtp_port", "smtp_from"
SMTP_USER, SMTP_PASSWORD, SMTP_SECURITY = "smtp_username", "smtp_password", "smtp_security"
# none: plain SMTP; starttls: upgrade the connection (port 587); ssl: TLS from the first byte (port 465).
SMTP_SECURITIES = ("none", "starttls", "ssl")
MAX_SMTP_TEXT = 200
EMAIL = re.compile(
    r"^[^@\s<>(),;:\"\[\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)

r_, p_, a_, d_ = schema.alert_rule, schema.alert_recipient, schema.alert, schema.alert_delivery


# --- what the API takes (cockpit/web/alerts_api.py); add_rule and add_recipient check the rest -----------------

AreaCode = Text(16, 0)


class AlertRuleRequest(BaseModel):
    """POST /api/v1/alerts/rules: a rule's kind says which of level, severity and hours it needs."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=no_null_defaults)
    kind: Literal[KINDS] = Field(
        description="status_enters, crisis_reported, crisis_escalated, crisis_stale, value_to_check"
    )
    level: Literal[LEVELS] | None = Field(None, description="status_enters: red, or orange (orange or red)")
    severity: Annotated[int, Strict(), Field(ge=1, le=4)] | None = Field(
        None, description="crisis_escalated: fires at this DDPM level or above"
    )
    hours: Annotated[int, Strict(), Field(ge=1, le=MAX_HOURS)] | None = Field(
        None, description="crisis_stale: fires when a crisis has had no update for this long"
    )
    indicator_code: Code | None = Field(None, description="status_enters or value_to_check: only this indicator")
    area_code: AreaCode | None = Field(None, description="a region (REO08) or province (TH-50); left out: nationwide")


class AlertRecipientRequest(BaseModel):
    """POST /api/v1/alerts/recipients."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=no_null_defaults)
    kind: Literal[RECIPIENT_KINDS] = Field(description="webhook (a JSON POST) or email")
    address: Text(MAX_ADDRESS, 1) = Field(description="an http(s) URL or an e-mail address")
    area_code: AreaCode | None = Field(None, description="the office's region or province; left out: every alert")


class SmtpRequest(BaseModel):
    """PUT /api/v1/alerts/smtp: the SMTP server. A password left out keeps the stored one; it is never sent back."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=no_null_defaults)
    host: Text(MAX_SMTP_TEXT) = Field(description="host name or address; empty: no e-mail")
    port: Annotated[int, Strict(), Field(ge=1, le=65535)] = 25
    sender: Text(MAX_SMTP_TEXT) = Field("", description="the From address, e.g. cockpit@moe.go.th")
    security: Literal[SMTP_SECURITIES] | None = Field(None, description="none, starttls or ssl; left out: as stored")
    username: Text(MAX_SMTP_TEXT) | None = Field(None, description="the login; empty: none; left out: as stored")
    password: Text(MAX_SMTP_TEXT) | None = Field(None, description="left out: as stored; never shown back")


class AlertSwitch(BaseModel):
    """PATCH /api/v1/alerts/rules/{id} or /recipients/{id}: turn it off or on again (nothing is deleted)."""

    model_config = ConfigDict(extra="forbid")
    enabled: Annotated[bool, Strict()]


# --- what an administrator sets ------------------------------------------------------------------------------------


def _area_provinces(conn: Connection) -> dict[str, frozenset[str]]:
    """{region or province code: its provinces} for every area a rule or recipient may be scoped to."""
    out = {r["code"]: frozenset(r["provinces"]) for r in queries.regions(conn)}
    out |= {p["code"]: frozenset({p["code"]}) for p in queries.provinces(conn)}
    return out


def _scope_areas(conn: Connection, area_code: str | None) -> frozenset[str]:
    """The provinces an audit entry names for a rule or recipient of this scope (none: nationwide)."""
    return _area_provinces(conn).get(area_code, frozenset()) if area_code else frozenset()


def _check_area(conn: Connection, area_code: str | None, problems: dict[str, str]) -> str | None:
    area_code = (area_code or "").strip() or None
    if area_code is not None and area_code not in _area_provinces(conn):
        problems["area_code"] = f"no region or province has the code {area_code!r} (REO08, TH-50; empty: nationwide)"
    return area_code


def add_rule(
    conn: Connection,
    kind: str,
    by: str,
    level: str | None = None,
    severity: int | None = None,
    hours: int | None = None,
    indicator_code: str | None = None,
    area_code: str | None = None,
) -> int:
    """A new enabled rule; InvalidInput names each field that is wrong (a rule's kind says which it needs)."""
    problems: dict[str, str] = {}
    if kind not in KINDS:
        problems["kind"] = f"must be one of {', '.join(KINDS)}"
    if kind == "status_enters" and level not in LEVELS:
        problems["level"] = "must be red or orange (orange: orange or red)"
    if kind == "crisis_escalated" and (not isinstance(severity, int) or not 1 <= severity <= 4):
        problems["severity"] = "must be a DDPM level from 1 to 4"
    if kind == "crisis_stale" and (not isinstance(hours, int) or not 1 <= hours <= MAX_HOURS):
        problems["hours"] = f"must be a whole number of hours from 1 to {MAX_HOURS}"
    indicator_code = (indicator_code or "").strip() or None
    if indicator_code is not None:
        if kind not in ("status_enters", "value_to_check"):
            problems["indicator_code"] = "only a status or a value-to-check rule is about one indicator"
        elif indicator_code not in {i["code"] for i in queries.indicators(conn)}:
            problems["indicator_code"] = f"no indicator has the code {indicator_code!r}"
    area_code = _check_area(conn, area_code, problems)
    if problems:
        raise InvalidInput(problems, "this alert rule cannot be saved")
    rule_id = conn.execute(
        r_.insert()
        .values(
            kind=kind,
            level=level if kind == "status_enters" else None,
            severity=severity if kind == "crisis_escalated" else None,
            hours=hours if kind == "crisis_stale" else None,
            indicator_code=indicator_code,
            area_code=area_code,
            enabled=True,
            created_at=utc_now(),
            created_by=by,
        )
        .returning(r_.c.id)
    ).scalar_one()
    detail = {"kind": kind, "level": level, "severity": severity, "hours": hours, "indicator": indicator_code}
    audit.record(conn, by, "alert_rule_add", str(rule_id), detail=detail, areas=_scope_areas(conn, area_code))
    return rule_id


def check_address(kind: str, address: str) -> str | None:
    """Why an address is refused, or None: a webhook is an http(s) URL with a host, an e-mail a plain address."""
    if len(address) > MAX_ADDRESS:
        return f"is longer than {MAX_ADDRESS} characters"
    if kind == "webhook":
        parts = urlsplit(address)
        if parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in address):
            return "must be an http:// or https:// URL with a host, e.g. https://hooks.example.go.th/cockpit"
        return None
    if not EMAIL.match(address):
        return "must be an e-mail address such as office@moe.go.th"
    return None


def add_recipient(conn: Connection, kind: str, address: str, by: str, area_code: str | None = None) -> int:
    """A new enabled recipient of the alerts in its scope (area_code None: every alert)."""
    problems: dict[str, str] = {}
    address = (address or "").strip()
    if kind not in RECIPIENT_KINDS:
        problems["kind"] = "must be webhook or email"
    elif why := check_address(kind, address):
        problems["address"] = why
    area_code = _check_area(conn, area_code, problems)
    if problems:
        raise InvalidInput(problems, "this recipient cannot be saved")
    recipient_id = conn.execute(
        p_.insert()
        .values(kind=kind, address=address, area_code=area_code, enabled=True, created_at=utc_now(), created_by=by)
        .returning(p_.c.id)
    ).scalar_one()
    detail = {"kind": kind, "address": address}
    audit.record(conn, by, "alert_recipient_add", str(recipient_id), detail=detail, areas=_scope_areas(conn, area_code))
    return recipient_id


def set_enabled(conn: Connection, what: str, item_id: int, enabled: bool, by: str) -> None:
    """Turn a rule or a recipient off (or on again); nothing is deleted. A rule turned off stops holding at the next
    evaluation, which clears its open alerts; a recipient turned off is sent nothing more (attempts already due
    still go). InvalidInput names the field when there is no such rule or recipient."""
    table = {"rule": r_, "recipient": p_}.get(what)
    if table is None:
        raise InvalidInput({"what": "must be rule or recipient"}, "nothing was changed")
    found = conn.execute(sa.select(table.c.id).where(table.c.id == item_id)).first()
    if found is None:
        raise InvalidInput({"id": f"no {what} with id {item_id}"}, "nothing was changed")
    conn.execute(table.update().where(table.c.id == item_id).values(enabled=enabled))
    action = f"alert_{what}_{'on' if enabled else 'off'}"
    audit.record(conn, by, action, str(item_id), detail={"enabled": enabled})


def rules(conn: Connection) -> list[dict]:
    return [dict(row._mapping) for row in conn.execute(sa.select(r_).order_by(r_.c.id))]


def recipients(conn: Connection) -> list[dict]:
    return [dict(row._mapping) for row in conn.execute(sa.select(p_).order_by(p_.c.id))]


# --- the SMTP server, a setting kept in the store (every worker sees the same) ------------------------------------


def smtp_settings(conn: Connection) -> dict | None:
    """{"host", "port", "sender", "username", "password", "security"} of the SMTP server, or None when e-mail is
    not set up. The password is for delivery only: pages and API answers take smtp_shown."""
    host = get_info(conn, SMTP_HOST)
    if not host:
        return None
    return {
        "host": host,
        "port": int(get_info(conn, SMTP_PORT) or 25),
        "sender": get_info(conn, SMTP_FROM) or "",
        "username": get_info(conn, SMTP_USER) or "",
        "password": get_info(conn, SMTP_PASSWORD) or "",
        "security": get_info(conn, SMTP_SECURITY) or "none",
    }


def smtp_shown(conn: Connection) -> dict | None:
    """The SMTP settings as a page or the API shows them: whether a password is set, never the password."""
    settings = smtp_settings(conn)
    if settings is None:
        return None
    password = settings.pop("password")
    return settings | {"password_set": bool(password)}


def set_smtp(
    conn: Connection,
    host: str,
    port: int,
    sender: str,
    username: str | None = None,
    password: str | None = None,
    security: str | None = None,
    by: str | None = None,
) -> None:
    """Set (host empty: unset) the SMTP server that e-mails alerts; audited when `by` names who did. `username`,
    `password` and `security` None keep what is stored (a form never shows the password back, so an empty field
    keeps it); an empty username signs in no more and forgets the password. The password is kept as it is: the
    cockpit must hand it to the server; it never leaves the store but to it."""
    problems: dict[str, str] = {}
    host = (host or "").strip()
    if len(host) > MAX_SMTP_TEXT or any(c.isspace() for c in host):
        problems["smtp_host"] = f"must be a host name or address without spaces, at most {MAX_SMTP_TEXT} characters"
    if not isinstance(port, int) or not 0 < port < 65536:
        problems["smtp_port"] = "must be a port number from 1 to 65535"
    if host and check_address("email", (sender or "").strip()):
        problems["smtp_from"] = "must be an e-mail address such as cockpit@moe.go.th"
    if security is not None and security not in SMTP_SECURITIES:
        problems["smtp_security"] = f"must be one of {', '.join(SMTP_SECURITIES)}"
    if username is not None and (len(username.strip()) > MAX_SMTP_TEXT or "\x00" in username):
        problems["smtp_username"] = f"must be at most {MAX_SMTP_TEXT} characters"
    if password is not None and (len(password) > MAX_SMTP_TEXT or "\x00" in password):
        problems["smtp_password"] = f"must be at most {MAX_SMTP_TEXT} characters"
    login = (username if username is not None else get_info(conn, SMTP_USER) or "").strip()
    secured = security if security is not None else get_info(conn, SMTP_SECURITY) or "none"
    if host and login and secured == "none" and "smtp_security" not in problems:
        problems["smtp_security"] = "a login needs STARTTLS or SSL/TLS: its password would cross the network in clear"
    if problems:
        raise InvalidInput(problems, "SMTP not saved")
    set_info(conn, SMTP_HOST, host)
    set_info(conn, SMTP_PORT, str(port))
    set_info(conn, SMTP_FROM, (sender or "").strip())
    if security is not None:
        set_info(conn, SMTP_SECURITY, security)
    if username is not None:
        set_info(conn, SMTP_USER, username.strip())
        if not username.strip():
            set_info(conn, SMTP_PASSWORD, "")
    if password and (username is None or username.strip()):
        set_info(conn, SMTP_PASSWORD, password)
    if by is not None:
        detail = smtp_shown(conn) or {"host": ""}
        audit.record(
            conn, by, "alert_smtp_change", detail.get("host") or None, detail=detail | {"new_password": bool(password)}
        )


# --- what holds now --------------------------------------------------------------------------------------------------

_LEVEL_WORDS = {"red": ("สีแดง (วิกฤติ)", "red (critical)"), "orange": ("สีส้ม (เสี่ยง)", "orange (at risk)")}


def _status_conditions(conn: Connection, rule: dict, cache: dict) -> list[dict]:
    if "table" not in cache:
        year = queries.default_fiscal_year(conn)["fiscal_year_be"]
        cache["year"] = year
        cache["table"] = queries.results_table(conn, "province", year) if year else {}
        cache["indicators"] = {i["code"]: i for i in queries.indicators(conn)}
    year, out = cache["year"], []
    wanted = ("red",) if rule["level"] == "red" else ("red", "orange")
    for code, rows in cache["table"].items():
        if rule["indicator_code"] and code != rule["indicator_code"]:
            continue
        ind = cache["indicators"][code]
        for row in rows:
            if row["status"] not in wanted:
                continue
            th, en = _LEVEL_WORDS[row["status"]]
            out.append(
                {
                    "key": f"status:{code}:{row['area']}:{year}",
                    "subject_kind": "indicator",
                    "subject_code": f"/province/{row['area']}",
                    "provinces": frozenset({row["area"]}),
                    "level": row["status"],
                    "message_th": f"{row['name_th']}: {ind['name_th']} อยู่ในสถานะ{th} ปีงบประมาณ {year}",
                    "message_en": f"{row['name_en']}: {ind['name_en']} is {en}, fiscal year {year}",
                }
            )
    return out


def _crisis_conditions(conn: Connection, rule: dict, now: dt.datetime, cache: dict) -> list[dict]:
    if "crises" not in cache:
        cache["crises"] = crises.list_crises(conn, statuses=crises.OPEN_STATUSES)
    out = []
    for event in cache["crises"]:
        type_th, type_en = crises.TYPES.get(event["type"], (event["type"], event["type"]))
        base = {
            "subject_kind": "crisis",
            "subject_code": f"/crisis/{event['id']}",
            "provinces": frozenset(event["provinces"]),
            "level": "red" if event["severity"] >= 3 else "orange",
        }
        title = event["title"]
        if rule["kind"] == "crisis_reported":
            out.append(
                base
                | {
                    "key": f"crisis:{event['id']}",
                    "message_th": f"รายงานภาวะวิกฤติใหม่ ({type_th}, ระดับ {event['severity']}): {title}",
                    "message_en": f"Crisis reported ({type_en}, level {event['severity']}): {title}",
                }
            )
        elif rule["kind"] == "crisis_escalated" and event["severity"] >= rule["severity"]:
            out.append(
                base
                | {
                    "key": f"crisis_severity:{event['id']}",
                    "level": "red",
                    "message_th": f"ภาวะวิกฤติอยู่ที่ระดับ {event['severity']} (ตั้งแต่ระดับ {rule['severity']}): {title}",
                    "message_en": f"Crisis at level {event['severity']} (level {rule['severity']} or more): {title}",
                }
            )
        elif rule["kind"] == "crisis_stale" and event["updated_at"] <= now - dt.timedelta(hours=rule["hours"]):
            when_th, when_en = format_datetime_be(event["updated_at"]), format_datetime_be(event["updated_at"], "en")
            out.append(
                base
                | {
                    "key": f"crisis_stale:{event['id']}:{event['updated_at'].isoformat()}",
                    "message_th": f"ภาวะวิกฤติไม่มีการอัปเดตเกิน {rule['hours']} ชั่วโมง (ล่าสุด {when_th}): {title}",
                    "message_en": f"Crisis not updated for over {rule['hours']} hours (last {when_en}): {title}",
                }
            )
    return out


def _to_check_conditions(conn: Connection, rule: dict, cache: dict) -> list[dict]:
    if "to_check" not in cache:
        cache["to_check"] = checks.values_to_check(conn, limit=100_000)
    out = []
    for flag in cache["to_check"]:
        if rule["indicator_code"] and flag["indicator"] != rule["indicator_code"]:
            continue
        period = f"{flag['fiscal_year_be']}/{flag['period_no']}"
        area_th, area_en = flag["area_name_th"] or flag["area"], flag["area_name_en"] or flag["area"]
        name_th, name_en = (
            flag["indicator_name_th"] or flag["indicator"],
            flag["indicator_name_en"] or flag["indicator"],
        )
        out.append(
            {
                "key": f"check:{flag['indicator']}:{flag['area']}:{period}:{flag['rule']}",
                "subject_kind": "value",
                "subject_code": f"/province/{flag['area']}",
                "provinces": frozenset({flag["area"]}),
                "level": "orange",
                "message_th": f"{area_th}: ค่าของ {name_th} ({period}) ต้องตรวจสอบ — {flag['condition']}",
                "message_en": f"{area_en}: the value of {name_en} ({period}) is to check — {flag['condition']}",
            }
        )
    return out


def conditions(conn: Connection, now: dt.datetime | None = None) -> dict[str, dict]:
    """{open key: condition} for every enabled rule: what should have an open alert now."""
    now = now or utc_now()
    enabled = [rule for rule in rules(conn) if rule["enabled"]]
    if not enabled:
        return {}
    areas = _area_provinces(conn)
    cache: dict = {}
    held: dict[str, dict] = {}
    for rule in enabled:
        if rule["kind"] == "status_enters":
            found = _status_conditions(conn, rule, cache)
        elif rule["kind"] == "value_to_check":
            found = _to_check_conditions(conn, rule, cache)
        else:
            found = _crisis_conditions(conn, rule, now, cache)
        scope = areas.get(rule["area_code"]) if rule["area_code"] else None
        for condition in found:
            if scope is not None and not condition["provinces"] & scope:
                continue
            held[f"{rule['id']}|{condition['key']}"[:240]] = condition | {"rule_id": rule["id"]}
    return held


# --- firing and clearing ---------------------------------------------------------------------------------------------


def _areas_text(provinces: frozenset[str]) -> str | None:
    return f",{','.join(sorted(provinces))}," if provinces else None


def areas_of(text: str | None) -> frozenset[str] | None:
    return frozenset(text.strip(",").split(",")) if text else None


def _recipients_for(conn: Connection, provinces: frozenset[str]) -> list[int]:
    """The enabled recipients whose scope the alert concerns: a national one gets every alert, an office's only
    alerts about its provinces."""
    areas = _area_provinces(conn)
    out = []
    for row in conn.execute(sa.select(p_.c.id, p_.c.area_code).where(p_.c.enabled.is_(True)).order_by(p_.c.id)):
        if row.area_code is None or (provinces & areas.get(row.area_code, frozenset())):
            out.append(row.id)
    return out


def fire(conn: Connection, open_key: str, condition: dict, now: dt.datetime) -> int | None:
    """Open one alert and schedule its deliveries, unless the condition already has an open alert (then None)."""
    alert_id = conn.execute(
        upsert(a_)
        .values(
            rule_id=condition["rule_id"],
            condition_key=condition["key"][:200],
            open_key=open_key,
            subject_kind=condition["subject_kind"],
            subject_code=condition["subject_code"],
            areas=_areas_text(condition["provinces"]),
            level=condition["level"],
            message_th=condition["message_th"],
            message_en=condition["message_en"],
            fired_at=now,
        )
        .on_conflict_do_nothing(index_elements=["open_key"])
        .returning(a_.c.id)
    ).scalar_one_or_none()
    if alert_id is None:
        return None
    for recipient_id in _recipients_for(conn, condition["provinces"]):
        conn.execute(
            d_.insert().values(
                alert_id=alert_id, recipient_id=recipient_id, attempt=1, status="due", next_attempt_at=now
            )
        )
    return alert_id


def evaluate(store: Store, now: dt.datetime | None = None) -> dict[str, list[int]]:
    """Fire what began to hold and clear what stopped; {"fired": ids, "cleared": ids}. Reads first and writes only
    when something changed, so that an evaluation with nothing new costs no write (and no screen refresh)."""
    now = now or utc_now()
    with store.read() as conn:
        held = conditions(conn, now)
        still_open = {
            row.open_key: row.id
            for row in conn.execute(sa.select(a_.c.id, a_.c.open_key).where(a_.c.open_key.is_not(None)))
        }
    new = {key: condition for key, condition in held.items() if key not in still_open}
    gone = [alert_id for key, alert_id in still_open.items() if key not in held]
    if not new and not gone:
        return {"fired": [], "cleared": []}
    fired: list[int] = []
    with store.write() as conn:
        if gone:
            conn.execute(
                a_.update().where(a_.c.id.in_(gone), a_.c.open_key.is_not(None)).values(cleared_at=now, open_key=None)
            )
        for key, condition in new.items():
            alert_id = fire(conn, key, condition, now)
            if alert_id is not None:
                fired.append(alert_id)
    return {"fired": fired, "cleared": gone}


# --- the feed --------------------------------------------------------------------------------------------------------


def feed(conn: Connection, view_provinces: frozenset[str] | None = None, limit: int = FEED_ROWS) -> list[dict]:
    """The newest alerts first that a viewer's scope covers (None: every alert); an alert about no province is
    the whole country's and everyone's. Each row has its Bangkok time and whether it still holds."""
    query = sa.select(a_).order_by(a_.c.fired_at.desc(), a_.c.id.desc())
    if view_provinces is not None:
        mine = [a_.c.areas.like(f"%,{code},%") for code in sorted(view_provinces)]
        query = query.where(sa.or_(a_.c.areas.is_(None), *mine))
    out = []
    for row in conn.execute(query.limit(limit)):
        out.append(
            dict(row._mapping)
            | {
                "provinces": sorted(areas_of(row.areas) or ()),
                "fired_th": format_datetime_be(row.fired_at),
                "fired_en": format_datetime_be(row.fired_at, "en"),
                "holds": row.cleared_at is None,
            }
        )
    return out


def _later_attempt(row) -> sa.Exists:
    """Whether the same alert was tried again for the same recipient after `row`'s attempt."""
    later = d_.alias("later")
    return sa.exists().where(
        later.c.alert_id == row.c.alert_id, later.c.recipient_id == row.c.recipient_id, later.c.attempt > row.c.attempt
    )


def delivery_log(conn: Connection, limit: int = 200, status: str | None = None) -> list[dict]:
    """Every delivery attempt, newest first, with its alert and recipient: what an administrator checks.
    `retryable`: it gave up and nothing was tried since, so an administrator may send it again."""
    query = (
        sa.select(
            d_,
            p_.c.kind.label("recipient_kind"),
            p_.c.address,
            a_.c.message_th,
            a_.c.message_en,
            sa.and_(d_.c.status == "gave_up", sa.not_(_later_attempt(d_))).label("retryable"),
        )
        .select_from(d_)
        .join(p_, p_.c.id == d_.c.recipient_id)
        .join(a_, a_.c.id == d_.c.alert_id)
        .order_by(d_.c.id.desc())
        .limit(limit)
    )
    if status is not None:
        query = query.where(d_.c.status == status)
    return [dict(row._mapping) | {"retryable": bool(row.retryable)} for row in conn.execute(query)]


def retry_delivery(conn: Connection, delivery_id: int, by: str, now: dt.datetime | None = None) -> dict:
    """An administrator sends a delivery that gave up once more: one new attempt, due now (the worker makes it at
    its next tick); should it fail too, it gives up again and may be retried again. Audited. NotFoundError when
    there is no such delivery; Conflict when it has not given up or was already tried again."""
    now = now or utc_now()
    row = conn.execute(sa.select(d_).where(d_.c.id == delivery_id)).first()
    if row is None:
        raise NotFoundError(f"no delivery with id {delivery_id}")
    if row.status != "gave_up":
        raise Conflict(f"delivery {delivery_id} is {row.status}: only one that gave up is retried by hand")
    if conn.execute(sa.select(_later_attempt(d_)).where(d_.c.id == delivery_id)).scalar():
        raise Conflict(f"delivery {delivery_id} was already tried again")
    new_id = conn.execute(
        d_.insert()
        .values(
            alert_id=row.alert_id, recipient_id=row.recipient_id, attempt=row.attempt + 1, status="due",
            next_attempt_at=now,
        )
        .returning(d_.c.id)
    ).scalar_one()  # fmt: skip
    areas = conn.execute(sa.select(a_.c.areas).where(a_.c.id == row.alert_id)).scalar()
    detail = {"alert": row.alert_id, "recipient": row.recipient_id, "attempt": row.attempt + 1, "new": new_id}
    audit.record(conn, by, "alert_delivery_retry", str(delivery_id), detail=detail, areas=areas_of(areas) or ())
    return dict(conn.execute(sa.select(d_).where(d_.c.id == new_id)).first()._mapping)


def admin_view(conn: Connection) -> dict:
    """What the administrator's /alerts page shows: rules, recipients, the SMTP server and the delivery log,
    with the indicators and areas a rule or recipient may name."""
    return {
        "rules": rules(conn),
        "recipients": recipients(conn),
        "smtp": smtp_shown(conn),
        "deliveries": delivery_log(conn),
        "indicators": [
            {"code": i["code"], "name_th": i["name_th"], "name_en": i["name_en"]} for i in queries.indicators(conn)
        ],
        "areas": [{"code": r["code"], "name_th": r["name_th"], "name_en": r["name_en"]} for r in queries.regions(conn)]
        + [{"code": p["code"], "name_th": p["name_th"], "name_en": p["name_en"]} for p in queries.provinces(conn)],
    }

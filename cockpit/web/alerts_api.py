"""Alerts over HTTP (/api/v1/alerts): the feed, for anyone signed in and inside their view scope; the rules, the
recipients, the SMTP server and the delivery log, with a retry of a delivery that gave up, for an administrator
(what the /alerts page does, for another system or a script).

Bad input answers 422 naming each field and why, and stores nothing (the write's transaction is rolled back);
every change is in the audit trail (cockpit.room.alerts records it), and so is every refusal of a role.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import Blueprint, Response, g, request
from sqlalchemy.engine import Connection

from cockpit.people import admin
from cockpit.people.access import Can, Principal
from cockpit.people.admin import Refused
from cockpit.room import alerts
from cockpit.store.database import Store
from cockpit.web.api import API_PREFIX, error_response, json_response, refuse_nul_in_query
from cockpit.web.auth import principal_or_401
from cockpit.write import ingest

DELIVERY_STATUSES = ("due", "sending", "delivered", "failed", "gave_up")
FEED_LIMIT = (1, 500)
LOG_LIMIT = (1, 2000)
SMTP_FIELDS = {"smtp_host": "host", "smtp_port": "port", "smtp_from": "sender", "smtp_security": "security",
               "smtp_username": "username", "smtp_password": "password"}  # fmt: skip


def plain_alert(row: dict) -> dict:
    """An alert as the API gives it: its provinces as a list, both times, whether it still holds."""
    keep = ("id", "rule_id", "condition_key", "subject_kind", "subject_code", "level", "message_th", "message_en",
            "fired_at", "cleared_at", "provinces", "holds", "fired_th", "fired_en")  # fmt: skip
    return {key: row[key] for key in keep}


def plain_delivery(row: dict) -> dict:
    keep = ("id", "alert_id", "recipient_id", "recipient_kind", "address", "attempt", "status", "error",
            "next_attempt_at", "attempted_at", "delivered_at", "http_status", "message_th", "message_en",
            "retryable")  # fmt: skip
    return {key: row.get(key) for key in keep}


def _limit(bounds: tuple[int, int], default: int, problems: dict[str, str]) -> int:
    text = request.args.get("limit")
    if text is None:
        return default
    if not re.fullmatch(r"[0-9]{1,5}", text) or not bounds[0] <= int(text) <= bounds[1]:
        problems["limit"] = f"must be a whole number from {bounds[0]} to {bounds[1]}"
        return default
    return int(text)


def _number(text: str) -> int | None:
    """An id from a URL, or None when it cannot name one (not digits, or beyond the stores' ids)."""
    if not re.fullmatch(r"[0-9]{1,10}", text) or not 0 < int(text) <= ingest.MAX_ID:
        return None
    return int(text)


def create_alerts_api(store: Store) -> Blueprint:
    api = Blueprint("api_v1_alerts", __name__, url_prefix=f"{API_PREFIX}/alerts")
    api.before_request(refuse_nul_in_query)

    def administrator(action: str) -> Principal | Response:
        who = principal_or_401()
        if isinstance(who, Response):
            return who
        try:
            return admin.check(store, who, Can.MANAGE_PEOPLE, action, request.remote_addr)
        except Refused as refused:
            return error_response(refused.status, str(refused))

    def change(action: str, make: Callable[[Connection, Principal], tuple[int, object]]) -> Response:
        """An administrator's write, whole or not at all: a refusal of the input stores nothing."""
        who = administrator(action)
        if isinstance(who, Response):
            return who
        try:
            with store.write() as conn:
                status, payload = make(conn, who)
        except ingest.InvalidInput as error:
            return error_response(422, str(error).split(":")[0], error.fields, error.total)
        except ingest.NotFoundError as error:
            return error_response(404, str(error))
        except ingest.Conflict as error:
            return error_response(409, str(error))
        return json_response(payload, status)

    def body(model):
        return ingest.parse(model, request.get_json(silent=True))

    @api.get("")
    def feed():
        """The newest alerts first that the reader's view scope covers (an alert about no province: everyone's)."""
        problems: dict[str, str] = {}
        limit = _limit(FEED_LIMIT, 50, problems)
        holds = request.args.get("holds")
        if holds not in (None, "true", "false"):
            problems["holds"] = "must be true (still holding) or false (cleared)"
        if problems:
            return error_response(422, "invalid query parameters", problems)
        with store.read() as conn:
            rows = alerts.feed(conn, g.principal.view_provinces, limit if holds is None else FEED_LIMIT[1])
        if holds is not None:
            rows = [row for row in rows if row["holds"] == (holds == "true")][:limit]
        return json_response([plain_alert(row) for row in rows])

    @api.get("/rules")
    def list_rules():
        who = administrator("alert_rule_list")
        if isinstance(who, Response):
            return who
        with store.read() as conn:
            return json_response(alerts.rules(conn))

    @api.post("/rules")
    def add_rule():
        def make(conn: Connection, who: Principal):
            wanted = body(alerts.AlertRuleRequest)
            rule_id = alerts.add_rule(conn, by=who.actor, **wanted.model_dump())
            return 201, _one(alerts.rules(conn), rule_id)

        return change("alert_rule_add", make)

    @api.patch("/rules/<path:rule_id>")
    def switch_rule(rule_id: str):
        return _switch("rule", rule_id, alerts.rules)

    @api.get("/recipients")
    def list_recipients():
        who = administrator("alert_recipient_list")
        if isinstance(who, Response):
            return who
        with store.read() as conn:
            return json_response(alerts.recipients(conn))

    @api.post("/recipients")
    def add_recipient():
        def make(conn: Connection, who: Principal):
            wanted = body(alerts.AlertRecipientRequest)
            recipient_id = alerts.add_recipient(conn, wanted.kind, wanted.address, who.actor, wanted.area_code)
            return 201, _one(alerts.recipients(conn), recipient_id)

        return change("alert_recipient_add", make)

    @api.patch("/recipients/<path:recipient_id>")
    def switch_recipient(recipient_id: str):
        return _switch("recipient", recipient_id, alerts.recipients)

    def _switch(what: str, item_id: str, listed: Callable[[Connection], list[dict]]) -> Response:
        def make(conn: Connection, who: Principal):
            number = _number(item_id)
            if number is None or _one(listed(conn), number) is None:
                raise ingest.NotFoundError(f"no alert {what} with id {item_id[:40]!r}")
            wanted = body(alerts.AlertSwitch)
            alerts.set_enabled(conn, what, number, wanted.enabled, who.actor)
            return 200, _one(listed(conn), number)

        return change(f"alert_{what}_switch", make)

    @api.get("/smtp")
    def smtp():
        """The SMTP server: whether a password is set, never the password."""
        who = administrator("alert_smtp_read")
        if isinstance(who, Response):
            return who
        with store.read() as conn:
            return json_response(alerts.smtp_shown(conn) or {"host": ""})

    @api.put("/smtp")
    def set_smtp():
        def make(conn: Connection, who: Principal):
            wanted = body(alerts.SmtpRequest)
            try:
                alerts.set_smtp(
                    conn, wanted.host, wanted.port, wanted.sender, wanted.username, wanted.password, wanted.security,
                    who.actor,
                )  # fmt: skip
            except ingest.InvalidInput as error:  # the page's field names, as this request names them
                fields = {SMTP_FIELDS.get(name, name): why for name, why in error.fields.items()}
                raise ingest.InvalidInput(fields, "SMTP not saved") from None
            return 200, alerts.smtp_shown(conn) or {"host": ""}

        return change("alert_smtp_change", make)

    @api.get("/deliveries")
    def deliveries():
        """Every attempt to deliver an alert, newest first; `status` narrows it (gave_up: those to retry)."""
        who = administrator("alert_delivery_list")
        if isinstance(who, Response):
            return who
        problems: dict[str, str] = {}
        limit = _limit(LOG_LIMIT, 200, problems)
        status = request.args.get("status")
        if status is not None and status not in DELIVERY_STATUSES:
            problems["status"] = f"must be one of {', '.join(DELIVERY_STATUSES)}"
        if problems:
            return error_response(422, "invalid query parameters", problems)
        with store.read() as conn:
            return json_response([plain_delivery(row) for row in alerts.delivery_log(conn, limit, status)])

    @api.post("/deliveries/<path:delivery_id>/retry")
    def retry(delivery_id: str):
        """A delivery that gave up: one new attempt, due now (the alert worker makes it within a second)."""

        def make(conn: Connection, who: Principal):
            number = _number(delivery_id)
            if number is None:
                raise ingest.NotFoundError(f"no delivery with id {delivery_id[:40]!r}")
            return 201, alerts.retry_delivery(conn, number, who.actor)

        return change("alert_delivery_retry", make)

    return api


def _one(items: list[dict], item_id: int) -> dict | None:
    return next((item for item in items if item["id"] == item_id), None)

"""People over HTTP (/api/v1/users, /tokens, /devices, /settings, /audit): what an administrator's page and the
`cockpit user`, `cockpit token` and `cockpit device` commands use while the app runs.

Every change is recorded in the audit trail with who asked and from where, and so is every refusal.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from flask import Blueprint, Response, request
from pydantic import BaseModel, ConfigDict, Field, Strict, ValidationError

from cockpit.people import admin, devices, settings, tokens, users
from cockpit.people.access import Can, Principal
from cockpit.people.admin import NewUser, Refused
from cockpit.store.database import Store
from cockpit.web.api import API_PREFIX, area_provinces, error_response, json_response, refuse_nul_in_query
from cockpit.web.auth import principal_or_401
from cockpit.write import audit, ingest
from cockpit.write.ingest import Text, no_null_defaults

__all__ = ["MAX_ID", "NewDevice", "NewUser", "Settings", "UserChange", "create_people_api"]

# Ids are 32-bit integers in both stores; a larger one names nothing (and must not reach a query).
MAX_ID = 2**31 - 1

Flag = Annotated[bool, Strict()]


class UserChange(BaseModel):
    """PATCH /api/v1/users/<name>: disable or enable, and/or set a new password (their sessions end)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=no_null_defaults)
    disabled: Flag | None = None
    password: Text(200, users.MIN_PASSWORD) | None = None


class NewDevice(BaseModel):
    """POST /api/v1/devices: a wall screen's link."""

    model_config = ConfigDict(extra="forbid")
    name: Text(200, 1) = Field(description="which screen, e.g. ห้องประชุม จอซ้าย")


class Settings(BaseModel):
    """PUT /api/v1/settings."""

    model_config = ConfigDict(extra="forbid")
    public_read: Flag = Field(description="anyone on the network may read the pages and read API")


def _fields(error: ValidationError) -> dict[str, str]:
    return {".".join(str(p) for p in e["loc"]) or "body": e["msg"] for e in error.errors()}


def create_people_api(store: Store) -> Blueprint:
    api = Blueprint("api_v1_people", __name__, url_prefix=API_PREFIX)
    api.before_request(refuse_nul_in_query)

    def allowed(what: Can, action: str) -> Principal | Response:
        who = principal_or_401()
        if isinstance(who, Response):
            return who
        try:
            return admin.check(store, who, what, action, request.remote_addr)
        except Refused as refused:
            return refusal(refused)

    def refusal(refused: Refused) -> Response:
        fields = {refused.field: str(refused)} if refused.field else None
        return error_response(refused.status, str(refused), fields)

    def body(model):
        payload = request.get_json(silent=True)
        if not isinstance(payload, dict):
            raise ValidationError.from_exception_data("body", [])
        return model.model_validate(payload)

    @api.get("/users")
    def list_users():
        who = allowed(Can.MANAGE_PEOPLE, "user_list")
        if isinstance(who, Response):
            return who
        with store.read() as conn:
            return json_response(users.list_users(conn))

    @api.post("/users")
    def add_user():
        who = allowed(Can.MANAGE_PEOPLE, "user_add")
        if isinstance(who, Response):
            return who
        try:
            new = body(NewUser)
        except ValidationError as error:
            return error_response(422, "invalid user", _fields(error) or {"body": "must be a JSON object"})
        try:
            admin.add_user(store, who, new, request.remote_addr)
        except Refused as refused:
            return refusal(refused)
        return json_response({"username": new.username.strip().lower(), "role": new.role}, status=201)

    @api.patch("/users/<username>")
    def change_user(username: str):
        who = allowed(Can.MANAGE_PEOPLE, "user_change")
        if isinstance(who, Response):
            return who
        try:
            change = body(UserChange)
        except ValidationError as error:
            return error_response(422, "invalid change", _fields(error) or {"body": "must be a JSON object"})
        try:
            admin.change_user(store, who, username, request.remote_addr, change.disabled, change.password)
        except Refused as refused:
            return refusal(refused)
        return json_response({"username": username, "disabled": change.disabled})

    @api.get("/tokens")
    def list_tokens():
        who = allowed(Can.MANAGE_PEOPLE, "token_list")
        if isinstance(who, Response):
            return who
        with store.read() as conn:
            return json_response(tokens.list_tokens(conn))

    @api.post("/tokens")
    def add_token():
        """A new token, shown once in the answer (the CLI's way while the app runs); it changes no figure, so
        open screens are not told to refresh."""
        who = allowed(Can.MANAGE_PEOPLE, "token_add")
        if isinstance(who, Response):
            return who
        try:
            wanted = ingest.parse(ingest.TokenRequest, request.get_json(silent=True))
        except ingest.InvalidInput as error:
            return error_response(422, "invalid token request", error.fields)
        try:
            secret = admin.make_token(store, who, wanted.name, wanted.scope, wanted.expires_days, request.remote_addr)
        except Refused as refused:
            return refusal(refused)
        return json_response({"name": wanted.name.strip(), "scope": wanted.scope, "token": secret}, status=201)

    # <path:…>, not <int:…>: "-4" or "abc" must be a 404 of this API, not fall through to a page of the app.
    @api.post("/tokens/<path:token_id>/revoke")
    def revoke_token(token_id: str):
        who = allowed(Can.MANAGE_PEOPLE, "token_revoke")
        if isinstance(who, Response):
            return who
        if _number(token_id) is None:
            return error_response(404, f"no token with id {token_id[:40]!r}")
        try:
            token = admin.revoke_token(store, who, _number(token_id), request.remote_addr)
        except Refused as refused:
            return refusal(refused)
        return json_response(token | {"revoked": True})

    @api.get("/devices")
    def list_devices():
        who = allowed(Can.DRIVE_DECK, "device_list")
        if isinstance(who, Response):
            return who
        with store.read() as conn:
            return json_response(devices.list_device_links(conn))

    @api.post("/devices")
    def add_device():
        """A wall screen's link, shown once: open it on the screen and it shows /wall with no login."""
        who = allowed(Can.DRIVE_DECK, "device_add")
        if isinstance(who, Response):
            return who
        try:
            new = body(NewDevice)
        except ValidationError as error:
            return error_response(422, "invalid device link", _fields(error) or {"body": "must be a JSON object"})
        try:
            link_id, key = admin.make_device_link(store, who, new.name, request.remote_addr)
        except Refused as refused:
            return refusal(refused)
        link = f"{request.host_url.rstrip('/')}{devices.DEVICE_PREFIX}{key}"
        return json_response({"id": link_id, "name": new.name, "link": link}, status=201)

    @api.post("/devices/<path:link_id>/revoke")
    def revoke_device(link_id: str):
        who = allowed(Can.DRIVE_DECK, "device_revoke")
        if isinstance(who, Response):
            return who
        if _number(link_id) is None:
            return error_response(404, f"no device link with id {link_id[:40]!r}")
        try:
            link = admin.revoke_device_link(store, who, _number(link_id), request.remote_addr)
        except Refused as refused:
            return refusal(refused)
        return json_response(link | {"revoked": True})

    @api.get("/settings")
    def get_settings():
        who = allowed(Can.MANAGE_PEOPLE, "settings_read")
        if isinstance(who, Response):
            return who
        with store.read() as conn:
            return json_response({"public_read": settings.public_read(conn)})

    @api.put("/settings")
    def put_settings():
        who = allowed(Can.MANAGE_PEOPLE, "settings_change")
        if isinstance(who, Response):
            return who
        try:
            new = body(Settings)
        except ValidationError as error:
            return error_response(422, "invalid settings", _fields(error) or {"body": "must be a JSON object"})
        with store.write(bump_version=False) as conn:
            before = {"public_read": settings.public_read(conn)}
            settings.set_public_read(conn, new.public_read)
            detail = {"before": before, "after": new.model_dump()}
            audit.record(conn, who.actor, "settings_change", "public_read", "ok", detail, request.remote_addr)
        return json_response(new.model_dump())

    @api.get("/audit")
    def read_audit():
        """Newest first; filter with who, what (action), subject (user, file…), area (a province, or a region
        of the default scheme: entries that concern any of its provinces), since and until (ISO)."""
        who = allowed(Can.READ_AUDIT, "audit_read")
        if isinstance(who, Response):
            return who
        args, problems, times = request.args, {}, {}
        for name in ("since", "until"):
            if args.get(name):
                try:
                    times[name] = dt.datetime.fromisoformat(args[name])
                except ValueError:
                    problems[name] = "must be an ISO date or date and time, e.g. 2026-12-01 or 2026-12-01T08:00+07:00"
        limit = args.get("limit", "500")
        if not re.fullmatch(r"[0-9]{1,4}", limit) or not 1 <= int(limit) <= 5000:
            problems["limit"] = "must be a whole number from 1 to 5000"
        provinces = None
        if args.get("area"):
            with store.read() as conn:
                provinces = area_provinces(conn, args["area"])
            if provinces is None:
                problems["area"] = "must be a province ISO code (TH-50) or a region code of the default scheme (REO08)"
        if problems:
            return error_response(422, "invalid query parameters", problems)
        for name, value in times.items():
            if value.tzinfo is None:
                times[name] = value.replace(tzinfo=dt.UTC)
        with store.read() as conn:
            rows = audit.entries(
                conn,
                args.get("who"),
                args.get("what"),
                args.get("subject"),
                times.get("since"),
                times.get("until"),
                int(limit),
                provinces,
            )
        return json_response(rows)

    return api


def _number(text: str) -> int | None:
    """An id from a URL, or None when it cannot name one (not digits, or beyond the stores' ids)."""
    if not re.fullmatch(r"[0-9]{1,10}", text) or not 0 < int(text) <= MAX_ID:
        return None
    return int(text)

"""People over HTTP (/api/v1/users, /tokens, /devices, /settings, /audit): what an administrator's page and the
`cockpit user`, `cockpit token` and `cockpit device` commands use while the app runs.

Every change is recorded in the audit trail with who asked and from where, and so is every refusal.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

import sqlalchemy as sa
from flask import Blueprint, Response, request
from pydantic import BaseModel, ConfigDict, Field, Strict, ValidationError
from sqlalchemy.engine import Connection

from cockpit.people import devices, settings, tokens, users
from cockpit.people.access import Can, Principal
from cockpit.store import schema
from cockpit.store.database import Store
from cockpit.web.api import API_PREFIX, area_provinces, error_response, json_response, refuse_nul_in_query
from cockpit.web.auth import principal_or_401
from cockpit.write import audit
from cockpit.write.ingest import Text, no_null_defaults

# Ids are 32-bit integers in both stores; a larger one names nothing (and must not reach a query).
MAX_ID = 2**31 - 1


Flag = Annotated[bool, Strict()]


class NewUser(BaseModel):
    """POST /api/v1/users: a person who signs in; without a password only through single sign-on."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=no_null_defaults)
    username: Text(63, 2) = Field(description="lower-case letters, digits, '.', '_' or '-'")
    password: Text(200, users.MIN_PASSWORD) | None = None
    role: Text(16, 1) = Field(description="administrator, executive, operator, officer or reporter")
    view_scope: Text(32, 1) = Field(description="national, region:<code> or province:<ISO code>")
    write_scope: Text(32, 1) | None = Field(None, description="the same forms, inside the view scope; null: none")
    display_name: Text(200) | None = None


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


def _user(conn: Connection, username: str) -> dict | None:
    """A user as the audit trail keeps them: never the password's hash."""
    found = users.get_user(conn, username)
    return {k: v for k, v in found.items() if k != "password_hash"} if found else None


def _token(conn: Connection, token_id: int) -> dict | None:
    """A token as listed (never its hash or secret)."""
    return next((t for t in tokens.list_tokens(conn) if t["id"] == token_id), None)


def _device(conn: Connection, link_id: int) -> dict | None:
    return next((d for d in devices.list_device_links(conn) if d["id"] == link_id), None)


def scope_areas(conn: Connection, *scopes: str | None) -> set[str]:
    """The provinces that scopes name, for the audit's area filter; a national scope names none in particular."""
    found: set[str] = set()
    for scope in scopes:
        try:
            found |= set(tokens.scope_provinces(conn, scope) or ()) if scope else set()
        except tokens.ScopeError:
            continue
    return found


def newest_token(conn: Connection, name: str) -> dict | None:
    """The token just made under this name (create_token returns only its secret)."""
    t = schema.api_token
    token_id = conn.execute(sa.select(sa.func.max(t.c.id)).where(t.c.name == name.strip())).scalar()
    return _token(conn, token_id) if token_id is not None else None


def create_people_api(store: Store) -> Blueprint:
    api = Blueprint("api_v1_people", __name__, url_prefix=API_PREFIX)
    api.before_request(refuse_nul_in_query)

    def allowed(what: Can, action: str) -> Principal | Response:
        who = principal_or_401()
        if isinstance(who, Response):
            return who
        if not who.can(what):
            record(who, action, None, "refused", {"why": f"needs {what.value}"})
            return error_response(403, f"{who.actor} may not do this: it needs {what.value}")
        return who

    def record(who: Principal, action: str, subject: str | None, outcome: str, detail: dict | None = None) -> None:
        with store.write(bump_version=False) as conn:
            audit.record(conn, who.actor, action, subject, outcome, detail, request.remote_addr)

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
            with store.write(bump_version=False) as conn:
                users.add_user(
                    conn,
                    new.username,
                    new.password,
                    new.role,
                    new.view_scope,
                    new.write_scope,
                    who.actor,
                    new.display_name,
                )
                after = _user(conn, new.username)
                areas = scope_areas(conn, new.view_scope, new.write_scope)
                audit.record(
                    conn,
                    who.actor,
                    "user_add",
                    new.username.strip().lower(),
                    "ok",
                    {"before": None, "after": after},
                    request.remote_addr,
                    areas,
                )
        except users.UserError as error:
            record(who, "user_add", new.username, "refused", {"why": str(error)})
            return error_response(422, str(error))
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
            with store.write(bump_version=False) as conn:
                before = _user(conn, username)
                if change.disabled is not None:
                    users.set_disabled(conn, username, change.disabled)
                if change.password is not None:
                    users.set_password(conn, username, change.password)
                after = _user(conn, username)
                detail = {"before": before, "after": after, "password_changed": change.password is not None}
                areas = scope_areas(conn, after["view_scope"], after["write_scope"]) if after else set()
                audit.record(conn, who.actor, "user_change", username, "ok", detail, request.remote_addr, areas)
        except users.UserError as error:
            return error_response(404 if "no user" in str(error) else 422, str(error))
        return json_response({"username": username, "disabled": change.disabled})

    @api.get("/tokens")
    def list_tokens():
        who = allowed(Can.MANAGE_PEOPLE, "token_list")
        if isinstance(who, Response):
            return who
        with store.read() as conn:
            return json_response(tokens.list_tokens(conn))

    # <path:…>, not <int:…>: "-4" or "abc" must be a 404 of this API, not fall through to a page of the app.
    @api.post("/tokens/<path:token_id>/revoke")
    def revoke_token(token_id: str):
        who = allowed(Can.MANAGE_PEOPLE, "token_revoke")
        if isinstance(who, Response):
            return who
        try:
            if _number(token_id) is None:
                raise tokens.ScopeError(f"no token with id {token_id[:40]!r}")
            token_id = _number(token_id)
            with store.write(bump_version=False) as conn:
                before = _token(conn, token_id)
                token = tokens.revoke_token(conn, token_id)
                after = _token(conn, token_id)
                audit.record(
                    conn,
                    who.actor,
                    "token_revoke",
                    f"{token_id} {token['name']}",
                    "ok",
                    {"before": before, "after": after},
                    request.remote_addr,
                    scope_areas(conn, after["scope"]),
                )
        except tokens.ScopeError as error:
            return error_response(404, str(error))
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
            with store.write(bump_version=False) as conn:
                link_id, key = devices.create_device_link(conn, new.name, who.actor)
                detail = {"before": None, "after": _device(conn, link_id)}
                audit.record(conn, who.actor, "device_add", f"{link_id} {new.name}", "ok", detail, request.remote_addr)
        except devices.DeviceError as error:
            return error_response(422, str(error), {"name": str(error)})
        link = f"{request.host_url.rstrip('/')}{devices.DEVICE_PREFIX}{key}"
        return json_response({"id": link_id, "name": new.name, "link": link}, status=201)

    @api.post("/devices/<path:link_id>/revoke")
    def revoke_device(link_id: str):
        who = allowed(Can.DRIVE_DECK, "device_revoke")
        if isinstance(who, Response):
            return who
        try:
            if _number(link_id) is None:
                raise devices.DeviceError(f"no device link with id {link_id[:40]!r}")
            link_id = _number(link_id)
            with store.write(bump_version=False) as conn:
                before = _device(conn, link_id)
                link = devices.revoke_device_link(conn, link_id)
                detail = {"before": before, "after": _device(conn, link_id)}
                audit.record(
                    conn, who.actor, "device_revoke", f"{link_id} {link['name']}", "ok", detail, request.remote_addr
                )
        except devices.DeviceError as error:
            return error_response(404, str(error))
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

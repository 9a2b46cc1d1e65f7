"""What an administrator does to people, API tokens and wall screens' device links (and an operator to device
links): each action checks the one asking, changes the store and records the audit entry, refusals too.

The people API (cockpit/web/people_api.py) and the /people page (callbacks/people.py) both call these, so a
change made on the page and one made over HTTP are checked alike and leave the same entry in the audit trail.
A refusal is `Refused`: an HTTP status for the API and a `reason` a page says in its own language.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy.engine import Connection

from cockpit.errors import CockpitError
from cockpit.people import devices, tokens, users
from cockpit.people.access import Can, Principal
from cockpit.read import queries
from cockpit.store import schema
from cockpit.store.database import Store, utc_now
from cockpit.write import audit
from cockpit.write.ingest import Text, no_null_defaults

TOKEN_DAYS_MAX = 3650


class Refused(CockpitError):
    """An action refused: `reason` (forbidden, name_taken, short_password, last_admin, …), the HTTP `status`
    the API answers with, and the form `field` it concerns (None: the whole request)."""

    def __init__(self, message: str, reason: str, status: int = 422, field: str | None = None):
        super().__init__(message)
        self.reason = reason
        self.status = status
        self.field = field


class NewUser(BaseModel):
    """A person who signs in (POST /api/v1/users, the /people form); without a password only through single
    sign-on. Text the store cannot keep (a NUL, a lone surrogate) is refused here."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=no_null_defaults)
    username: Text(63, 2) = Field(description="lower-case letters, digits, '.', '_' or '-'")
    password: Text(200, users.MIN_PASSWORD) | None = None
    role: Text(16, 1) = Field(description="administrator, executive, operator, officer or reporter")
    view_scope: Text(32, 1) = Field(description="national, region:<code> or province:<ISO code>")
    write_scope: Text(32, 1) | None = Field(None, description="the same forms, inside the view scope; null: none")
    display_name: Text(200) | None = None


# The form field a pydantic problem with NewUser is about, and the reason a page gives for it.
_FIELD_REASONS = {
    "username": "bad_name",
    "password": "short_password",
    "display_name": "too_long",
    "role": "bad_role",
    "view_scope": "bad_scope",
    "write_scope": "bad_scope",
}


# The form field a store's refusal of a new user is about.
_USER_FIELDS = {
    "bad_name": "username",
    "name_taken": "username",
    "short_password": "password",
    "bad_role": "role",
    "bad_scope": "view_scope",
    "write_outside_view": "write_scope",
}


def new_user(fields: dict) -> NewUser:
    """A NewUser from a form's fields (blank ones left out), or Refused naming the first bad field."""
    try:
        return NewUser.model_validate({k: v for k, v in fields.items() if v not in (None, "")})
    except ValidationError as error:
        field = str(error.errors()[0]["loc"][0]) if error.errors()[0]["loc"] else "body"
        raise Refused(str(error), _FIELD_REASONS.get(field, "invalid"), 422, field) from None


# Who may do what, as a refusal says it.
WHO_MAY = {
    Can.MANAGE_PEOPLE: "only an administrator or a national token manages people, tokens and settings",
    Can.DRIVE_DECK: "only an operator, an administrator or a national token manages the screens' links",
    Can.READ_AUDIT: "only an administrator reads the audit trail",
    Can.MANAGE_CATALOGUE: "only an administrator or a national token changes the catalogue",
    Can.REPORT: "only someone who reports may write results and crises",
}


def check(store: Store, who: Principal | None, what: Can, action: str, address: str | None) -> Principal:
    """The one asking, if they may do `what`; otherwise the refusal is recorded and Refused (403) raised."""
    if who is not None and who.kind not in ("public", "device") and who.can(what):
        return who
    if who is not None:
        _record(store, who.actor, action, None, "refused", {"why": f"needs {what.value}"}, address)
    actor = who.actor if who is not None else "nobody"
    raise Refused(f"{actor} may not do this: {WHO_MAY[what]}", "forbidden", 403)


def user_as_kept(conn: Connection, username: str) -> dict | None:
    """A user as the audit trail keeps them: never the password's hash."""
    found = users.get_user(conn, username)
    return {k: v for k, v in found.items() if k != "password_hash"} if found else None


def token_as_kept(conn: Connection, token_id: int) -> dict | None:
    """A token as listed (never its hash or secret)."""
    return next((t for t in tokens.list_tokens(conn) if t["id"] == token_id), None)


def device_as_kept(conn: Connection, link_id: int) -> dict | None:
    """A device link as listed (never its key)."""
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


def _newest_token_id(conn: Connection, name: str) -> int | None:
    """The token just made under this name (create_token returns only its secret)."""
    t = schema.api_token
    return conn.execute(sa.select(sa.func.max(t.c.id)).where(t.c.name == name.strip())).scalar()


def _record(store: Store, actor: str, action: str, subject, outcome: str, detail, address) -> None:
    with store.write(bump_version=False) as conn:
        audit.record(conn, actor, action, subject, outcome, detail, address)


def _refused(store: Store, who: Principal, action: str, subject, error, address, field=None) -> Refused:
    """Record a refusal the store gave and turn it into Refused; a missing user, token or link is a 404."""
    reason = getattr(error, "reason", "invalid")
    _record(store, who.actor, action, subject, "refused", {"why": str(error)}, address)
    return Refused(str(error), reason, 404 if reason in ("no_user", "no_token", "no_device") else 422, field)


def add_user(
    store: Store, who: Principal | None, new: NewUser, address: str | None, password_required: bool = False
) -> str:
    """Create a user as `who`; returns the user name as stored. A page asks for an initial password
    (`password_required`); the API may leave it out for someone who signs in only through single sign-on."""
    who = check(store, who, Can.MANAGE_PEOPLE, "user_add", address)
    username = new.username.strip().lower()
    if password_required and not new.password:
        error = users.UserError("an initial password is needed", "no_password")
        raise _refused(store, who, "user_add", username, error, address, "password")
    try:
        with store.write(bump_version=False) as conn:
            users.add_user(
                conn, username, new.password, new.role, new.view_scope, new.write_scope, who.actor, new.display_name
            )
            detail = {"before": None, "after": user_as_kept(conn, username)}
            areas = scope_areas(conn, new.view_scope, new.write_scope)
            audit.record(conn, who.actor, "user_add", username, "ok", detail, address, areas)
    except users.UserError as error:
        raise _refused(store, who, "user_add", username, error, address, _USER_FIELDS.get(error.reason)) from None
    return username


def add_user_from_form(store: Store, who: Principal | None, fields: dict, address: str | None) -> str:
    """A page's new user: the asker checked first, then the form's fields, an initial password required."""
    who = check(store, who, Can.MANAGE_PEOPLE, "user_add", address)
    return add_user(store, who, new_user(fields), address, password_required=True)


def change_user(
    store: Store,
    who: Principal | None,
    username: str,
    address: str | None,
    disabled: bool | None = None,
    password: str | None = None,
) -> None:
    """Disable or enable a user and/or set a new password; their sessions end at their next request."""
    who = check(store, who, Can.MANAGE_PEOPLE, "user_change", address)
    try:
        with store.write(bump_version=False) as conn:
            before = user_as_kept(conn, username)
            if disabled is not None:
                users.set_disabled(conn, username, disabled)
            if password is not None:
                users.set_password(conn, username, password)
            after = user_as_kept(conn, username)
            detail = {"before": before, "after": after, "password_changed": password is not None}
            areas = scope_areas(conn, after["view_scope"], after["write_scope"]) if after else set()
            audit.record(conn, who.actor, "user_change", username, "ok", detail, address, areas)
    except users.UserError as error:
        raise _refused(store, who, "user_change", username, error, address) from None


def make_token(
    store: Store, who: Principal | None, name: str, scope: str, expires_days: int | None, address: str | None
) -> str:
    """A new API token as `who`: its secret, returned to be shown once (the store keeps only its hash)."""
    who = check(store, who, Can.MANAGE_PEOPLE, "token_add", address)
    if expires_days is not None and not 1 <= expires_days <= TOKEN_DAYS_MAX:
        error = tokens.ScopeError(f"expires_days must be a whole number from 1 to {TOKEN_DAYS_MAX}", "bad_expiry")
        raise _refused(store, who, "token_add", name, error, address, "expires_days")
    expires_at = utc_now() + dt.timedelta(days=expires_days) if expires_days else None
    try:
        with store.write(bump_version=False) as conn:
            secret = tokens.create_token(conn, name, scope, expires_at, created_by=who.actor)
            token_id = _newest_token_id(conn, name)
            detail = {"before": None, "after": token_as_kept(conn, token_id) if token_id is not None else None}
            audit.record(conn, who.actor, "token_add", name.strip(), "ok", detail, address, scope_areas(conn, scope))
    except tokens.ScopeError as error:
        field = "name" if error.reason == "no_name" else "expires_days" if error.reason == "bad_expiry" else "scope"
        raise _refused(store, who, "token_add", name, error, address, field) from None
    return secret


def revoke_token(store: Store, who: Principal | None, token_id: int, address: str | None) -> dict:
    who = check(store, who, Can.MANAGE_PEOPLE, "token_revoke", address)
    try:
        with store.write(bump_version=False) as conn:
            before = token_as_kept(conn, token_id)
            token = tokens.revoke_token(conn, token_id)
            after = token_as_kept(conn, token_id)
            detail = {"before": before, "after": after}
            areas = scope_areas(conn, after["scope"]) if after else set()
            audit.record(conn, who.actor, "token_revoke", f"{token_id} {token['name']}", "ok", detail, address, areas)
    except tokens.ScopeError as error:
        raise _refused(store, who, "token_revoke", str(token_id), error, address) from None
    return token


def make_device_link(store: Store, who: Principal | None, name: str, address: str | None) -> tuple[int, str]:
    """(id, key) of a new wall screen's link; the screen opens `/screen/<key>`, shown once."""
    who = check(store, who, Can.DRIVE_DECK, "device_add", address)
    try:
        with store.write(bump_version=False) as conn:
            link_id, key = devices.create_device_link(conn, name, who.actor)
            detail = {"before": None, "after": device_as_kept(conn, link_id)}
            audit.record(conn, who.actor, "device_add", f"{link_id} {name.strip()}", "ok", detail, address)
    except devices.DeviceError as error:
        raise _refused(store, who, "device_add", name, error, address, "name") from None
    return link_id, key


def revoke_device_link(store: Store, who: Principal | None, link_id: int, address: str | None) -> dict:
    who = check(store, who, Can.DRIVE_DECK, "device_revoke", address)
    try:
        with store.write(bump_version=False) as conn:
            before = device_as_kept(conn, link_id)
            link = devices.revoke_device_link(conn, link_id)
            detail = {"before": before, "after": device_as_kept(conn, link_id)}
            audit.record(conn, who.actor, "device_revoke", f"{link_id} {link['name']}", "ok", detail, address)
    except devices.DeviceError as error:
        raise _refused(store, who, "device_revoke", str(link_id), error, address) from None
    return link


def scope_choices(conn: Connection) -> list[dict]:
    """Every scope a person or token may be given: the whole country, each region of the default scheme, each
    province — so a form offers only scopes that exist."""
    regions = queries.regions(conn)
    return (
        [{"scope": "national", "kind": "national"}]
        + [
            {"scope": f"region:{r['code']}", "kind": "region", "name_th": r["name_th"], "name_en": r["name_en"]}
            for r in regions
        ]
        + [
            {"scope": f"province:{p['code']}", "kind": "province", "name_th": p["name_th"], "name_en": p["name_en"]}
            for p in queries.provinces(conn)
        ]
    )


def people_view(conn: Connection, who: Principal | None) -> dict:
    """What /people shows this one: users and tokens for an administrator, device links for whoever drives the
    room; each list only when they may manage it."""
    manages = who is not None and who.can(Can.MANAGE_PEOPLE)
    return {
        "manages_people": manages,
        "users": users.list_users(conn) if manages else [],
        "tokens": tokens.list_tokens(conn) if manages else [],
        "devices": devices.list_device_links(conn),
        "scopes": scope_choices(conn),
    }

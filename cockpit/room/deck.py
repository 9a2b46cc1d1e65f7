"""The flight deck: one operator chooses what every wall of the room shows.

The choice is one row in the store, written in a transaction that bumps the data version, so every open
wall — in any worker or process — follows within one version check.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cockpit.errors import CockpitError
from cockpit.read import queries
from cockpit.store import schema
from cockpit.store.database import utc_now
from cockpit.write import audit

# The four walls of the room, in the order they rotate (their frames are built in cockpit/room/walls.py).
WALLS = ("black", "red", "blue", "white")

_SHOWABLE = (
    re.compile(r"^/wall/(?P<wall>black|red|blue|white)$"),
    re.compile(r"^/$"),
    re.compile(r"^/region/(?P<region>[A-Za-z0-9_-]+)$"),
    re.compile(r"^/province/(?P<province>TH-\d{2})$"),
    re.compile(r"^/indicator/(?P<indicator>[A-Za-z0-9_-]+)$"),
    re.compile(r"^/crisis(/(?P<crisis>[1-9][0-9]{0,8}))?$"),
    re.compile(r"^/chain(\?node=(?P<node>[A-Za-z0-9_-]+))?$"),
    re.compile(r"^/since$"),
)


class InvalidShow(CockpitError):
    """A deck target the walls cannot show."""


def get_deck(conn: Connection) -> dict:
    d = schema.deck_state
    row = conn.execute(sa.select(d.c.show, d.c.paused, d.c.updated_at, d.c.updated_by).where(d.c.id == 1)).one()
    return dict(row._mapping)


def same_wall(show: str) -> str:
    """The README's and the walls' own form of a wall, /wall?screen=red, as the deck's /wall/red."""
    match = re.match(r"^/wall\?screen=(?P<wall>[a-z]+)$", show)
    return f"/wall/{match['wall']}" if match and match["wall"] in WALLS else show


def check_show(conn: Connection, show: str | None) -> str | None:
    """A valid deck target (a wall, or the path of a page whose subject exists), or InvalidShow saying why."""
    if show is None or show == "":
        return None
    show = same_wall(show)
    for pattern in _SHOWABLE:
        match = pattern.match(show)
        if not match:
            continue
        found = {k: v for k, v in match.groupdict().items() if v}
        if "region" in found and found["region"] not in {r["code"] for r in queries.regions(conn)}:
            raise InvalidShow(f"unknown region {found['region']!r}")
        if "province" in found and found["province"] not in {p["code"] for p in queries.provinces(conn)}:
            raise InvalidShow(f"unknown province {found['province']!r}")
        if "indicator" in found:
            queries.indicator(conn, found["indicator"])
        if "crisis" in found:
            e = schema.crisis_event
            if conn.execute(sa.select(e.c.id).where(e.c.id == int(found["crisis"]))).first() is None:
                raise InvalidShow(f"no crisis with id {found['crisis']}")
        if "node" in found and found["node"] not in {n["code"] for n in queries.chain_nodes(conn)}:
            raise InvalidShow(f"unknown chain node {found['node']!r}")
        return show
    raise InvalidShow(
        f"{show!r} is not something the walls can show: use /wall/{'|'.join(WALLS)} (or /wall?screen=…), /, "
        "/region/<code>, /province/<ISO code>, /indicator/<code>, /crisis, /crisis/<id> or /chain?node=<code>"
    )


def set_deck(
    conn: Connection, who: str, show: str | None = None, paused: bool | None = None, change_show: bool = True
) -> dict:
    """Change what the room shows and/or pause rotation; `change_show=False` keeps the current target. The
    state before and after is noted for the audit entry."""
    values: dict = {"updated_at": utc_now(), "updated_by": who}
    if change_show:
        values["show"] = check_show(conn, show)
    if paused is not None:
        values["paused"] = paused
    before = get_deck(conn)
    conn.execute(schema.deck_state.update().where(schema.deck_state.c.id == 1).values(values))
    after = get_deck(conn)
    audit.note(conn, before=_state(before), after=_state(after))
    return after


def _state(deck: dict) -> dict:
    return {"show": deck["show"], "paused": deck["paused"]}


def console_view(conn: Connection) -> dict:
    """/deck: the current choice and everything the operator can point the room at."""
    from cockpit.read import crises
    from cockpit.room.meetings import latest_meeting

    return {
        "deck": get_deck(conn),
        "walls": list(WALLS),
        "regions": queries.regions(conn),
        "provinces": queries.provinces(conn),
        "indicators": queries.indicators(conn),
        "crises": crises.list_crises(conn, statuses=crises.OPEN_STATUSES),
        "chain_nodes": queries.chain_nodes(conn),
        "dataset": queries.dataset_info(conn),
        "meeting": latest_meeting(conn),
    }

"""Who is asking, and what they may see and do: roles, view and write scopes, and the checks every page, read
and write makes.

A scope is `national`, `region:<code>` (a regional education office of the default scheme) or
`province:<ISO code>`; it covers a set of provinces (None: all). As DHIS2 separates data-view from
data-capture organisation units, a person has a view scope and a write scope: an officer of ศธภ.8 sees and
writes the provinces of ศธภ.8.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    ADMINISTRATOR = "administrator"
    EXECUTIVE = "executive"
    OPERATOR = "operator"
    OFFICER = "officer"
    REPORTER = "reporter"


class Can(StrEnum):
    """What a role may do, beyond seeing its view scope."""

    MANAGE_PEOPLE = "manage_people"  # users, tokens, device links, the public-read setting
    MANAGE_CATALOGUE = "manage_catalogue"
    DRIVE_DECK = "drive_deck"  # the flight deck, and device links for the room's screens
    REPORT = "report"  # results and crises, inside the write scope
    READ_AUDIT = "read_audit"


ROLE_CAN: dict[Role, frozenset[Can]] = {
    Role.ADMINISTRATOR: frozenset(Can),
    Role.EXECUTIVE: frozenset({Can.REPORT}),
    Role.OPERATOR: frozenset({Can.DRIVE_DECK, Can.REPORT}),
    Role.OFFICER: frozenset({Can.REPORT}),
    Role.REPORTER: frozenset({Can.REPORT}),
}

ROLE_NAMES = {
    Role.ADMINISTRATOR: ("ผู้ดูแลระบบ", "Administrator"),
    Role.EXECUTIVE: ("ผู้บริหาร", "Executive"),
    Role.OPERATOR: ("ผู้ควบคุมห้องประชุม", "Operator"),
    Role.OFFICER: ("เจ้าหน้าที่", "Officer"),
    Role.REPORTER: ("ผู้รายงานข้อมูล", "Reporter"),
}


@dataclass(frozen=True)
class Principal:
    """The one asking: a signed-in user, an API token, a wall screen's device link, or an anonymous reader
    (only when the administrator has opened a public, read-only view)."""

    kind: str  # user, token, device, public
    id: int | None
    name: str
    role: Role | None
    view_scope: str
    view_provinces: frozenset[str] | None  # None: every province
    write_scope: str | None = None
    write_provinces: frozenset[str] | None = frozenset()

    @property
    def actor(self) -> str:
        """How the audit trail names this one."""
        return f"{self.kind}:{self.name}" if self.kind != "public" else "public"

    def can(self, what: Can) -> bool:
        if self.kind == "token":
            # Machine clients report inside their scope; a national token is an administrator's key (catalogue,
            # deck, tokens), as it was before people existed: scripts rely on it.
            return what == Can.REPORT or self.write_provinces is None
        return self.role is not None and what in ROLE_CAN[self.role]

    @property
    def sees_all(self) -> bool:
        return self.view_provinces is None

    def sees(self, provinces: set[str] | frozenset[str]) -> bool:
        """Whether every province of an area is inside the view scope."""
        return self.view_provinces is None or set(provinces) <= self.view_provinces

    def sees_any(self, provinces: set[str] | frozenset[str]) -> bool:
        return self.view_provinces is None or bool(set(provinces) & self.view_provinces)

    def writes(self, provinces: set[str] | frozenset[str] | list[str]) -> bool:
        """Whether a write touching these provinces is inside the write scope."""
        if self.write_scope is None or not self.can(Can.REPORT):
            return False
        return self.write_provinces is None or set(provinces) <= self.write_provinces

    # The write path (cockpit/write/ingest.py) asks these of whoever writes, token or person.
    def allows(self, provinces: set[str] | frozenset[str] | list[str]) -> bool:
        return self.writes(provinces)

    @property
    def scope(self) -> str:
        return self.write_scope or "none"

    @property
    def provinces(self) -> frozenset[str] | None:
        return self.write_provinces

    @property
    def is_device(self) -> bool:
        return self.kind == "device"


def home_path(scope: str) -> str:
    """Where a person of this view scope starts: the nation, their region, or their province."""
    kind, _, code = scope.partition(":")
    return {"region": f"/region/{code}", "province": f"/province/{code}"}.get(kind, "/")


# What each page needs beyond being signed in: "national" (it shows the whole country), "area" (its region's or
# province's provinces inside the view scope), or a capability.
PAGE_NEEDS: dict[str, str | Can] = {
    "nation": "national",
    "chain": "national",
    "indicator": "national",
    "crisis": "national",
    "crisis_event": "area",  # one crisis: its provinces inside the view scope
    "catalogue": "national",
    "wall": "national",
    "since": "national",
    "region": "area",
    "province": "area",
    "service_area": "area",  # every province it covers (a สพม. may span two) inside the view scope
    "school": "area",  # its province inside the view scope
    "deck": Can.DRIVE_DECK,
    "upload": Can.REPORT,
    "enter": Can.REPORT,
    "crisis_report": Can.REPORT,
    # /people: an operator sees only its device links for the room's screens; users and tokens need
    # Can.MANAGE_PEOPLE, shown (and accepted by its callbacks) only for an administrator.
    "people": Can.DRIVE_DECK,
    "audit": Can.READ_AUDIT,
    "alerts": Can.MANAGE_PEOPLE,  # alert rules, recipients and the SMTP server: an administrator's settings
}


def page_refusal(who: Principal | None, page: str, area_provinces: frozenset[str] | None = None) -> str | None:
    """Why this one may not see that page (a key of layouts' words), or None when they may."""
    if who is None:
        return "forbidden_sign_in"
    if who.is_device and page != "wall":
        return "forbidden_device"
    need = PAGE_NEEDS.get(page, "national")
    if need == "national" and not who.sees_all:
        return "forbidden_national"
    if need == "area" and area_provinces is not None and not who.sees(area_provinces):
        return "forbidden_area"
    if isinstance(need, Can):
        if not who.can(need):
            return "forbidden_role"
        if need == Can.REPORT and who.write_scope is None:
            return "forbidden_role"
    return None


def visible_areas(who: Principal, level: str, areas: list[dict], region_provinces: dict[str, list[str]]) -> list[dict]:
    """The rows of an area listing this one may see: a province inside the view scope, a region whose provinces
    all are; the nation only with a national view. Each row has an `area` code."""
    if who.sees_all:
        return areas
    if level == "province":
        return [a for a in areas if who.sees({a["area"]})]
    if level == "region":
        return [a for a in areas if who.sees(set(region_provinces.get(a["area"], ())) or {"?"})]
    return []

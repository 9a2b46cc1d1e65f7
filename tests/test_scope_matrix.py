"""The scope matrix (issue 9's acceptance): each principal × each read and write route of the API × inside and
outside its scopes, on DuckDB and PostgreSQL, asserting the status and, for a write, what the store holds
afterwards.

The routes come from the app's URL map: a new API route without an entry in ROUTES fails
test_every_api_route_has_a_matrix_entry. What each principal may do is written out here (PRINCIPALS), not
derived from cockpit/people/access.py, so that a change of the rules there shows up as a failure here.
Inside means a province of ศธภ.8 (REO08), outside a province of another region.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from cockpit.people import devices, tokens
from cockpit.people.settings import public_read, set_hide_unapproved, set_public_read
from cockpit.read.approval import settings as approval_settings
from cockpit.room import alerts, briefing
from cockpit.store import schema
from cockpit.store.database import utc_now
from tests.signin import make_user, signed_in_client

INSIDE, OUTSIDE = "TH-20", "TH-50"
REO08 = {"TH-20", "TH-21", "TH-24"}
OPEN = {"/api/v1/health", "/api/v1/openapi.json"}


@dataclass(frozen=True)
class Who:
    """A principal and what it may do, stated by hand."""

    view: str | None  # a user's or token's view scope; None for a device
    write: str | None
    kind: str = "user"  # user, token or device
    role: str | None = None
    may: frozenset[str] = frozenset()  # people, deck, catalogue, audit
    writes_inside: bool = False
    writes_outside: bool = False

    @property
    def sees_all(self) -> bool:
        return self.view == "national"

    @property
    def sees_inside(self) -> set[str] | None:
        """The provinces it sees; None: all."""
        if self.view == "national":
            return None
        return REO08 if self.view == "region:REO08" else {INSIDE}


EVERYTHING = frozenset({"people", "deck", "catalogue", "audit"})
PRINCIPALS = {
    "administrator": Who("national", "national", role="administrator", may=EVERYTHING, writes_inside=True,
                         writes_outside=True),
    "executive": Who("national", None, role="executive"),
    "operator": Who("national", "national", role="operator", may=frozenset({"deck"}), writes_inside=True,
                    writes_outside=True),
    "officer": Who("region:REO08", "region:REO08", role="officer", writes_inside=True),
    "reporter": Who(f"province:{INSIDE}", f"province:{INSIDE}", role="reporter", writes_inside=True),
    "national token": Who("national", "national", kind="token", may=EVERYTHING, writes_inside=True,
                          writes_outside=True),
    "region token": Who("region:REO08", "region:REO08", kind="token", writes_inside=True),
    "province token": Who(f"province:{INSIDE}", f"province:{INSIDE}", kind="token", writes_inside=True),
    "device": Who(None, None, kind="device"),
}  # fmt: skip


class TokenClient:
    """A test client that sends a bearer token with every request, as a script would."""

    def __init__(self, client, secret: str):
        self._client, self._auth = client, {"Authorization": f"Bearer {secret}"}

    def open(self, *args, **kwargs):
        kwargs["headers"] = {**self._auth, **kwargs.get("headers", {})}
        return self._client.open(*args, **kwargs)


@dataclass
class World:
    store: object
    app: object
    clients: dict
    crisis: dict  # inside / outside: a crisis's id
    decision: dict  # inside / outside: a decision about that province, owned by an agency
    catalogue_zip: bytes
    counter: itertools.count


@pytest.fixture(scope="module")
def worlds(small_served):
    made: dict[str, World] = {}

    def get(backend: str) -> World:
        if backend in made:
            return made[backend]
        store, app = small_served(backend)
        clients = {}
        for name, who in PRINCIPALS.items():
            if who.kind == "user":
                clients[name] = signed_in_client(app, store, who.role, who.view, who.write)
            elif who.kind == "token":
                with store.write(bump_version=False) as conn:
                    secret = tokens.create_token(conn, f"matrix {name}", who.view)
                clients[name] = TokenClient(app.server.test_client(), secret)
            else:
                with store.write(bump_version=False) as conn:
                    _, key = devices.create_device_link(conn, "matrix screen", "tests")
                screen = app.server.test_client()
                screen.environ_base["HTTP_ORIGIN"] = "http://localhost"
                assert screen.get(devices.DEVICE_PREFIX + key).status_code == 302
                clients[name] = screen
        admin = clients["administrator"]
        crisis = {}
        for where, province in (("inside", INSIDE), ("outside", OUTSIDE)):
            made_crisis = admin.post("/api/v1/crises", json=_crisis(f"matrix {where}", province))
            crisis[where] = made_crisis.get_json()["id"]
        decision = {
            where: admin.post("/api/v1/decisions", json=_decision(f"matrix {where}", _province(where))).get_json()["id"]
            for where in ("inside", "outside")
        }
        with store.write(bump_version=False) as conn:
            conn.execute(
                schema.flagged_value.insert(),
                [
                    {"indicator_code": "TC01", "province_code": province, "fiscal_year_be": 2568, "period_no": 1,
                     "rule_code": "VR01", "importance": "low", "condition": "value <= 10", "left_value": 50.0,
                     "right_value": 10.0, "flagged_at": utc_now(), "flagged_by": "matrix"}
                    for province in (INSIDE, OUTSIDE)
                ],
            )  # fmt: skip
        with store.write(bump_version=False) as conn:
            for province in (INSIDE, OUTSIDE):
                area = f"M{province[3:]}"
                conn.execute(
                    schema.service_area.insert().values(
                        code=area, kind="primary", name_th=area, name_en=area, is_demo=False
                    )
                )
                conn.execute(
                    schema.service_area_province.insert().values(service_area_code=area, province_code=province)
                )
                conn.execute(schema.school.insert().values(
                    code=_school(province), name_th=f"โรงเรียน {province}", province_code=province,
                    service_area_code=area))  # fmt: skip
        catalogue_zip = admin.get("/api/v1/catalogue?format=zip").data
        made[backend] = World(store, app, clients, crisis, decision, catalogue_zip, itertools.count(1))
        return made[backend]

    return get


def _crisis(title: str, province: str) -> dict:
    return {
        "type": "flood",
        "severity": 1,
        "title": title,
        "provinces": [province],
        "occurred_at": (utc_now() - dt.timedelta(hours=1)).isoformat(),
    }


def _decision(what: str, province: str) -> dict:
    deadline = (utc_now() + dt.timedelta(days=30)).date().isoformat()
    return {"what": what, "owner": "OBEC", "deadline": deadline, "about_kind": "area", "about_code": province}


def _scalar(world: World, query):
    with world.store.read() as conn:
        return conn.execute(query).scalar()


# --- what each route expects ---------------------------------------------------------------------------------


@dataclass
class Sent:
    """A request to make, and what the store must hold after it if it was (or was not) carried out."""

    method: str
    path: str
    kwargs: dict
    done: Callable[[], bool] | None = None  # a write: whether the store holds its change
    extra: Callable | None = None  # a read: more checks on the answer


def _needs(capability: str) -> Callable[[Who, str], int]:
    return lambda who, _where: 200 if capability in who.may else 403


def _writes(ok: int) -> Callable[[Who, str], int]:
    return lambda who, where: ok if (who.writes_inside if where == "inside" else who.writes_outside) else 403


def _reads_area(who: Who, where: str) -> int:
    return 200 if where == "inside" or who.sees_all else 403


def _any(_who: Who, _where: str) -> int:
    return 200


def _national(who: Who, _where: str) -> int:
    return 200 if who.sees_all else 403


def _province(where: str) -> str:
    return INSIDE if where == "inside" else OUTSIDE


def post_crisis(world: World, name: str, where: str) -> Sent:
    title = f"matrix {name} {where} {next(world.counter)}"
    event = schema.crisis_event
    return Sent(
        "POST",
        "/api/v1/crises",
        {"json": _crisis(title, _province(where))},
        lambda: _scalar(world, sa.select(sa.func.count()).where(event.c.title == title)) == 1,
    )


def patch_crisis(world: World, name: str, where: str) -> Sent:
    marker = f"matrix {name} {next(world.counter)}"
    event = schema.crisis_event
    crisis = world.crisis[where]
    return Sent(
        "PATCH",
        f"/api/v1/crises/{crisis}",
        {"json": {"help_given": marker}},
        lambda: _scalar(world, sa.select(event.c.help_given).where(event.c.id == crisis)) == marker,
    )


def _result_stored(world: World, indicator: str, province: str, figure: str, value: float) -> Callable[[], bool]:
    r = schema.indicator_result
    query = sa.select(r.c[figure]).where(
        r.c.indicator_code == indicator, r.c.province_code == province, r.c.fiscal_year_be == 2568
    )
    return lambda: _scalar(world, query) == value


def post_results(world: World, name: str, where: str) -> Sent:
    numerator = float(next(world.counter))
    row = {"indicator": "TR01", "area": _province(where), "fiscal_year_be": 2568, "numerator": numerator,
           "denominator": 1000.0}  # fmt: skip
    return Sent(
        "POST",
        "/api/v1/results",
        {"json": {"results": [row]}},
        _result_stored(world, "TR01", _province(where), "numerator", numerator),
    )


def _school(province: str) -> str:
    return f"MATRIX-{province}"


def post_school_results(world: World, name: str, where: str) -> Sent:
    """A school's result in FY 2567 (POST /api/v1/results writes the provinces' own figures of 2568): stored
    for the school, and summed into its province's figure."""
    numerator = float(next(world.counter))
    row = {"indicator": "TR01", "school_code": _school(_province(where)), "fiscal_year_be": 2567,
           "numerator": numerator, "denominator": 1000.0}  # fmt: skip
    sr, r = schema.school_result, schema.indicator_result
    school = sa.select(sr.c.numerator).where(sr.c.school_code == row["school_code"], sr.c.fiscal_year_be == 2567)
    province = sa.select(r.c.numerator, r.c.source).where(
        r.c.indicator_code == "TR01", r.c.province_code == _province(where), r.c.fiscal_year_be == 2567
    )

    def done() -> bool:
        with world.store.read() as conn:
            summed = conn.execute(province).first()
            return conn.execute(school).scalar() == numerator and tuple(summed or ()) == (numerator, "schools")

    return Sent("POST", "/api/v1/school-results", {"json": {"results": [row]}}, done)


def _school_rows(world: World, who: Who, where: str, answer) -> None:
    assert {row["province_code"] for row in answer.get_json()} <= {_province(where)}


def post_import(world: World, name: str, where: str) -> Sent:
    value = float(next(world.counter))
    csv = f"indicator,area,fiscal_year_be,period_no,value\nTC01,{_province(where)},2568,1,{value:g}\n"
    return Sent(
        "POST",
        "/api/v1/import",
        {"data": {"file": (io.BytesIO(csv.encode()), "matrix.csv")}, "content_type": "multipart/form-data"},
        _result_stored(world, "TC01", _province(where), "value", value),
    )


def post_token(world: World, name: str, where: str) -> Sent:
    label = f"matrix new token {next(world.counter)}"
    t = schema.api_token
    return Sent(
        "POST",
        "/api/v1/tokens",
        {"json": {"name": label, "scope": "region:REO08"}},
        lambda: _scalar(world, sa.select(sa.func.count()).where(t.c.name == label)) == 1,
    )


def post_deck(world: World, name: str, where: str) -> Sent:
    d = schema.deck_state
    now = _scalar(world, sa.select(d.c.show))
    show = "/wall/red" if now != "/wall/red" else "/wall/blue"
    return Sent("POST", "/api/v1/deck", {"json": {"show": show}}, lambda: _scalar(world, sa.select(d.c.show)) == show)


def post_meeting(world: World, name: str, where: str) -> Sent:
    meetings = schema.meeting
    before = _scalar(world, sa.select(sa.func.count()).select_from(meetings))
    return Sent(
        "POST",
        "/api/v1/meetings",
        {"json": {"title": f"matrix {name}"}},
        lambda: _scalar(world, sa.select(sa.func.count()).select_from(meetings)) == before + 1,
    )


def post_catalogue(world: World, name: str, where: str) -> Sent:
    imports = schema.catalogue_import
    before = _scalar(world, sa.select(sa.func.count()).select_from(imports))
    return Sent(
        "POST",
        "/api/v1/catalogue",
        {"data": {"file": (io.BytesIO(world.catalogue_zip), "catalogue.zip")}, "content_type": "multipart/form-data"},
        lambda: _scalar(world, sa.select(sa.func.count()).select_from(imports)) == before + 1,
    )


def post_user(world: World, name: str, where: str) -> Sent:
    username = f"matrix.user{next(world.counter)}"
    u = schema.app_user
    body = {"username": username, "password": "long-enough-password", "role": "reporter",
            "view_scope": f"province:{INSIDE}", "write_scope": f"province:{INSIDE}"}  # fmt: skip
    return Sent(
        "POST",
        "/api/v1/users",
        {"json": body},
        lambda: _scalar(world, sa.select(sa.func.count()).where(u.c.username == username)) == 1,
    )


def patch_user(world: World, name: str, where: str) -> Sent:
    username = make_user(world.store, "reporter", f"province:{INSIDE}", None)
    u = schema.app_user
    return Sent(
        "PATCH",
        f"/api/v1/users/{username}",
        {"json": {"disabled": True}},
        lambda: _scalar(world, sa.select(u.c.disabled_at).where(u.c.username == username)) is not None,
    )


def revoke_token(world: World, name: str, where: str) -> Sent:
    label = f"matrix to revoke {next(world.counter)}"
    t = schema.api_token
    with world.store.write(bump_version=False) as conn:
        tokens.create_token(conn, label, "national")
    token_id = _scalar(world, sa.select(t.c.id).where(t.c.name == label))
    return Sent(
        "POST",
        f"/api/v1/tokens/{token_id}/revoke",
        {},
        lambda: _scalar(world, sa.select(t.c.revoked_at).where(t.c.id == token_id)) is not None,
    )


def post_device(world: World, name: str, where: str) -> Sent:
    label = f"matrix screen {next(world.counter)}"
    d = schema.device_link
    return Sent(
        "POST",
        "/api/v1/devices",
        {"json": {"name": label}},
        lambda: _scalar(world, sa.select(sa.func.count()).where(d.c.name == label)) == 1,
    )


def revoke_device(world: World, name: str, where: str) -> Sent:
    with world.store.write(bump_version=False) as conn:
        link_id, _ = devices.create_device_link(conn, f"matrix to revoke {next(world.counter)}", "tests")
    d = schema.device_link
    return Sent(
        "POST",
        f"/api/v1/devices/{link_id}/revoke",
        {},
        lambda: _scalar(world, sa.select(d.c.revoked_at).where(d.c.id == link_id)) is not None,
    )


def put_settings(world: World, name: str, where: str) -> Sent:
    with world.store.write(bump_version=False) as conn:
        set_public_read(conn, False)

    def done() -> bool:
        with world.store.write(bump_version=False) as conn:
            on = public_read(conn)
            set_public_read(conn, False)  # anonymous reads stay closed for the other cases
        return on

    return Sent("PUT", "/api/v1/settings", {"json": {"public_read": True}}, done)


APPROVAL_YEARS = itertools.count(2501)


def post_approval(world: World, name: str, where: str) -> Sent:
    """A fresh result of TC01 (which asks for regional approval) to approve, in a fiscal year of its own."""
    year, province = next(APPROVAL_YEARS), _province(where)
    r = schema.indicator_result
    with world.store.write(bump_version=False) as conn:
        conn.execute(schema.indicator.update().where(schema.indicator.c.code == "TC01").values(approval_steps=1))
        conn.execute(
            r.insert().values(indicator_code="TC01", province_code=province, fiscal_year_be=year, period_no=1,
                              period_end=dt.date(year - 543, 9, 30), value=5.0, source="matrix", updated_at=utc_now())
        )  # fmt: skip
    key = {"indicator": "TC01", "area": province, "fiscal_year_be": year, "period_no": 1}
    state = sa.select(r.c.approval).where(r.c.fiscal_year_be == year, r.c.province_code == province)
    return Sent(
        "POST",
        "/api/v1/approvals",
        {"json": {"step": "approve", "results": [key]}},
        lambda: _scalar(world, state) == "approved",
    )


def _approves(who: Who, where: str) -> int:
    """Only the province's regional office approves its results (ศธภ.8's officer and token, inside)."""
    return 200 if who.write == "region:REO08" and where == "inside" else 403


def put_approval_settings(world: World, name: str, where: str) -> Sent:
    def done() -> bool:
        with world.store.write(bump_version=False) as conn:
            shown = approval_settings(conn)["hide_unapproved"] is False
            set_hide_unapproved(conn, True)
        return shown

    return Sent("PUT", "/api/v1/approvals/settings", {"json": {"default_steps": 0, "hide_unapproved": False}}, done)


def _national_writer(who: Who, _where: str) -> int:
    return 200 if who.write == "national" else 403


def _approval_rows(world: World, who: Who, where: str, answer) -> None:
    assert {row.get("area", row.get("province_code")) for row in answer.get_json()} <= {_province(where)}


def get(path: str, extra: Callable | None = None) -> Callable[[World, str, str], Sent]:
    return lambda world, name, where: Sent("GET", path.format(province=_province(where)), {}, extra=extra)


def _province_rows(world: World, who: Who, where: str, answer) -> None:
    seen = {row["area"] for row in answer.get_json()}
    assert seen == (who.sees_inside or seen) and (who.sees_inside or len(seen) == 77)


def _national_print(who: Who, _where: str) -> int:
    """The briefing: a national view, printed by the server's Chromium (503 saying so on a machine without it)."""
    if not who.sees_all:
        return 403
    return 200 if briefing.chromium_path() else 503


def _a_pdf(world: World, who: Who, where: str, answer) -> None:
    """The briefing shows the four walls: whoever may see them gets the whole PDF."""
    assert answer.mimetype == "application/pdf" and answer.data.startswith(b"%PDF-")


def _a_national_csv(world: World, who: Who, where: str, answer) -> None:
    """The eMENSCR export holds the nation's figures and every province's: whoever may read it gets the whole file
    (the matrix's store may hold no results yet: then its header, never a partial file)."""
    lines = answer.data.decode("utf-8-sig").splitlines()
    assert answer.mimetype == "text/csv" and lines[0].startswith("record_type,fiscal_year_be,z_code")
    areas = {line.split(",")[12] for line in lines[1:] if line.startswith("indicator,")}
    assert not areas or areas == {"nation", "province"}


def post_comment(world: World, name: str, where: str) -> Sent:
    text = f"matrix {name} {where} {next(world.counter)}"
    c = schema.figure_comment
    body = {"indicator": "TR01", "area": _province(where), "fiscal_year_be": 2568, "text": text}
    return Sent(
        "POST",
        "/api/v1/comments",
        {"json": body},
        lambda: _scalar(world, sa.select(sa.func.count()).where(c.c.text == text)) == 1,
    )


def _comments_on_what_it_reads(who: Who, where: str) -> int:
    """Anyone signed in comments where they may read (a token too); outside the view scope: 403."""
    return 201 if where == "inside" or who.sees_all else 403


def delete_comment(world: World, name: str, where: str) -> Sent:
    """The administrator's comment on the province, withdrawn by each principal in turn."""
    made = world.clients["administrator"].post(
        "/api/v1/comments",
        json={"indicator": "TR01", "area": _province(where), "fiscal_year_be": 2568, "text": f"matrix {name}"},
    )
    comment_id = made.get_json()["id"]
    c = schema.figure_comment
    return Sent(
        "DELETE",
        f"/api/v1/comments/{comment_id}",
        {},
        lambda: _scalar(world, sa.select(c.c.deleted_at.is_not(None)).where(c.c.id == comment_id)) is True,
    )


def _withdraws_comment(who: Who, where: str) -> int:
    """Its author (here the administrator) or whoever manages people; a comment it cannot see: 404."""
    if "people" in who.may:
        return 200
    return 403 if where == "inside" or who.sees_all else 404


def post_decision(world: World, name: str, where: str) -> Sent:
    what = f"matrix {name} {where} {next(world.counter)}"
    d = schema.decision
    return Sent(
        "POST",
        "/api/v1/decisions",
        {"json": _decision(what, _province(where))},
        lambda: _scalar(world, sa.select(sa.func.count()).where(d.c.what == what)) == 1,
    )


def patch_decision(world: World, name: str, where: str) -> Sent:
    note = f"matrix {name} {next(world.counter)}"
    u = schema.decision_update
    return Sent(
        "PATCH",
        f"/api/v1/decisions/{world.decision[where]}",
        {"json": {"status": "in_progress", "note": note}},
        lambda: _scalar(world, sa.select(sa.func.count()).where(u.c.note == note)) == 1,
    )


def _patches_decision(who: Who, where: str) -> int:
    """Inside the write scope: 200; a decision it may see but not write: 403; one it cannot see: 404."""
    if who.writes_inside if where == "inside" else who.writes_outside:
        return 200
    return 403 if where == "inside" or who.sees_all else 404


def _decision_list(world: World, who: Who, where: str, answer) -> None:
    ids = {decision["id"] for decision in answer.get_json()}
    assert world.decision["inside"] in ids
    assert (world.decision["outside"] in ids) == who.sees_all


def _check_rows(world: World, who: Who, where: str, answer) -> None:
    assert {row["area"] for row in answer.get_json()} == {_province(where)}


def _crisis_list(world: World, who: Who, where: str, answer) -> None:
    ids = {crisis["id"] for crisis in answer.get_json()}
    assert world.crisis["inside"] in ids
    assert (world.crisis["outside"] in ids) == who.sees_all


def _history_rows(world: World, who: Who, where: str, answer) -> None:
    assert {row["area"] for row in answer.get_json()} <= (who.sees_inside or {OUTSIDE, INSIDE})


def get_crisis(world: World, name: str, where: str) -> Sent:
    return Sent("GET", f"/api/v1/crises/{world.crisis[where]}", {})


def _crisis_visible(who: Who, where: str) -> int:
    return 200 if where == "inside" or who.sees_all else 404


def _alert_about(world: World, province: str, message: str) -> int:
    """An alert of the world's one rule about a province, as the rules' evaluation fires one."""
    with world.store.write(bump_version=False) as conn:
        rule_id = conn.execute(sa.select(sa.func.min(schema.alert_rule.c.id))).scalar()
        if rule_id is None:
            rule_id = alerts.add_rule(conn, "status_enters", "matrix", level="red")
        return conn.execute(
            schema.alert.insert()
            .values(rule_id=rule_id, condition_key=message, subject_kind="indicator",
                    subject_code=f"/province/{province}", areas=f",{province},", level="red", message_th=message,
                    message_en=message, fired_at=utc_now())
            .returning(schema.alert.c.id)
        ).scalar_one()  # fmt: skip


def get_alerts(world: World, name: str, where: str) -> Sent:
    """An alert inside and one outside: the reader's feed holds the first, and the second only for a national
    view."""
    marker = f"matrix alert {next(world.counter)}"
    _alert_about(world, INSIDE, f"{marker} inside")
    _alert_about(world, OUTSIDE, f"{marker} outside")

    def extra(world: World, who: Who, where: str, answer) -> None:
        mine = {a["message_en"] for a in answer.get_json() if a["message_en"].startswith(marker)}
        assert mine == ({f"{marker} inside", f"{marker} outside"} if who.sees_all else {f"{marker} inside"})
        assert all(set(a["provinces"]) <= (who.sees_inside or {INSIDE, OUTSIDE}) for a in answer.get_json())

    return Sent("GET", "/api/v1/alerts?limit=500", {}, extra=extra)


def post_alert_rule(world: World, name: str, where: str) -> Sent:
    hours = next(world.counter) + 1000
    r = schema.alert_rule
    return Sent(
        "POST",
        "/api/v1/alerts/rules",
        {"json": {"kind": "crisis_stale", "hours": hours}},
        lambda: _scalar(world, sa.select(sa.func.count()).where(r.c.hours == hours)) == 1,
    )


def patch_alert_rule(world: World, name: str, where: str) -> Sent:
    with world.store.write(bump_version=False) as conn:
        rule_id = alerts.add_rule(conn, "crisis_reported", "matrix")
    r = schema.alert_rule
    return Sent(
        "PATCH",
        f"/api/v1/alerts/rules/{rule_id}",
        {"json": {"enabled": False}},
        lambda: _scalar(world, sa.select(r.c.enabled).where(r.c.id == rule_id)) is False,
    )


def post_alert_recipient(world: World, name: str, where: str) -> Sent:
    address = f"https://hooks.example.org/matrix/{next(world.counter)}"
    p = schema.alert_recipient
    return Sent(
        "POST",
        "/api/v1/alerts/recipients",
        {"json": {"kind": "webhook", "address": address, "area_code": "REO08"}},
        lambda: _scalar(world, sa.select(sa.func.count()).where(p.c.address == address)) == 1,
    )


def patch_alert_recipient(world: World, name: str, where: str) -> Sent:
    with world.store.write(bump_version=False) as conn:
        recipient_id = alerts.add_recipient(conn, "email", f"matrix{next(world.counter)}@moe.go.th", "matrix")
    p = schema.alert_recipient
    return Sent(
        "PATCH",
        f"/api/v1/alerts/recipients/{recipient_id}",
        {"json": {"enabled": False}},
        lambda: _scalar(world, sa.select(p.c.enabled).where(p.c.id == recipient_id)) is False,
    )


def put_alert_smtp(world: World, name: str, where: str) -> Sent:
    host = f"mail{next(world.counter)}.moe.go.th"

    def done() -> bool:
        with world.store.read() as conn:
            return (alerts.smtp_settings(conn) or {}).get("host") == host

    body = {"host": host, "port": 587, "sender": "cockpit@moe.go.th", "security": "starttls"}
    return Sent("PUT", "/api/v1/alerts/smtp", {"json": body}, done)


def retry_delivery(world: World, name: str, where: str) -> Sent:
    """A delivery that gave up, to an office's webhook: each principal asks to send it again."""
    alert_id = _alert_about(world, _province(where), f"matrix delivery {next(world.counter)}")
    d = schema.alert_delivery
    with world.store.write(bump_version=False) as conn:
        recipient_id = alerts.add_recipient(conn, "webhook", "http://127.0.0.1:9/matrix", "matrix")
        delivery_id = conn.execute(
            d.insert()
            .values(alert_id=alert_id, recipient_id=recipient_id, attempt=10, status="gave_up",
                    next_attempt_at=utc_now(), error="no answer")
            .returning(d.c.id)
        ).scalar_one()  # fmt: skip
    again = sa.select(sa.func.count()).where(d.c.alert_id == alert_id, d.c.attempt == 11)
    return Sent("POST", f"/api/v1/alerts/deliveries/{delivery_id}/retry", {}, lambda: _scalar(world, again) == 1)


@dataclass(frozen=True)
class Route:
    make: Callable[[World, str, str], Sent]
    expect: Callable[[Who, str], int]
    scoped: bool = False  # inside and outside differ


ROUTES: dict[tuple[str, str], Route] = {
    ("GET", "/api/v1/version"): Route(get("/api/v1/version"), _any),
    ("GET", "/api/v1/provinces"): Route(get("/api/v1/provinces"), _any),
    ("GET", "/api/v1/regions"): Route(get("/api/v1/regions"), _any),
    ("GET", "/api/v1/schemes"): Route(get("/api/v1/schemes"), _any),
    ("GET", "/api/v1/indicators"): Route(get("/api/v1/indicators"), _any),
    ("GET", "/api/v1/results"): Route(
        lambda world, name, where: Sent(
            "GET",
            "/api/v1/results?indicator=TR01&fy=2568&level=" + ("province" if where == "inside" else "nation"),
            {},
            extra=_province_rows if where == "inside" else None,
        ),
        _reads_area,
        scoped=True,
    ),
    ("GET", "/api/v1/results/history"): Route(
        get("/api/v1/results/history?indicator=TR01&area={province}", _history_rows), _reads_area, scoped=True
    ),
    ("GET", "/api/v1/checks"): Route(get("/api/v1/checks?region={province}", _check_rows), _reads_area, scoped=True),
    ("GET", "/api/v1/approvals"): Route(
        get("/api/v1/approvals?region={province}", _approval_rows), _reads_area, scoped=True
    ),
    ("POST", "/api/v1/approvals"): Route(post_approval, _approves, scoped=True),
    ("GET", "/api/v1/approvals/log"): Route(
        get("/api/v1/approvals/log?region={province}", _approval_rows), _reads_area, scoped=True
    ),
    ("GET", "/api/v1/approvals/settings"): Route(get("/api/v1/approvals/settings"), _any),
    ("PUT", "/api/v1/approvals/settings"): Route(put_approval_settings, _national_writer),
    ("GET", "/api/v1/chain"): Route(get("/api/v1/chain"), _national),
    ("GET", "/api/v1/exports/emenscr.csv"): Route(get("/api/v1/exports/emenscr.csv", _a_national_csv), _national),
    ("GET", "/api/v1/crises"): Route(get("/api/v1/crises", _crisis_list), _any),
    ("GET", "/api/v1/crises/<path:crisis_id>"): Route(get_crisis, _crisis_visible, scoped=True),
    ("POST", "/api/v1/crises"): Route(post_crisis, _writes(201), scoped=True),
    ("PATCH", "/api/v1/crises/<path:crisis_id>"): Route(patch_crisis, _writes(200), scoped=True),
    ("GET", "/api/v1/comments"): Route(get("/api/v1/comments"), _any),
    ("POST", "/api/v1/comments"): Route(post_comment, _comments_on_what_it_reads, scoped=True),
    ("DELETE", "/api/v1/comments/<path:comment_id>"): Route(delete_comment, _withdraws_comment, scoped=True),
    ("GET", "/api/v1/decisions"): Route(get("/api/v1/decisions", _decision_list), _any),
    ("POST", "/api/v1/decisions"): Route(post_decision, _writes(201), scoped=True),
    ("PATCH", "/api/v1/decisions/<path:decision_id>"): Route(patch_decision, _patches_decision, scoped=True),
    ("POST", "/api/v1/results"): Route(post_results, _writes(200), scoped=True),
    ("POST", "/api/v1/import"): Route(post_import, _writes(200), scoped=True),
    ("POST", "/api/v1/school-results"): Route(post_school_results, _writes(200), scoped=True),
    ("GET", "/api/v1/school-results"): Route(
        get("/api/v1/school-results?province={province}", _school_rows), _reads_area, scoped=True
    ),
    ("POST", "/api/v1/tokens"): Route(post_token, lambda who, _w: 201 if "people" in who.may else 403),
    ("GET", "/api/v1/deck"): Route(get("/api/v1/deck"), _any),
    ("POST", "/api/v1/deck"): Route(post_deck, _needs("deck")),
    ("POST", "/api/v1/meetings"): Route(post_meeting, lambda who, _w: 201 if "deck" in who.may else 403),
    ("GET", "/api/v1/meetings/latest/changes"): Route(get("/api/v1/meetings/latest/changes"), _national),
    ("GET", "/api/v1/briefing.pdf"): Route(get("/api/v1/briefing.pdf", _a_pdf), _national_print),
    ("GET", "/api/v1/catalogue"): Route(get("/api/v1/catalogue"), _any),
    ("GET", "/api/v1/catalogue/columns"): Route(get("/api/v1/catalogue/columns"), _any),
    ("POST", "/api/v1/catalogue"): Route(post_catalogue, _needs("catalogue")),
    ("GET", "/api/v1/users"): Route(get("/api/v1/users"), _needs("people")),
    ("POST", "/api/v1/users"): Route(post_user, lambda who, _w: 201 if "people" in who.may else 403),
    ("PATCH", "/api/v1/users/<username>"): Route(patch_user, _needs("people")),
    ("GET", "/api/v1/tokens"): Route(get("/api/v1/tokens"), _needs("people")),
    ("POST", "/api/v1/tokens/<path:token_id>/revoke"): Route(revoke_token, _needs("people")),
    ("GET", "/api/v1/devices"): Route(get("/api/v1/devices"), _needs("deck")),
    ("POST", "/api/v1/devices"): Route(post_device, lambda who, _w: 201 if "deck" in who.may else 403),
    ("POST", "/api/v1/devices/<path:link_id>/revoke"): Route(revoke_device, _needs("deck")),
    ("GET", "/api/v1/settings"): Route(get("/api/v1/settings"), _needs("people")),
    ("PUT", "/api/v1/settings"): Route(put_settings, _needs("people")),
    ("GET", "/api/v1/audit"): Route(get("/api/v1/audit?limit=5"), _needs("audit")),
    ("GET", "/api/v1/alerts"): Route(get_alerts, _any),
    ("GET", "/api/v1/alerts/rules"): Route(get("/api/v1/alerts/rules"), _needs("people")),
    ("POST", "/api/v1/alerts/rules"): Route(post_alert_rule, lambda who, _w: 201 if "people" in who.may else 403),
    ("PATCH", "/api/v1/alerts/rules/<path:rule_id>"): Route(patch_alert_rule, _needs("people")),
    ("GET", "/api/v1/alerts/recipients"): Route(get("/api/v1/alerts/recipients"), _needs("people")),
    ("POST", "/api/v1/alerts/recipients"): Route(
        post_alert_recipient, lambda who, _w: 201 if "people" in who.may else 403
    ),
    ("PATCH", "/api/v1/alerts/recipients/<path:recipient_id>"): Route(patch_alert_recipient, _needs("people")),
    ("GET", "/api/v1/alerts/smtp"): Route(get("/api/v1/alerts/smtp"), _needs("people")),
    ("PUT", "/api/v1/alerts/smtp"): Route(put_alert_smtp, _needs("people")),
    ("GET", "/api/v1/alerts/deliveries"): Route(get("/api/v1/alerts/deliveries"), _needs("people")),
    ("POST", "/api/v1/alerts/deliveries/<path:delivery_id>/retry"): Route(
        retry_delivery, lambda who, _w: 201 if "people" in who.may else 403, scoped=True
    ),
    # The province polygons are open (tests/test_people.py); a wall screen's device reads the version only.
}
# What a wall screen's link may reach beyond /wall: the data version its page checks.
DEVICE_READS = {("GET", "/api/v1/version")}


def api_routes(app) -> set[tuple[str, str]]:
    found = set()
    for rule in app.server.url_map.iter_rules():
        if not rule.rule.startswith("/api/") or rule.rule in OPEN or rule.rule.startswith("/api/v1/geo/"):
            continue
        if rule.endpoint.startswith("api_v1_fallback."):  # a path no route names: JSON 404 / 405 for anyone
            continue
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}:
            found.add((method, rule.rule))
    return found


@pytest.fixture(params=["duckdb", "postgres"])
def world(request, worlds) -> World:
    return worlds(request.param)


def test_every_api_route_has_a_matrix_entry(world):
    routes = api_routes(world.app)
    assert routes - set(ROUTES) == set(), "add the new route to ROUTES, with who may use it"
    assert set(ROUTES) - routes == set(), "ROUTES names a route the app no longer has"


@pytest.mark.parametrize("route", sorted(ROUTES), ids=lambda r: f"{r[0]} {r[1]}")
def test_each_principal_inside_and_outside_its_scopes(world, route):
    spec = ROUTES[route]
    for name, who in PRINCIPALS.items():
        for where in ("inside", "outside") if spec.scoped else ("inside",):
            sent = spec.make(world, name, where)
            if who.kind == "device":
                expected = 200 if route in DEVICE_READS else 403
            else:
                expected = spec.expect(who, where)
            answer = world.clients[name].open(sent.path, method=sent.method, **sent.kwargs)
            case = f"{name} {where}: {sent.method} {sent.path}"
            assert answer.status_code == expected, (case, answer.status_code, answer.data[:300])
            if sent.done is not None:
                assert sent.done() == (expected < 400), f"{case}: the store {'lacks' if expected < 400 else 'holds'} it"
            if sent.extra is not None and expected == 200:
                sent.extra(world, who, where, answer)

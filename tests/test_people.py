"""People (issue 9): the door in front of every route, sign-in and sessions, roles and scopes on every read and
write, device links for wall screens, token expiry and revocation, and the audit trail — on both stores."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from cockpit.people import devices, tokens, users
from cockpit.store import schema
from cockpit.store.database import utc_now
from cockpit.write import audit
from tests.conftest import apps_per_backend
from tests.signin import PASSWORD, form_token, make_user, sign_in, signed_in_client

OPEN_RULES = {
    "/login",
    "/login/sso",  # answers 404 until single sign-on is configured (tests/test_sso.py)
    "/login/sso/callback",
    "/api/v1/health",
    "/api/v1/openapi.json",
    "/api/v1/geo/provinces.geojson",
    "/api/v1/geo/provinces.<fingerprint>.geojson",
    "/screen/<key>",
    "/_favicon.ico",
}
OPEN_PREFIXES = ("/assets/", "/_dash-component-suites/", "/static/")


@pytest.fixture(scope="module")
def people_stores(tmp_path_factory):
    """A demo store per backend with a server, shared by this module's read-only tests."""
    yield from apps_per_backend(tmp_path_factory, demo=True)


@pytest.fixture(params=["duckdb", "postgres"])
def served(request, people_stores):
    return people_stores(request.param)


def _concrete(rule: str) -> str:
    return re.sub(r"<(?:int:)?(\w+)>", lambda m: "1" if "int:" in m.group(0) else "x", rule)


def test_every_route_needs_a_login_except_the_open_ones(served):
    """Walks the Flask URL map and every Dash callback: without a session or token each answers 401 (API and
    Dash's own requests) or a redirect to the sign-in page (pages)."""
    store, app = served
    client = app.server.test_client()
    client.environ_base["HTTP_ORIGIN"] = "http://localhost"
    checked = 0
    for rule in app.server.url_map.iter_rules():
        if rule.rule in OPEN_RULES or rule.rule.startswith(OPEN_PREFIXES):
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            response = client.open(_concrete(rule.rule), method=method)
            checked += 1
            if rule.rule.startswith(("/api/", "/_dash-", "/_reload-hash")):
                assert response.status_code == 401, (method, rule.rule, response.status_code)
            else:
                assert response.status_code == 302, (method, rule.rule, response.status_code)
                assert response.headers["Location"].startswith("/login?next="), rule.rule
    assert checked >= 30, f"only {checked} routes walked"
    for callback_id in app.callback_map:
        response = client.post("/_dash-update-component", json={"output": callback_id, "inputs": [], "state": []})
        assert response.status_code == 401, callback_id
    for path in ("/", "/region/REO15", "/province/TH-50", "/wall", "/deck", "/catalogue", "/account", "/anything"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login"), path
    for path in ("/login", "/api/v1/health", "/api/v1/openapi.json", "/assets/cockpit.css"):
        assert client.get(path).status_code == 200, path


def test_signing_in_and_out(served):
    store, app = served
    username = make_user(store, "executive", "national", None)
    client = app.server.test_client()
    client.environ_base["HTTP_ORIGIN"] = "http://localhost"
    wrong = sign_in(client, username, "not the password")
    assert wrong.status_code == 401 and "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in wrong.get_data(as_text=True)
    assert client.get("/api/v1/version").status_code == 401
    unknown = sign_in(client, "nobody-here", PASSWORD)
    assert unknown.status_code == 401
    good = sign_in(client, username, next_path="/region/REO15")
    assert good.status_code == 302 and good.headers["Location"] == "/region/REO15"
    cookie = good.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Expires=" in cookie
    assert client.get("/api/v1/version").status_code == 200
    out = client.post("/logout")
    assert out.status_code == 302 and out.headers["Location"].startswith("/login")
    assert client.get("/api/v1/version").status_code == 401
    with store.read() as conn:
        entries = audit.entries(conn, actor=username)
    outcomes = [(e["action"], e["outcome"]) for e in entries]
    assert ("login", "refused") in outcomes and ("login", "ok") in outcomes and ("logout", "ok") in outcomes
    with store.read() as conn:
        assert any(e["outcome"] == "refused" for e in audit.entries(conn, action="login", subject="nobody-here"))


def test_login_refuses_a_stale_form_and_an_open_redirect(served):
    store, app = served
    username = make_user(store, "executive", "national", None)
    client = app.server.test_client()
    no_form_token = client.post("/login", data={"username": username, "password": PASSWORD, "next": "/"})
    assert no_form_token.status_code == 400 and client.get("/api/v1/version").status_code == 401
    away = client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": form_token(client), "next": "//evil.example/"},
    )
    assert away.status_code == 302 and away.headers["Location"] == "/"


def test_a_tampered_or_expired_session_is_refused(served):
    store, app = served
    client = signed_in_client(app, store, "executive", "national", None)
    cookie = client.get_cookie("cockpit_session")
    value = cookie.value
    client.set_cookie("cockpit_session", value[:-2] + ("A" if value[-2] != "A" else "B") + value[-1])
    assert client.get("/api/v1/version").status_code == 401
    client.set_cookie("cockpit_session", value)
    assert client.get("/api/v1/version").status_code == 200
    server = app.server
    lifetime = server.permanent_session_lifetime
    server.permanent_session_lifetime = dt.timedelta(seconds=-1)
    try:
        assert client.get("/api/v1/version").status_code == 401, "a session past its lifetime"
    finally:
        server.permanent_session_lifetime = lifetime


def test_disabling_a_user_or_changing_a_password_ends_their_sessions(served):
    store, app = served
    username = make_user(store, "officer", "region:REO15", "region:REO15")
    first = app.server.test_client()
    assert sign_in(first, username).status_code == 302
    second = app.server.test_client()
    second.environ_base["HTTP_ORIGIN"] = "http://localhost"
    assert sign_in(second, username).status_code == 302
    changed = second.post(
        "/account",
        data={
            "current": PASSWORD,
            "new": "a-new-password-2569",
            "repeat": "a-new-password-2569",
            "csrf_token": form_token(second, "/account"),
        },
    )
    assert changed.status_code == 200 and "เปลี่ยนรหัสผ่านแล้ว" in changed.get_data(as_text=True)
    assert second.get("/api/v1/version").status_code == 200, "the session that changed it stays"
    assert first.get("/api/v1/version").status_code == 401, "other sessions end"
    with store.write(bump_version=False) as conn:
        users.set_disabled(conn, username, True)
    assert second.get("/api/v1/version").status_code == 401
    assert sign_in(app.server.test_client(), username, "a-new-password-2569").status_code == 401


def test_a_browser_write_from_another_site_is_refused(served):
    store, app = served
    client = signed_in_client(app, store, "operator", "national", "national")
    with store.read() as conn:
        before = conn.execute(sa.select(schema.deck_state.c.show)).scalar()
    client.environ_base.pop("HTTP_ORIGIN")
    assert client.post("/api/v1/deck", json={"show": "/wall/red"}).status_code == 403
    foreign = client.post("/api/v1/deck", json={"show": "/wall/red"}, headers={"Origin": "http://evil.example"})
    assert foreign.status_code == 403
    with store.read() as conn:
        assert conn.execute(sa.select(schema.deck_state.c.show)).scalar() == before


READS = {
    "nation results": "/api/v1/results?indicator=JI24&level=nation&fy=2568",
    "chain": "/api/v1/chain",
    "crises": "/api/v1/crises",
    "province results": "/api/v1/results?indicator=JI24&level=province&fy=2568",
    "region results": "/api/v1/results?indicator=JI24&level=region&fy=2568",
}


def test_reads_obey_the_view_scope(served):
    """A ศธภ.15 officer sees its provinces and region only; the nation's and the chain's figures are refused."""
    store, app = served
    national = signed_in_client(app, store, "executive", "national", None)
    office = signed_in_client(app, store, "officer", "region:REO15", "region:REO15")
    with store.read() as conn:
        from cockpit.read.queries import regions

        reo15 = set(next(r for r in regions(conn) if r["code"] == "REO15")["provinces"])
    for name, path in READS.items():
        assert national.get(path).status_code == 200, name
    assert office.get(READS["nation results"]).status_code == 403
    assert office.get(READS["chain"]).status_code == 403
    provinces = office.get(READS["province results"]).get_json()
    assert {row["area"] for row in provinces} == reo15
    assert len(national.get(READS["province results"]).get_json()) == 77
    assert [row["area"] for row in office.get(READS["region results"]).get_json()] == ["REO15"]
    every = national.get(READS["crises"]).get_json()
    mine = office.get(READS["crises"]).get_json()
    assert mine and len(mine) < len(every)
    assert all(set(crisis["provinces"]) & reo15 for crisis in mine)
    outside = next(c for c in every if not set(c["provinces"]) & reo15)
    assert office.get(f"/api/v1/crises/{outside['id']}").status_code == 404
    assert national.get(f"/api/v1/crises/{outside['id']}").status_code == 200


def _pages(store, client, path: str):
    """The text of the router's page for a path as the signed-in client sees it (a Dash callback request)."""

    def texts(node) -> str:
        if isinstance(node, str):
            return node
        if isinstance(node, list):
            return " ".join(texts(n) for n in node)
        if isinstance(node, dict):
            return texts(node.get("props", {}).get("children")) if "props" in node else ""
        return ""

    body = {
        "output": "..header.children...breadcrumb.children...page.children...rendered-version.data..",
        "outputs": [
            {"id": "header", "property": "children"},
            {"id": "breadcrumb", "property": "children"},
            {"id": "page", "property": "children"},
            {"id": "rendered-version", "property": "data"},
        ],
        "inputs": [
            {"id": "url", "property": "pathname", "value": path.split("?")[0]},
            {"id": "url", "property": "search", "value": "?" + path.split("?")[1] if "?" in path else ""},
            {"id": "data-version", "property": "data", "value": None},
        ],
        "changedPropIds": ["url.pathname"],
        "state": [],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.data[:300]
    return texts(response.get_json()["response"]["page"]["children"])


def test_pages_obey_roles_and_scopes(served):
    store, app = served
    office = signed_in_client(app, store, "officer", "region:REO15", "region:REO15")
    executive = signed_in_client(app, store, "executive", "national", None)
    assert "ไม่มีสิทธิ์" not in _pages(store, office, "/region/REO15")
    assert "ไม่มีสิทธิ์" not in _pages(store, office, "/province/TH-50")
    for path in ("/region/REO01", "/province/TH-10", "/", "/chain", "/wall", "/deck", "/catalogue"):
        assert "ไม่มีสิทธิ์เข้าถึงหน้านี้" in _pages(store, office, path), path
    assert "ไม่มีสิทธิ์" not in _pages(store, executive, "/")
    # The first load of a page answers with the same verdict as an HTTP status.
    assert office.get("/region/REO15").status_code == 200
    assert office.get("/region/REO01").status_code == 403
    assert office.get("/province/TH-10").status_code == 403
    assert executive.get("/deck").status_code == 403
    assert executive.get("/no/such/page").status_code == 404
    assert "ไม่มีสิทธิ์เข้าถึงหน้านี้" in _pages(store, executive, "/deck"), "an executive does not drive the room"
    assert "ไม่มีสิทธิ์เข้าถึงหน้านี้" in _pages(store, executive, "/upload"), "no write scope, no upload"


def _result_row(province: str, value: int) -> dict:
    return {"indicator": "JI24", "area": province, "fiscal_year_be": 2571, "numerator": value, "denominator": 1000}


def _stored(store, province: str):
    r = schema.indicator_result
    with store.read() as conn:
        return conn.execute(
            sa.select(r.c.numerator).where(
                r.c.indicator_code == "JI24", r.c.province_code == province, r.c.fiscal_year_be == 2571
            )
        ).scalar()


WRITE_MATRIX = [
    # role, view, write, province written, expected status
    ("administrator", "national", "national", "TH-10", 200),
    ("executive", "national", None, "TH-10", 403),
    ("operator", "national", "national", "TH-10", 200),
    ("officer", "region:REO15", "region:REO15", "TH-50", 200),
    ("officer", "region:REO15", "region:REO15", "TH-10", 403),
    ("reporter", "province:TH-50", "province:TH-50", "TH-50", 200),
    ("reporter", "province:TH-50", "province:TH-50", "TH-51", 403),
]


@pytest.mark.parametrize(("role", "view", "write", "province", "status"), WRITE_MATRIX)
def test_writes_obey_role_and_write_scope(served, role, view, write, province, status):
    store, app = served
    client = signed_in_client(app, store, role, view, write)
    value = 100 + WRITE_MATRIX.index((role, view, write, province, status))
    before = _stored(store, province)
    response = client.post("/api/v1/results", json={"results": [_result_row(province, value)]})
    assert response.status_code == status, response.get_json()
    assert _stored(store, province) == (value if status == 200 else before)
    with store.read() as conn:
        last = audit.entries(conn, action="POST /api/v1/results", limit=1)[0]
    assert last["outcome"] == ("ok" if status == 200 else "refused")


@pytest.mark.parametrize(
    ("role", "status"), [("administrator", 200), ("operator", 200), ("executive", 403), ("officer", 403)]
)
def test_only_operators_and_administrators_drive_the_deck(served, role, status):
    store, app = served
    client = signed_in_client(app, store, role, "national", "national" if role != "executive" else None)
    response = client.post("/api/v1/deck", json={"show": None, "paused": False})
    assert response.status_code == status


def test_people_admin_routes_need_an_administrator(served):
    store, app = served
    admin = signed_in_client(app, store, "administrator")
    officer = signed_in_client(app, store, "officer", "region:REO15", "region:REO15")
    for path in ("/api/v1/users", "/api/v1/tokens", "/api/v1/audit", "/api/v1/settings"):
        assert officer.get(path).status_code == 403, path
        assert admin.get(path).status_code == 200, path
    made = admin.post(
        "/api/v1/users",
        json={
            "username": "reo15.somchai",
            "password": "long-enough-password",
            "role": "officer",
            "view_scope": "region:REO15",
            "write_scope": "province:TH-50",
        },
    )
    assert made.status_code in (201, 422), made.get_json()  # 422 when the other backend's run made it already
    bad = [
        {"username": "x", "password": "long-enough-password", "role": "officer", "view_scope": "national"},
        {"username": "ok.name", "password": "short", "role": "officer", "view_scope": "national"},
        {"username": "ok.name2", "password": "long-enough-password", "role": "king", "view_scope": "national"},
        {"username": "ok.name3", "password": "long-enough-password", "role": "officer", "view_scope": "region:NOPE"},
        {
            "username": "ok.name4",
            "password": "long-enough-password",
            "role": "officer",
            "view_scope": "province:TH-50",
            "write_scope": "region:REO15",
        },
    ]
    for payload in bad:
        assert admin.post("/api/v1/users", json=payload).status_code == 422, payload
    with store.read() as conn:
        names = {u["username"] for u in users.list_users(conn)}
    assert "reo15.somchai" in names and not {"x", "ok.name", "ok.name2", "ok.name3", "ok.name4"} & names
    assert admin.patch("/api/v1/users/reo15.somchai", json={"disabled": True}).status_code == 200
    assert sign_in(app.server.test_client(), "reo15.somchai", "long-enough-password").status_code == 401
    assert admin.patch("/api/v1/users/nobody.at.all", json={"disabled": True}).status_code == 404


def test_tokens_expire_and_can_be_revoked(served):
    store, app = served
    admin = signed_in_client(app, store, "administrator")
    with store.write(bump_version=False) as conn:
        short = tokens.create_token(conn, "หมดอายุ (ทดสอบ)", "national", utc_now() + dt.timedelta(hours=1))
        kept = tokens.create_token(conn, "ใช้ต่อ (ทดสอบ)", "province:TH-50")
        t = schema.api_token
        conn.execute(
            t.update().where(t.c.name == "หมดอายุ (ทดสอบ)").values(expires_at=utc_now() - dt.timedelta(seconds=1))
        )
    client = app.server.test_client()
    assert client.get("/api/v1/version", headers={"Authorization": f"Bearer {short}"}).status_code == 401
    assert client.get("/api/v1/version", headers={"Authorization": f"Bearer {kept}"}).status_code == 200
    listed = {row["name"]: row for row in admin.get("/api/v1/tokens").get_json()}
    assert listed["ใช้ต่อ (ทดสอบ)"]["last_used_at"] is not None and "token" not in listed["ใช้ต่อ (ทดสอบ)"]
    revoked = admin.post(f"/api/v1/tokens/{listed['ใช้ต่อ (ทดสอบ)']['id']}/revoke")
    assert revoked.status_code == 200
    assert client.get("/api/v1/version", headers={"Authorization": f"Bearer {kept}"}).status_code == 401
    assert admin.post("/api/v1/tokens/999999/revoke").status_code == 404
    made = admin.post("/api/v1/tokens", json={"name": "สคริปต์ (ทดสอบ)", "scope": "region:REO15", "expires_days": 30})
    assert made.status_code == 201
    with store.read() as conn:
        row = conn.execute(sa.select(schema.api_token).where(schema.api_token.c.name == "สคริปต์ (ทดสอบ)")).one()
    assert dt.timedelta(days=29) < row.expires_at - utc_now() <= dt.timedelta(days=30)
    assert admin.post("/api/v1/tokens", json={"name": "x", "scope": "national", "expires_days": 0}).status_code == 422


def test_a_device_link_opens_the_wall_and_nothing_else(served):
    store, app = served
    operator = signed_in_client(app, store, "operator", "national", "national")
    made = operator.post("/api/v1/devices", json={"name": "ห้องประชุม จอซ้าย (ทดสอบ)"})
    assert made.status_code == 201
    link = made.get_json()["link"]
    key_path = link[link.index("/screen/") :]
    screen = app.server.test_client()
    screen.environ_base["HTTP_ORIGIN"] = "http://localhost"  # a browser's Dash requests carry it
    opened = screen.get(key_path + "?screen=red")
    assert opened.status_code == 302 and opened.headers["Location"] == "/wall?screen=red"
    assert screen.get("/wall").status_code == 200
    assert screen.get("/api/v1/version").status_code == 200
    assert screen.get("/region/REO15").headers["Location"] == "/wall"
    assert screen.get("/api/v1/results?indicator=JI24").status_code == 403
    assert "ไม่มีสิทธิ์เข้าถึงหน้านี้" in _pages(store, screen, "/province/TH-50")
    assert "ไม่มีสิทธิ์" not in _pages(store, screen, "/wall")
    assert operator.post(f"/api/v1/devices/{made.get_json()['id']}/revoke").status_code == 200
    assert screen.get("/api/v1/version").status_code == 401
    assert screen.get(key_path).status_code == 403
    assert app.server.test_client().get("/screen/not-a-key").status_code == 403
    with store.read() as conn:
        listed = devices.list_device_links(conn)
        assert any(d["revoked_at"] is not None and d["last_used_at"] is not None for d in listed)


def test_public_read_is_off_by_default_and_read_only_when_on(served):
    store, app = served
    admin = signed_in_client(app, store, "administrator")
    anyone = app.server.test_client()
    anyone.environ_base["HTTP_ORIGIN"] = "http://localhost"
    assert admin.get("/api/v1/settings").get_json() == {"public_read": False}
    assert anyone.get("/api/v1/results?indicator=JI24").status_code == 401
    try:
        assert admin.put("/api/v1/settings", json={"public_read": True}).status_code == 200
        assert anyone.get("/api/v1/results?indicator=JI24").status_code == 200
        assert anyone.get("/").status_code == 200
        assert anyone.post("/api/v1/results", json={"results": []}).status_code == 401
        assert anyone.post("/api/v1/deck", json={"show": None}).status_code == 401
    finally:
        assert admin.put("/api/v1/settings", json={"public_read": False}).status_code == 200
    assert anyone.get("/api/v1/results?indicator=JI24").status_code == 401


def test_the_audit_trail_filters(served):
    store, app = served
    admin = signed_in_client(app, store, "administrator")
    admin.post("/api/v1/deck", json={"show": None, "paused": False})
    rows = admin.get("/api/v1/audit?what=deck&limit=5").get_json()
    assert rows and all("deck" in row["action"] for row in rows)
    assert rows[0]["address"] == "127.0.0.1"
    since = (utc_now() + dt.timedelta(days=1)).date().isoformat()
    assert admin.get(f"/api/v1/audit?since={since}").get_json() == []
    assert admin.get("/api/v1/audit?since=yesterday").status_code == 422
    assert admin.get("/api/v1/audit?limit=0").status_code == 422

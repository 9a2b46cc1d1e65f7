"""The administrator's pages (issue 9): /people adds and changes users, makes and revokes tokens and screen
links through its callbacks as the signed-in person, audited as the API does; an operator gets the screen
links only; whoever may not is refused on the server when they post a callback by hand; /audit filters the
trail and opens an entry — on both stores, through the real door (tests/signin.py)."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from callbacks.routing import page_status, render_path
from cockpit.people import users
from cockpit.people.access import Principal, Role
from cockpit.rules.thai_time import be_year, to_bangkok
from cockpit.store.database import utc_now
from cockpit.write import audit
from layouts.pages.audit import detail_panel
from tests.conftest import apps_per_backend
from tests.signin import sign_in, signed_in_client


@pytest.fixture(scope="module")
def admin_stores(tmp_path_factory):
    """A store without the demo per backend (regions and provinces are there) and its app; this module writes."""
    yield from apps_per_backend(tmp_path_factory, demo=False)


@pytest.fixture(params=["duckdb", "postgres"])
def served(request, admin_stores):
    return admin_stores(request.param)


def _key(app, marker: str) -> str:
    return next(key for key in app.callback_map if marker in key)


def call(app, client, marker: str, values: dict, search: str = "", trigger: str | None = None) -> dict:
    """Post one callback as the browser would: `marker` picks it (an output it has), `values` gives its inputs'
    and states' values by "id.property" (missing ones are None). Returns the props it changed by id, or the
    HTTP response when it was not a 200."""
    key = _key(app, marker)
    spec = app.callback_map[key]
    values = {"url.search": search} | values

    def listed(items):
        return [
            {"id": i["id"], "property": i["property"], "value": values.get(f"{i['id']}.{i['property']}")} for i in items
        ]

    outputs = [
        {"id": part.rsplit(".", 1)[0], "property": part.rsplit(".", 1)[1].split("@")[0]}
        for part in key.strip(".").split("...")
    ]
    inputs = listed(spec["inputs"])
    body = {
        "output": key,
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": inputs,
        "state": listed(spec["state"]),
        "changedPropIds": [trigger or f"{inputs[0]['id']}.{inputs[0]['property']}"],
    }
    response = client.post("/_dash-update-component", json=body)
    if response.status_code != 200:
        return {"status": response.status_code}
    return response.get_json()["response"]


def add_user(app, client, search: str = "", **fields) -> dict:
    values = {"ad-add-user.n_clicks": 1} | {f"ad-new-{k}.value": v for k, v in fields.items()}
    return call(app, client, "ad-add-message.children", values, search)


NEW_OFFICER = {
    "username": "reo08.page",
    "display": "สมชาย ใจดี",
    "role": "officer",
    "view": "region:REO08",
    "write": "region:REO08",
    "password": "officer-password-2569",
}


def test_an_administrator_adds_an_officer_who_then_signs_in(served):
    store, app = served
    admin = signed_in_client(app, store, "administrator")
    name = NEW_OFFICER["username"] + store.url.drivername[:4]
    made = add_user(app, admin, **(NEW_OFFICER | {"username": name}))
    assert made["ad-add-message"]["children"] == f"✔ เพิ่มผู้ใช้ {name} แล้ว"
    row = next(r for r in made["ad-users"]["rowData"] if r["username"] == name)
    assert row["role"] == "เจ้าหน้าที่" and row["view_scope"] == "ศธภ. 8" and row["write_scope"] == "ศธภ. 8"
    assert row["enabled"] == "ใช้งานได้" and str(be_year(utc_now().year)) in row["created"]
    assert made["ad-new-username"]["value"] == "" and made["ad-new-password"]["value"] == "", "a new, empty form"
    officer = app.server.test_client()
    assert sign_in(officer, name, NEW_OFFICER["password"]).status_code == 302
    with store.read() as conn:
        entry = audit.entries(conn, action="user_add", subject=name)[0]
    assert entry["outcome"] == "ok" and entry["actor"].startswith("user:t-admin")
    after = entry["detail"]["after"]
    assert entry["detail"]["before"] is None and after["view_scope"] == "region:REO08"
    assert "password_hash" not in after and NEW_OFFICER["password"] not in str(entry["detail"])


def test_refusals_say_why_in_the_page_language_and_keep_what_was_typed(served):
    store, app = served
    admin = signed_in_client(app, store, "administrator")
    taken = "reo08.taken" + store.url.drivername[:4]
    assert "✔" in add_user(app, admin, **(NEW_OFFICER | {"username": taken}))["ad-add-message"]["children"]
    cases = [
        ({"username": taken}, "มีผู้ใช้ชื่อนี้แล้ว"),
        ({"username": "x"}, "ชื่อผู้ใช้ต้องมี 2–63 ตัว"),
        ({"password": "short"}, "อย่างน้อย 10 ตัวอักษร"),
        ({"password": ""}, "กรุณาตั้งรหัสผ่านเริ่มต้น"),
        ({"view": None}, "กรุณาเลือกขอบเขต"),
        ({"role": None}, "กรุณาเลือกบทบาท"),
        ({"view": "province:TH-50", "write": "region:REO08"}, "ภายในขอบเขตที่ดูได้"),
        ({"view": "region:NOPE"}, "กรุณาเลือกขอบเขต"),
    ]
    for change, words in cases:
        answer = add_user(app, admin, **(NEW_OFFICER | {"username": "reo08.someone"} | change))
        assert words in answer["ad-add-message"]["children"], change
        assert answer["ad-add-message"]["children"].startswith("✖")
        assert not {"ad-new-username", "ad-new-password", "ad-users"} & set(answer), "what was typed stays"
    english = add_user(app, admin, "?lang=en", **(NEW_OFFICER | {"username": taken}))
    assert english["ad-add-message"]["children"] == "✖ A user of that name exists already"
    with store.read() as conn:
        assert users.get_user(conn, "reo08.someone") is None
        refused = audit.entries(conn, action="user_add", subject=taken)
    assert any(e["outcome"] == "refused" for e in refused)


def _change(app, client, button: str, username: str, password: str | None = None, search: str = "") -> dict:
    values = {
        f"{button}.n_clicks": 1,
        "ad-users.selectedRows": [{"username": username}] if username else None,
        "ad-user-password.value": password,
    }
    return call(app, client, "ad-user-message.children", values, search, trigger=f"{button}.n_clicks")


def test_disable_enable_and_a_new_password_end_sessions_and_the_last_administrator_stays(served):
    store, app = served
    admin = signed_in_client(app, store, "administrator")
    name = "reo08.change" + store.url.drivername[:4]
    add_user(app, admin, **(NEW_OFFICER | {"username": name}))
    officer = app.server.test_client()
    assert sign_in(officer, name, NEW_OFFICER["password"]).status_code == 302
    assert "เลือกแถว" in _change(app, admin, "ad-disable", "")["ad-user-message"]["children"]
    disabled = _change(app, admin, "ad-disable", name)
    assert disabled["ad-user-message"]["children"].startswith("✔ ปิดการใช้งาน")
    assert next(r for r in disabled["ad-users"]["rowData"] if r["username"] == name)["enabled"] == "ปิดการใช้งาน"
    assert officer.get("/api/v1/version").status_code == 401, "their session ended"
    _change(app, admin, "ad-enable", name)
    short = _change(app, admin, "ad-set-password", name, "short")
    assert "อย่างน้อย 10 ตัวอักษร" in short["ad-user-message"]["children"] and "ad-user-password" not in short
    done = _change(app, admin, "ad-set-password", name, "another-password-2569")
    assert done["ad-user-password"]["value"] == ""
    assert sign_in(app.server.test_client(), name, "another-password-2569").status_code == 302
    assert sign_in(app.server.test_client(), name, NEW_OFFICER["password"]).status_code == 401

    me = admin.get("/api/v1/users").get_json()
    myself = client_name(admin, store)
    others = [
        u["username"] for u in me if u["role"] == "administrator" and not u["disabled_at"] and u["username"] != myself
    ]
    # Only this administrator is left enabled: disabling them is refused, in Thai and English.
    for other in others:
        assert "✔" in _change(app, admin, "ad-disable", other)["ad-user-message"]["children"]
    try:
        last = _change(app, admin, "ad-disable", myself)
        assert "ผู้ดูแลระบบคนสุดท้าย" in last["ad-user-message"]["children"]
        english = _change(app, admin, "ad-disable", myself, search="?lang=en")
        assert "last enabled administrator" in english["ad-user-message"]["children"]
        assert admin.get("/api/v1/version").status_code == 200
        assert admin.patch(f"/api/v1/users/{myself}", json={"disabled": True}).status_code == 422, "the API too"
    finally:
        with store.write(bump_version=False) as conn:
            for other in others:
                users.set_disabled(conn, other, False)


def _tokens(app, client, button: str, values: dict, search: str = "") -> dict:
    return call(
        app, client, "ad-token-message.children", {f"{button}.n_clicks": 1} | values, search, f"{button}.n_clicks"
    )


def test_a_token_is_shown_once_works_and_is_revoked(served):
    store, app = served
    admin = signed_in_client(app, store, "administrator")
    name = "ศธจ.เชียงใหม่ (หน้า) " + store.url.drivername[:4]
    values = {"ad-token-name.value": name, "ad-token-scope.value": "province:TH-50", "ad-token-days.value": 30}
    bad = _tokens(app, admin, "ad-make-token", values | {"ad-token-scope.value": None})
    assert "กรุณาเลือกขอบเขต" in bad["ad-token-message"]["children"] and "ad-token-name" not in bad
    assert (
        "1 ถึง 3650"
        in _tokens(app, admin, "ad-make-token", values | {"ad-token-days.value": 0})["ad-token-message"]["children"]
    )
    made = _tokens(app, admin, "ad-make-token", values)
    assert made["ad-token-message"]["children"].startswith("✔ สร้างโทเคน")
    secret = made["ad-token-once"]["children"]["props"]["children"][0]["props"]["value"]
    assert secret.startswith("ckp_") and made["ad-token-name"]["value"] == ""
    assert made["ad-token-once"]["children"]["props"]["children"][1]["type"] == "Clipboard"
    row = next(r for r in made["ad-tokens"]["rowData"] if r["name"] == name)
    expires = to_bangkok(utc_now() + dt.timedelta(days=30))
    assert row["scope"] == "เชียงใหม่" and str(be_year(expires.year)) in row["expires"]
    assert row["revoked"] == "ใช้งานอยู่" and secret not in str(made["ad-tokens"])
    bearer = {"Authorization": f"Bearer {secret}"}
    assert app.server.test_client().get("/api/v1/version", headers=bearer).status_code == 200
    revoked = _tokens(app, admin, "ad-revoke-token", {"ad-tokens.selectedRows": [row]})
    assert revoked["ad-token-message"]["children"] == f"✔ ยกเลิกโทเคน {name} แล้ว"
    assert app.server.test_client().get("/api/v1/version", headers=bearer).status_code == 401
    with store.read() as conn:
        made_entry = audit.entries(conn, action="token_add", subject=name)[0]
        assert made_entry["outcome"] == "ok" and secret not in str(made_entry)
        assert audit.entries(conn, action="token_revoke", subject=name)[0]["outcome"] == "ok"


def _devices(app, client, button: str, values: dict) -> dict:
    return call(app, client, "ad-device-message.children", {f"{button}.n_clicks": 1} | values, "", f"{button}.n_clicks")


@pytest.mark.parametrize("role", ["administrator", "operator"])
def test_administrators_and_operators_make_and_revoke_screen_links(served, role):
    store, app = served
    person = signed_in_client(app, store, role, "national", "national")
    assert "กรุณาตั้งชื่อ" in _devices(app, person, "ad-make-device", {})["ad-device-message"]["children"]
    name = f"จอซ้าย ({role}, {store.url.drivername[:4]})"
    made = _devices(app, person, "ad-make-device", {"ad-device-name.value": name})
    link = made["ad-device-once"]["children"]["props"]["children"][0]["props"]["value"]
    assert link.startswith("http://localhost/screen/")
    screen = app.server.test_client()
    assert screen.get(link.removeprefix("http://localhost")).status_code == 302
    assert screen.get("/api/v1/version").status_code == 200
    row = next(r for r in made["ad-devices"]["rowData"] if r["name"] == name)
    revoked = _devices(app, person, "ad-revoke-device", {"ad-devices.selectedRows": [row]})
    assert revoked["ad-device-message"]["children"].startswith("✔ ยกเลิกลิงก์ของ")
    assert screen.get("/api/v1/version").status_code == 401
    with store.read() as conn:
        assert audit.entries(conn, action="device_add", subject=name)[0]["actor"].startswith("user:t-")


@pytest.mark.parametrize(
    ("role", "view", "write"),
    [("officer", "region:REO08", "region:REO08"), ("executive", "national", None), ("operator", "national", None)],
)
def test_whoever_may_not_is_refused_when_posting_a_callback_by_hand(served, role, view, write):
    """The gate and page_refusal guard page loads; each callback checks the person itself."""
    store, app = served
    client = signed_in_client(app, store, role, view, write)
    assert client.get("/people").status_code == (200 if role == "operator" else 403)
    assert client.get("/audit").status_code == 403
    name = f"sneaky.{role}"
    added = add_user(app, client, **(NEW_OFFICER | {"username": name, "role": "administrator", "view": "national"}))
    assert added["ad-add-message"]["children"] == "✖ ท่านไม่มีสิทธิ์ทำรายการนี้" and "ad-users" not in added
    token = _tokens(app, client, "ad-make-token", {"ad-token-name.value": "x", "ad-token-scope.value": "national"})
    assert "ไม่มีสิทธิ์" in token["ad-token-message"]["children"] and "ad-token-once" not in token
    changed = _change(app, client, "ad-set-password", "admin", "taken-over-2569")
    assert "ไม่มีสิทธิ์" in changed["ad-user-message"]["children"]
    trail = call(app, client, "au-grid.rowData", {"au-search.n_clicks": 1})
    assert trail["au-grid"]["rowData"] == [] and "ไม่มีสิทธิ์" in trail["au-problem"]["children"]
    device = _devices(app, client, "ad-make-device", {"ad-device-name.value": "จอแอบ"})
    if role == "operator":
        assert device["ad-device-message"]["children"].startswith("✔")
    else:
        assert "ไม่มีสิทธิ์" in device["ad-device-message"]["children"] and "ad-device-once" not in device
    with store.read() as conn:
        assert users.get_user(conn, name) is None
        assert sign_in(app.server.test_client(), "admin", "taken-over-2569").status_code == 401
        refused = audit.entries(conn, actor=client_name(client, store), action="user_add")
    assert refused and refused[0]["outcome"] == "refused" and refused[0]["detail"] == {"why": "needs manage_people"}


def client_name(client, store) -> str:
    """The signed-in client's user name, from its own account page."""
    with client.session_transaction() as session:
        uid = session["uid"]
    with store.read() as conn:
        return users.get_user_by_id(conn, uid)["username"]


def _principal(role: str) -> Principal:
    return Principal("user", 0, f"test-{role}", Role(role), "national", None, "national", None)


def test_the_page_shows_each_role_its_part_and_the_header_its_pages(served):
    store, app = served
    _, _, as_admin = render_path(store, "/people", "", _principal("administrator"))
    _, _, as_operator = render_path(store, "/people", "", _principal("operator"))
    assert {"ad-users", "ad-tokens", "ad-devices"} <= ids(as_admin)
    assert "ad-devices" in ids(as_operator) and not {"ad-users", "ad-tokens"} & ids(as_operator)
    header, _, _ = render_path(store, "/people", "", _principal("administrator"))
    assert {"nav-people", "nav-audit"} <= ids(header)
    operator_header, _, _ = render_path(store, "/deck", "", _principal("operator"))
    assert "nav-people" in ids(operator_header) and "nav-audit" not in ids(operator_header)
    executive_header, _, _ = render_path(store, "/", "", _principal("executive"))
    assert not {"nav-people", "nav-audit"} & ids(executive_header)
    assert page_status(store, "/people", {}, _principal("executive")) == 403
    assert page_status(store, "/audit", {}, _principal("operator")) == 403
    assert page_status(store, "/audit", {}, _principal("administrator")) == 200


def ids(component) -> set[str]:
    found = set()
    if isinstance(component, (list, tuple)):
        for child in component:
            found |= ids(child)
    elif component is not None and not isinstance(component, str):
        if isinstance(getattr(component, "id", None), str):
            found.add(component.id)
        found |= ids(getattr(component, "children", None))
    return found


def test_the_audit_page_filters_and_opens_an_entry(served):
    store, app = served
    admin = signed_in_client(app, store, "administrator")
    name = "reo08.audit" + store.url.drivername[:4]
    add_user(app, admin, **(NEW_OFFICER | {"username": name}))
    today = to_bangkok(utc_now()).date()
    be_today = f"{today.day}/{today.month}/{be_year(today.year)}"
    values = {"au-search.n_clicks": 1, "au-subject.value": name, "au-from.value": be_today, "au-to.value": be_today}
    found = call(app, admin, "au-grid.rowData", values | {"au-action.value": "user_add"})
    rows = found["au-grid"]["rowData"]
    assert [r["action"] for r in rows] == ["เพิ่มผู้ใช้"] and rows[0]["outcome"] == "สำเร็จ"
    assert str(be_year(today.year)) in rows[0]["when"] and found["au-showing"]["children"].startswith("แสดง 1 ")
    yesterday = today - dt.timedelta(days=1)
    before = call(
        app,
        admin,
        "au-grid.rowData",
        values | {"au-to.value": f"{yesterday.day}/{yesterday.month}/{be_year(yesterday.year)}"},
    )
    assert before["au-grid"]["rowData"] == [] and before["au-showing"]["children"] == "ไม่มีรายการที่ตรงเงื่อนไข"
    wrong = call(app, admin, "au-grid.rowData", values | {"au-from.value": f"1/1/{today.year}"})
    assert "ปี พ.ศ." in wrong["au-problem"]["children"] and "au-grid" not in wrong
    detail = call(app, admin, "au-detail.children@", {"au-grid.selectedRows": [rows[0]]})
    text = str(detail["au-detail"]["children"])
    assert "region:REO08" in text and "view_scope" in text
    assert "password_hash" not in text and NEW_OFFICER["password"] not in text
    newest = call(app, admin, "au-grid.rowData", {"au-search.n_clicks": 1})
    assert len(newest["au-grid"]["rowData"]) <= audit.PAGE_ROWS


def test_an_entry_detail_of_any_shape_reads_as_keys_and_values():
    entry = {
        "recorded_at": utc_now(),
        "actor": "user:admin",
        "address": None,
        "action": "result_change",
        "subject": "JI24 TH-50 2568",
        "outcome": "ok",
        "detail": {"before": {"value": 61.5, "status": "yellow"}, "after": {"value": 70.0}, "rows": [{"a": 1}]},
    }
    text = str(detail_panel(entry, "th"))
    assert "ก่อน" in text and "หลัง" in text and "61.5" in text and "yellow" in text and "result_change" in text
    assert "ไม่มีรายละเอียดเพิ่มเติม" in str(detail_panel(entry | {"detail": None}, "th"))


def test_a_new_data_version_does_not_redraw_the_forms(served):
    """A write elsewhere (an import, the simulator) bumps the data version and redraws the live pages; /people
    and /audit keep what a person typed and a secret shown once, and redraw only when opened again."""
    store, app = served
    admin = signed_in_client(app, store, "administrator")
    route = "..header.children...breadcrumb.children...page.children...rendered-version.data.."
    for path, live in (("/people", False), ("/audit", False), ("/crisis", True)):
        values = {"url.pathname": path, "data-version.data": 7}
        opened = call(app, admin, route, values, trigger="url.pathname")
        assert "page" in opened, path
        before = store.data_version()
        with store.write():
            pass  # an empty write moves the version on, as any import does
        assert store.data_version() > before
        moved = call(app, admin, route, values, trigger="data-version.data")
        assert ("page" in moved) == live, path
        if live and moved["rendered-version"]["data"] != store.data_version():
            # Within a second of its last rendering a live page is served that rendering with the version it shows
            # (callbacks/render_cache.py), so it asks again at its next tick; past that second it is drawn anew.
            assert moved["rendered-version"]["data"] == before, "the version its figures are of, never a newer one"
            time.sleep(1.1)
            moved = call(app, admin, route, values, trigger="data-version.data")
        assert moved["rendered-version"]["data"] == store.data_version(), "the page knows it is up to date"

"""Alerts (cockpit.room.alerts and cockpit.room.delivery, issue 13 item 3): rules and recipients as data, one alert
per condition (a province turning red fires once, staying red does not fire again, leaving and re-entering fires
again), deliveries to a real webhook receiver on 127.0.0.1 and a real SMTP server, retried with backoff after a
failure and logged attempt by attempt, each recipient getting only what is in its scope — on DuckDB and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import ipaddress
import json
import socket
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from app import create_app
from cockpit.people.tokens import create_token
from cockpit.room import alerts, delivery
from cockpit.store import schema
from cockpit.store.database import stored_schema_version, utc_now
from cockpit.write import audit
from cockpit.write.ingest import Conflict, InvalidInput, NotFoundError
from tests.factories import add_minimal_catalogue

INSIDE, OUTSIDE = "TH-20", "TH-50"  # a province of ศธภ.8 (REO08), and one of another region


class Receiver:
    """A webhook receiver on 127.0.0.1 that answers 500 to its first `failures` requests and counts the rest."""

    def __init__(self, failures: int = 0):
        self.failures, self.requests, self.delivered = failures, 0, []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                receiver.requests += 1
                if receiver.requests <= receiver.failures:
                    self.send_response(500)
                else:
                    receiver.delivered.append(body)
                    self.send_response(204)
                self.end_headers()

            def log_message(self, *_args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made = []

    def make(failures: int = 0) -> Receiver:
        made.append(Receiver(failures))
        return made[-1]

    yield make
    for r in made:
        r.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mailbox:
    """What a real local SMTP server (aiosmtpd) accepted; `refuse` makes it answer 550 to every message."""

    def __init__(self, refuse: bool = False):
        self.messages, self.refuse = [], refuse

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "550 5.7.1 relaying refused"
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server():
    controllers = []

    def start(refuse: bool = False) -> tuple[Mailbox, int]:
        mailbox, port = Mailbox(refuse), _free_port()
        controller = Controller(mailbox, hostname="127.0.0.1", port=port)
        controller.start()
        controllers.append(controller)
        return mailbox, port

    yield start
    for controller in controllers:
        controller.stop()


SMTP_LOGIN, SMTP_PASSWORD = "cockpit-mailer", "s3cret-รหัส-2569"


def _self_signed(directory) -> tuple[str, str]:
    """A certificate for 127.0.0.1 and localhost made for this test (and its key): the mail server's own."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "cockpit test mail server")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "smtp-cert.pem", directory / "smtp-key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return str(cert_file), str(key_file)


def _check_login(server, session, envelope, mechanism, auth_data) -> AuthResult:
    """The mail server's accounts: one login with one password."""
    ok = auth_data.login == SMTP_LOGIN.encode() and auth_data.password == SMTP_PASSWORD.encode()
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def secure_smtp_server(tmp_path, monkeypatch):
    """A real SMTP server (aiosmtpd) that wants a login, only over TLS: STARTTLS on a plain port, or TLS from the
    first byte; its certificate is self-signed, and the cockpit is told to trust it (COCKPIT_SMTP_CA_FILE)."""
    cert_file, key_file = _self_signed(tmp_path)
    monkeypatch.setenv("COCKPIT_SMTP_CA_FILE", cert_file)
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert_file, key_file)
    controllers = []

    def start(security: str) -> tuple[Mailbox, int]:
        mailbox, port = Mailbox(), _free_port()
        common = {"authenticator": _check_login, "auth_required": True}
        if security == "starttls":
            controller = Controller(
                mailbox, hostname="127.0.0.1", port=port, tls_context=server_tls, require_starttls=True, **common
            )
        else:  # aiosmtpd counts only STARTTLS as TLS for auth_require_tls; here every byte is over TLS anyway
            controller = Controller(
                mailbox, hostname="127.0.0.1", port=port, ssl_context=server_tls, auth_require_tls=False, **common
            )
        controller.start()
        controllers.append(controller)
        return mailbox, port

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture
def room(stores):
    """A fresh store with the smallest catalogue, the whole app and a national reporting token."""
    store = stores.prepared(demo=False)
    with store.write() as conn:
        add_minimal_catalogue(conn)
        token = create_token(conn, "กระทรวง", "national")
    app = create_app(store)
    return store, app.server.test_client(), {"Authorization": f"Bearer {token}"}, app


def _report(room, province: str, numerator: float, indicator: str = "TR01") -> None:
    """A result through the reporting API, as a province's office sends it (the real write path)."""
    _, client, auth, _ = room
    result = {"indicator": indicator, "area": province, "fiscal_year_be": 2568, "numerator": numerator,
              "denominator": 100.0}  # fmt: skip
    answer = client.post("/api/v1/results", json={"results": [result]}, headers=auth)
    assert answer.status_code in (200, 201), answer.get_json()


def _setup(store, rule: dict, recipients: list[tuple[str, str, str | None]]) -> None:
    with store.write() as conn:
        alerts.add_rule(conn, by="user:admin", **rule)
        for kind, address, area in recipients:
            alerts.add_recipient(conn, kind, address, by="user:admin", area_code=area)


def _round(store, now=None) -> None:
    """One evaluation and one pass of deliveries, as the worker thread makes them."""
    alerts.evaluate(store, now)
    delivery.deliver_due(store, now)


def _alerts(store) -> list[dict]:
    with store.read() as conn:
        return [dict(r._mapping) for r in conn.execute(sa.select(schema.alert).order_by(schema.alert.c.id))]


def test_a_province_turning_red_fires_once_and_again_after_it_left(room, receiver):
    store = room[0]
    hook = receiver()
    _setup(store, {"kind": "status_enters", "level": "red", "indicator_code": "TR01"}, [("webhook", hook.url, None)])
    _report(room, INSIDE, 85.0)  # green: target 80
    _round(store)
    assert hook.delivered == []

    _report(room, INSIDE, 50.0)  # red: 30 points short, past the orange gap of 20
    _round(store)
    assert len(hook.delivered) == 1
    sent = hook.delivered[0]
    assert sent["provinces"] == [INSIDE] and sent["level"] == "red" and sent["path"] == f"/province/{INSIDE}"
    assert "สีแดง" in sent["message_th"] and "red" in sent["message_en"]

    _report(room, INSIDE, 52.0)  # still red: no repeat, however often it is evaluated
    _round(store)
    _round(store)
    assert len(hook.delivered) == 1

    _report(room, INSIDE, 90.0)  # leaves red: the alert is cleared
    _round(store)
    assert [a["cleared_at"] is not None for a in _alerts(store)] == [True]
    _report(room, INSIDE, 40.0)  # re-enters: fires again
    _round(store)
    assert len(hook.delivered) == 2
    assert [a["cleared_at"] is None for a in _alerts(store)] == [False, True]
    assert hook.requests == 2


def test_an_orange_rule_fires_on_orange_and_not_on_yellow(room, receiver):
    store = room[0]
    hook = receiver()
    _setup(store, {"kind": "status_enters", "level": "orange"}, [("webhook", hook.url, None)])
    _report(room, INSIDE, 75.0)  # yellow: 5 short
    _round(store)
    assert hook.delivered == []
    _report(room, INSIDE, 65.0)  # orange: 15 short
    _round(store)
    assert [d["level"] for d in hook.delivered] == ["orange"]


def test_a_webhook_answering_500_is_retried_with_backoff_and_delivered_once(room, receiver):
    store = room[0]
    hook = receiver(failures=2)
    _setup(store, {"kind": "status_enters", "level": "red"}, [("webhook", hook.url, None)])
    _report(room, INSIDE, 50.0)
    start = utc_now()
    _round(store, start)
    assert hook.requests == 1 and hook.delivered == []
    delivery.deliver_due(store, start + dt.timedelta(seconds=5))  # the next attempt waits for its backoff
    assert hook.requests == 1
    delivery.deliver_due(store, start + delivery.retry_delay(1))
    assert hook.requests == 2 and hook.delivered == []
    delivery.deliver_due(store, start + delivery.retry_delay(1) + dt.timedelta(seconds=59))
    assert hook.requests == 2, "the second wait is twice the first"
    delivery.deliver_due(store, start + delivery.retry_delay(1) + delivery.retry_delay(2))
    assert hook.requests == 3 and len(hook.delivered) == 1
    delivery.deliver_due(store, start + dt.timedelta(days=1))
    assert hook.requests == 3 and len(hook.delivered) == 1, "exactly one successful delivery"

    with store.read() as conn:
        log = alerts.delivery_log(conn)
    assert [(row["attempt"], row["status"], row["http_status"]) for row in reversed(log)] == [
        (1, "failed", 500),
        (2, "failed", 500),
        (3, "delivered", 204),
    ]
    assert "HTTP 500" in log[-1]["error"] and log[0]["delivered_at"] is not None


def test_a_webhook_that_does_not_answer_is_logged_and_kept_for_later(room):
    store = room[0]
    closed = f"http://127.0.0.1:{_free_port()}/hook"
    _setup(store, {"kind": "status_enters", "level": "red"}, [("webhook", closed, None)])
    _report(room, INSIDE, 50.0)
    _round(store)
    with store.read() as conn:
        log = alerts.delivery_log(conn)
    assert [(row["attempt"], row["status"]) for row in log] == [(2, "due"), (1, "failed")]
    assert log[1]["error"].startswith("no answer") and log[1]["http_status"] is None


def test_an_alert_is_e_mailed_through_the_smtp_server(room, smtp_server):
    store, client, auth, _ = room
    mailbox, port = smtp_server()
    with store.write(bump_version=False) as conn:
        alerts.set_smtp(conn, "127.0.0.1", port, "cockpit@moe.go.th")
    _setup(store, {"kind": "crisis_reported"}, [("email", "reo8@moe.go.th", "REO08")])
    crisis = {"type": "flood", "severity": 2, "title": "น้ำท่วมโรงเรียน อ.เมือง", "provinces": [INSIDE],
              "occurred_at": "2025-10-01T08:00:00+07:00"}  # fmt: skip
    assert client.post("/api/v1/crises", json=crisis, headers=auth).status_code == 201
    _round(store)
    assert len(mailbox.messages) == 1
    envelope = mailbox.messages[0]
    assert envelope.rcpt_tos == ["reo8@moe.go.th"] and envelope.mail_from == "cockpit@moe.go.th"
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert str(message["Subject"]).startswith("[Cockpit] รายงานภาวะวิกฤติใหม่ (อุทกภัย, ระดับ 2)")
    body = message.get_content()
    assert body.index("รายงานภาวะวิกฤติใหม่") < body.index("Crisis reported (Flood, level 2): น้ำท่วมโรงเรียน")


def test_a_refusing_smtp_server_is_logged_and_retried(room, smtp_server):
    store = room[0]
    _, port = smtp_server(refuse=True)
    _setup(store, {"kind": "status_enters", "level": "red"}, [("email", "office@moe.go.th", None)])
    _report(room, INSIDE, 50.0)
    _round(store)  # no SMTP server set yet: a failure, kept
    with store.write(bump_version=False) as conn:
        alerts.set_smtp(conn, "127.0.0.1", port, "cockpit@moe.go.th")
    delivery.deliver_due(store, utc_now() + dt.timedelta(hours=1))
    with store.read() as conn:
        log = alerts.delivery_log(conn)
    assert [(row["attempt"], row["status"]) for row in log] == [(3, "due"), (2, "failed"), (1, "failed")]
    assert "no SMTP server" in log[2]["error"]
    assert log[1]["error"].startswith("SMTP 550") and "relaying refused" in log[1]["error"]


def test_each_recipient_gets_only_what_is_in_its_scope(room, receiver):
    store = room[0]
    reo08, elsewhere, national = receiver(), receiver(), receiver()
    _setup(
        store,
        {"kind": "status_enters", "level": "red"},
        [("webhook", reo08.url, "REO08"), ("webhook", elsewhere.url, OUTSIDE), ("webhook", national.url, None)],
    )
    _report(room, OUTSIDE, 50.0)
    _round(store)
    assert reo08.delivered == [] and len(elsewhere.delivered) == 1 and len(national.delivered) == 1
    _report(room, INSIDE, 50.0)
    _round(store)
    assert [d["provinces"] for d in reo08.delivered] == [[INSIDE]]
    assert len(elsewhere.delivered) == 1 and len(national.delivered) == 2

    with store.read() as conn:
        mine = alerts.feed(conn, frozenset({INSIDE}))
        everything = alerts.feed(conn)
    assert [a["provinces"] for a in mine] == [[INSIDE]]
    assert [a["provinces"] for a in everything] == [[INSIDE], [OUTSIDE]], "newest first"


def test_a_rule_for_a_region_fires_only_there(room, receiver):
    store = room[0]
    hook = receiver()
    _setup(store, {"kind": "status_enters", "level": "red", "area_code": "REO08"}, [("webhook", hook.url, None)])
    _report(room, OUTSIDE, 50.0)
    _round(store)
    assert hook.delivered == []
    _report(room, INSIDE, 50.0)
    _round(store)
    assert [d["provinces"] for d in hook.delivered] == [[INSIDE]]


def test_crises_escalated_and_left_without_update(room, receiver):
    store, client, auth, _ = room
    hook = receiver()
    _setup(store, {"kind": "crisis_escalated", "severity": 3}, [("webhook", hook.url, None)])
    _setup(store, {"kind": "crisis_stale", "hours": 24}, [])
    crisis = {"type": "storm", "severity": 2, "title": "วาตภัย", "provinces": [INSIDE],
              "occurred_at": "2025-10-01T08:00:00+07:00"}  # fmt: skip
    made = client.post("/api/v1/crises", json=crisis, headers=auth).get_json()
    _round(store)
    assert hook.delivered == []
    assert client.patch(f"/api/v1/crises/{made['id']}", json={"severity": 3}, headers=auth).status_code == 200
    _round(store)
    assert [d["condition"] for d in hook.delivered] == [f"crisis_severity:{made['id']}"]
    _round(store, utc_now() + dt.timedelta(hours=25))  # a day without an update
    stale = [d for d in hook.delivered if d["condition"].startswith("crisis_stale")]
    assert len(stale) == 1 and "24" in stale[0]["message_th"]
    _round(store, utc_now() + dt.timedelta(hours=26))
    assert len(hook.delivered) == 2, "the stale crisis and the escalation do not repeat"


def test_a_value_marked_to_check_fires(room, receiver):
    store = room[0]
    hook = receiver()
    _setup(store, {"kind": "value_to_check", "indicator_code": "TR01"}, [("webhook", hook.url, None)])
    _report(room, INSIDE, 50.0)
    with store.write() as conn:
        conn.execute(
            schema.flagged_value.insert().values(
                indicator_code="TR01", province_code=INSIDE, fiscal_year_be=2568, period_no=1, rule_code="R1",
                importance="medium", condition="value <= 40", left_value=50.0, right_value=40.0,
                flagged_at=utc_now(), flagged_by="token:test",
            )
        )  # fmt: skip
    _round(store)
    assert len(hook.delivered) == 1 and "ต้องตรวจสอบ" in hook.delivered[0]["message_th"]


def test_two_workers_evaluating_at_once_fire_once(room, receiver):
    """Several workers (threads here, processes in production) evaluate the same change: the store's unique open
    condition key lets one alert through."""
    store = room[0]
    hook = receiver()
    _setup(store, {"kind": "status_enters", "level": "red"}, [("webhook", hook.url, None)])
    _report(room, INSIDE, 50.0)
    barrier = threading.Barrier(4)
    errors = []

    def evaluate():
        barrier.wait()
        try:
            alerts.evaluate(store)
        except Exception as error:  # a lost race must not be an error either
            errors.append(error)

    threads = [threading.Thread(target=evaluate) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(_alerts(store)) == 1
    delivery.deliver_due(store)
    assert len(hook.delivered) == 1


def test_bad_rules_and_recipients_name_the_field(room):
    store = room[0]
    with store.write() as conn:
        for kind, address in (("webhook", "ftp://hooks.example.org/x"), ("webhook", "hooks.example.org"),
                              ("email", "not an address"), ("email", "a@b")):  # fmt: skip
            with pytest.raises(InvalidInput) as refused:
                alerts.add_recipient(conn, kind, address, by="user:admin")
            assert set(refused.value.fields) == {"address"}, address
        with pytest.raises(InvalidInput) as refused:
            alerts.add_recipient(conn, "webhook", "https://hooks.example.org/x", by="user:admin", area_code="REO99")
        assert set(refused.value.fields) == {"area_code"}
        with pytest.raises(InvalidInput) as refused:
            alerts.add_rule(conn, "status_enters", by="user:admin", level="purple", indicator_code="NOPE")
        assert set(refused.value.fields) == {"level", "indicator_code"}
        with pytest.raises(InvalidInput) as refused:
            alerts.add_rule(conn, "crisis_stale", by="user:admin", hours=0)
        assert set(refused.value.fields) == {"hours"}
        assert alerts.rules(conn) == [] and alerts.recipients(conn) == []


def test_the_app_worker_fires_and_delivers_by_itself(room, receiver, monkeypatch):
    """The background thread each app process runs: a committed write is evaluated and delivered within seconds."""
    store = room[0]
    hook = receiver()
    _setup(store, {"kind": "status_enters", "level": "red"}, [("webhook", hook.url, None)])
    monkeypatch.setenv("COCKPIT_ALERTS", "on")
    worker = delivery.AlertWorker(store)
    worker.ensure_running()
    try:
        _report(room, INSIDE, 50.0)
        deadline = time.monotonic() + 15
        while not hook.delivered and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(hook.delivered) == 1
        time.sleep(2.5)
        assert len(hook.delivered) == 1
    finally:
        worker.stop()


def test_a_store_at_version_14_gets_the_alert_tables(stores):
    store = stores.prepared(demo=False)
    url = store.url.render_as_string(hide_password=False)
    with store.write() as conn:
        for table in reversed(schema.SCHEMA_17_TABLES):
            table.drop(conn)
        conn.execute(schema.schema_info.update().where(schema.schema_info.c.key == "schema_version").values(value="14"))
    store.dispose()
    upgraded = stores.prepared(demo=False, url=url)
    with upgraded.read() as conn:
        assert stored_schema_version(conn) == schema.SCHEMA_VERSION
        assert alerts.rules(conn) == [] and alerts.feed(conn) == []


def _texts(component) -> str:
    """Every text of a rendered tree, joined."""
    if isinstance(component, list | tuple):
        return " ".join(_texts(child) for child in component)
    if isinstance(component, str):
        return component
    if hasattr(component, "to_plotly_json"):
        return _texts(getattr(component, "children", None))
    return ""


def test_the_feed_on_the_deck_and_the_red_wall_newest_first_in_scope(room):
    """The deck shows each office the alerts of its scope, Thai first; the red wall (national) shows all."""
    from callbacks import routing
    from cockpit.people.access import Principal, Role
    from tests.signin import ADMINISTRATOR

    store = room[0]
    _setup(store, {"kind": "status_enters", "level": "red"}, [])
    _report(room, OUTSIDE, 50.0)
    _round(store)
    _report(room, INSIDE, 50.0)
    _round(store)
    routing.ROUTES[:] = routing._routes()
    _, _, deck = routing.render_path(store, "/deck", "", ADMINISTRATOR)
    text = _texts(deck)
    assert "การแจ้งเตือนล่าสุด" in text
    inside, outside = text.index("ตัวชี้วัด TR01 อยู่ในสถานะสีแดง"), text.rindex("ตัวชี้วัด TR01 อยู่ในสถานะสีแดง")
    assert inside < outside, "two alerts, newest first"
    _, _, english = routing.render_path(store, "/deck", "?lang=en", ADMINISTRATOR)
    assert "Indicator TR01 is red (critical)" in _texts(english) and "สีแดง" not in _texts(english)

    regional = Principal(
        kind="user", id=1, name="reo08-operator", role=Role.OPERATOR, view_scope="region:REO08",
        view_provinces=frozenset({INSIDE, "TH-24"}),
    )  # fmt: skip
    _, _, theirs = routing.render_path(store, "/deck", "", regional)
    assert _texts(theirs).count("อยู่ในสถานะสีแดง") == 1

    _, _, wall = routing.render_path(store, "/wall", "", ADMINISTRATOR)
    assert _texts(wall).count("อยู่ในสถานะสีแดง") == 2


def test_the_administrator_sets_rules_and_recipients_on_the_alerts_page(room):
    """/alerts: a bad webhook URL or e-mail address is refused naming the field, in the page's language; a good one
    is listed; someone who is not an administrator is refused on the server, whatever a hand-made request says."""
    from tests.signin import signed_in_client
    from tests.test_admin_pages import call

    store, _, _, app = room
    admin = signed_in_client(app, store)
    assert admin.get("/alerts").status_code == 200

    def add(client, kind, address, search=""):
        values = {
            "al-add-recipient.n_clicks": 1,
            "al-recipient-kind.value": kind,
            "al-recipient-address.value": address,
        }
        return call(app, client, "al-recipient-message.children", values, search)

    bad = add(admin, "webhook", "ftp://hooks.example.org/x")
    assert bad["al-recipient-message"]["children"] == ("✖ บันทึกไม่ได้ — ที่อยู่: ต้องเป็น URL ที่ขึ้นต้นด้วย http:// หรือ https://")
    bad = add(admin, "email", "somchai.moe.go.th", "?lang=en")
    assert "address: must be an e-mail address" in bad["al-recipient-message"]["children"]
    good = add(admin, "webhook", "https://hooks.example.org/cockpit")
    assert good["al-recipient-message"]["children"].startswith("✔")
    assert "https://hooks.example.org/cockpit" in str(good["al-recipients"]["children"])

    values = {"al-add-rule.n_clicks": 1, "al-rule-kind.value": "crisis_stale", "al-rule-hours.value": 0}
    refused = call(app, admin, "al-rule-message.children", values)
    assert refused["al-rule-message"]["children"] == "✖ บันทึกไม่ได้ — จำนวนชั่วโมง: ไม่ถูกต้อง"
    values["al-rule-hours.value"] = 48
    assert call(app, admin, "al-rule-message.children", values)["al-rule-message"]["children"].startswith("✔")

    officer = signed_in_client(app, store, role="officer", view="region:REO08", write="region:REO08")
    assert officer.get("/alerts").status_code == 403
    assert add(officer, "webhook", "https://evil.example.org/")["al-recipient-message"]["children"].startswith("✖")
    with store.read() as conn:
        assert [r["address"] for r in alerts.recipients(conn)] == ["https://hooks.example.org/cockpit"]
        assert [(r["kind"], r["hours"]) for r in alerts.rules(conn)] == [("crisis_stale", 48)]
        entries = audit.entries(conn, action="alert_recipient_add")
        assert [(e["actor"].startswith("user:"), e["detail"]["address"]) for e in entries] == [
            (True, "https://hooks.example.org/cockpit")
        ]


def test_a_rule_turned_off_clears_its_alert_and_fires_no_more_until_turned_on(room, receiver):
    store = room[0]
    hook = receiver()
    _setup(store, {"kind": "status_enters", "level": "red", "indicator_code": "TR01"}, [("webhook", hook.url, None)])
    _report(room, INSIDE, 50.0)
    _round(store)
    assert len(hook.delivered) == 1
    with store.read() as conn:
        rule_id = alerts.rules(conn)[0]["id"]
    with store.write() as conn:
        alerts.set_enabled(conn, "rule", rule_id, False, "user:admin")
    _round(store)
    assert [a["cleared_at"] is not None for a in _alerts(store)] == [True], "turned off: it no longer holds"
    _report(room, INSIDE, 45.0)
    _round(store)
    assert len(hook.delivered) == 1, "a rule that is off fires nothing"
    with store.write() as conn:
        alerts.set_enabled(conn, "rule", rule_id, True, "user:admin")
    _round(store)
    assert len(hook.delivered) == 2, "on again: the province still red fires once more"
    with store.read() as conn:
        actions = [e["action"] for e in audit.entries(conn) if e["action"].startswith("alert_rule_o")]
    assert sorted(actions) == ["alert_rule_off", "alert_rule_on"]
    with store.write() as conn, pytest.raises(InvalidInput) as refused:
        alerts.set_enabled(conn, "rule", 9999, False, "user:admin")
    assert "9999" in refused.value.fields["id"]


def test_a_recipient_turned_off_is_sent_nothing(room, receiver):
    store = room[0]
    hook = receiver()
    _setup(store, {"kind": "status_enters", "level": "red", "indicator_code": "TR01"}, [("webhook", hook.url, None)])
    with store.read() as conn:
        recipient_id = alerts.recipients(conn)[0]["id"]
    with store.write() as conn:
        alerts.set_enabled(conn, "recipient", recipient_id, False, "user:admin")
    _report(room, INSIDE, 50.0)
    _round(store)
    assert len(_alerts(store)) == 1 and hook.delivered == []


def test_the_administrator_turns_a_rule_off_and_on_on_the_alerts_page(room):
    """The rule's button on /alerts, posted as the browser posts a pattern-matching callback: off, then on again;
    someone who is not an administrator is refused and nothing changes."""
    from tests.signin import signed_in_client

    store, _, _, app = room
    _setup(store, {"kind": "crisis_reported"}, [])
    with store.read() as conn:
        rule_id = alerts.rules(conn)[0]["id"]
    key = next(k for k in app.callback_map if "al-switch-message.children" in k)
    outputs = [
        {"id": part.rsplit(".", 1)[0], "property": part.rsplit(".", 1)[1].split("@")[0]}
        for part in key.strip(".").split("...")
    ]
    button = {"id": rule_id, "type": "al-switch", "what": "rule"}

    def press(client):
        body = {
            "output": key,
            "outputs": outputs,
            "inputs": [[{"id": button, "property": "n_clicks", "value": 1}]],
            "state": [{"id": "url", "property": "search", "value": ""}],
            "changedPropIds": [json.dumps(button, sort_keys=True, separators=(",", ":")) + ".n_clicks"],
        }
        answer = client.post("/_dash-update-component", json=body)
        assert answer.status_code == 200, answer.data[:300]
        return answer.get_json()["response"]

    def enabled() -> bool:
        with store.read() as conn:
            return alerts.rules(conn)[0]["enabled"]

    admin = signed_in_client(app, store)
    turned = press(admin)
    assert turned["al-switch-message"]["children"].startswith("✔") and enabled() is False
    assert "ปิดอยู่" in str(turned["al-rules"]["children"]) and "เปิดใช้" in str(turned["al-rules"]["children"])
    press(admin)
    assert enabled() is True
    officer = signed_in_client(app, store, role="officer", view="region:REO08", write="region:REO08")
    assert press(officer)["al-switch-message"]["children"].startswith("✖")
    assert enabled() is True


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")  # the ssl case: all of it is TLS
@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_an_smtp_server_wanting_a_login_over_tls_gets_it(room, secure_smtp_server, security):
    """STARTTLS (or TLS from the first byte) to a server with a self-signed certificate, then a login: with the
    right password the message is delivered; with a wrong one the server's refusal is logged and retried."""
    store = room[0]
    mailbox, port = secure_smtp_server(security)
    with store.write(bump_version=False) as conn:
        alerts.set_smtp(conn, "127.0.0.1", port, "cockpit@moe.go.th", SMTP_LOGIN, "wrong password", security)
    _setup(store, {"kind": "status_enters", "level": "red"}, [("email", "office@moe.go.th", None)])
    _report(room, INSIDE, 50.0)
    _round(store)
    with store.read() as conn:
        log = alerts.delivery_log(conn)
    assert [(row["attempt"], row["status"]) for row in log] == [(2, "due"), (1, "failed")]
    assert log[1]["error"].startswith("SMTP 535") and "Authentication" in log[1]["error"]
    assert mailbox.messages == []

    with store.write(bump_version=False) as conn:
        alerts.set_smtp(conn, "127.0.0.1", port, "cockpit@moe.go.th", SMTP_LOGIN, SMTP_PASSWORD, security)
    delivery.deliver_due(store, utc_now() + dt.timedelta(hours=1))
    with store.read() as conn:
        log = alerts.delivery_log(conn)
    assert [(row["attempt"], row["status"]) for row in log] == [(2, "delivered"), (1, "failed")]
    assert [m.rcpt_tos for m in mailbox.messages] == [["office@moe.go.th"]]


def test_an_smtp_login_is_never_sent_in_clear(room, secure_smtp_server):
    """A login without STARTTLS or SSL/TLS is refused when saved, naming the field, and nothing changes; without a
    login a plain connection is the server's to refuse, and its refusal (530: STARTTLS first) is logged."""
    store = room[0]
    _, port = secure_smtp_server("starttls")
    with store.write(bump_version=False) as conn:
        alerts.set_smtp(conn, "127.0.0.1", port, "cockpit@moe.go.th", SMTP_LOGIN, SMTP_PASSWORD, "starttls")
        with pytest.raises(InvalidInput) as refused:
            alerts.set_smtp(conn, "127.0.0.1", port, "cockpit@moe.go.th", None, None, "none")
        assert set(refused.value.fields) == {"smtp_security"} and "in clear" in refused.value.fields["smtp_security"]
        assert alerts.smtp_settings(conn)["security"] == "starttls"
        alerts.set_smtp(conn, "127.0.0.1", port, "cockpit@moe.go.th", "", None, "none")  # no login: plain is fine
    _setup(store, {"kind": "status_enters", "level": "red"}, [("email", "office@moe.go.th", None)])
    _report(room, INSIDE, 50.0)
    _round(store)
    with store.read() as conn:
        failed = alerts.delivery_log(conn)[1]
    assert failed["status"] == "failed" and failed["error"].startswith("SMTP 530"), failed["error"]


def test_a_certificate_the_cockpit_does_not_trust_is_refused(room, secure_smtp_server, monkeypatch):
    store = room[0]
    mailbox, port = secure_smtp_server("starttls")
    monkeypatch.delenv("COCKPIT_SMTP_CA_FILE")
    with store.write(bump_version=False) as conn:
        alerts.set_smtp(conn, "127.0.0.1", port, "cockpit@moe.go.th", SMTP_LOGIN, SMTP_PASSWORD, "starttls")
    _setup(store, {"kind": "status_enters", "level": "red"}, [("email", "office@moe.go.th", None)])
    _report(room, INSIDE, 50.0)
    _round(store)
    with store.read() as conn:
        failed = alerts.delivery_log(conn)[1]
    assert "CERTIFICATE_VERIFY_FAILED" in failed["error"] and mailbox.messages == []


def test_the_smtp_password_is_kept_but_never_shown(room):
    """Saved with the settings; shown as 'set' only; an empty password keeps it, an empty login forgets it; bad
    settings name each field and change nothing."""
    store = room[0]
    with store.write(bump_version=False) as conn:
        alerts.set_smtp(conn, "mail.moe.go.th", 587, "cockpit@moe.go.th", SMTP_LOGIN, SMTP_PASSWORD, "starttls")
        shown = alerts.smtp_shown(conn)
        assert shown == {"host": "mail.moe.go.th", "port": 587, "sender": "cockpit@moe.go.th",
                         "username": SMTP_LOGIN, "security": "starttls", "password_set": True}  # fmt: skip
        assert SMTP_PASSWORD not in json.dumps(alerts.admin_view(conn), default=str, ensure_ascii=False)
        alerts.set_smtp(conn, "mail.moe.go.th", 587, "cockpit@moe.go.th", SMTP_LOGIN, "", "starttls")
        assert alerts.smtp_settings(conn)["password"] == SMTP_PASSWORD
        with pytest.raises(InvalidInput) as refused:
            alerts.set_smtp(conn, "mail moe", 0, "nobody", SMTP_LOGIN, "x", "tls1.0")
        assert set(refused.value.fields) == {"smtp_host", "smtp_port", "smtp_from", "smtp_security"}
        assert alerts.smtp_settings(conn)["host"] == "mail.moe.go.th"
        with pytest.raises(InvalidInput) as refused:
            alerts.set_smtp(conn, "mail.moe.go.th", 25, "cockpit@moe.go.th", None, None, "none")
        assert set(refused.value.fields) == {"smtp_security"}
        alerts.set_smtp(conn, "mail.moe.go.th", 25, "cockpit@moe.go.th", "", None, "none")
        assert alerts.smtp_settings(conn)["password"] == "" and alerts.smtp_shown(conn)["password_set"] is False


def _gave_up(room, receiver, monkeypatch, failures: int) -> tuple[object, Receiver]:
    """A red province whose webhook delivery gave up (after two attempts here instead of ten)."""
    store = room[0]
    monkeypatch.setattr(delivery, "MAX_ATTEMPTS", 2)
    hook = receiver(failures=failures)
    _setup(store, {"kind": "status_enters", "level": "red"}, [("webhook", hook.url, None)])
    _report(room, INSIDE, 50.0)
    _round(store)
    delivery.deliver_due(store, utc_now() + dt.timedelta(hours=1))
    with store.read() as conn:
        log = alerts.delivery_log(conn)
    assert [(row["attempt"], row["status"], row["retryable"]) for row in log] == [
        (2, "gave_up", True),
        (1, "failed", False),
    ]
    return store, hook


def test_a_delivery_that_gave_up_is_sent_again_by_hand_once(room, receiver, monkeypatch):
    store, hook = _gave_up(room, receiver, monkeypatch, failures=2)
    with store.read() as conn:
        gave_up = alerts.delivery_log(conn)[0]["id"]
    with store.write() as conn:
        again = alerts.retry_delivery(conn, gave_up, "user:admin")
    assert (again["attempt"], again["status"]) == (3, "due")
    with store.write() as conn, pytest.raises(Conflict):
        alerts.retry_delivery(conn, gave_up, "user:admin")  # already tried again: no second new attempt
    delivery.deliver_due(store)
    assert len(hook.delivered) == 1 and hook.requests == 3
    with store.read() as conn:
        log = alerts.delivery_log(conn)
        assert [(row["attempt"], row["status"], row["retryable"]) for row in log][0] == (3, "delivered", False)
        entries = audit.entries(conn, action="alert_delivery_retry")
    assert [(e["actor"], e["subject"], e["detail"]["attempt"]) for e in entries] == [("user:admin", str(gave_up), 3)]
    assert entries[0]["areas"] == [INSIDE]
    with store.write() as conn:
        with pytest.raises(Conflict):
            alerts.retry_delivery(conn, log[0]["id"], "user:admin")  # delivered: nothing to retry
        with pytest.raises(NotFoundError):
            alerts.retry_delivery(conn, 99999, "user:admin")


def test_a_retry_that_fails_again_gives_up_again(room, receiver, monkeypatch):
    store, hook = _gave_up(room, receiver, monkeypatch, failures=10)
    with store.read() as conn:
        gave_up = alerts.delivery_log(conn)[0]["id"]
    with store.write() as conn:
        alerts.retry_delivery(conn, gave_up, "user:admin")
    delivery.deliver_due(store)
    with store.read() as conn:
        log = alerts.delivery_log(conn)
    assert [(row["attempt"], row["status"], row["retryable"]) for row in log] == [
        (3, "gave_up", True),
        (2, "gave_up", False),
        (1, "failed", False),
    ]
    assert hook.requests == 3 and "HTTP 500" in log[0]["error"]


def _press(app, client, button: dict, output: str) -> dict:
    """Post a pattern-matching button's click as the browser does."""
    key = next(k for k in app.callback_map if output in k)
    outputs = [
        {"id": part.rsplit(".", 1)[0], "property": part.rsplit(".", 1)[1].split("@")[0]}
        for part in key.strip(".").split("...")
    ]
    body = {
        "output": key,
        "outputs": outputs,
        "inputs": [[{"id": button, "property": "n_clicks", "value": 1}]],
        "state": [{"id": "url", "property": "search", "value": ""}],
        "changedPropIds": [json.dumps(button, sort_keys=True, separators=(",", ":")) + ".n_clicks"],
    }
    answer = client.post("/_dash-update-component", json=body)
    assert answer.status_code == 200, answer.data[:300]
    return answer.get_json()["response"]


def test_the_administrator_retries_a_delivery_on_the_alerts_page(room, receiver, monkeypatch):
    """The button beside a delivery that gave up (an administrator's only): a new attempt is due; the button is
    gone from the redrawn log. Someone else's click is refused on the server and nothing is scheduled."""
    from layouts.pages import alerts as alerts_page
    from tests.signin import signed_in_client

    store, _ = _gave_up(room, receiver, monkeypatch, failures=2)
    app = room[3]
    with store.read() as conn:
        gave_up = alerts.delivery_log(conn)[0]["id"]
    admin = signed_in_client(app, store)
    assert admin.get("/alerts").status_code == 200
    with store.read() as conn:
        drawn = str(alerts_page.log_table(alerts.admin_view(conn), "th").children)
    assert drawn.count("'type': 'al-retry'") == 1, "a button beside the delivery that gave up, and only there"
    button = {"id": gave_up, "type": "al-retry"}
    officer = signed_in_client(app, store, role="officer", view="region:REO08", write="region:REO08")
    assert _press(app, officer, button, "al-retry-message.children")["al-retry-message"]["children"].startswith("✖")
    with store.read() as conn:
        assert len(alerts.delivery_log(conn)) == 2

    pressed = _press(app, admin, button, "al-retry-message.children")
    assert pressed["al-retry-message"]["children"] == "✔ ตั้งให้ส่งใหม่แล้ว"
    drawn = str(pressed["al-log"]["children"])
    assert "รอส่ง" in drawn and "'type': 'al-retry'" not in drawn
    with store.read() as conn:
        assert [(row["attempt"], row["status"]) for row in alerts.delivery_log(conn)][0] == (3, "due")


def test_the_administrator_sets_an_smtp_login_on_the_alerts_page(room):
    """The e-mail form with a login, a password and STARTTLS: saved and audited; the password is in no answer,
    neither the save's nor the page's nor the audit's; an empty password field keeps it."""
    from callbacks import routing
    from tests.signin import ADMINISTRATOR, signed_in_client
    from tests.test_admin_pages import call

    store, _, _, app = room
    admin = signed_in_client(app, store)
    values = {
        "al-save-smtp.n_clicks": 1,
        "al-smtp-host.value": "mail.moe.go.th",
        "al-smtp-port.value": 587,
        "al-smtp-from.value": "cockpit@moe.go.th",
        "al-smtp-security.value": "starttls",
        "al-smtp-username.value": SMTP_LOGIN,
        "al-smtp-password.value": SMTP_PASSWORD,
    }
    saved = call(app, admin, "al-smtp-message.children", values)
    assert saved["al-smtp-message"]["children"].startswith("✔") and SMTP_PASSWORD not in json.dumps(saved)
    values["al-smtp-password.value"] = ""
    assert call(app, admin, "al-smtp-message.children", values)["al-smtp-message"]["children"].startswith("✔")
    with store.read() as conn:
        assert alerts.smtp_settings(conn)["password"] == SMTP_PASSWORD
        assert alerts.smtp_settings(conn)["security"] == "starttls"
        entries = audit.entries(conn, action="alert_smtp_change")
    assert [e["detail"]["new_password"] for e in entries] == [False, True]
    assert SMTP_PASSWORD not in json.dumps(entries, default=str, ensure_ascii=False)
    routing.ROUTES[:] = routing._routes()
    _, _, page = routing.render_path(store, "/alerts", "", ADMINISTRATOR)
    text = json.dumps(
        page.to_plotly_json() if hasattr(page, "to_plotly_json") else page, default=str, ensure_ascii=False
    )
    assert SMTP_LOGIN in text and "ตั้งรหัสผ่านไว้แล้ว" in text and SMTP_PASSWORD not in text

    values |= {"al-smtp-security.value": "tls1.0", "al-smtp-port.value": 0}
    refused = call(app, admin, "al-smtp-message.children", values, "?lang=en")["al-smtp-message"]["children"]
    assert refused.startswith("✖") and "encryption" in refused and "port" in refused

"""Telling recipients of alerts: a webhook gets a JSON POST, an e-mail address a message through the SMTP server
set in the store. Every attempt is a row of alert_delivery; a failure (no answer, an HTTP error, an SMTP refusal,
no SMTP server set) keeps its reason and schedules the next attempt with a doubled wait, up to MAX_ATTEMPTS, after
which the delivery is marked gave_up: nothing is dropped silently, and the administrator's delivery log shows it.

With several workers (PostgreSQL), each attempt is claimed by a conditional UPDATE (due → sending) before it is
made, so one worker makes it. The AlertWorker thread of each process evaluates the rules when the data version
moves (and every STALE_CHECK_S for crises left without update) and drains the attempts that are due.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import os
import smtplib
import ssl
import threading
import urllib.error
import urllib.request
from email.message import EmailMessage

import sqlalchemy as sa

from cockpit.room import alerts
from cockpit.store import schema
from cockpit.store.database import Store, utc_now

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
RETRY_BASE_S = 30.0  # 30 s, 1 min, 2 min, … capped at RETRY_CAP_S
RETRY_CAP_S = 3600.0
WEBHOOK_TIMEOUT_S = 5.0
SMTP_TIMEOUT_S = 10.0
STUCK_S = 300.0  # an attempt left "sending" this long (its worker died) is made again

d_, a_, p_ = schema.alert_delivery, schema.alert, schema.alert_recipient


def retry_delay(attempt: int) -> dt.timedelta:
    """The wait after failed attempt number `attempt` (1-based): exponential backoff."""
    return dt.timedelta(seconds=min(RETRY_BASE_S * 2 ** (attempt - 1), RETRY_CAP_S))


# --- one attempt -----------------------------------------------------------------------------------------------------


def payload(alert: dict) -> dict:
    """What a webhook receives: the alert in both languages, with what it is about and when it fired."""
    return {
        "alert_id": alert["id"],
        "rule_id": alert["rule_id"],
        "condition": alert["condition_key"],
        "level": alert["level"],
        "subject_kind": alert["subject_kind"],
        "path": alert["subject_code"],
        "provinces": sorted(alerts.areas_of(alert["areas"]) or ()),
        "message_th": alert["message_th"],
        "message_en": alert["message_en"],
        "fired_at": alert["fired_at"].astimezone(dt.UTC).isoformat(),
    }


def post_webhook(url: str, body: dict) -> tuple[int | None, str | None]:
    """(HTTP status, error or None on a 2xx answer)."""
    request = urllib.request.Request(
        url,
        data=json.dumps(body, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": "cockpit-alerts"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT_S) as answer:
            return answer.status, None
    except urllib.error.HTTPError as error:
        return error.code, f"HTTP {error.code} {error.reason}"
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", None) or error
        return None, f"no answer: {reason}"


def send_email(settings: dict | None, to: str, alert: dict) -> str | None:
    """The error, or None once the SMTP server has accepted the message."""
    if settings is None:
        return "no SMTP server is set (administrator: alerts page, e-mail settings)"
    message = EmailMessage()
    message["Subject"] = f"[Cockpit] {alert['message_th']}"[:200]
    message["From"] = settings["sender"]
    message["To"] = to
    message.set_content(
        f"{alert['message_th']}\n\n{alert['message_en']}\n\n"
        f"{alert['subject_code']} · {alert['fired_at'].astimezone(dt.UTC).isoformat()}\n"
    )
    try:
        with _smtp_connection(settings) as smtp:
            if settings.get("security") == "starttls":
                smtp.starttls(context=tls_context())
            if settings.get("username"):
                _login(smtp, settings["username"], settings.get("password") or "")
            smtp.send_message(message)
    except smtplib.SMTPResponseException as error:
        text = error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) else error.smtp_error
        return f"SMTP {error.smtp_code} {text}"
    except (smtplib.SMTPException, OSError) as error:
        return f"SMTP {type(error).__name__}: {error}"
    return None


def _login(smtp: smtplib.SMTP, username: str, password: str) -> None:
    """Sign in to the SMTP server. smtplib sends only ASCII; a Thai password (or login) goes as AUTH PLAIN in
    UTF-8, as RFC 4954 has it."""
    if username.isascii() and password.isascii():
        smtp.login(username, password)
        return
    smtp.ehlo_or_helo_if_needed()
    if not smtp.has_extn("auth"):
        raise smtplib.SMTPNotSupportedError("SMTP AUTH extension not supported by server.")
    secret = base64.b64encode(b"\0" + username.encode() + b"\0" + password.encode()).decode("ascii")
    code, answer = smtp.docmd("AUTH", f"PLAIN {secret}")
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, answer)


def tls_context() -> ssl.SSLContext:
    """The certificates an SMTP server's is checked against: the system's, and COCKPIT_SMTP_CA_FILE's too (a
    ministry's own certificate authority, which an internal mail server's certificate often comes from)."""
    context = ssl.create_default_context()
    extra = os.environ.get("COCKPIT_SMTP_CA_FILE")
    if extra:
        context.load_verify_locations(cafile=extra)
    return context


def _smtp_connection(settings: dict) -> smtplib.SMTP:
    """Plain SMTP (upgraded by STARTTLS after, when set), or SMTP over TLS from the first byte."""
    if settings.get("security") == "ssl":
        return smtplib.SMTP_SSL(settings["host"], settings["port"], timeout=SMTP_TIMEOUT_S, context=tls_context())
    return smtplib.SMTP(settings["host"], settings["port"], timeout=SMTP_TIMEOUT_S)


def _claim(store: Store, delivery_id: int, now: dt.datetime) -> bool:
    with store.write(bump_version=False) as conn:
        claimed = conn.execute(
            d_.update().where(d_.c.id == delivery_id, d_.c.status == "due").values(status="sending", attempted_at=now)
        ).rowcount
    return claimed == 1


def _record(store: Store, row, http_status: int | None, error: str | None, now: dt.datetime) -> None:
    """The attempt's outcome; after a failure the next attempt, or gave_up after the last."""
    with store.write(bump_version=False) as conn:
        if error is None:
            conn.execute(
                d_.update()
                .where(d_.c.id == row.id)
                .values(status="delivered", delivered_at=now, http_status=http_status)
            )
            return
        last = row.attempt >= MAX_ATTEMPTS
        conn.execute(
            d_.update()
            .where(d_.c.id == row.id)
            .values(status="gave_up" if last else "failed", http_status=http_status, error=error[:2000])
        )
        if not last:
            conn.execute(
                d_.insert().values(
                    alert_id=row.alert_id,
                    recipient_id=row.recipient_id,
                    attempt=row.attempt + 1,
                    status="due",
                    next_attempt_at=now + retry_delay(row.attempt),
                )
            )


def deliver_due(store: Store, now: dt.datetime | None = None, limit: int = 50) -> dt.datetime | None:
    """Make every attempt that is due by `now` (reads only, when none is); returns when the next one falls due
    (None: nothing waits)."""
    now = now or utc_now()
    with store.read() as conn:
        stuck = (
            conn.execute(
                sa.select(d_.c.id).where(
                    d_.c.status == "sending", d_.c.attempted_at < now - dt.timedelta(seconds=STUCK_S)
                )
            )
            .scalars()
            .all()
        )
    if stuck:
        with store.write(bump_version=False) as conn:
            conn.execute(d_.update().where(d_.c.id.in_(stuck), d_.c.status == "sending").values(status="due"))
    with store.read() as conn:
        due = conn.execute(
            sa.select(d_, p_.c.kind.label("recipient_kind"), p_.c.address)
            .join(p_, p_.c.id == d_.c.recipient_id)
            .where(d_.c.status == "due", d_.c.next_attempt_at <= now)
            .order_by(d_.c.next_attempt_at, d_.c.id)
            .limit(limit)
        ).all()
        alert_rows = (
            {
                row.id: dict(row._mapping)
                for row in conn.execute(sa.select(a_).where(a_.c.id.in_(sorted({r.alert_id for r in due}))))
            }
            if due
            else {}
        )
        smtp = alerts.smtp_settings(conn) if any(r.recipient_kind == "email" for r in due) else None
    for row in due:
        if not _claim(store, row.id, now):
            continue  # another worker took it
        alert = alert_rows[row.alert_id]
        if row.recipient_kind == "webhook":
            http_status, error = post_webhook(row.address, payload(alert))
        else:
            http_status, error = None, send_email(smtp, row.address, alert)
        if error is not None:
            log.warning("alert %s to %s, attempt %s: %s", row.alert_id, row.address, row.attempt, error)
        _record(store, row, http_status, error, now)
    with store.read() as conn:
        return conn.execute(sa.select(sa.func.min(d_.c.next_attempt_at)).where(d_.c.status == "due")).scalar()


# --- the worker thread of each process ------------------------------------------------------------------------------


class AlertWorker:
    """Evaluates the rules when the data version moves (a committed write of results, crises or flags), and every
    STALE_CHECK_S in any case (a crisis goes stale without any write), and drains due deliveries."""

    TICK_S = 1.0
    STALE_CHECK_S = 60.0

    def __init__(self, store: Store):
        self._store = store
        self._pid: int | None = None
        self._stop = threading.Event()
        self._lock = threading.Lock()

    def ensure_running(self) -> None:
        """Start this process's thread once (after a fork, in each worker); COCKPIT_ALERTS=off leaves it off (the
        test suite does, so that no thread reads a store behind a test's back: tests/conftest.py)."""
        if self._pid == os.getpid() or os.environ.get("COCKPIT_ALERTS") == "off":
            return
        with self._lock:
            if self._pid == os.getpid():
                return
            self._pid = os.getpid()
            self._stop = threading.Event()
            name = f"cockpit-alerts-{self._pid}"
            threading.Thread(target=self._run, args=(self._stop,), name=name, daemon=True).start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self, stop: threading.Event) -> None:
        """Idle, it runs no statement: only a new data version, the periodic check or a due retry wake it."""
        seen, last_check, next_due = None, 0.0, None
        while not stop.wait(self.TICK_S):
            try:
                version = self._store.known_version()
                now = utc_now()
                clock = now.timestamp()
                if version != seen or clock - last_check >= self.STALE_CHECK_S:
                    alerts.evaluate(self._store, now)
                    seen, last_check = self._store.known_version(), clock
                    next_due = now
                if next_due is not None and next_due <= now:
                    next_due = deliver_due(self._store, now)
            except Exception as error:  # the store restarting, a table not there yet: try again next tick
                if stop.is_set():
                    return
                log.warning("alert worker: %s", (str(error) or type(error).__name__).splitlines()[0])

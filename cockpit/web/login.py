"""Signing in and out, changing one's password, and opening a wall screen by its device link.

Plain server-rendered pages (no Dash, no script): they must work before anyone is signed in and on any
browser. Thai first, English with `?lang=en`. The forms carry a signed token (Flask-WTF) against login CSRF.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit

from flask import Blueprint, g, redirect, render_template_string, request, session
from flask_wtf.csrf import generate_csrf, validate_csrf
from wtforms.validators import ValidationError as FormTokenError

from cockpit.people import devices, users
from cockpit.people.access import ROLE_NAMES, home_path
from cockpit.store.database import Store
from cockpit.web.gate import login_failures
from cockpit.web.security import client_address, failure_messages
from cockpit.write import audit

if TYPE_CHECKING:
    from cockpit.web.sso_settings import SsoSettings

WORDS = {
    "title": ("เข้าสู่ระบบ", "Sign in"),
    "app": ("Management Cockpit · กระทรวงศึกษาธิการ", "Management Cockpit · Ministry of Education"),
    "username": ("ชื่อผู้ใช้", "User name"),
    "password": ("รหัสผ่าน", "Password"),
    "submit": ("เข้าสู่ระบบ", "Sign in"),
    "wrong": ("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง หรือบัญชีถูกระงับ", "Wrong user name or password, or the account is disabled"),
    "expired_form": ("แบบฟอร์มหมดอายุ กรุณาลองอีกครั้ง", "The form expired; please try again"),
    "other_lang": ("English", "ภาษาไทย"),
    "screen_revoked": (
        "ลิงก์ของจอภาพนี้ถูกยกเลิกหรือไม่ถูกต้อง ขอลิงก์ใหม่จากผู้ดูแลระบบหรือผู้ควบคุมห้องประชุม",
        "This screen's link is revoked or wrong; ask an administrator or the room's operator for a new one",
    ),
    "account": ("บัญชีของฉัน", "My account"),
    "role": ("บทบาท", "Role"),
    "view_scope": ("ขอบเขตที่ดูได้", "View scope"),
    "write_scope": ("ขอบเขตที่บันทึกได้", "Write scope"),
    "none": ("ไม่มี", "none"),
    "current": ("รหัสผ่านปัจจุบัน", "Current password"),
    "new": ("รหัสผ่านใหม่ (อย่างน้อย 10 ตัวอักษร)", "New password (at least 10 characters)"),
    "repeat": ("รหัสผ่านใหม่อีกครั้ง", "New password again"),
    "change": ("เปลี่ยนรหัสผ่าน", "Change password"),
    "changed": ("เปลี่ยนรหัสผ่านแล้ว", "Password changed"),
    "mismatch": ("รหัสผ่านใหม่สองช่องไม่ตรงกัน", "The two new passwords differ"),
    "wrong_current": ("รหัสผ่านปัจจุบันไม่ถูกต้อง", "The current password is wrong"),
    "back": ("กลับสู่หน้าหลัก", "Back to the cockpit"),
    "signed_out": ("ออกจากระบบแล้ว", "Signed out"),
    "or": ("หรือ", "or"),
    "sso_only": (
        "บัญชีนี้เข้าสู่ระบบผ่านผู้ให้บริการยืนยันตัวตนของกระทรวงเท่านั้น จึงไม่มีรหัสผ่านให้เปลี่ยนที่นี่",
        "This account signs in only through the ministry's identity provider: it has no password to change here",
    ),
    "sso_button": ("เข้าสู่ระบบด้วย {label}", "Sign in with {label}"),
    "sso_denied": (
        "การเข้าสู่ระบบผ่าน {label} ถูกยกเลิกหรือไม่ได้รับอนุญาต",
        "Signing in through {label} was cancelled or refused",
    ),
    "sso_state": (
        "คำตอบจาก {label} หมดอายุหรือไม่ได้มาจากการเข้าสู่ระบบของเบราว์เซอร์นี้ กรุณาเริ่มใหม่",
        "The answer from {label} expired or belongs to no sign-in of this browser; please start again",
    ),
    "sso_token": ("ข้อมูลยืนยันตัวตนจาก {label} ไม่ผ่านการตรวจสอบ", "The identity from {label} failed the cockpit's checks"),
    "sso_no_claim": (
        "{label} ไม่ได้ส่งชื่อผู้ใช้มา กรุณาแจ้งผู้ดูแลระบบ",
        "{label} sent no user name; please tell an administrator",
    ),
    "sso_unknown_user": (
        "ยังไม่มีบัญชี {name} ในระบบ ขอให้ผู้ดูแลระบบเพิ่มผู้ใช้ก่อน",
        "There is no cockpit account {name}; ask an administrator to add it first",
    ),
    "sso_disabled": ("บัญชี {name} ถูกระงับ", "The account {name} is disabled"),
    "sso_provider": (
        "ติดต่อ {label} ไม่ได้ในขณะนี้ ลองอีกครั้งภายหลังหรือเข้าสู่ระบบด้วยรหัสผ่าน",
        "{label} cannot be reached now; try again later or sign in with a password",
    ),
}

PAGE = """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{{ w('title') }} · Management Cockpit</title>
<link rel="stylesheet" href="/assets/fonts.css"><link rel="stylesheet" href="/assets/page-login.css"></head>
<body class="login-page"><main class="login-box">
<h1 class="login-app">{{ w('app') }}</h1>
{% if message %}<p class="login-message login-{{ kind }}" role="alert">{{ message }}</p>{% endif %}
{{ body|safe }}
<p class="login-lang"><a href="{{ other_href }}">{{ w('other_lang') }}</a></p>
</main></body></html>"""

LOGIN_FORM = """<form method="post" action="/login{{ suffix }}" class="login-form">
<input type="hidden" name="csrf_token" value="{{ csrf }}"><input type="hidden" name="next" value="{{ next }}">
<label>{{ w('username') }}<input name="username" id="login-username" autocomplete="username" required autofocus
 value="{{ username }}"></label>
<label>{{ w('password') }}<input name="password" id="login-password" type="password" autocomplete="current-password"
 required></label>
<button type="submit" id="login-submit">{{ w('submit') }}</button></form>
{% if sso_href %}<p class="login-or">{{ w('or') }}</p>
<a class="login-sso" id="login-sso" href="{{ sso_href }}">{{ sso_text }}</a>{% endif %}"""

ACCOUNT_FORM = """<h2>{{ w('account') }}: {{ user.display_name }} ({{ user.username }})</h2>
<dl class="login-facts"><dt>{{ w('role') }}</dt><dd>{{ role }}</dd>
<dt>{{ w('view_scope') }}</dt><dd>{{ user.view_scope }}</dd>
<dt>{{ w('write_scope') }}</dt><dd>{{ user.write_scope or w('none') }}</dd></dl>
{% if not user.password_hash %}<p class="login-message login-info" id="account-sso-only">{{ w('sso_only') }}</p>
{% else %}<form method="post" action="/account{{ suffix }}" class="login-form">
<input type="hidden" name="csrf_token" value="{{ csrf }}">
<label>{{ w('current') }}<input name="current" type="password" autocomplete="current-password" required></label>
<label>{{ w('new') }}<input name="new" type="password" autocomplete="new-password" required minlength="10"></label>
<label>{{ w('repeat') }}<input name="repeat" type="password" autocomplete="new-password" required></label>
<button type="submit">{{ w('change') }}</button></form>{% endif %}
<p><a href="/{{ suffix }}">{{ w('back') }}</a></p>"""


def page_lang() -> str:
    return "en" if request.args.get("lang") == "en" else "th"


def _page(
    body_template: str,
    status: int = 200,
    message: str = "",
    kind: str = "error",
    lang: str | None = None,
    here: tuple[str, dict] | None = None,
    **values,
):
    """A page in `lang` (the URL's by default); `here` is the path and query its other-language link keeps."""
    lang = lang or page_lang()

    def w(key: str) -> str:
        return WORDS[key][1 if lang == "en" else 0]

    suffix = "?lang=en" if lang == "en" else ""
    path, query = here or (request.path, {k: v for k, v in request.args.items() if k != "lang"})
    args = query | ({} if lang == "en" else {"lang": "en"})
    other = path + ("?" + urlencode(args) if args else "")
    context = {"w": w, "lang": lang, "suffix": suffix, "csrf": generate_csrf(), "sso_href": ""} | values
    body = render_template_string(body_template, **context)
    html = render_template_string(PAGE, body=body, message=message, kind=kind, other_href=other, **context)
    return html, status, {"Cache-Control": "no-store"}


def _sso_button(sso: SsoSettings | None, lang: str, next_path: str) -> dict:
    """The single sign-on link of the login form, when a provider is configured."""
    if sso is None:
        return {}
    query = {"next": next_path} | ({"lang": "en"} if lang == "en" else {})
    text = WORDS["sso_button"][1 if lang == "en" else 0].format(label=sso.label)
    return {"sso_href": "/login/sso?" + urlencode(query), "sso_text": text}


def refused_page(status: int, word: str, lang: str, next_path: str, sso: SsoSettings | None, name: str = ""):
    """The login form again, saying in the person's language why single sign-on did not let them in."""
    label = sso.label if sso else ""
    message = WORDS[word][1 if lang == "en" else 0].format(label=label, name=name)
    return _page(
        LOGIN_FORM,
        status,
        message,
        lang=lang,
        here=("/login", {"next": next_path}),
        next=next_path,
        username="",
        **_sso_button(sso, lang, next_path),
    )


def safe_next(target: str | None) -> str:
    """Only a path of this site: never another host (an open redirect would help phishing)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    return target if not parts.netloc and not parts.scheme else "/"


def address() -> str:
    return request.remote_addr or ""


def start_session(store: Store, user: dict, next_path: str, method: str):
    """Sign a verified, enabled user in, whichever way they proved who they are (`method`: password or sso):
    the audit entry, a fresh session, and on to `next_path` (an office starts at its own region or province)."""
    with store.write(bump_version=False) as conn:
        users.record_login(conn, user["id"])
        username = user["username"]
        audit.record(conn, f"user:{username}", "login", username, "ok", {"method": method}, address())
    session.clear()
    session.permanent = True
    session["uid"] = user["id"]
    session["stamp"] = user["password_changed_at"].isoformat() if user["password_changed_at"] else ""
    if next_path == "/":
        next_path = home_path(user["view_scope"])
    return redirect(next_path)


def create_login(store: Store, sso: SsoSettings | None = None):
    bp = Blueprint("login", __name__)

    def w(key: str) -> str:
        return WORDS[key][1 if page_lang() == "en" else 0]

    def form(status: int = 200, message: str = "", kind: str = "error", next_path: str = "/", username: str = ""):
        button = _sso_button(sso, page_lang(), next_path)
        return _page(LOGIN_FORM, status, message, kind, next=next_path, username=username, **button)

    @bp.get("/login")
    def login_form():
        message = w("signed_out") if request.args.get("out") else ""
        return form(message=message, kind="info", next_path=safe_next(request.args.get("next")))

    @bp.post("/login")
    def login():
        posted = request.form
        next_path = safe_next(posted.get("next"))
        try:
            validate_csrf(posted.get("csrf_token"))
        except FormTokenError:
            return form(400, w("expired_form"), next_path=next_path, username=posted.get("username", ""))
        username = posted.get("username", "").strip().lower()
        failures, keys = login_failures(), (client_address(), f"account:{username}")
        wait = failures.retry_after(*keys)
        if wait:
            with store.write(bump_version=False) as conn:
                audit.record(
                    conn, f"user:{username or '-'}", "login", username, "refused", {"why": "too many"}, address()
                )
            english, thai = failure_messages(wait)
            message = english if page_lang() == "en" else thai
            page, _, headers = form(429, message, next_path=next_path, username=username)
            return page, 429, headers | {"Retry-After": str(wait)}
        with store.write(bump_version=False) as conn:
            user = users.verify(conn, username, posted.get("password", ""))
            if user is None:
                detail = {"method": "password"}
                audit.record(conn, f"user:{username or '-'}", "login", username, "refused", detail, address())
        if user is None:
            failures.record(*keys)
            return form(401, w("wrong"), next_path=next_path, username=username)
        failures.clear(f"account:{username}")
        return start_session(store, user, next_path, "password")

    @bp.post("/logout")
    def logout():
        who = g.get("principal")
        if who is not None:
            with store.write(bump_version=False) as conn:
                audit.record(conn, who.actor, "logout", who.name, "ok", None, address())
        session.clear()
        return redirect("/login?out=1" + ("&lang=en" if page_lang() == "en" else ""))

    @bp.route("/account", methods=["GET", "POST"])
    def account():
        who = g.principal
        if who.kind != "user":
            return redirect("/")
        with store.read() as conn:
            user = users.get_user(conn, who.name)
        role = ROLE_NAMES[who.role][1 if page_lang() == "en" else 0]
        if request.method == "GET":
            return _page(ACCOUNT_FORM, user=user, role=role)
        posted = request.form
        try:
            validate_csrf(posted.get("csrf_token"))
        except FormTokenError:
            return _page(ACCOUNT_FORM, 400, w("expired_form"), user=user, role=role)
        with store.write(bump_version=False) as conn:
            if users.verify(conn, who.name, posted.get("current", "")) is None:
                audit.record(conn, who.actor, "password_change", who.name, "refused", None, address())
                message = w("wrong_current")
            elif posted.get("new", "") != posted.get("repeat", ""):
                message = w("mismatch")
            else:
                try:
                    users.set_password(conn, who.name, posted["new"])
                except users.UserError as error:
                    message = str(error)
                else:
                    audit.record(conn, who.actor, "password_change", who.name, "ok", None, address())
                    user = users.get_user(conn, who.name)
                    session["stamp"] = user["password_changed_at"].isoformat()
                    return _page(ACCOUNT_FORM, 200, w("changed"), "info", user=user, role=role)
        return _page(ACCOUNT_FORM, 422, message, user=user, role=role)

    @bp.get(devices.DEVICE_PREFIX + "<key>")
    def open_screen(key: str):
        with store.write(bump_version=False) as conn:
            device = devices.device_for_key(conn, key)
            if device is None:
                audit.record(conn, "device:-", "screen_open", None, "refused", None, address())
            else:
                devices.mark_used(conn, device["id"])
                audit.record(conn, f"device:{device['name']}", "screen_open", device["name"], "ok", None, address())
        if device is None:
            session.clear()
            return _page("", 403, w("screen_revoked"))
        session.clear()
        session.permanent = True
        session["device"] = device["id"]
        query = request.query_string.decode()
        return redirect("/wall" + (f"?{query}" if query else ""))

    return bp

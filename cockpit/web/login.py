"""Signing in and out, changing one's password, and opening a wall screen by its device link.

Plain server-rendered pages (no Dash, no script): they must work before anyone is signed in and on any
browser. Thai first, English with `?lang=en`. The forms carry a signed token (Flask-WTF) against login CSRF.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, g, redirect, render_template_string, request, session
from flask_wtf.csrf import generate_csrf, validate_csrf
from wtforms.validators import ValidationError as FormTokenError

from cockpit.people import devices, users
from cockpit.people.access import ROLE_NAMES, home_path
from cockpit.store.database import Store
from cockpit.web.gate import login_failures
from cockpit.web.security import client_address, failure_messages
from cockpit.write import audit

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
<button type="submit" id="login-submit">{{ w('submit') }}</button></form>"""

ACCOUNT_FORM = """<h2>{{ w('account') }}: {{ user.display_name }} ({{ user.username }})</h2>
<dl class="login-facts"><dt>{{ w('role') }}</dt><dd>{{ role }}</dd>
<dt>{{ w('view_scope') }}</dt><dd>{{ user.view_scope }}</dd>
<dt>{{ w('write_scope') }}</dt><dd>{{ user.write_scope or w('none') }}</dd></dl>
<form method="post" action="/account{{ suffix }}" class="login-form">
<input type="hidden" name="csrf_token" value="{{ csrf }}">
<label>{{ w('current') }}<input name="current" type="password" autocomplete="current-password" required></label>
<label>{{ w('new') }}<input name="new" type="password" autocomplete="new-password" required minlength="10"></label>
<label>{{ w('repeat') }}<input name="repeat" type="password" autocomplete="new-password" required></label>
<button type="submit">{{ w('change') }}</button></form>
<p><a href="/{{ suffix }}">{{ w('back') }}</a></p>"""


def _lang() -> str:
    return "en" if request.args.get("lang") == "en" else "th"


def _page(body_template: str, status: int = 200, message: str = "", kind: str = "error", **values):
    lang = _lang()

    def w(key: str) -> str:
        return WORDS[key][1 if lang == "en" else 0]

    suffix = "?lang=en" if lang == "en" else ""
    args = {k: v for k, v in request.args.items() if k != "lang"} | ({} if lang == "en" else {"lang": "en"})
    other = request.path + ("?" + "&".join(f"{k}={v}" for k, v in args.items()) if args else "")
    context = {"w": w, "lang": lang, "suffix": suffix, "csrf": generate_csrf()} | values
    body = render_template_string(body_template, **context)
    html = render_template_string(PAGE, body=body, message=message, kind=kind, other_href=other, **context)
    return html, status, {"Cache-Control": "no-store"}


def safe_next(target: str | None) -> str:
    """Only a path of this site: never another host (an open redirect would help phishing)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    return target if not parts.netloc and not parts.scheme else "/"


def address() -> str:
    return request.remote_addr or ""


def create_login(store: Store):
    bp = Blueprint("login", __name__)

    def w(key: str) -> str:
        return WORDS[key][1 if _lang() == "en" else 0]

    @bp.get("/login")
    def login_form():
        message = w("signed_out") if request.args.get("out") else ""
        return _page(LOGIN_FORM, message=message, kind="info", next=request.args.get("next", "/"), username="")

    @bp.post("/login")
    def login():
        form = request.form
        next_path = safe_next(form.get("next"))
        try:
            validate_csrf(form.get("csrf_token"))
        except FormTokenError:
            return _page(LOGIN_FORM, 400, w("expired_form"), next=next_path, username=form.get("username", ""))
        username = form.get("username", "").strip().lower()
        failures, keys = login_failures(), (client_address(), f"account:{username}")
        wait = failures.retry_after(*keys)
        if wait:
            with store.write(bump_version=False) as conn:
                audit.record(
                    conn, f"user:{username or '-'}", "login", username, "refused", {"why": "too many"}, address()
                )
            english, thai = failure_messages(wait)
            message = english if _lang() == "en" else thai
            page, _, headers = _page(LOGIN_FORM, 429, message, next=next_path, username=username)
            return page, 429, headers | {"Retry-After": str(wait)}
        with store.write(bump_version=False) as conn:
            user = users.verify(conn, username, form.get("password", ""))
            if user is None:
                audit.record(conn, f"user:{username or '-'}", "login", username, "refused", None, address())
            else:
                users.record_login(conn, user["id"])
                audit.record(conn, f"user:{username}", "login", username, "ok", None, address())
        if user is None:
            failures.record(*keys)
            return _page(LOGIN_FORM, 401, w("wrong"), next=next_path, username=username)
        failures.clear(f"account:{username}")
        session.clear()
        session.permanent = True
        session["uid"] = user["id"]
        session["stamp"] = user["password_changed_at"].isoformat() if user["password_changed_at"] else ""
        if next_path == "/":
            next_path = home_path(user["view_scope"])  # an office starts at its own region or province
        return redirect(next_path)

    @bp.post("/logout")
    def logout():
        who = g.get("principal")
        if who is not None:
            with store.write(bump_version=False) as conn:
                audit.record(conn, who.actor, "logout", who.name, "ok", None, address())
        session.clear()
        return redirect("/login?out=1" + ("&lang=en" if _lang() == "en" else ""))

    @bp.route("/account", methods=["GET", "POST"])
    def account():
        who = g.principal
        if who.kind != "user":
            return redirect("/")
        with store.read() as conn:
            user = users.get_user(conn, who.name)
        role = ROLE_NAMES[who.role][1 if _lang() == "en" else 0]
        if request.method == "GET":
            return _page(ACCOUNT_FORM, user=user, role=role)
        form = request.form
        try:
            validate_csrf(form.get("csrf_token"))
        except FormTokenError:
            return _page(ACCOUNT_FORM, 400, w("expired_form"), user=user, role=role)
        with store.write(bump_version=False) as conn:
            if users.verify(conn, who.name, form.get("current", "")) is None:
                audit.record(conn, who.actor, "password_change", who.name, "refused", None, address())
                message = w("wrong_current")
            elif form.get("new", "") != form.get("repeat", ""):
                message = w("mismatch")
            else:
                try:
                    users.set_password(conn, who.name, form["new"])
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

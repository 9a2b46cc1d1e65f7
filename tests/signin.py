"""Signing in for tests: a real user in the store and a real POST /login, so tests go through the same door
as people do."""

from __future__ import annotations

import re
import uuid

from cockpit.people.access import Principal, Role
from cockpit.people.users import add_user

PASSWORD = "test-password-2569"
_CSRF = re.compile(rb'name="csrf_token" value="([^"]+)"')


def make_user(store, role: str = "administrator", view: str = "national", write: str | None = "national") -> str:
    """A new user with PASSWORD; returns the user name."""
    username = f"t-{role[:5]}-{uuid.uuid4().hex[:8]}"
    with store.write(bump_version=False) as conn:
        add_user(conn, username, PASSWORD, role, view, write, "tests", f"ผู้ทดสอบ {role}")
    return username


def form_token(client, path: str = "/login") -> str:
    page = client.get(path)
    return _CSRF.search(page.data).group(1).decode()


def sign_in(client, username: str, password: str = PASSWORD, next_path: str = "/"):
    """POST the login form as a browser does; returns the response (302 on success)."""
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": form_token(client), "next": next_path},
    )


def signed_in_client(app_or_server, store, role: str = "administrator", view: str = "national", write="national"):
    """A Flask test client with a session of a new user of that role and scopes. Writes it makes carry this
    site's Origin, as the cockpit's own pages do."""
    server = getattr(app_or_server, "server", app_or_server)
    client = server.test_client()
    client.environ_base["HTTP_ORIGIN"] = "http://localhost"
    response = sign_in(client, make_user(store, role, view, write))
    assert response.status_code == 302, response.data[:300]
    return client


class Reading:
    """A test client whose GETs read as the given token unless the test sends its own headers; its writes are
    left as the test makes them (a write without a token must still be refused)."""

    def __init__(self, client, token: str):
        self._client = client
        self._auth = {"Authorization": f"Bearer {token}"}

    def get(self, path: str, **kwargs):
        kwargs.setdefault("headers", self._auth)
        return self._client.get(path, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self._client, name)


# The router's viewer in tests that call callbacks.routing.render_path directly (no HTTP request, no session).
ADMINISTRATOR = Principal(
    kind="user",
    id=0,
    name="test-admin",
    role=Role.ADMINISTRATOR,
    view_scope="national",
    view_provinces=None,
    write_scope="national",
    write_provinces=None,
)

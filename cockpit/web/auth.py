"""Who is calling a route: the principal the gate found (cockpit/web/gate.py), or the 401 answer that says how
to become one."""

from __future__ import annotations

from flask import Response, g

from cockpit.people.access import Principal
from cockpit.web.api import error_response


def principal_or_401() -> Principal | Response:
    who = g.get("principal")
    if who is None or who.kind in ("public", "device"):
        response = error_response(
            401,
            "sign in, or send Authorization: Bearer <token> (create one with `cockpit token create`)",
        )
        response.headers["WWW-Authenticate"] = 'Bearer realm="cockpit"'
        return response
    return who

"""Who is calling a write route: the bearer token of the request, or the 401 answer that says how to get one."""

from __future__ import annotations

from flask import Response, request

from cockpit.people.tokens import Token, authenticate
from cockpit.store.database import Store
from cockpit.web.api import error_response


def token_or_401(store: Store) -> Token | Response:
    with store.read() as conn:
        token = authenticate(conn, request.headers.get("Authorization"))
    if token is None:
        response = error_response(
            401,
            "a valid token is required: send Authorization: Bearer <token> (create one with `cockpit token create`)",
        )
        response.headers["WWW-Authenticate"] = 'Bearer realm="cockpit"'
        return response
    return token

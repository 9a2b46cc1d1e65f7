"""Who is calling a write route: the bearer token of the request, or the 401 answer that says how to get one
(429 once an address has sent too many wrong tokens: a token cannot be guessed by trying)."""

from __future__ import annotations

from flask import Response, request

from cockpit.people.tokens import Token, authenticate
from cockpit.store.database import Store
from cockpit.web.api import error_response
from cockpit.web.security import client_address, token_failures, too_many_failures


def token_or_401(store: Store) -> Token | Response:
    failures, address = token_failures(), client_address()
    wait = failures.retry_after(address)
    if wait:
        return too_many_failures(wait)
    credentials = request.headers.get("Authorization")
    with store.read() as conn:
        token = authenticate(conn, credentials)
    if token is None:
        if credentials:  # a request that forgot its token is a mistake, not a guess
            failures.record(address)
        response = error_response(
            401,
            "a valid token is required: send Authorization: Bearer <token> (create one with `cockpit token create`)",
        )
        response.headers["WWW-Authenticate"] = 'Bearer realm="cockpit"'
        return response
    return token

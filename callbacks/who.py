"""Who the browser behind a callback is: the principal the gate found for this request (cockpit/web/gate.py)."""

from __future__ import annotations

from flask import g, has_request_context, request

from cockpit.people.access import Principal


def current() -> Principal | None:
    return g.get("principal") if has_request_context() else None


def address() -> str | None:
    """Where the request came from, as the API records it in the audit trail."""
    return request.remote_addr if has_request_context() else None

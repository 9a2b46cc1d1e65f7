"""Who the browser behind a callback is: the principal the gate found for this request (cockpit/web/gate.py)."""

from __future__ import annotations

from flask import g, has_request_context

from cockpit.people.access import Principal


def current() -> Principal | None:
    return g.get("principal") if has_request_context() else None

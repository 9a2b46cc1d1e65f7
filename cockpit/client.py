"""Talking to a running cockpit app over its API (the CLI's --url mode and the simulator)."""

from __future__ import annotations

from pathlib import Path

import requests

from cockpit.errors import CockpitError


class Rejected(CockpitError):
    """The app refused the request; `fields` names what was wrong."""

    def __init__(self, message: str, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


def app_is_running(url: str) -> bool:
    try:
        return requests.get(f"{url.rstrip('/')}/api/v1/version", timeout=2).ok
    except requests.RequestException:
        return False


def _check(response: requests.Response) -> dict:
    if response.ok:
        return response.json()
    try:
        body = response.json()
    except ValueError:
        body = {"error": response.text[:200]}
    raise Rejected(f"the app answered {response.status_code}: {body.get('error', '')}", body.get("fields"))


def import_through_app(url: str, token: str, path: Path) -> dict:
    with path.open("rb") as handle:
        response = requests.post(
            f"{url.rstrip('/')}/api/v1/import",
            headers={"Authorization": f"Bearer {token}"},
            files={"file": (path.name, handle)},
            timeout=600,
        )
    return _check(response)

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
        return requests.get(f"{url.rstrip('/')}/api/v1/health", timeout=2).ok
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


class Unreachable(CockpitError):
    """The app did not answer at all (not running, wrong --url, network down)."""


class Reply:
    """An answer of the app: HTTP status and the JSON body (None when it was not JSON)."""

    def __init__(self, status: int, body):
        self.status = status
        self.body = body

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


class ApiSession:
    """A small HTTP client of the running app's API, with a token for writes.

    `send` carries an Idempotency-Key and retries once with the same key when the connection drops, so a
    retried write is stored at most once. Any failure to reach the app raises `Unreachable`.
    """

    def __init__(self, url: str, token: str = "", timeout: float = 30.0):
        self.url = url.rstrip("/")
        self.timeout = timeout
        self._session = requests.Session()
        if token:
            self._session.headers["Authorization"] = f"Bearer {token}"

    def _call(self, method: str, path: str, **kwargs) -> Reply:
        try:
            response = self._session.request(method, f"{self.url}{path}", timeout=self.timeout, **kwargs)
        except requests.RequestException as error:
            reason = type(error).__name__
            raise Unreachable(f"the app at {self.url} did not answer {method} {path} ({reason})") from None
        try:
            body = response.json()
        except ValueError:
            body = None
        return Reply(response.status_code, body)

    def get(self, path: str, params: dict | None = None) -> Reply:
        return self._call("GET", path, params=params)

    def send(self, method: str, path: str, body: dict, key: str) -> Reply:
        try:
            return self._call(method, path, json=body, headers={"Idempotency-Key": key})
        except Unreachable:
            return self._call(method, path, json=body, headers={"Idempotency-Key": key})

    def close(self) -> None:
        self._session.close()


class CatalogueProblems(CockpitError):
    """The app refused a catalogue: one line per problem, as the app reported them."""

    def __init__(self, message: str, lines: list[str]):
        super().__init__(message)
        self.message = message
        self.lines = lines


def catalogue_through_app(url: str, token: str) -> dict:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return _check(requests.get(f"{url.rstrip('/')}/api/v1/catalogue", headers=headers, timeout=60))


def emenscr_through_app(url: str, token: str, fiscal_year: int | None) -> bytes:
    """The eMENSCR CSV as the running app writes it (GET /api/v1/exports/emenscr.csv)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    params = {"fy": fiscal_year} if fiscal_year else {}
    response = requests.get(
        f"{url.rstrip('/')}/api/v1/exports/emenscr.csv", headers=headers, params=params, timeout=120
    )
    if response.ok:
        return response.content
    _check(response)
    raise Rejected(f"the app answered {response.status_code}")


def import_catalogue_through_app(url: str, token: str, path: Path, dry_run: bool) -> dict:
    """A workbook as it is, a folder as a zip of its CSV files."""
    from cockpit.catalogue.files import folder_as_zip

    if path.is_dir():
        name, data = f"{path.name or 'catalogue'}.zip", folder_as_zip(path)
    else:
        name, data = path.name, path.read_bytes()
    response = requests.post(
        f"{url.rstrip('/')}/api/v1/catalogue",
        headers={"Authorization": f"Bearer {token}"},
        files={"file": (name, data)},
        data={"dry_run": "1" if dry_run else "0"},
        timeout=600,
    )
    if response.status_code == 422:
        body = response.json()
        lines = [problem["line"] for problem in body.get("problems", [])]
        raise CatalogueProblems(body.get("error", "the catalogue was not imported"), lines)
    return _check(response)


def people_call(url: str, auth: tuple[str, str] | str, method: str, path: str, body: dict | None = None) -> object:
    """One call of the people API (/api/v1/users, /tokens, /devices, /settings) as an administrator: `auth`
    is a token, or (user name, password) sent as HTTP Basic."""
    headers, basic = {}, None
    if isinstance(auth, tuple):
        basic = auth
    elif auth:
        headers["Authorization"] = f"Bearer {auth}"
    try:
        response = requests.request(
            method, f"{url.rstrip('/')}/api/v1{path}", json=body, headers=headers, auth=basic, timeout=30
        )
    except requests.RequestException as error:
        raise Unreachable(f"the app at {url} did not answer {method} {path} ({type(error).__name__})") from None
    return _check(response)

"""A bounded, seeded fuzz run of the whole API with schemathesis, against the live WSGI app and the document it
serves at /api/v1/openapi.json, on a demo DuckDB store.

Every documented operation gets data that the document says is valid and data it says is not; each request
is sent without a token and with a national one. No answer may be a server error or disagree with the
document (status code, content type, response schema, invalid data accepted), and no answer may hold NaN or
Infinity. Left out: schemathesis's "positive data acceptance", which expects every request valid by the
schema to succeed; a document cannot list which indicator, province or crisis codes the store holds, so
well-formed requests naming unknown ones are refused with a 422 that names them, as intended.
"""

from __future__ import annotations

import collections
import json

import pytest
import schemathesis
import sqlalchemy as sa
from hypothesis import HealthCheck, Phase, given, seed, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from app import create_app
from cockpit.people.devices import create_device_link
from cockpit.people.tokens import create_token
from cockpit.store import schema

SEED = 25681001
# Examples per operation and kind of data; each is sent twice (without and with a token). The chain is built
# whole for every request, the catalogue is written as a workbook and the briefing printed by Chromium (seconds
# each): the slowest answers get fewer.
EXAMPLES = 55
FEWER = {"GET /api/v1/chain": 15, "GET /api/v1/catalogue": 15, "GET /api/v1/briefing.pdf": 4}
ON_A_CRISIS = 25
AT_LEAST = 2000


@pytest.fixture(scope="module")
def live_app(tmp_path_factory):
    from tests.conftest import StoreFactory

    factory = StoreFactory("duckdb", tmp_path_factory)
    store = factory.prepared(demo=True)
    with store.write(bump_version=False) as conn:
        token = create_token(conn, "fuzz (ทดสอบ)", "national")
        crisis_ids = list(
            conn.execute(sa.select(schema.crisis_event.c.id).order_by(schema.crisis_event.c.id)).scalars()
        )
        create_token(conn, "fuzz: to revoke (ทดสอบ)", "province:TH-50")
        t = schema.api_token
        decoys = {
            "/api/v1/tokens/{id}/revoke": conn.execute(sa.select(sa.func.max(t.c.id))).scalar_one(),
            "/api/v1/devices/{id}/revoke": create_device_link(conn, "fuzz: to revoke (ทดสอบ)", "tests")[0],
        }
    yield create_app(store).server, token, [crisis_ids[0], crisis_ids[-1]], decoys
    factory.close()


def _strict_json(text: str) -> None:
    def refuse(constant: str):
        raise ValueError(f"{constant} is not JSON")

    json.loads(text, parse_constant=refuse)


class Findings:
    """What the run saw: answers by status, server errors and disagreements with the document."""

    def __init__(self) -> None:
        self.statuses: collections.Counter = collections.Counter()
        self.server_errors: list[str] = []
        self.violations: list[str] = []

    def check(self, case, headers: dict, where: str) -> None:
        try:
            response = case.call(headers=headers)
        except Exception as error:  # the app raised: a 500 in production
            self.server_errors.append(f"{where}: {type(error).__name__}: {error}")
            return
        self.statuses[response.status_code] += 1
        if response.status_code >= 500:
            self.server_errors.append(f"{where}: {response.status_code} {response.text[:300]}")
        if "json" in response.headers.get("Content-Type", [""])[0]:
            try:
                _strict_json(response.text)
            except ValueError as error:
                self.violations.append(f"{where}: {error}")
        try:
            case.validate_response(response, headers=headers, excluded_checks=[positive_data_acceptance])
        except BaseException as failure:  # schemathesis raises an exception group of failures
            self.violations.append(f"{where}: {str(failure)[:1500]}")


def fuzz(operation, mode, token: str, findings: Findings, path: dict | None = None) -> None:
    """Send the seeded examples of one operation and kind of data, each without and with the token; `path`
    fixes path parameters (a crisis that exists, whose changes random ids would seldom reach; a token or device
    link to revoke)."""

    @seed(SEED)
    @settings(
        max_examples=FEWER.get(operation.label, EXAMPLES) if path is None else ON_A_CRISIS,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path))
    def send(case):
        # Schemathesis calls the WSGI app with requests' Accept-Encoding and reads the body undecoded; compression
        # has its own tests (tests/test_serving.py).
        plain = {"Accept-Encoding": "identity"}
        for headers in (plain, plain | {"Authorization": f"Bearer {token}"}):
            who = "national token" if "Authorization" in headers else "no token"
            findings.check(case, headers, f"{operation.label} ({mode.value}, {who})")

    send()


def test_no_input_makes_a_server_error_or_breaks_the_document(live_app, monkeypatch):
    app, token, crisis_ids, decoys = live_app
    # The fuzzer sends made-up bearer tokens and passwords by the thousand; the failure limit would lock this
    # address out after 20 and answer 429 to everything (tests/test_failure_limits.py tests the limit itself).
    monkeypatch.setattr("cockpit.web.security.TOKEN_FAILURES", "1000000 per minute")
    monkeypatch.setattr("cockpit.web.gate.LOGIN_FAILURES", "1000000 per minute")
    document = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in document.get_all_operations()]
    # Revocations last, the tokens' at the very end: an invalid request may still carry a valid id (its invalid
    # part elsewhere) and revoke the fuzzer's own token, after which every request with it answers 401.
    operations.sort(key=lambda op: (op.path in decoys, op.path == "/api/v1/tokens/{id}/revoke"))
    assert len(operations) >= 15, "every documented operation is fuzzed"
    findings = Findings()
    for operation in operations:
        if operation.path in decoys:
            # Valid ids would revoke the fuzzer's own token at the first small number: valid requests name a
            # decoy made for them, invalid ones anything.
            fuzz(operation, schemathesis.GenerationMode.POSITIVE, token, findings, path={"id": decoys[operation.path]})
            fuzz(operation, schemathesis.GenerationMode.NEGATIVE, token, findings)
            continue
        fuzz(operation, schemathesis.GenerationMode.POSITIVE, token, findings)
        if list(operation.iter_parameters()) or operation.body:
            fuzz(operation, schemathesis.GenerationMode.NEGATIVE, token, findings)
        if "{id}" in operation.path and operation.body:
            for crisis_id in crisis_ids:
                for mode in schemathesis.GenerationMode:
                    fuzz(operation, mode, token, findings, path={"id": crisis_id})
    statuses = findings.statuses
    requests = sum(statuses.values())
    print(
        f"\nschemathesis: {requests} requests, answers {dict(sorted(statuses.items()))}, "
        f"{len(findings.server_errors)} server errors, {len(findings.violations)} violations"
    )
    assert requests >= AT_LEAST
    assert not findings.server_errors, "\n".join(findings.server_errors[:5])
    assert not findings.violations, "\n".join(findings.violations[:5])
    assert statuses[200] and statuses[401] and statuses[422], "valid, unauthorised and invalid requests were all sent"

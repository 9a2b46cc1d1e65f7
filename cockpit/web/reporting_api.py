"""The reporting API (/api/v1): crisis reports and their lifecycle, indicator results, file import.

Writes need `Authorization: Bearer <token>` (401 without, 403 outside the token's scope). Bad input is 422
naming the bad fields, why and the figures sent (the first 200 problems, with `problem_count`); a status
change the lifecycle forbids is 409; no input answers 500. A request carrying an `Idempotency-Key` that
repeats an earlier one of the same token gets the first answer again and writes nothing; the same key with
a different body is refused (422), since replaying the first answer would hide that the second request was
not carried out. Every write bumps the data version in its own transaction, which is how open screens notice.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

import sqlalchemy as sa
from flask import Blueprint, Response, g, json, request
from sqlalchemy.engine import Connection

from cockpit.people import settings as people_settings
from cockpit.people.access import Can, Principal
from cockpit.read import approval as approval_read
from cockpit.read import crises, queries, school_results
from cockpit.room import comments, decisions, deck, meetings
from cockpit.rules import approval as approval_rules
from cockpit.store import schema
from cockpit.store.database import UNCHANGED, Store, utc_now
from cockpit.web.api import (
    API_PREFIX,
    PERIODS,
    YEARS,
    _int_arg,
    _plain,
    error_response,
    json_response,
    refuse_nul_in_query,
    scoped_region,
)
from cockpit.web.auth import principal_or_401
from cockpit.web.openapi import openapi_document
from cockpit.write import approval, audit, ingest, schools
from cockpit.write.importer import import_results

Action = Callable[[Connection, Principal], tuple[int, object]]


def _summary(payload: object) -> object:
    """What the audit keeps of an answer: never a new token's secret, and not a whole import report."""
    if isinstance(payload, dict):
        return {k: ("(shown once)" if k == "token" else v) for k, v in payload.items() if k not in ("problems", "rows")}
    return payload


def create_reporting_api(store: Store) -> Blueprint:
    api = Blueprint("api_v1_reporting", __name__, url_prefix=API_PREFIX)
    api.before_request(refuse_nul_in_query)

    def write(action: Action) -> Response:
        """Run one write with auth, idempotency, audit and error mapping; the whole request is one transaction.
        A refused write is recorded in the audit trail in a transaction of its own."""
        token = principal_or_401()
        if isinstance(token, Response):
            return token
        response = _write(token, action)
        if response.status_code >= 400:
            with store.write(bump_version=False) as conn:
                audit.record(
                    conn,
                    token.actor,
                    f"{request.method} {request.path}",
                    None,
                    "refused",
                    {"status": response.status_code, "answer": response.get_json(silent=True)},
                    request.remote_addr,
                )
        return response

    def _write(token: Principal, action: Action) -> Response:
        key = request.headers.get("Idempotency-Key")
        if token.kind != "token":
            key = None  # replays are kept per API token; a person's browser sends each form once
        if key is not None and not IDEMPOTENCY_KEY.fullmatch(key):
            return error_response(
                422, "invalid header", {"Idempotency-Key": "must be 1 to 200 visible ASCII characters (e.g. a UUID)"}
            )
        fingerprint = _fingerprint() if key else None
        try:
            with store.write() as conn:
                if key:
                    replay = _replay(conn, token, key, fingerprint)
                    if replay is not None:
                        conn.info[UNCHANGED] = True
                        return replay
                status, payload = action(conn, token)
                body = json.dumps(payload, ensure_ascii=False, default=str)
                audit.record(
                    conn,
                    token.actor,
                    f"{request.method} {request.path}",
                    None,
                    "ok",
                    {"status": status, "answer": _summary(payload)},
                    request.remote_addr,
                )
                if key:
                    conn.execute(
                        schema.idempotent_request.insert().values(
                            token_id=token.id,
                            key=key,
                            method=request.method,
                            path=request.path,
                            status=status,
                            body=body,
                            created_at=utc_now(),
                            request_sha256=fingerprint,
                        )
                    )
            return Response(body, status=status, mimetype="application/json")
        except ingest.InvalidInput as error:
            return error_response(422, str(error).split(":")[0], error.fields, error.total)
        except ingest.Forbidden as error:
            return error_response(403, str(error))
        except ingest.Conflict as error:
            return error_response(409, str(error))
        except ingest.NotFoundError as error:
            return error_response(404, str(error))
        except sa.exc.IntegrityError:
            if key:
                with store.read() as conn:
                    replay = _replay(conn, token, key, fingerprint)
                if replay is not None:
                    return replay
            raise

    def body_json():
        payload = request.get_json(silent=True)
        if payload is None:
            raise ingest.InvalidInput({"body": "must be JSON (Content-Type: application/json)"})
        return payload

    @api.errorhandler(queries.NotFound)
    def not_found(exc: queries.NotFound):
        return error_response(404, str(exc))

    @api.get("/crises")
    def list_crises():
        args = request.args
        statuses = tuple(s for s in args.get("status", "").split(",") if s) or None
        unknown = [s for s in statuses or () if s not in crises.STATUSES]
        if unknown:
            return error_response(
                422,
                "invalid query parameters",
                {"status": f"unknown status {', '.join(unknown)}; one of {', '.join(crises.STATUSES)}"},
            )
        with store.read() as conn:
            provinces = None
            if args.get("province"):
                provinces = [args["province"]]
            if args.get("region"):
                region = next(
                    (r for r in queries.regions(conn, args.get("scheme")) if r["code"] == args["region"]), None
                )
                if region is None:
                    return error_response(404, f"unknown region {args['region']!r}")
                provinces = sorted(set(region["provinces"]) & set(provinces or region["provinces"]))
            events = crises.list_crises(conn, statuses=statuses, provinces=provinces, with_log=True)
        who = g.principal
        return json_response([e for e in events if who.sees_any(set(e["provinces"]))])

    # <path:…>, not <int:…>: "-4" or "abc" must be a 404 of this API, not fall through to a page of the app.
    @api.get("/crises/<path:crisis_id>")
    def get_crisis(crisis_id: str):
        number = _crisis_number(crisis_id)
        with store.read() as conn:
            events = [e for e in crises.list_crises(conn, with_log=True) if e["id"] == number]
        if not events or not g.principal.sees_any(set(events[0]["provinces"])):
            return error_response(404, f"no crisis with id {crisis_id[:40]!r}")
        return json_response(events[0])

    @api.post("/crises")
    def create_crisis():
        def action(conn: Connection, token: Principal):
            report = ingest.parse(ingest.CrisisReport, body_json())
            crisis_id = ingest.create_crisis(conn, report, token)
            return 201, {"id": crisis_id, "status": "reported"}

        return write(action)

    @api.patch("/crises/<path:crisis_id>")
    def update_crisis(crisis_id: str):
        def action(conn: Connection, token: Principal):
            number = _crisis_number(crisis_id)
            if number is None:
                raise ingest.NotFoundError(f"no crisis with id {crisis_id[:40]!r}")
            update = ingest.parse(ingest.CrisisUpdate, body_json())
            event = ingest.update_crisis(conn, number, update, token)
            return 200, {"id": number, "status": event["status"], "severity": event["severity"]}

        return write(action)

    @api.post("/results")
    def post_results():
        def action(conn: Connection, token: Principal):
            batch = ingest.parse(ingest.ResultBatch, body_json())
            rows = ingest.check_results(conn, batch.results, [f"results[{i}]" for i in range(len(batch.results))])
            counts = ingest.write_results(conn, rows, token, "api")
            return 200, counts

        return write(action)

    @api.post("/school-results")
    def post_school_results():
        """Schools' results; their provinces' figures become the sums of their schools, in the same write."""

        def action(conn: Connection, token: Principal):
            batch = ingest.parse(ingest.SchoolResultBatch, body_json())
            labels = [f"results[{i}]" for i in range(len(batch.results))]
            rows = ingest.check_results(conn, batch.results, labels, model=ingest.SchoolResultIn)
            return 200, schools.write_school_results(conn, rows, token, "api")

        return write(action)

    @api.get("/school-results")
    def list_school_results():
        """Schools' own results inside the reader's view scope, filtered by indicator, fy, period, province,
        service_area and school; at most `limit` rows (default 10,000)."""
        args, who = request.args, g.principal
        problems: dict[str, str] = {}
        fiscal_year = _int_arg("fy", problems, YEARS)
        period_no = _int_arg("period", problems, PERIODS)
        limit = _int_arg("limit", problems, school_results.LIMIT)
        for key in ("indicator", "province", "service_area", "school"):
            if key in args and not 1 <= len(args[key]) <= 32:
                problems[key] = "must be a code of 1 to 32 characters"
        if problems:
            return error_response(422, "invalid query parameters", problems)
        province = args.get("province")
        with store.read() as conn:
            if province is not None:
                if province not in {p["code"] for p in queries.provinces(conn)}:
                    return error_response(422, "invalid query parameters", {"province": "must be a province ISO code"})
                if not who.sees({province}):
                    return error_response(403, f"{province} lies outside the view scope {who.view_scope}")
            area = args.get("service_area")
            if area is not None and not school_results.known_service_area(conn, area):
                unknown = {"service_area": f"unknown service area {area!r}"}
                return error_response(422, "invalid query parameters", unknown)
            rows = school_results.school_results(
                conn, who.view_provinces, args.get("indicator"), fiscal_year, period_no, province, area,
                args.get("school"), limit or 10_000,
            )  # fmt: skip
        return json_response(rows)

    @api.post("/import")
    def import_file():
        """The same import as `cockpit import FILE`, for the CLI's --url mode and the upload page."""

        def action(conn: Connection, token: Principal):
            upload = request.files.get("file")
            if upload is None:
                raise ingest.InvalidInput({"file": "send the file as multipart form field 'file'"})
            return 200, import_results(conn, upload.read(), upload.filename or "upload.csv", token)

        return write(action)

    @api.get("/deck")
    def get_deck():
        with store.read() as conn:
            return json_response(deck.get_deck(conn))

    @api.post("/deck")
    def post_deck():
        """The flight deck: {"show": "<path>"} and/or {"paused": true|false}; a national token only."""

        def action(conn: Connection, token: Principal):
            if not token.can(Can.DRIVE_DECK):
                raise ingest.Forbidden(
                    f"only an operator, an administrator or a national token drives the room, not {token.actor}"
                )
            choice = ingest.parse(ingest.DeckRequest, body_json())
            try:
                state = deck.set_deck(
                    conn, token.name, choice.show, choice.paused, change_show="show" in choice.model_fields_set
                )
            except (deck.InvalidShow, queries.NotFound) as error:
                raise ingest.InvalidInput({"show": str(error)}) from None
            return 200, state

        return write(action)

    @api.post("/meetings")
    def start_meeting():
        """The operator marks the start of a meeting: the room can then show what changed since."""

        def action(conn: Connection, token: Principal):
            if not token.can(Can.DRIVE_DECK):
                raise ingest.Forbidden(f"only an operator or an administrator starts a meeting, not {token.actor}")
            request_body = ingest.parse(meetings.MeetingRequest, body_json() if request.data else {})
            return 201, meetings.start_meeting(conn, token.actor, request_body.title)

        return write(action)

    @api.get("/meetings/latest/changes")
    def changes_since_the_last_meeting():
        """What changed since the last meeting began (the whole country: a national view only)."""
        if not g.principal.sees_all:
            return error_response(403, "what changed since the meeting covers the whole country: a national view only")
        with store.read() as conn:
            return json_response(meetings.plain_changes(meetings.changes_since(conn)))

    @api.get("/decisions")
    def list_decisions():
        """The decisions the reader may see, by deadline; filtered by about_kind, about_code, status, overdue."""
        args = request.args
        problems: dict[str, str] = {}
        statuses = tuple(s for s in args.get("status", "").split(",") if s) or None
        unknown = [s for s in statuses or () if s not in decisions.STATUSES]
        if unknown:
            problems["status"] = f"unknown status {', '.join(unknown)}; one of {', '.join(decisions.STATUSES)}"
        if "about_kind" in args and args["about_kind"] not in decisions.ABOUT_KINDS:
            problems["about_kind"] = f"must be one of {', '.join(decisions.ABOUT_KINDS)}"
        if args.get("overdue") not in (None, "true", "false"):
            problems["overdue"] = "must be true or false"
        if problems:
            return error_response(422, "invalid query parameters", problems)
        with store.read() as conn:
            rows = decisions.list_decisions(conn, g.principal, statuses=statuses)
        for key in ("about_kind", "about_code"):
            if key in args:
                rows = [r for r in rows if r[key] == args[key]]
        if args.get("overdue") is not None:
            rows = [r for r in rows if r["overdue"] == (args["overdue"] == "true")]
        return json_response([decisions.plain(r) for r in rows])

    @api.post("/decisions")
    def record_decision():
        """A decision of the room, inside the writer's write scope."""

        def action(conn: Connection, token: Principal):
            decision = decisions.record_decision(conn, ingest.parse(decisions.DecisionRequest, body_json()), token)
            return 201, _plain(decisions.plain(decision))

        return write(action)

    @api.patch("/decisions/<path:decision_id>")
    def update_decision(decision_id: str):
        """Its owners move a decision along with a note."""

        def action(conn: Connection, token: Principal):
            number = _crisis_number(decision_id)
            if number is None:
                raise ingest.NotFoundError(f"no decision with id {decision_id[:40]!r}")
            update = ingest.parse(decisions.DecisionUpdate, body_json())
            return 200, _plain(decisions.plain(decisions.update_decision(conn, number, update, token)))

        return write(action)

    @api.get("/comments")
    def list_comments():
        """Comments on figures the reader may read, oldest first; filtered by indicator, area, fiscal year and
        period."""
        args = request.args
        problems: dict[str, str] = {}
        numbers: dict[str, int | None] = {}
        for key, (low, high) in (("fiscal_year_be", YEARS), ("period_no", PERIODS)):
            text = args.get(key)
            numbers[key] = int(text) if text is not None and re.fullmatch(r"[0-9]{1,4}", text) else None
            if text is not None and (numbers[key] is None or not low <= numbers[key] <= high):
                problems[key] = f"must be a whole number from {low} to {high}"
        for key in ("indicator", "area"):
            if key in args and not 1 <= len(args[key]) <= 32:
                problems[key] = "must be a code of 1 to 32 characters"
        if problems:
            return error_response(422, "invalid query parameters", problems)
        with store.read() as conn:
            if "indicator" in args and args["indicator"] not in {i["code"] for i in queries.indicators(conn)}:
                problems["indicator"] = f"unknown indicator {args['indicator']!r}"
            if "area" in args and args["area"] not in comments.areas(conn):
                problems["area"] = f"unknown area {args['area']!r}: TH, a regional office (REO08) or a province"
            if problems:
                return error_response(422, "invalid query parameters", problems)
            rows = comments.list_comments(
                conn, g.principal, args.get("indicator"), args.get("area"), numbers["fiscal_year_be"],
                numbers["period_no"],
            )  # fmt: skip
        return json_response([comments.plain(r) for r in rows])

    @api.post("/comments")
    def post_comment():
        """A comment on a figure (or a reply) by someone signed in, on an area inside their view scope."""

        def action(conn: Connection, token: Principal):
            made = comments.post_comment(conn, ingest.parse(comments.CommentRequest, body_json()), token)
            return 201, _plain(comments.plain(made))

        return write(action)

    @api.delete("/comments/<path:comment_id>")
    def withdraw_comment(comment_id: str):
        """Its author or an administrator withdraws a comment (kept, hidden from lists and counts)."""

        def action(conn: Connection, token: Principal):
            number = _crisis_number(comment_id)
            if number is None:
                raise ingest.NotFoundError(f"no comment with id {comment_id[:40]!r}")
            return 200, _plain(comments.plain(comments.withdraw_comment(conn, number, token)))

        return write(action)

    @api.get("/approvals")
    def awaiting_approval():
        """Results awaiting a step inside the reader's view scope: `step=approve` (default) the reported results
        a regional office must approve, `step=accept` the approved ones awaiting national acceptance."""
        step = request.args.get("step", approval_rules.APPROVE)
        if step not in (approval_rules.APPROVE, approval_rules.ACCEPT):
            return error_response(422, "invalid query parameters", {"step": "must be approve or accept"})
        with store.read() as conn:
            provinces = scoped_region(conn)
            if isinstance(provinces, Response):
                return provinces
            return json_response(approval_read.awaiting(conn, step, provinces))

    @api.post("/approvals")
    def take_approval_step():
        """Approve (the province's regional office), accept (national) or un-approve (with a reason) results."""

        def action(conn: Connection, token: Principal):
            request_body = ingest.parse(approval.ApprovalRequest, body_json())
            return 200, approval.take_step(conn, request_body, token)

        return write(action)

    @api.get("/approvals/log")
    def approval_log():
        """Every approval step inside the reader's view scope, newest first (`region` narrows it)."""
        with store.read() as conn:
            provinces = scoped_region(conn)
            if isinstance(provinces, Response):
                return provinces
            return json_response(approval_read.log(conn, provinces))

    @api.get("/approvals/settings")
    def approval_settings():
        with store.read() as conn:
            return json_response(approval_read.settings(conn))

    @api.put("/approvals/settings")
    def change_approval_settings():
        """The store-wide approval settings: a national writer (the ministry) changes them."""

        def action(conn: Connection, token: Principal):
            if token.write_scope is None or token.write_provinces is not None or not token.can(Can.REPORT):
                raise ingest.Forbidden(f"only a national writer changes the approval settings, not {token.actor}")
            new = ingest.parse(approval.ApprovalSettings, body_json())
            before = approval_read.settings(conn)
            people_settings.set_approval_steps(conn, new.default_steps)
            people_settings.set_hide_unapproved(conn, new.hide_unapproved)
            audit.note(conn, (), before=before, after=new.model_dump())
            return 200, approval_read.settings(conn)

        return write(action)

    @api.get("/openapi.json")
    def openapi():
        return json_response(openapi_document())

    return api


def _crisis_number(text: str) -> int | None:
    """A crisis's (or a decision's) id from a URL, or None when it cannot name one (not digits, or beyond the
    stores' ids)."""
    if not re.fullmatch(r"[0-9]{1,10}", text) or not 0 < int(text) <= ingest.MAX_ID:
        return None
    return int(text)


# Visible ASCII: what clients send (UUIDs, hashes), and what every store keeps as it is.
IDEMPOTENCY_KEY = re.compile(r"[\x21-\x7e]{1,200}")


def _fingerprint() -> str:
    """What the request asks for, independent of how it was encoded: its method, path, the JSON body in a
    canonical form (key order and spacing do not count), or a form's fields and files in the order sent (not
    the multipart boundary, which differs on every send)."""
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    if request.mimetype == "multipart/form-data":
        for name, value in request.form.items(multi=True):
            digest.update(json.dumps(["form", name, value]).encode())
        for name, upload in request.files.items(multi=True):
            digest.update(json.dumps(["file", name, upload.filename]).encode())
            digest.update(hashlib.sha256(upload.read()).digest())
            upload.seek(0)
    else:
        payload = request.get_json(silent=True)
        if payload is None:
            digest.update(request.get_data())
        else:
            digest.update(json.dumps(payload, sort_keys=True, separators=(",", ":")).encode())
    return digest.hexdigest()


def _replay(conn: Connection, token: Principal, key: str, fingerprint: str | None) -> Response | None:
    """The first answer to this key, or a refusal when the key was used for another request; None if new."""
    table = schema.idempotent_request
    row = conn.execute(sa.select(table).where(table.c.token_id == token.id, table.c.key == key)).first()
    if row is None:
        return None
    if (row.method, row.path) != (request.method, request.path):
        return error_response(422, "invalid header", {"Idempotency-Key": f"already used for {row.method} {row.path}"})
    if row.request_sha256 is not None and row.request_sha256 != fingerprint:
        return error_response(
            422,
            "invalid header",
            {
                "Idempotency-Key": f"already used for {row.method} {row.path} with a different body: the first "
                "request was not repeated; send a new key for a new request"
            },
        )
    response = Response(row.body, status=row.status, mimetype="application/json")
    response.headers["Idempotent-Replayed"] = "true"
    return response

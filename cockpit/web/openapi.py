"""The OpenAPI 3.1 description of /api/v1, with request bodies generated from the pydantic models."""

from __future__ import annotations

from functools import cache

from pydantic.json_schema import models_json_schema

from cockpit.read.crises import STATUSES
from cockpit.read.queries import LEVELS
from cockpit.read.school_results import LIMIT as SCHOOL_ROWS
from cockpit.room import alerts as alert_rules
from cockpit.room.comments import LEVELS as COMMENT_LEVELS
from cockpit.room.comments import MAX_TEXT as COMMENT_TEXT
from cockpit.room.comments import CommentRequest
from cockpit.room.decisions import ABOUT_KINDS, OWNER_KINDS, DecisionRequest, DecisionUpdate
from cockpit.room.decisions import STATUSES as DECISION_STATUSES
from cockpit.room.meetings import MeetingRequest
from cockpit.rules.status import ALL_STATUSES
from cockpit.web.alerts_api import DELIVERY_STATUSES, FEED_LIMIT, LOG_LIMIT
from cockpit.web.api import LANGUAGES, PERIODS, YEARS
from cockpit.web.people_api import MAX_ID, NewDevice, NewUser, Settings, UserChange
from cockpit.write.approval import ApprovalRequest, ApprovalSettings
from cockpit.write.ingest import CrisisReport, CrisisUpdate, DeckRequest, ResultBatch, SchoolResultBatch, TokenRequest


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json_body(name: str) -> dict:
    return {"required": True, "content": {"application/json": {"schema": _ref(name)}}}


def _json(description: str, schema: dict | None = None) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema or {}}}}


ERROR = _json("invalid input; `fields` names each bad field and why", _ref("Error"))
ERRORS = {
    "401": _json("no valid token (Authorization: Bearer <token>)", _ref("Error")),
    "403": _json("the token's scope does not cover the provinces written", _ref("Error")),
    "422": ERROR,
    "503": _json(
        "the store is busy (writes queued before this one took longer than COCKPIT_WRITE_WAIT_SECONDS); nothing was "
        "written: send it again after Retry-After seconds",
        _ref("Error"),
    ),
}
BAD_QUERY = {"422": _json("invalid query parameters; `fields` names each", _ref("Error"))}
NOT_FOUND = {"404": _json("no such code (indicator, region, scheme)", _ref("Error"))}
IDEMPOTENCY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "pattern": "^[!-~]{1,200}$"},
    "description": "repeat it to retry safely: the first answer is returned and nothing is written again; the "
    "same key with a different body is refused (422)",
}
# What a query parameter is compared with is stored text; NUL cannot be (see cockpit.web.api).
TEXT = {"type": "string", "pattern": "^[^\\u0000]*$"}


def _query(name: str, description: str, required: bool = False, schema: dict | None = None) -> dict:
    return {"name": name, "in": "query", "required": required, "schema": schema or TEXT, "description": description}


def _whole(bounds: tuple[int, int]) -> dict:
    return {"type": "integer", "minimum": bounds[0], "maximum": bounds[1]}


def _status_list() -> dict:
    one = "|".join(STATUSES)
    return {"type": "string", "pattern": f"^({one})?(,({one})?)*$"}


def _decision_status_list() -> dict:
    one = "|".join(DECISION_STATUSES)
    return {"type": "string", "pattern": f"^({one})?(,({one})?)*$"}


CRISIS_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
RESULT_ROW = {
    "type": "object",
    "properties": {
        "area": {"type": "string"},
        "value": {"type": ["number", "null"]},
        "numerator": {"type": ["number", "null"]},
        "denominator": {"type": ["number", "null"]},
        "target": {"type": ["number", "null"]},
        "status": {
            "enum": list(ALL_STATUSES),
            "description": "incomplete: a flow (year to date) lacking some periods up to this one; shown, not judged",
        },
        "periods_missing": {
            "type": "integer",
            "minimum": 0,
            "description": "province-periods a flow's figure lacks (0 when complete or not a flow)",
        },
        "fiscal_year_be": {"type": ["integer", "null"]},
        "period_no": {"type": ["integer", "null"]},
        "provinces_reporting": {"type": "integer", "minimum": 0},
        "provinces_expected": {"type": "integer", "minimum": 0},
    },
    "required": ["area", "value", "status"],
}
SCHOOL_ROW = {
    "type": "object",
    "properties": {
        "indicator": {"type": "string"},
        "school_code": {"type": "string"},
        "name_th": {"type": "string"},
        "name_en": {"type": ["string", "null"]},
        "province_code": {"type": "string"},
        "service_area_code": {"type": "string"},
        "fiscal_year_be": {"type": "integer"},
        "period_no": {"type": "integer"},
        "period_end": {"type": "string", "format": "date"},
        "numerator": {"type": ["number", "null"]},
        "denominator": {"type": ["number", "null"]},
        "value": {"type": ["number", "null"]},
        "source": {"type": "string"},
        "updated_at": {"type": "string"},
        "written_by": {"type": ["string", "null"]},
    },
    "required": ["indicator", "school_code", "province_code", "fiscal_year_be", "period_no", "value"],
}
ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}}
FIGURE = {"type": ["number", "null"]}
HISTORY = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "indicator": {"type": "string"},
            "area": {"type": "string"},
            "fiscal_year_be": {"type": "integer"},
            "period_no": {"type": "integer"},
            "numerator": FIGURE,
            "denominator": FIGURE,
            "value": FIGURE,
            "source": {"type": "string"},
            "written_at": {"type": "string"},
            "written_by": {"type": ["string", "null"]},
            "batch": {"type": ["string", "null"]},
            "current": {"type": "boolean"},
            "replaced_at": {"type": ["string", "null"]},
            "replaced_by": {"type": ["string", "null"]},
            "replaced_in_batch": {"type": ["string", "null"]},
        },
        "required": ["indicator", "area", "fiscal_year_be", "period_no", "value", "current"],
    },
}
TO_CHECK = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "indicator": {"type": "string"},
            "indicator_name_th": {"type": ["string", "null"]},
            "indicator_name_en": {"type": ["string", "null"]},
            "frequency": {"type": ["string", "null"]},
            "decimals": {"type": ["integer", "null"]},
            "area": {"type": "string"},
            "area_name_th": {"type": ["string", "null"]},
            "area_name_en": {"type": ["string", "null"]},
            "fiscal_year_be": {"type": "integer"},
            "period_no": {"type": "integer"},
            "value": FIGURE,
            "rule": {"type": "string"},
            "rule_name_th": {"type": ["string", "null"]},
            "rule_name_en": {"type": ["string", "null"]},
            "importance": {"enum": ["medium", "low"]},
            "condition": {"type": "string"},
            "left_value": FIGURE,
            "right_value": FIGURE,
            "flagged_at": {"type": "string"},
            "flagged_by": {"type": "string"},
        },
        "required": ["indicator", "area", "fiscal_year_be", "period_no", "rule", "importance", "condition"],
    },
}
AUDIT_ENTRY = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "recorded_at": {"type": "string"},
        "actor": {"type": "string"},
        "address": {"type": ["string", "null"]},
        "action": {"type": "string"},
        "subject": {"type": ["string", "null"]},
        "outcome": {"enum": ["ok", "refused", "failed"]},
        "detail": {"description": "before and after, counts and a batch id, or why it was refused"},
        "areas": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["id", "recorded_at", "actor", "action", "outcome"],
}
PROVINCE_LIST = {"type": ["array", "null"], "items": {"type": "string"}}
DECISION = {
    "type": "object",
    "properties": {
        "id": {"type": "integer", "minimum": 1},
        "what": {"type": "string", "minLength": 1, "maxLength": 2000, "description": "plain text, never markup"},
        "owner_kind": {"enum": list(OWNER_KINDS)},
        "owner_code": {"type": "string"},
        "owner_name_th": {"type": "string"},
        "owner_name_en": {"type": "string"},
        "owner_provinces": PROVINCE_LIST | {"description": "the owner office's provinces; null for an agency"},
        "deadline": {"type": "string", "format": "date"},
        "deadline_be": {"type": "string", "description": "the deadline in Thai words, Buddhist Era"},
        "about_kind": {"enum": list(ABOUT_KINDS)},
        "about_code": {"type": "string"},
        "about_name_th": {"type": "string"},
        "about_name_en": {"type": "string"},
        "provinces": PROVINCE_LIST | {"description": "the provinces it concerns; null: the whole country"},
        "status": {"enum": list(DECISION_STATUSES)},
        "overdue": {"type": "boolean", "description": "not done and its deadline (Bangkok) has passed"},
        "due_soon": {"type": "boolean", "description": "not done and due within 7 days"},
        "days_left": {"type": "integer"},
        "meeting_id": {"type": ["integer", "null"]},
        "recorded_at": {"type": "string"},
        "recorded_by": {"type": "string"},
        "updated_at": {"type": "string"},
        "updated_by": {"type": "string"},
        "log": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "from_status": {"type": ["string", "null"]},
                    "to_status": {"enum": list(DECISION_STATUSES)},
                    "note": {"type": ["string", "null"]},
                    "changed_at": {"type": "string"},
                    "changed_by": {"type": "string"},
                },
                "required": ["from_status", "to_status", "note", "changed_at", "changed_by"],
            },
        },
    },
    "required": ["id", "what", "owner_kind", "owner_code", "deadline", "about_kind", "about_code", "provinces",
                 "status", "overdue", "due_soon", "meeting_id", "log"],
}  # fmt: skip
COMMENT = {
    "type": "object",
    "properties": {
        "id": {"type": "integer", "minimum": 1},
        "indicator_code": {"type": "string"},
        "area_level": {"enum": list(COMMENT_LEVELS)},
        "area_code": {"type": "string", "description": "TH, a regional office (REO08) or a province (TH-50)"},
        "fiscal_year_be": {"type": "integer"},
        "period_no": {"type": ["integer", "null"], "description": "null: the fiscal year as a whole"},
        "parent_id": {"type": ["integer", "null"], "description": "the thread's first comment; null: starts one"},
        "text": {"type": "string", "minLength": 1, "maxLength": COMMENT_TEXT, "description": "plain text, not markup"},
        "author": {"type": "string"},
        "author_user_id": {"type": ["integer", "null"], "description": "the signed-in user; null: an API token"},
        "created_at": {"type": "string"},
        "created_at_be": {"type": "string", "description": "the time in Bangkok, Buddhist Era"},
        "deleted_at": {"type": ["string", "null"], "description": "null: shown; else when it was withdrawn"},
        "deleted_by": {"type": ["string", "null"]},
    },
    "required": ["id", "indicator_code", "area_level", "area_code", "fiscal_year_be", "period_no", "parent_id",
                 "text", "author", "created_at"],
}  # fmt: skip
TIME = {"type": "string", "description": "ISO 8601"}
MAYBE_TIME = {"type": ["string", "null"]}
ALERT = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "rule_id": {"type": "integer"},
        "condition_key": {"type": "string", "description": "what held: status:TR01:TH-50:2568, crisis:12 …"},
        "subject_kind": {"enum": ["indicator", "crisis", "value"]},
        "subject_code": {"type": "string", "description": "the page it is about, e.g. /province/TH-50"},
        "level": {"enum": ["red", "orange"]},
        "message_th": {"type": "string"},
        "message_en": {"type": "string"},
        "fired_at": TIME,
        "cleared_at": MAYBE_TIME | {"description": "null: it still holds"},
        "provinces": {"type": "array", "items": {"type": "string"}, "description": "empty: the whole country"},
        "holds": {"type": "boolean"},
        "fired_th": {"type": "string", "description": "when it fired, Bangkok time, Buddhist Era"},
        "fired_en": {"type": "string"},
    },
    "required": ["id", "rule_id", "condition_key", "subject_kind", "level", "message_th", "message_en", "fired_at",
                 "cleared_at", "provinces", "holds"],
}  # fmt: skip
ALERT_RULE = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "kind": {"enum": list(alert_rules.KINDS)},
        "level": {"enum": [*alert_rules.LEVELS, None]},
        "severity": {"type": ["integer", "null"]},
        "hours": {"type": ["integer", "null"]},
        "indicator_code": {"type": ["string", "null"]},
        "area_code": {"type": ["string", "null"], "description": "null: nationwide"},
        "enabled": {"type": "boolean"},
        "created_at": TIME,
        "created_by": {"type": "string"},
    },
    "required": ["id", "kind", "enabled"],
}
ALERT_RECIPIENT = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "kind": {"enum": list(alert_rules.RECIPIENT_KINDS)},
        "address": {"type": "string"},
        "area_code": {"type": ["string", "null"], "description": "null: every alert"},
        "enabled": {"type": "boolean"},
        "created_at": TIME,
        "created_by": {"type": "string"},
    },
    "required": ["id", "kind", "address", "enabled"],
}
DELIVERY = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "alert_id": {"type": "integer"},
        "recipient_id": {"type": "integer"},
        "recipient_kind": {"enum": list(alert_rules.RECIPIENT_KINDS)},
        "address": {"type": "string"},
        "attempt": {"type": "integer", "minimum": 1},
        "status": {"enum": list(DELIVERY_STATUSES)},
        "error": {"type": ["string", "null"], "description": "why it failed: no answer, an HTTP status, the SMTP "
                  "server's refusal"},
        "next_attempt_at": TIME,
        "attempted_at": MAYBE_TIME,
        "delivered_at": MAYBE_TIME,
        "http_status": {"type": ["integer", "null"]},
        "message_th": {"type": "string"},
        "message_en": {"type": "string"},
        "retryable": {"type": "boolean", "description": "it gave up and was not tried since: POST …/retry"},
    },
    "required": ["id", "alert_id", "recipient_id", "attempt", "status", "next_attempt_at", "retryable"],
}  # fmt: skip
NEW_ATTEMPT = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "alert_id": {"type": "integer"},
        "recipient_id": {"type": "integer"},
        "attempt": {"type": "integer"},
        "status": {"const": "due"},
        "next_attempt_at": TIME,
    },
    "required": ["id", "alert_id", "recipient_id", "attempt", "status"],
}
SMTP_SHOWN = {
    "type": "object",
    "properties": {
        "host": {"type": "string", "description": "empty: no e-mail is sent"},
        "port": {"type": "integer"},
        "sender": {"type": "string"},
        "username": {"type": "string"},
        "security": {"enum": list(alert_rules.SMTP_SECURITIES)},
        "password_set": {"type": "boolean", "description": "whether a password is kept (it is never shown)"},
    },
    "required": ["host"],
}
APPROVAL_STATE = {"enum": ["reported", "approved", "accepted"]}
AWAITING = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "indicator": {"type": "string"},
            "indicator_name_th": {"type": "string"},
            "indicator_name_en": {"type": "string"},
            "frequency": {"type": "string"},
            "decimals": {"type": "integer"},
            "unit_label_th": {"type": "string"},
            "unit_label_en": {"type": "string"},
            "area": {"type": "string"},
            "area_name_th": {"type": "string"},
            "area_name_en": {"type": "string"},
            "fiscal_year_be": {"type": "integer"},
            "period_no": {"type": "integer"},
            "numerator": FIGURE,
            "denominator": FIGURE,
            "value": FIGURE,
            "state": APPROVAL_STATE,
            "steps": {"type": "integer", "minimum": 0, "maximum": 2},
            "updated_at": {"type": "string"},
            "written_by": {"type": ["string", "null"]},
            "approval_at": {"type": ["string", "null"]},
            "approval_by": {"type": ["string", "null"]},
        },
        "required": ["indicator", "area", "fiscal_year_be", "period_no", "value", "state", "steps"],
    },
}
APPROVAL_LOG = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "indicator_code": {"type": "string"},
            "province_code": {"type": "string"},
            "fiscal_year_be": {"type": "integer"},
            "period_no": {"type": "integer"},
            "step": {"enum": ["approve", "accept", "unapprove"]},
            "from_state": APPROVAL_STATE,
            "to_state": APPROVAL_STATE,
            "value": FIGURE,
            "changed_at": {"type": "string"},
            "changed_by": {"type": "string"},
            "reason": {"type": ["string", "null"]},
        },
        "required": ["indicator_code", "province_code", "fiscal_year_be", "period_no", "step", "from_state",
                     "to_state", "changed_at", "changed_by", "reason"],
    },
}  # fmt: skip
STEP_TAKEN = {
    "type": "object",
    "required": ["step", "results"],
    "properties": {
        "step": {"enum": ["approve", "accept", "unapprove"]},
        "results": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["result", "from", "to"],
                "properties": {"result": {"type": "string"}, "from": APPROVAL_STATE, "to": APPROVAL_STATE},
            },
        },
    },
}
REGION_QUERY = {"type": "string", "maxLength": 100}
MULTIPART_FILE = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        }
    },
}


@cache
def openapi_document() -> dict:
    _, schemas = models_json_schema(
        [
            (m, "validation")
            for m in (
                CrisisReport,
                CrisisUpdate,
                ResultBatch,
                SchoolResultBatch,
                TokenRequest,
                DeckRequest,
                NewUser,
                UserChange,
                NewDevice,
                Settings,
                MeetingRequest,
                DecisionRequest,
                DecisionUpdate,
                CommentRequest,
                ApprovalRequest,
                ApprovalSettings,
                alert_rules.AlertRuleRequest,
                alert_rules.AlertRecipientRequest,
                alert_rules.AlertSwitch,
                alert_rules.SmtpRequest,
            )
        ],
        ref_template="#/components/schemas/{model}",
    )
    components = schemas.get("$defs", {}) | {
        "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {
                "error": {"type": "string"},
                "fields": {"type": "object", "additionalProperties": {"type": "string"}},
                "problem_count": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "how many problems there were; `fields` lists the first 200",
                },
            },
        },
    }
    secured = [{"bearer": []}]
    listed = {"200": _json("list", {"type": "array"})}
    document = {
        "openapi": "3.1.0",
        "info": {
            "title": "Management Cockpit API",
            "version": "1",
            "description": "Joint indicators and crisis reports of the Ministry of Education. Every route but "
            "this document, the health check and the province polygons needs a token from `cockpit token create` "
            "(or a signed-in browser); each answers only inside its scope. Every bad input answers 4xx naming "
            "the field; no answer holds NaN or Infinity.",
        },
        "components": {"schemas": components, "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "paths": {
            "/api/v1/provinces": {"get": {"summary": "The 77 provinces", "responses": listed}},
            "/api/v1/regions": {
                "get": {
                    "summary": "Regions of a scheme with their provinces",
                    "parameters": [_query("scheme", "moe18 (default) or geo6")],
                    "responses": listed | NOT_FOUND | BAD_QUERY,
                }
            },
            "/api/v1/schemes": {"get": {"summary": "The region schemes", "responses": listed}},
            "/api/v1/indicators": {"get": {"summary": "Indicators with their XYZ links", "responses": listed}},
            "/api/v1/version": {
                "get": {
                    "summary": "The data version, bumped by every write",
                    "responses": {"200": _json("object", {"type": "object", "required": ["version"]})},
                }
            },
            "/api/v1/chain": {
                "get": {
                    "summary": "The XYZ chain with rolled-up status",
                    "parameters": [_query("fy", "fiscal year (BE)", schema=_whole(YEARS))],
                    "responses": {"200": _json("tree", {"type": "object"})} | BAD_QUERY,
                }
            },
            "/api/v1/exports/emenscr.csv": {
                "get": {
                    "summary": "Joint indicator results (nation and provinces) and project progress per XYZ node, as "
                    "CSV for the ministry's entry into eMENSCR (columns in docs/emenscr.md); a national view",
                    "parameters": [_query("fy", "fiscal year (BE); default the pages' year", schema=_whole(YEARS))],
                    "responses": {
                        "200": {
                            "description": "CSV, UTF-8 with BOM",
                            "content": {"text/csv": {"schema": {"type": "string"}}},
                        },
                        "403": _json("outside the caller's view scope", _ref("Error")),
                        **BAD_QUERY,
                    },
                }
            },
            "/api/v1/results": {
                "get": {
                    "summary": "Figures per area (ratio of sums), with target and status; as CSV one row per "
                    "period with that period's own figures (a flow's too), so that an export imports unchanged",
                    "parameters": [
                        _query("indicator", "indicator code", True),
                        _query("level", "nation (default), region or province", schema={"enum": list(LEVELS)}),
                        _query("fy", "fiscal year (BE); default the latest with data", schema=_whole(YEARS)),
                        _query("period", "reporting period of the year; default the latest", schema=_whole(PERIODS)),
                        _query("scheme", "region scheme"),
                        _query("format", "json (default) or csv", schema={"enum": ["json", "csv"]}),
                    ],
                    "responses": {
                        "200": {
                            "description": "list, or CSV",
                            "content": {
                                "application/json": {"schema": {"type": "array", "items": RESULT_ROW}},
                                "text/csv": {"schema": {"type": "string"}},
                            },
                        },
                        **NOT_FOUND,
                        **BAD_QUERY,
                    },
                },
                "post": {
                    "summary": "A batch of province results, written whole or not at all",
                    "security": secured,
                    "parameters": [IDEMPOTENCY],
                    "requestBody": _json_body("ResultBatch"),
                    "responses": {
                        "200": _json("counts inserted / updated / unchanged", {"type": "object"}),
                        "409": _json(
                            "a province's figure is summed from its schools (write them through "
                            "/api/v1/school-results) or is locked by approval",
                            _ref("Error"),
                        ),
                        **ERRORS,
                    },
                },
            },
            "/api/v1/school-results": {
                "get": {
                    "summary": "Schools' own results inside the view scope (a school without a row has no figure, "
                    "never 0); a province's figure in /api/v1/results is the ratio of sums of its schools",
                    "parameters": [
                        _query("indicator", "indicator code"),
                        _query("fy", "fiscal year (BE)", schema=_whole(YEARS)),
                        _query("period", "reporting period of the year", schema=_whole(PERIODS)),
                        _query("province", "a province ISO code (TH-50)"),
                        _query("service_area", "a service area code; one spanning two provinces gives both"),
                        _query("school", "a school code"),
                        _query("limit", "at most this many rows (default 10000)", schema=_whole(SCHOOL_ROWS)),
                    ],
                    "responses": {
                        "200": _json(
                            "rows by indicator, year, period and school", {"type": "array", "items": SCHOOL_ROW}
                        )
                    }
                    | BAD_QUERY,
                },
                "post": {
                    "summary": "A batch of school results, written whole or not at all; each province's figure "
                    "becomes the ratio of sums of its schools (409 where it was reported for the province directly "
                    "or is locked by approval)",
                    "security": secured,
                    "parameters": [IDEMPOTENCY],
                    "requestBody": _json_body("SchoolResultBatch"),
                    "responses": {
                        "200": _json(
                            "counts of school rows inserted / updated / unchanged, and of the provinces' "
                            "rows under `provinces`",
                            {"type": "object"},
                        ),
                        "409": _json(
                            "a province's figure was reported directly or is locked by approval", _ref("Error")
                        ),
                        **ERRORS,
                    },
                },
            },
            "/api/v1/results/history": {
                "get": {
                    "summary": "Each result's current value and the values it replaced (who wrote each, when, from "
                    "where, who replaced it), inside the view scope; `batch` gives one write's rows before and after",
                    "parameters": [
                        _query("indicator", "indicator code (required unless batch is given)"),
                        _query("area", "a province ISO code or a region code of the default scheme"),
                        _query("fy", "fiscal year (BE)", schema=_whole(YEARS)),
                        _query("period", "reporting period of the year", schema=_whole(PERIODS)),
                        _query(
                            "batch",
                            "a write's batch id, from its audit entry",
                            schema={"type": "string", "pattern": "^[0-9a-f]{32}$"},
                        ),
                        _query("limit", "at most this many versions (default 1000)", schema=_whole((1, 10_000))),
                    ],
                    "responses": {"200": _json("versions, newest first within each result", HISTORY)} | BAD_QUERY,
                }
            },
            "/api/v1/checks": {
                "get": {
                    "summary": "Values to check: results accepted although they broke a validation rule of medium "
                    "or low importance, not yet satisfied by a later write, inside the view scope",
                    "parameters": [
                        _query(
                            "region",
                            "a region code of the default scheme (e.g. REO08) or a province ISO code",
                            schema={"type": "string", "maxLength": 100},
                        ),
                    ],
                    "responses": {"200": _json("open flags, medium importance first", TO_CHECK)} | BAD_QUERY,
                }
            },
            "/api/v1/briefing.pdf": {
                "get": {
                    "summary": "The meeting's briefing as a PDF: a page per wall as it stands (each figure with its "
                    "as-of time), then the subjects shown and the decisions made since the latest meeting began; "
                    "a national view only; printed by the server's Chromium, so it takes a few seconds",
                    "parameters": [
                        _query("fy", "fiscal year (BE); default the one the walls show", schema=_whole(YEARS)),
                        _query("lang", "th (default) or en", schema={"enum": list(LANGUAGES)}),
                    ],
                    "responses": {
                        "200": {
                            "description": "the briefing (attachment)",
                            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
                        },
                        "503": _json("the server cannot print it (no Chromium, or it failed)", _ref("Error")),
                        **BAD_QUERY,
                    },
                }
            },
            "/api/v1/approvals": {
                "get": {
                    "summary": "Results awaiting an approval step inside the view scope: approve (reported results "
                    "of indicators that ask for approval) or accept (approved results awaiting national acceptance)",
                    "parameters": [
                        _query("step", "approve (default) or accept", schema={"enum": ["approve", "accept"]}),
                        _query(
                            "region", "a region code of the default scheme or a province ISO code", schema=REGION_QUERY
                        ),
                    ],
                    "responses": {"200": _json("results, newest period first", AWAITING)} | BAD_QUERY,
                },
                "post": {
                    "summary": "Take an approval step on results, all or none: approve (the province's regional "
                    "office), accept (a national writer) or unapprove (with a reason); an approved result is locked "
                    "until un-approved",
                    "security": secured,
                    "parameters": [IDEMPOTENCY],
                    "requestBody": _json_body("ApprovalRequest"),
                    "responses": {
                        "200": _json("each result's step", STEP_TAKEN),
                        "409": _json("the step does not apply to a result in its state", _ref("Error")),
                        **ERRORS,
                    },
                },
            },
            "/api/v1/approvals/log": {
                "get": {
                    "summary": "Every approval step inside the view scope, newest first",
                    "parameters": [
                        _query(
                            "region", "a region code of the default scheme or a province ISO code", schema=REGION_QUERY
                        ),
                    ],
                    "responses": {"200": _json("approval steps", APPROVAL_LOG)} | BAD_QUERY,
                }
            },
            "/api/v1/approvals/settings": {
                "get": {
                    "summary": "The store-wide approval settings",
                    "responses": {"200": _json("the settings", _ref("ApprovalSettings"))},
                },
                "put": {
                    "summary": "Change the store-wide approval settings (a national writer)",
                    "security": secured,
                    "parameters": [IDEMPOTENCY],
                    "requestBody": _json_body("ApprovalSettings"),
                    "responses": {"200": _json("the settings now", _ref("ApprovalSettings")), **ERRORS},
                },
            },
            "/api/v1/health": {
                "get": {
                    "summary": "Whether the app answers (open to anyone)",
                    "responses": {"200": _json("{ok: true}", {"type": "object", "required": ["ok"]})},
                }
            },
            "/api/v1/users": {
                "get": {"summary": "Every user (an administrator)", "responses": listed},
                "post": {
                    "summary": "Add a user (an administrator)",
                    "security": secured,
                    "requestBody": _json_body("NewUser"),
                    "responses": {"201": _json("{username, role}", {"type": "object"}), "422": ERROR},
                },
            },
            "/api/v1/users/{username}": {
                "patch": {
                    "summary": "Disable or enable a user, or set their password (an administrator)",
                    "security": secured,
                    "parameters": [{"name": "username", "in": "path", "required": True, "schema": TEXT}],
                    "requestBody": _json_body("UserChange"),
                    "responses": {
                        "200": _json("{username, disabled}", {"type": "object"}),
                        "404": _json("no such user", _ref("Error")),
                        "422": ERROR,
                    },
                }
            },
            "/api/v1/tokens/{id}/revoke": {
                "post": {
                    "summary": "Revoke a token: its next request is refused (an administrator)",
                    "parameters": [ID],
                    "responses": {
                        "200": _json("{id, name, revoked}", {"type": "object"}),
                        "404": _json("no such token", _ref("Error")),
                    },
                }
            },
            "/api/v1/devices": {
                "get": {
                    "summary": "Wall screens' links (an operator or administrator)",
                    "responses": listed,
                },
                "post": {
                    "summary": "A wall screen's link, shown once (an operator or administrator)",
                    "security": secured,
                    "requestBody": _json_body("NewDevice"),
                    "responses": {"201": _json("{id, name, link}", {"type": "object"}), "422": ERROR},
                },
            },
            "/api/v1/devices/{id}/revoke": {
                "post": {
                    "summary": "Revoke a screen's link (an operator or administrator)",
                    "parameters": [ID],
                    "responses": {
                        "200": _json("{id, name, revoked}", {"type": "object"}),
                        "404": _json("no such device link", _ref("Error")),
                    },
                }
            },
            "/api/v1/settings": {
                "get": {
                    "summary": "Settings people change while the app runs (an administrator)",
                    "responses": {"200": _json("{public_read}", _ref("Settings"))},
                },
                "put": {
                    "summary": "Open or close the public read-only view (an administrator)",
                    "security": secured,
                    "requestBody": _json_body("Settings"),
                    "responses": {"200": _json("the settings now", _ref("Settings")), "422": ERROR},
                },
            },
            "/api/v1/audit": {
                "get": {
                    "summary": "The audit trail, newest first: every write (with before and after) and refusal",
                    "parameters": [
                        _query("who", "part of the actor, e.g. user:admin or token:"),
                        _query("what", "part of the action, e.g. results, login, user_add"),
                        _query("subject", "part of what it was about (a user, a file, a token)"),
                        _query("area", "a province ISO code or a region code: entries that concern its provinces"),
                        _query("since", "ISO date or date and time (UTC unless it says)"),
                        _query("until", "ISO date or date and time, exclusive"),
                        _query("limit", "at most this many entries (default 500)", schema=_whole((1, 5000))),
                    ],
                    "responses": {"200": _json("entries", {"type": "array", "items": AUDIT_ENTRY})} | BAD_QUERY,
                }
            },
            "/api/v1/crises": {
                "get": {
                    "summary": "Crisis events with their log",
                    "parameters": [
                        _query("status", "comma-separated statuses", schema=_status_list()),
                        _query("province", "ISO code"),
                        _query("region", "region code"),
                        _query("scheme", "the region code's scheme"),
                    ],
                    "responses": listed | {"404": _json("unknown region or scheme", _ref("Error"))} | BAD_QUERY,
                },
                "post": {
                    "summary": "Report a crisis",
                    "security": secured,
                    "parameters": [IDEMPOTENCY],
                    "requestBody": _json_body("CrisisReport"),
                    "responses": {"201": _json("created: {id, status}", {"type": "object"}), **ERRORS},
                },
            },
            "/api/v1/crises/{id}": {
                "get": {
                    "summary": "One crisis with its log",
                    "parameters": [CRISIS_ID],
                    "responses": {
                        "200": _json("object", {"type": "object"}),
                        "404": _json("no such crisis", _ref("Error")),
                    },
                },
                "patch": {
                    "summary": "Change status, severity or impacts (lifecycle enforced)",
                    "security": secured,
                    "parameters": [CRISIS_ID, IDEMPOTENCY],
                    "requestBody": _json_body("CrisisUpdate"),
                    "responses": {
                        "200": _json("updated", {"type": "object"}),
                        "404": _json("no such crisis", _ref("Error")),
                        "409": _json("status change not allowed", _ref("Error")),
                        **ERRORS,
                    },
                },
            },
            "/api/v1/tokens": {
                "get": {
                    "summary": "Every token: scope, expiry, last use, revocation; never the token (an administrator)",
                    "responses": listed,
                },
                "post": {
                    "summary": "Create a scoped token, returned once (national token)",
                    "security": secured,
                    "parameters": [IDEMPOTENCY],
                    "requestBody": _json_body("TokenRequest"),
                    "responses": {"201": _json("{name, scope, token}", {"type": "object"}), **ERRORS},
                },
            },
            "/api/v1/deck": {
                "get": {
                    "summary": "What the room's walls show now",
                    "responses": {"200": _json("object", {"type": "object"})},
                },
                "post": {
                    "summary": "Drive the room: {show: path|null, paused: bool} (national token)",
                    "security": secured,
                    "parameters": [IDEMPOTENCY],
                    "requestBody": _json_body("DeckRequest"),
                    "responses": {"200": _json("the new deck state", {"type": "object"}), **ERRORS},
                },
            },
            "/api/v1/meetings": {
                "post": {
                    "summary": "Start a meeting: keep every indicator's figure per area to compare (operator)",
                    "security": secured,
                    "parameters": [IDEMPOTENCY],
                    "requestBody": _json_body("MeetingRequest") | {"required": False},
                    "responses": {"201": _json("the meeting", {"type": "object"}), **ERRORS},
                },
            },
            "/api/v1/meetings/latest/changes": {
                "get": {
                    "summary": "What changed since the last meeting began (a national view)",
                    "responses": {"200": _json("turned_red, recovered, moved, reported, closed", {"type": "object"})},
                },
            },
            "/api/v1/decisions": {
                "get": {
                    "summary": "The room's decisions the reader may see, by deadline",
                    "parameters": [
                        _query(
                            "about_kind", "with about_code: what they are about", schema={"enum": list(ABOUT_KINDS)}
                        ),
                        _query("about_code", "an indicator code, TH, a region or province code, a crisis id, a node"),
                        _query("status", "comma-separated statuses", schema=_decision_status_list()),
                        _query(
                            "overdue",
                            "only overdue (true) or only not overdue (false)",
                            schema={"enum": ["true", "false"]},
                        ),
                    ],
                    "responses": {"200": _json("decisions", {"type": "array", "items": DECISION})} | BAD_QUERY,
                },
                "post": {
                    "summary": "Record a decision: what, the responsible agency or office, a deadline, what about",
                    "security": secured,
                    "parameters": [IDEMPOTENCY],
                    "requestBody": _json_body("DecisionRequest"),
                    "responses": {"201": _json("the decision", DECISION), **ERRORS},
                },
            },
            "/api/v1/decisions/{id}": {
                "patch": {
                    "summary": "Its owners change a decision's status, with a note",
                    "security": secured,
                    "parameters": [CRISIS_ID, IDEMPOTENCY],
                    "requestBody": _json_body("DecisionUpdate"),
                    "responses": {
                        "200": _json("the decision", DECISION),
                        "404": _json("no such decision (or not in the view scope)", _ref("Error")),
                        **ERRORS,
                    },
                },
            },
            "/api/v1/comments": {
                "get": {
                    "summary": "Comments on figures the reader may read, oldest first",
                    "parameters": [
                        _query("indicator", "an indicator code", schema=TEXT | {"minLength": 1, "maxLength": 32}),
                        _query(
                            "area",
                            "TH, a regional office or a province",
                            schema=TEXT | {"minLength": 1, "maxLength": 32},
                        ),
                        _query("fiscal_year_be", "fiscal year (BE)", schema=_whole(YEARS)),
                        _query("period_no", "reporting period", schema=_whole(PERIODS)),
                    ],
                    "responses": {"200": _json("comments", {"type": "array", "items": COMMENT})} | BAD_QUERY,
                },
                "post": {
                    "summary": "Comment on a figure (an indicator for an area and period), or reply with parent_id",
                    "security": secured,
                    "parameters": [IDEMPOTENCY],
                    "requestBody": _json_body("CommentRequest"),
                    "responses": {
                        "201": _json("the comment", COMMENT),
                        "401": _json(
                            "not signed in (an anonymous or wall screen's view may not comment)", _ref("Error")
                        ),
                        "403": _json("the area lies outside the writer's view scope", _ref("Error")),
                        "422": ERROR,
                    },
                },
            },
            "/api/v1/comments/{id}": {
                "delete": {
                    "summary": "Its author or an administrator withdraws a comment (kept, hidden from lists)",
                    "security": secured,
                    "parameters": [CRISIS_ID, IDEMPOTENCY],
                    "responses": {
                        "200": _json("the comment, withdrawn", COMMENT),
                        "401": _json("not signed in", _ref("Error")),
                        "403": _json("neither its author nor an administrator", _ref("Error")),
                        "404": _json("no such comment (or not in the view scope)", _ref("Error")),
                        "422": ERROR,
                    },
                },
            },
            "/api/v1/alerts": {
                "get": {
                    "summary": "The newest alerts first that the reader's view scope covers",
                    "parameters": [
                        _query("limit", "at most this many (default 50)", schema=_whole(FEED_LIMIT)),
                        _query("holds", "true: still holding; false: cleared", schema={"enum": ["true", "false"]}),
                    ],
                    "responses": {"200": _json("alerts", {"type": "array", "items": ALERT})} | BAD_QUERY,
                }
            },
            "/api/v1/alerts/rules": {
                "get": {
                    "summary": "Alert rules (an administrator)",
                    "responses": {"200": _json("rules", {"type": "array", "items": ALERT_RULE})},
                },
                "post": {
                    "summary": "Add an alert rule, on (an administrator)",
                    "security": secured,
                    "requestBody": _json_body("AlertRuleRequest"),
                    "responses": {"201": _json("the rule", ALERT_RULE), "422": ERROR},
                },
            },
            "/api/v1/alerts/rules/{id}": {
                "patch": {
                    "summary": "Turn a rule off (its open alerts clear) or on again; nothing is deleted",
                    "security": secured,
                    "parameters": [ID],
                    "requestBody": _json_body("AlertSwitch"),
                    "responses": {
                        "200": _json("the rule", ALERT_RULE),
                        "404": _json("no such rule", _ref("Error")),
                        "422": ERROR,
                    },
                }
            },
            "/api/v1/alerts/recipients": {
                "get": {
                    "summary": "Who is told of alerts in their scope, and how (an administrator)",
                    "responses": {"200": _json("recipients", {"type": "array", "items": ALERT_RECIPIENT})},
                },
                "post": {
                    "summary": "Add a recipient: a webhook or an e-mail address, for a region, a province or all",
                    "security": secured,
                    "requestBody": _json_body("AlertRecipientRequest"),
                    "responses": {"201": _json("the recipient", ALERT_RECIPIENT), "422": ERROR},
                },
            },
            "/api/v1/alerts/recipients/{id}": {
                "patch": {
                    "summary": "Turn a recipient off (it is sent nothing more) or on again",
                    "security": secured,
                    "parameters": [ID],
                    "requestBody": _json_body("AlertSwitch"),
                    "responses": {
                        "200": _json("the recipient", ALERT_RECIPIENT),
                        "404": _json("no such recipient", _ref("Error")),
                        "422": ERROR,
                    },
                }
            },
            "/api/v1/alerts/smtp": {
                "get": {
                    "summary": "The SMTP server that e-mails alerts; whether a password is set, never the password",
                    "responses": {"200": _json("the settings", SMTP_SHOWN)},
                },
                "put": {
                    "summary": "Set the SMTP server: login, password (kept when left out) and STARTTLS or SSL/TLS",
                    "security": secured,
                    "requestBody": _json_body("SmtpRequest"),
                    "responses": {"200": _json("the settings now", SMTP_SHOWN), "422": ERROR},
                },
            },
            "/api/v1/alerts/deliveries": {
                "get": {
                    "summary": "Every attempt to deliver an alert, newest first (an administrator)",
                    "parameters": [
                        _query("status", "only this status", schema={"enum": list(DELIVERY_STATUSES)}),
                        _query("limit", "at most this many (default 200)", schema=_whole(LOG_LIMIT)),
                    ],
                    "responses": {"200": _json("attempts", {"type": "array", "items": DELIVERY})} | BAD_QUERY,
                }
            },
            "/api/v1/alerts/deliveries/{id}/retry": {
                "post": {
                    "summary": "Send a delivery that gave up once more: a new attempt, due now (an administrator)",
                    "parameters": [ID],
                    "responses": {
                        "201": _json("the new attempt", NEW_ATTEMPT),
                        "404": _json("no such delivery", _ref("Error")),
                        "409": _json("it has not given up, or was already tried again", _ref("Error")),
                    },
                }
            },
            "/api/v1/catalogue": {
                "get": {
                    "summary": "The catalogue as JSON, or downloaded as a workbook or a zip of CSV files",
                    "parameters": [
                        _query("format", "json (default), xlsx or zip", schema={"enum": ["json", "xlsx", "zip"]})
                    ],
                    "responses": {
                        "200": {
                            "description": "the catalogue",
                            "content": {
                                "application/json": {"schema": {"type": "object"}},
                                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
                                "application/zip": {},
                            },
                        },
                        **BAD_QUERY,
                    },
                },
                "post": {
                    "summary": "Import a catalogue workbook or zip of CSV files, all or nothing (national token)",
                    "security": secured,
                    "parameters": [_query("dry_run", "1, true or yes: check and report only")],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "multipart/form-data": {
                                "schema": {
                                    "type": "object",
                                    "required": ["file"],
                                    "properties": {
                                        "file": {"type": "string", "format": "binary"},
                                        "dry_run": {"type": "string"},
                                    },
                                }
                            }
                        },
                    },
                    "responses": {
                        "200": _json("what changed (or would change)", {"type": "object"}),
                        "401": ERRORS["401"],
                        "403": ERRORS["403"],
                        "422": _json("refused: every problem with its sheet, row and column", {"type": "object"}),
                    },
                },
            },
            "/api/v1/catalogue/columns": {
                "get": {
                    "summary": "Every sheet and column of a catalogue, in Thai and English",
                    "responses": {
                        "200": {"description": "text", "content": {"text/plain": {"schema": {"type": "string"}}}}
                    },
                }
            },
            "/api/v1/import": {
                "post": {
                    "summary": "Import a CSV or Excel file of results (all or nothing)",
                    "security": secured,
                    "parameters": [IDEMPOTENCY],
                    "requestBody": MULTIPART_FILE,
                    "responses": {"200": _json("report", {"type": "object"}), **ERRORS},
                },
            },
        },
    }
    return _behind_the_gate(document)


OPEN_PATHS = {"/api/v1/openapi.json", "/api/v1/health"}
BEHIND_THE_GATE = {
    "401": _json("no valid credentials: a token (Authorization: Bearer), a password or a session", _ref("Error")),
    "403": _json("outside the credentials' view or write scope, or a role that cannot do this", _ref("Error")),
    "429": _json("too many wrong tokens or passwords from this address; see Retry-After", _ref("Error")),
}


def _behind_the_gate(document: dict) -> dict:
    """Every operation behind the sign-in gate (cockpit/web/gate.py) may answer 401, 403 and 429. Reads and the
    revocations (which send no body) keep no `security` entry: a signed-in browser's session cookie serves as
    well as a token there, and a request that is valid but for its credentials is not invalid input."""
    for path, operations in document["paths"].items():
        if path in OPEN_PATHS or path.startswith("/api/v1/geo/"):
            continue
        for operation in operations.values():
            for status, answer in BEHIND_THE_GATE.items():
                operation["responses"].setdefault(status, answer)
    return document

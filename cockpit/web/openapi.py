"""The OpenAPI 3.1 description of /api/v1, with request bodies generated from the pydantic models."""

from __future__ import annotations

from functools import cache

from pydantic.json_schema import models_json_schema

from cockpit.write.ingest import CrisisReport, CrisisUpdate, ResultBatch


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json_body(name: str) -> dict:
    return {"required": True, "content": {"application/json": {"schema": _ref(name)}}}


ERRORS = {
    "401": {"description": "no valid token (Authorization: Bearer <token>)"},
    "403": {"description": "the token's scope does not cover the provinces written"},
    "422": {
        "description": "invalid input; `fields` names each bad field and why",
        "content": {"application/json": {"schema": _ref("Error")}},
    },
}
IDEMPOTENCY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "schema": {"type": "string"},
    "description": "repeat it to retry safely: the first answer is returned and nothing is written again",
}


def _query(name: str, description: str, required: bool = False, kind: str = "string") -> dict:
    return {"name": name, "in": "query", "required": required, "schema": {"type": kind}, "description": description}


@cache
def openapi_document() -> dict:
    _, schemas = models_json_schema(
        [(m, "validation") for m in (CrisisReport, CrisisUpdate, ResultBatch)],
        ref_template="#/components/schemas/{model}",
    )
    components = schemas.get("$defs", {}) | {
        "Error": {
            "type": "object",
            "properties": {
                "error": {"type": "string"},
                "fields": {"type": "object", "additionalProperties": {"type": "string"}},
            },
        },
    }
    secured = [{"bearer": []}]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Management Cockpit API",
            "version": "1",
            "description": "Joint indicators and crisis reports of the Ministry of Education. Reads are open; "
            "writes need a token from `cockpit token create`.",
        },
        "components": {"schemas": components, "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "paths": {
            "/api/v1/provinces": {
                "get": {"summary": "The 77 provinces", "responses": {"200": {"description": "list"}}}
            },
            "/api/v1/regions": {
                "get": {
                    "summary": "Regions of a scheme with their provinces",
                    "parameters": [_query("scheme", "moe18 (default) or geo6")],
                    "responses": {"200": {"description": "list"}},
                }
            },
            "/api/v1/indicators": {
                "get": {"summary": "Indicators with their XYZ links", "responses": {"200": {"description": "list"}}}
            },
            "/api/v1/version": {
                "get": {
                    "summary": "The data version, bumped by every write",
                    "responses": {"200": {"description": "object"}},
                }
            },
            "/api/v1/chain": {
                "get": {
                    "summary": "The XYZ chain with rolled-up status",
                    "parameters": [_query("fy", "fiscal year (BE)", kind="integer")],
                    "responses": {"200": {"description": "tree"}},
                }
            },
            "/api/v1/results": {
                "get": {
                    "summary": "Figures per area (ratio of sums), with target and status",
                    "parameters": [
                        _query("indicator", "indicator code", True),
                        _query("level", "nation, region or province"),
                        _query("fy", "fiscal year (BE); default the latest with data", kind="integer"),
                        _query("scheme", "region scheme"),
                        _query("format", "json (default) or csv"),
                    ],
                    "responses": {"200": {"description": "list or CSV"}, "422": ERRORS["422"]},
                },
                "post": {
                    "summary": "A batch of province results, written whole or not at all",
                    "security": secured,
                    "parameters": [IDEMPOTENCY],
                    "requestBody": _json_body("ResultBatch"),
                    "responses": {"200": {"description": "counts inserted / updated / unchanged"}, **ERRORS},
                },
            },
            "/api/v1/crises": {
                "get": {
                    "summary": "Crisis events with their log",
                    "parameters": [
                        _query("status", "comma-separated statuses"),
                        _query("province", "ISO code"),
                        _query("region", "region code"),
                    ],
                    "responses": {"200": {"description": "list"}},
                },
                "post": {
                    "summary": "Report a crisis",
                    "security": secured,
                    "parameters": [IDEMPOTENCY],
                    "requestBody": _json_body("CrisisReport"),
                    "responses": {"201": {"description": "created: {id, status}"}, **ERRORS},
                },
            },
            "/api/v1/crises/{id}": {
                "get": {
                    "summary": "One crisis with its log",
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                    "responses": {"200": {"description": "object"}, "404": {"description": "no such crisis"}},
                },
                "patch": {
                    "summary": "Change status, severity or impacts (lifecycle enforced)",
                    "security": secured,
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}},
                        IDEMPOTENCY,
                    ],
                    "requestBody": _json_body("CrisisUpdate"),
                    "responses": {
                        "200": {"description": "updated"},
                        "409": {"description": "status change not allowed"},
                        **ERRORS,
                    },
                },
            },
            "/api/v1/tokens": {
                "post": {
                    "summary": "Create a scoped token, returned once (national token)",
                    "security": secured,
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["name", "scope"],
                                    "properties": {"name": {"type": "string"}, "scope": {"type": "string"}},
                                }
                            }
                        },
                    },
                    "responses": {"201": {"description": "{name, scope, token}"}, **ERRORS},
                },
            },
            "/api/v1/deck": {
                "get": {"summary": "What the room's walls show now", "responses": {"200": {"description": "object"}}},
                "post": {
                    "summary": "Drive the room: {show: path|null, paused: bool} (national token)",
                    "security": secured,
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"show": {"type": ["string", "null"]}, "paused": {"type": "boolean"}},
                                }
                            }
                        },
                    },
                    "responses": {"200": {"description": "the new deck state"}, **ERRORS},
                },
            },
            "/api/v1/import": {
                "post": {
                    "summary": "Import a CSV or Excel file of results (all or nothing)",
                    "security": secured,
                    "parameters": [IDEMPOTENCY],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "multipart/form-data": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"file": {"type": "string", "format": "binary"}},
                                }
                            }
                        },
                    },
                    "responses": {"200": {"description": "report"}, **ERRORS},
                },
            },
        },
    }

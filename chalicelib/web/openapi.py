"""The API's OpenAPI 3.1 contract, generated from the route table and the pydantic models.

Nothing here is written by hand per route: every ``api`` route in ``routing.ROUTES`` becomes an
operation with its roles, how the caller authenticates, its parameters, its request body, its
success answer and the error answers its shape implies (``error_statuses``). Served as JSON at
``/api/openapi.json`` and as a plain page at ``/docs/api``; ``make test`` fuzzes the API against it.
"""

import re
from functools import lru_cache

from pydantic import BaseModel, ConfigDict
from pydantic.json_schema import models_json_schema

from ..domain.base import Base
from ..settings import get_settings
from .errors import ErrorOut
from .routing import STATE_CHANGING, Call, Page, RouteGroup, RouteSpec, api, declared_routes, page

contract = RouteGroup(__name__)

VERSION = "1"
COMPONENTS = "#/components/schemas/{model}"
_PATH_VARIABLE = re.compile(r"{(\w+)}")

ERROR_MEANINGS = {
    400: "The body is not a JSON object, or a required header is missing.",
    401: "Not signed in, or the session has ended (kiosks: the request's signature is missing or wrong).",
    403: "The caller's role may not use this route, or the write came from another site.",
    404: "There is no such resource, or it is not the caller's to see.",
    409: "A duplicate, or a change made meanwhile by someone else: reload and try again.",
    413: "The body is larger than the limit.",
    415: "The body is not sent as application/json.",
    422: "The input breaks a rule; `fields` says which fields and why.",
    503: "The card payment service did not answer as expected; nothing was charged or recorded. Try again later.",
}


class OpenApiDocument(Base):
    """An OpenAPI 3.1 document (its parts are described by the OpenAPI specification itself)."""

    model_config = ConfigDict(extra="allow")

    openapi: str
    info: dict
    paths: dict
    components: dict


def error_statuses(spec: RouteSpec) -> list[int]:
    """The error answers a route can give, from its declaration: its roles, methods, inputs and path."""
    statuses = set(spec.errors) | {415}  # Chalice refuses any Content-Type but JSON on an API route
    if spec.roles is not None:
        statuses.add(401)
        if spec.auth == "session":
            statuses.add(403)
    if spec.auth == "gateway_signature":
        statuses.add(400)  # a missing or wrong signature, or a stale timestamp
    if set(spec.methods) & STATE_CHANGING:
        statuses |= {403, 409, 422}
    if spec.body is not None:
        statuses |= {400, 413, 422}
    if spec.query is not None or spec.path_params is not None or spec.headers is not None:
        statuses.add(422)
    if spec.headers is not None and any(f.is_required() for f in spec.headers.model_fields.values()):
        statuses.add(400)
    if _PATH_VARIABLE.search(spec.path):
        statuses.add(404)
    return sorted(statuses)


def _roles_text(spec: RouteSpec) -> str:
    if spec.auth == "gateway_signature":
        return "The card gateway only (each event signed with the webhook's secret); no session."
    if spec.roles is None:
        return "Anyone, signed in or not."
    names = ", ".join(sorted(role.label.lower() for role in spec.roles))
    if spec.auth == "kiosk_signature":
        return f"Roles: {names} (each request signed)."
    return f"Roles: {names} (signed-in session)."


def _parameters(spec: RouteSpec, schemas: dict) -> list[dict]:
    parameters = []
    path_schema = schemas.get((spec.path_params, "validation"), {}) if spec.path_params else {}
    for name in _PATH_VARIABLE.findall(spec.path):
        schema = path_schema.get("properties", {}).get(name, {"type": "string"})
        parameters.append({"name": name, "in": "path", "required": True, "schema": schema})
    if spec.query is not None:
        query_schema = schemas[(spec.query, "validation")]
        required = set(query_schema.get("required", []))
        for name, schema in query_schema.get("properties", {}).items():
            schema = _query_value(schema)
            parameter = {"name": name, "in": "query", "required": name in required, "schema": schema}
            if "description" in schema:
                parameter["description"] = schema["description"]
            parameters.append(parameter)
    if spec.headers is not None:
        header_schema = schemas[(spec.headers, "validation")]
        required = set(header_schema.get("required", []))
        for name, schema in header_schema.get("properties", {}).items():
            schema = _query_value(schema)
            parameter = {"name": name, "in": "header", "required": name in required, "schema": schema}
            if "description" in schema:
                parameter["description"] = schema["description"]
            parameters.append(parameter)
    return parameters


def _query_value(schema: dict) -> dict:
    """A query string has no null: an optional parameter is one that may be left out."""
    schema = {k: v for k, v in schema.items() if k not in ("default", "title")}
    options = [option for option in schema.pop("anyOf", []) if option.get("type") != "null"]
    if len(options) == 1:
        schema |= options[0]
    elif options:
        schema["anyOf"] = options
    return schema


def _security(spec: RouteSpec) -> list[dict]:
    if spec.auth == "gateway_signature":
        return [{"gateway_signature": []}]
    if spec.roles is None:
        return []
    return [{"kiosk_signature": []}] if spec.auth == "kiosk_signature" else [{"session": []}]


def _inline(model: type[BaseModel], defs: dict) -> dict:
    """A model's own schema (for its properties), with references still pointing at components."""
    return defs[model.__name__] if model.__name__ in defs else model.model_json_schema(ref_template=COMPONENTS)


def build(routes: list[RouteSpec]) -> dict:
    operations = [spec for spec in routes if spec.kind == "api"]
    wanted: list[tuple[type[BaseModel], str]] = [(ErrorOut, "serialization")]
    for spec in operations:
        wanted.append((spec.returns, "serialization"))
        wanted += [(model, "validation") for model in (spec.body, spec.query, spec.path_params, spec.headers) if model]
    wanted = list(dict.fromkeys(wanted))
    refs, top = models_json_schema(wanted, ref_template=COMPONENTS)
    defs = top.get("$defs", {})
    parameters = {model for spec in operations for model in (spec.query, spec.path_params, spec.headers)}
    inputs = {key: _inline(key[0], defs) for key in wanted if key[1] == "validation" and key[0] in parameters}
    paths: dict[str, dict] = {}
    for spec in operations:
        for method in spec.methods:
            operation = {
                "operationId": spec.name if len(spec.methods) == 1 else f"{spec.name}_{method.lower()}",
                "summary": spec.summary or spec.name.replace("_", " ").capitalize(),
                "description": _roles_text(spec),
                "x-roles": sorted(role.value for role in spec.roles) if spec.roles is not None else [],
                "security": _security(spec),
                "parameters": _parameters(spec, inputs),
                "responses": {
                    str(spec.status): {
                        "description": "Created." if spec.status == 201 else "OK.",
                        "content": {"application/json": {"schema": refs[(spec.returns, "serialization")]}},
                    },
                    **{
                        str(status): {
                            "description": ERROR_MEANINGS[status],
                            "content": {"application/json": {"schema": refs[(ErrorOut, "serialization")]}},
                        }
                        for status in error_statuses(spec)
                    },
                },
            }
            if spec.body is not None:
                operation["requestBody"] = {
                    "required": True,
                    "content": {"application/json": {"schema": refs[(spec.body, "validation")]}},
                }
            paths.setdefault(spec.path, {})[method.lower()] = operation
    cookie = "__Host-icms_session" if get_settings().session_cookie_secure else "icms_session"
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "ICMS API",
            "version": VERSION,
            "description": (
                "The JSON API of the Integrated Case Management System of the State Courts and Youth Courts. "
                "Bodies are JSON objects with exactly the documented fields and types (no numbers as strings, "
                "times in ISO 8601 with their UTC offset). Every refusal is an `ErrorOut`. Lists answer a page "
                "at a time with cursors to the next and previous pages. An unexpected failure answers 500 "
                "with an `ErrorOut` whose `error` is `internal`."
            ),
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": defs,
            "securitySchemes": {
                "session": {
                    "type": "apiKey", "in": "cookie", "name": cookie,
                    "description": "The session a sign-in with Singpass or Corppass (or the registry's sign-in) "
                                   "starts. Writes from a browser must come from the portal's own origin.",
                },
                "kiosk_signature": {
                    "type": "apiKey", "in": "header", "name": "X-ICMS-Signature",
                    "description": "Payment kiosks sign each request: base64url (unpadded) HMAC-SHA256, with the "
                                   "kiosk's secret, over the lines `ICMS-HMAC-SHA256`, the method, the path, the "
                                   "sorted urlencoded query, X-ICMS-Timestamp (Unix seconds), X-ICMS-Nonce and the "
                                   "hex SHA-256 of the body; sent with X-ICMS-Kiosk, X-ICMS-Timestamp and "
                                   "X-ICMS-Nonce. A nonce counts once; the timestamp must be within five minutes "
                                   "of the court's clock.",
                },
                "gateway_signature": {
                    "type": "apiKey", "in": "header", "name": "Stripe-Signature",
                    "description": "The card gateway signs each webhook event: `t=<Unix seconds>,v1=<hex "
                                   "HMAC-SHA256 with the webhook's signing secret over `t`, a dot and the exact "
                                   "body>`. A wrong signature, or a timestamp more than five minutes from the "
                                   "court's clock, is refused with 400 before anything is read; an event id "
                                   "already processed, with 409.",
                },
            },
        },
    }


def type_name(schema: dict) -> str:
    """A schema as a reader says it: ``CaseOut``, ``list of EventOut``, ``string (date-time) or null``."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(type_name(option) for option in schema["anyOf"])
    if "enum" in schema:
        return "one of " + ", ".join(f"{value}" for value in schema["enum"])
    kind = schema.get("type", "any")
    if kind == "array":
        return "list of " + type_name(schema.get("items", {}))
    if "format" in schema:
        return f"{kind} ({schema['format']})"
    if "pattern" in schema:
        return f"{kind} matching {schema['pattern']}"
    return kind


def readable(document: dict) -> dict:
    """The contract arranged for the docs page: operations in path order, then every schema."""
    operations = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            operations.append({
                "id": operation["operationId"], "method": method.upper(), "path": path,
                "summary": operation["summary"], "who": operation["description"],
                "parameters": [(p["name"], p["in"], p["required"], type_name(p["schema"]), p.get("description", ""))
                               for p in operation["parameters"]],
                "body": type_name(body) if body else None,
                "responses": [(status, answer["description"],
                               type_name(answer["content"]["application/json"]["schema"]))
                              for status, answer in operation["responses"].items()],
            })
    schemas = []
    for name, schema in sorted(document["components"]["schemas"].items()):
        required = set(schema.get("required", []))
        schemas.append({
            "name": name, "description": schema.get("description", ""),
            "fields": [(field, type_name(spec), field in required, spec.get("description", ""))
                       for field, spec in schema.get("properties", {}).items()],
            "values": schema.get("enum"),
        })
    return {"info": document["info"], "operations": operations, "schemas": schemas}


@lru_cache(maxsize=1)
def document() -> dict:
    """Built once per process, at the first request for it, from every route."""
    return build(declared_routes())


@api(contract, "/api/openapi.json", roles=None, returns=OpenApiDocument)
def openapi_json(call: Call):
    """This API's OpenAPI 3.1 contract."""
    return OpenApiDocument(**document())


@page(contract, "/docs/api", roles=None)
def api_docs(call: Call):
    """The contract as a page to read."""
    return Page("pages/api_docs.html", readable(document()))

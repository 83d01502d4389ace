"""The one place where failures become HTTP responses: JSON for the API, a page for browsers."""

from __future__ import annotations

import json

from chalice import Response
from pydantic import ValidationError

from ..domain.errors import (
    Conflict,
    DomainError,
    Forbidden,
    NotAuthenticated,
    NotFound,
    RuleViolation,
)
from ..logs import logger
from ..render import render


class BadRequest(DomainError):
    """The request itself is malformed (not JSON, not a form, too large)."""

    code = "bad_request"

    def __init__(self, message: str, *, status: int = 400, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.status = status


STATUS_FOR = {
    NotAuthenticated: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    RuleViolation: 422,
}

JSON_HEADERS = {"Content-Type": "application/json"}
HTML_HEADERS = {"Content-Type": "text/html; charset=utf-8"}


def _status_of(error: DomainError) -> int:
    return next((status for kind, status in STATUS_FOR.items() if isinstance(error, kind)), 400)


def field_errors(error: ValidationError) -> list[dict[str, str]]:
    """pydantic's errors as ``{"field": "charges.0.charge_no", "message": "..."}``."""
    problems = []
    for item in error.errors(include_url=False):
        field = ".".join(str(part) for part in item["loc"]) or "body"
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = "is not a field this request accepts"
        elif item["type"] == "missing":
            message = "is required"
        problems.append({"field": field, "message": message})
    return problems


def describe(error: Exception) -> tuple[int, dict]:
    """Status and JSON body for an error the application raised on purpose."""
    if isinstance(error, ValidationError):
        fields = field_errors(error)
        summary = "; ".join(f"{f['field']}: {f['message']}" for f in fields)
        return 422, {"error": "validation_failed", "message": summary, "fields": fields}
    assert isinstance(error, DomainError)
    status = error.status if isinstance(error, BadRequest) else _status_of(error)
    body = {"error": error.code, "message": error.message}
    if error.field:
        body["fields"] = [{"field": error.field, "message": error.message}]
    return status, body


def api_error(error: Exception) -> Response:
    status, body = describe(error)
    logger.info("request refused", extra={"status": status, "error": body["error"]})
    return Response(body=json.dumps(body), status_code=status, headers=JSON_HEADERS)


def page_error(error: Exception, principal=None, csrf_token: str | None = None) -> Response:
    status, body = describe(error)
    logger.info("page refused", extra={"status": status, "error": body["error"]})
    html = render("pages/error.html", status=status, message=body["message"],
                  fields=body.get("fields", []), principal=principal, csrf_token=csrf_token)
    return Response(body=html, status_code=status, headers=HTML_HEADERS)


def unexpected(kind: str) -> Response:
    """A bug or an outage: log it with its trace, show nothing internal."""
    logger.exception("unhandled error")
    message = "Something went wrong on our side. Please try again in a few minutes."
    if kind == "api":
        return Response(body=json.dumps({"error": "internal", "message": message}), status_code=500, headers=JSON_HEADERS)
    html = render("pages/error.html", status=500, message=message, fields=[], principal=None, csrf_token=None)
    return Response(body=html, status_code=500, headers=HTML_HEADERS)

"""The one place where failures become HTTP responses: JSON for the API, a page for browsers."""

import json

from chalice import Response
from pydantic import Field, ValidationError

from ..domain.base import Base
from ..domain.errors import (
    Conflict,
    DomainError,
    Forbidden,
    NotAuthenticated,
    NotFound,
    RuleViolation,
    Unavailable,
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
    Unavailable: 503,
}

JSON_HEADERS = {"Content-Type": "application/json"}
HTML_HEADERS = {"Content-Type": "text/html; charset=utf-8"}


class FieldProblem(Base):
    field: str = Field(description="where the problem is, e.g. `charges.0.charge_no`, or `body`")
    message: str


class ErrorOut(Base):
    """Every refusal the API answers, whatever its status."""

    error: str = Field(description="machine-readable: validation_failed, bad_request, not_authenticated, "
                                   "forbidden, not_found, conflict, rule_violation, method_not_allowed, "
                                   "unsupported_media_type, unavailable, gateway_unavailable, internal")
    message: str = Field(description="what is wrong and what to do, for people")
    fields: list[FieldProblem] | None = Field(None, description="the fields at fault, when there are any")


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


# --- how pages word a refusal ----------------------------------------------------------------------
# The API names fields as the JSON does (``case_no``); a page names them in words a person reads in
# a sentence, with an example of what is wanted, and says what to do next.

FIELD_WORDS = {
    "case_no": "case number",
    "charge_no": "charge number",
    "day": "day",
    "nric": "NRIC/FIN",
    "name": "full name",
    "email": "email address",
    "mobile": "mobile number",
    "role": "role",
    "uen": "UEN",
    "starts_at": "date and time",
    "csrf_token": "form",
    "cursor": "page link",
}
FIELD_EXAMPLES = {
    "case_no": "as it is on the charge sheet, for example DAC-912345-2026",
    "charge_no": "as it is on the charge sheet, for example DAC-912345-2026",
    "day": "as a date, for example 2026-12-01",
    "nric": "as it is on the NRIC or FIN card, for example S1234567D",
    "email": "for example name@lawfirm.com.sg",
    "mobile": "for example +65 9123 4567",
    "uen": "for example 201912345K",
}


def field_words(field: str, words: dict[str, str] | None = None) -> str:
    last = field.rsplit(".", 1)[-1]
    return {**FIELD_WORDS, **(words or {})}.get(last, last.replace("_", " "))


def as_sentence(text: str) -> str:
    """A domain message ("there is no case X that you can view") as a sentence on a page."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def _field_sentence(field: str, kind: str, message: str, context: dict, words: dict[str, str] | None) -> str:
    the = "the " + field_words(field, words)
    example = FIELD_EXAMPLES.get(field.rsplit(".", 1)[-1])
    type_it = f" Type it {example}." if example else ""
    if kind == "missing" or (kind == "string_too_short" and context.get("min_length", 1) <= 1):
        return f"Enter {the}.{type_it}"
    if kind == "string_too_long":
        return as_sentence(f"{the} is too long: shorten it to {context.get('max_length')} characters or fewer")
    if kind in ("enum", "literal_error"):
        return as_sentence(f"choose {the} from the options offered")
    if kind == "extra_forbidden":
        return as_sentence(f"{the} is not part of this form; reload the page and try again")
    message = message.removeprefix("value ")  # pydantic's email check: "value is not a valid email address: ..."
    if message.startswith(("is ", "must ", "has ", "cannot ")):  # the domain's validators word a predicate
        return as_sentence(f"{the} {message}") + type_it
    if kind == "string_pattern_mismatch" or kind.endswith(("_parsing", "_type")):
        return as_sentence(f"{the} is not in a form ICMS can read") + (type_it or " Check it and try again.")
    return as_sentence(message)


def page_problems(error: Exception, words: dict[str, str] | None = None) -> list[dict[str, str]]:
    """Each problem as ``{"field", "label", "message"}``: the label in words (capitalised) and
    the message a whole sentence that names the field and says what to do. ``words`` names a
    form's own fields where the general names would not say which field is meant."""
    if isinstance(error, ValidationError):
        problems = []
        for item in error.errors(include_url=False):
            field = ".".join(str(part) for part in item["loc"]) or "form"
            message = item["msg"].removeprefix("Value error, ")
            problems.append({"field": field, "label": as_sentence(field_words(field, words)).rstrip("."),
                             "message": _field_sentence(field, item["type"], message, item.get("ctx") or {}, words)})
        return problems
    if isinstance(error, DomainError) and error.field:
        return [{"field": error.field, "label": as_sentence(field_words(error.field, words)).rstrip("."),
                 "message": as_sentence(error.message)}]
    return []


def page_error(error: Exception, principal=None, csrf_token: str | None = None, *,
               inbox_unread: int | None = None) -> Response:
    status, body = describe(error)
    logger.info("page refused", extra={"status": status, "error": body["error"]})
    problems = page_problems(error)
    if isinstance(error, ValidationError):
        message = "Some of what was sent could not be used." if len(problems) > 1 else problems[0]["message"]
    else:
        message = as_sentence(body["message"])
    html = render("pages/error.html", status=status, message=message,
                  fields=problems if len(problems) > 1 else [], principal=principal, csrf_token=csrf_token,
                  inbox_unread=inbox_unread)
    return Response(body=html, status_code=status, headers=HTML_HEADERS)


def unexpected(kind: str) -> Response:
    """A bug or an outage: log it with its trace, show nothing internal."""
    logger.exception("unhandled error")
    message = "Something went wrong on our side. Please try again in a few minutes."
    if kind == "api":
        return Response(body=json.dumps({"error": "internal", "message": message}), status_code=500, headers=JSON_HEADERS)
    html = render("pages/error.html", status=500, message=message, fields=[], principal=None, csrf_token=None)
    return Response(body=html, status_code=500, headers=HTML_HEADERS)


# Chalice answers some requests itself, as ``{"Code": ..., "Message": ...}``: a method the route does
# not take, a Content-Type it does not read, an unhandled error. They get the portal's own shape.
_FRAMEWORK_CODES = {
    "MethodNotAllowedError": "method_not_allowed",
    "UnsupportedMediaType": "unsupported_media_type",
    "BadRequestError": "bad_request",
    "BadRequest": "bad_request",
    "InternalServerError": "internal",
}
_FRAMEWORK_MESSAGES = {
    "method_not_allowed": "this address does not take {method} requests",
    "unsupported_media_type": "send the request body as application/json",
}


def framework_errors(request, get_response):
    """Middleware: Chalice's own error answers, rewritten as the portal's (JSON under /api/, a page
    otherwise), with their status and headers (e.g. ``Allow``) kept."""
    response = get_response(request)
    body = response.body
    if response.status_code < 400 or not isinstance(body, dict) or set(body) != {"Code", "Message"}:
        return response
    code = _FRAMEWORK_CODES.get(body["Code"], "bad_request" if response.status_code < 500 else "internal")
    message = _FRAMEWORK_MESSAGES.get(code, body["Message"]).format(method=getattr(request, "method", ""))
    if response.status_code >= 500:
        message = "Something went wrong on our side. Please try again in a few minutes."
    path = getattr(request, "path", "") or ""
    headers = {k: v for k, v in response.headers.items() if k.lower() != "content-type"}
    if path == "/api" or path.startswith("/api/"):
        return Response(body=json.dumps({"error": code, "message": message}), status_code=response.status_code,
                        headers=headers | JSON_HEADERS)
    html = render("pages/error.html", status=response.status_code, message=message, fields=[], principal=None,
                  csrf_token=None)
    return Response(body=html, status_code=response.status_code, headers=headers | HTML_HEADERS)

"""Domain errors. Each maps to one HTTP status in ``chalicelib.web.errors``; nothing else does."""

from __future__ import annotations


class DomainError(Exception):
    """A rule refused the request. ``message`` is shown to the user, so it must say what to do."""

    code = "domain_error"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(DomainError):
    code = "not_found"


class HiddenFromCaller(NotFound):
    """It exists, but the caller may not see it. Answered exactly like ``NotFound`` so that
    existence does not leak; recorded in the audit log as an access denial."""


class Conflict(DomainError):
    code = "conflict"


class Forbidden(DomainError):
    code = "forbidden"


class NotAuthenticated(DomainError):
    code = "not_authenticated"


class RuleViolation(DomainError):
    """Well-formed input that a court rule does not allow (e.g. a Night Court hearing at 9am)."""

    code = "rule_violation"


class Unavailable(DomainError):
    """A service ICMS relies on (the card gateway) did not answer as expected; nothing was done, and
    the same request may succeed later."""

    code = "unavailable"
